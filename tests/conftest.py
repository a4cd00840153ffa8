"""Test-wide settings: real Keras (the parity oracle) runs on the JAX backend."""

import os
import sys
from collections.abc import Iterator

import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")

_SHIMMED = ("tensorflow", "tf_keras")


@pytest.fixture(autouse=True)
def _no_leftover_tensorflow_shim() -> Iterator[None]:
    """Tests that run fixtures through scripts/make_goldens.py install a fake ``tensorflow`` (the
    real ``keras`` under that name); Keras itself then believes TensorFlow is there. Each test
    leaves sys.modules as it found it, so the next one sees the real environment."""
    before = {name for name in sys.modules if name.split(".")[0] in _SHIMMED}
    yield
    for name in [n for n in sys.modules if n.split(".")[0] in _SHIMMED and n not in before]:
        del sys.modules[name]
