"""Review gates on a real git repository: `paramlint diff`, `check --fail-on-increase`, the lock.

Each test builds a small project in a throw-away repository: a `main` branch, then a feature
branch that grows one model, removes one, adds one and leaves the rest alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paramlint import diff as diff_module
from paramlint.cli import main
from paramlint.rules.config import ConfigError, parse_config

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is not installed", allow_module_level=True)

MODELS = """\
import keras
from keras import layers


def build_wide(units=64):
    return keras.Sequential([keras.Input((100,)), layers.Dense(units)], name="wide")


wide = build_wide()
small = keras.Sequential([keras.Input((4,)), layers.Dense(2)])
gone = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
"""
OTHER = """\
import keras

other = keras.Sequential([keras.Input((8,)), keras.layers.Dense(8)], name="other")
"""
CONFIG = """\
[tool.paramlint]
exclude = ["scratch/"]
"""
# wide: 100 * 64 + 64 = 6,464 params -> 100 * 80 + 80 = 8,080 (+25.0 %, +1,616 params, 6,464 B)
GROWN = (
    MODELS.replace("units=64", "units=80")
    .replace("gone = keras.Sequential([keras.Input((3,)), layers.Dense(1)])\n", "")
    .replace("small =", 'fresh = keras.Sequential([keras.Input((2,)), layers.Dense(3)], name="fresh")\nsmall =')
)  # fmt: skip


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    for variable in ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"):
        env.pop(variable, None)
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project on `main` (committed), checked out on `feature` with GROWN uncommitted."""
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    (root / "scratch").mkdir()
    (root / "pyproject.toml").write_text(CONFIG)
    (root / "src" / "models.py").write_text(MODELS)
    (root / "src" / "other.py").write_text(OTHER)
    (root / "scratch" / "big.py").write_text(MODELS)  # excluded: never compared
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "src" / "models.py").write_text(GROWN)
    for variable in ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(root)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- diff -----------------------------------------------------------------------------------------


def test_diff_text(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff")
    assert code == 0
    lines = out.splitlines()
    base = git(repo, "rev-parse", "main")[:12]
    assert lines[0] == (
        f"Models 1 changed, 1 added, 1 removed, 2 unchanged since {base} (the merge base with main)"
    )
    assert lines[1] == (
        "  changed  wide (src/models.py:6:12): 6,464 -> 8,080 params "
        "(+25.0 %, +1,616 params, +6.31 KB)"
    )
    assert lines[2] == "  added    fresh (src/models.py:10:9): 9 params (+36.00 B)"
    assert lines[3] == "  removed  gone (src/models.py:11:8): 4 params (-16.00 B)"
    assert len(lines) == 4


def test_default_base_is_the_merge_base(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "stash", "-q")
    git(repo, "checkout", "-q", "main")
    (repo / "src" / "other.py").write_text(OTHER.replace("Dense(8)", "Dense(800)"))
    git(repo, "commit", "-qam", "main moves on")
    git(repo, "checkout", "-q", "feature")
    git(repo, "stash", "pop", "-q")
    _, out, _ = run(capsys, "diff")
    assert "other" not in out  # main's later change is not this branch's
    _, out, _ = run(capsys, "diff", "main")
    assert "changed  other (src/other.py:3:9): 7,200 -> 72 params (-99.0 %" in out


def test_diff_formats(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, markdown, _ = run(capsys, "diff", "--output-format", "markdown")
    assert markdown.startswith("<!-- paramlint-diff -->\n### paramlint: 1 changed, 1 added")
    assert "| `wide` | `src/models.py:6:12` | changed | 6,464 → 8,080 | +1,616 | +25.0 % | +6.31 KB |" in markdown  # fmt: skip
    _, github, _ = run(capsys, "diff", "--output-format", "github")
    notices = github.splitlines()
    assert notices[0] == (
        "::notice file=src/models.py,line=6,col=12,title=paramlint%3A params changed::"
        "model `wide` changed: 6,464 -> 8,080 params (+25.0 %25, +1,616 params, +6.31 KB)"
    )
    assert len(notices) == 3 and "line=" not in notices[2]  # the removed model has no line
    _, document, _ = run(capsys, "diff", "--output-format", "json")
    changes = {c["kind"]: c for c in json.loads(document)["changes"]}
    assert changes["changed"]["before"]["params"] == 6464
    assert changes["changed"]["after"]["params"] == 8080
    assert (changes["changed"]["params_delta"], changes["changed"]["percent"]) == (1616, 25.0)
    assert changes["added"]["before"] is None and changes["removed"]["after"] is None


def test_diff_of_some_paths(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "diff", "main", "src/other.py")
    assert out.splitlines() == [out.splitlines()[0]] and "0 changed" in out
    _, out, _ = run(capsys, "diff", "src/models.py")  # a path, not a revision
    assert "1 changed, 1 added, 1 removed, 1 unchanged" in out


def test_unchanged_files_are_not_analysed_again(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    analysed: list[str] = []
    real = diff_module._models_in

    def spy(file: Path, uri: str, *args: object) -> list[diff_module.ModelCounts]:
        analysed.append(uri)
        return real(file, uri, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(diff_module, "_models_in", spy)
    run(capsys, "diff")
    assert analysed == ["src/models.py"]


def test_models_match_by_name_then_variable(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    moved = "# a comment that moves every line\n" + GROWN.replace(
        "wide = build_wide()", "broad = build_wide()"
    )
    (repo / "src" / "models.py").write_text(moved.replace("small", "small"))
    _, out, _ = run(capsys, "diff")
    assert "changed  wide (src/models.py:7:12)" in out  # same name=, new variable and line
    assert "1 changed, 1 added, 1 removed, 2 unchanged" in out  # small: matched by variable


def test_models_without_name_or_variable_match_by_function(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = "import keras\n\n\ndef build():\n    return keras.Sequential([keras.Input((5,)), keras.layers.Dense(5)])\n"
    (repo / "src" / "plain.py").write_text(plain)
    git(repo, "add", "src/plain.py")
    git(repo, "commit", "-q", "-m", "plain")
    _, out, _ = run(capsys, "diff", "HEAD", "src/plain.py")
    assert "0 changed, 0 added, 0 removed, 1 unchanged" in out
    (repo / "src" / "plain.py").write_text("# moved\n" + plain.replace("Dense(5)", "Dense(6)"))
    _, out, _ = run(capsys, "diff", "HEAD", "src/plain.py")
    assert "changed  build(): sequential (src/plain.py:6:12): 30 -> 36 params (+20.0 %" in out


def test_diff_errors(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "diff", "no-such-branch", "src")
    assert code == 2 and "'no-such-branch' is not a revision git knows" in err
    git(repo, "branch", "-q", "-m", "main", "trunk")
    code, _, err = run(capsys, "diff")
    assert code == 2 and "cannot find the default branch" in err
    outside = tmp_path / "outside"
    outside.mkdir()
    os.chdir(outside)
    code, _, err = run(capsys, "diff", "HEAD")
    assert code == 2 and "not a git repository" in err.lower()


def test_github_base_ref_names_the_target(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "update-ref", "refs/remotes/origin/release", "main")
    git(repo, "branch", "-q", "-m", "main", "trunk")
    monkeypatch.setenv("GITHUB_BASE_REF", "release")
    _, out, _ = run(capsys, "diff")
    assert "(the merge base with origin/release)" in out


# -- fail-on-increase -----------------------------------------------------------------------------


def test_fail_on_increase(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--fail-on-increase", "10")
    base = git(repo, "rev-parse", "main")[:12]
    assert code == 1
    assert out.splitlines()[0] == (
        "src/models.py:6:12: KPL401 model `wide` grew from 6,464 to 8,080 params (+25.0 %) since "
        f"{base} (the merge base with main), more than fail-on-increase 10 %"
    )
    code, out, _ = run(capsys, "check", "--fail-on-increase", "25%")
    assert code == 0 and "KPL401" not in out  # +25.0 % is not more than 25 %
    code, out, _ = run(capsys, "check", "--fail-on-increase", "10", "--base", "HEAD")
    assert code == 1 and "KPL401" in out


def test_fail_on_increase_from_the_config(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text(CONFIG + "fail-on-increase = 20\n")
    code, out, _ = run(capsys, "check", "--output-format", "json")
    models = {m["display_name"]: m for m in json.loads(out)["models"]}
    assert code == 1
    assert models["wide"]["status"] == "error"
    assert [d["code"] for d in models["wide"]["diagnostics"]] == ["KPL401"]
    code, _, _ = run(capsys, "check", "--fail-on-increase", "50")  # the command line wins
    assert code == 0


@pytest.mark.parametrize(("value", "expected"), [(10, 10.0), (2.5, 2.5), ("10%", 10.0), (0, 0.0)])
def test_fail_on_increase_key(value: object, expected: float) -> None:
    assert parse_config({"fail-on-increase": value}, "p", ".").fail_on_increase == expected


@pytest.mark.parametrize("value", [-1, "ten", True, [10]])
def test_bad_fail_on_increase(value: object) -> None:
    with pytest.raises(ConfigError, match=r"fail-on-increase.*non-negative percentage"):
        parse_config({"fail-on-increase": value}, "pyproject.toml", ".")


def test_bad_fail_on_increase_option(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--fail-on-increase", "lots")
    assert code == 2 and "--fail-on-increase: expected a non-negative percentage" in err


# -- the lock file --------------------------------------------------------------------------------


def test_lock_then_locked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lock")
    assert (code, out) == (0, "paramlint.lock: 4 models locked\n")
    text = (repo / "paramlint.lock").read_text()
    assert text.startswith("# Written by `paramlint lock`")
    lock = tomllib.loads(text)
    wide = next(m for m in lock["models"] if m.get("name") == "wide")
    assert wide == {
        "path": "src/models.py",
        "name": "wide",
        "variable": "wide",
        "function": "build_wide",
        "params": 8080,
        "trainable": 8080,
        "non-trainable": 0,
        "bytes": 32320,
    }
    code, out, _ = run(capsys, "check", "--locked")
    assert code == 0 and "KPL402" not in out


def test_locked_reports_every_difference(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "lock")
    grown = GROWN.replace("units=80", "units=96").replace("fresh", "newer")
    (repo / "src" / "models.py").write_text(grown)
    code, out, _ = run(capsys, "check", "--locked", "--quiet")
    assert code == 1
    lock_lines = (repo / "paramlint.lock").read_text().splitlines()
    fresh = lock_lines.index('name = "fresh"')  # its [[models]] header is the line above
    assert lock_lines[fresh - 2] == "[[models]]"
    assert out.splitlines() == [
        "src/models.py:6:12: KPL402 model `wide` differs from paramlint.lock: params 8,080 -> "
        "9,696, trainable 8,080 -> 9,696, bytes 32,320 -> 38,784; run `paramlint lock` to accept "
        "the change, and commit it",
        "src/models.py:10:9: KPL402 model `newer` is not in paramlint.lock; run `paramlint lock` "
        "and commit it",
        f"paramlint.lock:{fresh - 1}:1: KPL402 model `fresh` (src/models.py) is in "
        "paramlint.lock but no longer exists; run `paramlint lock` and commit it",
    ]
    run(capsys, "lock")
    assert run(capsys, "check", "--locked")[0] == 0


def test_lock_and_locked_on_some_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "lock")
    (repo / "src" / "models.py").write_text(GROWN.replace("units=80", "units=96"))
    code, out, _ = run(capsys, "check", "--locked", "src/other.py")
    assert code == 0 and "KPL402" not in out  # models.py was not checked
    run(capsys, "lock", "src/other.py")
    models = tomllib.loads((repo / "paramlint.lock").read_text())["models"]
    assert len(models) == 4  # models.py's entries are kept as they were
    assert next(m for m in models if m.get("name") == "wide")["params"] == 8080
    (repo / "src" / "other.py").unlink()
    code, out, _ = run(capsys, "check", "--locked", "src")
    assert (
        code == 1
        and "model `other` (src/other.py) is in paramlint.lock but no longer exists" in out
    )


def test_locked_without_a_lock(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--locked")
    assert code == 2 and "paramlint.lock: no lock file; run `paramlint lock` first" in err
    (repo / "custom.lock").write_text("version = 7\n")
    code, _, err = run(capsys, "check", "--locked", "--lock-file", "custom.lock")
    assert code == 2 and "custom.lock: expected `version = 1`" in err


def test_lock_keeps_formulas_as_text(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "src" / "other.py").write_text(
        "import keras\nhidden = keras.Sequential([keras.layers.Dense(8)], name='hidden')\n"
    )
    run(capsys, "lock", "src/other.py")
    models = tomllib.loads((repo / "paramlint.lock").read_text())["models"]
    hidden = next(m for m in models if m.get("name") == "hidden")
    assert hidden["params"] == "8·input_dim + 8"
    assert run(capsys, "check", "--locked", "src/other.py")[0] == 0


def test_gate_rules_are_documented(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "KPL401"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("# param-increase (KPL401)")
    assert "Reported only with `paramlint check --fail-on-increase`" in page
    assert main(["rule", "kpl402"]) == 0
    assert "lock-mismatch" in capsys.readouterr().out
