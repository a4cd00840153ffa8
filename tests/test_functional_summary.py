"""paramlint's summary table against Keras's own ``model.summary()``, cell by cell.

Every functional fixture is run with real Keras (as ``scripts/make_goldens.py`` runs it) and each
model's summary printed wide enough not to wrap; every row (layer and type, output shape, params,
"Connected to") and the totals lines must read as paramlint prints them. A model paramlint cannot
give exactly (a layer not in the catalog) must show ``?`` where Keras has a number, never another
number.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from paramlint.analyzer.api import analyze_file
from paramlint.render import render_summary
from paramlint.summary_table import SummaryOptions

keras = pytest.importorskip("keras")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures" / "functional").glob("*.py"))


def _make_goldens() -> Any:
    spec = importlib.util.spec_from_file_location(
        "make_goldens", ROOT / "scripts" / "make_goldens.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.install_shims()
    return module


def table_rows(text: str) -> list[tuple[str, ...]]:
    """The cells of each table row, and the totals lines."""
    rows: list[tuple[str, ...]] = []
    for line in text.splitlines():
        if line.startswith("│"):
            rows.append(tuple(cell.strip() for cell in line.strip("│").split("│")))
        elif line.lstrip().startswith(("Total params", "Trainable params", "Non-trainable")):
            rows.append((line.strip(),))
    return rows


def keras_summary(model: Any) -> str:
    printed: list[str] = []
    model.summary(line_length=400, print_fn=lambda text, **_: printed.append(text))
    return "\n".join(printed)


def _unmarked(cell: str) -> str:
    return cell.split(" [")[0]  # paramlint's footnote marker


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_summary_reads_as_keras_prints_it(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # rich wraps at the terminal's width otherwise
    created = _make_goldens().run_fixture(path)
    ours = {(m.position.line, m.occurrence): m for m in analyze_file(path).models}
    seen: dict[int, int] = {}
    for model, _, line in created:
        occurrence = seen.get(line, 0)
        seen[line] = occurrence + 1
        report = ours[(line, occurrence)]
        expected = table_rows(keras_summary(model))
        actual = table_rows(render_summary(report, None, SummaryOptions(line_length=400)))
        assert len(actual) == len(expected), f"{path.name}:{line}"
        for keras_row, row in zip(expected, actual, strict=True):
            if report.complete:
                assert row == keras_row, f"{path.name}:{line}"
                continue
            for keras_cell, cell in zip(keras_row, row, strict=True):
                # Unknown beats wrong: a cell paramlint cannot give is "?", never another value.
                assert _unmarked(cell) in (keras_cell, "?") or "?" in cell, f"{path.name}:{line}"
