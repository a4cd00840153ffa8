"""The machinery behind speed: pre-filter, cache and parallel scan change nothing but the time."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from paramlint import cache as cache_module
from paramlint.analyzer.api import analyze_code, may_build_models
from paramlint.cache import AnalysisCache
from paramlint.cli import main
from paramlint.render import file_json
from paramlint.runner import analyze_paths

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".py", ".ipynb"))


def as_json(paths: list[Path], **kwargs: object) -> list[object]:
    return [file_json(report) for report in analyze_paths(paths, **kwargs)]  # type: ignore[arg-type]


def test_prefilter_never_skips_a_file_that_builds_a_model() -> None:
    for path in FIXTURES:
        if any(report.models for report in analyze_paths([path], jobs=1)):
            assert may_build_models(path.read_bytes()), path


@pytest.mark.parametrize(
    "code",
    [
        "import keras as k\nm = k.models.Sequential()\n",
        "from tensorflow.keras.models import *\nm = Sequential()\n",
        "from keras import Sequential as S\nm = S([])\n",
    ],
)
def test_prefilter_keeps_every_spelling(code: str) -> None:
    assert analyze_code(code).models
    assert may_build_models(code) and may_build_models(code.encode())


def test_cached_reports_equal_uncached(tmp_path: Path) -> None:
    fresh = as_json(FIXTURES, jobs=1)
    cache = AnalysisCache(tmp_path)
    assert as_json(FIXTURES, cache=cache, jobs=1) == fresh  # cold: fills the cache
    warm = AnalysisCache(tmp_path)
    assert as_json(FIXTURES, cache=warm, jobs=1) == fresh
    assert warm.misses == 0 and warm.hits == sum(may_build_models(p.read_bytes()) for p in FIXTURES)


def test_cache_entries_are_written_whole(tmp_path: Path) -> None:
    """Each entry is written aside and renamed: no partial file is left beside the entries."""
    cache = AnalysisCache(tmp_path)
    list(analyze_paths(FIXTURES, cache=cache, jobs=1))
    written = [p for p in cache.folder.rglob("*") if p.is_file()]
    assert written and all(len(p.name) == 64 and p.parent.name == p.name[:2] for p in written)


def test_parallel_scan_equals_serial(tmp_path: Path) -> None:
    assert as_json(FIXTURES, jobs=2) == as_json(FIXTURES, jobs=1)


def test_a_changed_file_is_analysed_again(tmp_path: Path) -> None:
    model = tmp_path / "m.py"
    model.write_text(
        "import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])\n"
    )
    list(analyze_paths([model], cache=AnalysisCache(tmp_path / "c")))
    model.write_text(
        "import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\n"
    )
    cache = AnalysisCache(tmp_path / "c")
    (report,) = analyze_paths([model], cache=cache)
    assert cache.misses == 1
    assert report.models[0].layers[0].output_shape == (None, 3)


def test_a_new_version_does_not_read_old_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    list(analyze_paths(FIXTURES[:3], cache=AnalysisCache(tmp_path)))
    monkeypatch.setattr(cache_module, "__version__", "999.0")
    cache = AnalysisCache(tmp_path)
    list(analyze_paths(FIXTURES[:3], cache=cache))
    assert cache.hits == 0


def test_config_changes_apply_to_cached_analysis(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "m.py"
    model.write_text(
        "import keras\nm = keras.Sequential([keras.Input((100,)), keras.layers.Dense(64)])\n"
    )
    config = tmp_path / "paramlint.toml"
    config.write_text("[budgets]\nmax-params = 1000000\n")
    monkeypatch_cwd = tmp_path
    import os

    old = os.getcwd()
    os.chdir(monkeypatch_cwd)
    try:
        assert main(["check", "m.py"]) == 0
        config.write_text("[budgets]\nmax-params = 10\n")
        assert main(["check", "m.py"]) == 1
    finally:
        os.chdir(old)
    assert (tmp_path / ".paramlint_cache").is_dir()


def test_corrupt_or_hostile_entries_are_ignored(tmp_path: Path) -> None:
    cache = AnalysisCache(tmp_path)
    list(analyze_paths(FIXTURES, cache=cache, jobs=1))
    entries = [p for p in cache.folder.rglob("*") if p.is_file()]
    assert entries
    hostile = pickle.dumps(_Evil())
    for number, entry in enumerate(entries):
        entry.write_bytes(b"\x00garbage" if number % 2 else hostile)
    again = AnalysisCache(tmp_path)
    assert as_json(FIXTURES, cache=again, jobs=1) == as_json(FIXTURES, jobs=1)
    assert again.hits == 0
    assert not (tmp_path / "PWNED").exists()


class _Evil:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(Path.cwd() / "PWNED"),))


def test_warm_run_does_not_import_libcst(tmp_path: Path) -> None:
    script = (
        "import sys, os\n"
        f"os.chdir({str(tmp_path)!r})\n"
        "from paramlint.cli import main\n"
        f"main(['check', '--quiet', {str(ROOT / 'fixtures' / 'seeds')!r}])\n"
        "print('LIBCST' if 'libcst' in sys.modules else 'NO-LIBCST')\n"
    )
    cold = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    warm = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert cold.stdout.strip().endswith("LIBCST")
    assert warm.stdout.strip().endswith("NO-LIBCST")
    assert json.dumps(cold.stdout.splitlines()[:-1]) == json.dumps(warm.stdout.splitlines()[:-1])


def test_a_broken_notebook_is_reported_even_without_a_model(tmp_path: Path) -> None:
    notebook = tmp_path / "broken.ipynb"
    notebook.write_text('{"cells": [')
    (report,) = analyze_paths([notebook], jobs=1)
    assert report.error is not None and "not a valid notebook" in report.error


def test_the_command_skips_python_shutdown_but_not_its_output_or_exit_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``paramlint`` ends with os._exit after flushing: every line printed, the exit code kept."""
    project = str(ROOT / "fixtures" / "project")
    expected_status = main(["check", "--no-cache", project])
    expected = capsys.readouterr()
    done = subprocess.run(
        [sys.executable, "-m", "paramlint", "check", "--no-cache", project],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        expected_status,
        expected.out,
        expected.err,
    )
    assert expected_status == 1 and expected.out.count("\n") > 10


def test_unknown_values_render_their_source_when_read_and_cache_it_as_plain_text() -> None:
    """An unknown's source text is rendered lazily; a cached report holds it as a plain string."""
    code = (
        "import keras\nimport numpy as np\n"
        "model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(np.random.randint((2,  3)))])\n"
    )  # (np.prod of known sizes is evaluated now: a numpy integer Dense refuses)
    report = analyze_code(code)
    data = pickle.dumps(report)
    assert b"LazyText" not in data and b"libcst" not in data
    (model,) = pickle.loads(data).models
    symbols = {symbol.name for symbol in model.layers[0].params.symbols()}
    assert symbols == {"np.random.randint((2, 3))"}


def test_scans_running_at_once_leave_the_cycle_collector_as_they_found_it() -> None:
    import gc

    before = gc.get_threshold()
    first = analyze_paths(FIXTURES[:3], jobs=1)
    second = analyze_paths(FIXTURES[3:6], jobs=1)
    next(first), next(second)
    assert gc.get_threshold()[0] == 50_000  # tuned while files are parsed
    list(first)  # the first scan ends while the second still runs
    assert gc.get_threshold()[0] == 50_000
    list(second)
    assert gc.get_threshold() == before


def test_no_fork_once_jax_is_loaded() -> None:
    """JAX's threads are invisible to ``threading``: with it loaded (as in this test run), the
    workers start without forking this process, and JAX has nothing to warn about."""
    import warnings

    import jax.numpy as jnp

    jnp.ones(2).block_until_ready()  # jax's runtime, with its threads
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert as_json(FIXTURES, jobs=2) == as_json(FIXTURES, jobs=1)
    assert not [w for w in caught if "fork" in str(w.message)]
