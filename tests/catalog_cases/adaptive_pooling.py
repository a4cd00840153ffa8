"""Parity cases for the adaptive pooling layers."""

CASES = [
    ("AdaptiveAveragePooling2D(7)", (None, 32, 32, 3)),
    ("AdaptiveAveragePooling2D((4, 2))", (None, 9, 11, 8)),
    ("AdaptiveAveragePooling2D([1, 1], data_format='channels_first')", (None, 8, 9, 11)),
    ("AdaptiveMaxPooling2D(output_size=3, name='pool')", (None, None, None, 16)),
    ("AdaptiveAveragePooling1D(5)", (None, 20, 4)),
    ("AdaptiveMaxPooling1D((5,), data_format='channels_first')", (None, 4, 20)),
    ("AdaptiveAveragePooling3D(2)", (None, 8, 8, 8, 1)),
    ("AdaptiveMaxPooling3D((2, 3, 4))", (None, 8, 8, 8, 2)),
    ("AdaptiveMaxPooling2D(2, dtype='float16', trainable=False)", (None, 8, 8, 2)),
    # Keras rejects these.
    ("AdaptiveAveragePooling2D((4, 2, 1))", (None, 9, 11, 8)),
    ("AdaptiveMaxPooling1D((5, 5))", (None, 20, 4)),
    ("AdaptiveAveragePooling3D('big')", (None, 8, 8, 8, 1)),
    ("AdaptiveAveragePooling2D(2, data_format='channels_middle')", (None, 8, 8, 2)),
    ("AdaptiveAveragePooling2D(2, data_format='Channels_Last')", (None, 8, 8, 2)),
    ("AdaptiveMaxPooling2D(2, foo=1)", (None, 8, 8, 2)),
]
