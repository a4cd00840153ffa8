"""The outputs of ``paramlint diff``: text, json, markdown (a PR comment), github (notices).

Each shows which models were added, removed or changed since the base revision, with params
before -> after and the change in percent and in bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..analyzer.dims import Dim, format_count
from ..diff import ADDED, CHANGED, REMOVED, UNCHANGED, Change, Diff, ModelCounts, format_percent
from ..render import dim_json, position_json, readable_bytes
from .github import command

MARKER = "<!-- paramlint-diff -->"


def _count(value: Dim | None) -> str:
    return "unknown" if value is None else format_count(value)


def _signed(value: int | None, unit: str = "") -> str:
    if value is None:
        return "n/a"
    return f"{value:+,}{unit}"


def signed_bytes(value: int | None) -> str:
    """A change in bytes, Keras-style units (1024-based): ``+1.50 KB``."""
    if value is None:
        return "n/a"
    sign = "-" if value < 0 else "+"
    return sign + readable_bytes(abs(value))


def _where(model: ModelCounts) -> str:
    return f"{model.uri}:{model.position.render()}" if model.position.line else model.uri


def _params(change: Change) -> str:
    before = _count(change.before.params) if change.before else "-"
    after = _count(change.after.params) if change.after else "-"
    return f"{before} -> {after}"


def _headline(diff: Diff) -> str:
    counts = {kind: len(diff.of_kind(kind)) for kind in (ADDED, REMOVED, CHANGED, UNCHANGED)}
    return (
        f"{counts[CHANGED]} changed, {counts[ADDED]} added, {counts[REMOVED]} removed, "
        f"{counts[UNCHANGED]} unchanged since {diff.base[:12]} ({diff.how})"
    )


def render_text(diff: Diff) -> str:
    lines = [f"Models {_headline(diff)}"]
    for change in diff.changes:
        if change.kind != UNCHANGED:
            lines.append(
                f"  {change.kind:<8} {change.model.label} ({_where(change.model)}): {_what(change)}"
            )
    return "\n".join(lines)


def _what(change: Change) -> str:
    """``25,815,128 -> 30,235,940 params (+17.1 %, +4,420,812 params, +16.86 MB)``."""
    if change.kind == CHANGED:
        return (
            f"{_params(change)} params ({format_percent(change.percent)}, "
            f"{_signed(change.params_delta)} params, {signed_bytes(change.bytes_delta)})"
        )
    size = change.bytes_delta
    return f"{_count(change.model.params)} params" + (f" ({signed_bytes(size)})" if size else "")


def render_markdown(diff: Diff) -> str:
    lines = [MARKER, f"### paramlint: {_headline(diff)}", ""]
    shown = [c for c in diff.changes if c.kind != UNCHANGED]
    if not shown:
        lines.append("No model changed its parameter count.")
        return "\n".join(lines)
    lines += [
        "| Model | File | Change | Params | Δ params | Δ % | Δ size |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for change in shown:
        model = change.model
        cells = [
            f"`{model.label}`",
            f"`{_where(model)}`",
            change.kind,
            _params(change).replace("->", "→"),
            _signed(change.params_delta),
            format_percent(change.percent),
            signed_bytes(change.bytes_delta),
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def render_github(diff: Diff) -> str:
    """A notice on the line of each model that was added or changed (removed ones: no line)."""
    lines = []
    for change in diff.of_kind(ADDED, CHANGED, REMOVED):
        model = change.model
        message = f"model `{model.label}` {change.kind}: {_what(change)}"
        where = {"file": model.uri}
        if change.after is not None:
            where |= {"line": str(model.position.line), "col": str(model.position.column)}
        lines.append(command("notice", message, **where, title="paramlint: params changed"))
    return "\n".join(lines)


def _model_json(model: ModelCounts | None) -> dict[str, Any] | None:
    if model is None:
        return None
    return {
        "path": model.uri,
        "name": model.label,
        "variable": model.variable,
        "function": model.function,
        "position": position_json(model.position),
        "params": dim_json(model.params),
        "trainable": dim_json(model.trainable),
        "non_trainable": dim_json(model.non_trainable),
        "bytes": dim_json(model.bytes),
    }


def render_json(diff: Diff) -> str:
    document = {
        "base": diff.base,
        "base_description": diff.how,
        "changes": [
            {
                "kind": change.kind,
                "before": _model_json(change.before),
                "after": _model_json(change.after),
                "params_delta": change.params_delta,
                "bytes_delta": change.bytes_delta,
                "percent": None
                if change.percent is None or abs(change.percent) == float("inf")
                else round(change.percent, 4),
            }
            for change in diff.changes
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


DIFF_FORMATS: dict[str, Callable[[Diff], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "github": render_github,
}
