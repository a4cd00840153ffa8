"""The markdown format: a pull-request comment with a table of the models and the findings.

One row per model (name, file, params, trainable, size, budget, status): the failing models
first, the passing ones folded into a ``<details>`` block, then the diagnostics in another; the
whole stays under GitHub's comment limit, saying what it left out. The first line is an HTML comment that a workflow can look for to
update its previous comment instead of adding one.
"""

from __future__ import annotations

from ..analyzer.dims import Dim, format_count
from ..rules.base import ERROR, WARNING, Diagnostic
from .base import CheckResult, ModelResult

MARKER = "<!-- paramlint -->"
ICONS = {ERROR: "❌", WARNING: "⚠️", "ok": "✅"}


COMMENT_LIMIT = 65_536
"""GitHub refuses an issue or pull-request comment longer than this many characters."""
_TABLE = [
    "| Model | File | Params | Trainable | Size | Budget | Status |",
    "| --- | --- | ---: | ---: | ---: | --- | --- |",
]
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, "ok": 2}


def render(result: CheckResult, limit: int = COMMENT_LIMIT) -> str:
    """The comment: the failing models' table (errors first), the passing models folded into a
    ``<details>`` block, then the findings; cut to stay under ``limit`` characters, saying what
    was left out (failing models and findings are kept before passing models)."""
    failing = sorted(
        (m for m in result.models if m.status != "ok"), key=lambda m: _SEVERITY_ORDER[m.status]
    )
    passing = [m for m in result.models if m.status == "ok"]
    failing_rows = [_row(m, result) for m in failing]
    passing_rows = [_row(m, result) for m in passing]
    findings = [_finding(d, result) for d in result.diagnostics]
    # what fits, in order of importance: each line costs its length and a newline
    budget = limit - 1_000  # the headings, table headers, the note on what was left out
    kept: list[list[str]] = []
    for lines in (failing_rows, findings, passing_rows):
        fits = []
        for line in lines:
            if len(line) + 1 > budget:
                break
            budget -= len(line) + 1
            fits.append(line)
        kept.append(fits)
    failing_kept, findings_kept, passing_kept = kept
    lines = [MARKER, f"### paramlint: {_headline(result)}", ""]
    if not result.models:
        lines.append("No Keras models found.")
    if failing_kept:
        lines += [*_TABLE, *failing_kept]
    if passing:
        summary = f"{_plural(len(passing), 'model')} passing"
        listed = [*_TABLE, *passing_kept] if passing_kept else ["Not listed: see below."]
        lines += ["", f"<details><summary>{summary}</summary>", "", *listed, "", "</details>"]
    if findings_kept:
        count = len(result.diagnostics)
        summary = f"{count} finding{'s' if count != 1 else ''}"
        lines += [
            "",
            f"<details><summary>{summary}</summary>",
            "",
            *findings_kept,
            "",
            "</details>",
        ]
    models_left = len(failing_rows) + len(passing_rows) - len(failing_kept) - len(passing_kept)
    findings_left = len(findings) - len(findings_kept)
    if models_left or findings_left:
        left = [
            f"{_plural(n, noun)}"
            for n, noun in ((models_left, "model"), (findings_left, "finding"))
            if n
        ]
        lines += [
            "",
            f"*{' and '.join(left)} left out: GitHub comments are limited to {limit:,} characters; "
            "run `paramlint check` for the whole report.*",
        ]
    return "\n".join(lines)


def _headline(result: CheckResult) -> str:
    found = f"{_plural(len(result.models), 'model')} in {_plural(result.files, 'file')}"
    if not result.diagnostics:
        return f"{found}, all checks passed"
    return f"{found}, {_plural(result.error_count, 'error')}, {_plural(result.warning_count, 'warning')}"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'s' if count != 1 else ''}"


def _row(model: ModelResult, result: CheckResult) -> str:
    where = f"{result.uri(model.path)}:{model.found.position.render()}"
    cells = [
        f"`{model.name}`",
        f"`{where}`",
        _count(model.params),
        _count(model.trainable),
        _size(model.bytes),
        budget_text(model),
        _status(model),
    ]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _count(value: Dim | None) -> str:
    return "unknown" if value is None else format_count(value)


def _size(value: Dim | None) -> str:
    if value is None:
        return "unknown"
    return decimal_bytes(value) if isinstance(value, int) else f"{value} B"


_BUDGET_UNITS = {
    "max-params": "params",
    "max-trainable-params": "trainable",
    "max-non-trainable-params": "non-trainable",
    "max-layer-params": "per layer",
    "max-layers": "layers",
}


def budget_text(model: ModelResult) -> str:
    """The budgets that apply to the model: "≤ 2,000,000 params, 8 MB, 1,000,000 per layer"
    (sizes in decimal units, as the size column)."""
    parts = []
    for key, value in model.budget_table().items():
        if key == "max-size":
            parts.append(decimal_bytes(int(value)))
        elif key in _BUDGET_UNITS:
            parts.append(f"{value:,} {_BUDGET_UNITS[key]}")
    return "≤ " + ", ".join(parts) if parts else "none"


def decimal_bytes(size: int) -> str:
    """Bytes in the report's one convention, the budgets' decimal units (1 MB = 10**6 bytes, as
    ``max-size = "8 MB"``): "8 MB", "103.26 MB", "512 B". (``summary`` prints Keras's own
    1024-based "KB"/"MB", as ``model.summary()`` does.)"""
    for unit, factor in (("TB", 10**12), ("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= factor:
            whole, rest = divmod(size, factor)
            return f"{whole:,} {unit}" if rest == 0 else f"{size / factor:,.2f} {unit}"
    return f"{size:,} B"


def _status(model: ModelResult) -> str:
    status = model.status
    codes = ", ".join(dict.fromkeys(d.code for d in model.diagnostics))
    return f"{ICONS[status]} {status}" + (f" ({codes})" if codes else "")


def _finding(diagnostic: Diagnostic, result: CheckResult) -> str:
    where = f"{result.uri(diagnostic.path)}:{diagnostic.position.render()}"
    return f"- {ICONS[diagnostic.severity]} `{where}` **{diagnostic.code}** {_inline(diagnostic.message)}"


def _inline(text: str) -> str:
    return text.replace("<", "&lt;").replace("\n", " ")
