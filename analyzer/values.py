"""What the evaluator knows about a Python value: a literal, a Keras name, a layer, a model, or Unknown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .dims import Poly, Shape
from .source import Position

if TYPE_CHECKING:
    from .layers.base import LayerSpec


class LazyText:
    """Source text rendered when first read. Most unknown values are never shown (the result
    of every call paramlint cannot follow is one), and regenerating an expression's code with
    libcst was the costliest part of making one."""

    __slots__ = ("_render", "_text")

    def __init__(self, render: Callable[[], str]) -> None:
        self._render: Callable[[], str] | None = render
        self._text = ""

    def __str__(self) -> str:
        if self._render is not None:
            self._text, self._render = self._render(), None
        return self._text

    def __bool__(self) -> bool:
        return bool(str(self))

    def __eq__(self, other: object) -> bool:
        return str(self) == (str(other) if isinstance(other, LazyText) else other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __repr__(self) -> str:
        return repr(str(self))

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


@dataclass(frozen=True)
class Unknown:
    """A value paramlint cannot know statically, with why and where."""

    reason: str
    position: Position | None = None
    source: str | LazyText = ""

    def as_symbol(self, fallback_name: str) -> Poly:
        """The unknown as a symbolic size named after its source expression."""
        name = str(self.source) or fallback_name
        return Poly.symbol(name, self.reason, self.position)

    def __getstate__(self) -> dict[str, object]:
        """Pickled (the cache) with its text rendered: the syntax tree is not kept."""
        return {**self.__dict__, "source": str(self.source)}


@dataclass(frozen=True)
class QualName:
    """A dotted name reached through the file's imports, e.g. ``keras.layers.Dense``."""

    name: str


@dataclass(frozen=True)
class UserClass:
    """A class defined in the analyzed code (a custom layer, for example)."""

    name: str
    position: Position
    is_layer: bool = False


@dataclass(eq=False)
class UserFunction:
    """A function defined in the analyzed code, kept to be analysed at each call with its arguments.

    ``node`` is its libcst ``FunctionDef``, ``scope`` the scope it was defined in, ``defaults`` its
    parameters' default values (evaluated where it was defined, as Python does).
    """

    name: str
    qualified_name: str
    position: Position
    node: object
    scope: object
    defaults: dict[str, object] = field(default_factory=dict)
    calls: int = 0


@dataclass(eq=False)
class LayerValue:
    """One layer constructor call in the analyzed code.

    ``spec`` is the bound catalog spec; it is None when the layer is not in the catalog (a custom
    layer, ``Lambda``, a third-party class) or its arguments do not bind, and ``problem`` says so.
    """

    class_name: str
    position: Position
    spec: LayerSpec | None
    problem: str | None = None
    problem_kind: str | None = None  # "unknown-layer" | "argument-error" | "unresolved"
    # The batch shape stated by ``input_shape=`` / ``input_dim=`` / ``batch_input_shape=``.
    input_shape_arg: tuple[object, ...] | None = None
    # The call's evaluated arguments (positional, keyword), to rebuild the spec with symbols.
    arguments: tuple[tuple[object, ...], dict[str, object]] = ((), {})


@dataclass(frozen=True)
class InputValue:
    """``keras.Input(...)``: a batch shape (batch dimension first), or Unknown if unreadable."""

    batch_shape: tuple[object, ...] | Unknown
    position: Position


@dataclass(eq=False)
class ModelValue:
    """A Sequential model under construction; mutated by ``add``/``pop``/``build`` as the code runs."""

    position: Position
    layers: list[LayerValue | ModelValue] = field(default_factory=list)
    # The batch shape (batch dimension first); Unknown when stated in a way paramlint cannot read.
    input_shape: tuple[object, ...] | Unknown | None = None
    input_position: Position | None = None
    name: object = None
    variable: str | None = None
    function: str | None = None
    defaults_used: tuple[str, ...] = ()
    uncertain: list[tuple[str, Position]] = field(default_factory=list)
    used_as_layer: bool = False  # added to another model (a block), not only used on its own
    nested_use_shape: Shape | None = None  # the shape an outer model builds it on
    occurrence: int = 0


Value = (
    int
    | float
    | str
    | bool
    | None
    | tuple
    | list
    | dict
    | range
    | Poly
    | Unknown
    | QualName
    | UserClass
    | UserFunction
    | LayerValue
    | InputValue
    | ModelValue
)
