"""The fast position index agrees with libcst's exact PositionProvider on every fixture."""

from __future__ import annotations

import ast
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from paramlint.analyzer.positions import _SKIPPED_CHILDREN, PositionIndex, _cst_calls
from paramlint.analyzer.source import read_source

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".py", ".ipynb"))
EXTRA = [
    "x = f(a)(b)\nif g(1):\n    h(2)\nelif k(3):\n    m(4)\nelse:\n    n(5)\n",
    "@deco(1)\ndef f(a=g(2), *, b=h(3)):\n    return [i(x) for x in j(4)]\n",
    "s = 'é' + str(len('ünï')); t = f'{u(1)}' + v(2)\ntry:\n    w(3)\nexcept E(4):\n    pass\nfinally:\n    z(5)\n",
    "with open(p(1)) as f, q(2):\n    for x in r(3): s(x); t(4)\n",
    "y = a(1) if b(2) else c(3)\n@d(4)\nclass K(e(5), metaclass=f(6)):\n    pass\n",
    "match f(1):\n    case [x]:\n        g(2)\n    case _:\n        h(3)\n",
    # a try's handlers come before its else: in ast's fields, orelse comes first
    "try:\n    a(1)\nexcept E:\n    b(2)\nelse:\n    c(3)\nfinally:\n    d(4)\n",
    "for x in y:\n    a(1)\nelse:\n    b(2)\nwhile z:\n    c(3)\nelse:\n    d(4)\n",
]


def sources() -> list[tuple[str, str, int | None]]:
    found = []
    for path in FILES:
        found += [(path.name, chunk.code, chunk.cell) for chunk in read_source(path).chunks]
    found += [(f"extra-{i}", code, None) for i, code in enumerate(EXTRA)]
    return found


@pytest.mark.parametrize(("name", "code", "cell"), sources(), ids=lambda v: str(v)[:30])
def test_index_matches_position_provider(name: str, code: str, cell: int | None) -> None:
    module = cst.parse_module(code)
    exact = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    index = PositionIndex(module, code, cell, ast.parse(code))
    assert index.matched or "match " in code, "the fast index fell back to the exact provider"
    checked = 0
    for statement in index.statements:
        for node in (statement, *_cst_calls(statement)):
            found = index.position(node, statement)
            expected = exact[node].start
            assert found is not None, (name, cst.Module([]).code_for_node(node))
            assert (found.line, found.column - 1, found.cell) == (
                expected.line,
                expected.column,
                cell,
            )
            checked += 1
    assert checked >= len(index.statements)


@pytest.mark.parametrize(("name", "code", "cell"), sources(), ids=lambda v: str(v)[:30])
def test_calls_come_in_source_order(name: str, code: str, cell: int | None) -> None:
    """The fast child walk finds the same calls in the same order as libcst's own ``children``."""

    def slow_calls(node: cst.CSTNode) -> list[cst.CSTNode]:
        found: list[cst.CSTNode] = []
        for child in node.children:
            if isinstance(child, _SKIPPED_CHILDREN):
                continue
            if isinstance(child, cst.Call):
                found.append(child)
            found += slow_calls(child)
        return found

    module = cst.parse_module(code)
    for statement in PositionIndex(module, code, cell, ast.parse(code)).statements:
        assert list(_cst_calls(statement)) == slow_calls(statement)
