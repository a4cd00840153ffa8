"""The state of the names along the paths a program may take, and how paths join.

When paramlint cannot decide which way the code goes (a condition it cannot evaluate, a loop
that may run any number of times, a ``try`` that may stop at any statement), it runs every way
from the same bindings and joins what they leave: a name bound to the same value on every path
keeps it, a name bound differently (or only on some paths) becomes :class:`Unknown`, saying
which values and why. Values with an identity (a layer, a model, a function) are the same only
if they are the same object.

Paths are run in place, one after the other, with a :class:`Journal` of the values they
overwrite (copy-on-write): a :class:`Frame` opened where the paths start records each name's
value the first time a path writes it, so the path's effect can be read (``changed``) and undone
(``rewind``) without copying any scope.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .dims import Poly
from .keras_names import keras_relative
from .source import Position
from .values import (
    LayerValue,
    ModelValue,
    QualName,
    TensorValue,
    Unknown,
    UserClass,
    UserFunction,
)

if TYPE_CHECKING:
    from .evaluate import Scope


class _Absent:
    """The value of a name that is not bound."""

    def __repr__(self) -> str:
        return "<not bound>"


ABSENT = _Absent()

Key = tuple["Scope", str]
State = dict[Key, object]
"""A path's bindings, as the names it changed since a frame started and their values then."""


@dataclass(eq=False)
class Frame:
    """Where paths start: the values names had before a path first wrote them.

    ``kind`` is "branch" (paths that join where they end), "loop" (the target of ``break`` and
    ``continue``) or "call" (the target of ``return``). Paths that leave early (a ``break``
    under a condition paramlint cannot decide) are kept in ``escapes`` to be joined at their
    target. ``limit`` is the step count past which a loop or call is too long to follow."""

    kind: str
    serial: int  # scopes made after the frame started are not recorded in it: they are new
    saved: dict[Key, object] = field(default_factory=dict)
    escapes: list[tuple[str, State, object]] = field(default_factory=list)
    limit: int | None = None
    start_steps: int = 0
    first_model: int = 0  # the models made before it started: self.models[:first_model]
    models: list[ModelValue] = field(default_factory=list)  # made or changed while it ran

    def take(self, kind: str) -> list[tuple[State, object]]:
        """The escapes of this kind (``"break"``, ``"continue"``, ``"return"``), removed."""
        if not self.escapes:
            return []
        taken = [(state, value) for k, state, value in self.escapes if k == kind]
        self.escapes = [escape for escape in self.escapes if escape[0] != kind]
        return taken


class Journal:
    """The open frames of one file's analysis, innermost last; scopes report writes to it."""

    def __init__(self) -> None:
        self.frames: list[Frame] = []
        self._serial = 0
        self._made: dict[object, int] = {}  # layers and models: when they were made

    def new_serial(self) -> int:
        self._serial += 1
        return self._serial

    def made(self, thing: object) -> None:
        """A layer or model was just made: paths that made it need not undo what befalls it."""
        self._made[thing] = self.new_serial()

    def serial(self, holder: object) -> int:
        found = getattr(holder, "serial", None)
        return found if isinstance(found, int) else self._made.get(holder, 0)

    def record(self, scope: Scope, name: str) -> None:
        """Called before ``scope`` binds or unbinds ``name``. (The attributes of an instance of
        a class of the analysed code are recorded the same way, as its "scope", and so is the
        state of a layer or model that a call may change: see ``is_state``.)"""
        if self.frames:
            frame = self.frames[-1]
            if self.serial(scope) <= frame.serial:
                key = (scope, name)
                if key not in frame.saved:
                    frame.saved[key] = current(key)

    def push(self, kind: str) -> Frame:
        frame = Frame(kind, self._serial)
        self.frames.append(frame)
        return frame

    def changed(self, frame: Frame) -> State:
        """The current path's bindings that differ from where ``frame`` started."""
        state: State = {}
        index = self.frames.index(frame)
        for inner in self.frames[index:]:
            for key in inner.saved:
                if self.serial(key[0]) <= frame.serial:
                    state[key] = current(key)
        return state

    def base(self, frame: Frame, key: Key) -> object:
        """The value ``key`` had when ``frame`` started."""
        index = self.frames.index(frame)
        for inner in self.frames[index:]:
            if key in inner.saved:
                return inner.saved[key]
        return current(key)

    def rewind(self, frame: Frame) -> None:
        """Undo what the current path did since ``frame`` (the innermost frame) started."""
        assert self.frames[-1] is frame
        for (scope, name), old in frame.saved.items():
            _bind(scope, name, old)
        frame.saved.clear()

    def close(self, frame: Frame) -> None:
        """End ``frame`` (the innermost), keeping the current bindings: the frame around it
        learns which names changed."""
        assert self.frames[-1] is frame
        self.frames.pop()
        if self.frames:
            outer = self.frames[-1]
            for key, old in frame.saved.items():
                if self.serial(key[0]) <= outer.serial and key not in outer.saved:
                    outer.saved[key] = old
            outer.models.extend(frame.models)

    def write(self, key: Key, value: object) -> None:
        """Bind (or unbind, for ABSENT) as a path would: recorded in the innermost frame."""
        scope, name = key
        self.record(scope, name)
        _bind(scope, name, value)

    def target(self, kind: str) -> Frame | None:
        """The innermost loop (for ``break``/``continue``) or call (for ``return``) frame."""
        for frame in reversed(self.frames):
            if frame.kind == kind:
                return frame
            if frame.kind == "call":
                return None  # a function's body never breaks out of the caller's loop
        return None


def current(key: Key) -> object:
    holder, name = key
    names = _names(holder)
    return getattr(holder, name) if names is None else names.get(name, ABSENT)


def _bind(holder: object, name: str, value: object) -> None:
    names = _names(holder)
    if names is None:
        setattr(holder, name, value)
    elif value is ABSENT:
        names.pop(name, None)
    else:
        names[name] = value


def _names(holder: object) -> dict[str, object] | None:
    """A scope's names, an instance's attributes; None for a layer or model (its own state)."""
    for field_name in ("names", "attributes"):
        names = getattr(holder, field_name, None)
        if isinstance(names, dict):
            return names
    return None


def is_state(key: Key) -> bool:
    """A layer's or model's own state (``built``, ``nodes``), not a name paths bind."""
    return _names(key[0]) is None


# -- joining values ---------------------------------------------------------------------------

_IDENTITY = (LayerValue, ModelValue, UserFunction, TensorValue)
_SCALARS = (int, float, str, bool, type(None), range, complex, bytes)


def same(a: object, b: object) -> bool:
    """True when ``a`` and ``b`` are interchangeable: equal plain values, the same object."""
    if a is b:
        return True
    if type(a) is not type(b) or isinstance(a, (*_IDENTITY, Unknown, _Absent)):
        return False
    if isinstance(a, (tuple, list)):
        assert isinstance(b, (tuple, list))
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, QualName):  # `from tensorflow import keras` or `import keras`: one Keras
        assert isinstance(b, QualName)
        relative = keras_relative(a.name)
        return a.name == b.name or (relative is not None and relative == keras_relative(b.name))
    try:
        return bool(a == b)  # numbers, strings, Keras names, formulas, classes
    except Exception:  # a value whose comparison fails is not known to be the same
        return False


def join(values: Sequence[object], name: str, why: str, position: Position | None) -> object:
    """The value a name has after paths that left it with ``values`` (ABSENT: not bound)."""
    first = values[0]
    if all(same(first, value) for value in values[1:]):
        return first
    kind = type(first)
    if kind in (tuple, list) and all(
        type(v) is kind and len(v) == len(first)  # type: ignore[arg-type]
        for v in values
    ):
        # (1, 28, 28) or (28, 28, 1): the axes that agree stay known, the others are unknown.
        items = [
            join([v[i] for v in values], f"{name}[{i}]", why, position)  # type: ignore[index]
            for i in range(len(first))  # type: ignore[arg-type]
        ]
        return kind(items)
    candidates = tuple(_candidates(values))
    return Unknown(f"`{name}` is {describe(candidates)} {why}", position, name, candidates)


def narrowed(value: object) -> object:
    """What an attribute access or a call on ``value`` works with: an unknown that joined paths
    made is, on every path where the access does not raise (it is not None, not unbound), the one
    value those paths agree on, if they do (``tf`` after ``try: import tensorflow as tf`` /
    ``except ImportError: tf = None``)."""
    if not isinstance(value, Unknown) or not value.candidates:
        return value
    viable = [c for c in value.candidates if c is not None and c is not ABSENT]
    if viable and all(same(viable[0], c) for c in viable[1:]):
        return viable[0]
    return value


MAX_CANDIDATES = 16
"""The most values an unknown made by joining paths keeps (each said once; models always kept)."""


def _candidates(values: Iterable[object]) -> list[object]:
    """The values, those of earlier joins in place of the unknown they made, each once. Paths
    joined inside loops would otherwise double them at every join; past MAX_CANDIDATES only
    models are kept (they must still be made uncertain) and one unknown stands for the rest."""
    found: list[object] = []
    ids: set[int] = set()
    overflow = False
    for value in values:
        for item in (
            value.candidates if isinstance(value, Unknown) and value.candidates else (value,)
        ):
            if id(item) in ids or any(same(item, kept) for kept in found[-4:]):
                continue
            if len(found) >= MAX_CANDIDATES and not isinstance(item, ModelValue):
                overflow = True
                continue
            ids.add(id(item))
            found.append(item)
    if overflow:
        found.append(Unknown("more values than paramlint lists"))
    return found


def models_in(values: Iterable[object]) -> Iterable[ModelValue]:
    """The models among the values, or inside them."""
    for value in values:
        if isinstance(value, ModelValue):
            yield value
        elif isinstance(value, (tuple, list)):
            yield from models_in(value)
        elif isinstance(value, dict):
            yield from models_in(value.values())
        elif isinstance(value, Unknown):
            yield from models_in(value.candidates)


def describe(values: Sequence[object]) -> str:
    """``10 or 20``, ``a Dense layer or not bound``: the candidates, each said once."""
    said: list[str] = []
    for value in values:
        text = _describe_one(value)
        if text not in said:
            said.append(text)
    if len(said) > 4:
        said = [*said[:3], "other values"]
    return " or ".join(said)


def _describe_one(value: object) -> str:
    if value is ABSENT:
        return "not bound"
    if isinstance(value, Unknown):
        return f"`{value.source}`" if str(value.source) else "unknown"
    if isinstance(value, LayerValue):
        return f"a {value.class_name} layer"
    if isinstance(value, ModelValue):
        return f"the model at {value.position.render()}"
    if isinstance(value, TensorValue):
        return "a tensor"
    if isinstance(value, UserFunction):
        return f"the function `{value.name}`"
    if isinstance(value, UserClass):
        return f"the class `{value.name}`"
    if isinstance(value, Poly):
        return str(value)
    if isinstance(value, (*_SCALARS, tuple, list)):
        text = reprlib.repr(value)  # bounded: a value may hold thousands of items
        return text if len(text) <= 40 and "..." not in text else f"a {type(value).__name__}"
    return f"a {type(value).__name__}"
