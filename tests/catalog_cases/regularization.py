"""Regularization layers: Dropout variants, GaussianNoise, ActivityRegularization."""

import paramlint.analyzer.layers.regularization  # noqa: F401  (registers the specs until __init__ does)

CASES = [
    # Dropout
    ("Dropout(0.5)", (None, 3)),
    ("Dropout(0.0)", (None, 4, 5, 3)),
    ("Dropout(1.0)", (None, None, 3)),
    ("Dropout(rate=0.2, seed=1)", (7, 3)),
    ("Dropout(0.5, noise_shape=(None, 1))", (None, 3)),
    ("Dropout(0.5, noise_shape=[None, 1, 5])", (None, 4, 5)),
    ("Dropout(0.5, trainable=False)", (None, 3)),
    ("Dropout(0.1, dtype='float16')", (None, 3)),
    ("Dropout(0.5)", (None,)),
    ("Dropout(1.5)", (None, 3)),  # Keras rejects: rate
    ("Dropout(-0.1)", (None, 3)),  # Keras rejects: rate
    ("Dropout('a')", (None, 3)),  # Keras rejects: not a number
    ("Dropout(None)", (None, 3)),  # Keras rejects
    ("Dropout(0.5, noise_shape=(None, 0))", (None, 3)),  # Keras rejects
    ("Dropout(0.5, noise_shape='ab')", (None, 3)),  # Keras rejects
    ("Dropout(0.5, noise_shape=5)", (None, 3)),  # Keras rejects
    ("Dropout(0.5, noise_shape=(1.5,))", (None, 3)),  # Keras rejects
    ("Dropout(0.5, bogus=1)", (None, 3)),  # Keras rejects: unknown keyword
    # SpatialDropout1D/2D/3D
    ("SpatialDropout1D(0.5)", (None, 4, 3)),
    ("SpatialDropout1D(0.3, seed=2, name='sd')", (None, None, 3)),
    ("SpatialDropout2D(0.5)", (None, 4, 5, 3)),
    ("SpatialDropout2D(0.5, data_format='channels_first')", (None, 3, 4, 5)),
    ("SpatialDropout2D(0.2, dtype='float16')", (None, 4, 5, 3)),
    ("SpatialDropout3D(0.5)", (None, 4, 5, 6, 3)),
    ("SpatialDropout3D(0.5, 'channels_first')", (None, 3, 4, 5, 6)),
    ("SpatialDropout1D(0.5)", (None, 4, 5, 3)),  # Keras rejects: rank
    ("SpatialDropout1D(0.5)", (None, 4)),  # Keras rejects: rank
    ("SpatialDropout2D(0.5)", (None, 4, 3)),  # Keras rejects: rank
    ("SpatialDropout2D(0.5)", (None, 4, 5, 6, 3)),  # Keras rejects: rank
    ("SpatialDropout3D(0.5)", (None, 4, 5, 3)),  # Keras rejects: rank
    ("SpatialDropout2D(0.5, data_format='bogus')", (None, 4, 5, 3)),  # Keras rejects
    ("SpatialDropout3D(1.5)", (None, 4, 5, 6, 3)),  # Keras rejects: rate
    # GaussianNoise, GaussianDropout, AlphaDropout
    ("GaussianNoise(0.1)", (None, 3)),
    ("GaussianNoise(stddev=0.0, seed=3)", (None, 4, 5, 3)),
    ("GaussianNoise(2)", (None, 3)),  # Keras rejects
    ("GaussianNoise(-0.1)", (None, 3)),  # Keras rejects
    ("GaussianDropout(0.3)", (None, None, 8)),
    ("GaussianDropout(1.1)", (None, 3)),  # Keras rejects
    ("AlphaDropout(0.5)", (None, 3)),
    ("AlphaDropout(0.5, noise_shape='ab')", (None, 3)),  # AlphaDropout does not validate it
    ("AlphaDropout(0.1, noise_shape=(None, 1), seed=5)", (None, 6, 3)),
    ("AlphaDropout(2)", (None, 3)),  # Keras rejects
    # ActivityRegularization
    ("ActivityRegularization()", (None, 3)),
    ("ActivityRegularization(l1=0.01, l2=0.001)", (None, 4, 5)),
    ("ActivityRegularization(l1=None, l2=0.1)", (None, 3)),
    ("ActivityRegularization(l1=-1)", (None, 3)),  # Keras rejects
    ("ActivityRegularization(l2='a')", (None, 3)),  # Keras rejects
    ("ActivityRegularization(l1=float('inf'))", (None, 3)),  # Keras rejects
    ("ActivityRegularization(activity_regularizer='l2')", (None, 3)),  # Keras rejects
]
