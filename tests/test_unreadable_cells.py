"""A notebook cell paramlint cannot read never leaves a model it may change stated exact.

Such a cell is KPL000 and is not analysed; every model it may reach (it mentions the model's
variable, a model or list holding it, a function of the notebook that mentions it, or uses
``exec``) is uncertain (KPL004), with the cell named, and the names it may assign are unknown
after it. Models it cannot reach keep their numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

from paramlint.analyzer.api import FileReport, analyze_source
from paramlint.analyzer.source import source_from_bytes

HEAD = "import keras\nfrom keras import layers\n"
CONV = "model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(8, 3)])"
OTHER = "other = keras.Sequential([keras.Input((4,)), layers.Dense(2)])"


def analysed(*cells: str) -> FileReport:
    notebook = {
        "cells": [{"cell_type": "code", "source": cell, "metadata": {}} for cell in cells],
        "metadata": {},
        "nbformat": 4,
    }
    return analyze_source(source_from_bytes(Path("nb.ipynb"), json.dumps(notebook).encode()))


def models(report: FileReport) -> dict[str, list[str]]:
    """Each model's variable, with the reasons it is uncertain (empty: exact)."""
    return {str(m.variable): [reason for reason, _ in m.uncertain] for m in report.models}


def syntax_errors(report: FileReport) -> list[str]:
    return [position.render() for kind, _, position in report.notes if kind == "syntax-error"]


def test_a_cell_that_does_not_parse_makes_the_model_it_mentions_uncertain() -> None:
    report = analysed(HEAD + CONV + "\n" + OTHER, "model.add(layers.Flatten()", "x = 1")
    assert syntax_errors(report) == ["cell 2:1:10"]
    found = models(report)
    assert found["model"] == ["cell 2 could not be parsed and mentions `model`"]
    assert found["other"] == []  # never mentioned: still exact
    (uncertain,) = [m for m in report.models if m.variable == "model"]
    assert not uncertain.complete
    assert uncertain.uncertain[0][1].render() == "cell 2:1:1"


def test_models_created_after_the_cell_are_not_affected() -> None:
    report = analysed(HEAD, "model.add(layers.Flatten()", CONV)
    assert models(report) == {"model": []}


def test_a_function_of_the_notebook_that_mentions_the_model() -> None:
    helper = (
        "def add_head(units):\n    model.add(layers.Flatten())\n    model.add(layers.Dense(units))"
    )
    report = analysed(HEAD + CONV, helper, "add_head(10", OTHER)
    assert models(report)["model"] == [
        "cell 3 could not be parsed and calls `add_head()`, which mentions `model`"
    ]
    assert models(report)["other"] == []


def test_a_model_reached_through_a_list_or_as_a_block_of_another() -> None:
    block = "block = keras.Sequential([layers.Dense(4)])"
    outer = "outer = keras.Sequential([keras.Input((3,)), block])\nzoo = [outer]"
    report = analysed(HEAD + block + "\n" + outer, "block.add(layers.Dense(2)", "zoo[0].pop(")
    both = [  # `zoo[0].layers[0]` is the block: what reaches the outer model reaches it too
        "cell 2 could not be parsed and mentions `block`",
        "cell 3 could not be parsed and mentions `zoo`",
    ]
    assert models(report) == {"block": both, "outer": both}


def test_exec_may_reach_any_model() -> None:
    report = analysed(HEAD + CONV, 'exec(open("head.py").read()')
    assert models(report)["model"] == ["cell 2 could not be parsed and uses `exec`"]


def test_an_autocall_line_and_an_unknown_cell_magic_are_code_paramlint_does_not_read() -> None:
    report = analysed(
        HEAD + CONV + "\n" + OTHER, "/model.add layers.Flatten()", "%%px\nother.pop()"
    )
    found = models(report)
    assert found["model"] == [
        "cell 2 runs `/model.add layers.Flatten()`, which paramlint does not read, and mentions "
        "`model`"
    ]
    assert found["other"] == [
        "cell 3 runs `other.pop()`, which paramlint does not read, and mentions `other`"
    ]
    assert syntax_errors(report) == []


def test_a_cell_indented_as_a_whole_is_read_not_dropped() -> None:
    """The real case: the Flatten was lost and the Dense got a 4-D input, stated exact."""
    report = analysed(
        HEAD + CONV, "    model.add(layers.Flatten())\n    model.add(layers.Dense(10))"
    )
    assert syntax_errors(report) == [] and models(report) == {"model": []}
    (model,) = report.models
    assert [layer.class_name for layer in model.layers] == ["Conv2D", "Flatten", "Dense"]
    assert model.layers[2].position.render() == "cell 2:2:15"


def test_a_name_the_cell_may_assign_is_unknown_after_it() -> None:
    """`units` was 8 before the cell; after it, the notebook had 128 (or anything)."""
    later = "model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])"
    report = analysed(HEAD + "units = 8\nrate = 0.1", "units = 128\nprint(rate", later)
    (model,) = report.models
    assert "units" in str(model.total()), model.total()  # a formula in `units`, not 5 * 8
