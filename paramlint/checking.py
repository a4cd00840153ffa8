"""One ``paramlint check`` run turned into a :class:`CheckResult`: rules on every file, models judged.

Reading and analysing files stays with the command line; this module gets the reports and adds
what the formats need: every model as the rules judged it, with its budgets and its own
diagnostics, paths relative to the repository root, and the notebooks' cell-to-line maps.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from .analyzer.api import FileReport
from .analyzer.source import NotebookLines, Position, notebook_lines
from .discovery import ConfigResolver, relative_to_root, resolved
from .formats.base import CheckResult, ModelResult
from .rules.base import ERROR, Diagnostic
from .rules.run import all_diagnostics, judge_report

FILE_START = Position(1, 1)


def repository_root(start: Path | None = None) -> Path:
    """The closest folder with a ``.git`` above ``start`` (the current folder), else ``start``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def repository_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes (as given, if it is outside)."""
    try:
        return resolved(path).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def build_result(
    files: Sequence[Path],
    reports: Iterable[FileReport],
    resolver: ConfigResolver,
    root: Path | None = None,
) -> CheckResult:
    """Every enabled rule on every file, and every model judged on its own for the formats."""
    root = root or repository_root()
    result = CheckResult(files=len(files), diagnostics=[], models=[], model_files=0)
    for path, report in zip(files, reports, strict=True):
        config = resolver.for_file(path)
        relative = relative_to_root(path, config)
        file_level, judged = judge_report(report, config, relative)
        result.diagnostics += all_diagnostics(file_level, judged)
        if report.error:
            result.diagnostics.append(
                Diagnostic(report.path, FILE_START, "KPL000", ERROR, report.error)
            )
        result.uris[report.path] = repository_path(path, root)
        result.model_files = (result.model_files or 0) + bool(report.models)
        result.models += [
            ModelResult(
                path=report.path,
                uri=result.uris[report.path],
                found=found,
                judged=model.model,
                budgets=model.budgets,
                dtype=config.dtype,
                diagnostics=tuple(model.diagnostics),
            )
            for found, model in zip(report.models, judged, strict=True)
        ]
        if path.suffix == ".ipynb":
            result.notebooks[report.path] = _notebook_lines(path)
    return result


def _notebook_lines(path: Path) -> NotebookLines:
    try:
        return notebook_lines(path.read_bytes().decode("utf-8-sig", errors="replace"))
    except OSError:
        return notebook_lines("")


def add_diagnostics(result: CheckResult, found: Sequence[Diagnostic]) -> None:
    """Add findings made after the rules (review gates), each also to the model it is about."""
    result.diagnostics += found
    for index, model in enumerate(result.models):
        own = [d for d in found if d.path == model.path and d.position == model.found.position]
        if own:
            result.models[index] = replace(model, diagnostics=(*model.diagnostics, *own))
