"""How deeply code is nested, measured before it is parsed.

libcst's parser recurses once per level of nesting, in native code: thousands of nested
parentheses, unary operators or ``a + b + ...`` terms overflow its stack (the process dies) or take
minutes. So each chunk is scanned first, in linear time, and one nested too deeply is reported
instead of parsed. The scan is a rough tokenizer: it over-estimates rather than misses. A level is
an open bracket, an operator that nests in the syntax tree (arithmetic, ``.``, ``not``, ``and``,
``lambda``, a call or subscript...) since the last comma at the same bracket level, or an
indentation level. CPython itself refuses 200 nested parentheses and 100 indentation levels.

When CPython's own parser has already read the chunk (``ast``: ten times faster than libcst, and
needed for positions anyway), only the statements long enough to reach ``MAX_NESTING`` are
scanned: a level needs at least one character, so a statement of n characters at block depth d
nests at most n + d levels. In real code that is a handful of long statements per file.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from itertools import accumulate

from .source import split_lines

MAX_NESTING = 300
"""The deepest nesting paramlint parses."""

_TOKEN = re.compile(
    r"""
    (?P<string>
        (?P<prefix>[rRbBuUfF]{0,2})
        (?: '''(?:[^\\]|\\.)*?(?:'''|\Z) | \"\"\"(?:[^\\]|\\.)*?(?:\"\"\"|\Z)
          | '(?:[^'\\\n]|\\.)*(?:'|$) | "(?:[^"\\\n]|\\.)*(?:"|$) )
    )
    | (?P<comment>\#[^\n]*)
    | (?P<continuation>\\\r?\n)
    | (?P<newline>\r?\n|\r)
    | (?P<open>[(\[{])
    | (?P<close>[)\]}])
    | (?P<separator>[,;])
    | (?P<word>\w+)
    | (?P<operator>\*\*|//|<<|>>|[-+*/%@&|^~.])
    """,
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)
_NESTING_WORDS = frozenset({"not", "and", "or", "if", "else", "lambda", "await", "yield"})
_INDENT = re.compile(r"[ \t\f]*")


def deepest_nesting(code: str) -> tuple[int, int, int]:
    """The estimated deepest nesting in the code, and the 1-based line and column where it is."""
    levels = [0]  # per open bracket: nesting operators since its last comma
    total = 0  # sum(levels)
    indents = [0]
    deepest, where = 0, (1, 1)
    line, line_start = 1, 0
    at_line_start = True
    for match in _TOKEN.finditer(code):
        kind = match.lastgroup
        if kind == "newline" or kind == "continuation":
            line += 1
            line_start = match.end()
            if kind == "newline" and len(levels) == 1:
                total, levels[0] = 0, 0
                at_line_start = True
            continue
        if kind == "comment":
            continue
        if at_line_start:
            at_line_start = False
            width = len(_INDENT.match(code, line_start).group().expandtabs(8))  # type: ignore[union-attr]
            while len(indents) > 1 and indents[-1] > width:
                indents.pop()
            if width > indents[-1]:
                indents.append(width)
        if kind == "string":
            text = match.group()
            line += text.count("\n")
            if "\n" in text:
                line_start = match.start() + text.rindex("\n") + 1
            if "f" in match.group("prefix").lower():  # expressions nest inside f-strings
                levels[-1] += text.count("{")
                total += text.count("{")
        elif kind == "open":
            levels[-1] += 1
            total += 1
            levels.append(0)
        elif kind == "close":
            if len(levels) > 1:
                total -= levels.pop()
        elif kind == "separator":
            total -= levels[-1]
            levels[-1] = 0
        elif kind == "operator" or (kind == "word" and match.group() in _NESTING_WORDS):
            levels[-1] += 1
            total += 1
        else:
            continue
        depth = len(levels) + total + len(indents) - 2
        if depth > deepest:
            deepest, where = depth, (line, match.start() - line_start + 1)
    return deepest, *where


def deepest_nesting_parsed(code: str, tree: ast.Module) -> tuple[int, int, int]:
    """``deepest_nesting`` for code CPython has parsed into ``tree``: the same answer whenever
    some statement nests deeper than ``MAX_NESTING``; otherwise possibly less (statements too
    short to nest that deep are not scanned)."""
    lines = split_lines(code)  # without line ends: they never nest, so lengths stay a bound
    ends = [0, *accumulate(map(len, lines))]  # ends[n]: characters up to the end of line n
    deepest = (0, 1, 1)
    for first, last, level in _pieces(tree.body, lines):
        if ends[last] - ends[first - 1] + level <= MAX_NESTING:
            continue
        piece = lines[first - 1 : last]
        # Scanned alone, without the indentation the blocks around it add (counted as `level`).
        indent = _INDENT.match(lines[first - 1]).group()  # type: ignore[union-attr]
        dedented = [line[len(indent) :] if line.startswith(indent) else line for line in piece]
        depth, line, column = deepest_nesting("\n".join(dedented))
        if depth + level > deepest[0]:
            shift = len(indent) if piece[line - 1].startswith(indent) else 0
            deepest = (depth + level, line + first - 1, column + shift)
    return deepest


def _pieces(body: Sequence[ast.stmt], lines: Sequence[str]) -> Iterator[tuple[int, int, int]]:
    """Line ranges (first, last, indentation level) covering every line of every statement: a
    simple statement's lines, and a compound statement's own lines (its header, ``else:``,
    ``except ...:``...) around the statements of its blocks."""
    stack = [(statement, 0) for statement in reversed(body)]
    while stack:
        statement, level = stack.pop()
        first, last = _first_line(statement), statement.end_lineno or statement.lineno
        if not isinstance(statement, _COMPOUND):
            yield first, last, level
            continue
        children = list(ast_blocks(statement))
        covered = first
        for child in children:
            child_first = _first_line(child)
            if child_first > covered:
                yield covered, child_first - 1, level
            covered = max(covered, (child.end_lineno or child.lineno) + 1)
        if covered <= last:
            yield covered, last, level
        for child in reversed(children):  # a block on lines of its own is one level deeper
            indented = lines[child.lineno - 1][: child.col_offset].isspace()
            stack.append((child, level + indented))


_COMPOUND = tuple(
    node
    for node in vars(ast).values()
    if isinstance(node, type)
    and issubclass(node, ast.stmt)
    and ("body" in node._fields or "cases" in node._fields)
)


def _first_line(statement: ast.stmt) -> int:
    decorators = getattr(statement, "decorator_list", None)
    if decorators:
        return min(statement.lineno, *(d.lineno for d in decorators))
    return statement.lineno


AST_BLOCKS = ("body", "handlers", "orelse", "finalbody", "cases")
"""The fields of ``ast``'s compound statements that hold blocks, in source order (a ``try``'s
handlers come before its ``else:``)."""


def ast_blocks(statement: ast.stmt) -> Iterator[ast.stmt]:
    """The statements directly inside a compound statement's blocks, in source order."""
    for field in AST_BLOCKS:
        for item in getattr(statement, field, None) or ():
            if isinstance(item, ast.stmt):
                yield item
            else:  # an except handler or a match case: its own header line, then its body
                yield from item.body
