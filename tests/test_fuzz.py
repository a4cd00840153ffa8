"""Fuzzing: no input makes paramlint raise or hang.

Two generators feed the whole pipeline (reading, analysis, every rule, the summary, explain and
JSON outputs, notebook line maps, and the command line with each output format):

- arbitrary syntactically valid Python programs from hypothesmith (from the grammar, and from
  libcst's node types), alone and spliced into a Keras model file;
- the bundled fixtures mutated: truncated, spliced together, lines swapped, duplicated or deleted,
  random tokens inserted, bytes corrupted, notebook JSON or notebook cells edited.

The oracle: nothing raises (a file paramlint cannot read or parse is a diagnostic, not an
exception), and no file takes more than ``SECONDS_PER_FILE``. And paramlint agrees with CPython on
what parses: every file ``compile()`` accepts (every notebook cell it accepts once IPython has
transformed it) is read without a syntax error (KPL000) or a "libcst cannot parse" note, and
everything it refuses is KPL000 unless libcst reads it (code only a newer Python accepts, or
refused by compile()'s checks past the parser, such as ``return`` outside a function: analysed).
A third generator varies what libcst's tokenizer and CPython's treat differently: indentation
with tabs and form feeds, comment-only lines indented anywhere, CRLF and CR line ends.

``PARAMLINT_FUZZ_EXAMPLES`` sets the number of examples of each of the two tests (default 150: a
few hundred in all, about a minute on two cores). Before a release, run thousands::

    PARAMLINT_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py

A failure is shrunk by hypothesis and printed; add the input to ``tests/test_robustness.py``.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import time
import warnings
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from paramlint.analyzer.api import analyze_source
from paramlint.analyzer.ipython import PYTHON_CELL_MAGICS
from paramlint.analyzer.source import Source, SourceError, notebook_lines, source_from_bytes
from paramlint.cli import main
from paramlint.render import file_json, render_explain, render_summary
from paramlint.rules.config import OUTPUT_FORMATS, Config
from paramlint.rules.run import check_report

EXAMPLES = int(os.environ.get("PARAMLINT_FUZZ_EXAMPLES", "150"))
SECONDS_PER_FILE = 10.0
"""Far above what any file takes (the work budget stops an analysis after a few seconds)."""

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".py", ".ipynb"))
KERAS = "import keras\nfrom keras import layers\n"
MODEL = "model = keras.Sequential([keras.Input((16,)), layers.Dense(8), layers.Dense(1)])\n"

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the oracle measures time itself, with a bound meant for slow machines
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # No targeting phase: hypothesmith targets program size, and hill-climbing on it costs far
    # more than the examples themselves in long runs, for no new kind of input.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)


def everything(name: str, data: bytes) -> None:
    """Read, analyse, check and render one file in-process; raise on any crash or a slow file."""
    start = time.monotonic()
    path = Path(name)
    try:
        source = source_from_bytes(path, data)
    except SourceError:
        return  # a clear error is a valid answer
    report = analyze_source(source, name)
    diagnostics = check_report(report, Config(select=("ALL",)), name)
    lines = [diagnostic.render() for diagnostic in diagnostics]
    for model in report.models:
        render_summary(model)
        render_summary(model, "float16")
        render_explain(model)
    json.dumps(file_json(report))
    if path.suffix == ".ipynb":
        where = notebook_lines(data.decode("utf-8", errors="replace"))
        for diagnostic in diagnostics:
            where.locate(diagnostic.position)
    elapsed = time.monotonic() - start
    assert elapsed < SECONDS_PER_FILE, f"{elapsed:.1f} s for {len(data):,} bytes"
    assert all(isinstance(line, str) for line in lines)


def assert_parses_as_cpython_does(name: str, data: bytes) -> int:
    """paramlint's reading and parsing of a file against ``compile()``; the chunks compared."""
    from paramlint.analyzer.parse import Refused, parse_chunk

    try:
        source = source_from_bytes(Path(name), data)
    except SourceError:
        return 0
    compiled = _compiles(name, data, source)
    for chunk in source.chunks:
        parsed = parse_chunk(chunk)
        if compiled.get(chunk.cell, False):
            assert not isinstance(parsed, Refused), (chunk.code, parsed)
        elif isinstance(parsed, Refused):
            assert parsed.kind == "syntax-error", (chunk.code, parsed)
    return len(source.chunks)


def _compiles(name: str, data: bytes, source: Source) -> dict[int | None, bool]:
    """Whether CPython compiles each chunk: the file, or each cell as IPython transforms it."""
    if not name.endswith(".ipynb"):
        return {None: _compile(source.chunks[0].code, 0)}
    TransformerManager = pytest.importorskip("IPython.core.inputtransformer2").TransformerManager

    notebook = json.loads(data)
    cells = notebook.get("cells") or [c for w in notebook["worksheets"] for c in w["cells"]]
    accepted: dict[int | None, bool] = {}
    for chunk in source.chunks:
        cell = cells[(chunk.cell or 1) - 1]
        text = cell.get("source", cell.get("input", ""))
        text = "".join(text) if isinstance(text, list) else text
        accepted[chunk.cell] = _compiles_in_ipython(text, TransformerManager())
    return accepted


def _compiles_in_ipython(text: str, ipython: object) -> bool:
    """Whether the cell compiles once IPython transformed it; a ``%%time`` cell's body (run as
    a cell by the magic) must compile too."""
    try:
        code = ipython.transform_cell(text)  # type: ignore[attr-defined]
    except (SyntaxError, ValueError, IndexError, RuntimeError):
        return False
    if code.startswith("get_ipython().run_cell_magic("):
        name, _, body = (arg.value for arg in ast.parse(code).body[0].value.args)  # type: ignore[attr-defined]
        if name in PYTHON_CELL_MAGICS:
            return _compiles_in_ipython(body, ipython)
    return _compile(code, ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)


def _compile(code: str, flags: int) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(code, "<fuzz>", "exec", flags=flags, dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return False
    return True


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_fixture_parses_as_cpython_says(path: Path) -> None:
    assert assert_parses_as_cpython_does(path.name, path.read_bytes()) >= 1


def command_line(tmp_path: Path, name: str, data: bytes, output_format: str) -> None:
    """The same file through ``paramlint check`` and ``summary``: exit 0, 1 or 2, never a crash."""
    path = tmp_path / name
    path.write_bytes(data)
    before = Path.cwd()
    os.chdir(tmp_path)
    try:
        for argv in (
            ["check", "--no-cache", "--select", "ALL", "--output-format", output_format, name],
            ["summary", "--no-cache", "--format", "json", name],
        ):
            err = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                status = main(argv)
            assert status in (0, 1, 2)
            assert "internal error" not in err.getvalue(), err.getvalue()
    finally:
        os.chdir(before)
        path.unlink()


# -- arbitrary programs ----------------------------------------------------------------------------

PROGRAMS = hypothesmith.from_grammar() | hypothesmith.from_node()


@st.composite
def programs_near_models(draw: st.DrawFn) -> str:
    """A generated program alone, or spliced into a file that builds a model."""
    program = draw(PROGRAMS)
    where = draw(st.sampled_from(["alone", "after", "between", "before"]))
    if where == "alone":
        return program
    if where == "after":
        return KERAS + MODEL + program
    if where == "between":
        return KERAS + MODEL + program + "\nmodel.add(layers.Dense(3))\nmodel.pop()\n"
    return program + "\n" + KERAS + MODEL


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@FUZZ
@given(programs_near_models())
def test_arbitrary_programs_never_crash_or_hang(code: str) -> None:
    data = code.encode("utf-8", errors="surrogatepass")
    everything("generated.py", data)
    assert_parses_as_cpython_does("generated.py", data)


# -- mutated fixtures ------------------------------------------------------------------------------

TOKENS = [
    "(", ")", "[", "]", "{", "}", ":", ",", ".", "=", "+", "-", "*", "**", "/", "//", "%", "@",
    "<", ">", "==", "not ", " and ", " or ", "lambda ", " if ", " else ", "for ", " in ",
    "while ", "def ", "class ", "return ", "yield ", "await ", "del ", "import ", "from ",
    "with ", "try:", "except", "pass", "break", "global ", "\n", "    ", "\t", "\\\n", "#", "'",
    '"', '"""', "f'{", "b'", "0", "1", "-1", "0.5", "10**9", "10**30", "2**63", "1e308", "None",
    "True", "...", "model", "keras.Sequential(", "layers.Dense(", "keras.Input((", "model.add(",
    ".pop()", ".build((None, ", "layers.Conv2D(", "layers.LSTM(", "layers.Bidirectional(",
    "layers.TimeDistributed(", "layers.Embedding(", "layers.Reshape((", "input_shape=(",
    "units=", "range(", "len(", "*", "**kwargs", "%time ", "!ls", "\x00", "\r", "\ufeff", "é",
    "\\N{", "\\x", "\\u", "\\", "}",
]  # fmt: skip


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [""]


@st.composite
def mutated_code(draw: st.DrawFn, text: str, program: str) -> str:
    """Python code with one to four random edits (``program`` is the generated program to
    insert: hypothesmith's strategies may be drawn only once per example)."""
    for _ in range(draw(st.integers(1, 4))):
        edit = draw(
            st.sampled_from(
                ["truncate", "splice", "swap", "insert", "delete", "duplicate", "program"]
            )
        )
        lines = _lines(text)
        if edit == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
        elif edit == "splice":
            other = draw(st.sampled_from([p for p in FIXTURES if p.suffix == ".py"])).read_text()
            cut, other_cut = draw(st.integers(0, len(text))), draw(st.integers(0, len(other)))
            text = text[:cut] + other[other_cut:]
        elif edit == "swap":
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
        elif edit == "insert":
            at = draw(st.integers(0, len(text)))
            tokens = draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6))
            text = text[:at] + "".join(tokens) + text[at:]
        elif edit == "delete":
            start = draw(st.integers(0, len(text)))
            text = text[:start] + text[start + draw(st.integers(0, 200)) :]
        elif edit == "duplicate":
            i = draw(st.integers(0, len(lines) - 1))
            lines[i:i] = [lines[i]] * draw(st.integers(1, 50))
            text = "".join(lines)
        else:
            i = draw(st.integers(0, len(lines)))
            lines.insert(i, program + "\n")
            text = "".join(lines)
    return text


@st.composite
def mutated_fixture(draw: st.DrawFn) -> tuple[str, bytes]:
    path = draw(st.sampled_from(FIXTURES))
    text = path.read_text(encoding="utf-8")
    program = draw(PROGRAMS)
    if path.suffix == ".ipynb" and draw(st.booleans()):
        notebook = json.loads(text)
        cells = [c for c in notebook.get("cells", []) if c.get("cell_type") == "code"]
        for cell in draw(st.lists(st.sampled_from(cells), min_size=1, max_size=3)) if cells else []:
            source = cell["source"]
            code = "".join(source) if isinstance(source, list) else source
            code = draw(mutated_code(code, program))
            cell["source"] = code if draw(st.booleans()) else _lines(code)
        text = json.dumps(notebook)
    else:
        text = draw(mutated_code(text, program))
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.integers(0, 9)) == 0:  # now and then, bytes that are not UTF-8 at all
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return "mutated" + path.suffix, data


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@FUZZ
@given(mutated_fixture(), st.sampled_from(OUTPUT_FORMATS), st.integers(0, 9))
def test_mutated_fixtures_never_crash_or_hang(
    tmp_path_factory: pytest.TempPathFactory,
    file: tuple[str, bytes],
    output_format: str,
    draw_cli: int,
) -> None:
    name, data = file
    everything(name, data)
    assert_parses_as_cpython_does(name, data)
    if draw_cli == 0:  # one example in ten also goes through the command line, whole
        command_line(tmp_path_factory.mktemp("fuzz"), name, data, output_format)


# -- what libcst's tokenizer and CPython's treat differently ----------------------------------------

_INDENTS = ["", " ", "  ", "    ", "        ", "\t", " \t", "\t ", "\t    ", "\f", " \f ", "\f    "]
_STATEMENTS = [
    "x = 1", "# a comment", "", "if x:", "pass", "y = (1,", "2)", "def f():", "return 1",
    "z = 1 \\", "+ 2", '"""a', 'b"""', "model.add(layers.Dense(4))", "for i in range(2):",
]  # fmt: skip


@st.composite
def indentation_variants(draw: st.DrawFn) -> str:
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [
        draw(st.sampled_from(_INDENTS))
        + draw(st.sampled_from(_STATEMENTS))
        + draw(st.sampled_from(["", "", "", " ", "\t", "  # note"]))
        for _ in range(draw(st.integers(1, 8)))
    ]
    return KERAS + MODEL + end.join(lines) + draw(st.sampled_from(["", end]))


@FUZZ
@given(indentation_variants())
def test_indentation_and_line_ends_parse_as_cpython_says(code: str) -> None:
    data = code.encode()
    assert_parses_as_cpython_does("generated.py", data)
    everything("generated.py", data)
