"""Explanations: each layer's count as a formula in its own arguments, checked against Keras."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paramlint.analyzer.api import analyze_file
from paramlint.analyzer.dims import Poly
from paramlint.analyzer.explain import layer_formula
from paramlint.cli import main
from tests.test_goldens import keras_values

ROOT = Path(__file__).resolve().parent.parent
GOLDENS = sorted((ROOT / "tests" / "goldens").glob("*.json"))


@pytest.mark.parametrize("golden_path", GOLDENS, ids=lambda p: p.stem)
def test_formulas_give_back_keras_counts(golden_path: Path) -> None:
    golden = json.loads(golden_path.read_text())
    report = analyze_file(ROOT / "fixtures" / golden["fixture"])
    expected = {(m["line"], m["cell"], m["occurrence"]): m for m in golden["models"] if m["built"]}
    sizes = keras_values(report, golden)  # the values Keras's run gave the file's symbols
    for model in report.models:
        keras_model = expected.get((model.position.line, model.position.cell, model.occurrence))
        if keras_model is None or model.input_assumption:
            continue
        if model.uncertain and len(model.layers) != len(keras_model["layers"]):
            continue  # a catalog gap left the graph's structure unknown (see test_goldens)
        for layer, keras_layer in zip(model.layers, keras_model["layers"], strict=True):
            if layer.call is None or layer.input_shape is None:
                continue
            formula = layer_formula(layer.call, layer.input_shape)
            if formula is not None:
                assert isinstance(formula.params, Poly)
                values = {**sizes, **formula.values}
                assert formula.params.substitute(values) == keras_layer["params"], layer.name


def test_the_seed_question_gets_the_formula_it_asked_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Seed 000: 'I am curious about the parameter number 120 for simple_rnn_1.'"""
    seed = ROOT / "fixtures" / "seeds" / "seed_000_simple_rnn_params.py"
    (model,) = analyze_file(seed).models
    rnn = model.layers[0]
    assert rnn.call is not None and rnn.input_shape is not None
    formula = layer_formula(rnn.call, rnn.input_shape)
    assert formula is not None and isinstance(formula.params, Poly)
    assert {s.name for s in formula.params.symbols()} == {"units", "input_dim"}
    assert main(["explain", "--no-cache", str(seed)]) == 0
    out = capsys.readouterr().out
    assert f"-> {rnn.params}" in out and f"= {formula.render()}" in out
