"""What the evaluator knows about a Python value: a literal, a Keras name, a layer, a model, or Unknown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .dims import Poly, Shape
from .source import Position

if TYPE_CHECKING:
    from .custom import Instance
    from .layers.base import LayerSpec, Weight


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
    # The values it may be, when paths that bound it differently joined; what is done to it
    # afterwards may change any model among them.
    candidates: tuple[object, ...] = field(default=(), compare=False, repr=False)

    def as_symbol(self, fallback_name: str) -> Poly:
        """The unknown as a symbolic size named after its source expression."""
        name = str(self.source) or fallback_name
        return Poly.symbol(name, self.reason, self.position)

    def __getstate__(self) -> dict[str, object]:
        """Pickled (the cache) with its text rendered: the syntax tree is not kept."""
        return {**self.__dict__, "source": str(self.source), "candidates": ()}


@dataclass(frozen=True)
class QualName:
    """A dotted name reached through the file's imports, e.g. ``keras.layers.Dense``."""

    name: str


@dataclass(frozen=True, eq=False)
class UserClass:
    """A class defined in the analyzed code (a custom layer, for example)."""

    name: str
    position: Position
    is_layer: bool = False
    is_model: bool = False  # a subclass of keras.Model (or of such a class)
    # What its body defined (methods are UserFunctions), its evaluated bases, and the catalog
    # layer it derives from directly (``Dropout`` for ``class MCDropout(layers.Dropout)``).
    methods: dict[str, object] = field(default_factory=dict)
    bases: tuple[object, ...] = ()
    catalog_base: str | None = None

    def __getstate__(self) -> dict[str, object]:
        """Cached reports keep the class's name, not its methods' syntax trees."""
        return {**self.__dict__, "methods": {}, "bases": ()}


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
    defining_class: UserClass | None = None  # set for a method of a class body

    def __getstate__(self) -> dict[str, object]:
        """Cached reports keep the function's name, not its syntax tree or scope."""
        return {**self.__dict__, "node": None, "scope": None, "defaults": {}}


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
    # The batch shape stated by ``input_shape=`` / ``input_dim=``; Unknown if unreadable, Keras's
    # error message (a str) if Keras refuses it.
    input_shape_arg: tuple[object, ...] | Unknown | str | None = None
    # The call's evaluated arguments (positional, keyword), to rebuild the spec with symbols.
    arguments: tuple[tuple[object, ...], dict[str, object]] = ((), {})
    # Keras's name for it, given at creation as Keras does (``dense``, ``dense_1``...).
    name: str = ""
    # Each call of the layer on tensors (Keras's ``_inbound_nodes``), in call order.
    nodes: list[NodeValue] = field(default_factory=list)
    # What its first call built: the weights Keras creates then (None: not built, or unknown).
    built: CallResult | None = None
    instance: Instance | None = None  # ``self`` of a layer class the analysed code defines
    # ``layer.trainable = ...`` after construction (see ``trainable.py``); None: the constructor's.
    trainable: bool | Unknown | None = None
    error_type: str | None = None  # the KerasError class behind an "argument-error"


@dataclass(eq=False)
class TensorValue:
    """A symbolic tensor: what ``keras.Input`` and a layer called on tensors return.

    ``shape`` is its batch shape, None when it cannot be known (``problem`` says why); ``node``
    is the call that produced it (Keras's ``_keras_history``) and ``index`` which of its outputs."""

    shape: Shape | None
    node: NodeValue | None
    index: int = 0
    problem: str | None = None
    # The layer whose mask this tensor may carry (Keras's ``_keras_mask``: ``Masking``,
    # ``Embedding(mask_zero=True)``, and the layers after them), or "".
    masked: str = ""


@dataclass(eq=False)
class InputValue(TensorValue):
    """``keras.Input(...)``: also a tensor; ``batch_shape`` as stated (Unknown if unreadable)."""

    batch_shape: tuple[object, ...] | Unknown = ()
    position: Position | None = None


@dataclass(eq=False)
class NodeValue:
    """One call of a layer (or a model used as a layer) on tensors: Keras's ``Node``.

    ``inputs`` are the tensors passed, flattened in call order (Keras's ``input_tensors``);
    ``unknown`` the arguments that should be tensors but are values paramlint could not follow."""

    operation: LayerValue | ModelValue
    inputs: list[TensorValue]
    outputs: list[TensorValue]
    position: Position
    result: CallResult | None = None
    unknown: list[Unknown] = field(default_factory=list)
    # Why the call may not run as written (under a condition paramlint cannot decide), or "".
    uncertain: str = ""
    # The first argument when it is one tensor (not a list): the input explain shows.
    main: TensorValue | None = None


@dataclass
class CallResult:
    """What calling a layer on inputs of known shapes gives: every output's shape and the weights
    it builds, or why not (``problem_kind`` as in the report: "keras-error", "unresolved"...)."""

    outputs: tuple[Shape, ...] = ()
    weights: list[Weight] | None = None
    problem_kind: str | None = None
    problem: str | None = None
    error_type: str | None = None


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
    # "sequential", or "functional" for ``keras.Model(inputs, outputs)`` (its graph below).
    kind: str = "sequential"
    inputs: list[TensorValue] = field(default_factory=list)
    outputs: list[TensorValue] = field(default_factory=list)
    # The functional graph's nodes, deepest (the inputs) first, as Keras's ``map_graph`` orders them.
    graph_nodes: list[NodeValue] = field(default_factory=list)
    chain: bool = False  # the graph is a chain: Keras's summary prints no "Connected to"
    keras_name: str = ""  # the name Keras gives it at creation (``sequential_1``, ``functional``)
    nodes: list[NodeValue] = field(default_factory=list)  # its calls as a layer on tensors
    instance: Instance | None = None  # ``self`` of a subclassed model
    subclassed_result: CallResult | None = None  # its call traced on a build shape
    # A keras.applications model: (its name, the call's positional and keyword arguments).
    application: tuple[str, list[object], dict[str, object]] | None = None
    # Errors Keras raises when the model is created: (message, position, error type).
    errors: list[tuple[str, Position, str]] = field(default_factory=list)
    # Keras's ``model.trainable``: the constructor's, then each ``model.trainable = ...``.
    trainable: bool | Unknown = True
    # A Sequential's layer names so far (its InputLayer's too), as Keras checks them in ``add``.
    names_taken: dict[str, int] = field(default_factory=dict)  # (a dict: the cache loads it)


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
    | TensorValue
    | ModelValue
)
