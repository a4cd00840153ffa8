"""Running the rules on a file's reports: which rules are on, per-model options, suppressions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from paramlint.analyzer.api import FileReport, reinfer
from paramlint.analyzer.infer import ModelReport, substitute_report
from paramlint.analyzer.source import Position, split_lines

from .base import Budgets, Diagnostic, RuleContext
from .config import Config, glob_match
from .registry import ALL_RULES

# Compiled (and cached by ``re``) when a file has diagnostics to suppress: most have none.
_NOQA = r"(?i)#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]*(?:[\s,]+[A-Z]+[0-9]*)*))?"
_FILE_NOQA = r"(?i)#[ \t]*paramlint:[ \t]*noqa\b"


def _match_length(code: str, selectors: Iterable[str]) -> int:
    """How specifically the selectors match a code: the longest matching prefix (ALL: 0), or -1."""
    best = -1
    for selector in selectors:
        if selector == "ALL":
            best = max(best, 0)
        elif code.startswith(selector):
            best = max(best, len(selector))
    return best


def enabled_codes(config: Config, extra_ignores: Iterable[str] = ()) -> set[str]:
    """ruff's selection: the most specific selector wins; at equal specificity, ignore wins."""
    enabled = set()
    ignores = (*config.ignore, *extra_ignores)
    for rule in ALL_RULES:
        if config.select is None:
            selected = 0 if rule.default_enabled else -1
        else:
            selected = _match_length(rule.code, config.select)
        selected = max(selected, _match_length(rule.code, config.extend_select))
        if selected >= 0 and selected > _match_length(rule.code, ignores):
            enabled.add(rule.code)
    return enabled


def prepare_model(model: ModelReport, config: Config, relative_path: str) -> ModelReport:
    """The model the rules judge: with its ``[[tool.paramlint.models]]`` input shape and assumed
    sizes applied, or, for a model that states no input, its symbolic twin (counts as formulas)."""
    model = configured_model(model, config, relative_path)
    return model.symbolic if model.symbolic is not None else model  # unbuilt: judge the formulas


def configured_model(model: ModelReport, config: Config, relative_path: str) -> ModelReport:
    """The model with its ``[[tool.paramlint.models]]`` input shape and assumed sizes applied, as
    every command shows it (``summary`` and ``explain`` print it, ``check`` judges it)."""
    names = (model.keras_name, model.variable)
    override = config.override_for(names, relative_path)
    if override is None:
        return model
    if override.input_shape is not None and model.input_shape is None and model.value is not None:
        model = reinfer(model, override.input_shape)
    if override.assume:
        symbolic = model.symbolic
        model = substitute_report(model, override.assume)
        if symbolic is not None:
            model = replace(model, symbolic=substitute_report(symbolic, override.assume))
    return model


def check_report(report: FileReport, config: Config, relative_path: str) -> list[Diagnostic]:
    """Every enabled rule on every model of one file, minus what the file or config suppresses."""
    return all_diagnostics(*judge_report(report, config, relative_path))


def all_diagnostics(file_level: list[Diagnostic], judged: list[JudgedModel]) -> list[Diagnostic]:
    """A file's diagnostics and its models', in order, each once (see ``once_per_position``)."""
    found = [*file_level, *(d for model in judged for d in model.diagnostics)]
    return sorted(once_per_position(found), key=Diagnostic.sort_key)


def once_per_position(found: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Each finding once: a builder called in a loop (k-fold) makes the same model, with the same
    findings at the same positions, on every call. A finding made several times says how many."""
    counts: dict[tuple[str, Position, str, str], int] = {}
    first: dict[tuple[str, Position, str, str], Diagnostic] = {}
    for diagnostic in found:
        key = (diagnostic.path, diagnostic.position, diagnostic.code, diagnostic.message)
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, diagnostic)
    return [
        d if counts[key] == 1 else replace(d, message=f"{d.message} ({counts[key]} times)")
        for key, d in first.items()
    ]


@dataclass(frozen=True)
class JudgedModel:
    """A model as the rules saw it (see ``prepare_model``), its budgets and its diagnostics."""

    model: ModelReport
    budgets: Budgets
    diagnostics: list[Diagnostic]


def judge_report(
    report: FileReport, config: Config, relative_path: str
) -> tuple[list[Diagnostic], list[JudgedModel]]:
    """The file's own diagnostics (a syntax error, code left unanalysed) and each model's, in
    ``report.models`` order, each list sorted and without what is suppressed."""
    if not report.models and not report.notes:  # rules see a file through these: nothing to judge
        return [], []
    per_file = [
        code
        for glob, codes in config.per_file_ignores.items()
        if glob_match(relative_path, glob)
        for code in codes
    ]
    codes = enabled_codes(config, per_file)
    rules = [rule() for rule in ALL_RULES if rule.code in codes]
    base_context = RuleContext(dtype=config.dtype)

    def kept(found: Iterable[Diagnostic]) -> list[Diagnostic]:
        diagnostics = [replace(d, path=report.path) for d in found]
        return sorted(_unsuppressed(diagnostics, report), key=Diagnostic.sort_key)

    file_level = kept(d for rule in rules for d in rule.check_file(report, base_context))
    judged = []
    for model in report.models:
        model = prepare_model(model, config, relative_path)
        budgets = config.budgets_for((model.keras_name, model.variable), relative_path)
        ctx = replace(base_context, budgets=budgets)
        judged.append(
            JudgedModel(model, budgets, kept(d for rule in rules for d in rule.check(model, ctx)))
        )
    return file_level, judged


def _unsuppressed(diagnostics: list[Diagnostic], report: FileReport) -> list[Diagnostic]:
    if report.source is None or not diagnostics:
        return diagnostics
    if any(re.search(_FILE_NOQA, chunk.code) for chunk in report.source.chunks):
        return []
    chunks = {chunk.cell: split_lines(chunk.code) for chunk in report.source.chunks}
    return [d for d in diagnostics if not _suppressed_by_noqa(d, chunks)]


def _suppressed_by_noqa(diagnostic: Diagnostic, chunks: dict[int | None, tuple[str, ...]]) -> bool:
    line = _line_at(diagnostic.position, chunks)
    match = re.search(_NOQA, line)
    if match is None:
        return False
    codes = match.group("codes")
    if codes is None:
        return True
    return any(
        diagnostic.code.startswith(code.upper()) for code in re.split(r"[\s,]+", codes.strip())
    )


def _line_at(position: Position, chunks: dict[int | None, tuple[str, ...]]) -> str:
    lines = chunks.get(position.cell, ())
    return lines[position.line - 1] if 0 < position.line <= len(lines) else ""
