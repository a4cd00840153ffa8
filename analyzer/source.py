"""Source files as paramlint reads them: Python files and notebook code cells, with positions.

A :class:`Source` is a list of :class:`Chunk` (one for a ``.py`` file, one per code cell for a
notebook). Each chunk is parsed on its own, so a syntax error in one notebook cell does not hide
the models in the others; positions carry the cell number so reports can say ``cell 3:2:8``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
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
    """Python code to parse on its own, with the notebook cell it came from."""

    code: str
    cell: int | None = None


@dataclass(frozen=True)
class Source:
    path: Path
    chunks: tuple[Chunk, ...]


class SourceError(Exception):
    """A file paramlint cannot read as Python or as a notebook; the message says why and where."""


_MAGIC = re.compile(r"^\s*[%!]")
# Cell magics whose body is still Python; any other ``%%magic`` cell is not Python at all.
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}


def read_source(path: Path) -> Source:
    data = path.read_bytes()
    if path.suffix == ".ipynb":
        return Source(path, tuple(notebook_chunks(data, path)))
    return Source(path, (Chunk(decode_python(data, path)),))


def decode_python(data: bytes, path: Path) -> str:
    """Decode Python source bytes the way the interpreter does (BOM, PEP 263 coding line)."""
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        raise SourceError(f"{path}: cannot decode as Python source: {error}") from error


def notebook_chunks(data: bytes, path: Path) -> list[Chunk]:
    try:
        notebook = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(f"{path}: not a valid notebook (invalid JSON: {error})") from error
    if not isinstance(notebook, dict):
        raise SourceError(f"{path}: not a valid notebook (the JSON is not an object)")
    cells = notebook.get("cells")
    if cells is None and isinstance(notebook.get("worksheets"), list):  # nbformat 3
        cells = [c for sheet in notebook["worksheets"] for c in sheet.get("cells", [])]
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
        code = _strip_magics(text)
        if code is not None:
            chunks.append(Chunk(code, number))
    return chunks


def _strip_magics(text: str) -> str | None:
    """Blank out IPython magics and shell escapes, keeping line numbers; None for non-Python cells."""
    lines = text.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        magic = lines[0].lstrip()[2:].split(maxsplit=1)
        if not magic or magic[0] not in _PYTHON_CELL_MAGICS:
            return None
        lines[0] = ""
    kept = ["" if _MAGIC.match(line) else line for line in lines]
    return "\n".join(kept) + "\n"
