"""Activation layers: Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax."""

import paramlint.analyzer.layers.activations  # noqa: F401  (registers the specs until __init__ does)

CASES = [
    # Activation
    ("Activation('relu')", (None, 3)),
    ("Activation('softmax')", (None, 4, 5)),
    ("Activation(None)", (None, 3)),
    ("Activation(activation='gelu', name='act')", (None, None, 8)),
    ("Activation('linear', dtype='float16')", (None, 3)),
    ("Activation('bogus')", (None, 3)),  # Keras rejects
    ("Activation('Relu')", (None, 3)),  # Keras rejects: names are case-sensitive
    ("Activation(5)", (None, 3)),  # Keras rejects: not callable
    # ReLU
    ("ReLU()", (None, 3)),
    ("ReLU(max_value=6.0)", (None, 4, 5, 3)),
    ("ReLU(6, 0.1, 0.5)", (None, None, 3)),
    ("ReLU(max_value=0)", (None, 3)),
    ("ReLU(max_value=-1)", (None, 3)),  # Keras rejects
    ("ReLU(negative_slope=None)", (None, 3)),  # Keras rejects
    ("ReLU(negative_slope=-0.1)", (None, 3)),  # Keras rejects
    ("ReLU(threshold=-0.5)", (None, 3)),  # Keras rejects
    # LeakyReLU
    ("LeakyReLU()", (None, 3)),
    ("LeakyReLU(negative_slope=0.2)", (None, 4, 5, 3)),
    ("LeakyReLU(alpha=0.2)", (None, 3)),  # Keras 2 name, still accepted
    ("LeakyReLU(0.1, alpha=0.2)", (None, 3)),
    ("LeakyReLU(alpha=-0.2)", (None, 3)),  # Keras rejects
    ("LeakyReLU(negative_slope=-0.2)", (None, 3)),  # Keras rejects
    ("LeakyReLU(None)", (None, 3)),  # Keras rejects
    # PReLU
    ("PReLU()", (None, 4)),
    ("PReLU()", (None, 4, 5, 3)),
    ("PReLU()", (None,)),
    ("PReLU(shared_axes=[1, 2])", (None, 4, 5, 3)),
    ("PReLU(shared_axes=1)", (None, None, 3)),
    ("PReLU(shared_axes=(1,))", (None, 3)),
    ("PReLU(shared_axes=[1, 2])", (None, None, None, 16)),
    ("PReLU(shared_axes=0)", (None, 4, 5, 3)),  # Keras indexes param_shape[-1]
    ("PReLU(shared_axes=-1)", (None, 4, 5, 3)),
    ("PReLU(alpha_initializer='ones', trainable=False)", (None, 4)),
    ("PReLU(dtype='float16')", (None, 4)),
    ("PReLU(dtype='mixed_bfloat16')", (None, 6, 4)),
    ("PReLU()", (None, None, 3)),  # Keras rejects: alpha would have a None dimension
    ("PReLU(shared_axes=2)", (None, None, 3)),  # Keras rejects
    # ELU
    ("ELU()", (None, 3)),
    ("ELU(alpha=0.5)", (None, 4, 5, 3)),
    ("ELU(alpha=-3)", (None, 3)),  # not validated by Keras
    # Softmax
    ("Softmax()", (None, 3)),
    ("Softmax(axis=1)", (None, 4, 5)),
    ("Softmax(axis=(1, 2))", (None, 3, 4)),
    ("Softmax(axis=5)", (None, 4)),  # not validated by Keras at build time
    ("Softmax(bogus=1)", (None, 4)),  # Keras rejects: unknown keyword
]
