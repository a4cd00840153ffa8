"""Property test: random functional graphs, analysed by paramlint and built by real Keras.

A Hypothesis strategy grows a directed acyclic graph of layer calls: each step applies a new
layer (drawn by the Sequential property test's own generators, so every layer fits its input)
to a tensor already in the graph, calls a shared layer again on another tensor of its input
shape, merges two tensors of one shape (a merge layer where the catalog has it, else ``a + b``),
applies an operator (``x * 0.5``, ``-x``, ``x[:, 0]``, ``keras.ops.concatenate``), or calls a
nested model (a functional model or a Sequential built earlier in the program). The graph is
written as source in the functional style, with one or two inputs and outputs, then:

* ``analyze_code`` reads the source statically;
* the same source is exec'd with real Keras (our own generated code);

and every operation of the model (Keras's ``model._operations``, InputLayers and operations
included) must agree: class, name, output shape, params, trainable, non-trainable and its
inbound tensors ("Connected to"), then the model's inputs, outputs and totals.

``PARAMLINT_FUNCTIONAL_EXAMPLES`` sets the number of examples (default 50). A failure is shrunk
to a minimal graph and its source written to ``tests/regressions/functional/``; every file there
is checked against Keras on every run.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.test_property_keras import KINDS, Call, _render_call, build_with_keras, family

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")
hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, assume, given, note, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.control import current_build_context  # noqa: E402

from paramlint.analyzer.api import analyze_code  # noqa: E402
from paramlint.analyzer.layers import CATALOG  # noqa: E402
from paramlint.render import format_output  # noqa: E402

summary_utils = pytest.importorskip("keras.src.utils.summary_utils")
MARKUP = re.compile(r"\[color\(\d+\)\]|\[/\]")
"""The rich markup Keras's summary puts around numbers."""

MAX_EXAMPLES = int(os.environ.get("PARAMLINT_FUNCTIONAL_EXAMPLES", "50"))
REGRESSIONS = Path(__file__).parent / "regressions" / "functional"
MAX_STEPS = 10
FAMILIES = ("dense", "conv", "pool", "norm", "reshape", "noise", "activation", "rnn")
"""Layer families the graph draws from (preprocessing layers are left to the Sequential test)."""

Shape = tuple  # non-batch dimensions


@dataclass
class Graph:
    """A drawn program: its lines, the tensors it made (variable, shape) and its inputs."""

    lines: list[str] = field(default_factory=list)
    tensors: list[tuple[str, Shape]] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    shared: list[tuple[str, Shape, Shape]] = field(default_factory=list)  # layer, input, output
    models: list[tuple[str, Shape, Shape]] = field(default_factory=list)  # nested model
    counter: int = 0

    def new(self, shape: Shape) -> str:
        self.counter += 1
        name = f"t{self.counter}"
        self.tensors.append((name, tuple(shape)))
        return name


def _draw_layer(draw, shape: Shape) -> tuple[Call, Shape] | None:
    options = [
        (name, gen)
        for name, applies, gen in KINDS
        if family(name) in FAMILIES and applies(shape, {"batch": None})
    ]
    if not options:
        return None
    families = sorted({family(name) for name, _ in options})
    chosen = draw(st.sampled_from(families))
    _, gen = draw(st.sampled_from([o for o in options if family(o[0]) == chosen]))
    call, out = gen(draw, shape, {"batch": None})
    return call, tuple(out)


def _merge(draw, graph: Graph, a: str, b: str, shape: Shape) -> None:
    merges = ["operator"]
    if "Add" in CATALOG:
        merges += ["add_layer", "add_function"]
    if len(shape) >= 1 and shape[-1] is not None:
        merges.append("ops_concatenate")
        if "Concatenate" in CATALOG:
            merges.append("concatenate_layer")
    how = draw(st.sampled_from(merges))
    if how == "operator":
        op = draw(st.sampled_from(["+", "-", "*"]))
        out = graph.new(shape)
        graph.lines.append(f"{out} = {a} {op} {b}")
    elif how == "add_layer":
        graph.lines.append(f"{graph.new(shape)} = layers.Add()([{a}, {b}])")
    elif how == "add_function":
        graph.lines.append(f"{graph.new(shape)} = layers.add([{a}, {b}])")
    else:
        joined = (*shape[:-1], shape[-1] * 2)
        if how == "concatenate_layer":
            graph.lines.append(f"{graph.new(joined)} = layers.Concatenate()([{a}, {b}])")
        else:
            graph.lines.append(f"{graph.new(joined)} = ops.concatenate([{a}, {b}], axis=-1)")


def _operator(draw, graph: Graph, x: str, shape: Shape) -> None:
    choices = ["scale", "negate", "shift", "flatten"]
    if len(shape) >= 2:  # (a reduction of a vector would leave a tensor of rank 1: (None,))
        choices += ["first_step", "last_steps", "mean"]
    if len(shape) >= 1 and shape[-1] is not None:
        choices += ["expand", "new_axis"]
    how = draw(st.sampled_from(choices))
    if how == "mean":
        keep = draw(st.booleans())
        out = (*shape[:-1], 1) if keep else shape[:-1]
        graph.lines.append(f"{graph.new(out)} = ops.mean({x}, axis=-1, keepdims={keep})")
        return
    if how == "flatten":
        size = math.prod(shape)
        graph.lines.append(f"{graph.new((size,))} = ops.reshape({x}, (-1, {size}))")
        return
    if how == "last_steps":
        graph.lines.append(f"{graph.new((min(2, shape[0]), *shape[1:]))} = {x}[:, -2:]")
        return
    if how == "new_axis":
        graph.lines.append(f"{graph.new((*shape, 1))} = {x}[..., None]")
        return
    if how == "scale":
        graph.lines.append(f"{graph.new(shape)} = {x} * {draw(st.sampled_from(['0.5', '2']))}")
    elif how == "negate":
        graph.lines.append(f"{graph.new(shape)} = -{x}")
    elif how == "shift":
        graph.lines.append(f"{graph.new(shape)} = 1 + {x}")
    elif how == "first_step":
        graph.lines.append(f"{graph.new(shape[1:])} = {x}[:, 0]")
    else:
        graph.lines.append(f"{graph.new((1, *shape))} = ops.expand_dims({x}, 1)")


def _states(draw, graph: Graph, x: str, shape: Shape) -> None:
    """An LSTM or GRU returning its states, and one started from them (seq2seq style)."""
    kind = draw(st.sampled_from(["LSTM", "GRU"]))
    units = draw(st.integers(1, 16))
    sequences = draw(st.booleans())
    out = (shape[0], units) if sequences else (units,)
    states = ["h", "c"] if kind == "LSTM" else ["h"]
    names = [graph.new(out), *(graph.new((units,)) for _ in states)]
    graph.lines.append(
        f"{', '.join(names)} = layers.{kind}({units}, return_sequences={sequences}, "
        f"return_state=True)({x})"
    )
    if draw(st.booleans()):
        initial = ", ".join(names[1:])
        graph.lines.append(
            f"{graph.new((shape[0], units))} = layers.{kind}({units}, return_sequences=True)"
            f"({x}, initial_state=[{initial}])"
        )


def _nested(draw, graph: Graph, shape: Shape) -> str | None:
    """Define a small model on this input shape (functional or Sequential); its variable."""
    drawn = _draw_layer(draw, shape)
    if drawn is None:
        return None
    call, out = drawn
    index = len(graph.models)
    name = f"block{index}"
    layer = _render_call(call, "layers.")
    style = draw(st.sampled_from(["functional", "sequential", "sequential_input"]))
    if style == "functional":
        graph.lines += [
            f"{name}_in = keras.Input(shape={shape!r})",
            f"{name} = keras.Model({name}_in, {layer}({name}_in), name='{name}')",
        ]
    elif style == "sequential":
        graph.lines.append(f"{name} = keras.Sequential([{layer}], name='{name}')")
    else:
        graph.lines.append(
            f"{name} = keras.Sequential([keras.Input(shape={shape!r}), {layer}], name='{name}')"
        )
    graph.models.append((name, shape, out))
    return name


@st.composite
def graphs(draw) -> str:
    graph = Graph()
    for index in range(draw(st.integers(1, 2))):
        start = draw(st.sampled_from(["vector", "sequence", "image"]))
        if start == "vector":
            shape: Shape = (draw(st.integers(1, 32)),)
        elif start == "sequence":
            shape = (draw(st.integers(2, 12)), draw(st.integers(1, 16)))
        else:
            size = st.integers(4, 16)
            shape = (draw(size), draw(size), draw(st.integers(1, 4)))
        name = f"inp{index}"
        graph.lines.append(f"{name} = keras.Input(shape={shape!r})")
        graph.tensors.append((name, shape))
        graph.inputs.append(name)
    for _ in range(draw(st.integers(1, MAX_STEPS))):
        x, shape = draw(st.sampled_from(graph.tensors))
        steps = ["layer", "layer", "layer", "shared", "merge", "op", "nested", "submodel"]
        if len(shape) == 2:
            steps.append("states")
        step = draw(st.sampled_from(steps))
        if step == "shared":
            fitting = [s for s in graph.shared if s[1] == shape]
            if fitting:
                layer, _, out = draw(st.sampled_from(fitting))
                graph.lines.append(f"{graph.new(out)} = {layer}({x})")
                continue
            if graph.shared and draw(st.integers(0, 3)) == 0:  # another shape: Keras decides
                layer, _, out = draw(st.sampled_from(graph.shared))
                graph.lines.append(f"{graph.new(out)} = {layer}({x})")
                continue
            step = "layer"
        if step == "states":
            _states(draw, graph, x, shape)
            continue
        if step == "submodel":  # a model over part of the graph; its output used on
            index = len(graph.models)
            graph.lines.append(f"sub{index} = keras.Model({graph.inputs[0]}, {x})")
            graph.models.append((f"sub{index}", (), ()))
            graph.tensors.append((f"sub{index}.output", shape))
            continue
        if step == "merge":
            partners = [t for t, s in graph.tensors if s == shape]
            graph_partner = draw(st.sampled_from(partners))
            _merge(draw, graph, x, graph_partner, shape)
            continue
        if step == "op":
            _operator(draw, graph, x, shape)
            continue
        if step == "nested":
            fitting = [m for m in graph.models if m[1] == shape and m[0].startswith("block")]
            if not fitting or draw(st.booleans()):
                if _nested(draw, graph, shape) is None:
                    continue
                fitting = [graph.models[-1]]
            model, _, out = draw(st.sampled_from(fitting))
            graph.lines.append(f"{graph.new(out)} = {model}({x})")
            continue
        drawn = _draw_layer(draw, shape)
        if drawn is None:
            continue
        call, out = drawn
        layer = _render_call(call, "layers.")
        if draw(st.integers(0, 3)) == 0:  # a layer kept in a variable, maybe called again later
            name = f"shared{len(graph.shared)}"
            graph.lines.append(f"{name} = {layer}")
            graph.shared.append((name, shape, out))
            graph.lines.append(f"{graph.new(out)} = {name}({x})")
        else:
            graph.lines.append(f"{graph.new(out)} = {layer}({x})")
    made = [t for t, _ in graph.tensors if t not in graph.inputs]
    assume(made)
    used = " ".join(line.split(" = ", 1)[-1] for line in graph.lines)
    words = set(
        used.replace("(", " ").replace(")", " ").replace(",", " ").replace("[", " ").split()
    )
    leaves = [t for t in made if t not in words]
    # Every leaf is an output (so every call is in the model, and an error Keras raises at any
    # call is one paramlint must report on the model), in a drawn order.
    outputs = draw(st.permutations(sorted({made[-1], *leaves})))
    ins_text = _structure(draw, graph.inputs)
    outs_text = _structure(draw, outputs)
    model = draw(
        st.sampled_from(
            [
                f"model = keras.Model({ins_text}, {outs_text})",
                f"model = keras.Model(inputs={ins_text}, outputs={outs_text}, name='graph')",
            ]
        )
    )
    header = ["import keras", "from keras import layers, ops", ""]
    return "\n".join([*header, *graph.lines, model]) + "\n"


def _structure(draw, names: list[str]) -> str:
    """One tensor, or a list or dict of them, as ``Model(inputs=, outputs=)`` takes them."""
    styles = ["list", "dict"] if len(names) > 1 else ["single", "single", "list"]
    style = draw(st.sampled_from(styles))
    if style == "single":
        return names[0]
    if style == "list":
        return f"[{', '.join(names)}]"
    keys = draw(st.permutations([f"k{i}" for i in range(len(names))]))
    return "{" + ", ".join(f"'{k}': {n}" for k, n in zip(keys, names, strict=True)) + "}"


# -- the oracle -----------------------------------------------------------------------------------


def _shape(tensor_shape) -> tuple:
    return tuple(None if d is None else int(d) for d in tensor_shape)


def _count(weights, trainable: bool | None = None) -> int:
    return sum(math.prod(w.shape) for w in weights if trainable is None or w.trainable == trainable)


def keras_facts(model) -> list[tuple]:
    """Per operation, as Keras's summary lists them: class, name, last call's output shape(s),
    weights by each variable's own flag, and the tensors feeding its calls in this model."""
    own = {id(n) for nodes in model._nodes_by_depth.values() for n in nodes}
    facts = []
    for operation in model._operations:
        weights = list(getattr(operation, "weights", []))
        inbound = [
            (
                t._keras_history.operation.name,
                t._keras_history.node_index,
                t._keras_history.tensor_index,
            )
            for node in operation._inbound_nodes
            if id(node) in own
            for t in node.input_tensors
        ]
        outputs = keras.tree.flatten(operation._inbound_nodes[-1].output_tensors)
        shapes = tuple(_shape(t.shape) for t in outputs)
        facts.append(
            (
                type(operation).__name__,
                operation.name,
                shapes[0] if len(shapes) == 1 else shapes,
                _count(weights),
                _count(weights, True),
                _count(weights, False),
                inbound,
            )
        )
    return facts


def paramlint_facts(report) -> list[tuple]:
    return [
        (
            row.class_name,
            row.name,
            row.output_shape if len(row.output_shapes) <= 1 else tuple(row.output_shapes),
            row.params,
            row.trainable,
            row.non_trainable,
            list(row.inbound or []),
        )
        for row in report.layers
    ]


def agrees_with_keras(source: str) -> bool:
    """Assert paramlint and Keras agree on the functional model the source builds; False when
    Keras rejects the program (then paramlint must have flagged it)."""
    report = analyze_code(source)
    model, error = build_with_keras(source)
    found = [m for m in report.models if m.variable == "model"]
    if error is not None:
        flagged = [
            row
            for m in report.models
            for row in m.layers
            if row.problem_kind in ("keras-error", "argument-error")
        ] or [e for m in report.models for e in m.errors]
        assert flagged, f"Keras rejects ({type(error).__name__}: {error}), paramlint not:\n{source}"
        return False
    assert len(found) == 1, f"paramlint found {len(report.models)} models in:\n{source}"
    ours = found[0]
    if any("the mask of" in reason for reason, _ in ours.uncertain) or any(
        "runs its graph again" in (row.problem or "") for row in ours.layers
    ):
        # Limits paramlint states: the operations computing a mask, a nested model called on
        # inputs of another shape than its own.
        return True
    expected, actual = keras_facts(model), paramlint_facts(ours)
    problems = [(r.name, r.problem_kind, r.problem) for r in ours.layers if r.problem_kind]
    table = "\n".join(
        f"    {'  ' if a == e else '!!'} keras {e}\n       ours  {a}"
        for e, a in zip(expected, actual + [None] * (len(expected) - len(actual)), strict=False)
    )
    message = (
        f"paramlint disagrees with Keras on:\n{source}\n{table}\n"
        f"  problems: {problems} uncertain: {ours.uncertain} errors: {ours.errors}"
    )
    assert actual == expected, message
    assert ours.complete, message
    assert ours.keras_name == model.name, message
    for row, operation in zip(ours.layers, model._operations, strict=True):
        keras_text = MARKUP.sub("", summary_utils.format_layer_shape(operation))
        assert format_output(row) == keras_text, f"{row.name}: summary shape\n{message}"
    printed: list[str] = []
    model.summary(print_fn=lambda line, **_: printed.append(line))
    keras_chain = not any("Connected to" in line for line in printed)
    assert ours.chain == keras_chain, f"Keras prints 'Connected to': {not keras_chain}\n{message}"
    assert [tuple(s) for s in ours.inputs] == [_shape(t.shape) for t in model.inputs], message
    assert [tuple(s) for s in ours.outputs] == [_shape(t.shape) for t in model.outputs], message
    totals = (ours.total(), ours.total(True), ours.total(False))
    keras_totals = (
        model.count_params(),
        _count(model.trainable_weights),
        _count(model.non_trainable_weights),
    )
    assert totals == keras_totals, f"totals {totals} != keras {keras_totals}\n{message}"
    return True


@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_paramlint_matches_keras_on_graphs(source: str) -> None:
    try:
        built = agrees_with_keras(source)
    except AssertionError:
        if current_build_context().is_final:
            note(f"kept as a regression fixture: {keep_as_regression(source)}")
        raise
    assume(built)


def keep_as_regression(source: str) -> Path:
    REGRESSIONS.mkdir(parents=True, exist_ok=True)
    path = REGRESSIONS / f"graph_{hashlib.sha256(source.encode()).hexdigest()[:12]}.py"
    header = "# Shrunk by Hypothesis from a failure of tests/test_property_functional.py.\n"
    path.write_text(header + source, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*.py")), ids=lambda path: path.stem)
def test_regression_graphs_match_keras(path: Path) -> None:
    agrees_with_keras(path.read_text(encoding="utf-8"))
