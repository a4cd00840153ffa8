"""From a model's layers to its report: each layer's output shape and weights, and the totals.

Shapes flow from the input through the layers in order. A layer whose answer is unknown (not in
the catalog, an unresolved argument) or wrong (Keras would raise) is reported as such, and the
layers after it have an unknown input; the layers before it keep their exact numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .calls import build_call
from .custom import all_weights, spec_keeps_numbers, tracked_layers
from .dims import Dim, Poly, Shape
from .functional import custom_layer_result, input_spec_refuses
from .layers import KerasError, LayerSpec, Unresolved, Weight
from .layers.base import DTYPE_BYTES
from .models import standardize_shape
from .naming import Namer, to_snake_case
from .source import Position
from .trainable import both, row_flag, settled
from .unknown_inputs import symbolic_input
from .values import CallResult, LayerValue, ModelValue, NodeValue, TensorValue, Unknown

__all__ = ["LayerReport", "ModelReport", "Namer", "infer_model", "to_snake_case"]


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
    # In a functional model: the tensors each call of the layer received, as Keras's "Connected
    # to" names them: (layer name, node index, tensor index). None in a Sequential.
    inbound: list[tuple[str, int, int]] | None = None
    # Keras's ``layer.trainable`` for this row at the end of the file (see trainable.py).
    trainable_flag: bool | Unknown = True

    @property
    def params(self) -> Dim | None:
        return _sum_counts(self.weights, None)

    @property
    def trainable(self) -> Dim | None:
        return _sum_counts(self.weights, True, self.trainable_flag)

    @property
    def non_trainable(self) -> Dim | None:
        return _sum_counts(self.weights, False, self.trainable_flag)

    @property
    def flops(self) -> Dim | None:
        """XLA's flop count of this layer on one sample (see layers/flops.py); None if unknown."""
        return self._count("flops")

    @property
    def macs(self) -> Dim | None:
        """The multiply-accumulates of one sample; None for a layer with none, or unknown."""
        return self._count("macs")

    def _count(self, what: str) -> Dim | None:
        if self.spec is None or self.problem_kind is not None or self.input_shape is None:
            return None
        if self.nested is not None or (self.inbound is not None and len(self.inbound) != 1):
            return None  # a nested model, or a layer called more than once: not counted yet
        try:
            return getattr(self.spec, what)(self.input_shape)
        except (KerasError, Unresolved):
            return None


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
    kind: str = "sequential"  # or "functional"
    # A functional model's inputs and outputs (shapes; None where unknown).
    inputs: list[Shape | None] = field(default_factory=list)
    outputs: list[Shape | None] = field(default_factory=list)
    # Errors Keras raises when it creates the model: (message, position, error type).
    errors: list[tuple[str, Position, str]] = field(default_factory=list)
    # Keras's ``model.trainable`` at the end of the file (see trainable.py).
    trainable_flag: bool | Unknown = True
    # A functional model whose graph is a chain: Keras's summary prints no "Connected to".
    chain: bool = False

    @property
    def built(self) -> bool:
        """Keras builds it: it states an input shape (even one paramlint cannot read)."""
        if self.is_symbolic_twin:
            return False
        if self.kind != "sequential":
            return True  # Keras builds a functional model when it creates it
        return self.input_shape is not None or self.input_unreadable

    @property
    def input_unreadable(self) -> bool:
        return self.value is not None and isinstance(self.value.input_shape, Unknown)

    @property
    def complete(self) -> bool:
        """Every layer's numbers are known and the structure is certain."""
        return (
            (self.input_shape is not None or self.kind != "sequential")
            and not self.uncertain
            and not self.errors
            and all(r.problem_kind is None or _built_empty(r) for r in self.layers)
        )

    @property
    def display_name(self) -> str:
        """The name people know it by: the ``name=`` they gave, else its variable."""
        given = self.value is not None and isinstance(self.value.name, str)
        return self.keras_name if given else (self.variable or self.keras_name)

    def total(self, trainable: bool | None = None) -> Dim | None:
        if not self.complete:
            return None
        return _sum_counts(self.unique_weights(), trainable, self.trainable_flag)

    def unique_weights(self) -> list[Weight]:
        """Every weight of the model once: a functional model used both inside a nested model
        and on its own holds the same variables twice, and Keras counts them once."""
        seen: set[int] = set()
        unique: list[Weight] = []
        for row in self.layers:
            for weight in row.weights or []:
                if id(weight) not in seen:
                    seen.add(id(weight))
                    unique.append(weight)
        return unique

    def flops(self) -> Dim | None:
        """The sum of the rows' FLOPs; None if any is unknown (or the model is incomplete)."""
        return self._sum_rows("flops")

    def macs(self) -> Dim | None:
        """The sum of the rows' MACs; None if any is unknown."""
        return self._sum_rows("macs")

    def _sum_rows(self, what: str) -> Dim | None:
        if not self.complete:
            return None
        total: Dim = 0
        for row in self.layers:
            count = getattr(row, what)
            if count is None:
                return None
            total = total + count
        return total

    def weight_bytes(self, trainable: bool | None = None, dtype: str | None = None) -> Dim | None:
        if not self.complete:
            return None
        total: Dim = 0
        for weight in self.unique_weights():
            counted = both(weight.trainable, self.trainable_flag)
            if trainable is not None and counted is None:
                return None
            if trainable is not None and counted != trainable:
                continue
            size = DTYPE_BYTES.get(dtype or weight.dtype or "")
            if size is None:
                return None
            total = total + weight.count * size  # type: ignore[operator]
        return total


def _built_empty(row: LayerReport) -> bool:
    """A layer of a subclassed model Keras leaves unbuilt: it holds no weights yet (0)."""
    return row.problem_kind == "unbuilt" and row.weights == []


def _sum_counts(
    weights: list[Weight] | None, trainable: bool | None, flag: bool | Unknown = True
) -> Dim | None:
    """The weights' count: all of them, or those that are (not) trainable seen through the
    object's ``trainable`` flag; None when that split is unknown."""
    if weights is None:
        return None
    total: Dim = 0
    for weight in weights:
        counted = both(weight.trainable, flag)
        if trainable is not None and counted is None:
            return None
        if trainable is None or counted == trainable:
            total = total + weight.count  # type: ignore[operator]
    return total


def infer_model(
    model: ModelValue,
    path: str,
    input_shape: Shape | None = None,
    symbolic_unbuilt: bool = True,
) -> ModelReport:
    """Run the model's layers from its input shape (or the one given, for a nested model)."""
    if model.kind != "sequential":
        return _infer_functional(model, path)
    batch_shape = input_shape if input_shape is not None else own_input_shape(model)
    assumption = None
    if batch_shape is None and isinstance(model.input_shape, Unknown):
        # Keras builds it (the input is stated), paramlint cannot read it: symbols stand in.
        symbolic = symbolic_input(
            model.layers,
            f"input shape unknown: {model.input_shape.reason}",
            str(model.input_shape.source),
        )
        if symbolic is not None:
            batch_shape, assumption = symbolic
    report = ModelReport(
        path=path,
        position=model.position,
        keras_name=model.keras_name or to_snake_case("Sequential"),
        variable=model.variable,
        function=model.function,
        defaults_used=model.defaults_used,
        occurrence=model.occurrence,
        input_shape=batch_shape,
        input_position=model.input_position,
        uncertain=list(model.uncertain),
        input_assumption=assumption,
        value=model,
        trainable_flag=model.trainable,
        errors=list(model.errors),
    )
    shape: Shape | None = batch_shape
    blocked_by: str | None = None
    for layer in model.layers:
        row = _infer_layer(layer, shape, blocked_by, path)
        report.layers.append(row)
        shape = row.output_shape
        stated = batch_shape is not None or model.input_shape is not None  # Keras builds it
        if shape is None and blocked_by is None and stated:
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
    twin = infer_model(model, path, shape, symbolic_unbuilt=False)
    twin.input_assumption = assumption
    twin.is_symbolic_twin = True
    return twin


def _infer_layer(
    layer: LayerValue | ModelValue,
    shape: Shape | None,
    blocked_by: str | None,
    path: str,
) -> LayerReport:
    if isinstance(layer, ModelValue):
        return _nested_row(layer, shape, path)
    name = layer.name or to_snake_case(layer.class_name)
    row = LayerReport(
        layer.class_name, name, layer.position, shape, None, None, spec=layer.spec, call=layer
    )
    if layer.instance is not None and not spec_keeps_numbers(layer.instance.cls):
        if shape is None:
            row.problem_kind = "unbuilt" if blocked_by is None else "after-unknown"
            row.problem = (
                "the model has no input shape"
                if blocked_by is None
                else f"input unknown after {blocked_by}"
            )
        else:
            _fill_row(row, custom_layer_result(layer, TensorValue(shape, None), {}))
    elif layer.spec is None:
        row.problem_kind, row.problem = layer.problem_kind, layer.problem
        row.error_type = layer.error_type
    elif shape is None:
        row.problem_kind = "unbuilt" if blocked_by is None else "after-unknown"
        row.problem = (
            "the model has no input shape"
            if blocked_by is None
            else f"input unknown after {blocked_by}"
        )
    else:
        _fill_row(row, build_call(layer.spec, {"inputs": shape}))
    return row


def _fill_row(row: LayerReport, result: CallResult) -> None:
    if result.problem_kind is None and not result.outputs:  # an Input of unknown shape
        result = CallResult(problem_kind="unresolved", problem="its output's shape is unknown")
    if result.problem_kind is not None:
        row.problem_kind, row.problem = result.problem_kind, result.problem
        row.error_type = result.error_type
        return
    row.output_shape, row.weights = result.outputs[0], result.weights
    row.output_shapes = result.outputs
    if row.call is not None:  # the flag the code left on the layer decides its weights' flags
        row.weights = settled(row.weights, row.call.trainable)
        row.trainable_flag = row_flag(row.call)


def _application_row(model: ModelValue, shape: Shape | None) -> LayerReport:
    """A keras.applications model: one row (Keras's own counts), its layers not listed."""
    row = LayerReport("Functional", model.keras_name, model.position, shape, None, None)
    node = model.nodes[0] if model.nodes else None
    result = node.result if node is not None else None
    _fill_row(row, result or CallResult(problem_kind="unresolved", problem="unknown"))
    if row.weights is not None:  # `base.trainable = False` freezes all of it
        row.weights = settled(row.weights, model.trainable)
    row.trainable_flag = model.trainable
    return row


def _nested_row(layer: ModelValue, shape: Shape | None, path: str) -> LayerReport:
    """A model used as a layer: one row, its output, and the weights of all its layers."""
    if layer.kind == "application":
        return _application_row(layer, shape)
    if layer.kind == "functional":
        nested = infer_model(layer, path)
        out = nested.outputs[0] if len(nested.outputs) == 1 else None
        kind = "Functional"
    else:
        if shape is not None and own_input_shape(layer) is None and layer.nested_use_shape is None:
            layer.nested_use_shape = shape  # Keras builds the inner model on this shape
        nested = infer_model(layer, path, shape if own_input_shape(layer) is None else None)
        out = nested.layers[-1].output_shape if nested.layers else shape
        kind = "Sequential"
    row = LayerReport(kind, nested.keras_name, layer.position, shape, None, None, nested=nested)
    row.trainable_flag = layer.trainable
    if nested.complete:
        row.output_shape = out
        row.output_shapes = tuple(s for s in nested.outputs if s is not None) or (
            (out,) if out is not None else ()
        )
        row.weights = [w for r in nested.layers for w in (r.weights or [])]
    else:
        row.problem_kind, row.problem = "unresolved", "nested model's numbers are not all known"
    return row


def chain_output(model: ModelValue, shape: Shape) -> CallResult:
    """A Sequential called on a tensor of this shape: its output (Keras builds it on that shape
    if it has no input of its own). Called later on another shape, Keras checks it against
    the shape it was built on and runs its graph again on it (not followed: unresolved)."""
    own = own_input_shape(model) or model.nested_use_shape
    if own is not None and tuple(own) != tuple(shape):
        refusal = input_spec_refuses(own, shape)
        if refusal:
            return CallResult(
                problem_kind="keras-error",
                problem=f"Input 0 of layer '{model.keras_name}' is incompatible with the layer: "
                f"{refusal}",
                error_type="IncompatibleInputError",
            )
        return CallResult(
            problem_kind="unresolved",
            problem="the model is called on inputs of another shape than its own (Keras runs its "
            "graph again on them; not followed yet)",
        )
    row = _nested_row(model, shape, "")
    if row.problem_kind is not None or row.output_shape is None:
        return CallResult(problem_kind="unresolved", problem="the nested model's output is unknown")
    return CallResult(outputs=(row.output_shape,), weights=[])


def _infer_functional(model: ModelValue, path: str) -> ModelReport:
    """A functional model: one row per operation in Keras's order (InputLayers first), the shapes
    its nodes computed when the code called the layers, the weights each layer built once."""
    report = ModelReport(
        path=path,
        position=model.position,
        keras_name=model.keras_name or "functional",
        variable=model.variable,
        function=model.function,
        defaults_used=model.defaults_used,
        occurrence=model.occurrence,
        input_shape=model.inputs[0].shape if len(model.inputs) == 1 else None,
        input_position=model.input_position,
        uncertain=list(model.uncertain),
        value=model,
        kind=model.kind,
        inputs=[t.shape for t in model.inputs],
        outputs=[t.shape for t in model.outputs],
        errors=list(model.errors),
        trainable_flag=model.trainable,
        chain=model.chain,
    )
    if model.kind == "subclassed":
        return _subclassed_rows(model, report)
    if model.kind == "application":
        report.layers.append(_application_row(model, report.input_shape))
        return report
    in_model = {id(node) for node in model.graph_nodes}
    for operation in model.layers:
        own = [n for n in operation.nodes if id(n) in in_model]
        report.layers.append(_functional_row(operation, own, path))
    return report


def _subclassed_rows(model: ModelValue, report: ModelReport) -> ModelReport:
    """A subclassed model as Keras's summary lists it: the layers it tracks, each with the shape
    of its last call and its count; built once ``build()`` or a call traced its ``call``."""
    instance = model.instance
    result = model.subclassed_result
    report.input_shape = model.inputs[0].shape if len(model.inputs) == 1 else None
    if instance is None or result is None:
        report.uncertain.append(
            (
                "the subclassed model is never built (no build() or call paramlint follows)",
                model.position,
            )
        )
        return report
    if result.problem_kind is not None:
        report.uncertain.append((result.problem or "its call() cannot be followed", model.position))
    report.outputs = list(result.outputs)
    if not result.outputs:  # build() without a call: Keras builds none of its layers
        report.input_shape = None
    own = instance.weights
    if own:
        report.layers.append(
            LayerReport(model.keras_name, "(own weights)", model.position, None, None, list(own))
        )
    for sub in tracked_layers(instance):
        report.layers.append(_tracked_row(sub, report.path))
    return report


def _tracked_row(sub: LayerValue | ModelValue, path: str) -> LayerReport:
    if isinstance(sub, ModelValue):
        return _nested_row(sub, None, path)
    name = sub.name or to_snake_case(sub.class_name)
    row = LayerReport(sub.class_name, name, sub.position, None, None, None, spec=sub.spec, call=sub)
    if not sub.nodes:
        row.problem_kind, row.problem = "unbuilt", "never called: Keras has not built it"
        row.weights = []
        return row
    first = sub.nodes[0]
    row.input_shape = first.inputs[0].shape if len(first.inputs) == 1 else None
    if sub.instance is not None and not spec_keeps_numbers(sub.instance.cls):
        last = sub.nodes[-1].result
        weights = all_weights(sub)
        if last is None or last.problem_kind is not None or weights is None:
            _fill_row(row, last or CallResult(problem_kind="unresolved", problem="unknown"))
        else:
            _fill_row(row, CallResult(outputs=last.outputs, weights=weights))
        return row
    _fill_row(row, _layer_result(sub, sub.nodes))
    return row


def _functional_row(
    operation: LayerValue | ModelValue, nodes: list[NodeValue], path: str
) -> LayerReport:
    first = nodes[0] if nodes else None
    main = first.main if first is not None else None
    shape = main.shape if main is not None else None
    if isinstance(operation, ModelValue):
        row = _nested_row(operation, shape, path)
        failed = [n.result for n in nodes if n.result is not None and n.result.problem_kind]
        last = operation.nodes[-1].result if operation.nodes else None  # Keras shows the last
        if failed:  # the call itself is refused or not followed: the row says why
            row.problem_kind, row.problem = failed[0].problem_kind, failed[0].problem
            row.error_type = failed[0].error_type
            row.output_shape, row.output_shapes, row.weights = None, (), None
        elif row.problem_kind is None and last is not None and last.outputs:
            row.output_shape, row.output_shapes = last.outputs[0], last.outputs
    else:
        name = operation.name or to_snake_case(operation.class_name)
        row = LayerReport(
            operation.class_name, name, operation.position, shape, None, None,
            spec=operation.spec, call=operation,
        )  # fmt: skip
        _fill_row(row, _layer_result(operation, nodes))
    row.inbound = [
        (_producer_name(t), _node_index(t), t.index) for node in nodes for t in node.inputs
    ]
    return row


def _layer_result(layer: LayerValue, nodes: list[NodeValue]) -> CallResult:
    """The row's numbers: the weights of the layer's first build, the shapes of its last call
    (Keras's summary shows the last inbound node's output), or the first problem of its calls."""
    if layer.spec is None and layer.instance is None and layer.class_name != "InputLayer":
        return CallResult(problem_kind=layer.problem_kind, problem=layer.problem)
    for node in nodes:
        if node.result is None or node.result.problem_kind is not None:
            return node.result or CallResult(problem_kind="after-unknown", problem="not called")
    built = layer.built
    if built is None or built.weights is None:
        return CallResult(problem_kind="after-unknown", problem="the layer was never built")
    last = layer.nodes[-1].result
    outputs = last.outputs if last is not None and last.outputs else built.outputs
    return CallResult(outputs=outputs, weights=built.weights)


def _producer_name(tensor: object) -> str:
    node = getattr(tensor, "node", None)
    if node is None:
        return "?"
    operation = node.operation
    return operation.name if isinstance(operation, LayerValue) else operation.keras_name


def _node_index(tensor: object) -> int:
    node = getattr(tensor, "node", None)
    if node is None:
        return 0
    for index, candidate in enumerate(node.operation.nodes):
        if candidate is node:
            return index
    return 0


def own_input_shape(model: ModelValue) -> Shape | None:
    """The batch shape a model is built on by its own code: its Input, or a built first model."""
    if model.kind != "sequential":  # a functional model, an application: its Input
        return model.inputs[0].shape if len(model.inputs) == 1 else None
    if isinstance(model.input_shape, Unknown):
        return None
    shape = standardize_shape(model.input_shape)
    if shape is None and model.layers and isinstance(model.layers[0], ModelValue):
        # Sequential._maybe_rebuild: a first layer that is itself a built model gives its input.
        return own_input_shape(model.layers[0])
    return shape


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
