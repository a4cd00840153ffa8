"""The text format: one ``path:line:col: CODE message`` per diagnostic, and a summary line."""

from __future__ import annotations

from collections import Counter

from .base import CheckResult, rule_name


def render(result: CheckResult) -> str:
    lines = [d.render() for d in result.diagnostics]
    if result.statistics:
        for code, count in sorted(Counter(d.code for d in result.diagnostics).items()):
            lines.append(f"{count:>5}  {code}  {rule_name(code)}")
    if not result.quiet:
        lines.append(summary_line(result.files, result.error_count, result.warning_count))
    return "\n".join(lines)


def summary_line(files: int, errors: int, warnings: int) -> str:
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not errors and not warnings:
        return f"All checks passed! ({checked})"
    return f"Found {errors} error{'s' if errors != 1 else ''} and {warnings} warning{'s' if warnings != 1 else ''} ({checked})."
