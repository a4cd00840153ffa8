"""Test-wide settings: real Keras (the parity oracle) runs on the JAX backend."""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")
