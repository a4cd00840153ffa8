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
    """Each code line's located file position decodes (as JSON string content) to that line.

    A cell is read the way IPython reads it: a line may start further right in the cell (an
    indented cell), which the chunk's positions say; lines IPython rewrites (a magic) are not
    the cell's text and are left out."""
    mapped = notebook_lines(text)
    sources = _cell_sources(text)
    checked = 0
    for chunk in notebook_chunks(text.encode(), Path("nb.ipynb")):
        shown = sources[(chunk.cell or 1) - 1].splitlines()
        for number, line in enumerate(chunk.code.splitlines(), start=1):
            if line and not (number <= len(shown) and shown[number - 1].endswith(line)):
                continue
            for column in {1, len(line) // 2 + 1, len(line) + 1}:
                found = mapped.locate(chunk.position(number, column))
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


def _cell_sources(text: str) -> list[str]:
    notebook = json.loads(text)
    cells = notebook.get("cells") or [c for w in notebook["worksheets"] for c in w["cells"]]
    sources = [cell.get("source", cell.get("input", "")) for cell in cells]
    return ["".join(s) if isinstance(s, list) else s for s in sources]


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


def test_an_indented_cell_and_a_time_magic_land_on_the_cells_own_text() -> None:
    cell = [
        "    x = 1\n",
        "    %time y = x + 1\n",
        "    !pip install keras \\\n",
        "        numpy\n",
    ]
    text = _notebook([{"cell_type": "code", "source": cell, "metadata": {}}], indent=1)
    assert _assert_every_line_lands(text) == 7  # 3 columns of lines 1 and 2, and blank line 4
    (chunk,) = notebook_chunks(text.encode(), Path("nb.ipynb"))
    row, col = notebook_lines(text).locate(chunk.position(2, 7)) or (0, 0)  # `+` of `y = x + 1`
    assert text.split("\n")[row - 1][col - 1 :].startswith("+ 1")


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
