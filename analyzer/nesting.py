"""How deeply code is nested, measured before it is parsed.

libcst's parser recurses once per level of nesting, in native code: thousands of nested
parentheses, unary operators or ``a + b + ...`` terms overflow its stack (the process dies) or take
minutes. So each chunk is scanned first, in linear time, and one nested too deeply is reported
instead of parsed. The scan is a rough tokenizer: it over-estimates rather than misses. A level is
an open bracket, an operator that nests in the syntax tree (arithmetic, ``.``, ``not``, ``and``,
``lambda``, a call or subscript...) since the last comma at the same bracket level, or an
indentation level. CPython itself refuses 200 nested parentheses and 100 indentation levels.
"""

from __future__ import annotations

import re

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
