"""The catalog: Keras class names (and aliases) to layer specs."""

from __future__ import annotations

from typing import TypeVar

from .base import LayerSpec

CATALOG: dict[str, type[LayerSpec]] = {}

SpecType = TypeVar("SpecType", bound=type[LayerSpec])


def register(spec: SpecType) -> SpecType:
    """Class decorator: make a spec reachable by its Keras name and its aliases.

    A class Keras exports only under another name (GroupedQueryAttention, exported as
    GroupQueryAttention) is reachable by its aliases alone."""
    names = (spec.class_name(), *spec.aliases) if spec.class_name_exported else spec.aliases
    for name in names:
        if name in CATALOG:
            raise RuntimeError(f"two specs claim the Keras name {name}")
        CATALOG[name] = spec
    return spec
