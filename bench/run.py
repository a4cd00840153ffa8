"""paramlint's speed targets, measured side by side with their references (issue: speed).

    python bench/run.py [--runs 5] [--corpus DIR] [--instructions]

Prints, for each target, the median wall time of several runs, the reference it is compared
with, and the ratio (for interleaved pairs, the median of the pairs' ratios):

1. pre-commit on 5 model files: ``paramlint check`` (cold, no cache) against Python start +
   ``import libcst`` + a bare parse of the same 5 files; and against importing Keras and building
   one of those models.
2. full scan of a large repository (the ``.py`` files of the installed keras package, plus the
   bundled notebooks): paramlint against a bare libcst parse, on one core, of the files paramlint
   parses (the others are skipped by the text pre-filter); files/s.
3. warm run: paramlint with its cache warm against ``ruff check`` with its cache warm.
4. peak memory of a full scan over the corpus copied once, twice and four times.
Each paramlint run is interleaved with its reference's, and with ``--instructions`` the pre-commit
pair is also counted in instructions (valgrind), which a busy machine does not change.
Timed tests are flaky; this script is how speed is measured. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
"""Every command runs as installed code does: from compiled bytecode (pip compiles libcst's at
install time; paramlint's, installed editable here, is compiled once below)."""


def wall_time(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        command,
        cwd=cwd,
        env=env or ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def median_time(
    command: list[str], runs: int, cwd: Path, env: dict[str, str] | None = None
) -> float:
    return statistics.median(wall_time(command, cwd, env) for _ in range(runs))


def median_pair(
    command: list[str], reference: list[str], runs: int, cwd: Path
) -> tuple[float, float, float]:
    """Both commands' medians and the median of their ratios run by run. The runs are
    interleaved, so a shared machine's slow spell hits a pair alike instead of skewing the
    ratio; the ratio reported is the median of the pairs' ratios."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        times[0].append(wall_time(command, cwd))
        times[1].append(wall_time(reference, cwd))
    ratios = [ours / theirs for ours, theirs in zip(*times, strict=True)]
    return statistics.median(times[0]), statistics.median(times[1]), statistics.median(ratios)


def instructions(command: list[str], cwd: Path) -> int:
    """User-space instructions of one run, counted by valgrind's callgrind: unlike wall time,
    the same on a busy machine as on an idle one."""
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        cwd=cwd, env=ENV, capture_output=True, text=True, check=False,
    )  # fmt: skip
    match = re.search(r"Collected : (\d+)", out.stderr)
    if match is None:
        raise RuntimeError(f"callgrind failed: {out.stderr[-500:]}")
    return int(match.group(1))


def peak_rss_mb(command: list[str], cwd: Path) -> float:
    """Peak resident memory of one run, from /usr/bin/time if present, else from the kernel."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out = subprocess.run(
        [PYTHON, "-c", code, *command], cwd=cwd, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def row(
    name: str,
    measured: float,
    reference_name: str,
    reference: float,
    target: str,
    ratio: float | None = None,
) -> str:
    ratio = measured / reference if ratio is None else ratio
    return f"| {name} | {measured:.3f} s | {reference_name} | {reference:.3f} s | {ratio:.2f}x | {target} |"


def keras_package() -> Path:
    found = subprocess.run(
        [PYTHON, "-c", "import importlib.util as u; print(u.find_spec('keras').submodule_search_locations[0])"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return Path(found.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, help="a folder to scan (default: the keras package)")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count the pre-commit run's instructions with valgrind (slow, but exact)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="paramlint-bench-"))
    env = {**ENV, "KERAS_BACKEND": "jax"}
    paramlint = [str(BIN / "paramlint")]
    rows = []

    # 1. pre-commit on 5 model files
    five = sorted((ROOT / "fixtures" / "scripts").glob("*.py"))[:5]
    files = [str(p) for p in five]
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "paramlint")], env=ENV, check=True)
    parse_code = "import libcst, sys\nfor f in sys.argv[1:]: libcst.parse_module(open(f).read())"
    hook_command = [*paramlint, "check", "--no-cache", "--exit-zero", *files]
    floor_command = [PYTHON, "-c", parse_code, *files]
    median_pair(hook_command, floor_command, 1, work)  # warm the page cache
    hook, floor, hook_ratio = median_pair(hook_command, floor_command, args.runs, work)
    counted = ""
    if args.instructions:
        ours, theirs = instructions(hook_command, work), instructions(floor_command, work)
        counted = (
            f"\npre-commit, instructions (callgrind): paramlint {ours / 1e9:.3f} G, "
            f"python + import libcst + parse {theirs / 1e9:.3f} G: {ours / theirs:.2f}x"
        )
    keras_code = (
        "import runpy, sys, types, keras\n"
        "tf = types.ModuleType('tensorflow'); tf.keras = keras\n"
        "sys.modules.update({'tensorflow': tf, 'tensorflow.keras': keras, 'tensorflow.keras.layers': keras.layers,"
        " 'tensorflow.keras.models': keras.models})\n"
        f"runpy.run_path({files[1]!r})\n"
    )
    keras_time = median_time([PYTHON, "-c", keras_code], max(1, args.runs // 2), work, env)
    rows.append(
        row(
            "pre-commit, 5 model files",
            hook,
            "python + import libcst + parse",
            floor,
            "<= 1.3x",
            hook_ratio,
        )
    )
    rows.append(
        row(
            "pre-commit, 5 model files",
            hook,
            "import keras + build the models",
            keras_time,
            ">= 10x faster",
        )
    )

    # 2. full scan
    corpus = args.corpus or keras_package()
    scan_root = work / "corpus"
    shutil.copytree(corpus, scan_root / "pkg", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "fixtures" / "notebooks", scan_root / "notebooks")
    all_files = sorted(p for p in scan_root.rglob("*") if p.suffix in (".py", ".ipynb"))
    from paramlint.analyzer.api import may_build_models  # the files paramlint itself parses

    parsed = [p for p in all_files if p.suffix == ".py" and may_build_models(p.read_bytes())]
    parse_list = work / "parsed.txt"
    parse_list.write_text("\n".join(str(p) for p in parsed))
    bare_parse = [PYTHON, "-c", f"import libcst\nfor f in open({str(parse_list)!r}).read().split(chr(10)): libcst.parse_module(open(f).read())"]  # fmt: skip
    one_core, bare, scan_ratio = median_pair(
        [*paramlint, "check", "--no-cache", "--exit-zero", "--quiet", "--jobs", "1", str(scan_root)],
        bare_parse, args.runs, work,
    )  # fmt: skip
    scan = median_time(
        [*paramlint, "check", "--no-cache", "--exit-zero", "--quiet", str(scan_root)],
        args.runs,
        work,
    )
    rows.append(
        row(
            f"full scan, {len(all_files)} files ({len(parsed)} parsed), 1 core",
            one_core,
            "bare libcst parse of those",
            bare,
            "<= 1.3x",
            scan_ratio,
        )
    )
    rows.append(
        row(
            f"full scan, {len(all_files)} files, all cores",
            scan,
            "bare libcst parse, 1 core",
            bare,
            "< 1x",
        )
    )

    # 3. warm runs
    subprocess.run(
        [*paramlint, "check", "--exit-zero", "--quiet", str(scan_root)],
        cwd=work,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    ruff = [
        str(BIN / "ruff"),
        "check",
        "--exit-zero",
        "--quiet",
        "--cache-dir",
        str(work / ".ruff_cache"),
        str(scan_root),
    ]
    subprocess.run(ruff, cwd=work, check=False, stdout=subprocess.DEVNULL)
    warm, ruff_warm, warm_ratio = median_pair(
        [*paramlint, "check", "--exit-zero", "--quiet", str(scan_root)], ruff, args.runs, work
    )
    rows.append(
        row("warm run, full scan", warm, "ruff check, warm cache", ruff_warm, "<= 2x", warm_ratio)
    )

    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; median of {args.runs} runs\n"
    )
    print("| target | paramlint | reference | time | ratio | goal |")
    print("| --- | --- | --- | --- | --- | --- |")
    for line in rows:
        print(line)
    print(
        f"\nfull scan throughput: {len(all_files) / scan:.0f} files/s ({len(parsed) / scan:.0f} parsed files/s)"
        + counted
    )

    # 4. memory: the same files copied 1, 2 and 4 times, so only the number of files grows
    print("\npeak RSS of a full scan (no cache), same files repeated:")
    for copies in (1, 2, 4):
        subset = work / f"copies-{copies}"
        for copy in range(copies):
            for index, path in enumerate(all_files):
                target = subset / str(copy) / f"{index}{path.suffix}"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
        rss = peak_rss_mb(
            [*paramlint, "check", "--no-cache", "--exit-zero", "--quiet", str(subset)], work
        )
        print(f"  {len(all_files) * copies:>5} files: {rss:.0f} MB")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
