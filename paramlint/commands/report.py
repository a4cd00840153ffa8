"""``paramlint summary`` and ``paramlint explain``: each model's table, or its weights one by one."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..analyzer.infer import ModelReport
from ..discovery import discover
from ..render import JSON_SCHEMA_VERSION, file_json, render_explain, render_summary
from . import EXIT_ERROR, EXIT_OK
from .common import analyze, print_errors


def _split_line(arg: str) -> tuple[str, int | None]:
    head, _, tail = arg.rpartition(":")
    if head and tail.isdigit() and not Path(arg).exists():
        return head, int(tail)
    return arg, None


def _model_covers(model: ModelReport, line: int) -> bool:
    lines = [model.position.line, *(layer.position.line for layer in model.layers)]
    return min(lines) <= line <= max(lines)


def report(args: argparse.Namespace) -> int:
    errors: list[str] = []
    line_filter: dict[str, int] = {}
    paths: list[str] = []
    for arg in args.paths:
        path, line = _split_line(arg) if args.command == "explain" else (arg, None)
        paths.append(path)
        if line is not None:
            line_filter[str(Path(path))] = line
    reports = analyze(list(discover(paths, errors)), errors, not args.no_cache, args.jobs)
    dtype = getattr(args, "dtype", None)
    if args.format == "json":
        document = {"version": JSON_SCHEMA_VERSION, "files": [file_json(r, dtype) for r in reports]}
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        separator = ""
        for report in reports:
            wanted = line_filter.get(str(Path(report.path)))
            # The model created on that line, else the models whose lines span it (functional
            # models built from one graph span each other's lines).
            exact = [m for m in report.models if m.position.line == wanted]
            for model in report.models:
                if wanted is not None and not (
                    model in exact if exact else _model_covers(model, wanted)
                ):
                    continue
                explain = args.command == "explain"
                block = render_explain(model) if explain else render_summary(model, dtype)
                print(separator + block)
                separator = "\n"
    print_errors(errors)
    return EXIT_ERROR if errors else EXIT_OK
