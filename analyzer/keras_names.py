"""Which dotted names are Keras's: ``tf.keras.layers.Dense``, ``keras.Sequential``, ``tf_keras.Input``..."""

from __future__ import annotations

from dataclasses import dataclass

from .layers import CATALOG

# Module prefixes under which Keras's public API (or its private mirror) lives.
KERAS_ROOTS = (
    "tensorflow.compat.v2.keras",
    "tensorflow.compat.v1.keras",
    "tensorflow.python.keras",
    "tensorflow.keras",
    "tf_keras",
    "keras.src",
    "keras._tf_keras.keras",
    "keras",
)


@dataclass(frozen=True)
class KerasName:
    """A resolved Keras object: ``kind`` is "sequential", "input", "model" or "layer"."""

    kind: str
    name: str


def keras_relative(qualname: str) -> str | None:
    """``tensorflow.keras.layers.Dense`` -> ``layers.Dense``; None for names outside Keras."""
    for root in KERAS_ROOTS:
        if qualname == root:
            return ""
        if qualname.startswith(root + "."):
            return qualname[len(root) + 1 :]
    return None


def resolve_keras(qualname: str) -> KerasName | None:
    rest = keras_relative(qualname)
    if not rest:
        return None
    *middle, last = rest.split(".")
    if last == "Sequential" and (not middle or middle[0] == "models"):
        return KerasName("sequential", last)
    if last in ("Model", "Functional") and (not middle or middle[0] in ("models", "engine")):
        return KerasName("model", last)
    if last == "Input" and (not middle or middle[0] == "layers"):
        return KerasName("input", last)
    if middle and middle[0] == "layers" and last[:1].isupper():
        return KerasName("layer", last)
    return None


def is_keras_layer_base(qualname: str) -> bool:
    """``keras.layers.Layer`` and friends: the base classes of custom layers."""
    found = resolve_keras(qualname)
    return found is not None and found.name in ("Layer", "Wrapper", "RNN", "AbstractRNNCell")


def is_keras_model_base(qualname: str) -> bool:
    """``keras.Model`` and ``keras.Sequential``: the base classes of subclassed models."""
    found = resolve_keras(qualname)
    return found is not None and found.kind in ("model", "sequential")


def catalog_layer_name(base: object) -> str | None:
    """The catalog layer a class statement's base names (``layers.Dropout`` -> ``Dropout``)."""
    name = getattr(base, "name", None)
    if not isinstance(name, str):
        return None
    found = resolve_keras(name)
    if found is None or found.kind != "layer" or found.name not in CATALOG:
        return None
    return found.name


def in_catalog(name: str) -> bool:
    return name in CATALOG
