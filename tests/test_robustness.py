"""Bad input never crashes paramlint: every one becomes a clear diagnostic, in bounded time.

A linter in a pre-commit hook sees every file a team commits, half-written ones included. These
tests feed it pathological code, files that are not text, broken notebooks, hostile folders and
broken configs, and check that each one gives a diagnostic saying what is wrong and where, that
the other files are still analysed, and that the exit code is the documented one.
"""

from __future__ import annotations

import ast
import datetime
import errno
import os
import time
from pathlib import Path

import pytest

from paramlint.analyzer.api import FileReport, analyze_code
from paramlint.analyzer.evaluate import MAX_STEPS
from paramlint.analyzer.nesting import MAX_NESTING, deepest_nesting, deepest_nesting_parsed
from paramlint.cli import main

KERAS = "import keras\nfrom keras import layers\n"
MODEL = KERAS + "model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\n"
SECONDS_PER_FILE = 15.0
"""Generous: the slowest case below takes about two seconds on a 2-core CI machine."""


def analyse(code: str) -> FileReport:
    start = time.monotonic()
    report = analyze_code(code)
    elapsed = time.monotonic() - start
    assert elapsed < SECONDS_PER_FILE, f"analysis took {elapsed:.1f} s"
    return report


def notes(report: FileReport, kind: str) -> list[str]:
    return [message for found, message, _ in report.notes if found == kind]


def check(tmp_path: Path, files: dict[str, str | bytes], *args: str) -> tuple[int, str, str]:
    """Run ``paramlint check`` on files written to tmp_path; (exit code, stdout, stderr)."""
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return run(tmp_path, "check", "--no-cache", ".", *args)


def run(cwd: Path, *argv: str) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    before = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
    finally:
        os.chdir(before)
    return code, out.getvalue(), err.getvalue()


# -- pathological code -----------------------------------------------------------------------------

DEEP = {
    "parentheses": "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
    "additions": "x = " + "1 + " * 5000 + "1\n",
    "negations": "x = " + "-" * 10_000 + "1\n",
    "nots": "x = " + "not " * 10_000 + "1\n",
    "ands": "x = " + "1 and " * 10_000 + "1\n",
    "lambdas": "f = " + "lambda: " * 10_000 + "1\n",
    "calls": "x = " + "f(" * 3000 + ")" * 3000 + "\n",
    "attributes": "x = a" + ".b" * 10_000 + "\n",
    "subscripts": "x = a" + "[0]" * 5000 + "\n",
    "lists": "x = " + "[" * 3000 + "]" * 3000 + "\n",
    "conditionals": "x = " + "1 if c else " * 5000 + "1\n",
    "f-strings": "x = " + "f'{" * 2000 + "1" + "}'" * 2000 + "\n",
    "layers": KERAS
    + "model = keras.Sequential(["
    + "layers.Bidirectional(" * 2000
    + "layers.LSTM(4)"
    + ")" * 2000
    + "])\n",
}


@pytest.mark.parametrize("name", DEEP)
def test_code_nested_thousands_deep_is_a_syntax_error_not_a_crash(name: str) -> None:
    report = analyse(MODEL + DEEP[name])
    (message,) = notes(report, "syntax-error")
    assert "nested about" in message and f"up to {MAX_NESTING} levels" in message


@pytest.mark.parametrize(
    "code",
    [
        "x = " + "(" * 140 + "1" + ")" * 140 + "\n",
        "x = " + "a[" * 140 + "1" + "]" * 140 + "\n",
        "x = " + "1 + " * 290 + "1\n",
        "x = " + "-(" * 95 + "1" + ")" * 95 + "\n",
        "x = " + "f'{" * 140 + "1" + "}'" * 140 + "\n",  # Python 3.12 syntax: ast cannot help
    ],
)
def test_code_nested_just_under_the_limit_is_analysed_or_skipped_never_raised(code: str) -> None:
    assert deepest_nesting(code)[0] <= MAX_NESTING
    report = analyse(MODEL + code)
    assert not notes(report, "syntax-error")
    if notes(report, "unsupported"):  # Python's recursion limit: the code is skipped, and said so
        assert not any(model.complete for model in report.models)
    else:
        (model,) = report.models
        assert model.complete and model.total() == 15


def test_nesting_estimate_of_real_code_is_small() -> None:
    fixtures = Path(__file__).parent.parent / "fixtures"
    deepest = max(deepest_nesting(p.read_text())[0] for p in fixtures.rglob("*.py"))
    assert deepest < 30


CHAIN = " + ".join(["a"] * 400)  # CPython parses it; libcst nests it 400 deep
PLACES = {
    "module": f"x = {CHAIN}\n",
    "function": f"def f():\n    if c:\n        pass\n    else:\n        x = {CHAIN}\n",
    "decorator": f"@d({CHAIN})\ndef f():\n    pass\n",
    "method decorator": f"class C:\n    @d({CHAIN})\n    def f(self):\n        pass\n",
    "if header": f"if {CHAIN}:\n    pass\n",
    "elif header": f"if c:\n    pass\nelif {CHAIN}:\n    pass\n",
    "except header": f"try:\n    pass\nexcept ({CHAIN}):\n    pass\n",
    "with header": f"with ({CHAIN}) as f:\n    pass\n",
    "same line": f"for i in x: y = {CHAIN}\n",
    "second statement": f"a = 1; b = {CHAIN}\n",
    "split over lines": "x = (a\n" + "    + a\n" * 400 + ")\n",
    "match guard": f"match x:\n    case 1 if {CHAIN}:\n        pass\n",
    "deep blocks": "".join(f"{'    ' * i}if c:\n" for i in range(60))
    + "    " * 60
    + "x = "
    + " + ".join(["a"] * 250)
    + "\n",
}


@pytest.mark.parametrize("name", PLACES)
def test_nesting_scan_of_parsed_code_finds_every_deep_statement(name: str) -> None:
    """Only long statements are scanned once CPython has parsed the code: none is missed."""
    code = "import os\n\n" + PLACES[name] + "y = 2\n"
    full = deepest_nesting(code)
    assert full[0] > MAX_NESTING
    assert deepest_nesting_parsed(code, ast.parse(code)) == full


def test_nesting_scan_of_parsed_code_skips_short_statements() -> None:
    code = "\n".join(f"x{i} = f(a + b * c, [d, e])" for i in range(1000))
    assert deepest_nesting_parsed(code, ast.parse(code)) == (0, 1, 1)


def test_nesting_estimate_points_at_the_deep_place() -> None:
    depth, line, column = deepest_nesting("x = 1\n\ny = [1, (2 + (3 * 4))]\n")
    assert (line, column) == (3, 17) and depth < 10


def test_a_billion_iterations_are_not_unrolled() -> None:
    report = analyse(
        KERAS + "model = keras.Sequential([keras.Input((4,))])\n"
        "for _ in range(10**9):\n"
        "    model.add(layers.Dense(4))\n"
    )
    (model,) = report.models
    ((reason, where),) = model.uncertain
    assert "1,000,000,000" in reason and where.line == 5
    assert model.total() is None


def test_a_loop_past_its_step_budget_is_skipped_and_the_analysis_goes_on(tmp_path: Path) -> None:
    code = (
        KERAS + "model = keras.Sequential([keras.Input((4,))])\n"
        "for a in range(10000):\n"
        "    for b in range(10000):\n"
        "        model.add(layers.Dense(4))\n"
        "other = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\n"
    )
    report = analyse(code)
    assert not notes(report, "unsupported")  # nothing left unanalysed but the loop
    model, other = report.models
    ((message, where),) = model.uncertain
    assert "loop at 5:5 is too long to follow" in message and "steps" in message
    assert where.line == 5 and model.total() is None
    assert other.complete and other.total() == 5  # the model after the loop is not lost
    status, out, _ = check(tmp_path, {"loop.py": code})
    assert "KPL004" in out and "too long to follow" in out
    assert status == 0  # a warning: paramlint could not check, it found nothing wrong


def test_a_file_past_the_whole_file_budget_stops_with_a_note(tmp_path: Path) -> None:
    loops = "".join(
        f"for i in range(200):\n    for j in range(200):\n        x{k} = j\n" for k in range(30)
    )  # each loop within its own budget, all of them past the file's
    code = MODEL + loops + "other = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\n"
    report = analyse(code)
    (message,) = notes(report, "unsupported")
    assert "analysis stopped at" in message and f"{MAX_STEPS:,} steps" in message
    (model,) = report.models  # the analysis never got to `other`
    assert model.uncertain and model.total() is None
    status, out, _ = run(tmp_path, "summary", "--no-cache", *[_write(tmp_path, "big.py", code)])
    assert status == 0 and "analysis stopped at" in out  # on stdout, beside the model found


@pytest.mark.parametrize(
    "code",
    [
        "x = [a for a in range(10000) for b in range(10000)]\n",
        "def f():\n    f(); f(); f(); f(); f()\nf()\n",
        "def f(n):\n    return f(n + 1)\nf(0)\n",
        "x = 2\nwhile True:\n    x = x * x\n",
        "x = 2\nfor _ in range(10000):\n    x = x * x\n",
        "x = 10**256\nx = x**256\nx = x**256\nx = x**256\n",
        "x = 'ab'\nfor _ in range(100):\n    x = x + x\n",
        "x = (1,)\nfor _ in range(10000):\n    x = (x, x)\ny = {x: 1}\nz = x == x\n",
        "x = [0]\nfor _ in range(10000):\n    x = [x] * 100\n",
        "import sys\nn = int(sys.argv[1])\nfor _ in range(10000):\n    n = n * n + n\n",
        "x = 'a' * 10**12\ny = [0] * 10**12\nz = (1, 2) * -5\n",
        "x = range(10**20)\ny = len(range(10**30))\nz = range(10**20)[5]\n",
        "x = list(range(10**8))\ny = sum(range(10**12))\nz = sorted(range(10**9))\n",
        "x = round(5, -10**9)\ny = sum([[1]] * 10000, [])\n",
        "x = str(10**4000)\ny = int('9' * 5000)\nz = " + "9" * 5000 + "\n",
        "x = [1, 2][::0]\ny = {(1, [2]): 3}\nz = (-8) ** 0.5\n",
        "x = 1e308 * 10\ny = int(x)\nz = 10**400 / 3\n",
        "x = '%*d' % (10**9, 1)\n",
        "x = x + 1\ny = y\n",
        'x = "\\N{NO SUCH NAME}"\ny = "\\xZZ"\nz = """\\u12"""\n',  # libcst parses, Python refuses
    ],
)
def test_pathological_computation_ends_quickly(code: str) -> None:
    analyse(KERAS + code)


def test_a_value_too_large_to_carry_is_unknown_not_computed() -> None:
    report = analyse(
        KERAS + "n = 2**4000\nunits = (n * n) // n\n"
        "model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])\n"
    )
    (model,) = report.models
    # `n * n` has 8,001 bits: refused, not computed, so `units` is a symbol, not a number
    assert not isinstance(model.total(), int)


def test_self_reference_rebinding_and_del() -> None:
    report = analyse(
        KERAS + "model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\n"
        "model = model\n"
        "alias = model\n"
        "model = 3\n"
        "model.add(layers.Dense(5))\n"  # an int has no add(): the model is untouched
        "alias.add(layers.Dense(2))\n"
        "del alias\n"
        "alias.add(layers.Dense(7))\n"  # deleted: this is not the model any more
        "layer = layer\n"
    )
    (model,) = report.models
    assert [layer.class_name for layer in model.layers] == ["Dense", "Dense"]
    assert model.complete and model.total() == 15 + 8


# -- sizes Keras refuses ---------------------------------------------------------------------------

REFUSED_SIZES = {
    "zero units": ("keras.Input((4,)), layers.Dense(0)", "KPL101"),
    "negative units": ("keras.Input((4,)), layers.Dense(-1)", "KPL101"),
    "negative filters": ("keras.Input((8, 2)), layers.Conv1D(-1, 3)", "KPL101"),
    "negative input": ("keras.Input((-4,)), layers.Dense(2)", "KPL105"),
    "negative input_shape": ("layers.Dense(2, input_shape=(-3,))", "KPL105"),
    "negative InputLayer": ("layers.InputLayer(shape=(3, -1)), layers.Flatten()", "KPL105"),
    "10**30 units": ("keras.Input((4,)), layers.Dense(10**30)", "KPL105"),
    "2**63 vocabulary": ("keras.Input((4,)), layers.Embedding(2**63, 2)", "KPL105"),
}


@pytest.mark.parametrize("name", REFUSED_SIZES)
def test_sizes_keras_refuses_are_errors_not_numbers(tmp_path: Path, name: str) -> None:
    layers_code, code = REFUSED_SIZES[name]
    source = KERAS + f"model = keras.Sequential([{layers_code}])\n"
    status, out, _ = check(tmp_path, {"model.py": source})
    assert status == 1 and f" {code} " in out, out
    (model,) = analyze_code(source).models
    assert model.total() is None  # never a negative or impossible count


def test_keras_itself_refuses_those_sizes(tmp_path: Path) -> None:
    """The oracle: real Keras raises for each of them (without allocating anything)."""
    import json
    import subprocess
    import sys

    script = (
        "import json, os, sys\n"
        "os.environ['KERAS_BACKEND'] = 'jax'\n"
        "import keras\nfrom keras import layers\n"
        "outcome = {}\n"
        "for name, code in json.loads(sys.argv[1]).items():\n"
        "    try:\n"
        "        keras.Sequential(eval('[' + code + ']'))\n"
        "        outcome[name] = 'built'\n"
        "    except Exception as error:\n"
        "        outcome[name] = type(error).__name__\n"
        "print(json.dumps(outcome))\n"
    )
    cases = {name: layers_code for name, (layers_code, _) in REFUSED_SIZES.items()}
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(cases)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert all(raised != "built" for raised in outcome.values()), outcome


def test_a_huge_but_possible_layer_is_counted_exactly() -> None:
    (model,) = analyze_code(
        KERAS + "model = keras.Sequential([keras.Input((4,)), layers.Dense(2**40)])\n"
    ).models
    assert model.total() == 5 * 2**40  # Keras would run out of memory; the count is still exact


# -- files that do not parse -----------------------------------------------------------------------

GOOD = KERAS + "model = keras.Sequential([keras.Input((100,)), layers.Dense(100)])\n"
BUDGET = ("--config", "budgets.max-params = 1000")  # GOOD has 10,100: one KPL201 finding

UNPARSABLE = {
    "unclosed bracket": (MODEL[:-3] + "\n", "3:26", "'[' was never closed"),
    "python 2 print": ("print 'hello'\n" + MODEL, "1:1", "Missing parentheses in call to 'print'"),
    "truncated file": (
        MODEL + "def build(units=3):\n    return keras.Sequential([layers.Dense(units",
        "5:",
        "was never closed",
    ),
    "unterminated string": (MODEL + "name = 'dense\n", "4:8", "unterminated string literal"),
    "tabs and spaces": (
        MODEL + "if True:\n\tx = 1\n        y = 2\n",
        "6:",
        "inconsistent use of tabs and spaces",
    ),
    "null byte": (MODEL + "x = 1\0\n", "4:6", "null bytes"),
    "null byte in a string": (MODEL + 'x = """\0"""\n', "4:8", "null bytes"),  # found by fuzzing
    "bytes and text": (MODEL + 'x = b"a" "b"\n', "4:", "cannot mix bytes and nonbytes literals"),
    "control character": (MODEL + "x = 1\v\n", "4:6", "U+000B"),
}


@pytest.mark.parametrize("name", UNPARSABLE)
def test_a_file_that_does_not_parse_is_one_diagnostic_and_the_others_are_checked(
    tmp_path: Path, name: str
) -> None:
    source, where, message = UNPARSABLE[name]
    status, out, err = check(tmp_path, {"bad.py": source, "good.py": GOOD}, *BUDGET)
    (syntax_error,) = [line for line in out.splitlines() if " KPL000 " in line]
    assert syntax_error.startswith(f"bad.py:{where}") and message in syntax_error, syntax_error
    assert "good.py:" in out and " KPL201 " in out  # the other file is still checked
    assert status == 1 and not err  # a finding (like ruff's syntax errors), not a crash


@pytest.mark.parametrize("tail", ["", "z = (\n"])
def test_the_analysed_code_never_makes_python_print_warnings(tail: str) -> None:
    import warnings

    code = MODEL + 'x = "\\w"\ny = """\\d"""\nif x is 1:\n    pass\n' + tail
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # Python 3.12+ shows SyntaxWarnings by default
        report = analyze_code(code)
    assert bool(tail) == bool(notes(report, "syntax-error"))
    assert not caught, [str(w.message) for w in caught]


def test_summary_reports_an_unparsable_file_on_stderr_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(UNPARSABLE["unclosed bracket"][0])
    (tmp_path / "good.py").write_text(GOOD)
    status, out, err = run(tmp_path, "summary", "--no-cache", "bad.py", "good.py")
    assert status == 2
    assert "Total params: 10,100" in out  # good.py is still summarised
    assert err.startswith("paramlint: error: bad.py:3:26:") and "never closed" in err


# -- files that are not Python text ----------------------------------------------------------------

NOT_TEXT = {
    "binary": (bytes(range(256)) * 40 + b"Sequential", "byte 0x80 at line 2, column 118"),
    "latin-1 without a coding line": (
        MODEL.encode() + "# café\n".encode("latin-1"),
        "not valid utf-8 text (byte 0xe9 at line 4, column 6)",
    ),
    "UTF-16": (("\ufeff" + MODEL).encode("utf-16-le") + b"Sequential", "(byte 0xff at line 1"),
    "unknown coding": (b"# -*- coding: klingon -*-\n" + MODEL.encode(), "unknown encoding"),
    "larger than paramlint analyses": (MODEL.encode() * 15_000, "MB of Python code"),
}


@pytest.mark.parametrize("name", NOT_TEXT)
def test_a_file_that_is_not_python_text_is_a_clear_kpl000(tmp_path: Path, name: str) -> None:
    data, message = NOT_TEXT[name]
    status, out, _ = check(tmp_path, {"bad.py": data, "good.py": GOOD}, *BUDGET)
    (error,) = [line for line in out.splitlines() if " KPL000 " in line]
    assert error.startswith("bad.py:1:1: KPL000") and message in error, error
    assert " KPL201 " in out and status == 1


@pytest.mark.parametrize(
    "name, data",
    [
        ("coding line", "# -*- coding: latin-1 -*-\n# café\n".encode("latin-1") + MODEL.encode()),
        ("BOM", b"\xef\xbb\xbf" + MODEL.encode()),
        ("CRLF", MODEL.replace("\n", "\r\n").encode()),
        ("CR", MODEL.replace("\n", "\r").encode()),
        ("no final newline", MODEL.rstrip().encode()),
        ("form feed", b"\x0c" + MODEL.encode()),
    ],
)
def test_encodings_and_line_endings_python_accepts(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / "model.py"
    path.write_bytes(data)
    status, out, err = run(tmp_path, "summary", "--no-cache", "model.py")
    assert status == 0 and not err and "Total params: 15" in out
    assert "(model at model.py:" in out


def test_an_empty_file_and_one_with_only_a_bom(tmp_path: Path) -> None:
    status, out, err = check(tmp_path, {"empty.py": b"", "bom.py": b"\xef\xbb\xbf"})
    assert status == 0 and not err and "All checks passed" in out


def test_a_50_mb_file_is_refused_quickly(tmp_path: Path) -> None:
    big = tmp_path / "big.py"
    with big.open("wb") as file:
        file.write(MODEL.encode())
        for _ in range(50 * 1024):
            file.write(b"# " + b"x" * 1021 + b"\n")
    assert big.stat().st_size > 50 * 10**6
    start = time.monotonic()
    status, out, _ = check(tmp_path, {"good.py": GOOD}, *BUDGET)
    assert time.monotonic() - start < 10
    assert "big.py:1:1: KPL000" in out and "52.4 MB of Python code" in out
    assert " KPL201 " in out and status == 1


# Code CPython runs that libcst's tokenizer refuses: it is read with comment lines emptied and
# indentation rewritten as the spaces CPython counts, and positions stay the file's.
_DENSE = "keras.Sequential([keras.Input((100,)), layers.Dense(100)])"
TOKENIZER_ONLY = {
    "a tab-indented block inside a space-indented one": (
        KERAS + "def make():\n    def build():\n\t    model = " + _DENSE + "\n"
        "\t    return model\n    return build()\nmodel = make()\n"
    ),
    "form feeds in indentation": (
        KERAS + "\x0cdef make():\n def build():\n\t model = " + _DENSE + "\n"
        "\t return model\n return build()\n\x0cmodel = make()\n"
    ),
    "CRLF, space-tab indentation and a tab-indented comment": (
        KERAS.replace("\n", "\r\n") + "if True:\r\n    # set up\r\n  if True:\r\n"
        "\t    model = " + _DENSE + "\r\n \t# done\r\n"
    ),
    "a backslash at the very end, CRLF": KERAS + "model = " + _DENSE + " \\\r\n",
}


@pytest.mark.parametrize("name", TOKENIZER_ONLY)
def test_code_only_libcsts_tokenizer_refuses_is_read_with_exact_positions(name: str) -> None:
    import ast

    import libcst

    code = TOKENIZER_ONLY[name]
    compile(code, "<case>", "exec")  # CPython runs it
    with pytest.raises(libcst.ParserSyntaxError):
        libcst.parse_module(code)
    report = analyse(code)
    assert report.notes == [] and len(report.models) == 1, report.notes
    (call,) = [
        node
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Sequential"
    ]
    (model,) = report.models
    assert (model.position.line, model.position.column) == (call.lineno, call.col_offset + 1)
    (plain,) = analyse(KERAS + "model = " + _DENSE + "\n").models
    assert model.complete and model.total() == plain.total()


# -- notebooks -------------------------------------------------------------------------------------


def notebook(*cells: dict[str, object], nbformat: int = 4) -> str:
    import json

    if nbformat == 3:
        return json.dumps({"nbformat": 3, "worksheets": [{"cells": list(cells)}], "metadata": {}})
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)})


def code_cell(source: str | list[str], **extra: object) -> dict[str, object]:
    return {"cell_type": "code", "source": source, "metadata": {}, "outputs": [], **extra}


BROKEN_NOTEBOOKS = {
    "invalid JSON": ('{"cells": [', "invalid JSON"),
    "not JSON at all": ("import keras  # Sequential\n", "invalid JSON"),
    "a JSON list": ('["Sequential"]', "the JSON is not an object"),
    "no cells": ('{"metadata": {"Sequential": 1}}', "no list of cells"),
    "cells not a list": ('{"cells": {"Sequential": 1}}', "no list of cells"),
    "JSON nested too deeply": ("[" * 100_000 + "]" * 100_000, "not a valid notebook"),
    "not UTF-8": (b'{"cells": ["Sequential\xff"]}', "invalid JSON"),
}


@pytest.mark.parametrize("name", BROKEN_NOTEBOOKS)
def test_a_broken_notebook_is_a_clear_kpl000(tmp_path: Path, name: str) -> None:
    content, message = BROKEN_NOTEBOOKS[name]
    status, out, _ = check(tmp_path, {"bad.ipynb": content, "good.py": GOOD}, *BUDGET)
    (error,) = [line for line in out.splitlines() if " KPL000 " in line]
    assert error.startswith("bad.ipynb:1:1: KPL000") and message in error, error
    assert " KPL201 " in out and status == 1


def test_nbformat_3_and_4_string_and_list_sources_markdown_raw_and_empty_cells(
    tmp_path: Path,
) -> None:
    cells = [
        {"cell_type": "markdown", "source": ["# Sequential(", "models"], "metadata": {}},
        {"cell_type": "raw", "source": "keras.Sequential([", "metadata": {}},
        code_cell(""),
        code_cell([]),
        code_cell(KERAS.splitlines(keepends=True)),
        code_cell("model = keras.Sequential([keras.Input((100,)), layers.Dense(100)])"),
    ]
    three = [  # nbformat 3 calls a code cell's source its input
        {"input" if key == "source" and cell["cell_type"] == "code" else key: value
         for key, value in cell.items()}
        for cell in cells
    ]  # fmt: skip
    files = {"four.ipynb": notebook(*cells), "three.ipynb": notebook(*three, nbformat=3)}
    status, out, err = check(tmp_path, files, *BUDGET)
    assert "four.ipynb:cell 6:1:9: KPL201" in out and "three.ipynb:cell 6:1:9: KPL201" in out
    assert " KPL000 " not in out and not err and status == 1


def test_magics_and_shell_escapes_are_skipped_where_ipython_runs_them(tmp_path: Path) -> None:
    cells = [
        code_cell("%matplotlib inline\n!pip install keras\n" + KERAS),
        code_cell("%%bash\necho 'keras.Sequential([' \n"),  # not Python at all
        code_cell("for name in ['a']:\n    !echo $name\nfiles = !ls\nlayers.Dense?\n??keras"),
        code_cell(
            "%%time\nmodel = keras.Sequential([keras.Input((100,)), layers.Dense(100)])\n"
            "model.summary()\n%timeit model.count_params()"
        ),
    ]
    status, out, err = check(tmp_path, {"magic.ipynb": notebook(*cells)}, *BUDGET)
    assert "magic.ipynb:cell 4:2:9: KPL201" in out and " KPL000 " not in out
    assert status == 1 and not err


def test_megabytes_of_base64_outputs_are_read_quickly(tmp_path: Path) -> None:
    import base64
    import os

    image = base64.b64encode(os.urandom(30_000_000)).decode()
    output = {"output_type": "display_data", "data": {"image/png": image}, "metadata": {}}
    cell = code_cell(GOOD, outputs=[output], execution_count=1)  # a 40 MB notebook
    start = time.monotonic()
    status, out, _ = check(tmp_path, {"big.ipynb": notebook(cell)}, *BUDGET)
    assert time.monotonic() - start < 15
    assert "big.ipynb:cell 1:3:9: KPL201" in out and status == 1


def test_colab_idioms_are_read_as_ipython_runs_them(tmp_path: Path) -> None:
    cells = [
        code_cell(
            "!pip install -q keras \\\n    tensorflow-datasets \\\n    pillow\n%matplotlib inline"
        ),
        code_cell("  " + KERAS.replace("\n", "\n  ")),  # a cell indented as a whole
        code_cell(
            "%%time\nmodel = keras.Sequential([keras.Input((100,)),\n    layers.Dense(100)])"
        ),
        code_cell('print("%d params"\n      %(model.count_params()))\nmodel.summary?'),
        code_cell("    extra = keras.Sequential([keras.Input((100,)), layers.Dense(100)])"),
    ]
    status, out, err = check(tmp_path, {"colab.ipynb": notebook(*cells)}, *BUDGET)
    assert " KPL000 " not in out and not err, out
    assert "colab.ipynb:cell 3:2:9: KPL201" in out
    assert "colab.ipynb:cell 5:1:13: KPL201" in out  # the column in the cell as shown
    assert status == 1


def test_a_syntax_error_in_one_cell_leaves_the_others_analysed(tmp_path: Path) -> None:
    cells = [code_cell(KERAS), code_cell("x = (1,\n"), code_cell(GOOD.splitlines()[-1])]
    status, out, _ = check(tmp_path, {"nb.ipynb": notebook(*cells)}, *BUDGET)
    assert "nb.ipynb:cell 2:1:5: KPL000 cannot parse: '(' was never closed" in out
    assert "nb.ipynb:cell 3:1:9: KPL201" in out and status == 1


# -- a crash is a bug, reported with the file's name -----------------------------------------------


@pytest.fixture
def crash_on_one_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the analysis of any file named crash.py raise, as a bug in paramlint would."""
    import paramlint.runner

    real = paramlint.runner.analyze_source

    def analyze_source(source, display_path=None):  # type: ignore[no-untyped-def]
        if source.path.name == "crash.py":
            raise ZeroDivisionError("a bug in paramlint")
        return real(source, display_path)

    monkeypatch.setattr(paramlint.runner, "analyze_source", analyze_source)


@pytest.mark.usefixtures("crash_on_one_file")
@pytest.mark.parametrize("command", ["check", "summary"])
def test_a_crash_on_one_file_names_it_and_the_others_are_still_reported(
    tmp_path: Path, command: str
) -> None:
    from paramlint import __version__

    (tmp_path / "crash.py").write_text(MODEL)
    (tmp_path / "good.py").write_text(GOOD)
    options = BUDGET if command == "check" else ()
    status, out, err = run(
        tmp_path, command, "--no-cache", "--jobs", "1", *options, "crash.py", "good.py"
    )
    assert status == 2
    assert f"internal error while analysing crash.py (paramlint {__version__}" in err
    assert "ZeroDivisionError: a bug in paramlint" in err  # the traceback, to report it
    assert ("good.py:3:9: KPL201" if command == "check" else "Total params: 10,100") in out


def test_a_crash_in_a_rule_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import paramlint.checking

    def judge_report(*args: object) -> list[object]:
        raise ZeroDivisionError("a bug in a rule")

    monkeypatch.setattr(paramlint.checking, "judge_report", judge_report)
    (tmp_path / "model.py").write_text(MODEL)
    status, _, err = run(tmp_path, "check", "--no-cache", "model.py")
    assert status == 2 and "internal error while handling model.py" in err
    assert "ZeroDivisionError: a bug in a rule" in err


def test_names_a_skipped_loop_binds_are_unknown_and_the_models_after_it_exact(
    tmp_path: Path,
) -> None:
    code = KERAS + "x = 3\nfor a in range(10000):\n    for b in range(10000):\n        x = a\n"
    code += "model = keras.Sequential([keras.Input((100,)), layers.Dense(100)])\n"
    code += "sized = keras.Sequential([keras.Input((100,)), layers.Dense(x)])\n"
    model, sized = analyse(code).models
    assert model.complete and model.total() == 10100
    (symbol,) = sized.total().symbols()  # type: ignore[union-attr]
    assert symbol.name == "x" and "too long to follow" in symbol.reason
    status, out, _ = check(tmp_path, {"slow.py": code})
    assert "KPL004" not in out and "too long" not in out  # nothing left unanalysed to say
    status, _, err = run(tmp_path, "summary", "--no-cache", "slow.py")
    assert status == 0 and not err


def _write(folder: Path, name: str, code: str) -> str:
    (folder / name).write_text(code, encoding="utf-8")
    return name


# -- folders ---------------------------------------------------------------------------------------

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def test_symlink_loops_are_errors_and_never_followed(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "good.py").write_text(GOOD)
    (tmp_path / "pkg" / "sub" / "up").symlink_to("..", target_is_directory=True)  # a folder loop
    (tmp_path / "pkg" / "root").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "pkg" / "a.py").symlink_to("b.py")
    (tmp_path / "pkg" / "b.py").symlink_to("a.py")
    (tmp_path / "pkg" / "self.py").symlink_to("self.py")
    (tmp_path / "pkg" / "dangling.py").symlink_to("missing.py")  # skipped: nothing to read
    status, out, err = check(tmp_path, {}, *BUDGET)
    assert out.count(" KPL201 ") == 1  # good.py once: no folder link was followed
    assert sorted(err.splitlines()) == [
        f"paramlint: error: pkg/{name}.py: cannot read: {os.strerror(errno.ELOOP)}"
        for name in ("a", "b", "self")
    ]
    assert status == 2
    status, out, err = run(tmp_path, "summary", "--no-cache", "pkg/self.py", "pkg/good.py")
    assert status == 2 and "Total params: 10,100" in out
    assert err == f"paramlint: error: pkg/self.py: {os.strerror(errno.ELOOP)}\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_is_never_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")  # reading it would block forever
    status, out, err = check(tmp_path, {"good.py": GOOD}, *BUDGET)
    assert status == 1 and " KPL201 " in out and not err
    status, _, err = run(tmp_path, "summary", "--no-cache", "pipe.py", "good.py")
    assert status == 2 and err == "paramlint: error: pipe.py: not a regular file\n"


def test_an_unreadable_file_is_a_kpl000(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import paramlint.runner

    real = paramlint.runner.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "secret.py":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)

    monkeypatch.setattr(paramlint.runner, "read_bytes", read_bytes)
    status, out, _ = check(tmp_path, {"secret.py": GOOD, "good.py": GOOD}, *BUDGET)
    assert f"secret.py:1:1: KPL000 secret.py: cannot read: {os.strerror(errno.EACCES)}" in out
    assert "good.py:3:9: KPL201" in out and status == 1


@pytest.mark.skipif(IS_ROOT or os.name != "posix", reason="root reads any file")
def test_an_unreadable_file_and_folder_for_real(tmp_path: Path) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "model.py").write_text(GOOD)
    (tmp_path / "secret.py").write_text(GOOD)
    (tmp_path / "secret.py").chmod(0)
    (tmp_path / "locked").chmod(0)
    try:
        status, out, err = check(tmp_path, {"good.py": GOOD}, *BUDGET)
    finally:
        (tmp_path / "locked").chmod(0o755)
        (tmp_path / "secret.py").chmod(0o644)
    assert "secret.py:1:1: KPL000" in out and "good.py:3:9: KPL201" in out
    assert "locked: cannot read folder" in err and status == 2


def test_an_unreadable_folder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "model.py").write_text(GOOD)
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    status, out, err = check(tmp_path, {"good.py": GOOD}, *BUDGET)
    assert "good.py:3:9: KPL201" in out and status == 2
    assert err == f"paramlint: error: ./locked: cannot read folder: {os.strerror(errno.EACCES)}\n"


def test_files_that_vanish_during_the_scan_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import paramlint.commands.common

    real = paramlint.commands.common.discover

    def discover(*args: object, **kwargs: object) -> list[Path]:
        found = list(real(*args, **kwargs))  # type: ignore[arg-type]
        for path in found:
            if path.name.startswith("gone"):
                path.unlink()  # listed, then deleted before it is read (an editor's temp file)
        return found

    monkeypatch.setattr(paramlint.commands.common, "discover", discover)
    files = {f"gone{i}.py": GOOD for i in range(10)} | {"good.py": GOOD}
    status, out, err = check(tmp_path, files, *BUDGET)
    assert out.count(" KPL201 ") == 1 and not err and status == 1


def test_thousands_of_files(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"pkg{i // 100}/util_{i}.py": "x = 1\n" for i in range(3000)}
    files |= {f"models/model_{i}.py": GOOD for i in range(20)}
    start = time.monotonic()
    status, out, err = check(tmp_path, files, *BUDGET)
    assert time.monotonic() - start < 60
    assert out.count(" KPL201 ") == 20 and "(3,020 files, 20 with models)" in out
    assert status == 1 and not err


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "junit"])
def test_a_file_name_that_is_not_utf8_is_an_error_not_a_crash(
    tmp_path: Path, output_format: str
) -> None:
    try:
        (tmp_path / os.fsdecode(b"caf\xe9.py")).write_text(GOOD)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses the name")
    status, out, err = check(tmp_path, {"good.py": GOOD}, *BUDGET, "--output-format", output_format)
    assert status == 2 and "good.py" in out and "internal error" not in err
    assert "caf\\xe9.py: the file name is not valid UTF-8" in err


# -- config ----------------------------------------------------------------------------------------

WRONG_VALUES = [
    "x", "", 0, -1, 10**30, 1.5, float("nan"), float("inf"), True, [], ["x"], [1], [[]], {},
    {"a": 1}, datetime.datetime(2020, 1, 1), datetime.date(2020, 1, 1), datetime.time(1, 2),
    "9" * 400 + " MB", "1e999 MB", "-5 MB", ["KPL1", 3],
]  # fmt: skip


def config_tables() -> list[dict[str, object]]:
    from paramlint.rules.config import _MODEL_KEYS, _TOP_KEYS, BUDGET_KEYS

    tables: list[dict[str, object]] = []
    for value in WRONG_VALUES:
        tables += [{key: value} for key in _TOP_KEYS]
        tables += [{"budgets": {key: value}} for key in BUDGET_KEYS]
        tables += [{"models": [{"name": "m", "budgets": {key: value}}]} for key in BUDGET_KEYS]
        tables += [{"models": [{"name": "m", key: value}]} for key in _MODEL_KEYS]
        tables += [
            {"models": [value]},
            {"per-file-ignores": {"x": value}},
            {"models": [{"name": "m", "assume": {"n": value}}]},
            {"models": [{"name": "m", "input-shape": [value]}]},
        ]
    return tables


def test_every_wrong_value_of_every_key_is_a_config_error_or_accepted() -> None:
    from paramlint.rules.config import ConfigError, parse_config

    refused = 0
    for table in config_tables():
        try:
            parse_config(table, "paramlint.toml", ".")
        except ConfigError as error:
            assert str(error).startswith("paramlint.toml: "), error
            refused += 1
    assert refused > 400


@pytest.mark.parametrize(
    "text, message",
    [
        ("[budgets]\nmax-params = 1000\nmax-size = \n", "invalid TOML: Invalid value (at line 3"),
        ('[budgets]\nmax-params = "a lot"\n', "budgets`.max-params: expected a non-negative"),
        ('[budgets]\nmax-size = "' + "9" * 400 + '.5 TB"\n', None),  # exact: no float overflow
        ('select = "KPL"\n', "`select`: expected a list of strings"),
        ("dtype = 2023-01-01\n", "`dtype`: expected one of"),
        ("[[models]]\ninput-shape = [0]\n", "needs `name` or `path`"),
        ("", None),  # an empty config is the defaults
    ],
)
def test_config_errors_name_the_file_and_stop_with_exit_2(
    tmp_path: Path, text: str, message: str | None
) -> None:
    (tmp_path / "paramlint.toml").write_text(text)
    status, out, err = check(tmp_path, {"good.py": GOOD})
    if message is None:
        assert status == 0 and "All checks passed" in out and not err
    else:
        assert status == 2 and not out
        assert err.startswith(f"paramlint: error: {tmp_path / 'paramlint.toml'}: ")
        assert message in err, err


def test_an_empty_pyproject_is_skipped_for_the_config_above(tmp_path: Path) -> None:
    (tmp_path / "paramlint.toml").write_text("[budgets]\nmax-params = 1000\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text("")
    status, out, _ = check(tmp_path, {"sub/good.py": GOOD})
    assert status == 1 and "sub/good.py:3:9: KPL201" in out


def test_an_unreadable_config_in_a_parent_folder_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.paramlint.budgets]\nmax-params = 1000\n")
    (tmp_path / "project").mkdir()
    real = Path.read_text

    def read_text(self: Path, *args: object, **kwargs: object) -> str:
        if self.name == "pyproject.toml":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", read_text)
    status, out, err = check(tmp_path / "project", {"good.py": GOOD})
    assert status == 2 and not out  # never silently without the budgets it may hold
    assert "pyproject.toml: cannot read config" in err and os.strerror(errno.EACCES) in err


def test_a_parent_folder_that_cannot_be_searched_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "project").mkdir()
    real = Path.is_file

    def is_file(self: Path) -> bool:
        if self.parent == tmp_path and self.name in ("paramlint.toml", ".paramlint.toml"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    status, _, err = check(tmp_path / "project", {"good.py": GOOD})
    assert status == 2 and "cannot tell whether this config exists" in err


# -- the promise -----------------------------------------------------------------------------------


def test_paramlint_writes_nothing_outside_its_cache_folder(tmp_path: Path) -> None:
    files = {
        "good.py": GOOD,
        "bad.py": UNPARSABLE["unclosed bracket"][0],
        "nb.ipynb": notebook(code_cell(GOOD)),
        "sub/deep.py": MODEL + DEEP["parentheses"],
        "paramlint.toml": "",  # the project root, where the cache goes (whatever is above)
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)

    def snapshot() -> dict[Path, int]:
        return {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}

    before = snapshot()
    run(tmp_path, "check", "--no-cache", ".")
    assert snapshot() == before  # --no-cache: nothing at all
    for argv in (["check", "."], ["summary", "."], ["explain", "."], ["summary", "--format", "json", "."]):  # fmt: skip
        run(tmp_path, *argv)
    after = snapshot()
    changed = {p for p in after if before.get(p) != after[p]}
    assert changed and all(".paramlint_cache" in p.relative_to(tmp_path).parts for p in changed)


# -- form feeds: Python counts lines at \n, \r\n and \r only ------------------------------------
# (str.splitlines also splits at \x0c and other separators; a page break in an old file shifted
# every line number after it: the model of an uncalled function was lost, a noqa missed its line)


def test_a_model_after_a_form_feed_is_found() -> None:
    code = (
        KERAS
        + "\x0c\x0c\x0c\n\ndef build():\n    return keras.Sequential([keras.Input((4,)), layers.Dense(3)])\n"
    )
    (model,) = analyse(code).models
    assert model.total() == 15 and model.position.line == 6


def test_columns_after_a_form_feed_count_characters_on_the_right_line() -> None:
    code = (
        KERAS
        + "\x0c\nx = 1\nmodel = keras.Sequential([keras.Input((4,)), layers.Dense(3, name='é'), layers.Dense(2)])\n"
    )
    (model,) = analyse(code).models
    assert (model.layers[1].position.line, model.layers[1].position.column) == (5, 73)


def test_noqa_after_a_form_feed_applies_to_its_own_line(tmp_path: Path) -> None:
    code = KERAS + "\x0c\nmodel = keras.Sequential([layers.Dense(3)])  # noqa: KPL003\n"
    status, out, _ = check(tmp_path, {"m.py": code}, "--select", "KPL003")
    assert status == 0 and "KPL003" not in out
