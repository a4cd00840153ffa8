"""The text format: one ``path:line:col: CODE message`` per diagnostic, and a summary line."""

from __future__ import annotations

from collections import Counter

from .base import CheckResult, rule_name


def render(result: CheckResult) -> str:
    if result.statistics:  # as ruff's --statistics: the counts per code, not the diagnostics
        counts = Counter(d.code for d in result.diagnostics)
        lines = [f"{n:>5}  {code}  {rule_name(code)}" for code, n in sorted(counts.items())]
    else:
        lines = [d.render() for d in result.diagnostics]
    if not result.quiet:
        lines.append(
            summary_line(result.files, result.error_count, result.warning_count, result.model_files)
        )
    return "\n".join(lines)


def summary_line(files: int, errors: int, warnings: int, model_files: int | None = None) -> str:
    """``Found 2 errors and 1 warning (1,009 files, 134 with models).``: the files looked at, and
    those that build a model (a file that never mentions one is not parsed, so not
    syntax-checked)."""
    checked = f"{files:,} file{'s' if files != 1 else ''}"
    checked += " checked" if model_files is None else f", {model_files:,} with models"
    if not errors and not warnings:
        return f"All checks passed! ({checked})"
    return f"Found {errors} error{'s' if errors != 1 else ''} and {warnings} warning{'s' if warnings != 1 else ''} ({checked})."
