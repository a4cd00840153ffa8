"""Parity cases for SpectralNormalization, Pipeline and ReversibleEmbedding."""

CASES = [
    ("SpectralNormalization(Dense(8))", (None, 4)),
    ("SpectralNormalization(Conv2D(16, 3), power_iterations=2)", (None, 8, 8, 3)),
    ("SpectralNormalization(Conv2DTranspose(4, 3, strides=2))", (None, 8, 8, 3)),
    ("SpectralNormalization(Embedding(100, 8))", (None, 5)),
    ("SpectralNormalization(Dense(8, dtype='float64'))", (None, 4)),
    ("SpectralNormalization(Dense(8, trainable=False))", (None, 4)),
    ("SpectralNormalization(Dense(8), trainable=False, name='sn')", (None, 4)),
    ("SpectralNormalization(EinsumDense('ab,bc->ac', 6, bias_axes='c'))", (None, 4)),
    ("SpectralNormalization(DepthwiseConv2D(3))", (None, 8, 8, 3)),
    ("TimeDistributed(SpectralNormalization(Dense(3)))", (None, 5, 4)),
    ("SpectralNormalization(Dense(8))", (None, 4, None)),  # rejected: undefined last axis
    ("SpectralNormalization(BatchNormalization())", (None, 4)),  # rejected: no kernel
    ("SpectralNormalization(LSTM(4))", (None, 5, 3)),  # rejected: the kernel is the cell's
    ("SpectralNormalization(SeparableConv2D(4, 3))", (None, 8, 8, 3)),  # rejected
    ("SpectralNormalization(Dense(8), power_iterations=0)", (None, 4)),  # rejected
    ("SpectralNormalization('dense')", (None, 4)),  # rejected
    ("Pipeline([RandomFlip(), RandomRotation(0.1)])", (None, 16, 16, 3)),
    ("Pipeline([Resizing(8, 8), Rescaling(1 / 255)], name='prep')", (None, 32, 32, 3)),
    ("Pipeline([CenterCrop(8, 6), RandomBrightness(0.2)])", (None, 32, 32, 3)),
    ("Pipeline([Dense(4), Dense(2)])", (None, 3)),
    ("ReversibleEmbedding(100, 16)", (None, 5)),
    ("ReversibleEmbedding(100, 16, tie_weights=False)", (None, 5)),
    ("ReversibleEmbedding(100, 16, tie_weights=False, mask_zero=True, dtype='float16')", (None, 5)),
    ("ReversibleEmbedding(input_dim=50, output_dim=4, logit_soft_cap=30.0)", (None, None)),
    ("ReversibleEmbedding(100, 16, lora_rank=2)", (None, 5)),
    ("ReversibleEmbedding(0, 16)", (None, 5)),  # rejected
]
