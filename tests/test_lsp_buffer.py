"""What the language server shows, computed from a buffer without the protocol (:mod:`.buffer`).

The counts are Keras's (the same model built here); positions are checked against the buffer's
own text: a hint sits on the line that creates the layer, in a notebook a line of its JSON.
"""

from __future__ import annotations

import json
from pathlib import Path

import keras

from paramlint.lsp.buffer import analyse_buffer, inlay_label, input_insertion, noqa_line

CELL = """\
import keras
from keras import layers
encoder = keras.Sequential([
    layers.Conv1D(8, 3, activation="relu"),
    layers.GlobalAveragePooling1D(),
    layers.Dense(5),
])
"""


def keras_encoder() -> keras.Model:
    model = keras.Sequential(
        [
            keras.Input(shape=(40, 6)),
            keras.layers.Conv1D(8, 3, activation="relu"),
            keras.layers.GlobalAveragePooling1D(),
            keras.layers.Dense(5),
        ]
    )
    return model


def test_config_input_shape_and_the_unsaved_text(tmp_path: Path) -> None:
    """The model states no input: the config's input-shape builds it, as check would judge it;
    the file on disk (a different model) is ignored."""
    (tmp_path / "pyproject.toml").write_text(
        '[[tool.paramlint.models]]\nname = "encoder"\ninput-shape = [40, 6]\n'
    )
    path = tmp_path / "encoder.py"
    path.write_text("import keras\nother = keras.Sequential([keras.layers.Dense(3)])\n")
    analysis = analyse_buffer(path, CELL)
    lines = CELL.splitlines()
    got = [
        (lines[spot.line - 1].split("(")[0].strip(), inlay_label(spot)) for spot in analysis.layers
    ]
    expected = [
        (
            f"layers.{type(layer).__name__}",
            f"→ ({', '.join(str(d) for d in layer.output.shape)}) · {layer.count_params():,}",
        )
        for layer in keras_encoder().layers
    ]
    assert got == expected
    assert [d.code for d in analysis.diagnostics] == []  # KPL003 is answered by the config


def test_notebook_buffer_positions_are_lines_of_its_json(tmp_path: Path) -> None:
    source = ["import keras\n", "x = 1\n"]
    cell = CELL.replace("keras.Sequential([", "keras.Sequential([keras.Input((40, 6)),")
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# An encoder\n"]},
            {"cell_type": "code", "metadata": {}, "source": source, "outputs": []},
            {"cell_type": "code", "metadata": {}, "source": cell.splitlines(True), "outputs": []},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(notebook, indent=1)
    analysis = analyse_buffer(tmp_path / "encoder.ipynb", text)
    lines = text.splitlines()
    keras_layers = keras_encoder().layers
    assert len(analysis.layers) == len(keras_layers)
    for spot, layer in zip(analysis.layers, keras_layers, strict=True):
        assert f"layers.{type(layer).__name__}(" in lines[spot.line - 1]
        assert inlay_label(spot).endswith(f" · {layer.count_params():,}")
    [model] = analysis.result.models
    model_line = analysis.locate(model.found.position)
    assert model_line is not None and "keras.Sequential(" in lines[model_line[0] - 1]
    assert analysis.model_at(model_line[0]) is model


def test_noqa_line() -> None:
    assert noqa_line("model = keras.Sequential([\n", "KPL201") == (
        "model = keras.Sequential([  # noqa: KPL201"
    )
    assert noqa_line("m = f()  # noqa: KPL003", "KPL201") == "m = f()  # noqa: KPL003, KPL201"
    assert noqa_line("m = f()  # noqa: KPL201", "KPL201") is None
    assert noqa_line("m = f()  # NOQA", "KPL201") is None  # already suppresses everything


def apply(text: str, line: int, column: int, insert: str) -> str:
    lines = text.splitlines(True)
    lines[line - 1] = lines[line - 1][: column - 1] + insert + lines[line - 1][column - 1 :]
    return "".join(lines)


def test_inserting_the_configs_input_builds_the_model_keras_builds(tmp_path: Path) -> None:
    configured, bare = tmp_path / "configured", tmp_path / "bare"
    configured.mkdir()
    bare.mkdir()
    (configured / "pyproject.toml").write_text(
        '[[tool.paramlint.models]]\nname = "encoder"\ninput-shape = [40, 6]\n'
    )
    one_line = "import keras\nencoder = keras.Sequential([keras.layers.Conv1D(8, 3), keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(5)])\n"
    for code in (CELL, one_line):
        analysis = analyse_buffer(configured / "encoder.py", code)
        [model] = analysis.result.models
        insertion = input_insertion(analysis, model)
        assert insertion is not None and "keras.Input(shape=(40, 6))" in insertion.text
        fixed = apply(code, insertion.line, insertion.column, insertion.text)
        # Without the config, the edited code states the input itself: Keras's numbers.
        after = analyse_buffer(bare / "encoder.py", fixed)
        [built] = after.result.models
        assert built.found.built
        assert built.params == keras_encoder().count_params()
        assert [d.code for d in after.diagnostics] == []
        assert input_insertion(after, built) is None  # nothing left to insert
    without = analyse_buffer(bare / "encoder.py", CELL)
    assert input_insertion(without, without.result.models[0]) is None  # no input-shape given
