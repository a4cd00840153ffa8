"""`paramlint summary` with the options of Keras's own `model.summary()` (expand_nested,
show_trainable, layer_range, line_length) prints what Keras prints: each fixture is built with
real Keras, its summary captured with `print_fn`, and the whole text after the `Model:` line (the
table with rich's borders, wrapped cells, and the totals) compared line by line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paramlint.analyzer.api import analyze_file
from paramlint.render import SummaryOptions, render_summary

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "summary_options"
OPTIONS = [
    {},
    {"expand_nested": True},
    {"show_trainable": True},
    {"expand_nested": True, "show_trainable": True},
    {"line_length": 60},
    {"line_length": 100, "expand_nested": True},
    {"line_length": 130, "show_trainable": True},
]
VARIABLES = {"nested_feature_extractor.py": ["model", "scaled", "frozen_probe"]}
RANGES = {
    "nested_feature_extractor.py": [("conv_block", "global.*"), ("dropout", "classifier_head")],
    "two_tower_ranker.py": [("query_tower", "joined"), ("item", "item")],
}


def keras_summary(path: Path, variable: str = "model", **options: object) -> str:
    keras.backend.clear_session()  # layer names as a fresh script gets them
    namespace: dict[str, object] = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)  # the oracle: our own fixture
    model = namespace[variable]
    captured: list[str] = []
    model.summary(print_fn=captured.append, **options)  # type: ignore[attr-defined]
    return "".join(captured)


def paramlint_summary(path: Path, variable: str = "model", **options: object) -> str:
    report = analyze_file(path)
    (model,) = [m for m in report.models if m.variable == variable]
    return render_summary(model, None, SummaryOptions(**options))  # type: ignore[arg-type]


def body(text: str) -> list[str]:
    """The table and the totals: from the first border line to the last total."""
    lines = text.rstrip("\n").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("┏"))
    end = next(i for i, line in enumerate(lines) if line.startswith(" Non-trainable params:"))
    return [line.rstrip() for line in lines[start : end + 1]]


@pytest.fixture(params=["76", "200"], ids=["no-terminal", "wide-terminal"])
def columns(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Keras sizes the table by the terminal (COLUMNS when set, else 80); rich's capture too."""
    monkeypatch.setenv("COLUMNS", request.param)
    return str(request.param)


@pytest.mark.parametrize("name", sorted(RANGES))
@pytest.mark.parametrize(
    "options", OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()) or "default"
)
def test_summary_equals_keras(name: str, options: dict[str, object], columns: str) -> None:
    if int(columns) < int(options.get("line_length", 0)):  # type: ignore[call-overload]
        pytest.skip("rich crops a table wider than its console: nothing to compare")
    path = FIXTURES / name
    for variable in VARIABLES.get(name, ["model"]):
        ours = paramlint_summary(path, variable, **options)
        assert body(ours) == body(keras_summary(path, variable, **options)), variable


@pytest.mark.parametrize("name", sorted(RANGES))
def test_layer_range_equals_keras(name: str, columns: str) -> None:
    path = FIXTURES / name
    for layer_range in RANGES[name]:
        for options in ({}, {"expand_nested": True, "show_trainable": True}):
            ours = paramlint_summary(path, layer_range=layer_range, **options)
            assert body(ours) == body(keras_summary(path, layer_range=layer_range, **options))


def test_a_layer_range_that_matches_nothing_is_refused_as_keras_refuses_it() -> None:
    path = FIXTURES / "two_tower_ranker.py"
    with pytest.raises(ValueError) as keras_error:
        keras_summary(path, layer_range=("nothing", "score"))
    with pytest.raises(ValueError) as ours:
        paramlint_summary(path, layer_range=("nothing", "score"))
    assert str(ours.value) == str(keras_error.value)
