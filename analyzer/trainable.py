"""``layer.trainable = ...`` / ``model.trainable = ...`` after construction, followed as Keras 3 does.

Keras (layers/layer.py): the setter sets the layer's flag and, recursively, every sublayer's (a
model's layers, a nested model's layers); each variable's flag stays ``created trainable and its
layer's flag`` (``add_weight``, ``_track_variable``, the setter), so BatchNormalization's moving
statistics are non-trainable whatever the layer's flag. ``x.trainable_weights`` is empty when
``x.trainable`` is False, else its variables with a true flag: a model frozen and then one of its
layers unfrozen counts nothing trainable itself, while that layer's row, and an outer model that
nests the frozen one, count the layer's weights as trainable. Layers are shared objects: a layer
frozen once is frozen in every model that holds it. The report reads the flags at the end of the
file, what ``model.summary()`` there would print.

An assignment that may or may not run (an undecidable condition or loop), an unknown value, or an
object paramlint cannot identify makes the flags it may change unknown: the trainable /
non-trainable split is then unknown, the parameter counts stay exact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from .dims import Poly
from .layers.base import Weight
from .layers.wrappers import WrapperSpec
from .values import LayerValue, ModelValue, QualName, Unknown, UserClass, UserFunction

if TYPE_CHECKING:
    from .infer import LayerReport

Flag = bool | Unknown
Holder = LayerValue | ModelValue
_PLAIN = (bool, int, float, str, bytes, type(None), list, tuple, dict, LayerValue, ModelValue)


def trainable_value(value: object, unknown: Callable[[str], Unknown]) -> Flag:
    """What the setter stores: ``bool(value)``; Unknown when the value is not known."""
    if isinstance(value, Unknown):
        return unknown(f"the value assigned is unknown: {value.reason}")
    if isinstance(value, _PLAIN):
        return bool(value)
    if isinstance(value, Poly):
        return unknown("the value assigned is a size paramlint does not know")
    return unknown("the value assigned is not one paramlint evaluates")


def constructor_flag(value: object) -> Flag:
    """``trainable=`` given to a model's constructor (Keras refuses anything but a bool)."""
    if isinstance(value, (bool, Unknown)):
        return value
    return Unknown(f"Expected `trainable` to be a boolean. Received: trainable={value!r}")


def current_flag(holder: Holder) -> Flag | None:
    """The flag the object has now; None when its weights do not follow one flag (a wrapper
    keeps its inner layers' constructor flags until its setter runs)."""
    if isinstance(holder, ModelValue):
        return holder.trainable
    if holder.trainable is not None:
        return holder.trainable
    spec = holder.spec
    if spec is None or isinstance(spec, WrapperSpec):
        return None
    flag = spec.trainable
    return flag if isinstance(flag, Unknown) else bool(flag)


def row_flag(layer: LayerValue) -> Flag:
    """Keras's ``layer.trainable`` for the layer's row. A constructor flag is already in the
    weights' own flags (the wrappers' deliberately not: see wrappers.py); an unknown one is kept so
    the row's split is unknown."""
    if layer.trainable is not None:
        return layer.trainable
    flag = getattr(layer.spec, "trainable", True)
    return flag if isinstance(flag, Unknown) else True


def settled(weights: list[Weight] | None, flag: Flag | None) -> list[Weight] | None:
    """The weights as Keras's setter leaves them after ``layer.trainable = flag`` (None: never
    set): a variable created trainable takes the flag, the others stay non-trainable."""
    if weights is None or flag is None:
        return weights
    known = None if isinstance(flag, Unknown) else flag
    return [replace(w, trainable=known if _settable(w) else False) for w in weights]


def _settable(weight: Weight) -> bool:
    return bool(weight.trainable) if weight.settable is None else weight.settable


def both(weight: bool | None, flag: Flag) -> bool | None:
    """A weight's flag as seen through an object's flag: False wins, then unknown (None)."""
    if weight is False or flag is False:
        return False
    if weight is None or isinstance(flag, Unknown):
        return None
    return True


def set_trainable(target: Holder, value: Flag, maybe: Unknown | None = None) -> None:
    """``target.trainable = value``: the object and, recursively, its layers. ``maybe`` is why the
    assignment may not happen (it runs under an undecidable condition, or the target may be
    another object); then a flag that could change becomes that Unknown."""
    for holder in reachable([target]):
        _assign(holder, value, maybe)


def _assign(holder: Holder, value: Flag, maybe: Unknown | None) -> None:
    if maybe is not None:
        current = current_flag(holder)
        if isinstance(value, bool) and isinstance(current, bool) and current == value:
            return  # the same flag whether it runs or not
        value = maybe
    holder.trainable = value


@contextmanager
def flags_kept(models: list[ModelValue]) -> Iterator[None]:
    """Code the file never runs (a function nothing calls, analysed for the models it builds)
    leaves the flags of the models that exist before it, and of their layers, as they were."""
    saved = [(holder, holder.trainable) for holder in reachable(models)]
    try:
        yield
    finally:
        for holder, flag in saved:
            holder.trainable = flag


def reachable(values: Iterable[object]) -> list[Holder]:
    """The layers and models in these values (lists, tuples, dicts, models' layers), each once."""
    found: list[Holder] = []
    seen: set[int] = set()
    stack = list(values)
    while stack:
        value = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, LayerValue):
            found.append(value)
        elif isinstance(value, ModelValue):
            found.append(value)
            stack.extend(value.layers)
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
    return found


_NAME = re.compile(r"[A-Za-z_]\w*")
MAX_NAMES_FOLLOWED = 64


def possible_targets(
    texts: Iterable[str], lookup: Callable[[str], tuple[bool, object]], everything: list[ModelValue]
) -> list[Holder]:
    """The objects an unidentified ``x.trainable = ...`` may set: those reachable from the names its
    text mentions, following an unknown value's own source text (``layer`` from a loop over
    ``base.layers[:k]`` leads to ``base``). A name bound to a function of the analysed code may
    return any layer: then every model's layers."""
    values: list[object] = []
    seen: set[str] = set()
    queue = list(texts)
    while queue and len(seen) < MAX_NAMES_FOLLOWED:
        for name in _NAME.findall(queue.pop()):
            if name in seen:
                continue
            seen.add(name)
            found, value = lookup(name)
            if not found or isinstance(value, (QualName, UserClass)):
                continue
            if isinstance(value, Unknown):
                queue.append(str(value.source))
            elif isinstance(value, UserFunction):
                return reachable(everything)
            else:
                values.append(value)
    return reachable(values)


def why_split_unknown(flag: Flag, rows: Iterable[LayerReport]) -> Unknown | None:
    """Why an object's trainable / non-trainable split is unknown: its own flag, or the first
    row (nested models' rows included) whose flag is unknown; None when the split is known."""
    if isinstance(flag, Unknown):
        return flag
    for row in rows:
        if isinstance(row.trainable_flag, Unknown):
            return row.trainable_flag
        if row.nested is not None:
            found = why_split_unknown(row.nested.trainable_flag, row.nested.layers)
            if found is not None:
                return found
    return None
