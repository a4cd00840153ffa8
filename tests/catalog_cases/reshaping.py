"""Reshaping layers: Flatten, Reshape, Permute, RepeatVector, ZeroPadding, Cropping, UpSampling."""

import paramlint.analyzer.layers.reshaping  # noqa: F401  (registers the specs until __init__ does)

CASES = [
    # Flatten
    ("Flatten()", (None, 3, 4)),
    ("Flatten()", (None, 7)),
    ("Flatten()", (None,)),
    ("Flatten()", (None, None, 4)),
    ("Flatten()", (2, 3, 4, 5)),
    ("Flatten(data_format='channels_first')", (None, 3, 4, 5)),
    ("Flatten(data_format='bogus')", (None, 3, 4)),  # Keras rejects
    # Reshape
    ("Reshape((3, 4))", (None, 12)),
    ("Reshape([3, 4])", (None, 12)),
    ("Reshape((-1, 2, 2))", (None, 12)),
    ("Reshape((-1,))", (None, 3, 4)),
    ("Reshape((2, -1))", (None, 3, 4)),
    ("Reshape((5, -1))", (None, None)),
    ("Reshape((5, 3))", (None, None)),
    ("Reshape((None, 4))", (None, 12)),
    ("Reshape((2.0, 6))", (None, 12)),
    ("Reshape(target_shape=(0,))", (None, 0, 3)),
    ("Reshape(())", (None, 1)),
    ("Reshape((6, 2), name='r')", (4, 3, 4)),
    ("Reshape((5, 3))", (None, 12)),  # Keras rejects: size mismatch
    ("Reshape((5, -1))", (None, 12)),  # Keras rejects: 12 is not a multiple of 5
    ("Reshape((0, -1))", (None, 12)),  # Keras rejects: zero known size
    ("Reshape((0, 4))", (None, 12)),  # Keras rejects
    ("Reshape(())", (None, 2)),  # Keras rejects
    ("Reshape((-1, -1))", (None, 12)),  # Keras rejects: two -1
    ("Reshape((-2, 6))", (None, 12)),  # Keras rejects: negative size
    ("Reshape(12)", (None, 12)),  # Keras rejects: not iterable
    # Permute
    ("Permute((2, 1))", (None, 3, 4)),
    ("Permute((3, 1, 2))", (None, 3, None, 5)),
    ("Permute([1])", (None, 3)),
    ("Permute(dims=(1, 2))", (None, 3, 4)),
    ("Permute((1, 3, 2))", (None, 3, 4)),  # Keras rejects: rank
    ("Permute((0, 1))", (None, 3, 4)),  # Keras rejects: not from 1
    ("Permute((1, 1))", (None, 3, 4)),  # Keras rejects: repeated
    # RepeatVector
    ("RepeatVector(3)", (None, 4)),
    ("RepeatVector(n=1)", (None, None)),
    ("RepeatVector(3)", (None, 4, 5)),  # Keras rejects: rank
    ("RepeatVector(0)", (None, 4)),  # Keras rejects
    ("RepeatVector(2.0)", (None, 4)),  # Keras rejects: not an int
    # ZeroPadding1D
    ("ZeroPadding1D()", (None, 4, 3)),
    ("ZeroPadding1D((1, 2))", (None, None, 3)),
    ("ZeroPadding1D(0)", (None, 4, 3)),
    ("ZeroPadding1D(padding=(0, 3))", (None, 4, 3)),
    ("ZeroPadding1D(2, data_format='channels_first')", (None, 4, 3)),
    ("ZeroPadding1D(-1)", (None, 4, 3)),  # Keras rejects
    ("ZeroPadding1D((1, 2, 3))", (None, 4, 3)),  # Keras rejects
    ("ZeroPadding1D()", (None, 4)),  # Keras rejects: rank
    # ZeroPadding2D
    ("ZeroPadding2D()", (None, 4, 5, 3)),
    ("ZeroPadding2D(2)", (None, 4, 5, 3)),
    ("ZeroPadding2D((1, 2))", (None, 4, 5, 3)),
    ("ZeroPadding2D(((1, 2), (3, 4)))", (None, 4, 5, 3)),
    ("ZeroPadding2D(((1, 2), 3))", (None, None, 5, 3)),
    ("ZeroPadding2D(((1, 2), (3, 4)), data_format='channels_first')", (None, 3, 4, 5)),
    ("ZeroPadding2D(-1)", (None, 4, 5, 3)),  # Keras accepts a negative bare int
    ("ZeroPadding2D(-3)", (None, 4, 5, 3)),  # ... and then rejects the negative size
    ("ZeroPadding2D((1, 2, 3))", (None, 4, 5, 3)),  # Keras rejects
    ("ZeroPadding2D(((1, -2), 3))", (None, 4, 5, 3)),  # Keras rejects
    ("ZeroPadding2D(1.5)", (None, 4, 5, 3)),  # Keras rejects
    ("ZeroPadding2D('a')", (None, 4, 5, 3)),  # Keras rejects
    ("ZeroPadding2D()", (None, 4, 5)),  # Keras rejects: rank
    # ZeroPadding3D
    ("ZeroPadding3D()", (None, 4, 5, 6, 3)),
    ("ZeroPadding3D(2)", (None, 4, 5, 6, 3)),
    ("ZeroPadding3D((1, 2, 3))", (None, 4, None, 6, 3)),
    (
        "ZeroPadding3D(((1, 2), (3, 4), (0, 1)), data_format='channels_first')",
        (None, 3, 4, 5, 6),
    ),
    ("ZeroPadding3D((1, 2))", (None, 4, 5, 6, 3)),  # Keras rejects
    ("ZeroPadding3D()", (None, 4, 5, 3)),  # Keras rejects: rank
    # Cropping1D
    ("Cropping1D()", (None, 4, 3)),
    ("Cropping1D((0, 2))", (None, 4, 3)),
    ("Cropping1D(3)", (None, None, 3)),
    ("Cropping1D(cropping=1)", (None, 3, 3)),
    ("Cropping1D((1, 3))", (None, 4, 3)),  # Keras rejects: nothing left
    ("Cropping1D(2)", (None, 4, 3)),  # Keras rejects
    ("Cropping1D(-1)", (None, 4, 3)),  # Keras rejects
    ("Cropping1D()", (None, 4, 5, 3)),  # Keras rejects: rank
    # Cropping2D
    ("Cropping2D()", (None, 4, 5, 3)),
    ("Cropping2D(1)", (None, 4, 5, 3)),
    ("Cropping2D((1, 2))", (None, 4, 5, 3)),
    ("Cropping2D(((1, 2), (0, 3)))", (None, None, 5, 3)),
    ("Cropping2D(((1, 0), (2, 2)), data_format='channels_first')", (None, 3, 4, 5)),
    ("Cropping2D(2)", (None, 4, 5, 3)),  # Keras rejects: cropping too big
    ("Cropping2D(((1, 0), (2, 3)), data_format='channels_first')", (None, 3, 4, 5)),  # rejects
    ("Cropping2D(-1)", (None, 4, 5, 3)),  # Keras rejects
    ("Cropping2D((1, 2, 3))", (None, 4, 5, 3)),  # Keras rejects
    # Cropping3D
    ("Cropping3D()", (None, 4, 5, 6, 3)),
    ("Cropping3D(((1, 0), (0, 0), (2, 3)))", (None, 4, 5, 6, 3)),
    ("Cropping3D(((1, 0), (0, 0), (2, 3)))", (None, 4, 5, None, 3)),
    ("Cropping3D((1, 2, 3), data_format='channels_first')", (None, 3, 4, 5, 7)),
    ("Cropping3D(2)", (None, 4, 5, 6, 3)),  # Keras rejects: cropping too big
    ("Cropping3D(-1)", (None, 4, 5, 6, 3)),  # Keras rejects
    ("Cropping3D(1.5)", (None, 4, 5, 6, 3)),  # Keras rejects
    # UpSampling1D
    ("UpSampling1D()", (None, 4, 3)),
    ("UpSampling1D(3)", (None, None, 3)),
    ("UpSampling1D(size=5)", (None, 4, 3)),
    ("UpSampling1D(0)", (None, 4, 3)),  # Keras rejects
    ("UpSampling1D((2,))", (None, 4, 3)),  # Keras rejects: not an int
    ("UpSampling1D()", (None, 4)),  # Keras rejects: rank
    # UpSampling2D
    ("UpSampling2D()", (None, 4, 5, 3)),
    ("UpSampling2D((2, 3), interpolation='bilinear')", (None, 4, 5, 3)),
    ("UpSampling2D(3, data_format='channels_first')", (None, 3, 4, None)),
    ("UpSampling2D(0)", (None, 4, 5, 3)),  # Keras rejects
    ("UpSampling2D((1, 2, 3))", (None, 4, 5, 3)),  # Keras rejects
    ("UpSampling2D(data_format='channels_middle')", (None, 4, 5, 3)),  # Keras rejects
    # UpSampling3D
    ("UpSampling3D()", (None, 4, 5, 6, 3)),
    ("UpSampling3D((1, 2, 3), data_format='channels_first')", (None, 3, 4, None, 6)),
    ("UpSampling3D((1, 2))", (None, 4, 5, 6, 3)),  # Keras rejects
    ("UpSampling3D()", (None, 4, 5, 6)),  # Keras rejects: rank
]
