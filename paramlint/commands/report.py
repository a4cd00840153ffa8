"""``paramlint summary`` and ``paramlint explain``: each model's table, or its weights one by one."""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..analyzer.api import FileReport
from ..analyzer.infer import ModelReport
from ..discovery import discover, relative_to_root
from ..render import (
    JSON_SCHEMA_VERSION,
    SummaryOptions,
    file_json,
    render_explain,
    render_summary,
)
from ..rules.config import Config, ConfigError
from ..rules.run import configured_model
from . import EXIT_ERROR, EXIT_OK
from .common import analyze, cache_folder, config_resolver, print_errors, project_config

_POSITION = re.compile(
    r"^(?P<path>.+?):(?P<where>(?:cell (?P<cell>\d+))?(?::?(?P<line>\d+))?(?::\d+)?)$"
)


@dataclass(frozen=True)
class Wanted:
    """A position as paramlint prints it: ``file.py:LINE[:COL]``, ``nb.ipynb:cell N[:LINE[:COL]]``."""

    shown: str  # as given
    line: int | None
    cell: int | None


def _split_position(arg: str) -> tuple[str, Wanted | None]:
    """The path and the position after it, if the argument is not itself an existing path."""
    match = _POSITION.match(arg)
    if match is None or Path(arg).exists() or not match.group("where"):
        return arg, None
    path, cell, line = match.group("path"), match.group("cell"), match.group("line")
    if cell is None and line is None:
        return arg, None
    if cell is None and path.endswith(".ipynb"):
        raise ConfigError(
            f"{arg}: a notebook position names its cell, as paramlint prints it: "
            f"{path}:cell N or {path}:cell N:LINE"
        )
    return path, Wanted(arg, int(line) if line else None, int(cell) if cell else None)


def _model_covers(model: ModelReport, wanted: Wanted) -> bool:
    positions = [model.position, *(layer.position for layer in model.layers)]
    if wanted.cell is not None:
        positions = [p for p in positions if p.cell == wanted.cell]
    if not positions:
        return False
    if wanted.line is None:
        return True
    lines = [p.line for p in positions]
    return min(lines) <= wanted.line <= max(lines)


def _model_wanted(model: ModelReport, wanted: Wanted, report: FileReport) -> bool:
    """The model created on the wanted line, else the models whose lines span it (functional
    models built from one graph span each other's lines)."""
    if wanted.line is not None:
        exact = [
            m
            for m in report.models
            if m.position.line == wanted.line
            and (wanted.cell is None or m.position.cell == wanted.cell)
        ]
        if exact:
            return model in exact
    return _model_covers(model, wanted)


def _configured(report: FileReport, config: Config) -> tuple[FileReport, list[dict[str, int]]]:
    """The report with each model's ``input-shape`` and ``assume`` from the config applied, and
    each model's assumed values (for the formulas of ``explain``)."""
    if not report.models or not config.models:
        return report, [{} for _ in report.models]
    relative = relative_to_root(Path(report.path), config)
    models, assumed = [], []
    for model in report.models:
        override = config.override_for((model.keras_name, model.variable), relative)
        models.append(configured_model(model, config, relative))
        assumed.append(dict(override.assume) if override is not None else {})
    return replace(report, models=models), assumed


def _summary_options(args: argparse.Namespace) -> SummaryOptions:
    return SummaryOptions(
        line_length=args.line_length,
        expand_nested=args.expand_nested,
        show_trainable=args.show_trainable,
        layer_range=tuple(args.layer_range) if args.layer_range else None,
        flops=args.flops,
    )


def report(args: argparse.Namespace) -> int:
    errors: list[str] = []
    line_filter: dict[str, list[Wanted]] = {}
    paths: list[str] = []
    for arg in args.paths:
        path, wanted = _split_position(arg) if args.command == "explain" else (arg, None)
        if path not in paths:
            paths.append(path)
        if wanted is not None:
            line_filter.setdefault(str(Path(path)), []).append(wanted)
    matched: set[Wanted] = set()
    resolver = config_resolver(args)  # the configs as `check` reads them
    files = list(discover(paths, errors, resolver))
    reports = analyze(files, errors, None if args.no_cache else cache_folder(resolver), args.jobs)
    configured = (
        _configured(report, resolver.for_file(path))
        for path, report in zip(files, reports, strict=True)
    )
    dtype = getattr(args, "dtype", None) or project_config(resolver).dtype
    if args.format == "json":
        files_json = [file_json(r, dtype) for r, _ in configured]
        document = {"version": JSON_SCHEMA_VERSION, "files": files_json}
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        separator = ""
        for report, assumed in configured:
            wanted_in_file = line_filter.get(str(Path(report.path)))
            for model, assume in zip(report.models, assumed, strict=True):
                if wanted_in_file is not None:
                    covering = {w for w in wanted_in_file if _model_wanted(model, w, report)}
                    matched |= covering
                    if not covering:
                        continue
                if args.command == "explain":
                    block = render_explain(model, assume)
                else:
                    try:
                        block = render_summary(model, dtype, _summary_options(args))
                    except ValueError as error:  # Keras's own refusal (a layer range, a width)
                        errors.append(f"{report.path}:{model.position.render()}: {error}")
                        continue
                print(separator + block)
                separator = "\n"
        for path, wanted_here in line_filter.items():
            if Path(path).is_file():  # else discovery said why
                errors += [f"{w.shown}: no model there" for w in wanted_here if w not in matched]
    print_errors(errors)
    return EXIT_ERROR if errors else EXIT_OK
