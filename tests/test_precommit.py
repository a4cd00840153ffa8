"""End to end: the real pre-commit runs this checkout's hook in a throw-away repository.

The hook repository is a snapshot of this checkout (committed files and uncommitted changes
alike), committed in a temporary git repository, so the test checks the working tree as it is.
pre-commit clones it, pip-installs paramlint into its own environment (from the package index:
libcst, setuptools) and runs `paramlint check --force-exclude` on the project's files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pre_commit", reason="pre-commit is not installed (it is in the test extra)")
if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is not installed", allow_module_level=True)

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = (
    "pyproject.toml",
    "README.md",
    ".pre-commit-hooks.yaml",
    "paramlint",
    "analyzer",
    "rules",
)

OVER_BUDGET = """\
import keras

model = keras.Sequential([keras.Input((100,)), keras.layers.Dense(64)], name="wide")
"""
WITHIN_BUDGET = OVER_BUDGET.replace("Dense(64)", "Dense(8)")
CONFIG = """\
[tool.paramlint]
exclude = ["experiments/"]

[tool.paramlint.budgets]
max-params = 1000
"""


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def hook_repository(at: Path) -> tuple[Path, str]:
    """This checkout's package files, committed in a fresh repository: (path, commit)."""
    at.mkdir()
    for name in PACKAGE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source,
                at / name,
                symlinks=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
            )
        else:
            shutil.copy2(source, at / name)
    git(at, "init", "-q")
    git(at, "add", "-A")
    git(at, "commit", "-q", "-m", "snapshot")
    return at, git(at, "rev-parse", "HEAD")


def notebook(code: str) -> str:
    import json

    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None}
    cells = [{**cell, "source": code.splitlines(keepends=True)}]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def pre_commit(project: Path, home: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *(command or ("run",)), "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_hook_fails_on_a_model_over_budget_and_passes_once_fixed(tmp_path: Path) -> None:
    repo, commit = hook_repository(tmp_path / "hook")
    project = tmp_path / "project"
    (project / "experiments").mkdir(parents=True)
    (project / "pyproject.toml").write_text(CONFIG)
    (project / "model.py").write_text(OVER_BUDGET)
    (project / "explore.ipynb").write_text(notebook(OVER_BUDGET))
    (project / "experiments" / "huge.py").write_text(OVER_BUDGET)  # excluded by the config
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {commit}\n    hooks:\n      - id: paramlint\n"
    )
    git(project, "init", "-q")
    git(project, "add", "-A")

    started = time.monotonic()
    failed = pre_commit(project, tmp_path / "cache")
    first = time.monotonic() - started
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "paramlint" in output and "Failed" in output, output
    assert "model.py:3:9: KPL201 model `wide`: 6,464 params exceed max-params 1,000" in output
    assert "explore.ipynb:cell 1:3:9: KPL201 " in output  # notebooks are checked too
    assert "huge.py" not in output  # passed by name, still excluded (--force-exclude)

    (project / "model.py").write_text(WITHIN_BUDGET)
    (project / "explore.ipynb").write_text(notebook(WITHIN_BUDGET))
    git(project, "add", "-A")
    started = time.monotonic()
    passed = pre_commit(project, tmp_path / "cache")
    second = time.monotonic() - started
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    print(f"pre-commit: first run (installs the hook) {first:.1f} s, second run {second:.1f} s")


def over_budget_project(at: Path, config: str | None = None) -> Path:
    at.mkdir(parents=True)
    (at / "pyproject.toml").write_text(CONFIG)
    (at / "model.py").write_text(OVER_BUDGET)
    if config is not None:
        (at / ".pre-commit-config.yaml").write_text(config)
    git(at, "init", "-q")
    git(at, "add", "-A")
    return at


def test_the_readmes_local_snippet_works_as_written(tmp_path: Path) -> None:
    import re

    readme = (ROOT / "README.md").read_text()
    (snippet,) = [
        b for b in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL) if "repo: local" in b
    ]
    repo, _ = hook_repository(tmp_path / "checkout")
    project = over_budget_project(
        tmp_path / "project", snippet.replace("/path/to/paramlint", str(repo))
    )
    failed = pre_commit(project, tmp_path / "cache")
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1 and "model.py:3:9: KPL201 model `wide`" in output, output


def test_try_repo_runs_the_hook(tmp_path: Path) -> None:
    """`pre-commit try-repo CHECKOUT paramlint`, as the README suggests, with the manifest."""
    repo, _ = hook_repository(tmp_path / "checkout")
    project = over_budget_project(tmp_path / "project")
    failed = pre_commit(project, tmp_path / "cache", "try-repo", str(repo), "paramlint")
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1 and "model.py:3:9: KPL201 model `wide`" in output, output
