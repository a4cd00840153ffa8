"""Parity cases for Lambda with a stated output_shape, and Identity.

Keras uses a stated ``output_shape`` without running the function, so the function in these cases
does not matter; paramlint sees an unknown function in real code, and the spec never calls it.
"""

CASES = [
    ("Lambda(lambda t: t * 2.0, output_shape=(8,))", (None, 8)),
    ("Lambda(lambda t: t[:, :3], output_shape=(3,))", (None, 8)),
    ("Lambda(lambda t: t, output_shape=(None, 4))", (None, 8)),
    ("Lambda(lambda t: t, output_shape=(5, 4), name='reshape_it')", (2, 20)),
    ("Lambda(lambda t: t, output_shape=())", (None, 8)),
    ("Lambda(lambda t: t, output_shape=((2,), (3,)))", (None, 8)),  # two outputs: the first
    ("Lambda(lambda t: t, output_shape=[(2,), (3, 4)])", (None, 8)),
    ("Lambda(abs, output_shape=(8,), arguments={}, mask=None)", (None, 8)),
    ("Lambda(lambda t: t, output_shape=(8,), trainable=False, dtype='float16')", (None, 8)),
    ("Identity()", (None, 8)),
    ("Identity(name='skip')", (None, 4, 4, 3)),
    ("Identity()", (None,)),
    # Keras rejects these.
    ("Lambda(3, output_shape=(8,))", (None, 8)),
    ("Lambda('relu', output_shape=(8,))", (None, 8)),
    ("Lambda(None, output_shape=(8,))", (None, 8)),
    ("Lambda(lambda t: t, output_shape=[8])", (None, 8)),
    ("Lambda(lambda t: t, output_shape=8)", (None, 8)),
    ("Lambda(lambda t: t, output_shape=(2, (3,)))", (None, 8)),
    ("Lambda(lambda t: t, output_shape=(-1,))", (None, 8)),
    ("Lambda(lambda t: t, output_shape=(8,), foo=1)", (None, 8)),
]
