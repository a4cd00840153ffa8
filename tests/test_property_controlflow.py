"""Property test: random valid Sequential stacks wrapped in control flow paramlint cannot decide.

The stacks come from tests/test_property_keras.py's generator. Some of their sizes (units,
filters, input axes) are replaced by variables bound under a condition paramlint cannot evaluate
(an environment variable): two branches with a different size on each side, a loop over an
unknown range, a ``try`` around an import that fails, a ``while``, a ``return`` under the
condition, a ``global`` set by a function called under it, a ``break`` in a known loop. Some
programs also add a layer under such a condition. Real Keras runs the program on one path (the
variable unset); paramlint must then be, for every model:

* exact, and equal to Keras layer by layer; or
* symbolic: its formulas, with each variable set to the value Keras's path gave it, equal to
  Keras layer by layer; or
* uncertain (a layer may or may not be there);

never a number that holds on the other path only. Where both paths give the same size, the size
is known, so paramlint must be exactly as exact as on the stack written without control flow.

``PARAMLINT_CONTROLFLOW_EXAMPLES`` sets the number of examples (default 100).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
pytest.importorskip("keras")
pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from paramlint.analyzer.api import analyze_code
from paramlint.analyzer.dims import Poly
from paramlint.analyzer.infer import ModelReport, substitute_report
from tests.test_property_keras import (
    Call,
    Stack,
    build_with_keras,
    keras_facts,
    paramlint_facts,
    render,
    stacks,
    table,
)

MAX_EXAMPLES = int(os.environ.get("PARAMLINT_CONTROLFLOW_EXAMPLES", "100"))
PATH_VARIABLE = "PARAMLINT_CONTROLFLOW_PATH"  # never set: Keras takes the path where it is not
CONDITION = f'os.environ.get("{PATH_VARIABLE}") == "other"'
COUNT = f'int(os.environ.get("{PATH_VARIABLE}_COUNT", "0"))'
SIZED = {"Dense", "Conv1D", "Conv2D", "Conv3D", "SimpleRNN", "LSTM", "GRU"}
OUTCOMES: Counter[str] = Counter()


class Var:
    """A size written as a variable's name in the generated source."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


def bind(kind: str, name: str, keras_value: int, other: int) -> list[str]:
    """Lines that bind ``name`` to ``keras_value`` on Keras's path and ``other`` on the other."""
    if kind == "if-else":
        return [f"if {CONDITION}:", f"    {name} = {other}", "else:", f"    {name} = {keras_value}"]
    if kind == "if":
        return [f"{name} = {keras_value}", f"if {CONDITION}:", f"    {name} = {other}"]
    if kind == "try":
        return [
            "try:",
            "    import paramlint_no_such_module",
            f"    {name} = {other}",
            "except ImportError:",
            f"    {name} = {keras_value}",
        ]
    if kind == "for":
        return [f"{name} = {keras_value}", f"for _ in range({COUNT}):", f"    {name} = {other}"]
    if kind == "while":
        return [f"{name} = {keras_value}", f"while {CONDITION}:", f"    {name} = {other}"]
    if kind == "return":
        return [
            f"def pick_{name}():",
            f"    if {CONDITION}:",
            f"        return {other}",
            f"    return {keras_value}",
            f"{name} = pick_{name}()",
        ]
    if kind == "global":
        return [
            f"{name} = {keras_value}",
            f"def set_{name}():",
            f"    global {name}",
            f"    {name} = {other}",
            f"if {CONDITION}:",
            f"    set_{name}()",
        ]
    assert kind == "break"
    return [
        f"for {name} in [{keras_value}, {other}]:",
        f"    if not ({CONDITION}):",
        "        break",
    ]


BINDINGS = ("if-else", "if", "try", "for", "while", "return", "global", "break")
CHANGES = {
    "none": [],
    "for-add": [f"for _ in range({COUNT}):", "    model.add(keras.layers.Dense(3))"],
    "while-add": [f"while {CONDITION}:", "    model.add(keras.layers.Dense(3))"],
    "if-add": [f"if {CONDITION}:", "    model.add(keras.layers.Dense(3))"],
}


def sized_places(stack: Stack) -> list[tuple[str, int]]:
    """Where a size can become a variable: ("input", axis) or ("layer", index)."""
    places: list[tuple[str, int]] = []
    for axis, size in enumerate(stack.input_shape):
        if isinstance(size, int) and stack.input_style != "input_dim":
            places.append(("input", axis))
    for index, call in enumerate(stack.layers):
        if call.name in SIZED and call.args and isinstance(call.args[0], int):
            places.append(("layer", index))
    return places


@st.composite
def programs(draw: st.DrawFn) -> tuple[str, str, dict[str, int], bool, bool]:
    """(wrapped source, plain source, Keras's value of each variable, whether every path gives
    the same sizes, whether a layer may be added)."""
    stack = draw(stacks())
    places = sized_places(stack)
    assume(places)
    chosen = draw(st.lists(st.sampled_from(places), min_size=1, max_size=3, unique=True))
    shape = list(stack.input_shape)
    layers = list(stack.layers)
    lines: list[str] = []
    values: dict[str, int] = {}
    same = True
    for number, (where, index) in enumerate(chosen):
        name = f"size_{number}"
        if where == "input":
            keras_value, shape[index] = shape[index], Var(name)
        else:
            call = layers[index]
            keras_value = call.args[0]
            layers[index] = Call(call.name, [Var(name), *call.args[1:]], call.kwargs)
        other = draw(st.one_of(st.just(keras_value), st.integers(1, 64)))
        same = same and other == keras_value
        values[name] = keras_value
        lines += bind(draw(st.sampled_from(BINDINGS)), name, keras_value, other)
    change = "none"
    if stack.construction != "function":
        change = draw(st.sampled_from(list(CHANGES)))
    wrapped = replace(stack, input_shape=tuple(shape), layers=layers)
    header, _, body = render(wrapped).partition("\n\n")
    source = "\n".join(
        ["import os", "import keras", header, "", *lines, "", body, *CHANGES[change]]
    )
    return source + "\n", render(stack), values, same, change != "none"


def verdict(model: ModelReport) -> str:
    if not model.complete:
        return "uncertain"
    return "symbolic" if isinstance(model.total(), Poly) else "exact"


@pytest.fixture(scope="module", autouse=True)
def report_outcomes() -> Iterator[None]:
    yield
    if OUTCOMES:
        print(f"\ncontrol-flow property test: {dict(sorted(OUTCOMES.items()))}")


@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_undecidable_control_flow_is_exact_or_unknown_never_wrong(
    program: tuple[str, str, dict[str, int], bool, bool],
) -> None:
    source, plain, values, same, may_add = program
    note(source)
    keras_model, error = build_with_keras(source)
    assume(error is None)  # the generator's stack, on Keras's path: valid unless it is not
    report = analyze_code(source)
    assert len(report.models) == 1, source
    (found,) = report.models
    kind = verdict(found)
    OUTCOMES[kind] += 1
    expected = keras_facts(keras_model)
    refused = [r for r in found.layers if r.problem_kind in ("keras-error", "argument-error")]
    assert not refused, f"paramlint refuses a model Keras builds:\n{source}\n{refused}"
    if may_add:
        assert kind == "uncertain", f"a layer added under a condition, yet {kind}:\n{source}"
    if kind == "uncertain":
        return
    actual = paramlint_facts(substitute_report(found, values))
    assert actual == expected, (
        f"paramlint ({kind}) disagrees with Keras on its path:\n{source}\n"
        f"  keras:\n{table(expected)}\n  paramlint (variables set to Keras's values):\n"
        f"{table(actual)}"
    )
    if same and not may_add:
        (alone,) = analyze_code(plain).models
        if verdict(alone) == "exact":
            OUTCOMES["same on every path: exact"] += 1
            assert kind == "exact", f"every path gives the same sizes, yet {kind}:\n{source}"
