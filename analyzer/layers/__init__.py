"""The layer catalog: one spec per Keras layer, grouped the way Keras groups them."""

from . import core  # noqa: F401  (each module registers its specs)
from .base import KerasError, LayerSpec, Unresolved, Weight
from .registry import CATALOG

__all__ = ["CATALOG", "KerasError", "LayerSpec", "Unresolved", "Weight"]
