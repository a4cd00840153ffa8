"""The real-world harness's own logic: notebook cells made runnable, and the verdicts it gives.

The harness (scripts/realworld/) runs public code in real Keras in a separate venv; what can be
checked here is the part that needs no Keras: turning a notebook cell into Python with its lines
kept, and judging a paramlint model against a recorded Keras model.
"""

from __future__ import annotations

import ast
import copy
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts" / "realworld"))

import compare
import oracle

CELL = """\
import os
!wget --no-check-certificate \\
    https://example.invalid/data.zip \\
    -O /tmp/data.zip
files = !ls /tmp
%matplotlib inline
if os.path.exists("/tmp"):
    !unzip -q /tmp/data.zip
model?
size = 3
"""


def test_cell_magics_become_python_on_the_same_lines() -> None:
    cleaned = oracle.clean_cell(CELL)
    assert cleaned is not None
    ast.parse(cleaned)  # the continued shell line, the assigned escape, the help line are gone
    lines = cleaned.splitlines()
    assert len(lines) == len(CELL.splitlines())
    assert lines[0] == "import os" and lines[-1] == "size = 3"
    assert lines[4] == "files = []"
    assert lines[7].strip() == "pass"  # an escape inside a block keeps the block valid


def test_cell_magic_cells() -> None:
    assert oracle.clean_cell("%%bash\nls\n") is None
    timed = oracle.clean_cell("%%time\nx = 1\n")
    assert timed is not None and timed.splitlines() == ["", "x = 1"]


def call_starts_of(source: str) -> set[tuple[int, int]]:
    return set(oracle.call_starts(source).values())


def test_call_starts_name_where_each_call_begins() -> None:
    source = "model = keras.Sequential(\n    [layers.Dense(2)]\n)\n"
    assert call_starts_of(source) == {(1, 9), (2, 6)}


LAYER: dict[str, Any] = {
    "name": "dense",
    "class": "Dense",
    "output_shape": [None, 4],
    "params": 20,
    "trainable": 20,
    "non_trainable": 0,
    "problem": None,
}
TOTALS = {"params": 20, "trainable": 20, "non_trainable": 0}
OURS: dict[str, Any] = {
    "built": True,
    "complete": True,
    "layers": [LAYER],
    "totals": {**TOTALS, "bytes": 80},
    "uncertain": [],
}
THEIRS: dict[str, Any] = {
    "kind": "sequential",
    "built": True,
    "layers": [{"name": "input_layer", "class": "InputLayer"}, LAYER],
    "totals": TOTALS,
    "errors_before": 0,
    "errors_after": 0,
}


def verdict(ours: dict[str, Any], theirs: dict[str, Any]) -> str:
    return str(compare.compare_pair(ours, theirs)["verdict"])


def test_equal_models_are_exact() -> None:
    assert verdict(OURS, THEIRS) == "exact"


def test_a_stated_number_that_differs_is_wrong() -> None:
    theirs = copy.deepcopy(THEIRS)
    theirs["layers"][1]["trainable"] = 0
    theirs["totals"]["trainable"] = 0
    assert verdict(OURS, theirs) == "wrong"
    theirs["errors_after"] = 1  # a later statement failed, but the model is whole: still wrong
    assert verdict(OURS, theirs) == "wrong"


def test_a_model_keras_built_only_in_part_is_flagged() -> None:
    theirs = copy.deepcopy(THEIRS)
    theirs["layers"] = theirs["layers"][:1]  # the statement adding the layer failed
    theirs["totals"] = {"params": 0, "trainable": 0, "non_trainable": 0}
    assert verdict(OURS, theirs) == "wrong"
    theirs["errors_after"] = 1
    assert verdict(OURS, theirs) == "wrong-after-error"


def test_unknown_numbers_are_not_wrong() -> None:
    ours = copy.deepcopy(OURS)
    ours["complete"] = False
    ours["layers"][0]["params"] = None
    ours["totals"]["params"] = {"expression": "n", "symbols": ["n"], "terms": []}
    assert verdict(ours, THEIRS) == "unknown"


def test_built_on_one_side_only() -> None:
    unbuilt = {**THEIRS, "built": False}
    assert verdict(OURS, unbuilt) == "built-mismatch"
    assert verdict({**OURS, "built": False}, unbuilt) == "unbuilt"
    assert verdict({**OURS, "built": False}, THEIRS) == "built-mismatch"
