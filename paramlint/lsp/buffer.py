"""One editor buffer analysed as ``paramlint check`` would, and what the editor shows of it.

The text is the buffer's, never the file on disk; the config is the one ``check`` would
discover for the file's path, so codes, severities, budgets and suppressions are the same.
Positions here are paramlint's (1-based line and column, in the file's own text: for a
notebook, lines of the ``.ipynb`` JSON); :mod:`.server` converts them to LSP's 0-based ones.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..analyzer.api import FileReport, analyze_source
from ..analyzer.dims import format_count, format_dim
from ..analyzer.explain import layer_formula
from ..analyzer.infer import LayerReport
from ..analyzer.source import Chunk, Position, Source, SourceError, notebook_lines
from ..checking import build_result, repository_root
from ..discovery import ConfigResolver
from ..formats.base import CheckResult, ModelResult
from ..render import format_shape, model_heading, readable_bytes, render_summary
from ..rules.base import Diagnostic


@dataclass(frozen=True)
class LayerSpot:
    """A layer row of a model, where the file shows it (1-based line and column)."""

    line: int
    column: int
    layer: LayerReport
    model: ModelResult
    # Every row of the model created on this line (a layer made in a loop: one per pass).
    rows: tuple[LayerReport, ...] = ()


@dataclass
class BufferAnalysis:
    """``check``'s result on one buffer, with each model and layer located in the buffer."""

    path: Path
    text: str
    result: CheckResult
    layers: list[LayerSpot] = field(default_factory=list)
    notebook: bool = False

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.result.diagnostics

    def locate(self, position: Position) -> tuple[int, int] | None:
        """A paramlint position as a 1-based (line, column) of the buffer's text."""
        if position.cell is None:
            return None if self.notebook else (position.line, position.column)
        notebook = self.result.notebooks.get(str(self.path))
        return notebook.locate(position) if notebook is not None else None

    def locator(self, cell: int | None) -> Callable[[Position], tuple[int, int] | None]:
        """Positions in the file's text (``cell`` None), or in one cell's own text."""
        if cell is None:
            return self.locate
        return lambda p: (p.line, p.column) if p.cell == cell else None

    def spots(self, cell: int | None = None) -> list[LayerSpot]:
        """The layer rows located in the file (``cell`` None) or in that notebook cell's text."""
        return self.layers if cell is None else list(_layer_spots(self, self.locator(cell)))

    def model_at(self, line: int, cell: int | None = None) -> ModelResult | None:
        """The model created on this (1-based) line of the buffer (or of the cell)."""
        locate = self.locator(cell)
        for model in self.result.models:
            where = locate(model.found.position)
            if where is not None and where[0] == line:
                return model
        return None

    def layer_at(self, line: int, cell: int | None = None) -> LayerSpot | None:
        return next((spot for spot in self.spots(cell) if spot.line == line), None)


def analyse_buffer(path: Path, text: str, resolver: ConfigResolver | None = None) -> BufferAnalysis:
    """The buffer's text through ``check``'s pipeline: the config for ``path``, every enabled
    rule, the noqa comments; a buffer that cannot be read (a notebook that is not JSON) is
    KPL000, as a file on disk would be."""
    resolver = resolver or ConfigResolver()
    notebook = path.suffix == ".ipynb"
    report = _report(path, text, notebook)
    root = repository_root(path.parent if path.parent.is_dir() else None)
    result = build_result([path], [report], resolver, root)
    if notebook:  # build_result reads the file on disk: the buffer's cells are what counts
        result.notebooks[report.path] = notebook_lines(text)
    analysis = BufferAnalysis(path, text, result, notebook=notebook)
    analysis.layers = list(_layer_spots(analysis, analysis.locate))
    return analysis


def _report(path: Path, text: str, notebook: bool) -> FileReport:
    from ..analyzer.source import source_from_bytes

    try:
        if notebook:
            source = source_from_bytes(path, text.encode("utf-8"))
        else:
            source = Source(path, (Chunk(text),))
    except SourceError as error:
        return FileReport(str(path), error=str(error))
    return analyze_source(source, str(path))


def notebook_text(cells: Sequence[tuple[bool, str]]) -> str:
    """An editor's notebook (each cell: is it code, its text) as the ``.ipynb`` JSON paramlint
    reads, so its cells go through the same IPython reading as a notebook on disk; cell N of
    the positions is the editor's N-th cell."""
    document = {
        "cells": [
            {
                "cell_type": "code" if code else "markdown",
                "metadata": {},
                "source": text.splitlines(True),
                **({"outputs": [], "execution_count": None} if code else {}),
            }
            for code, text in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(document, indent=1)


def _layer_spots(
    analysis: BufferAnalysis, locate: Callable[[Position], tuple[int, int] | None]
) -> Iterator[LayerSpot]:
    """Each layer row once (the first model that shows it on a line wins: a layer shared by two
    models, or a nested model's own rows, are shown where they are created)."""
    taken: set[int] = set()
    for model in analysis.result.models:
        lines: dict[int, list[tuple[int, LayerReport]]] = {}
        for layer in model.judged.layers:
            where = locate(layer.position)
            if where is None or where[0] in taken:
                continue
            model_where = locate(model.found.position)
            if model_where is not None and where[0] == model_where[0]:
                continue  # `keras.Sequential([Dense(1)])` on one line: the model's line wins
            lines.setdefault(where[0], []).append((where[1], layer))
        for line, rows in lines.items():
            taken.add(line)
            column, first = rows[0]
            yield LayerSpot(line, column, first, model, tuple(row for _, row in rows))


# -- what the editor shows ----------------------------------------------------------------


def inlay_label(spot: LayerSpot) -> str:
    """``→ (None, 64) · 50,240``: the output shape and the parameters of a layer row (of each
    row made on the line, for a layer created in a loop)."""
    return "→ " + ", ".join(_row_label(row) for row in spot.rows or (spot.layer,))


def _row_label(layer: LayerReport) -> str:
    if layer.problem_kind == "unbuilt":
        return "? · 0 (unbuilt)"
    return f"{format_shape(layer.output_shape)} · {format_count(layer.params)}"


def _weight_shape(shape: tuple[object, ...]) -> str:
    inner = ", ".join(format_dim(d) for d in shape)  # type: ignore[arg-type]
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def layer_hover(spot: LayerSpot) -> str:
    """Markdown: the layer's shapes, its parameters (trainable / non-trainable), each weight and
    the formula, as ``paramlint explain`` gives them."""
    layer = spot.layer
    if len(spot.rows) > 1:
        return "\n\n---\n\n".join(
            layer_hover(LayerSpot(spot.line, spot.column, row, spot.model)) for row in spot.rows
        )
    lines = [
        f"**{layer.name}** ({layer.class_name}) in model `{spot.model.name}`",
        "",
        f"{format_shape(layer.input_shape)} → {format_shape(layer.output_shape)}",
        "",
    ]
    if layer.problem_kind is not None and layer.problem:
        lines += [f"*{layer.problem}*", ""]
    if layer.weights is None:
        lines.append("params unknown")
        return "\n".join(lines)
    lines.append(
        f"params: **{format_count(layer.params)}** (trainable {format_count(layer.trainable)}, "
        f"non-trainable {format_count(layer.non_trainable)})"
    )
    if layer.weights:
        lines.append("")
        lines += [
            f"- `{w.name}` {_weight_shape(tuple(w.shape))} = {format_count(w.count)}"
            for w in layer.weights
        ]
        formula = (
            layer_formula(layer.call, layer.input_shape)
            if layer.call is not None and layer.input_shape is not None
            else None
        )
        if formula is not None:
            lines += ["", f"= {formula.render()}"]
    return "\n".join(lines)


def model_hover(model: ModelResult) -> str:
    """Markdown: the model's totals and sizes, its budgets and how it stands against them."""
    judged = model.judged
    lines = [f"**{model_heading(model.found)}**", ""]
    if not judged.built and not judged.is_symbolic_twin:
        lines.append("unbuilt: Keras creates no weights until the model is built")
    for label, trainable in (("Total", None), ("Trainable", True), ("Non-trainable", False)):
        size = judged.weight_bytes(trainable, model.dtype)
        size_text = readable_bytes(size) if isinstance(size, int) else "size unknown"
        lines.append(f"- {label} params: {format_count(judged.total(trainable))} ({size_text})")
    budgets = model.budget_table()
    lines.append("")
    if budgets:
        lines.append("budgets: " + ", ".join(f"{k} = {v:,}" for k, v in budgets.items()))
    else:
        lines.append("budgets: none configured")
    lines.append(f"status: **{model.status}**")
    lines += [f"- {d.code} {d.message}" for d in model.diagnostics]
    return "\n".join(lines)


def model_lens(model: ModelResult) -> str:
    """The code lens over a model: ``1,199,882 params · 4.58 MB · budget 2,000,000``."""
    judged = model.judged
    if not judged.built and not judged.is_symbolic_twin:
        parts = ["unbuilt (no input shape)"]
    else:
        size = model.bytes
        parts = [
            f"{format_count(model.params)} params",
            readable_bytes(size) if isinstance(size, int) else "size unknown",
        ]
    if model.budgets.max_params is not None:
        parts.append(f"budget {model.budgets.max_params:,}")
    if model.status != "ok":
        parts.append(model.status)
    return " · ".join(parts)


def model_summary(model: ModelResult) -> str:
    """What the code lens's command shows: the Keras-style table of the model as judged."""
    return render_summary(model.judged, model.dtype)


@dataclass(frozen=True)
class Insertion:
    """Text to insert at a 1-based line and column of the buffer."""

    line: int
    column: int
    text: str


def input_insertion(analysis: BufferAnalysis, model: ModelResult) -> Insertion | None:
    """For a ``Sequential([...])`` that states no input while the config gives its
    ``input-shape``: ``keras.Input(shape=...)`` as the list's first element, spelt with the
    prefix the model's own call uses (``keras.``, ``tf.keras.``). None where that is not clear
    (no list, no prefix to reach ``Input`` by, a notebook opened as JSON)."""
    found, judged = model.found, model.judged
    if analysis.notebook or found.kind != "sequential" or found.built or not found.layers:
        return None
    shape = judged.input_shape
    if not judged.built or shape is None or not all(isinstance(d, int) for d in shape[1:]):
        return None
    lines = analysis.text.splitlines()
    start, first = found.position, found.layers[0].position
    if start.cell is not None or first.cell is not None or first.line > len(lines):
        return None
    between = "\n".join(lines[start.line - 1 : first.line])
    offset = start.column - 1
    end = len("\n".join(lines[start.line - 1 : first.line - 1])) + (first.line > start.line)
    head, before = between[offset:], between[offset : end + first.column - 1]
    match = re.match(r"((?:[A-Za-z_][A-Za-z0-9_]*\.)+)(?:models\.)?Sequential\s*\(", head)
    if match is None or not re.search(r"\(\s*(?:layers\s*=\s*)?\[\s*$", before):
        return None
    prefix = re.sub(r"models\.$", "", match.group(1))
    dims = ", ".join(str(d) for d in shape[1:])
    call = f"{prefix}Input(shape=({dims}{',' if len(shape) == 2 else ''}))"
    line_before = lines[first.line - 1][: first.column - 1]
    if line_before.strip():  # `Sequential([Dense(...), ...])` on one line
        return Insertion(first.line, first.column, f"{call}, ")
    return Insertion(first.line, first.column, f"{call},\n{line_before}")


_NOQA_CODES = re.compile(r"#\s*noqa:\s*[A-Z]+[0-9]*(?:[\s,]+[A-Z]+[0-9]*)*", re.IGNORECASE)
_BARE_NOQA = re.compile(r"#\s*noqa\b(?!:)", re.IGNORECASE)


def noqa_line(line: str, code: str) -> str | None:
    """The line with ``# noqa: CODE`` added (to its noqa comment if it has one); None if a bare
    ``# noqa`` already suppresses everything or the code is already listed."""
    line = line.rstrip("\r\n")
    match = _NOQA_CODES.search(line)
    if match is not None:
        if code.upper() in re.split(r"[\s,:]+", match.group(0).upper()):
            return None
        return line[: match.end()] + f", {code}" + line[match.end() :]
    if _BARE_NOQA.search(line):
        return None
    return f"{line.rstrip()}  # noqa: {code}"
