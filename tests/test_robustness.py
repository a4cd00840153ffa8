"""Bad input never crashes paramlint: every one becomes a clear diagnostic, in bounded time.

A linter in a pre-commit hook sees every file a team commits, half-written ones included. These
tests feed it pathological code, files that are not text, broken notebooks, hostile folders and
broken configs, and check that each one gives a diagnostic saying what is wrong and where, that
the other files are still analysed, and that the exit code is the documented one.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from paramlint.analyzer.api import FileReport, analyze_code
from paramlint.analyzer.nesting import MAX_NESTING, deepest_nesting
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
    import os

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


def test_work_past_the_step_budget_stops_with_a_note(tmp_path: Path) -> None:
    code = (
        KERAS + "model = keras.Sequential([keras.Input((4,))])\n"
        "for a in range(10000):\n"
        "    for b in range(10000):\n"
        "        model.add(layers.Dense(4))\n"
        "other = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\n"
    )
    report = analyse(code)
    (message,) = notes(report, "unsupported")
    assert "analysis stopped at" in message and "steps" in message
    (model,) = report.models  # the analysis never got to `other`
    assert model.uncertain and model.total() is None
    status, out, _ = check(tmp_path, {"loop.py": code})
    assert "KPL004" in out and "analysis stopped" in out
    assert status == 0  # a warning: paramlint could not check, it found nothing wrong


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
