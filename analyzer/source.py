"""Source files as paramlint reads them: Python files and notebook code cells, with positions.

A :class:`Source` is a list of :class:`Chunk` (one for a ``.py`` file, one per code cell for a
notebook). Each chunk is parsed on its own, so a syntax error in one notebook cell does not hide
the models in the others; positions carry the cell number so reports can say ``cell 3:2:8``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path


@dataclass(frozen=True)
class Position:
    """A 1-based line and column inside a chunk; ``cell`` is the notebook cell (1-based) or None."""

    line: int
    column: int
    cell: int | None = None

    def render(self) -> str:
        if self.cell is None:
            return f"{self.line}:{self.column}"
        return f"cell {self.cell}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Chunk:
    """Python code to parse on its own, with the notebook cell it came from.

    A cell is read the way IPython reads it (``ipython.py``): where that removed characters from
    the start of a line (an indented cell, ``%time``), ``shifts`` holds ``(line, column, added)``
    (a 0-based column at or after ``column`` on that line is ``added`` characters further right
    in the cell), and :meth:`position` gives positions in the cell as the notebook shows it.
    ``opaque`` is code IPython runs that paramlint does not read: ``(line, column, text)``."""

    code: str
    cell: int | None = None
    shifts: tuple[tuple[int, int, int], ...] = ()
    opaque: tuple[tuple[int, int, str], ...] = ()

    def position(self, line: int, column: int) -> Position:
        """A 1-based line and column of ``code`` as a position in the file or the cell."""
        if self.shifts:
            column += sum(
                added for at_line, at, added in self.shifts if at_line == line and at < column
            )
        return Position(line, column, self.cell)


@dataclass(frozen=True)
class Source:
    path: Path
    chunks: tuple[Chunk, ...]


class SourceError(Exception):
    """A file paramlint cannot read as Python or as a notebook; the message says why and where."""


@contextlib.contextmanager
def no_warnings_about_the_code() -> Iterator[None]:
    """Around CPython's parser: it warns about the analysed code itself (Python 3.12+ prints
    ``<unknown>:2: SyntaxWarning: invalid escape sequence '\\w'`` on stderr); paramlint's
    output is its diagnostics, nothing else."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


_NEWLINE = re.compile(r"\r\n|\r|\n")


@functools.lru_cache(maxsize=4)
def split_lines(code: str) -> tuple[str, ...]:
    """The code's lines as Python numbers them: only ``\n``, ``\r\n`` and ``\r`` end a line
    (``str.splitlines`` also splits at form feeds and other separators, which shifts every line
    number after them). Cached: the nesting guard, the position index and noqa comments all
    read the lines of the chunk being analysed."""
    return tuple(_NEWLINE.split(code))


MAX_CODE_BYTES = 1_000_000
"""The most Python code paramlint analyses in one file (a notebook: in all its code cells).
Parsing is linear but not fast (about 5 s per MB); a larger file is almost always generated."""
MAX_FILE_BYTES = 256 * 2**20
"""The largest file paramlint reads at all (a notebook's outputs can be large; they are skipped)."""


def read_source(path: Path) -> Source:
    return source_from_bytes(path, read_bytes(path))


def read_bytes(path: Path) -> bytes:
    """The file's content; a file too large to read whole is a :class:`SourceError`."""
    with path.open("rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MB, not read")
    return data


def source_from_bytes(path: Path, data: bytes) -> Source:
    """A file's content as chunks to parse: the whole file, or a notebook's code cells."""
    if path.suffix == ".ipynb":
        chunks = tuple(notebook_chunks(data, path))
        size = sum(len(chunk.code) for chunk in chunks)
    else:
        size = len(data)
        if size <= MAX_CODE_BYTES:
            chunks = (Chunk(decode_python(data, path)),)
    if size > MAX_CODE_BYTES:
        raise SourceError(
            f"{path}: {size / 1e6:.1f} MB of Python code, more than paramlint analyses in one "
            f"file ({MAX_CODE_BYTES / 1e6:g} MB); a file that large is usually generated "
            "(`exclude` it in the config)"
        )
    return Source(path, chunks)


def decode_python(data: bytes, path: Path) -> str:
    """Decode Python source bytes the way the interpreter does (BOM, PEP 263 coding line)."""
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        if "invalid or missing encoding declaration" not in str(error):  # unknown encoding...
            raise SourceError(f"{path}: cannot decode as Python source: {error}") from error
        encoding = "utf-8"  # the first lines are not UTF-8: say exactly where below
    except LookupError as error:
        raise SourceError(f"{path}: cannot decode as Python source: {error}") from error
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start : error.start + 1].hex()
        hint = (
            "save it as UTF-8, or declare its encoding on its first line "
            "(# -*- coding: latin-1 -*-)"
            if encoding.lower().replace("_", "-") in ("utf-8", "utf-8-sig")
            else "check its encoding declaration"
        )
        raise SourceError(
            f"{path}: not valid {encoding} text (byte 0x{byte} at line {line}, column {column}); "
            f"{hint}"
        ) from error


def notebook_chunks(data: bytes, path: Path) -> list[Chunk]:
    from .ipython import transform_cell

    try:
        notebook = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(f"{path}: not a valid notebook (invalid JSON: {error})") from error
    except RecursionError as error:
        raise SourceError(f"{path}: not a valid notebook (JSON nested too deeply)") from error
    if not isinstance(notebook, dict):
        raise SourceError(f"{path}: not a valid notebook (the JSON is not an object)")
    cells = notebook.get("cells")
    if cells is None and isinstance(notebook.get("worksheets"), list):  # nbformat 3
        cells = [
            cell
            for sheet in notebook["worksheets"]
            if isinstance(sheet, dict) and isinstance(sheet.get("cells"), list)
            for cell in sheet["cells"]
        ]
    if not isinstance(cells, list):
        raise SourceError(f"{path}: not a valid notebook (no list of cells)")
    chunks: list[Chunk] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        text = cell.get("source", cell.get("input", ""))
        if isinstance(text, list):
            text = "".join(str(part) for part in text)
        if not isinstance(text, str):
            continue
        read = transform_cell(text)
        if read is not None:
            chunks.append(Chunk(read.code, number, read.shifts, read.opaque))
    return chunks


# -- where notebook cells sit in the notebook file ------------------------------------------------

_JSON_SPACE = r"[ \t\n\r]*"
_JSON = json.JSONDecoder()


@dataclass(frozen=True)
class CellSource:
    """Where one cell's source sits in the notebook file: the JSON value, and each string in it."""

    value: int  # offset of the ``source`` value (a string or a list of strings) in the file
    strings: tuple[tuple[int, str], ...]  # (offset of the opening quote, decoded text)
    line_starts: tuple[int, ...]  # index in the decoded source where each line starts


@dataclass(frozen=True)
class NotebookLines:
    """Where the lines of a notebook's cells are in the ``.ipynb`` file's own text.

    A diagnostic says ``cell 3:2:8``; an annotation on a pull request needs a line of the file
    itself. Cells are numbered as :func:`notebook_chunks` numbers them (every cell counts,
    1-based) and lines as ``str.splitlines`` splits the cell's source.
    """

    text: str
    cells: dict[int, CellSource]

    def locate(self, position: Position) -> tuple[int, int] | None:
        """The 1-based (line, column) in the file of a cell position; None without such a cell."""
        cell = self.cells.get(position.cell or 0)
        if cell is None:
            return None
        offset = cell.value
        if 0 < position.line <= len(cell.line_starts):
            offset = self._offset(cell, position.line, position.column)
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.text.count("\n", 0, offset) + 1, offset - line_start + 1

    def _offset(self, cell: CellSource, line: int, column: int) -> int:
        starts = (*cell.line_starts, sum(len(value) for _, value in cell.strings))
        index = min(starts[line - 1] + max(column - 1, 0), max(starts[line] - 1, starts[line - 1]))
        base = 0
        for quote, value in cell.strings:
            if index < base + len(value):
                return _skip_json_chars(self.text, quote + 1, index - base)
            base += len(value)
        return cell.value


def notebook_lines(text: str) -> NotebookLines:
    """Map a notebook file's text (nbformat 4, or 3 with worksheets); empty if it is not JSON."""
    cells: list[CellSource | None] = []
    try:
        _walk_object(_json_start(text, 0), text, lambda key, at: _top_value(key, at, text, cells))
    except (ValueError, IndexError):
        return NotebookLines(text, {})
    return NotebookLines(
        text, {number: cell for number, cell in enumerate(cells, start=1) if cell is not None}
    )


def _json_start(text: str, at: int) -> int:
    return _json_space().match(text, at).end()  # type: ignore[union-attr]


@functools.cache
def _json_space() -> re.Pattern[str]:
    """Compiled once, when the first notebook is read (it is matched at every JSON token)."""
    return re.compile(_JSON_SPACE)


def _walk_object(at: int, text: str, visit: Callable[[str, int], int | None]) -> int:
    """Walk the JSON object at ``at``: ``visit(key, value_offset)`` returns the value's end, or
    None to have it skipped. Returns the offset after the object."""
    if text[at] != "{":
        raise ValueError("expected an object")
    at = _json_start(text, at + 1)
    if text[at] == "}":
        return at + 1
    while True:
        key, at = scanstring(text, at + 1)
        at = _json_start(text, at)
        if text[at] != ":":
            raise ValueError("expected a colon")
        value = _json_start(text, at + 1)
        end = visit(key, value)
        if end is None:
            end = _JSON.raw_decode(text, value)[1]
        at = _json_start(text, end)
        if text[at] == "}":
            return at + 1
        at = _json_start(text, at + 1)


def _walk_array(at: int, text: str, visit: Callable[[int], int | None]) -> int:
    if text[at] != "[":
        raise ValueError("expected an array")
    at = _json_start(text, at + 1)
    if text[at] == "]":
        return at + 1
    while True:
        end = visit(at)
        if end is None:
            end = _JSON.raw_decode(text, at)[1]
        at = _json_start(text, end)
        if text[at] == "]":
            return at + 1
        at = _json_start(text, at + 1)


def _top_value(key: str, at: int, text: str, cells: list[CellSource | None]) -> int | None:
    if key == "cells":
        return _walk_array(at, text, lambda cell: _cell(cell, text, cells))
    if key == "worksheets":  # nbformat 3: the cells of every worksheet, numbered in order
        return _walk_array(at, text, lambda sheet: _worksheet(sheet, text, cells))
    return None


def _worksheet(at: int, text: str, cells: list[CellSource | None]) -> int | None:
    if text[at] != "{":
        return None
    return _walk_object(at, text, lambda key, value: _top_value(key, value, text, cells))


def _cell(at: int, text: str, cells: list[CellSource | None]) -> int | None:
    """Record where a cell's source is (``source``, else nbformat 3's ``input``)."""
    found: dict[str, tuple[int, list[int]]] = {}

    def strings(key: str, value: int) -> int | None:
        if key not in ("source", "input"):
            return None
        quotes: list[int] = []
        found[key] = (value, quotes)
        if text[value] == '"':
            quotes.append(value)
            return None
        return _walk_array(value, text, lambda item: _note_string(item, text, quotes))

    end = _walk_object(at, text, strings) if text[at] == "{" else None
    source = found.get("source", found.get("input"))
    cells.append(None if source is None else _cell_source(text, *source))
    return end


def _note_string(at: int, text: str, quotes: list[int]) -> None:
    if text[at] == '"':
        quotes.append(at)


def _cell_source(text: str, value: int, quotes: list[int]) -> CellSource:
    strings = tuple((quote, scanstring(text, quote + 1)[0]) for quote in quotes)
    starts, index = [], 0
    for line in "".join(decoded for _, decoded in strings).splitlines(keepends=True):
        starts.append(index)
        index += len(line)
    return CellSource(value, strings, tuple(starts))


def _skip_json_chars(text: str, at: int, count: int) -> int:
    """The raw offset ``count`` decoded characters after ``at`` inside a JSON string."""
    for _ in range(count):
        char = text[at] if at < len(text) else '"'
        if char == '"':
            break
        if char != "\\":
            at += 1
        elif text[at + 1] != "u":
            at += 2
        else:
            high = 0xD800 <= int(text[at + 2 : at + 6], 16) <= 0xDBFF
            at += 12 if high and text[at + 6 : at + 8] == "\\u" else 6
    return at
