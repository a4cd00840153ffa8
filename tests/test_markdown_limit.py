"""The markdown report of a large repository stays under GitHub's comment limit (65,536
characters): failing models first, passing ones folded, and a line saying what was left out."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from paramlint.analyzer.api import FileReport, analyze_code
from paramlint.checking import build_result
from paramlint.discovery import ConfigResolver
from paramlint.formats.markdown import COMMENT_LIMIT, render

SMALL = "import keras\nmodel = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])\n"
LARGE = "import keras\nmodel = keras.Sequential([keras.Input((512,)), keras.layers.Dense(512)])\n"


def _as(report: FileReport, path: str) -> FileReport:
    return replace(report, path=path, models=[replace(m, path=path) for m in report.models])


def synthetic_repository(tmp_path: Path, passing: int, failing: int) -> str:
    """A repository of ``passing + failing`` model files (the analysis of two files, reused),
    checked against a budget only the large model breaks."""
    (tmp_path / "paramlint.toml").write_text("[budgets]\nmax-params = 10000\n")
    small, large = analyze_code(SMALL), analyze_code(LARGE)
    files, reports = [], []
    for index in range(passing + failing):
        path = tmp_path / f"experiments/run_{index:05d}/model.py"
        files.append(path)
        reports.append(_as(small if index % (passing + failing) >= failing else large, str(path)))
    result = build_result(files, reports, ConfigResolver(), root=tmp_path)
    return render(result)


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| `")]


@pytest.mark.parametrize(("passing", "failing"), [(3_000, 400), (3_000, 20)])
def test_a_large_repository_fits_in_a_comment(tmp_path: Path, passing: int, failing: int) -> None:
    text = synthetic_repository(tmp_path, passing, failing)
    assert len(text) < COMMENT_LIMIT
    rows = table_rows(text)
    note = re.search(r"\*([\d,]+) models?(?: and ([\d,]+) findings?)? left out", text)
    assert note, text[-300:]
    models_left, findings_left = (int((n or "0").replace(",", "")) for n in note.groups())
    assert len(rows) + models_left == passing + failing
    failing_rows = [r for r in rows if "❌" in r]
    assert len(failing_rows) == failing  # every failing model is kept, before any passing one
    assert rows[:failing] == failing_rows
    assert f"<details><summary>{passing:,} models passing</summary>" in text
    findings = text.count("\n- ❌ ")
    assert findings + findings_left == failing  # one finding per failing model here


def test_a_small_repository_is_not_cut(tmp_path: Path) -> None:
    text = synthetic_repository(tmp_path, 5, 2)
    assert "left out" not in text and len(table_rows(text)) == 7
    assert text.index("<details><summary>5 models passing</summary>") > text.index("❌")
