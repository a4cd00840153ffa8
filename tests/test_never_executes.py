"""paramlint never runs the code it analyses: safe on an untrusted pull request."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data" / "never_run.py"


def test_analysing_a_booby_trapped_file_runs_none_of_it(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "paramlint", "summary", "--format", "json", str(DATA)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert not (tmp_path / "PARAMLINT_WAS_EXECUTED").exists()
    assert result.returncode == 0, result.stderr
    (model,) = json.loads(result.stdout)["files"][0]["models"]
    assert model["complete"]
    assert [layer["class"] for layer in model["layers"]] == ["Dense", "Dense"]


def test_analysis_imports_neither_keras_nor_tensorflow() -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from paramlint.analyzer.api import analyze_file\n"
        f"analyze_file(Path({str(DATA)!r}))\n"
        "loaded = [m for m in ('keras', 'tensorflow', 'jax', 'torch') if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
