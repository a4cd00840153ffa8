"""ruff's conventions on the command line: the summary line, --statistics, errors that name their
origin, findings once per position, the positions `explain` takes, the cache's place, and the
settings and files a run would use (--show-settings, --show-files)."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest

from paramlint.cli import main

KERAS = "import keras\nfrom keras import layers\n"
MODEL = KERAS + "model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\n"


def run(cwd: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    before = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(list(argv))
    finally:
        os.chdir(before)
    return status, out.getvalue(), err.getvalue()


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_summary_line_counts_the_files_that_build_models(tmp_path: Path) -> None:
    """A file that never mentions a model is not parsed: it is looked at, not syntax-checked."""
    write(tmp_path, {"a.py": MODEL, "b.py": MODEL, "util.py": "def f(:\n"})
    status, out, _ = run(tmp_path, "check", "--no-cache", ".")
    assert status == 0 and out.strip() == "All checks passed! (3 files, 2 with models)"


@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
def test_a_code_typo_on_the_command_line_is_the_command_lines(tmp_path: Path, option: str) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.paramlint]\nselect = ["KPL"]\n', "m.py": MODEL})
    status, _, err = run(tmp_path, "check", "--no-cache", option, "KPL20x", ".")
    assert status == 2
    assert err.startswith(f"paramlint: error: {option}: 'KPL20x' is not a rule code") and (
        "pyproject" not in err
    )


KFOLD = (
    KERAS
    + """

def build_model():
    model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(1)])
    model.compile(optimizer="rmsprop", loss="mse")
    return model


for fold in range(FOLDS):
    model = build_model()
    model.fit(x_train, y_train, epochs=5)
"""
)


def test_a_finding_is_reported_once_per_position_with_its_count(tmp_path: Path) -> None:
    """A builder called in a k-fold loop makes the same model with the same findings each time."""
    folds = 9
    write(tmp_path, {"kfold.py": KFOLD.replace("FOLDS", str(folds))})
    _, summary, _ = run(tmp_path, "summary", "--no-cache", "kfold.py")
    assert summary.count('Model: "sequential') == folds  # every call builds a model, as in Keras
    args = ("check", "--no-cache", "--extend-select", "KPL003", "kfold.py")
    status, out, _ = run(tmp_path, *args, "--config", "budgets.max-params = 10")
    findings = out.splitlines()[:-1]
    assert [line.split(": ")[1].split()[0] for line in findings] == ["KPL003", "KPL201"]
    assert all(line.endswith(f" ({folds} times)") for line in findings)
    assert status == 1 and out.splitlines()[-1].startswith("Found 1 error and 1 warning")
    write(tmp_path, {"kfold.py": KFOLD.replace("FOLDS", "1")})
    _, once, _ = run(tmp_path, *args)
    assert "times)" not in once


ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "fixtures/notebooks/kaggle_tweet_sentiment.ipynb"
SCRIPT = "fixtures/seeds/seed_000_simple_rnn_params.py"


def headers(out: str) -> list[str]:
    return [
        line.split(" at ", 1)[1].rstrip(")")
        for line in out.splitlines()
        if line.startswith("Model: ")
    ]


def test_explain_takes_the_positions_summary_prints() -> None:
    _, summary, _ = run(ROOT, "summary", "--no-cache", NOTEBOOK, SCRIPT)
    printed = headers(summary)
    assert len(printed) == 3 and any(":cell " in p for p in printed)
    for position in printed:  # exactly as printed, with and without its column, cell alone
        path, _, where = position.partition(":")
        shorter = [where, where.rsplit(":", 1)[0]]
        if where.startswith("cell "):
            shorter.append(where.split(":")[0])
        for given in shorter:
            status, out, err = run(ROOT, "explain", "--no-cache", f"{path}:{given}")
            assert (status, headers(out), err) == (0, [position], ""), given


@pytest.mark.parametrize(
    ("position", "message"),
    [
        (f"{NOTEBOOK}:cell 3", "no model there"),
        (f"{NOTEBOOK}:cell 8:40", "no model there"),
        (f"{SCRIPT}:999", "no model there"),
        (f"{SCRIPT}:2", "no model there"),
        (f"{NOTEBOOK}:2", "a notebook position names its cell"),
    ],
)
def test_explain_says_when_nothing_matches(position: str, message: str) -> None:
    status, out, err = run(ROOT, "explain", "--no-cache", position)
    assert status == 2 and out == "" and err.startswith(f"paramlint: error: {position}: {message}")


CONFIGURED = (
    KERAS
    + "num_classes = len(open('labels.txt').read().split())\n"
    + (
        "model = keras.Sequential([INPUT layers.Dense(32, activation='relu'), "
        "layers.Dense(num_classes, activation='softmax')])\n"
    )
)
PROJECT = """\
[tool.paramlint.budgets]
max-params = 100
[[tool.paramlint.models]]
name = "model"
input-shape = [20]
assume = { num_classes = 7 }
"""


@pytest.mark.parametrize("command", ["summary", "explain"])
def test_summary_and_explain_honour_the_configs_input_shape_and_assume(
    tmp_path: Path, command: str
) -> None:
    """Configured, the model reads as the same code with the shape and the value written in it;
    and check judges the very numbers summary prints."""
    write(tmp_path / "configured", {"pyproject.toml": PROJECT})
    write(tmp_path / "configured" / "src", {"m.py": CONFIGURED.replace("INPUT", "")})
    literal = CONFIGURED.replace("INPUT", "keras.Input((20,)),").replace(
        "len(open('labels.txt').read().split())", "7"
    )
    write(tmp_path / "literal" / "src", {"m.py": literal})
    _, configured, err = run(tmp_path / "configured", command, "--no-cache", "src/m.py")
    _, expected, _ = run(tmp_path / "literal", command, "--no-cache", "src/m.py")
    assert not err and "unbuilt" not in configured
    if command == "summary":
        assert configured == expected
        total = next(line for line in configured.splitlines() if "Total params" in line)
        count = total.split(":")[1].split("(")[0].strip()
        _, check, _ = run(tmp_path / "configured", "check", "--no-cache", "src/m.py")
        assert f"{count} params exceed max-params 100" in check
    else:  # the layers' positions differ (keras.Input is written in one of them): the numbers;
        # the formula keeps the symbol, and names the value the config gave it
        def numbers(out: str) -> list[str]:
            return [
                line.split(": ", 1)[-1] for line in out.splitlines()[1:] if "= " not in line[:6]
            ]

        assert numbers(configured) == numbers(expected)
        assert "num_classes + num_classes, with num_classes = 7, input_dim = 32" in configured


def test_the_cache_lives_in_the_project_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ruff's: the config's folder, else the git root, else the current folder; never "/"."""
    monkeypatch.delenv("PARAMLINT_CACHE_DIR", raising=False)
    configured, repository, plain = tmp_path / "configured", tmp_path / "repo", tmp_path / "plain"
    write(configured, {"paramlint.toml": "[budgets]\nmax-params = 100\n", "src/m.py": MODEL})
    write(repository, {".git/HEAD": "ref: refs/heads/main\n", "src/m.py": MODEL})
    write(plain, {"pyproject.toml": "[tool.paramlint]\n", "src/m.py": MODEL})
    from paramlint.discovery import DEFAULT_SOURCE, ConfigResolver

    # a config above the temporary folder (a stray /tmp/pyproject.toml) governs the repository
    above = ConfigResolver().for_directory(tmp_path).source
    for root in (configured, repository) if above == DEFAULT_SOURCE else (configured,):
        run(root / "src", "check", "m.py")
        assert (root / ".paramlint_cache" / "CACHEDIR.TAG").is_file()
        assert not (root / "src" / ".paramlint_cache").exists()
        status, out, _ = run(root / "src", "clean")
        assert out.startswith("removed ")
        assert status == 0 and not (root / ".paramlint_cache").exists()
    home = tmp_path / "home-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    run(Path("/"), "summary", str(plain / "src" / "m.py"))
    assert (home / "paramlint" / "CACHEDIR.TAG").is_file()
    assert not Path("/.paramlint_cache").exists()
    monkeypatch.setenv("PARAMLINT_CACHE_DIR", str(tmp_path / "chosen"))
    run(plain, "explain", "src/m.py")
    assert (tmp_path / "chosen" / "CACHEDIR.TAG").is_file()


def test_show_files_lists_what_check_would_read(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": '[tool.paramlint]\nexclude = ["experiments/"]\n',
            "src/m.py": MODEL,
            "src/util.py": "x = 1\n",
            "experiments/big.py": MODEL,
            "notes.txt": "",
        },
    )
    status, out, _ = run(tmp_path, "check", "--show-files", ".")
    assert status == 0 and out.split() == ["src/m.py", "src/util.py"]
    assert not (tmp_path / ".paramlint_cache").exists()  # nothing analysed


def test_show_settings_prints_the_resolved_config_and_its_file(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": '[tool.paramlint]\nextend-select = ["KPL303"]\n'
            '[tool.paramlint.budgets]\nmax-size = "8 MB"\n'
            '[[tool.paramlint.models]]\nname = "model"\ninput-shape = [20]\n',
            "src/m.py": MODEL,
        },
    )
    status, out, _ = run(tmp_path / "src", "check", "--show-settings", "--ignore", "KPL1", ".")
    assert status == 0
    assert f"Settings path: {tmp_path / 'pyproject.toml'}" in out.splitlines()
    assert f"Resolved settings for: {(tmp_path / 'src' / 'm.py').resolve()}" in out
    assert 'extend-select = ["KPL303"]' in out and 'ignore = ["KPL1"]' in out  # file + command line
    assert "max-size = 8000000" in out and "input-shape = [20]" in out
    enabled = out.split("enabled rules = ")[1]
    assert "KPL303" in enabled and "KPL101" not in enabled and "KPL003" not in enabled
