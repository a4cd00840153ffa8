"""Formulas against real Keras: put random sizes into paramlint's formulas and into Keras.

For every model in ``fixtures/symbolic`` (builders whose sizes come from arguments with no
default, from data files, or from an input shape never stated), paramlint's report has symbols.
Each test draws values for them, builds the same model with real Keras on those values (calling
the builder, writing the data file, or calling ``model.build``), and checks that the substituted
formulas give exactly Keras's per-layer output shapes and parameter counts.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import warnings
from pathlib import Path
from typing import Any

import pytest

from paramlint.analyzer.api import analyze_file
from paramlint.analyzer.dims import Poly
from paramlint.analyzer.infer import ModelReport, substitute_report

keras = pytest.importorskip("keras")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures" / "symbolic").glob("*.py"))
SUBSTITUTIONS = int(os.environ.get("PARAMLINT_SYMBOLIC_SUBSTITUTIONS", "4"))
DATA_SYMBOLS = {"num_classes": "labels.json"}  # sizes the fixtures read from a data file


def _load_shims() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_goldens", ROOT / "scripts" / "make_goldens.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.install_shims()  # the fixtures import tensorflow.keras


def _cases() -> list[Any]:
    cases = []
    for path in FIXTURES:
        for model in analyze_file(path).models:
            for index in range(SUBSTITUTIONS):
                label = f"{path.stem}-{model.function}-{index}"
                cases.append(pytest.param(path, model.function, index, id=label))
    return cases


def judged(model: ModelReport) -> ModelReport:
    return model.symbolic if model.symbolic is not None else model


def symbols_of(model: ModelReport) -> set[str]:
    names: set[str] = set()
    for dim in (*(model.input_shape or ()), model.total()):
        if isinstance(dim, Poly):
            names |= {s.name for s in dim.symbols()}
    for layer in model.layers:
        for dim in (*(layer.output_shape or ()), layer.params):
            if isinstance(dim, Poly):
                names |= {s.name for s in dim.symbols()}
    return names


def draw(name: str, rng: random.Random) -> int:
    if any(word in name for word in ("size", "height", "width", "length", "timesteps")):
        return rng.randint(12, 48)
    if "channels" in name:
        return rng.randint(1, 4)
    return rng.randint(1, 24)


@pytest.mark.parametrize(("path", "function", "index"), _cases())
def test_formulas_match_keras(
    path: Path, function: str, index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = next(m for m in analyze_file(path).models if m.function == function)
    model = judged(ours)
    names = symbols_of(model)
    assert names, "a symbolic fixture model has no symbols"
    rng = random.Random(f"{path.name}:{function}:{index}")
    values = {name: draw(name, rng) for name in sorted(names)}

    # Build the same model with Keras on those values.
    monkeypatch.chdir(tmp_path)
    for name, file_name in DATA_SYMBOLS.items():
        (tmp_path / file_name).write_text(
            json.dumps([f"class_{i}" for i in range(values.get(name, 2))])
        )
    _load_shims()
    namespace: dict[str, Any] = {"__name__": "__fixture__"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(path.read_text(), str(path), "exec"), namespace)  # our fixture, not user code
        builder = namespace[function]
        arguments = {
            p: values[p]
            for p in builder.__code__.co_varnames[: builder.__code__.co_argcount]
            if p in values
        }
        keras_model = builder(**arguments)
        if ours.symbolic is not None:
            assert model.input_shape is not None
            batch_shape = tuple(
                d.substitute(values) if isinstance(d, Poly) else d for d in model.input_shape
            )
            keras_model.build(batch_shape)

    exact = substitute_report(model, values)
    assert len(exact.layers) == len(keras_model.layers)
    for layer, keras_layer in zip(exact.layers, keras_model.layers, strict=True):
        context = f"{function}({values}) {layer.name}"
        assert layer.params == keras_layer.count_params(), context
        assert layer.output_shape == tuple(keras_layer.output.shape), context
    assert exact.total() == keras_model.count_params()
