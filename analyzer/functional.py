"""The functional API as Keras 3 runs it: layers called on tensors, and ``keras.Model(inputs, outputs)``.

Calling a layer on tensors records a node (Keras's ``ops/node.py``): the tensors passed, the
layer, and the tensors it returns, whose shapes are computed at once (Keras computes them at
call time too, so user code can read ``x.shape[-1]``). The layer builds its weights on its first
call; later calls (a shared layer) must give the same weights, or Keras would refuse the input.
``keras.Model(inputs, outputs)`` walks the graph back from its outputs and orders its nodes and
layers by depth, as Keras's ``map_graph`` (``ops/function.py``) does.

A tensor paramlint cannot follow (made by an unknown call) is an Unknown; a layer called on one
gives a tensor of unknown shape, and a model built on such tensors is reported with what is known
and marked uncertain, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from . import custom
from .calls import build_call
from .dims import Shape
from .naming import Namer
from .operations import OperationSpec
from .source import Position
from .values import (
    CallResult,
    InputValue,
    LayerValue,
    ModelValue,
    NodeValue,
    TensorValue,
    Unknown,
)

MERGE_FUNCTIONS = {
    "add": "Add",
    "subtract": "Subtract",
    "multiply": "Multiply",
    "average": "Average",
    "maximum": "Maximum",
    "minimum": "Minimum",
    "concatenate": "Concatenate",
    "dot": "Dot",
}
"""``keras.layers.add([...])`` and friends: a new merge layer called on the list at once."""

_CALL_OPTIONS_IGNORED = frozenset({"training", "mask"})

NAMES_AT_BUILD = {
    "MultiHeadAttention": ("softmax", "dropout"),
    "GroupedQueryAttention": ("softmax", "dropout"),
}
"""Layers that create auto-named layers of their own when first called (built): Keras's
``_build_attention`` makes a ``Softmax`` and a ``Dropout``, which take the next ``softmax`` and
``dropout`` names of the session."""


def is_tensor_argument(value: object) -> bool:
    """A tensor, or a list/tuple/dict holding one: what makes a layer call a graph call."""
    if isinstance(value, TensorValue):
        return True
    if isinstance(value, (list, tuple)):
        return any(is_tensor_argument(v) for v in value)
    if isinstance(value, dict):
        return any(is_tensor_argument(v) for v in value.values())
    return False


def flatten_tensors(value: object) -> list[TensorValue]:
    if isinstance(value, TensorValue):
        return [value]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in flatten_tensors(v)]
    if isinstance(value, dict):  # keras.tree flattens a dict in the order of its sorted keys
        try:
            keys = sorted(value)
        except TypeError:
            keys = list(value)
        return [t for k in keys for t in flatten_tensors(value[k])]
    return []


def input_tensor(
    layer: LayerValue,
    batch_shape: tuple[object, ...] | Unknown,
    shape: Shape | None,
    where: Position,
) -> InputValue:
    """``keras.Input``: an InputLayer and the tensor its one node outputs."""
    problem = None if shape is not None else _unreadable(batch_shape)
    tensor = InputValue(shape, None, 0, problem, batch_shape=batch_shape, position=where)
    node = NodeValue(layer, [], [tensor], where, CallResult(outputs=(shape,) if shape else ()))
    tensor.node = node
    layer.nodes.append(node)
    layer.built = CallResult(outputs=node.result.outputs if node.result else (), weights=[])
    return tensor


def _unreadable(batch_shape: object) -> str:
    if isinstance(batch_shape, Unknown):
        return f"the input's shape is unknown: {batch_shape.reason}"
    return "the input's shape is unknown"


MASK_ARGUMENT = frozenset(
    {
        "SimpleRNN", "LSTM", "GRU", "RNN", "Bidirectional", "TimeDistributed", "ConvLSTM1D",
        "ConvLSTM2D", "ConvLSTM3D", "BatchNormalization", "GlobalAveragePooling1D", "Softmax",
        "MultiHeadAttention", "GroupedQueryAttention", "Attention", "AdditiveAttention",
    }
)  # fmt: skip
"""Layers whose ``call`` takes ``mask=``: Keras passes them the mask of a masked input, which
makes the operations computing the mask (``NotEqual``, ``Any``) part of the graph. paramlint
does not follow those yet: such a call makes the model uncertain (as does a masked input to a
nested model, whose ``call`` takes ``mask=`` too)."""


MASK_MERGES = frozenset(
    {"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot"}
)
"""Merge layers, whose ``compute_mask`` combines their inputs' masks with operations (named with
the shared counters: a later ``Concatenate`` is ``concatenate_2``): not followed yet either."""


def _mask_source(layer: LayerValue) -> tuple[str, ...] | None:
    """The operations a layer's ``compute_mask`` creates at each call (their names are taken),
    or None if its outputs carry no new mask."""
    if layer.class_name == "Masking":
        return ("not_equal", "any")
    if layer.class_name == "Embedding":
        positional, keywords = layer.arguments
        mask_zero = keywords.get("mask_zero", positional[6] if len(positional) > 6 else False)
        return ("not_equal",) if mask_zero is not False else None
    return None


def _masked(inputs: list[TensorValue]) -> str:
    return next((t.masked for t in inputs if t.masked), "")


def _mask_uncertainty(inputs: list[TensorValue]) -> str:
    source = _masked(inputs)
    if not source:
        return ""
    return (
        f"with the mask of {source} (Keras computes it with operations that join the graph "
        "or take names; paramlint does not follow them yet)"
    )


def _mark_masks(layer: LayerValue, node: NodeValue, namer: Namer | None) -> None:
    """Keras's ``compute_mask`` after a call: a new mask (its operations take their names), or
    the input's mask carried on (an over-approximation: only used to flag uncertainty)."""
    source = _mask_source(layer)
    if source is not None and namer is not None:
        for prefix in source:
            namer.auto_name(prefix)
    masked = f"{layer.name} ({layer.class_name})" if source is not None else _masked(node.inputs)
    for tensor in node.outputs:
        tensor.masked = masked


def call_layer(
    layer: LayerValue,
    positional: Sequence[object],
    keywords: dict[str, object],
    where: Position,
    namer: Namer | None = None,
    uncertain: str = "",
) -> Any:
    """``layer(x, ...)``: a node, and the output tensor (or the list of them, as Keras returns).

    ``uncertain`` says why the call may not run as written (a condition paramlint cannot
    decide): a model whose graph holds this node is then uncertain."""
    spec = layer.spec
    if namer is not None and not layer.nodes:
        for prefix in NAMES_AT_BUILD.get(layer.class_name, ()):
            namer.auto_name(prefix)
    names = getattr(spec, "call_inputs", ("inputs",)) if spec is not None else ("inputs",)
    tensors: dict[str, object] = {}
    options: dict[str, object] = {}
    rest = list(positional)
    for name in names:
        if rest:
            tensors[name] = rest.pop(0)
        elif name in keywords:
            tensors[name] = keywords[name]
    for key, value in keywords.items():
        if key not in tensors:
            options[key] = value
    extra_tensors = {k: v for k, v in options.items() if is_tensor_argument(v)}
    for key in extra_tensors:  # initial_state=, mask=...: tensors that do not change the shapes
        options.pop(key)
    # Keras's node.input_tensors: every tensor passed, positional ones first, then keywords
    # in sorted order (keras.tree flattens a dict by its sorted keys).
    inputs = flatten_tensors([*positional, *(keywords[k] for k in sorted(keywords))])
    unknown = [v for v in (*tensors.values(), *rest) if isinstance(v, Unknown)]
    if (layer.class_name in MASK_ARGUMENT and "mask" not in keywords) or (
        layer.class_name in MASK_MERGES
    ):
        uncertain = uncertain or _mask_uncertainty(inputs)
    node = NodeValue(layer, inputs, [], where, unknown=unknown, uncertain=uncertain)
    first = positional[0] if positional else None
    node.main = first if isinstance(first, TensorValue) else None
    layer.nodes.append(node)
    if layer.instance is not None and not custom.spec_keeps_numbers(layer.instance.cls):
        argument = positional[0] if positional else keywords.get("inputs")
        others = {k: v for k, v in keywords.items() if k != "inputs"}
        result = custom_layer_result(layer, argument, others)
        node.result = result
        if layer.built is None or layer.built.problem_kind is not None:
            layer.built = result
        return _outputs(node, result, len(result.outputs) > 1)
    result = _call_result(layer, tensors, options, unknown)
    node.result = result
    if result.outputs and result.problem_kind is None:
        if layer.built is None:
            layer.built = result
        elif layer.built.weights is not None and _refuses(layer, node, result):
            result = node.result = CallResult(
                problem_kind="keras-error",
                problem=(
                    f"layer '{layer.name}' was built on an input of another shape by its first "
                    "call; Keras refuses this input"
                ),
                error_type="IncompatibleInputError",
            )
    elif layer.built is None and result.problem_kind not in (None, "after-unknown"):
        layer.built = result
    returned = _outputs(node, result, len(result.outputs) > 1)
    _mark_masks(layer, node, namer)
    return returned


def call_operation(
    spec: OperationSpec,
    tensors: dict[str, object],
    where: Position,
    namer: Namer,
    uncertain: str = "",
) -> Any:
    """An operator or ``keras.ops`` function on tensors: Keras creates an operation, names it
    (``add``, ``get_item``...: the counters layers use) and records a node, as a layer call."""
    class_name = spec.class_name()
    operation = LayerValue(class_name, where, spec)
    operation.name = namer.name(class_name)
    inputs = flatten_tensors(list(tensors.values()))
    unknown = [v for v in _leaves(list(tensors.values())) if isinstance(v, Unknown)]
    node = NodeValue(operation, inputs, [], where, unknown=unknown, uncertain=uncertain)
    operation.nodes.append(node)
    shapes: dict[str, object] = {}
    result: CallResult | None = None
    for name, value in tensors.items():
        shape = _operand_shape(value)
        if shape is None:
            reason = unknown[0].reason if unknown else _why_unknown(value)
            result = CallResult(problem_kind="after-unknown", problem=f"input unknown: {reason}")
            break
        shapes[name] = shape
    if result is None:
        result = build_call(spec, shapes)
    node.result = result
    operation.built = result if result.problem_kind is None else None
    returned = _outputs(node, result, False)
    for tensor in node.outputs:
        tensor.masked = _masked(inputs)
    return returned


def _leaves(value: object) -> list[object]:
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


def _operand_shape(value: object) -> object:
    """A tensor's shape, ``()`` for a Python number (a constant), a list for a list; None if
    unknown."""
    if isinstance(value, TensorValue):
        return value.shape
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ()
    if isinstance(value, (list, tuple)):
        shapes = [_operand_shape(v) for v in value]
        return None if any(s is None for s in shapes) else shapes
    return None


def _call_result(
    layer: LayerValue,
    tensors: dict[str, object],
    options: dict[str, object],
    unknown: list[Unknown],
) -> CallResult:
    if layer.spec is None:
        return CallResult(problem_kind=layer.problem_kind, problem=layer.problem)
    shapes: dict[str, object] = {}
    for name, value in tensors.items():
        shape = _shape_of(value)
        if shape is None:
            reason = unknown[0].reason if unknown else _why_unknown(value)
            return CallResult(problem_kind="after-unknown", problem=f"input unknown: {reason}")
        shapes[name] = shape
    if "inputs" not in shapes and "inputs" in getattr(layer.spec, "call_inputs", ("inputs",)):
        return CallResult(problem_kind="after-unknown", problem="called without an input tensor")
    kept = {k: v for k, v in options.items() if k not in _CALL_OPTIONS_IGNORED}
    return build_call(layer.spec, shapes, kept)


def _shape_of(value: object) -> object:
    """The shape (or list of shapes) of a tensor argument; None if any is unknown."""
    if isinstance(value, TensorValue):
        return value.shape
    if isinstance(value, (list, tuple)):
        shapes = [_shape_of(v) for v in value]
        if any(s is None for s in shapes):
            return None
        return tuple(shapes) if isinstance(value, tuple) else shapes  # Attention refuses tuples
    return None


def _why_unknown(value: object) -> str:
    for tensor in flatten_tensors(value):
        if tensor.shape is None:
            return tensor.problem or "the shape of an input is unknown"
    if isinstance(value, Unknown):
        return value.reason
    return f"{value!r} is not a tensor"


INPUT_LOCKED = frozenset(
    {
        "Dense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
        "Conv3DTranspose", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D",
        "DepthwiseConv2D", "BatchNormalization", "GroupNormalization", "PReLU", "EinsumDense",
        "SpectralNormalization",
    }
)  # fmt: skip
"""Layers whose ``build`` sets an ``InputSpec`` from the first input (Dense's last axis, a
convolution's channels, BatchNormalization's rank and axis): a later call on an input the spec
refuses raises. Other layers take a later call of another shape: their output is computed for
it with the weights of the first build (a LayerNormalization shared by inputs of two sizes)."""
RANK_LOCKED = frozenset({"BatchNormalization", "GroupNormalization", "PReLU", "EinsumDense"})
"""Of those, the ones whose InputSpec also fixes the rank (``ndim=``)."""


def _refuses(layer: LayerValue, node: NodeValue, result: CallResult) -> bool:
    """Whether Keras refuses this later call of a built layer (its InputSpec, set at build)."""
    built = layer.built
    if built is None or layer.class_name not in INPUT_LOCKED:
        return False
    first = layer.nodes[0].inputs[0].shape if layer.nodes and layer.nodes[0].inputs else None
    later = node.inputs[0].shape if node.inputs else None
    if layer.class_name in RANK_LOCKED and (
        first is None or later is None or len(first) != len(later)
    ):
        return True
    return not _same_weights(built, result)


def _same_weights(first: CallResult, later: CallResult) -> bool:
    ours = [(w.name, w.shape) for w in first.weights or []]
    theirs = [(w.name, w.shape) for w in later.weights or []]
    return ours == theirs


def _outputs(node: NodeValue, result: CallResult, several: bool) -> Any:
    if result.problem_kind is not None or not result.outputs:
        reason = result.problem or "unknown output"
        tensor = TensorValue(None, node, 0, f"{operation_label(node.operation)}: {reason}")
        node.outputs = [tensor]
        return tensor
    node.outputs = [TensorValue(shape, node, i) for i, shape in enumerate(result.outputs)]
    return list(node.outputs) if several else node.outputs[0]


def custom_layer_result(
    layer: LayerValue, inputs: object, keywords: dict[str, object]
) -> CallResult:
    """A layer class of the analysed code called on ``inputs``: its build and call, followed."""
    instance = layer.instance
    assert instance is not None
    if instance.run is None:
        return CallResult(problem_kind="unresolved", problem="custom layer read from the cache")
    if isinstance(inputs, Unknown) or _shape_of(inputs) is None:
        return CallResult(
            problem_kind="after-unknown", problem=f"input unknown: {_why_unknown(inputs)}"
        )
    return custom.call_custom_layer(layer, inputs, keywords, instance.run)


def build_subclassed(model: ModelValue, batch_shape: tuple[object, ...]) -> None:
    """``model.build(shape)`` (or a first call) of a subclassed model: its ``call`` traced on a
    symbolic input of that shape, which builds its layers as Keras does."""
    from .models import standardize_shape

    instance = model.instance
    assert instance is not None
    build = custom.find_method(instance.cls, "build")
    if build is None or instance.run is None:
        # Keras's default Layer.build only marks the model built: its layers stay unbuilt
        # (0 params) until the model is called on data.
        if model.subclassed_result is None:
            model.subclassed_result = CallResult(outputs=(), weights=[])
        return
    shape = standardize_shape(batch_shape)
    if shape is None:
        model.subclassed_result = CallResult(
            problem_kind="unresolved", problem="unknown build shape"
        )
        return
    instance.built = True
    instance.run(build, [instance, shape], {})
    model.subclassed_result = CallResult(outputs=(), weights=[])


def trace_subclassed(model: ModelValue, inputs: object, keywords: dict[str, object]) -> CallResult:
    instance = model.instance
    assert instance is not None
    if instance.run is None or _shape_of(inputs) is None:
        return CallResult(problem_kind="after-unknown", problem="input unknown")
    owner = LayerValue(model.keras_name, model.position, None)  # the call protocol's view
    owner.instance = instance
    result = custom.call_custom_layer(owner, inputs, keywords, instance.run)
    model.inputs = flatten_tensors(inputs)
    model.subclassed_result = result
    return result


def call_model(
    model: ModelValue,
    positional: Sequence[object],
    keywords: dict[str, object],
    where: Position,
    chain_output: Callable[[ModelValue, Shape], CallResult],
    uncertain: str = "",
) -> Any:
    """A model used as a layer on tensors: one node; its outputs as the model computes them."""
    given = positional[0] if positional else keywords.get("inputs")
    inputs = flatten_tensors(given)
    unknown = [given] if isinstance(given, Unknown) else []
    uncertain = uncertain or _mask_uncertainty(inputs)
    node = NodeValue(model, inputs, [], where, unknown=unknown, uncertain=uncertain)
    node.main = given if isinstance(given, TensorValue) else None
    model.nodes.append(node)
    model.used_as_layer = True
    shapes = [t.shape for t in inputs]
    if unknown or not inputs or any(s is None for s in shapes):
        result = CallResult(problem_kind="after-unknown", problem="input unknown")
        if model.kind == "subclassed":  # Keras builds it on that input, whatever it is
            model.subclassed_result = CallResult(
                problem_kind="after-unknown",
                problem="called on a value paramlint cannot follow, which builds its layers",
            )
    elif model.kind == "subclassed":
        result = trace_subclassed(model, given, dict(keywords))
    elif model.kind == "application":
        result = application_call(model, inputs)
    elif model.kind == "functional":
        result = _functional_outputs(model, [s for s in shapes if s is not None])
    else:
        first = shapes[0]
        assert first is not None
        result = chain_output(model, first)
    node.result = result
    several = len(result.outputs) > 1
    returned = _outputs(node, result, several)
    for tensor in node.outputs:
        tensor.masked = _masked(inputs)
    return returned


def _functional_outputs(model: ModelValue, shapes: list[Shape]) -> CallResult:
    """The outputs of a functional model called on inputs of these shapes: its own outputs when
    they match its inputs (the usual case), else the graph run again on the new shapes."""
    own = [t.shape for t in model.inputs]
    if len(own) != len(shapes):
        return CallResult(
            problem_kind="keras-error",
            problem=f"model expects {len(own)} input(s), received {len(shapes)}",
            error_type="IncompatibleInputError",
        )
    for index, (a, b) in enumerate(zip(own, shapes, strict=True)):
        refusal = input_spec_refuses(a, b)
        if refusal:
            return CallResult(
                problem_kind="keras-error",
                problem=f"Input {index} of layer '{model.keras_name}' is incompatible with the "
                f"layer: {refusal}",
                error_type="IncompatibleInputError",
            )
    if all(a == b for a, b in zip(own, shapes, strict=True)):
        outputs = [t.shape for t in model.outputs]
        if any(s is None for s in outputs):
            return CallResult(problem_kind="after-unknown", problem="the model's output is unknown")
        return CallResult(outputs=tuple(s for s in outputs if s is not None), weights=[])
    return CallResult(
        problem_kind="unresolved",
        problem="the model is called on inputs of another shape than its own (Keras runs its "
        "graph again on them; not followed yet)",
    )


def input_spec_refuses(own: Shape | None, given: Shape) -> str:
    """Keras's check of a functional model's input (an ``InputSpec`` of its input's shape, batch
    axis free, ``allow_last_axis_squeeze``): why it refuses ``given``, or ""."""
    if own is None:
        return ""
    spec, shape = (None, *own[1:]), given
    if shape and shape[-1] == 1:
        shape = shape[:-1]
    if spec and spec[-1] == 1:
        spec = spec[:-1]
    for a, b in zip(spec, shape, strict=False):
        if a is not None and b is not None and a != b:
            dims = ", ".join("None" if d is None else str(d) for d in own)
            found = ", ".join("None" if d is None else str(d) for d in given)
            return f"expected shape=({dims}), found shape=({found})"
    return ""


def graph_attribute(owner: LayerValue | ModelValue, attr: str) -> object:
    """``model.output``, ``model.inputs``, ``layer.output``...: the tensors Keras keeps, or None."""
    if isinstance(owner, ModelValue) and owner.kind in ("functional", "application"):
        tensors = owner.inputs if attr.startswith("input") else owner.outputs
    elif owner.nodes:  # a layer (or a Sequential) called once: its node's tensors
        if len(owner.nodes) > 1:
            return None  # Keras raises: the layer has several inbound nodes
        node = owner.nodes[0]
        tensors = node.inputs if attr.startswith("input") else node.outputs
    else:
        return None
    if attr.endswith("s"):
        return list(tensors)
    return tensors[0] if len(tensors) == 1 else list(tensors)


def connect_application(model: ModelValue, input_name: str, where: Position) -> None:
    """An application's input and output tensors (``base.input``, ``base.output``): one node of
    the application itself, as its own layers are not listed."""
    from . import applications
    from .models import standardize_shape

    assert model.application is not None
    name, positional, keywords = model.application
    given = keywords.get("input_tensor")
    result = applications.create(name, positional, keywords)
    if isinstance(result, str):
        model.uncertain.append((f"{name}: {result}", where))
        result = CallResult(problem_kind="unresolved", problem=result)
    if isinstance(given, TensorValue):
        inputs = [given]
    else:
        from .layers import CATALOG

        layer = LayerValue("InputLayer", where, CATALOG["InputLayer"](batch_shape=()))
        layer.name = input_name or "input_layer"
        shape = _application_input(name, positional, keywords)
        inputs = [input_tensor(layer, shape, standardize_shape(shape), where)]
    node = NodeValue(model, inputs, [], where, result)
    model.nodes.append(node)
    model.inputs = inputs
    model.outputs = [TensorValue(s, node, i) for i, s in enumerate(result.outputs)]
    node.outputs = list(model.outputs)
    if not model.outputs:
        model.outputs = [TensorValue(None, node, 0, result.problem)]


def _application_input(
    name: str, positional: list[object], keywords: dict[str, object]
) -> tuple[object, ...]:
    from . import applications

    given = keywords.get("input_shape")
    if isinstance(given, (list, tuple)):
        return (None, *given)
    include_top = keywords.get("include_top", True)
    facts = applications.table().get(name, {})
    side = facts.get("default_size") if include_top else None
    return (None, side, side, 3)


def application_call(model: ModelValue, inputs: list[TensorValue]) -> CallResult:
    """An application called on a tensor: its numbers on that input's shape."""
    from . import applications

    assert model.application is not None
    name, positional, keywords = model.application
    result = applications.create(name, positional, {**keywords, "input_tensor": inputs[0]})
    if isinstance(result, str):
        return CallResult(problem_kind="unresolved", problem=f"{name}: {result}")
    return result


# -- keras.Model(inputs, outputs) -----------------------------------------------------------


def connect_model(
    model: ModelValue, inputs: object, outputs: object, where: Position, region: str = ""
) -> None:
    """Fill a functional model from its inputs and outputs, as Keras's ``Functional`` does."""
    model.kind = "functional"
    model.inputs = flatten_tensors(inputs)
    model.outputs = flatten_tensors(outputs)
    for label, value in (("inputs", inputs), ("outputs", outputs)):
        if isinstance(value, Unknown):
            model.uncertain.append((f"the model's {label} are unknown: {value.reason}", where))
        elif not flatten_tensors(value):
            model.uncertain.append(
                (f"the model's {label} are not tensors paramlint follows", where)
            )
        else:
            for leaf in _structure_leaves(value):
                if not isinstance(leaf, TensorValue):
                    reason = (
                        leaf.reason if isinstance(leaf, Unknown) else f"{leaf!r} is not a tensor"
                    )
                    model.uncertain.append(
                        (f"one of the model's {label} is unknown: {reason}", where)
                    )
    first = model.inputs[0] if model.inputs else None
    if isinstance(first, InputValue):
        model.input_shape = first.batch_shape
        model.input_position = first.position
    nodes, operations, problems = map_graph(model.inputs, model.outputs, region)
    model.graph_nodes = nodes
    model.layers = operations
    model.chain = is_chain(nodes)
    for message in problems:
        model.uncertain.append((message, where))
    # A name paramlint could not read (an f-string, a variable) is not known to clash.
    names = [n for n in (operation_name(op) for op in operations) if not n.startswith("<")]
    for name in sorted({n for n in names if names.count(n) > 1}):
        model.errors.append(
            (
                f'The name "{name}" is used {names.count(name)} times in the model. All '
                "operation names should be unique.",
                where,
                "DuplicateName",
            )
        )
    missing = disconnected_inputs(nodes, model.inputs)
    if missing:
        model.errors.append(
            (
                "Output with path `` is not connected to `inputs` (Keras's error): it is "
                f"computed from the Input {', '.join(repr(n) for n in missing)}, which is not "
                "among the model's inputs",
                where,
                "GraphDisconnected",
            )
        )


def _structure_leaves(value: object) -> list[object]:
    """The leaves of a nested list/tuple/dict of tensors (what keras.tree flattens)."""
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in _structure_leaves(v)]
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _structure_leaves(v)]
    return [value]


def map_graph(
    inputs: list[TensorValue], outputs: list[TensorValue], region: str = ""
) -> tuple[list[NodeValue], list[LayerValue | ModelValue], list[str]]:
    """Keras's ``map_graph``: the graph's nodes and operations ordered by depth (inputs first),
    and what stops it being followed exactly (a tensor paramlint could not trace)."""
    input_ids = {id(t) for t in inputs}
    order: list[NodeValue] = []  # Keras's nodes_in_decreasing_depth
    finished: set[int] = set()
    operation_index: dict[int, int] = {}
    problems: list[str] = []
    for output in outputs:
        stack: list[tuple[TensorValue, bool]] = [(output, False)]
        while stack:  # _build_map_helper, without recursion
            tensor, done = stack.pop()
            node = tensor.node
            if node is None or (id(node) in finished and not done):
                continue
            if done:
                finished.add(id(node))
                order.append(node)
                continue
            if not _is_input_node(node) and id(tensor) in input_ids:
                finished.add(id(node))
                continue
            operation_index.setdefault(id(node.operation), len(operation_index))
            stack.append((tensor, True))
            if not _is_input_node(node):
                if node.uncertain and node.uncertain != region:  # not on every path of the model
                    problems.append(
                        f"{operation_label(node.operation)} at {node.position.render()} is "
                        f"called {node.uncertain}"
                    )
                for unknown in node.unknown:
                    problems.append(
                        f"{operation_label(node.operation)} at {node.position.render()} is "
                        f"called on a value paramlint cannot follow: {unknown.reason}"
                    )
                stack.extend((parent, False) for parent in reversed(node.inputs))
    in_graph = {id(n) for n in order}
    depth: dict[int, int] = {}
    operation_depth: dict[int, int] = {}
    operations: dict[int, LayerValue | ModelValue] = {}
    for node in reversed(order):
        node_depth = max(depth.setdefault(id(node), 0), operation_depth.get(id(node.operation), 0))
        operation_depth[id(node.operation)] = depth[id(node)] = node_depth
        operations[id(node.operation)] = node.operation
        for parent in node.inputs:
            if parent.node is not None and id(parent.node) in in_graph:
                key = id(parent.node)
                depth[key] = max(node_depth + 1, depth.get(key, 0))
    for tensor in inputs:  # an input not connected to the outputs is still the model's
        node = tensor.node
        if node is not None and _is_input_node(node) and id(node.operation) not in operations:
            operation_depth[id(node.operation)], operation_index[id(node.operation)] = 0, -1
            operations[id(node.operation)] = node.operation
            depth[id(node)] = 0
            order.append(node)
    nodes = sorted(order, key=lambda n: -depth[id(n)])  # stable: traversal order within a depth
    ordered = sorted(
        operations.values(),
        key=lambda op: (-operation_depth[id(op)], operation_index[id(op)]),
    )
    return nodes, ordered, problems


def is_chain(nodes: list[NodeValue]) -> bool:
    """Keras's summary test for printing a functional model without "Connected to": one node
    per depth, none fed by more than one tensor, and no layer called twice in the graph."""
    depths: dict[int, int] = {}
    parents = {id(n): [t.node for t in n.inputs if t.node is not None] for n in nodes}
    in_graph = {id(n) for n in nodes}
    for node in reversed(nodes):  # outputs first: a node's depth is 1 + its deepest child's
        depths.setdefault(id(node), 0)
        for parent in parents[id(node)]:
            if id(parent) in in_graph:
                depths[id(parent)] = max(depths.get(id(parent), 0), depths[id(node)] + 1)
    per_depth: dict[int, int] = {}
    for node in nodes:
        per_depth[depths[id(node)]] = per_depth.get(depths[id(node)], 0) + 1
        if len(node.inputs) > 1:
            return False
    if any(count > 1 for count in per_depth.values()):
        return False
    operations = [id(n.operation) for n in nodes]
    return len(operations) == len(set(operations))


def _is_input_node(node: NodeValue) -> bool:
    return isinstance(node.operation, LayerValue) and node.operation.class_name == "InputLayer"


def operation_name(operation: LayerValue | ModelValue) -> str:
    return operation.name if isinstance(operation, LayerValue) else operation.keras_name


def operation_label(operation: LayerValue | ModelValue) -> str:
    """``dense_1 (Dense)``, as Keras's summary names a row."""
    if isinstance(operation, LayerValue):
        return f"{operation.name} ({operation.class_name})"
    kind = "Sequential" if operation.kind == "sequential" else "Functional"
    return f"{operation.keras_name} ({kind})"


def disconnected_inputs(nodes: list[NodeValue], inputs: list[TensorValue]) -> list[str]:
    """Keras's check that every output is computed from the inputs: the ``Input`` layers reached
    from the outputs that are not among the model's inputs."""
    input_ids = {id(t) for t in inputs}
    return [
        operation_name(node.operation)
        for node in nodes
        if _is_input_node(node) and not any(id(t) in input_ids for t in node.outputs)
    ]
