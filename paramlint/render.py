"""Turning reports into text: the Keras-style summary table, weight explanations, and JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .analyzer.api import FileReport
from .analyzer.dims import Dim, FloorDiv, Poly, Shape, Symbol, format_count, format_dim
from .analyzer.explain import Formula, layer_formula
from .analyzer.infer import LayerReport, ModelReport
from .analyzer.layers.base import DTYPE_BYTES
from .analyzer.source import Position
from .analyzer.trainable import both, current_flag, why_split_unknown
from .analyzer.values import Unknown
from .summary_table import SummaryOptions, layer_index_bounds
from .summary_table import table as _table

JSON_SCHEMA_VERSION = 1


def readable_bytes(size: int) -> str:
    """Keras's ``readable_memory_size``: 1024-based, two decimals."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if value / 1024 < 1:
            return f"{value:.2f} {unit}"
        value /= 1024
    return f"{value:.2f} PB"


def format_shape(shape: Shape | None) -> str:
    if shape is None:
        return "?"
    return "(" + ", ".join(format_dim(d) for d in shape) + ")"


def format_output(layer: LayerReport) -> str:
    """Keras's ``format_layer_shape``: one shape, or the list of a layer's outputs
    (``[(None, 256), (None, 256), (None, 256)]`` for an LSTM returning its states)."""
    if len(layer.output_shapes) > 1:
        return "[" + ", ".join(format_shape(s) for s in layer.output_shapes) + "]"
    return format_shape(layer.output_shape)


def model_heading(model: ModelReport) -> str:
    where = f"{model.path}:{model.position.render()}"
    label = model.display_name
    if model.function:
        label = f"{model.function}(): {label}"
    heading = f'Model: "{model.keras_name}" ({label} at {where})'
    if model.occurrence:
        heading += f" [built again, #{model.occurrence + 1}]"
    return heading


# -- summary ----------------------------------------------------------------------------------


def render_summary(
    model: ModelReport, dtype: str | None = None, options: SummaryOptions | None = None
) -> str:
    """The model's table as ``model.summary(**options)`` prints it (captured: no colours); a
    ``layer_range`` that matches no layer raises ValueError with Keras's message. ``flops``
    (paramlint's own) adds each layer's FLOPs and the model's FLOPs and MACs."""
    options = options or SummaryOptions()
    lines = [model_heading(model)]
    if model.defaults_used:
        lines.append(
            f"  analysed with the defaults of {model.function}(): {', '.join(model.defaults_used)}"
        )
    footnotes: list[str] = []
    start, stop = layer_index_bounds([layer.name for layer in model.layers], options.layer_range)
    connected = not sequential_like(model)
    rows = [
        row
        for layer in model.layers[start:stop]
        for row in _layer_rows(layer, model, footnotes, options, connected)
    ]
    header = ["Layer (type)", "Output Shape", "Param #"]
    if connected:
        header.append("Connected to")
    if options.show_trainable:
        header.append("Trainable")
    if options.flops:
        header.append("FLOPs")
    lines += _table(tuple(header), rows, options)
    lines += _totals(model, dtype)
    if options.flops:
        lines.append(
            f" Total FLOPs: {format_count(model.flops())} (MACs: {format_count(model.macs())})"
        )
    for message, position, _ in model.errors:
        footnotes.append(f"Keras refuses the model at {position.render()}: {message}")
    for reason, position in model.uncertain:
        footnotes.append(f"structure uncertain at {position.render()}: {reason}")
    split = why_split_unknown(model.trainable_flag, model.layers) if model.complete else None
    if split is not None:
        where = f" at {split.position.render()}" if split.position is not None else ""
        footnotes.append(f"trainable / non-trainable split unknown{where}: {split.reason}")
    if not model.built:
        footnotes.append(
            "the model states no input shape, so Keras leaves it unbuilt "
            "(add keras.Input(shape=...) as the first layer, or call model.build(...))"
        )
    lines += [f"  [{i}] {note}" for i, note in enumerate(footnotes, start=1)]
    lines += _symbol_notes(model)
    if model.symbolic is not None:
        lines += _symbolic_section(model.symbolic, dtype)
    return "\n".join(lines)


def sequential_like(model: ModelReport) -> bool:
    """Keras's test for printing a model without the "Connected to" column: a Sequential, or a
    functional chain (one node per depth, one input tensor per node, no shared layer)."""
    if model.kind != "functional":
        return True
    return model.chain


def _connections(layer: LayerReport) -> str:
    """Keras's "Connected to": each input tensor as ``layer[node][tensor]``, ``-`` for none."""
    parts = [f"{name}[{node}][{tensor}]" for name, node, tensor in layer.inbound or []]
    return ", ".join(parts) or "-"


def model_symbols(model: ModelReport) -> list[Symbol]:
    """The symbols a model's numbers depend on, in order of first appearance."""
    found: dict[str, Symbol] = {}
    for layer in model.layers:
        dims: list[Dim] = [*(layer.output_shape or ()), layer.params]
        for dim in dims:
            if isinstance(dim, Poly):
                for symbol in sorted(dim.symbols(), key=lambda s: s.name):
                    found.setdefault(symbol.name, symbol)
    return list(found.values())


def _symbol_notes(model: ModelReport) -> list[str]:
    notes = []
    for symbol in model_symbols(model):
        where = f" (at {symbol.position.render()})" if isinstance(symbol.position, Position) else ""
        notes.append(f"  {symbol.name}: {symbol.reason or 'unknown'}{where}")
    return ["  where the symbols are:", *notes] if notes else []


def _symbolic_section(twin: ModelReport, dtype: str | None) -> list[str]:
    """What Keras would count once the model is built: formulas in the input's sizes."""
    lines = [
        f"Once built on an input of shape {format_shape(twin.input_shape)} ({twin.input_assumption}):"
    ]
    footnotes: list[str] = []
    rows: list[tuple[str, ...]] = [_summary_row(layer, twin, footnotes) for layer in twin.layers]
    lines += _table(("Layer (type)", "Output Shape", "Param #"), rows)
    lines += _totals(twin, dtype)
    lines += [f"  [{i}] {note}" for i, note in enumerate(footnotes, start=1)]
    return lines + _symbol_notes(twin)


def _layer_rows(
    layer: LayerReport,
    model: ModelReport,
    footnotes: list[str],
    options: SummaryOptions,
    connected: bool,
    level: int = 0,
) -> list[tuple[str, ...]]:
    """Keras's ``print_layer``: the layer's row, then (``expand_nested``) its own layers' rows,
    each level indented by three spaces and marked ``└ ``."""
    row = _summary_row(layer, model, footnotes)
    if level:
        row = ("   " * level + "└ " + row[0], *row[1:])
    if connected:  # a nested model's own layers have no node in this graph: "-"
        row = (*row, _connections(layer) if not level else "-")
    if options.show_trainable:
        row = (*row, _trainable_mark(layer))
    if options.flops:
        row = (*row, format_count(layer.flops))
    rows = [row]
    if options.expand_nested and layer.nested is not None:
        for inner in layer.nested.layers:
            rows += _layer_rows(inner, layer.nested, footnotes, options, connected, level + 1)
    return rows


def _trainable_mark(layer: LayerReport) -> str:
    """Keras's "Trainable" cell: the layer's own ``trainable`` flag, Y or N, for a layer with
    weights (trainable or not), "-" without; "?" where the weights or the flag are unknown."""
    flag = current_flag(layer.call) if layer.call is not None else None
    if flag is None:  # a nested model's row, or a wrapper: the row's own flag
        flag = layer.trainable_flag
    if layer.weights is None or isinstance(flag, Unknown):
        return "?"
    if not layer.weights:
        return "-"
    return "Y" if flag else "N"


def _summary_row(layer: LayerReport, model: ModelReport, footnotes: list[str]) -> tuple[str, ...]:
    name = f"{layer.name} ({layer.class_name})"
    if layer.problem_kind == "unbuilt":
        return name, "?", "0 (unbuilt)"
    params = format_count(layer.params)
    shape = format_output(layer)
    if layer.problem_kind is not None and layer.problem_kind != "after-unknown":
        footnotes.append(f"{layer.name} at {layer.position.render()}: {layer.problem}")
        marker = f" [{len(footnotes)}]"
        shape += marker
        params += marker
    return name, shape, params


def _totals(model: ModelReport, dtype: str | None) -> list[str]:
    lines = []
    for label, trainable in (("Total", None), ("Trainable", True), ("Non-trainable", False)):
        if not model.built and not model.is_symbolic_twin:
            lines.append(f" {label} params: 0 (unbuilt)")
            continue
        count = model.total(trainable)
        size = model.weight_bytes(trainable, dtype)
        if isinstance(size, int):
            size_text = readable_bytes(size)
        else:
            size_text = "size unknown" if size is None else f"{size} bytes"
        lines.append(f" {label} params: {format_count(count)} ({size_text})")
    return lines


# -- explain ----------------------------------------------------------------------------------


def render_explain(model: ModelReport, assumed: Mapping[str, int] | None = None) -> str:
    """Each layer's weights and its count as a formula; ``assumed``: the values the config's
    ``assume`` gave symbols (already put into the counts), named in the formulas."""
    lines = [model_heading(model)]
    if not model.built:
        lines.append("  no input shape: Keras creates no weights until the model is built")
        if model.symbolic is None:
            return "\n".join(lines)
        model = model.symbolic
    if model.input_assumption:
        lines.append(f"  input {format_shape(model.input_shape)}: {model.input_assumption}")
    for layer in model.layers:
        where = layer.position.render()
        lines.append(
            f"  {layer.name} ({layer.class_name}) at {where}: "
            f"{format_shape(layer.input_shape)} -> {format_shape(layer.output_shape)}"
        )
        if layer.weights is None:
            lines.append(f"    params unknown: {layer.problem}")
            continue
        if not layer.weights:
            lines.append("    no weights -> 0")
            continue
        parts = [
            f"{w.name} {_weight_shape(w.shape)} = {format_count(w.count)}" for w in layer.weights
        ]
        lines.append(f"    {', '.join(parts)} -> {format_count(layer.params)}")
        formula = _formula(layer, assumed or {})
        if formula is not None:
            lines.append(f"    = {formula.render()}")
        split = why_split_unknown(layer.trainable_flag, layer.nested.layers if layer.nested else ())
        if layer.trainable is None and split is not None:
            lines.append(f"    trainable / non-trainable split unknown: {split.reason}")
        elif layer.non_trainable:
            frozen = ", ".join(
                w.name for w in layer.weights if both(w.trainable, layer.trainable_flag) is False
            )
            lines.append(
                f"    trainable {format_count(layer.trainable)}, "
                f"non-trainable {format_count(layer.non_trainable)} ({frozen})"
            )
    if model.complete:
        lines.append(f"  total: {format_count(model.total())}")
    return "\n".join(lines)


def _formula(layer: LayerReport, assumed: Mapping[str, int]) -> Formula | None:
    if layer.call is None or layer.input_shape is None:
        return None
    formula = layer_formula(layer.call, layer.input_shape)
    if formula is None or not assumed or not isinstance(formula.params, Poly):
        return formula
    used = {symbol.name for symbol in formula.params.symbols()}
    given = {name: value for name, value in assumed.items() if name in used}
    return replace(formula, values={**given, **formula.values}) if given else formula


def _weight_shape(shape: Shape) -> str:
    inner = ", ".join(format_dim(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


# -- JSON -------------------------------------------------------------------------------------


def dim_json(dim: Dim | None) -> Any:
    """An int, null, or a symbolic size as its expression and its terms."""
    if dim is None or isinstance(dim, int):
        return dim
    return poly_json(dim)


def poly_json(poly: Poly) -> dict[str, Any]:
    terms = []
    for monomial, coefficient in poly.sorted_terms():
        factors = {(a.render() if isinstance(a, FloorDiv) else a.name): p for a, p in monomial}
        terms.append({"coefficient": coefficient, "factors": factors})
    symbols = sorted(s.name for s in poly.symbols())
    return {"expression": str(poly), "terms": terms, "symbols": symbols}


def position_json(position: Position | None) -> dict[str, Any] | None:
    if position is None:
        return None
    return {"line": position.line, "column": position.column, "cell": position.cell}


def shape_json(shape: Shape | None) -> list[Any] | None:
    return None if shape is None else [dim_json(d) for d in shape]


def layer_json(layer: LayerReport) -> dict[str, Any]:
    return {
        "name": layer.name,
        "class": layer.class_name,
        "position": position_json(layer.position),
        "input_shape": shape_json(layer.input_shape),
        "output_shape": shape_json(layer.output_shape),
        "params": dim_json(layer.params),
        "trainable": dim_json(layer.trainable),
        "non_trainable": dim_json(layer.non_trainable),
        "flops": dim_json(layer.flops),
        "macs": dim_json(layer.macs),
        "weights": None
        if layer.weights is None
        else [
            {
                "name": w.name,
                "shape": shape_json(w.shape),
                "trainable": w.trainable,
                "dtype": w.dtype,
                "count": dim_json(w.count),
            }
            for w in layer.weights
        ],
        "problem": None
        if layer.problem_kind is None
        else {"kind": layer.problem_kind, "message": layer.problem},
        "inbound": None
        if layer.inbound is None
        else [{"layer": n, "node_index": i, "tensor_index": t} for n, i, t in layer.inbound],
    }


def model_json(model: ModelReport, dtype: str | None = None) -> dict[str, Any]:
    return {
        "name": model.keras_name,
        "variable": model.variable,
        "function": model.function,
        "defaults_used": list(model.defaults_used),
        "position": position_json(model.position),
        "occurrence": model.occurrence,
        "built": model.built,
        "complete": model.complete,
        "input_shape": shape_json(model.input_shape),
        "kind": model.kind,
        "inputs": [shape_json(shape) for shape in model.inputs],
        "outputs": [shape_json(shape) for shape in model.outputs],
        "errors": [
            {"message": m, "position": position_json(p), "type": t} for m, p, t in model.errors
        ],
        "layers": [layer_json(layer) for layer in model.layers],
        "totals": {
            "params": dim_json(model.total()),
            "trainable": dim_json(model.total(True)),
            "non_trainable": dim_json(model.total(False)),
            "bytes": dim_json(model.weight_bytes(None, dtype)),
            "flops": dim_json(model.flops()),
            "macs": dim_json(model.macs()),
        },
        "uncertain": [{"message": m, "position": position_json(p)} for m, p in model.uncertain],
    }


def file_json(report: FileReport, dtype: str | None = None) -> dict[str, Any]:
    return {
        "path": report.path,
        "error": report.error,
        "notes": [
            {"kind": k, "message": m, "position": position_json(p)} for k, m, p in report.notes
        ],
        "models": [model_json(m, dtype) for m in report.models],
    }


def known_dtypes() -> list[str]:
    return sorted(DTYPE_BYTES)
