"""Symbolic input shapes for models whose input is unknown or never stated.

Keras needs an input shape to create weights; paramlint can do without one by giving each input
dimension a symbol (``input_dim``, ``input_height``, ``input_channels``...) and carrying it through
the layers, so counts become exact formulas such as ``300·input_dim + 30,401``. The input's rank
comes from the first layer that demands one (Conv2D: 4 axes with the batch); where the first layer
only demands a minimum (Dense: at least 2) that minimum is assumed, and the report says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .dims import Dim, Poly, Shape
from .layers.base import LayerSpec
from .values import LayerValue, ModelValue

_SPATIAL = {
    1: ("input_length",),
    2: ("input_height", "input_width"),
    3: ("input_depth", "input_height", "input_width"),
}


def symbolic_input(
    layers: Sequence[LayerValue | ModelValue], why: str, source: str = ""
) -> tuple[Shape, str] | None:
    """A batch shape of symbols for these layers, and a sentence saying what was assumed.

    The rank comes from the first layer that demands one, looking through layers that keep their
    input's shape (Dropout, GaussianNoise, BatchNormalization...). ``source`` is the expression of
    an input shape that could not be read (``X_train.shape[1:]``): each dimension is then named
    after its element (``X_train.shape[1]``, ``X_train.shape[2]``...).
    """
    first = _first_with_rank(layers)
    if first is None or first.spec is None:
        return None
    rank_info = first.spec.input_rank()
    if rank_info is None:
        return None
    rank, exact = rank_info
    if source:
        names = element_names(source, rank - 1)
    else:
        names = input_symbol_names(rank, getattr(first.spec, "data_format", None))
    shape: tuple[Dim, ...] = (None, *(Poly.symbol(n, why) for n in names))
    note = f"{why}; sizes are symbols ({', '.join(names)})"
    if not exact:
        note += f"; assuming a rank-{rank} input, the least {first.class_name} accepts"
    return shape, note


def _first_with_rank(layers: Sequence[LayerValue | ModelValue]) -> LayerValue | None:
    for layer in layers:
        if isinstance(layer, ModelValue):  # a nested model: its own layers decide
            return _first_with_rank(layer.layers)
        if layer.spec is None:
            return None
        if layer.spec.input_rank() is not None:
            return layer
        if type(layer.spec).output_shape is not LayerSpec.output_shape:
            return None  # it changes the shape: the rank before it cannot be told
    return None


def input_symbol_names(rank: int, data_format: object) -> tuple[str, ...]:
    """Readable names for the non-batch axes of an input of this rank."""
    if isinstance(data_format, str) and rank - 2 in _SPATIAL:
        spatial = _SPATIAL[rank - 2]
        return (
            ("input_channels", *spatial)
            if data_format == "channels_first"
            else (*spatial, "input_channels")
        )
    if rank == 2:
        return ("input_dim",)
    if rank == 3:
        return ("timesteps", "input_dim")
    return (*(f"input_axis_{i}" for i in range(1, rank - 1)), "input_dim")


def element_names(source: str, count: int) -> tuple[str, ...]:
    """Names for the first ``count`` elements of the sequence ``source``: ``shape[0]``, ``shape[1]``
    ...; a slice from a known start keeps counting from it (``X.shape[1:]`` -> ``X.shape[1]``)."""
    match = re.fullmatch(r"(.+)\[\s*(\d+)\s*:\s*\]", source.strip())
    base, start = (match[1], int(match[2])) if match else (source.strip(), 0)
    if not match and not re.fullmatch(r"[\w.\[\]]+", base):
        base = f"({base})"
    return tuple(f"{base}[{start + i}]" for i in range(count))
