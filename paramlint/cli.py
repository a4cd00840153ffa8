"""The command line: argv, files on disk, output streams and exit codes live here and nowhere else.

Exit codes: 0 success (``check``: no error-level diagnostic), 1 ``check`` found errors,
2 usage error, a path that does not exist, or a file that cannot be read or parsed (the other
files are still analysed and reported).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import __version__
from .analyzer.api import FileReport, analyze_file
from .render import JSON_SCHEMA_VERSION, file_json, known_dtypes, render_explain, render_summary

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2
SOURCE_SUFFIXES = (".py", ".ipynb")
SKIPPED_DIRS = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "env", "__pycache__", "node_modules", "site-packages",
     ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".ipynb_checkpoints", "build", "dist"}
)  # fmt: skip


def discover(paths: Sequence[str], errors: list[str]) -> Iterator[Path]:
    """Files to analyse: given files as they are, folders walked for .py and .ipynb files."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(SOURCE_SUFFIXES):
                        yield Path(root) / name
        elif path.is_file():
            yield path
        else:
            errors.append(f"{given}: no such file or directory")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paramlint", description="Static analysis of Keras models."
    )
    parser.add_argument("--version", action="version", version=f"paramlint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser(
        "summary", help="print each model's table, as Keras's model.summary() would"
    )
    summary.add_argument("paths", nargs="+", metavar="PATH")
    summary.add_argument(
        "--dtype", choices=known_dtypes(), help="bytes per parameter for the sizes"
    )
    summary.add_argument("--format", choices=("text", "json"), default="text")
    explain = commands.add_parser(
        "explain", help="show every weight tensor behind each parameter count"
    )
    explain.add_argument("paths", nargs="+", metavar="PATH[:LINE]")
    explain.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _split_line(arg: str) -> tuple[str, int | None]:
    head, _, tail = arg.rpartition(":")
    if head and tail.isdigit() and not Path(arg).exists():
        return head, int(tail)
    return arg, None


def _analyze(paths: Sequence[str], errors: list[str]) -> list[FileReport]:
    reports = []
    for path in discover(paths, errors):
        report = analyze_file(path)
        if report.error:
            errors.append(report.error)
        for kind, message, position in report.notes:
            if kind == "syntax-error":
                errors.append(f"{report.path}:{position.render()}: {message}")
        reports.append(report)
    return reports


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    errors: list[str] = []
    line_filter: dict[str, int] = {}
    paths = list(args.paths)
    if args.command == "explain":
        paths = []
        for arg in args.paths:
            path, line = _split_line(arg)
            paths.append(path)
            if line is not None:
                line_filter[str(Path(path))] = line
    reports = _analyze(paths, errors)
    dtype = getattr(args, "dtype", None)
    if args.format == "json":
        document = {"version": JSON_SCHEMA_VERSION, "files": [file_json(r, dtype) for r in reports]}
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        blocks = []
        for report in reports:
            wanted = line_filter.get(str(Path(report.path)))
            for model in report.models:
                if wanted is not None and not _model_covers(model, wanted):
                    continue
                blocks.append(
                    render_explain(model)
                    if args.command == "explain"
                    else render_summary(model, dtype)
                )
        print("\n\n".join(blocks))
    for error in errors:
        print(f"paramlint: error: {error}", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_OK


def _model_covers(model: object, line: int) -> bool:
    from .analyzer.infer import ModelReport

    assert isinstance(model, ModelReport)
    lines = [model.position.line, *(layer.position.line for layer in model.layers)]
    return min(lines) <= line <= max(lines)


if __name__ == "__main__":
    sys.exit(main())
