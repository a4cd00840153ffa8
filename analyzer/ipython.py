"""What IPython does to a notebook cell before it compiles it, done without moving any position.

IPython (``IPython/core/inputtransformer2.py``, ``TransformerManager.transform_cell``) rewrites a
cell in three stages: clean-up (``leading_indent`` strips the indentation common to all lines,
as ``textwrap.dedent`` does; ``In [1]:`` prompts are stripped), the cell magic (a first
line ``%%name`` hands the rest of the cell to the magic), then token transforms, one at a time,
earliest first, the cell tokenized again after each: ``x = %magic``, ``x = !cmd``, a logical line
that starts with an escape (``%magic``, ``!cmd``, ``!!cmd``, ``?obj``, and the autocall escapes
``,`` ``;`` ``/``), and help (``obj?``). Escaped lines go on over lines that end with a backslash.
Because IPython finds them in Python's tokens, a ``%`` or ``!`` inside an open bracket, a string or
a comment is left alone: ``"%d" \\`` / ``% n`` and ``(a\\n % b)`` are Python's ``%`` operator.

This mirrors IPython 9 (the version the tests compare with), and IPython 8's rule for an
indented cell where IPython 9 would refuse it; it does not strip doctest ``>>>`` prompts, which
IPython 9 strips with heuristics of its own. IPython replaces each construct by a call to ``get_ipython()``; paramlint has nothing to call, so
it keeps the cell's shape instead: an escaped line becomes ``pass`` at its indentation and its
continuation lines blank, the value of ``x = !cmd`` is :data:`OUTPUT` (a
name bound to an unknown value), and ``%time statement`` is the statement. Where characters are
removed from the start of a line (an indented cell, a prompt, ``%time``) the chunk records the
shift, so every position still points into the cell as the notebook shows it.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import warnings
from dataclasses import dataclass

OUTPUT = "ǂ"
"""What ``x = !cmd`` and ``x = %magic`` assign: a one-character name no one writes (an IPython
escape can be a single character, so the replacement must fit in one), bound to an unknown value
before the first chunk is run."""

# Cell magics whose body IPython runs as Python in the notebook's namespace (each transforms it
# again as a cell first); cell magics whose body is not Python at all, or is only written to a
# file or sent elsewhere. Any other cell magic runs code paramlint does not read.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})
OTHER_CELL_MAGICS = frozenset(
    {"bash", "sh", "script", "html", "HTML", "javascript", "js", "latex", "markdown", "svg",
     "writefile", "file", "perl", "ruby", "python2", "pypy", "sql", "cmd", "powershell",
     "cython", "R", "octave", "julia", "sx", "system", "!", "tensorboard", "ai", "md"}
)  # fmt: skip
# Line magics that run the rest of the line as a Python statement in the notebook's namespace,
# once (``%timeit`` runs it in a function of its own, many times, and binds nothing).
_STATEMENT_MAGICS = frozenset({"time"})

_ESCAPES = frozenset("!?%,;/")
_AUTOCALL_ESCAPES = frozenset(",;/")  # `/f a b` is `f(a, b)`: code paramlint does not read
_BLANK = re.compile(r"[ \t]+")
_LEADING = re.compile(r"[ \t]*")
_IPYTHON_PROMPT = re.compile(r"(((\[nav\]|\[ins\])? )?In \[\d+\]: |\s*\.{3,}: ?)")
_HELP_END = re.compile(r"(%{0,2}(?!\d)[\w*]+(\.(?!\d)[\w*]+|\[-?[0-9]+\])*)(\?\??)$")
# Text without any of these has nothing for the token transforms (checked before tokenizing).
_MAY_BE_SPECIAL = re.compile(r"(?m)^[ \t\f]*[!%?,;/]|=[\s\\]*[!%]|\?")
_TRANSFORM_LIMIT = 500  # IPython's own bound on transforms in one cell


@dataclass(frozen=True)
class Cell:
    """A cell as Python code for paramlint, with where it differs from the cell's own text.

    ``shifts``: ``(line, column, added)``, 1-based line and 0-based column: on that line, a column
    at or after ``column`` is ``added`` characters further right in the cell. ``opaque``:
    ``(line, column, text)`` for code IPython runs that paramlint does not read (an autocall line,
    the body of an unknown cell magic)."""

    code: str
    shifts: tuple[tuple[int, int, int], ...] = ()
    opaque: tuple[tuple[int, int, str], ...] = ()


def transform_cell(text: str) -> Cell | None:
    """The cell as paramlint reads it; None for a cell whose body is not Python (``%%bash``)."""
    lines = re.split(r"\r\n|\r|\n", text.removesuffix("\n").removesuffix("\r"))
    shifts: list[tuple[int, int, int]] = []
    _strip_leading_indent(lines, shifts)
    _strip_prompts(lines, shifts, _IPYTHON_PROMPT, _IPYTHON_PROMPT)
    opaque: list[tuple[int, int, str]] = []
    if lines[0].startswith("%%") and not re.match(r"%%\w+\?", lines[0]):
        name = lines[0][2:].partition(" ")[0]
        if name in OTHER_CELL_MAGICS:
            return None
        body = "\n".join(lines[1:])
        if name not in PYTHON_CELL_MAGICS:
            return Cell("\n", tuple(shifts), ((2, 0, body),))
        inner = transform_cell(body) if lines[1:] else Cell("")
        if inner is None:
            return None
        moved = [(line + 1, column, added) for line, column, added in inner.shifts]
        moved_opaque = [(line + 1, column, text) for line, column, text in inner.opaque]
        return Cell("\n" + inner.code, (*shifts, *moved), tuple(moved_opaque))
    if _MAY_BE_SPECIAL.search("\n".join(lines)):
        for _ in range(_TRANSFORM_LIMIT):
            if not _transform_one(lines, shifts, opaque):
                break
    return Cell("\n".join(lines) + "\n", tuple(shifts), tuple(opaque))


def _strip_leading_indent(lines: list[str], shifts: list[tuple[int, int, int]]) -> None:
    """IPython 9's ``leading_indent`` (``textwrap.dedent``): the indentation common to every
    line that is not blank comes off each of them; a line of spaces and tabs only becomes empty.

    IPython 7 and 8 (Colab's) strip the first line's indentation from the lines that start with
    it instead. Where the two differ and IPython 9 certainly refuses the cell (its first line is
    code and stays indented: a line less indented than it, a comment at column 0 say), the cell
    is read as IPython 8 reads it."""
    indents = []
    for number, line in enumerate(lines):
        if _BLANK.fullmatch(line):
            lines[number] = ""
        elif line:
            indents.append(_LEADING.match(line).group(0))  # type: ignore[union-attr]
    margin = min(indents, default="")
    for indent in indents:  # the longest common prefix, character by character
        while not indent.startswith(margin):
            margin = margin[:-1]
    top = next((line for line in lines if line), "")  # leading blank lines are dropped first
    first = _LEADING.match(top).group(0)  # type: ignore[union-attr]
    if len(first) > len(margin) and not top.lstrip().startswith("#"):
        margin = first  # IPython 8: lines not starting with it are left as they are
    if not margin:
        return
    for number, line in enumerate(lines):
        if line.startswith(margin):
            lines[number] = line[len(margin) :]
            _shift(shifts, number + 1, 0, len(margin))


def _strip_prompts(
    lines: list[str],
    shifts: list[tuple[int, int, int]],
    prompt: re.Pattern[str],
    first: re.Pattern[str],
) -> None:
    """IPython's ``PromptStripper``: prompts on the first two lines mean a pasted session."""
    if not (first.match(lines[0]) or (len(lines) > 1 and prompt.match(lines[1]))):
        return
    for number, line in enumerate(lines):
        found = prompt.match(line)
        if found is not None and found.end():
            lines[number] = line[found.end() :]
            _shift(shifts, number + 1, 0, found.end())


def _shift(shifts: list[tuple[int, int, int]], line: int, column: int, added: int) -> None:
    """Record that ``added`` characters were removed at ``column`` of ``line``: earlier shifts
    further right on that line move left with the text."""
    for index, (at_line, at_column, at_added) in enumerate(shifts):
        if at_line == line and at_column > column:
            shifts[index] = (at_line, max(at_column - added, column), at_added)
    shifts.append((line, column, added))


# -- token transforms ------------------------------------------------------------------------------


def _logical_lines(lines: list[str]) -> list[list[tokenize.TokenInfo]]:
    """IPython's ``make_tokens_by_line``: tokens grouped by logical line (a bracket spans lines)."""
    groups: list[list[tokenize.TokenInfo]] = [[]]
    depth = 0
    readline = io.StringIO("\n".join(lines) + "\n").readline
    try:
        for token in tokenize.generate_tokens(readline):
            groups[-1].append(token)
            if token.type == tokenize.NEWLINE or (token.type == tokenize.NL and depth <= 0):
                groups.append([])
            elif token.string in ("(", "[", "{"):
                depth += 1
            elif token.string in (")", "]", "}") and depth > 0:
                depth -= 1
    except (tokenize.TokenError, SyntaxError):  # the cell ends inside a bracket or a string
        pass
    return [group for group in groups if group]


def _assignment(group: list[tokenize.TokenInfo]) -> int | None:
    """Index of the first ``=`` outside brackets (IPython's ``_find_assign_op``)."""
    depth = 0
    for index, token in enumerate(group):
        if token.string == "=" and depth == 0:
            return index
        if token.string in ("(", "[", "{"):
            depth += 1
        elif token.string in (")", "]", "}") and depth > 0:
            depth -= 1
    return None


def _candidates(groups: list[list[tokenize.TokenInfo]]) -> list[tuple[int, int, int, str, int]]:
    """The first instance of each kind of special syntax: (line, column, priority, kind, end)
    with 1-based lines; ``end`` is the help mark's line for help."""
    found: dict[str, tuple[int, int, int, str, int]] = {}
    for group in groups:
        at = _assignment(group)
        if at is not None and at + 2 < len(group):
            after = group[at + 1]
            if (
                "assign" not in found
                and after.string == "%"
                and group[at + 2].type == tokenize.NAME
            ):
                found["assign"] = (*after.start, 10, "assign", 0)
            index = at + 1
            while index < len(group) - 1 and group[index].string.isspace():
                index += 1
            if (
                "assign" not in found
                and group[index].string == "!"
                and not group[at].line.strip().startswith("=")
            ):
                found["assign"] = (*group[index].start, 10, "assign", 0)
        first = next((t for t in group if t.type not in (tokenize.INDENT, tokenize.DEDENT)), None)
        if first is not None and "escape" not in found and first.string in _ESCAPES:
            found["escape"] = (*first.start, 10, "escape", 0)
        if first is not None and "help" not in found and len(group) > 2 and group[-2].string == "?":
            found["help"] = (*first.start, 5, "help", group[-2].start[0])
    return sorted(found.values())


def _transform_one(
    lines: list[str], shifts: list[tuple[int, int, int]], opaque: list[tuple[int, int, str]]
) -> bool:
    """Rewrite the earliest special syntax IPython would (True), or find none (False)."""
    for line, column, _, kind, end in _candidates(_logical_lines(lines)):
        row = line - 1
        if kind == "help":
            piece = "\n".join(lines[row:end])[column:]
            if _HELP_END.search(piece) is None:
                continue  # IPython raises, and tries the next candidate
            _blank(lines, row, end - 1, column)
            return True
        last = _continued_until(lines, row)
        if kind == "assign":
            lines[row] = lines[row][:column] + OUTPUT
            for blanked in range(row + 1, last + 1):
                lines[blanked] = ""
            return True
        text = " ".join(part.removesuffix("\\") for part in lines[row : last + 1])[column:]
        magic = text[1:].partition(" ")[0] if text.startswith("%") else ""
        statement = text[1 + len(magic) :].lstrip()
        if magic in _STATEMENT_MAGICS and row == last and _is_statement(statement):
            removed = len(lines[row]) - column - len(statement)
            lines[row] = lines[row][:column] + statement
            _shift(shifts, line, column, removed)
            return True
        if text[:1] in _AUTOCALL_ESCAPES:
            opaque.append((line, column, text))
        _blank(lines, row, last, column)
        return True
    return False


def _is_statement(text: str) -> bool:
    """Python on its own (``%time`` of anything else fails when the magic runs, not before)."""
    if not text.strip():
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


def _continued_until(lines: list[str], row: int) -> int:
    """The last line of the lines continued with a backslash from ``row`` (0-based)."""
    while row < len(lines) - 1 and lines[row].endswith("\\"):
        row += 1
    return row


def _blank(lines: list[str], first: int, last: int, column: int) -> None:
    """Lines ``first..last`` (0-based) emptied, the first made ``pass`` at the indentation of
    the call IPython puts there: a block whose only statement was a magic stays a block, and a
    magic less indented than the block it follows ends it, as IPython's call does."""
    indent = lines[first][:column]
    for row in range(first, last + 1):
        lines[row] = ""
    lines[first] = indent + "pass"
