"""Rule documentation, generated from the rules themselves (``paramlint rule``, the README table)."""

from __future__ import annotations

import inspect

from .base import Rule
from .registry import ALL_RULES


def rule_page(rule: type[Rule]) -> str:
    default = "on" if rule.default_enabled else "off (enable with `extend-select`)"
    header = f"# {rule.name} ({rule.code})\n\nSeverity: {rule.severity}. Default: {default}.\n"
    return header + "\n" + _dedent_doc(rule)


def _dedent_doc(rule: type[Rule]) -> str:
    return inspect.cleandoc(rule.__doc__ or "")


def rule_table() -> str:
    """The Markdown table of every rule, as the README shows it."""
    rows = [
        "| Code | Name | Severity | Default | What it reports |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in ALL_RULES:
        summary = _dedent_doc(rule).splitlines()[0]
        default = "on" if rule.default_enabled else "off"
        rows.append(f"| {rule.code} | {rule.name} | {rule.severity} | {default} | {summary} |")
    return "\n".join(rows)
