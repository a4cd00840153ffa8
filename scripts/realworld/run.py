"""Run paramlint and real Keras over public repositories and compare them model by model.

    python scripts/realworld/run.py                 # corpus -> paramlint -> Keras -> report
    python scripts/realworld/run.py --skip-oracle   # re-measure paramlint only (Keras results kept)

Steps (all outputs under --work, default /work/realworld, never in the repo):
1. corpus/: the .py and .ipynb files of each manifest repository, read from its bare mirror at the
   manifest's commit (blobs the mirror lacks, files of 4 MiB and more, are skipped);
2. paramlint/: ``paramlint summary --format json --no-cache`` over each repository, with this
   checkout's paramlint;
3. oracle/: every file in which paramlint found a model, or whose text builds a Keras model, executed
   by oracle.py in the TensorFlow venv (--venv), one forked child per file, --timeout seconds each;
4. report/: compare.py matches the models by (file, cell, line) and writes report.md and report.json.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import compare  # noqa: E402

MODEL_TEXT = re.compile(r"\b(Sequential|Model)\s*\(")


def slug(repo: str) -> str:
    return repo.replace("/", "+")


def extract(entry: dict, mirrors: Path, corpus: Path) -> Path:
    """Write the repository's code files at the manifest commit into corpus/<owner+name>/."""
    target = corpus / slug(entry["repo"])
    git = ["git", "-C", str(mirrors / slug(entry["repo"]) / "repo")]
    if (target / ".commit").is_file() and (target / ".commit").read_text() == entry["commit"]:
        return target
    listing = subprocess.run(
        [*git, "ls-tree", "-r", "-z", entry["commit"]], capture_output=True, check=True
    )
    patterns = entry.get("include", ["*"])
    for item in listing.stdout.decode().split("\0"):
        if not item:
            continue
        meta, path = item.split("\t", 1)
        blob = meta.split()[2]
        if not path.endswith((".py", ".ipynb")) or not any(
            fnmatch.fnmatch(path, p) for p in patterns
        ):
            continue
        data = subprocess.run([*git, "cat-file", "blob", blob], capture_output=True)
        if data.returncode != 0:
            continue  # not in the snapshot (large file)
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data.stdout)
    (target / ".commit").write_text(entry["commit"])
    return target


def run_paramlint(source: Path, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO), "KERAS_BACKEND": "jax"}
    command = [
        sys.executable,
        "-m",
        "paramlint",
        "summary",
        "--format",
        "json",
        "--no-cache",
        str(source),
    ]
    try:  # paramlint must never hang on real code: a repository past 10 minutes is a bug to report
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    except subprocess.TimeoutExpired as error:
        raise RuntimeError(f"paramlint did not finish {source} within 600 s") from error
    out.write_text(done.stdout)
    if not done.stdout.strip():
        raise RuntimeError(f"paramlint gave no JSON for {source}: {done.stderr[-500:]}")
    return json.loads(done.stdout)


def files_to_execute(source: Path, document: dict) -> list[Path]:
    with_models = {Path(f["path"]) for f in document["files"] if f["models"]}
    for path in sorted([*source.rglob("*.py"), *source.rglob("*.ipynb")]):
        if ".ipynb_checkpoints" in path.parts:
            continue
        if path not in with_models and MODEL_TEXT.search(
            path.read_text(encoding="utf-8", errors="replace")
        ):
            with_models.add(path)
    return sorted(with_models)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/work/realworld"))
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--venv", type=Path, default=Path("/work/realworld/venv"))
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument(
        "--skip-oracle", action="store_true", help="reuse the Keras results on disk"
    )
    parser.add_argument("--repo", action="append", help="only this repository (owner/name)")
    args = parser.parse_args(argv)
    manifest = json.loads((HERE / "manifest.json").read_text())
    entries = [e for e in manifest["repos"] if not args.repo or e["repo"] in args.repo]
    for folder in ("corpus", "paramlint", "oracle", "report"):
        (args.work / folder).mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    pairs = []
    for entry in entries:
        source = extract(entry, args.mirrors, args.work / "corpus")
        t0 = time.monotonic()
        document = run_paramlint(source, args.work / "paramlint" / f"{slug(entry['repo'])}.json")
        print(f"paramlint {entry['repo']}: {time.monotonic() - t0:.1f} s", flush=True)
        oracle_out = args.work / "oracle" / f"{slug(entry['repo'])}.jsonl"
        if not args.skip_oracle:
            files = files_to_execute(source, document)
            command = [
                str(args.venv / "bin" / "python"),
                str(HERE / "oracle.py"),
                "--out",
                str(oracle_out),
            ]
            command += ["--timeout", str(args.timeout), *map(str, files)]
            env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KERAS_BACKEND")}
            with open(oracle_out.with_suffix(".log"), "w") as log:
                subprocess.run(command, check=True, env=env, stdout=log, stderr=subprocess.STDOUT)
            print(
                f"keras {entry['repo']}: {len(files)} files, {time.monotonic() - t0:.0f} s",
                flush=True,
            )
        keras_results = [
            json.loads(line) for line in oracle_out.read_text().splitlines() if line.strip()
        ]
        pairs.append((entry, source, document, keras_results))
    report = compare.build_report(pairs)
    report["runtime_seconds"] = round(time.monotonic() - started)
    (args.work / "report" / "report.json").write_text(json.dumps(report, indent=1))
    (args.work / "report" / "report.md").write_text(compare.render_markdown(report))
    print(compare.render_totals(report))
    print(f"report: {args.work / 'report' / 'report.md'} ({report['runtime_seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
