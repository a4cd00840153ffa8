"""From a model's layers to its report: each layer's output shape and weights, and the totals.

Shapes flow from the input through the layers in order. A layer whose answer is unknown (not in
the catalog, an unresolved argument) or wrong (Keras would raise) is reported as such, and the
layers after it have an unknown input; the layers before it keep their exact numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .dims import Dim, Poly, Shape
from .layers import KerasError, LayerSpec, Unresolved, Weight
from .layers.base import DTYPE_BYTES
from .source import Position
from .unknown_inputs import symbolic_input
from .values import LayerValue, ModelValue, Unknown


@dataclass
class LayerReport:
    class_name: str
    name: str
    position: Position
    input_shape: Shape | None
    output_shape: Shape | None
    weights: list[Weight] | None
    # None when the numbers are known; else "keras-error", "unknown-layer", "argument-error",
    # "unresolved", "after-unknown" or "unbuilt".
    problem_kind: str | None = None
    problem: str | None = None
    nested: ModelReport | None = None
    spec: LayerSpec | None = None
    call: LayerValue | None = None  # the constructor call, for explanations
    # Every output, for a layer that returns several (an RNN with return_state, a Bidirectional
    # with merge_mode=None); empty when the output is unknown.
    output_shapes: tuple[Shape, ...] = ()
    # The exception class behind a "keras-error" (InputRankError, OutputSizeError, ...).
    error_type: str | None = None

    @property
    def params(self) -> Dim | None:
        return _sum_counts(self.weights, None)

    @property
    def trainable(self) -> Dim | None:
        return _sum_counts(self.weights, True)

    @property
    def non_trainable(self) -> Dim | None:
        return _sum_counts(self.weights, False)


@dataclass
class ModelReport:
    path: str
    position: Position
    keras_name: str
    variable: str | None
    function: str | None
    defaults_used: tuple[str, ...]
    occurrence: int
    input_shape: Shape | None
    input_position: Position | None
    layers: list[LayerReport] = field(default_factory=list)
    uncertain: list[tuple[str, Position]] = field(default_factory=list)
    # What paramlint assumed about an input it could not read (sizes made symbols), if anything.
    input_assumption: str | None = None
    # For a model Keras leaves unbuilt: the same model on a symbolic input, so its counts can be
    # given as formulas. None when even that is impossible.
    symbolic: ModelReport | None = None
    # This report *is* such a twin: Keras leaves the model unbuilt; the numbers are formulas.
    is_symbolic_twin: bool = False
    value: ModelValue | None = (
        None  # what the interpreter built, for re-inference with an input shape
    )

    @property
    def built(self) -> bool:
        """Keras builds it: it states an input shape (even one paramlint cannot read)."""
        if self.is_symbolic_twin:
            return False
        return self.input_shape is not None or self.input_unreadable

    @property
    def input_unreadable(self) -> bool:
        return self.value is not None and isinstance(self.value.input_shape, Unknown)

    @property
    def complete(self) -> bool:
        """Every layer's numbers are known and the structure is certain."""
        return (
            self.input_shape is not None
            and not self.uncertain
            and all(r.problem_kind is None for r in self.layers)
        )

    @property
    def display_name(self) -> str:
        """The name people know it by: the ``name=`` they gave, else its variable."""
        given = self.value is not None and isinstance(self.value.name, str)
        return self.keras_name if given else (self.variable or self.keras_name)

    def total(self, trainable: bool | None = None) -> Dim | None:
        if not self.complete:
            return None
        total: Dim = 0
        for row in self.layers:
            count = _sum_counts(row.weights, trainable)
            total = total + count  # type: ignore[operator]
        return total

    def weight_bytes(self, trainable: bool | None = None, dtype: str | None = None) -> Dim | None:
        if not self.complete:
            return None
        total: Dim = 0
        for row in self.layers:
            for weight in row.weights or []:
                if trainable is not None and weight.trainable != trainable:
                    continue
                size = DTYPE_BYTES.get(dtype or weight.dtype or "")
                if size is None:
                    return None
                total = total + weight.count * size  # type: ignore[operator]
        return total


def _sum_counts(weights: list[Weight] | None, trainable: bool | None) -> Dim | None:
    if weights is None:
        return None
    total: Dim = 0
    for weight in weights:
        if trainable is None or weight.trainable == trainable:
            total = total + weight.count  # type: ignore[operator]
    return total


def to_snake_case(name: str) -> str:
    """Keras's own layer auto-naming (``SimpleRNN`` -> ``simple_rnn``)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


class Namer:
    """Keras's uid counters: ``dense``, ``dense_1``, ... in order of creation within one file."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def name(self, class_name: str, given: object = None) -> str:
        if isinstance(given, str):
            return given
        prefix = to_snake_case(class_name)
        count = self._counts[prefix]
        self._counts[prefix] += 1
        return prefix if count == 0 else f"{prefix}_{count}"


def infer_model(
    model: ModelValue,
    path: str,
    namer: Namer,
    input_shape: Shape | None = None,
    symbolic_unbuilt: bool = True,
) -> ModelReport:
    """Run the model's layers from its input shape (or the one given, for a nested model)."""
    batch_shape = input_shape if input_shape is not None else own_input_shape(model)
    assumption = None
    if batch_shape is None and isinstance(model.input_shape, Unknown):
        # Keras builds it (the input is stated), paramlint cannot read it: symbols stand in.
        symbolic = symbolic_input(model.layers, f"input shape unknown: {model.input_shape.reason}")
        if symbolic is not None:
            batch_shape, assumption = symbolic
    report = ModelReport(
        path=path,
        position=model.position,
        keras_name=namer.name("Sequential", model.name),
        variable=model.variable,
        function=model.function,
        defaults_used=model.defaults_used,
        occurrence=model.occurrence,
        input_shape=batch_shape,
        input_position=model.input_position,
        uncertain=list(model.uncertain),
        input_assumption=assumption,
        value=model,
    )
    shape: Shape | None = batch_shape
    blocked_by: str | None = None
    for layer in model.layers:
        row = _infer_layer(layer, shape, blocked_by, namer, path)
        report.layers.append(row)
        shape = row.output_shape
        if shape is None and blocked_by is None and batch_shape is not None:
            blocked_by = f"{row.name} ({row.class_name}) at {row.position.render()}"
    if batch_shape is None and symbolic_unbuilt and input_shape is None:
        report.symbolic = _symbolic_twin(model, path)
        if report.symbolic is not None:
            report.symbolic.keras_name = report.keras_name  # the same model, by the same name
    return report


def _symbolic_twin(model: ModelValue, path: str) -> ModelReport | None:
    """The unbuilt model as Keras would build it on any input: counts as formulas."""
    symbolic = symbolic_input(model.layers, "no input shape stated")
    if symbolic is None:
        return None
    shape, assumption = symbolic
    twin = infer_model(model, path, Namer(), shape, symbolic_unbuilt=False)
    twin.input_assumption = assumption
    twin.is_symbolic_twin = True
    return twin


def _infer_layer(
    layer: LayerValue | ModelValue,
    shape: Shape | None,
    blocked_by: str | None,
    namer: Namer,
    path: str,
) -> LayerReport:
    if isinstance(layer, ModelValue):
        if shape is not None and own_input_shape(layer) is None and layer.nested_use_shape is None:
            layer.nested_use_shape = shape  # Keras builds the inner model on this shape
        nested = infer_model(layer, path, namer, shape if own_input_shape(layer) is None else None)
        row = LayerReport(
            "Sequential", nested.keras_name, layer.position, shape, None, None, nested=nested
        )
        if nested.complete:
            row.output_shape = nested.layers[-1].output_shape if nested.layers else shape
            row.weights = [w for r in nested.layers for w in (r.weights or [])]
        else:
            row.problem_kind, row.problem = "unresolved", "nested model's numbers are not all known"
        return row
    name = namer.name(layer.class_name, getattr(layer.spec, "name", None))
    row = LayerReport(
        layer.class_name, name, layer.position, shape, None, None, spec=layer.spec, call=layer
    )
    if layer.spec is None:
        row.problem_kind, row.problem = layer.problem_kind, layer.problem
    elif shape is None:
        row.problem_kind = "unbuilt" if blocked_by is None else "after-unknown"
        row.problem = (
            "the model has no input shape"
            if blocked_by is None
            else f"input unknown after {blocked_by}"
        )
    else:
        try:
            _check_dimensions(shape)
            output_shape, weights = layer.spec.apply(shape)
            _check_sizes(output_shape, weights)
            row.output_shape, row.weights = output_shape, weights
            row.output_shapes = _all_outputs(layer.spec, shape, row.output_shape)
        except KerasError as error:
            row.problem_kind, row.problem = "keras-error", str(error)
            row.error_type = type(error).__name__
        except Unresolved as error:
            row.problem_kind, row.problem = "unresolved", error.reason
    return row


MAX_TENSOR_ELEMENTS = 2**63 - 1
"""Keras's backends count a tensor's elements in 64-bit integers: JAX refuses a larger
dimension when a layer is built (a TypeError), and aborts the process on a larger product."""
MAX_DIM_BITS = 8192
"""Past this, a size is too large for paramlint to carry (printing it would fail)."""


def _check_dimensions(input_shape: Shape) -> None:
    """Keras's error for a stated input shape with a negative size (only a stated one can be)."""
    if any(isinstance(d, int) and d < 0 for d in input_shape):
        dims = [str(d) for d in input_shape[1:]]
        shape = f"({dims[0]},)" if len(dims) == 1 else f"({', '.join(dims)})"
        raise KerasError(
            f"Cannot convert '{shape}' to a shape. Negative dimensions are not allowed."
        )


def _check_sizes(output_shape: Shape, weights: list[Weight]) -> None:
    """Keras's error for a weight no backend can hold; an analysis limit for absurd sizes."""
    for weight in weights:
        count = weight.count
        dims = [d for d in weight.shape if isinstance(d, int)]
        if (isinstance(count, int) and count > MAX_TENSOR_ELEMENTS) or any(
            d > MAX_TENSOR_ELEMENTS for d in dims
        ):
            shape = "(" + ", ".join("None" if d is None else str(d) for d in weight.shape) + ")"
            raise KerasError(
                f"cannot create the weight `{weight.name}` of shape {shape}: a tensor of 2**63 "
                "elements or more (Keras's backends count elements in 64-bit integers)"
            )
    for dim in (*output_shape, *(weight.count for weight in weights)):
        if _bits(dim) > MAX_DIM_BITS:
            raise Unresolved(f"a size of more than {MAX_DIM_BITS:,} bits is too large to follow")


def _bits(dim: Dim | None) -> int:
    if isinstance(dim, int):
        return dim.bit_length()
    if isinstance(dim, Poly):
        return max((c.bit_length() for c in dim.terms.values()), default=0)
    return 0


def own_input_shape(model: ModelValue) -> Shape | None:
    """The batch shape a model is built on by its own code: its Input, or a built first model."""
    if isinstance(model.input_shape, Unknown):
        return None
    shape = _standardize(model.input_shape)
    if shape is None and model.layers and isinstance(model.layers[0], ModelValue):
        # Sequential._maybe_rebuild: a first layer that is itself a built model gives its input.
        return own_input_shape(model.layers[0])
    return shape


def _all_outputs(spec: LayerSpec, input_shape: Shape, first: Shape) -> tuple[Shape, ...]:
    several = getattr(spec, "output_shapes", None)
    return tuple(several(input_shape)) if several is not None else (first,)


def _standardize(batch_shape: tuple[object, ...] | None) -> Shape | None:
    """The input's batch shape with every dimension an int, None, or a symbol."""
    if batch_shape is None:
        return None
    dims: list[Dim] = []
    for index, dim in enumerate(batch_shape):
        if isinstance(dim, Unknown):
            dims.append(dim.as_symbol(f"input_dim_{index}"))
        elif dim is None or (isinstance(dim, (int, Poly)) and not isinstance(dim, bool)):
            dims.append(dim)
        else:
            return None
    return tuple(dims)


def substitute_report(model: ModelReport, values: Mapping[str, int]) -> ModelReport:
    """The report with the named symbols replaced by integers (a config's ``assume`` table)."""

    def dim(value: Dim) -> Dim:
        return value.substitute(values) if isinstance(value, Poly) else value

    def shape(value: Shape | None) -> Shape | None:
        return None if value is None else tuple(dim(d) for d in value)

    layers = [
        replace(
            layer,
            input_shape=shape(layer.input_shape),
            output_shape=shape(layer.output_shape),
            weights=None
            if layer.weights is None
            else [replace(w, shape=shape(w.shape) or ()) for w in layer.weights],
        )
        for layer in model.layers
    ]
    return replace(model, layers=layers, input_shape=shape(model.input_shape))
