"""Pooling cases: MaxPoolingND, AveragePoolingND, Global{Max,Average}PoolingND (and aliases)."""

import paramlint.analyzer.layers.pooling  # noqa: F401  (registers the specs until __init__ does)

CASES = [
    # -- MaxPoolingND ---------------------------------------------------------------------------
    ("MaxPooling1D()", (None, 10, 4)),
    ("MaxPooling1D()", (None, 11, 4)),
    ("MaxPooling1D(3)", (None, 10, 4)),
    ("MaxPooling1D(3, strides=1)", (None, 10, 4)),
    ("MaxPooling1D(2, padding='same')", (None, 11, 4)),
    ("MaxPooling1D(3, 2, 'valid', 'channels_first')", (None, 4, 11)),
    ("MaxPool1D(pool_size=4)", (None, None, 4)),
    ("MaxPooling1D(1)", (None, 1, 4)),
    ("MaxPooling1D(3, padding='same')", (None, 1, 4)),
    ("MaxPooling1D(2)", (None, 10, None)),
    ("MaxPooling2D()", (None, 28, 28, 3)),
    ("MaxPooling2D()", (None, 27, 29, 3)),
    ("MaxPooling2D((2, 3), strides=(1, 2))", (None, 9, 10, 3)),
    ("MaxPooling2D(3, strides=2, padding='same')", (None, 15, 16, 3)),
    ("MaxPooling2D(data_format='channels_first')", (None, 3, 9, 9)),
    ("MaxPool2D()", (None, None, 8, 3)),
    ("MaxPooling2D(pool_size=(1, 1))", (2, 1, 1, 3)),
    ("MaxPooling3D()", (None, 8, 9, 10, 2)),
    ("MaxPool3D((1, 2, 3), padding='same', data_format='channels_first')", (None, 2, 5, 5, 5)),
    ("MaxPooling3D(3, strides=(1, 2, 3))", (None, 7, 7, 7, 1)),
    # -- AveragePoolingND -----------------------------------------------------------------------
    ("AveragePooling1D(2)", (None, 9, 4)),
    ("AvgPool1D(3, strides=2, padding='same')", (None, 9, 4)),
    ("AveragePooling2D(3, strides=1)", (None, 7, 8, 3)),
    ("AvgPool2D((2, 2), padding='same')", (None, 7, 7, 3)),
    ("AveragePooling2D(2, data_format='channels_first')", (None, 3, None, 7)),
    ("AveragePooling3D(2, data_format='channels_first')", (None, 2, 5, 6, 7)),
    ("AvgPool3D((2, 1, 2), strides=2)", (None, 5, 5, 5, 2)),
    # -- Global pooling -------------------------------------------------------------------------
    ("GlobalMaxPooling1D()", (None, 10, 4)),
    ("GlobalMaxPooling1D(keepdims=True)", (None, None, 4)),
    ("GlobalMaxPool1D(data_format='channels_first')", (None, 4, 10)),
    ("GlobalAveragePooling1D()", (None, 10, 4)),
    ("GlobalAvgPool1D(keepdims=True, data_format='channels_first')", (None, 4, None)),
    ("GlobalMaxPooling2D()", (None, 7, 7, 32)),
    ("GlobalMaxPool2D(keepdims=True)", (None, None, None, 3)),
    ("GlobalAveragePooling2D(data_format='channels_first')", (None, 32, 7, 7)),
    ("GlobalAvgPool2D(keepdims=True, data_format='channels_first')", (None, 32, 7, 7)),
    ("GlobalAveragePooling2D()", (None, 1, 1, 5)),
    ("GlobalMaxPooling3D()", (None, 4, 4, 4, 8)),
    ("GlobalMaxPool3D(keepdims=True, data_format='channels_first')", (None, 8, 4, 4, 4)),
    ("GlobalAveragePooling3D(keepdims=True)", (None, 4, None, 4, 8)),
    ("GlobalAvgPool3D()", (None, 4, 4, 4, 8)),
    # -- Keras rejects these ----------------------------------------------------------------------
    ("MaxPooling2D(3)", (None, 2, 8, 3)),  # window bigger than the input, valid padding
    ("MaxPooling1D()", (None, 1, 4)),
    ("AveragePooling3D(3)", (None, 2, 5, 5, 1)),
    ("MaxPooling2D()", (None, 8, 3)),  # exact ndim
    ("MaxPooling1D()", (None, 8, 3, 3)),
    ("MaxPooling2D((2, 2, 2))", (None, 8, 8, 3)),
    ("MaxPooling2D(0)", (None, 8, 8, 3)),
    ("MaxPooling2D(2, padding='full')", (None, 8, 8, 3)),
    ("MaxPooling2D(2, padding='SAME')", (None, 8, 8, 3)),  # pooling does not lower-case padding
    ("MaxPooling2D(data_format='nhwc')", (None, 8, 8, 3)),
    ("GlobalMaxPooling2D()", (None, 4, 4, 3, 3)),
    ("GlobalAveragePooling1D()", (None, 4)),
    ("GlobalAveragePooling3D(data_format='channels_middle')", (None, 4, 4, 4, 3)),
]
