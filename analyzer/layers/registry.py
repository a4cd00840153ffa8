"""The catalog: Keras class names (and aliases) to layer specs."""

from __future__ import annotations

from typing import TypeVar

from .base import LayerSpec

CATALOG: dict[str, type[LayerSpec]] = {}

SpecType = TypeVar("SpecType", bound=type[LayerSpec])


def register(spec: SpecType) -> SpecType:
    """Class decorator: make a spec reachable by its Keras name and its aliases."""
    for name in (spec.class_name(), *spec.aliases):
        if name in CATALOG:
            raise RuntimeError(f"two specs claim the Keras name {name}")
        CATALOG[name] = spec
    return spec
