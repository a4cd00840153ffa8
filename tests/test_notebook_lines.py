"""Notebook cell positions mapped to lines of the .ipynb file itself (for CI annotations)."""

from __future__ import annotations

import json
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paramlint.analyzer.source import Position, notebook_chunks, notebook_lines

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _assert_every_line_lands(text: str) -> int:
    """Each code line's located file position decodes (as JSON string content) to that line."""
    mapped = notebook_lines(text)
    checked = 0
    for chunk in notebook_chunks(text.encode(), Path("nb.ipynb")):
        for number, line in enumerate(chunk.code.splitlines(), start=1):
            for column in {1, len(line) // 2 + 1, len(line) + 1}:
                found = mapped.locate(Position(number, column, chunk.cell))
                assert found is not None, (chunk.cell, number)
                row, col = found
                offset = sum(len(r) + 1 for r in text.split("\n")[: row - 1]) + col - 1
                if number > len(mapped.cells[chunk.cell or 0].line_starts):
                    # past the source's strings (an empty source): the source value itself
                    assert (offset, line) == (mapped.cells[chunk.cell or 0].value, "")
                    continue
                rest = scanstring(text, offset)[0]  # up to the end of that JSON string
                wanted = line[column - 1 :]
                size = min(len(rest), len(wanted))
                assert rest[:size] == wanted[:size], (chunk.cell, number, column)
                assert size or not wanted, (chunk.cell, number, column)
                checked += 1
    return checked


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.ipynb")), ids=lambda p: p.name)
def test_fixture_notebooks(path: Path) -> None:
    assert _assert_every_line_lands(path.read_text(encoding="utf-8")) > 10


def _notebook(cells: list[dict[str, object]], **dump: object) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}, **dump)  # type: ignore[arg-type]


def test_markdown_cells_count_and_lines_follow_the_list() -> None:
    text = _notebook(
        [
            {"cell_type": "markdown", "source": ["# Title\n"], "metadata": {}},
            {"cell_type": "code", "source": ["import keras\n", "m = 1\n"], "metadata": {}},
        ],
        indent=1,
    )
    mapped = notebook_lines(text)
    lines = text.split("\n")
    row, col = mapped.locate(Position(2, 1, 2)) or (0, 0)
    assert lines[row - 1][col - 1 :].startswith("m = 1")
    row, col = mapped.locate(Position(3, 1, 2)) or (0, 0)  # past the end: the source's start
    assert (lines[row - 1].strip(), lines[row - 1][col - 1 :]) == ('"source": [', "[")
    assert mapped.locate(Position(1, 1, 9)) is None


def test_one_line_notebook_escapes_and_string_source() -> None:
    source = 'x = "é\\t🐦"\ny = 2\n'
    text = _notebook([{"cell_type": "code", "source": source, "metadata": {}}])  # ensure_ascii
    assert "\n" not in text
    mapped = notebook_lines(text)
    assert mapped.locate(Position(2, 1, 1)) is not None
    _assert_every_line_lands(text)
    row, col = mapped.locate(Position(2, 1, 1)) or (0, 0)
    assert (row, text[col - 1 : col + 4]) == (1, "y = 2")


def test_nbformat3_worksheets_and_input() -> None:
    text = json.dumps(
        {
            "worksheets": [
                {"cells": [{"cell_type": "markdown", "source": "hi"}]},
                {"cells": [{"cell_type": "code", "input": ["a = 1\n", "b = 2\n"]}]},
            ],
            "nbformat": 3,
        },
        indent=2,
    )
    assert _assert_every_line_lands(text) == 6


def test_not_json_maps_nothing() -> None:
    assert notebook_lines("{not json").cells == {}
    assert notebook_lines("[]").cells == {}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12), max_size=4),
        min_size=1,
        max_size=3,
    ),
    st.booleans(),
    st.sampled_from([None, 1]),
)
def test_random_cells(cells: list[list[str]], ascii_only: bool, indent: int | None) -> None:
    """Any text, any line breaks str.splitlines knows, escaped or not, pretty-printed or not."""
    text = _notebook(
        [{"cell_type": "code", "source": lines, "metadata": {}} for lines in cells],
        ensure_ascii=ascii_only,
        indent=indent,
    )
    _assert_every_line_lands(text)
