"""Which dotted names are Keras's: ``tf.keras.layers.Dense``, ``keras.Sequential``, ``tf_keras.Input``..."""

from __future__ import annotations

from dataclasses import dataclass

from .layers import CATALOG, LayerSpec
from .values import LayerValue, ModelValue, QualName, Unknown

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


KERAS_PUBLIC_BASES: dict[str, tuple[str, ...]] = {
    "AdditiveAttention": ("Attention",),
    "ConvLSTM1D": ("RNN",),
    "ConvLSTM2D": ("RNN",),
    "ConvLSTM3D": ("RNN",),
    "GRU": ("RNN",),
    "LSTM": ("RNN",),
    "SimpleRNN": ("RNN",),
    "ReversibleEmbedding": ("Embedding",),
    "SpatialDropout1D": ("Dropout",),
    "SpatialDropout2D": ("Dropout",),
    "SpatialDropout3D": ("Dropout",),
    "SpectralNormalization": ("Wrapper",),
    "TimeDistributed": ("Wrapper",),
}
"""The public ``keras.layers`` classes each layer class derives from (``Layer`` aside), as in
Keras 3 (tests/test_idioms.py checks the table against Keras's own classes)."""

_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    "int": int, "float": float, "str": str, "bool": bool, "list": list, "tuple": tuple, "dict": dict,
}  # fmt: skip


def keras_isinstance(value: object, classinfo: object) -> bool | Unknown:
    """``isinstance(value, classinfo)`` for a layer or model against Keras's classes, and for plain
    values against Python's own types; Unknown where the answer cannot be known statically."""
    if isinstance(classinfo, tuple):
        answers = [keras_isinstance(value, c) for c in classinfo]
        if any(a is True for a in answers):
            return True
        unknown = next((a for a in answers if isinstance(a, Unknown)), None)
        return unknown if unknown is not None else False
    if not isinstance(classinfo, QualName) or isinstance(value, Unknown):
        return Unknown("isinstance() of a value or class paramlint does not know")
    if classinfo.name.startswith("builtins.") and not isinstance(value, (LayerValue, ModelValue)):
        python_type = _PYTHON_TYPES.get(classinfo.name.removeprefix("builtins."))
        if python_type is None or not isinstance(value, (int, float, str, list, tuple, dict)):
            return Unknown(f"isinstance() against `{classinfo.name}`")
        return isinstance(value, python_type)
    target = resolve_keras(classinfo.name)
    if target is None or not isinstance(value, (LayerValue, ModelValue)):
        return Unknown(f"isinstance() against `{classinfo.name}`")
    if target.kind in ("model", "sequential"):
        return isinstance(value, ModelValue)
    if target.name == "Layer":
        return True
    if isinstance(value, ModelValue):
        return False if target.name in CATALOG else Unknown(f"isinstance() against `{target.name}`")
    spec = type(value.spec) if value.spec is not None else _spec_named(value.class_name)
    if spec is None or value.class_name == "?":
        return Unknown(f"isinstance() of a layer of unknown class `{value.class_name}`")
    own = spec.class_name()
    wanted = CATALOG[target.name].class_name() if target.name in CATALOG else target.name
    if wanted == own or wanted in KERAS_PUBLIC_BASES.get(own, ()):
        return True
    known = target.name in CATALOG or any(wanted in b for b in KERAS_PUBLIC_BASES.values())
    return False if known else Unknown(f"isinstance() against `{target.name}`")


def _spec_named(class_name: str) -> type[LayerSpec] | None:
    """The spec of the layer class Keras's summary calls ``class_name`` (``GroupedQueryAttention``
    is exported as ``GroupQueryAttention``)."""
    found = CATALOG.get(class_name)
    if found is not None:
        return found
    return next((s for s in CATALOG.values() if s.class_name() == class_name), None)
