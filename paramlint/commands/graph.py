"""``paramlint graph``: each model's diagram as DOT or Mermaid text, or drawn by Graphviz.

The models are judged as ``check`` judges them (a config's input shape applied to a model that
states none), so the diagram shows the numbers ``check`` reports. SVG and PNG are drawn by
Graphviz's ``dot`` program, run on the DOT text; paramlint does not draw.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from ..analyzer.infer import ModelReport
from ..discovery import discover
from ..graph import diagram, render_dot, render_mermaid
from ..rules.run import prepare_model
from . import EXIT_ERROR, EXIT_OK
from .common import analyze, config_resolver, print_errors
from .report import Wanted, _model_wanted, _split_position

GRAPHVIZ_MISSING = (
    "--format {format} needs Graphviz's `dot` program, which is not on PATH: install the "
    "`graphviz` package (apt-get install graphviz, brew install graphviz, conda install "
    "graphviz), or use --format dot or --format mermaid"
)


def graph(args: argparse.Namespace) -> int:
    errors: list[str] = []
    resolver = config_resolver(args)
    wanted: dict[str, Wanted] = {}
    paths = []
    for arg in args.paths:
        path, position = _split_position(arg)
        paths.append(path)
        if position is not None:
            wanted[str(Path(path))] = position
    files = list(discover(paths, errors, resolver))
    models: list[ModelReport] = []
    for file, report in zip(files, analyze(files, errors, jobs=1), strict=True):
        config = resolver.for_file(file)
        position = wanted.get(str(Path(report.path)))
        models += [
            prepare_model(model, config, str(file))
            for model in report.models
            if position is None or _model_wanted(model, position, report)
        ]
    print_errors(errors)
    if errors:
        return EXIT_ERROR
    if not models:
        print("paramlint: error: no model found", file=sys.stderr)
        return EXIT_ERROR
    drawing = diagram(models)
    title = Path(paths[0]).stem if len(paths) == 1 else "paramlint"
    if args.format == "mermaid":
        return _write(render_mermaid(drawing).encode(), args.output)
    dot_text = render_dot(drawing, title)
    if args.format == "dot":
        return _write(dot_text.encode(), args.output)
    return _graphviz(dot_text, args.format, args.output)


def _graphviz(dot_text: str, format: str, output: str | None) -> int:
    program = shutil.which("dot")
    if program is None:
        print(f"paramlint: error: {GRAPHVIZ_MISSING.format(format=format)}", file=sys.stderr)
        return EXIT_ERROR
    if output is None and sys.stdout.isatty():
        print(f"paramlint: error: --format {format} is binary: give --output FILE", file=sys.stderr)
        return EXIT_ERROR
    done = subprocess.run(
        [program, f"-T{format}"], input=dot_text.encode(), capture_output=True, check=False
    )
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()
        print(f"paramlint: error: Graphviz's dot failed: {message}", file=sys.stderr)
        return EXIT_ERROR
    return _write(done.stdout, output)


def _write(data: bytes, output: str | None) -> int:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(output).write_bytes(data)
    return EXIT_OK
