"""Notebook cells read the way IPython reads them, with IPython itself as the oracle.

IPython's ``TransformerManager.transform_cell`` (what Jupyter runs before it compiles a cell)
turns magics and shell escapes into ``get_ipython()`` calls; paramlint keeps the cell's shape
instead (see ``analyzer/ipython.py``). For each cell, generated or written here, both are parsed
and compared after IPython's calls are read as paramlint reads them (a call statement is ``pass``,
a magic's output is the unknown ``ǂ``, ``%time stmt`` and a Python cell magic run their code):
the two must agree on whether the cell is Python, and on its statements. Every name paramlint
parses must sit, through the chunk's column shifts, exactly where the cell shows it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paramlint.analyzer.ipython import OUTPUT, PYTHON_CELL_MAGICS, transform_cell
from paramlint.analyzer.source import Chunk, notebook_chunks

TransformerManager = pytest.importorskip("IPython.core.inputtransformer2").TransformerManager

IPYTHON = TransformerManager()


def _ipython_calls_as_paramlint_reads_them(tree: ast.Module) -> ast.Module:
    """IPython's transformed cell with each ``get_ipython()`` call replaced as paramlint does."""

    class Reader(ast.NodeTransformer):
        def visit_Expr(self, node: ast.Expr) -> ast.AST | list[ast.stmt]:
            call = _ipython_call(node.value)
            if call is None:
                return self.generic_visit(node)
            method, args = call
            if method == "run_line_magic" and args[0] == "time" and args[1].strip():
                try:
                    return _ipython_statements(args[1])
                except SyntaxError:  # the magic fails when it runs: nothing more is known
                    return ast.Pass()
            if method == "run_cell_magic" and args[0] in PYTHON_CELL_MAGICS:
                return _ipython_statements(args[2])
            return ast.Pass()

        def visit_Call(self, node: ast.Call) -> ast.AST:
            if _ipython_call(node) is not None:
                return ast.Name(OUTPUT, ast.Load())
            return self.generic_visit(node)

    return ast.fix_missing_locations(Reader().visit(tree))


def _ipython_call(node: ast.AST) -> tuple[str, list[str]] | None:
    """``get_ipython().method('a', 'b')`` as ``("method", ["a", "b"])``."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    owner = node.func.value
    if not (isinstance(owner, ast.Call) and getattr(owner.func, "id", None) == "get_ipython"):
        return None
    return node.func.attr, [arg.value for arg in node.args if isinstance(arg, ast.Constant)]


def _transform(cell: str) -> str:
    """IPython 9's transformation; for an indented cell it refuses, IPython 8's dedent first
    (paramlint reads such a cell as IPython 7 and 8, Colab's, run it)."""
    code = IPYTHON.transform_cell(cell)
    try:
        ast.parse(code)
    except SyntaxError:
        return IPYTHON.transform_cell(_ipython_8_dedent(cell))
    return code


def _ipython_statements(cell: str) -> list[ast.stmt]:
    code = _transform(cell)
    return _ipython_calls_as_paramlint_reads_them(ast.parse(code)).body


class _NoPass(ast.NodeTransformer):
    """``pass`` statements out (one side has ``pass`` where the other has nothing)."""

    def generic_visit(self, node: ast.AST) -> ast.AST:
        super().generic_visit(node)
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list):
                setattr(node, field, [s for s in body if not isinstance(s, ast.Pass)])
        return node


def _shape(tree: ast.Module | list[ast.stmt]) -> str:
    module = tree if isinstance(tree, ast.Module) else ast.Module(tree, [])
    return ast.dump(_NoPass().visit(module))


def _ipython_reading(cell: str) -> str | None:
    try:
        code = _transform(cell)
        return _shape(_ipython_calls_as_paramlint_reads_them(ast.parse(code)))
    except (SyntaxError, ValueError, IndexError):
        return None  # IPython refuses the cell (or its transformer fails on it)


def _ipython_8_dedent(cell: str) -> str:
    """IPython 8's ``leading_indent``: the first line's indentation off the lines starting with it."""
    lines = cell.splitlines(keepends=True)
    while lines and not lines[0].strip():  # leading_empty_lines comes first
        lines = lines[1:]
    indent = lines[0][: len(lines[0]) - len(lines[0].lstrip(" \t"))] if lines else ""
    return "".join(
        line[len(indent) :] if indent and line.startswith(indent) else line for line in lines
    )


def _paramlint_reading(cell: str) -> str | None:
    read = transform_cell(cell)
    if read is None:
        return "not python"
    try:
        return _shape(ast.parse(read.code))
    except SyntaxError:
        return None


def assert_read_as_ipython_does(cell: str) -> None:
    read = transform_cell(cell)
    if read is None:  # a cell magic whose body is not Python: IPython hands it to the magic
        assert IPYTHON.transform_cell(cell).startswith("get_ipython().run_cell_magic(")
        return
    if read.opaque:  # code paramlint does not read (autocall escapes, unknown cell magics)
        return
    assert _paramlint_reading(cell) == _ipython_reading(cell), (cell, read.code)
    assert_positions_are_the_cells(cell, Chunk(read.code, 1, read.shifts))


def assert_positions_are_the_cells(cell: str, chunk: Chunk) -> None:
    """Every name paramlint parses is, at its mapped position, that name in the cell's text."""
    try:
        tree = ast.parse(chunk.code)
    except SyntaxError:
        return
    lines = cell.splitlines()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id != OUTPUT:
            position = chunk.position(node.lineno, node.col_offset + 1)
            shown = lines[position.line - 1][position.column - 1 :]
            assert shown.startswith(node.id), (cell, node.id, position)


# -- cells written like real ones ------------------------------------------------------------------

CELLS = {
    "indented as a whole": "    model.add(Flatten())\n    model.add(Dense(10))\n",
    "indented, a line less indented": "    x = 1\nif x:\n    y = 2\n",
    "indented with tabs": "\tx = 1\n\ty = [1,\n\t     2]\n",
    "first line blank-indented": "    \n    x = 1\n",
    "pip with continuation": "!pip install -q tensorflow \\\n    keras \\\n    numpy\nimport keras\n",
    "line magic with continuation": "%config InlineBackend.figure_format = \\\n    'retina'\nx = 1\n",
    "percent operator in brackets": 'msg = ("%d layers"\n       %(3,))\n',
    "percent operator, backslash": 'msg = "%d" \\\n%(3)\n',
    "percent operator at line start in a call": "print(\n    '%s'\n    % name)\n",
    "matplotlib and time": "%matplotlib inline\n%time model = build()\nmodel.summary()\n",
    "time in a loop": "for units in (8, 16):\n    %time model.add(Dense(units))\n",
    "assigned shell output": "files = !ls data/\ncount = len(files)\n",
    "assigned magic output": "t = %timeit -o sum(range(10))\nprint(t)\n",
    "assigned, no space": "x=!pwd\n",
    "help": "model.summary?\nDense??\n?keras\n",
    "help mid-line is Python's error": "x = (model?)\n",
    "cell magic time": "%%time\nmodel = build()\n!nvidia-smi\n",
    "cell magic time, indented body": "%%time\n    model = build()\n    model.fit(x)\n",
    "indented cell magic": "  %%time\n  x = 1\n",
    "cell magic bash": "%%bash\nmkdir -p out\n",
    "cell magic help": "%%timeit?\nx = 1\n",
    "double bang": "!!ls\nx = 1\n",
    "magic in a string": 'text = """\n%matplotlib inline\n!ls\n"""\n',
    "magic in a comment": "x = 1  # !ls and %time\n",
    "shell escape in a block": "if True:\n    !echo hi\nelse:\n    pass\n",
    "vi-mode prompt": "[ins] In [2]: x = 1\n   ...: y = 2\n",
    "ipython prompt": "In [1]: x = 1\n   ...: y = 2\n",
    "ellipsis second line": "x = 1\n...\n",
    "shell with quote": '!echo "it\'s"\nx = 1\n',
    "escaped newline inside a shell command in a block": "for f in files:\n    !cp $f \\\n        out/\n",
    "not equals is not a shell escape": "ok = a != b\n",
    "crlf cell": "    x = 1\r\n    y = 2\r\n",
}


def test_cells_written_like_real_ones() -> None:
    for name, cell in CELLS.items():
        try:
            assert_read_as_ipython_does(cell)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from error


def test_an_indented_cell_is_read_and_its_positions_are_the_cells() -> None:
    (chunk,) = notebook_chunks(_notebook("    model.add(Flatten())\n    model.add(Dense(10))"), NB)
    assert chunk.code == "model.add(Flatten())\nmodel.add(Dense(10))\n"
    assert chunk.position(2, 11).render() == "cell 1:2:15"  # `Dense` in the cell as shown


def test_an_indented_cell_with_a_comment_at_column_0_is_read_as_ipython_8_reads_it() -> None:
    """IPython 9 dedents by the common indentation (none here) and refuses the cell; IPython 7
    and 8 (Colab's) strip the first line's indentation from the lines that start with it."""
    cell = "    model.add(Flatten())\n# the head\n    model.add(Dense(10))\n"
    assert IPYTHON.transform_cell(cell) == cell  # IPython 9 does not dedent it: it fails
    (chunk,) = notebook_chunks(_notebook(cell), NB)
    assert chunk.code == "model.add(Flatten())\n# the head\nmodel.add(Dense(10))\n"
    assert_positions_are_the_cells(cell, chunk)


def test_a_percent_continuation_is_python_not_a_magic() -> None:
    (chunk,) = notebook_chunks(_notebook('print("%d units"\n      %(64,))'), NB)
    assert chunk.code == 'print("%d units"\n      %(64,))\n'


def test_a_shell_command_over_three_lines_is_blank_and_the_code_after_it_stays() -> None:
    cell = "!pip install keras \\\n    numpy \\\n    pandas\nimport keras"
    (chunk,) = notebook_chunks(_notebook(cell), NB)
    assert chunk.code == "pass\n\n\nimport keras\n"


def test_the_output_of_a_shell_command_is_unknown_not_the_old_value() -> None:
    from paramlint.analyzer.api import analyze_source
    from paramlint.analyzer.source import source_from_bytes

    cells = ["import keras\nunits = 8", "units = !cat units.txt", MODEL_ON_UNITS]
    report = analyze_source(source_from_bytes(NB, _notebook(*cells)))
    (model,) = report.models
    assert "units" in str(model.total()), model.total()  # a formula, not 5 · 8 + 8


MODEL_ON_UNITS = "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units)])"
NB = Path("nb.ipynb")


def _notebook(*cells: str) -> bytes:
    import json

    return json.dumps(
        {"cells": [{"cell_type": "code", "source": c, "metadata": {}} for c in cells]}
    ).encode()


# -- generated cells -------------------------------------------------------------------------------

_LINES = [
    "x = 1", "model.add(Dense(x))", "if x:", "for i in range(3):", "    pass", "y = (x,",
    "     %(x))", "  % x)", "z = [1,", "     2]", "!pip install keras \\", "    numpy",
    "%matplotlib inline", "%time y = x", "%time", "files = !ls", "t = %timeit x", "x?",
    "model.summary??", "?x", "!!ls", "s = '%d' % x", "# a comment ?", "'''", "!echo $x",
    "%config A = \\", "    1", "", "    ", "\tx = 2", "else:", "def f():", "    return x",
    "    !ls", "    %time x = 2", "a = b = !ls", "x += 1", "print(x)?", "w = 'it''s'",
    "%%time", "x = (1 +", "% 2)", "'%d' \\", "% (1,)", "a = 1; %time b", "!ls  # list",
    "(a,", " b) = !ls", "x = %env", "%%capture out", "[x?]", "elif x:", "y = f'{x}?'",
    "%time .fit(x)", "%time for i in x:",
]  # fmt: skip


@st.composite
def cells(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.sampled_from(_LINES), min_size=1, max_size=8))
    indent = draw(st.sampled_from(["", "", "    ", "  ", "\t"]))
    head = draw(st.sampled_from(["", "", "", "%%time\n", "%%capture\n", "%%bash\n"]))
    return head + "\n".join(indent + line for line in lines) + draw(st.sampled_from(["", "\n"]))


@settings(max_examples=400, deadline=None)
@given(cells())
def test_generated_cells_are_read_as_ipython_reads_them(cell: str) -> None:
    assert_read_as_ipython_does(cell)
