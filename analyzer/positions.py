"""Where libcst nodes are in the source, without libcst's metadata providers.

libcst's ``PositionProvider`` regenerates the whole module's code to find positions, which costs
more than parsing it. The standard library's ``ast`` parser is an order of magnitude faster and
records positions, so paramlint parses each chunk with both and matches their nodes: statements
once per chunk (by order), and the calls inside a statement only when a position inside that
statement is first asked for. Any other node (a name, a subscript) is placed at the innermost
matched node around it: its call or its statement. When the two trees cannot be matched (a chunk
``ast`` refuses, a statement whose calls differ in number), the exact, slow provider is used.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from typing import cast

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from .api import MODEL_MARKERS
from .nesting import AST_BLOCKS, ast_blocks
from .source import Position, split_lines

_CST_BODIES = (
    cst.BaseSuite,
    cst.Else,
    cst.ExceptHandler,
    cst.ExceptStarHandler,
    cst.Finally,
    cst.If,
)

Statement = cst.BaseSmallStatement | cst.BaseCompoundStatement


class PositionIndex:
    """Positions for one parsed chunk (a file, or a notebook cell)."""

    def __init__(
        self,
        module: cst.Module,
        code: str,
        cell: int | None,
        tree: ast.Module | None,
        place: Callable[[int, int], Position] | None = None,
    ) -> None:
        """``tree`` is the chunk as ``ast`` parses it; None when CPython refuses it. ``place``
        turns a 1-based line and column of ``code`` into the position shown (a notebook cell
        read the way IPython reads it has lines that start further right in the cell)."""
        self._module = module
        self._cell = cell
        self._place = place
        self._lines = split_lines(code)
        self._exact: dict[cst.CSTNode, Position] | None = None
        self._table: dict[cst.CSTNode, Position] = {}
        self._ends: dict[cst.CSTNode, tuple[int, int]] = {}
        self._statement_ast: dict[cst.CSTNode, ast.stmt] = {}
        self._expanded: set[cst.CSTNode] = set()
        self._code = code
        self._sequential_lines: set[int] | None = None  # lines naming Sequential, when needed
        self.statements: list[Statement] = _cst_statements(module.body)
        if tree is None:
            self._use_exact()
            return
        ast_statements = _ast_statements(tree.body)
        if len(self.statements) != len(ast_statements):
            self._use_exact()
            return
        # Positions are computed when first asked for: most statements never are.
        self._statement_ast = dict(zip(self.statements, ast_statements, strict=True))

    @property
    def matched(self) -> bool:
        """True when positions come from the fast ``ast`` match, not the exact fallback."""
        return self._exact is None

    def may_build_models(self, statement: cst.CSTNode) -> bool:
        """False only when the statement's lines certainly never name ``Sequential`` or ``Model``."""
        twin = self._statement_ast.get(statement)
        if twin is None:
            return True
        if self._sequential_lines is None:
            self._sequential_lines = _lines_mentioning(self._code, MODEL_MARKERS)
        last = twin.end_lineno or twin.lineno
        return any(twin.lineno <= line <= last for line in self._sequential_lines)

    def _use_exact(self) -> None:
        wrapper = MetadataWrapper(self._module, unsafe_skip_copy=True)
        self._exact = {
            node: Position(found.start.line, found.start.column + 1, self._cell)
            for node, found in wrapper.resolve(PositionProvider).items()
        }

    def _record(self, node: cst.CSTNode, twin: ast.AST) -> None:
        line = twin.lineno  # type: ignore[attr-defined]
        self._table[node] = Position(line, self._column(line, twin.col_offset) + 1, self._cell)  # type: ignore[attr-defined]
        end_line = twin.end_lineno  # type: ignore[attr-defined]
        if end_line is not None:
            self._ends[node] = (end_line, self._column(end_line, twin.end_col_offset))  # type: ignore[attr-defined]

    def _column(self, line: int, byte_offset: int) -> int:
        """ast counts columns in UTF-8 bytes; people (and libcst) count characters."""
        text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
        if text.isascii():
            return byte_offset
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="replace"))

    def position(
        self, node: cst.CSTNode, statement: cst.CSTNode | None, expand: bool = True
    ) -> Position | None:
        """The node's position; ``statement`` is the statement being run, which holds it.

        With ``expand=False`` only what is already known is looked up (cheap: statements, and
        the calls of statements already expanded)."""
        if self._exact is not None:
            found = self._exact.get(node)
        else:
            found = self._table.get(node) or self._statement_position(node)
            if (
                found is None
                and expand
                and statement is not None
                and statement not in self._expanded
            ):
                self._expand(statement)
                found = self._table.get(node)
        if found is None or self._place is None:
            return found
        return self._place(found.line, found.column)

    def source_text(self, node: cst.CSTNode) -> str | None:
        """The node's source text, sliced from the file, for nodes whose extent is known."""
        start = self._table.get(node) or self._statement_position(node)
        end = self._ends.get(node)
        if start is None or end is None:
            return None
        first, last = start.line - 1, end[0] - 1
        if first == last:
            return self._lines[first][start.column - 1 : end[1]]
        parts = [
            self._lines[first][start.column - 1 :],
            *self._lines[first + 1 : last],
            self._lines[last][: end[1]],
        ]
        return "\n".join(parts)

    def _statement_position(self, node: cst.CSTNode) -> Position | None:
        twin = self._statement_ast.get(node)
        if twin is None:
            return None
        self._record(node, twin)
        return self._table[node]

    def _expand(self, statement: cst.CSTNode) -> None:
        """Match the calls in one statement's own code (not its nested blocks) by order."""
        self._expanded.add(statement)
        twin = self._statement_ast.get(statement)
        if twin is None:
            return
        calls = list(_cst_calls(statement))
        ast_calls = sorted(_ast_calls(twin), key=_extent)
        if len(calls) == len(ast_calls):
            for node, ast_node in zip(calls, ast_calls, strict=True):
                self._record(node, ast_node)


def _extent(node: ast.AST) -> tuple[int, int, int, int]:
    """Source order, outer before inner for calls that start at the same place (``f(a)(b)``)."""
    return (node.lineno, node.col_offset, -(node.end_lineno or 0), -(node.end_col_offset or 0))  # type: ignore[attr-defined]


def _concrete(*bases: type) -> frozenset[type]:
    """The libcst node classes that are or derive from ``bases``. libcst's nodes derive from
    ``ABC``, so ``isinstance`` with one of their classes runs ABCMeta's check, a Python call;
    the walks below test every node of a statement, and a set of exact types is a hash lookup."""
    found, todo = set(), [cst.CSTNode]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if any(base in cls.__mro__ for base in bases):  # not issubclass: ABCMeta's check is slow
            found.add(cls)
    return frozenset(found)


def _cst_statements(body: Sequence[cst.CSTNode]) -> list[Statement]:
    """Every statement, nested ones included, in source order (a stack, not recursion: no
    generator chain as deep as the code)."""
    found: list[Statement] = []
    stack = list(reversed(body))
    while stack:
        statement = stack.pop()
        if type(statement) is cst.SimpleStatementLine:
            found += statement.body
        elif type(statement) in _COMPOUND:
            compound = cast(cst.BaseCompoundStatement, statement)
            found.append(compound)
            stack += reversed(list(_cst_nested_statements(compound)))
    return found


def _cst_nested_statements(statement: cst.BaseCompoundStatement) -> Iterator[cst.CSTNode]:
    """The statements of a compound statement's blocks, in source order."""
    body = getattr(statement, "body", None)  # `match` has cases instead: matched by fallback
    if type(body) in _SUITES:
        yield from _block(cast(cst.BaseSuite, body))
    for handler in getattr(statement, "handlers", ()):
        yield from _block(handler.body)
    orelse = getattr(statement, "orelse", None)
    if type(orelse) is cst.If:  # elif
        yield orelse
    elif orelse is not None:
        yield from _block(orelse.body)
    final = getattr(statement, "finalbody", None)
    if final is not None:
        yield from _block(final.body)


def _block(suite: cst.BaseSuite) -> Sequence[cst.CSTNode]:
    if type(suite) is cst.SimpleStatementSuite:
        return list(_as_lines(suite.body))
    assert isinstance(suite, cst.IndentedBlock)
    return suite.body


def _as_lines(smalls: Sequence[cst.BaseSmallStatement]) -> Iterator[cst.CSTNode]:
    yield cst.SimpleStatementLine(body=smalls)


def _ast_statements(body: Sequence[ast.stmt]) -> list[ast.stmt]:
    """The same for ``ast``: every statement in source order."""
    found: list[ast.stmt] = []
    stack = list(reversed(body))
    while stack:
        statement = stack.pop()
        found.append(statement)
        stack += reversed(list(ast_blocks(statement)))
    return found


def _cst_calls(node: cst.CSTNode) -> Iterator[cst.Call]:
    """Calls in a statement's own code, in source order (outer first), f-strings left out."""
    stack = [_children(node)]  # a stack of iterators: no generator chain as deep as the code
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif type(child) not in _SKIPPED:
            if type(child) is cst.Call:
                yield child
            stack.append(_children(child))


_SKIPPED_CHILDREN = (*_CST_BODIES, cst.FormattedString)
_SKIPPED = _concrete(*_SKIPPED_CHILDREN)
_NODES = _concrete(cst.CSTNode)
_COMPOUND = _concrete(cst.BaseCompoundStatement)
_SUITES = _concrete(cst.BaseSuite)
# Classes whose dataclass fields are not in source order (checked against libcst's ``children``
# in tests/test_positions.py); only the fields that can hold expressions are listed.
_NODE_FIELDS: dict[type, tuple[str, ...]] = {
    cst.IfExp: ("body", "test", "orelse"),
    cst.FunctionDef: ("decorators", "params", "returns"),
    cst.ClassDef: ("decorators", "bases", "keywords"),
    cst.Arg: ("keyword", "value"),
    cst.ExceptHandler: ("type", "name"),
}


_TRIVIA = frozenset(
    {"leading_lines", "lines_after_decorators", "header", "footer", "newline", "lpar", "rpar",
     "lbracket", "rbracket", "lbrace", "rbrace", "comma", "semicolon", "colon", "dot", "equal",
     "operator", "asynchronous"}
)  # fmt: skip
"""Fields that only ever hold whitespace, comments or punctuation (and those named
``whitespace...`` or ``..._whitespace``): never a call."""


def _is_trivia(field: str) -> bool:
    return field in _TRIVIA or field.startswith("whitespace") or field.endswith("_whitespace")


def _children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """A node's children in source order, read from its fields (libcst's ``children`` runs a
    whole visitor for this, which is several times slower)."""
    names = _NODE_FIELDS.get(type(node))
    if names is None:
        names = _NODE_FIELDS[type(node)] = tuple(
            f.name for f in dataclasses.fields(node) if not _is_trivia(f.name)
        )
    for name in names:
        value = getattr(node, name)
        if type(value) in _NODES:
            yield value
        elif type(value) is tuple or type(value) is list:
            for item in value:
                if type(item) in _NODES:
                    yield item


def _ast_calls(statement: ast.stmt) -> Iterator[ast.Call]:
    stack: list[ast.AST] = [statement]
    while stack:
        node = stack.pop()
        for field, value in ast.iter_fields(node):
            if node is statement and field in AST_BLOCKS:
                continue
            children = value if isinstance(value, list) else [value]
            for child in children:
                if not isinstance(child, ast.AST) or isinstance(child, (ast.JoinedStr, ast.stmt)):
                    continue
                if isinstance(child, ast.Call):
                    yield child
                stack.append(child)


def _lines_mentioning(code: str, names: tuple[str, ...]) -> set[int]:
    """Lines where one of the words appears at all (comments included: a superset is safe)."""
    if not any(name in code for name in names):
        return set()
    word = re.compile(r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b")
    return {number for number, line in enumerate(split_lines(code), start=1) if word.search(line)}
