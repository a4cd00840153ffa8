"""paramlint against real Keras on every fixture model (goldens written by scripts/make_goldens.py).

For each model paramlint finds, every layer must either match Keras exactly (class, output shape,
params, trainable, non-trainable) or be reported unknown for a reason that is not a catalog gap:
a layer not in the catalog, or a layer after one. Every construction site Keras saw must be found.

A size paramlint could not know (an unreadable input shape, a value that depends on a condition
it cannot decide) is a symbol. Where a symbol is a whole axis of the input or of a layer's output,
the goldens say which value it took when Keras ran the fixture; with those values put in, the
formulas must give Keras's numbers exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from paramlint.analyzer.api import FileReport, analyze_file
from paramlint.analyzer.dims import Poly, Shape
from paramlint.analyzer.infer import LayerReport, ModelReport, substitute_report
from paramlint.analyzer.layers import CATALOG

ROOT = Path(__file__).resolve().parent.parent
GOLDENS = sorted((ROOT / "tests" / "goldens").glob("*.json"))


def load(golden_path: Path) -> tuple[dict[str, Any], FileReport]:
    golden = json.loads(golden_path.read_text())
    return golden, analyze_file(ROOT / "fixtures" / golden["fixture"])


def key(model: ModelReport) -> tuple[int, int | None, int]:
    return (model.position.line, model.position.cell, model.occurrence)


def shape_list(shape: Shape | None) -> list[Any] | None:
    return None if shape is None else list(shape)


def symbol_values(ours: Shape | None, keras_shape: Any) -> dict[str, int]:
    """Each axis of ours that is a bare symbol, with the size Keras gave that axis."""
    if ours is None or not keras_shape or isinstance(keras_shape[0], list):
        return {}
    assert len(ours) == len(keras_shape), (ours, keras_shape)
    values = {}
    for dim, size in zip(ours, keras_shape, strict=True):
        if isinstance(dim, Poly) and len(dim.symbols()) == 1:
            (symbol,) = dim.symbols()
            if dim == Poly.atom(symbol) and size is not None:
                values[symbol.name] = size
    return values


def keras_values(report: FileReport, golden: dict[str, Any]) -> dict[str, int]:
    """The value each symbol of the file took when Keras ran it, read from Keras's shapes."""
    ours = {key(model): model for model in report.models}
    values: dict[str, int] = {}
    for expected in golden["models"]:
        model = ours.get((expected["line"], expected["cell"], expected["occurrence"]))
        if model is None or not expected["built"]:
            continue
        values.update(symbol_values(model.input_shape, expected.get("input_shape")))
        for layer, expected_layer in zip(model.layers, expected["layers"], strict=False):
            values.update(symbol_values(layer.output_shape, expected_layer["output_shape"]))
    return values


def has_symbols(value: object) -> bool:
    return isinstance(value, Poly) and bool(value.symbols())


def compare_layer(layer: LayerReport, expected: dict[str, Any]) -> None:
    assert layer.class_name == expected["class_name"]
    assert layer.name == expected["name"]  # Keras names layers when they are created
    if layer.problem_kind is not None:
        # Unknown only for a reason that is not a catalog gap: a class paramlint has no spec
        # for (a custom layer whose code it cannot follow all through), a layer after one, or a
        # Lambda without `output_shape` (Keras runs its function to find the shape).
        assert layer.problem_kind in ("unknown-layer", "after-unknown", "unresolved"), layer.problem
        assert (
            layer.problem_kind == "after-unknown"
            or layer.class_name not in CATALOG
            or (layer.class_name == "Lambda" and "output_shape" in (layer.problem or ""))
        )
        return
    if has_symbols(layer.params) or any(has_symbols(d) for d in layer.output_shape or ()):
        return  # a formula in a size Keras's shapes do not show: not a number stated as exact
    keras_shape = expected["output_shape"]
    if keras_shape and isinstance(keras_shape[0], list):  # several outputs
        assert [list(s) for s in layer.output_shapes] == keras_shape
    else:
        assert shape_list(layer.output_shape) == keras_shape
    assert layer.params == expected["params"]
    assert layer.trainable == expected["trainable_params"]
    assert layer.non_trainable == expected["non_trainable_params"]
    if "inbound" in expected:  # a functional model: "Connected to", as Keras lists it
        assert [list(source) for source in layer.inbound or []] == expected["inbound"]


@pytest.mark.parametrize("golden_path", GOLDENS, ids=lambda p: p.stem)
def test_fixture_matches_keras(golden_path: Path) -> None:
    golden, report = load(golden_path)
    assert report.error is None
    ours = {key(model): model for model in report.models}
    sites = {(m.position.line, m.position.cell) for m in report.models}
    values = keras_values(report, golden)
    for expected in golden["models"]:
        where = (expected["line"], expected["cell"])
        assert where in sites, f"paramlint found no model at line {where} of {golden['fixture']}"
        model = ours.get((expected["line"], expected["cell"], expected["occurrence"]))
        if model is None:
            continue  # the same site built again (a function called twice): analysed once
        context = f"{golden['fixture']} model at {where}"
        assert model.keras_name == expected["name"], context  # Keras names models when created
        assert model.built == expected["built"], context
        classes = [layer.class_name for layer in model.layers]
        if classes != [layer["class_name"] for layer in expected["layers"]]:
            # Only allowed where a layer missing from the catalog left a shape unknown that the
            # code's control flow depends on: the model must say its structure is uncertain.
            assert model.uncertain and not model.complete, context
            assert any(
                r.problem_kind == "unknown-layer" and r.class_name not in CATALOG
                for r in model.layers
            ), context
            continue
        if not expected["built"]:
            continue
        if expected.get("kind") == "functional":
            assert model.kind == "functional", context
            for shapes, keras_io in (
                (model.inputs, expected["inputs"]),
                (model.outputs, expected["outputs"]),
            ):  # an unknown tensor (after a layer not in the catalog) must leave it incomplete
                assert len(shapes) == len(keras_io), context
                for shape, keras_shape in zip(shapes, keras_io, strict=True):
                    assert shape is None or shape_list(shape) == keras_shape, context
                    assert shape is not None or not model.complete, context
        # Sizes paramlint made symbols (an unreadable input, a value that depends on the path):
        # put in the ones Keras took.
        model = substitute_report(model, values)
        for layer, expected_layer in zip(model.layers, expected["layers"], strict=True):
            compare_layer(layer, expected_layer)
        if model.complete and not has_symbols(model.total()):
            assert model.total() == expected["total_params"], context
            assert model.total(True) == expected["trainable_params"], context
            assert model.total(False) == expected["non_trainable_params"], context


def test_seeds_reproduce_every_number_users_asked_about() -> None:
    """The questions in ../shared/seeds: their fixtures' goldens hold the numbers, paramlint agrees."""
    seeds = [p for p in GOLDENS if p.stem.startswith("seeds__")]
    assert len(seeds) == 5
    for golden_path in seeds:
        golden, report = load(golden_path)
        assert len(report.models) == len(golden["models"])
        for model in report.models:
            assert model.complete
