"""Preprocessing layers: Rescaling, Normalization, Resizing, CenterCrop, random image layers."""

import paramlint.analyzer.layers.preprocessing  # noqa: F401  (registers the specs until __init__ does)

CASES = [
    # Rescaling
    ("Rescaling(1 / 255)", (None, 4, 4, 3)),
    ("Rescaling(scale=2.0, offset=-1.0)", (None, None, None, 3)),
    ("Rescaling(scale=[1, 2, 3], offset=[0.5, 0.5, 0.5])", (None, 4, 4, 3)),
    ("Rescaling(0.5)", (None, 7)),
    ("Rescaling(1 / 255, data_format='channels_first')", (None, 4, 4, 3)),  # Keras rejects
    # Normalization: weights only when mean/variance are not given
    ("Normalization()", (None, 5)),
    ("Normalization()", (None, 5, 3)),
    ("Normalization(axis=None)", (None, 5, 3)),
    ("Normalization(axis=None)", (None,)),
    ("Normalization(axis=[])", (None, 5, 3)),
    ("Normalization(axis=1)", (None, 5, 3)),
    ("Normalization(axis=(1, 2))", (None, 5, 3)),
    ("Normalization(axis=(2, 1))", (None, 5, 3)),
    ("Normalization(axis=(-1, 1))", (None, 5, 3)),
    ("Normalization(axis=1)", (None, 5, None)),
    ("Normalization(axis=-3)", (8, 5, 3)),
    ("Normalization(dtype='float16')", (None, 5, 3)),
    ("Normalization(dtype='mixed_float16')", (None, 5, 3)),
    ("Normalization(trainable=False)", (None, 5, 3)),
    ("Normalization(invert=True)", (None, 4)),
    ("Normalization(mean=2.0, variance=1.0)", (None, 5, 3)),
    ("Normalization(mean=[1.0, 2.0, 3.0], variance=[1.0, 1.0, 1.0])", (None, 5, 3)),
    ("Normalization(mean=[1.0], variance=[1.0])", (None, 5, 3)),
    ("Normalization(axis=None, mean=1.0, variance=2.0)", (None, 5, 3)),
    ("Normalization(axis=(1, 2), mean=[1.0, 2.0, 3.0], variance=[1.0, 1, 1])", (None, 5, 3)),
    ("Normalization(axis=(1, 2), mean=[[1.0]] * 5, variance=[[1.0]] * 5)", (None, 5, 3)),
    ("Normalization(axis=(1, 1), mean=[1.0], variance=[1.0])", (None, 5, 3)),
    ("Normalization()", (None, None)),  # Keras rejects: kept axis has unknown size
    ("Normalization(axis=-1)", (None,)),  # Keras rejects: the kept axis is the batch axis
    ("Normalization(axis=0)", (None, 5, 3)),  # Keras rejects: batch axis kept
    ("Normalization(axis=3)", (None, 5, 3)),  # Keras rejects: out of range
    ("Normalization(axis=-4)", (None, 5, 3)),  # Keras rejects: out of range
    ("Normalization(axis=(1, 1))", (None, 5, 3)),  # Keras rejects: repeated axis
    ("Normalization(axis=(1, -2))", (None, 5, 3)),  # Keras rejects: repeated axis
    ("Normalization(axis='a')", (None, 5, 3)),  # Keras rejects
    ("Normalization(axis=1.0)", (None, 5, 3)),  # Keras rejects
    ("Normalization(mean=2.0)", (None, 5, 3)),  # Keras rejects: variance missing
    ("Normalization(mean=[1, 2, 3], variance=[1, 1])", (None, 5, 3)),  # Keras rejects
    ("Normalization(mean=[[1, 2, 3]], variance=[[1, 1, 1]])", (None, 5, 3)),  # Keras rejects
    ("Normalization(mean=[1.0, 2.0], variance=[1.0, 1.0])", (None, 5, 3)),  # rejects: broadcast
    (  # Keras rejects: mean does not broadcast
        "Normalization(axis=(1, 2), mean=[[1.0], [2.0]], variance=[[1.0], [1]])",
        (None, 5, 3),
    ),
    ("Normalization(mean=[[1, 2], [3]], variance=[[1, 2], [3]])", (None, 5, 3)),  # rejects
    (  # Keras rejects: mean has a higher rank than axis
        "Normalization(axis=None, mean=[1.0, 1, 1], variance=[1.0, 1, 1])",
        (None, 5, 3),
    ),
    # Resizing
    ("Resizing(8, 9)", (None, 4, 4, 3)),
    ("Resizing(height=8, width=9, interpolation='nearest')", (None, None, None, 3)),
    ("Resizing(2, 3, crop_to_aspect_ratio=True)", (None, 10, 20, 3)),
    ("Resizing(2, 3, pad_to_aspect_ratio=True, fill_value=1.0)", (None, 10, 20, 3)),
    ("Resizing(2, 3, data_format='channels_first')", (None, 3, 4, 4)),
    ("Resizing(2, 3, data_format='channels_first')", (None, 4, 4)),
    ("Resizing(8, 9)", (None, 4, 3)),  # rank 3 is read as one unbatched image
    ("Resizing(8, 9)", (None, 4)),
    ("Resizing(8, 9)", (None, 4, 4, 4, 3)),
    ("Resizing(0, 9)", (None, 4, 4, 3)),
    ("Resizing(None, 9)", (None, 4, 4, 3)),
    ("Resizing(8, 9, bounding_box_format='xyxy')", (None, 4, 4, 3)),
    ("Resizing(8.5, 9)", (None, 4, 4, 3)),  # Keras rejects
    ("Resizing(-1, 9)", (None, 4, 4, 3)),  # Keras rejects
    ("Resizing(8, 9, factor=0.3)", (None, 4, 4, 3)),  # Keras rejects
    ("Resizing(8, 9, data_format='bogus')", (None, 4, 4, 3)),  # Keras rejects
    # CenterCrop
    ("CenterCrop(2, 3)", (None, 4, 4, 3)),
    ("CenterCrop(20, 30)", (None, 4, 4, 3)),
    ("CenterCrop(2, 3)", (None, None, None, 3)),
    ("CenterCrop(2, 3, data_format='channels_first')", (None, 3, 4, 4)),
    ("CenterCrop(2, 3)", (None, 4, 3)),
    ("CenterCrop(2, 3, data_format='channels_first')", (None, 4, 4)),
    ("CenterCrop(2, 3)", (None, 4)),  # Keras rejects: rank
    ("CenterCrop(2, 3)", (None, 4, 4, 4, 3)),  # Keras rejects: rank
    ("CenterCrop(-2, 3)", (None, 4, 4, 3)),  # Keras rejects
    ("CenterCrop(2, 3, factor=0.1)", (None, 4, 4, 3)),  # Keras rejects
    # RandomFlip
    ("RandomFlip()", (None, 4, 4, 3)),
    ("RandomFlip('horizontal', seed=1)", (None, 4, 4, 3)),
    ("RandomFlip(mode='vertical', data_format='channels_first')", (None, 3, 4, 4)),
    ("RandomFlip(mode='bogus')", (None, 4, 4, 3)),  # not validated by Keras
    ("RandomFlip()", (None, 4)),
    ("RandomFlip('horizontal', bounding_box_format='xyxy')", (None, 4, 4, 3)),
    ("RandomFlip('horizontal', factor=0.3)", (None, 4, 4, 3)),  # Keras rejects
    # RandomRotation
    ("RandomRotation(0.2)", (None, 4, 4, 3)),
    ("RandomRotation((-0.1, 0.3), fill_mode='constant', interpolation='nearest')", (None, 8, 8, 1)),
    ("RandomRotation(0.1, data_format='channels_first')", (None, 3, 4, 4)),
    ("RandomRotation(None)", (None, 4, 4, 3)),
    ("RandomRotation(0)", (None, 4, 4, 3)),
    ("RandomRotation((-3.0, 0.5))", (None, 4, 4, 3)),
    ("RandomRotation(0.2)", (None, 4)),
    ("RandomRotation(2)", (None, 4, 4, 3)),  # Keras rejects
    ("RandomRotation((1.5, 2.0))", (None, 4, 4, 3)),  # Keras rejects
    ("RandomRotation((0.5, -3.0))", (None, 4, 4, 3)),  # Keras rejects
    ("RandomRotation((0.1, 0.2, 0.3))", (None, 4, 4, 3)),  # Keras rejects
    ("RandomRotation('a')", (None, 4, 4, 3)),  # Keras rejects
    # RandomZoom
    ("RandomZoom(0.2)", (None, 4, 4, 3)),
    ("RandomZoom(1.0)", (None, 4, 4, 3)),
    ("RandomZoom((-0.5, 0.2), (-0.9, 1.0))", (None, 4, 4, 3)),
    ("RandomZoom(0.1, fill_mode='nearest', data_format='channels_first')", (None, 3, 8, 8)),
    ("RandomZoom(-1.0)", (None, 4, 4, 3)),  # Keras rejects
    ("RandomZoom(0.2, 1.5)", (None, 4, 4, 3)),  # Keras rejects
    ("RandomZoom((0.1, 0.2, 0.3))", (None, 4, 4, 3)),  # Keras rejects
    ("RandomZoom('a')", (None, 4, 4, 3)),  # Keras rejects
    ("RandomZoom(0.2, factor=0.1)", (None, 4, 4, 3)),  # Keras rejects
    # RandomTranslation
    ("RandomTranslation(0.1, 0.2)", (None, 4, 4, 3)),
    ("RandomTranslation(-1.0, 1.0)", (None, 4, 4, 3)),
    ("RandomTranslation((-0.2, 0.3), 0.1, fill_mode='wrap')", (None, None, None, 3)),
    ("RandomTranslation(0.1, 1.5)", (None, 4, 4, 3)),  # Keras rejects
    ("RandomTranslation((0.1, -1.5), 0.2)", (None, 4, 4, 3)),  # Keras rejects
    ("RandomTranslation(0.1, 'a')", (None, 4, 4, 3)),  # Keras rejects
    # RandomContrast
    ("RandomContrast(0.2)", (None, 4, 4, 3)),
    ("RandomContrast((0.2, 1.5))", (None, 4, 4, 3)),
    ("RandomContrast(0.5, value_range=(0, 1), seed=4)", (None, 8, 8, 1)),
    ("RandomContrast(-0.5)", (None, 4, 4, 3)),  # Keras rejects
    ("RandomContrast(1.5)", (None, 4, 4, 3)),  # Keras rejects
    ("RandomContrast(None)", (None, 4, 4, 3)),  # Keras rejects
    # RandomCrop
    ("RandomCrop(2, 3)", (None, 4, 4, 3)),
    ("RandomCrop(20, 30)", (None, 4, 4, 3)),
    ("RandomCrop(2, 3, data_format='channels_first')", (None, 3, 4, 4)),
    ("RandomCrop(2, 3, data_format='channels_first')", (None, 4, 4)),
    ("RandomCrop(2, 3)", (None, 4, 3)),
    ("RandomCrop(2, 3)", (None, 4, 4, 4, 3)),
    ("RandomCrop(None, 3)", (None, 4, 4, 3)),
    ("RandomCrop(2, 3, factor=0.5, seed=7, name='crop')", (None, 4, 4, 3)),
    ("RandomCrop(-2, 3)", (None, 4, 4, 3)),  # Keras rejects
    ("RandomCrop(2, 3, factor=5)", (None, 4, 4, 3)),  # Keras rejects
]
