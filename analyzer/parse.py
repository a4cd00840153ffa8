"""One chunk parsed: by CPython (the judge of what is Python) and by libcst (what is analysed).

What CPython's parser accepts is never a syntax error; what both refuse is one (KPL000), with
CPython's own message and position; what only libcst reads (syntax of a newer Python than the one
paramlint runs on) is analysed. libcst's
tokenizer refuses some code CPython runs (comment lines indented oddly, tabs and form feeds in
indentation, a backslash at the very end); such a chunk is given to libcst again with what does
not change its meaning normalised: comment-only and blank lines emptied, indentation rewritten
as the spaces CPython counts (tabs to the next multiple of 8, a form feed resets the count), line
ends made ``\\n``. Positions stay those of the chunk: a column moved by re-indenting is mapped back.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Callable
from dataclasses import dataclass, field

import libcst as cst

from .nesting import MAX_NESTING, deepest_nesting, deepest_nesting_parsed
from .source import Chunk, Position, no_warnings_about_the_code


@dataclass
class Parsed:
    """The chunk as libcst and CPython read it; ``code`` is the text libcst parsed."""

    module: cst.Module
    tree: ast.Module | None  # None: CPython refuses what libcst reads (newer syntax, say)
    code: str
    # A 1-based (line, column) of ``code`` as shown in the file; None: the same numbers.
    place: Callable[[int, int], Position] | None


@dataclass
class Refused:
    """Why the chunk is not analysed: a syntax error (KPL000), or code only libcst refuses."""

    kind: str  # "syntax-error" | "unsupported"
    message: str
    position: Position
    notes: list[str] = field(default_factory=list)


def parse_chunk(chunk: Chunk) -> Parsed | Refused:
    code = chunk.code
    tree, refusal = _cpython(chunk)
    if tree is not None:
        depth, line, column = deepest_nesting_parsed(code, tree)
    else:
        depth, line, column = deepest_nesting(code)
    if depth > MAX_NESTING:  # libcst's parser would overflow its stack or take minutes
        message = (
            f"cannot parse: code nested about {depth:,} levels deep "
            f"(paramlint parses code nested up to {MAX_NESTING} levels)"
        )
        return Refused("syntax-error", message, chunk.position(line, column))
    if "\0" in code:  # CPython refuses them anywhere; libcst, inside strings only
        assert refusal is not None
        return Refused("syntax-error", f"cannot parse: {refusal[0]}", refusal[1])
    try:
        return Parsed(cst.parse_module(code), tree, code, chunk.position if chunk.shifts else None)
    except (cst.ParserSyntaxError, cst.CSTValidationError) as error:
        # CSTValidationError: libcst parses, then refuses to build a node (b"a" "b")
        first_error: Exception = error
    except RecursionError:
        return Refused("syntax-error", "cannot parse: nesting too deep", chunk.position(1, 1))
    if refusal is not None:  # CPython's message and position are the ones people know
        return Refused("syntax-error", f"cannot parse: {refusal[0]}", refusal[1])
    if tree is None:
        where = chunk.position(1, 1)
        if isinstance(first_error, cst.ParserSyntaxError):
            where = chunk.position(first_error.raw_line, first_error.raw_column + 1)
        return Refused("syntax-error", f"cannot parse: {_libcst_message(first_error)}", where)
    normal, shifts = normalised(code)
    try:
        module = cst.parse_module(normal)
    except (cst.ParserSyntaxError, cst.CSTValidationError, RecursionError):
        message = (
            f"libcst cannot parse this code, which Python runs ({_libcst_message(first_error)}); "
            "its models are not analysed"
        )
        return Refused("unsupported", message, chunk.position(1, 1))
    # Positions come from one text: ast's of the normalised code too, mapped back by the shifts.
    tree, _ = _cpython(Chunk(normal, chunk.cell))
    return Parsed(module, tree, normal, _composed(chunk, shifts))


def _cpython(chunk: Chunk) -> tuple[ast.Module | None, tuple[str, Position] | None]:
    """The chunk's tree as CPython's parser reads it, or what it says is wrong with it."""
    code = chunk.code
    if "\0" in code:
        offset = code.index("\0")
        line = code.count("\n", 0, offset) + 1
        column = offset - (code.rfind("\n", 0, offset) + 1) + 1
        return None, ("source code cannot contain null bytes", chunk.position(line, column))
    try:
        with no_warnings_about_the_code():
            return ast.parse(code), None
    except SyntaxError as refused:
        if not refused.lineno:
            return None, None
        return None, (refused.msg, chunk.position(refused.lineno, max(refused.offset or 1, 1)))
    except (ValueError, RecursionError, MemoryError):
        return None, None


def _libcst_message(error: Exception) -> str:
    if isinstance(error, cst.ParserSyntaxError):
        return error.message
    return str(error).splitlines()[0] if str(error) else type(error).__name__


# -- normalising what libcst's tokenizer refuses ---------------------------------------------------


def normalised(code: str) -> tuple[str, dict[int, tuple[int, int]]]:
    """The code with comment-only and blank lines emptied and statement indentation in spaces;
    ``shifts[line] = (column, added)``: a 0-based column at or after ``column`` of that line is
    ``added`` characters further right in ``code``."""
    code = code.replace("\r\n", "\n").replace("\r", "\n")
    lines = code.split("\n")
    if code.rstrip().endswith("\\"):  # CPython accepts a backslash just before the end
        at = len(code.rstrip()) - 1
        code = code[:at] + " " + code[at + 1 :]
        lines = code.split("\n")
    kinds = _line_kinds(code)
    shifts: dict[int, tuple[int, int]] = {}
    for number, kind in kinds.items():
        line = lines[number - 1]
        if kind == "comment":
            lines[number - 1] = ""
        elif kind == "statement":
            indent = line[: len(line) - len(line.lstrip(" \t\f"))]
            spaces = " " * _indentation(indent)
            if spaces != indent:
                lines[number - 1] = spaces + line[len(indent) :]
                shifts[number] = (len(spaces), len(indent) - len(spaces))
    return "\n".join(lines), shifts


def _line_kinds(code: str) -> dict[int, str]:
    """``comment`` for lines with nothing but a comment or blanks, ``statement`` for lines
    where a statement starts; lines inside a string or continuing a statement are left out."""
    first: dict[int, int] = {}  # the type of the first token that starts on each line
    inside: set[int] = set()  # lines a token started above runs into (a string)
    statements: set[int] = set()
    starts_statement = True
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            kind, line = token.type, token.start[0]
            inside.update(range(line + 1, token.end[0] + 1))
            if kind in (tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER):
                continue
            first.setdefault(line, kind)
            if kind in (tokenize.NL, tokenize.COMMENT):
                continue
            if starts_statement:
                statements.add(line)
            starts_statement = kind == tokenize.NEWLINE
    except (tokenize.TokenError, SyntaxError):
        return {}
    kinds = dict.fromkeys(statements - inside, "statement")
    for line, kind in first.items():
        if kind in (tokenize.NL, tokenize.COMMENT) and line not in inside:
            kinds[line] = "comment"
    return kinds


def _indentation(indent: str) -> int:
    """The column CPython's tokenizer counts for this indentation."""
    column = 0
    for char in indent:
        if char == "\t":
            column = (column // 8 + 1) * 8
        elif char == "\f":
            column = 0
        else:
            column += 1
    return column


def _composed(chunk: Chunk, shifts: dict[int, tuple[int, int]]) -> Callable[[int, int], Position]:
    def place(line: int, column: int) -> Position:
        shift = shifts.get(line)
        if shift is not None and column - 1 >= shift[0]:
            column += shift[1]
        return chunk.position(line, column)

    return place
