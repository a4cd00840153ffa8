"""A model's layers and connections as a diagram: Graphviz DOT or Mermaid text.

Each layer row is one box (class, output shape, parameters): a shared layer is one box with an
edge from every tensor it was called on, as Keras's "Connected to" column lists them; a nested
model is a cluster holding its own layers. A functional model's edges come from each row's
``inbound`` tensors, a Sequential's layers are a chain. Several models are drawn side by side,
each in its own cluster. Nothing here runs Graphviz: :mod:`paramlint.commands.graph` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .analyzer.dims import format_count
from .analyzer.infer import LayerReport, ModelReport
from .render import format_shape


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    class_name: str
    shape: str
    params: str


@dataclass
class Cluster:
    id: str
    label: str
    nodes: list[Node] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str = ""
    target_cluster: str | None = None  # the edge enters this cluster (DOT draws it to its border)
    source_cluster: str | None = None  # the edge leaves this cluster


@dataclass
class Diagram:
    models: list[Cluster] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


@dataclass
class _Placed:
    """Where a row's tensors come in and go out: its box, or a nested model's first / last."""

    entries: list[str]
    exit: str
    cluster: str | None = None


def model_label(model: ModelReport) -> str:
    kind = "Functional" if model.kind == "functional" else "Sequential"
    if model.kind not in ("functional", "sequential"):
        kind = model.kind.capitalize()
    total = model.total()
    params = format_count(total) if total is not None else "?"
    return f"{model.display_name} ({kind}) · {params} params"


def diagram(models: Sequence[ModelReport]) -> Diagram:
    """Every model, each a cluster of its layers, and the edges between the layers."""
    result = Diagram()
    for index, model in enumerate(models):
        cluster = Cluster(f"m{index}", model_label(model))
        _place_model(model, cluster, result.edges, top=True)
        result.models.append(cluster)
    return result


def _place_model(
    model: ModelReport, cluster: Cluster, edges: list[Edge], top: bool = False
) -> _Placed | None:
    """Place the model's rows in the cluster and add their edges; a Sequential drawn on its own
    starts with a box for its input (nested, its input is the tensor it is called on)."""
    placed: dict[str, _Placed] = {}
    order: list[_Placed] = []
    with_input = _has_input_box(model, top)
    # Layers called more than once: every edge from them names the call, as "Connected to" does.
    shared = {p for row in model.layers for p, node, _ in row.inbound or () if node > 0}
    if with_input:
        node = Node(f"{cluster.id}_input", "input", "Input", format_shape(model.input_shape), "")
        cluster.nodes.append(node)
        order.append(_Placed([node.id], node.id))
    for index, layer in enumerate(model.layers):
        here = _place_row(layer, f"{cluster.id}_{index}", cluster, edges)
        placed.setdefault(layer.name, here)
        if layer.inbound is None:  # a Sequential (or a subclassed model's tracked layers): a chain
            if order and model.kind == "sequential":
                _connect(edges, order[-1], here, 0, "")
        else:
            for slot, (producer, node_index, tensor_index) in enumerate(layer.inbound):
                source = placed.get(producer)
                if source is None:
                    continue  # a tensor of an unknown producer: no edge rather than a wrong one
                named = producer in shared or tensor_index > 0
                label = f"[{node_index}][{tensor_index}]" if named else ""
                _connect(edges, source, here, slot, label)
        order.append(here)
    if not order:
        return None
    rows: list[LayerReport | None] = [None] * with_input + list(model.layers)
    entries = [p.entries[0] for p, row in zip(order, rows, strict=True) if _is_input(row)]
    return _Placed(entries or order[0].entries, order[-1].exit, cluster.id)


def _has_input_box(model: ModelReport, top: bool) -> bool:
    return (
        top and model.kind == "sequential" and bool(model.layers) and model.input_shape is not None
    )


def _is_input(layer: LayerReport | None) -> bool:
    return layer is not None and layer.inbound == [] and layer.class_name == "InputLayer"


def _place_row(layer: LayerReport, node_id: str, cluster: Cluster, edges: list[Edge]) -> _Placed:
    nested = layer.nested
    if nested is not None and nested.layers:
        inner = Cluster(node_id, model_label(nested))
        placed = _place_model(nested, inner, edges)
        if placed is not None:
            cluster.clusters.append(inner)
            return placed
    cluster.nodes.append(_node(layer, node_id))
    return _Placed([node_id], node_id)


def _connect(edges: list[Edge], source: _Placed, target: _Placed, slot: int, label: str) -> None:
    entry = target.entries[slot] if slot < len(target.entries) else target.entries[0]
    edges.append(Edge(source.exit, entry, label, target.cluster, source.cluster))


def _node(layer: LayerReport, node_id: str) -> Node:
    if layer.problem_kind == "unbuilt":
        shape, params = "?", "0 params (unbuilt)"
    else:
        shape = format_shape(layer.output_shape)
        if len(layer.output_shapes) > 1:
            shape = "[" + ", ".join(format_shape(s) for s in layer.output_shapes) + "]"
        params = f"{format_count(layer.params)} params"
        frozen = layer.non_trainable
        if frozen and frozen != 0:
            params += f" ({format_count(frozen)} non-trainable)"
    return Node(node_id, layer.name, layer.class_name, shape, params)


# -- DOT ----------------------------------------------------------------------------------


def _dot_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped + '"'


def render_dot(diagram: Diagram, title: str = "paramlint") -> str:
    lines = [
        f"digraph {_dot_string(title)} {{",
        '  graph [rankdir=TB, compound=true, fontname="Helvetica", fontsize=12];',
        '  node [shape=box, style="rounded,filled", fillcolor="#f5f7fa", fontname="Helvetica", '
        "fontsize=10];",
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for cluster in diagram.models:
        lines += _dot_cluster(cluster, "  ")
    for edge in diagram.edges:
        attributes = []
        if edge.label:
            attributes.append(f"label={_dot_string(edge.label)}")
        if edge.target_cluster and edge.target_cluster != edge.source_cluster:
            attributes.append(f'lhead="cluster_{edge.target_cluster}"')
        if edge.source_cluster and edge.source_cluster != edge.target_cluster:
            attributes.append(f'ltail="cluster_{edge.source_cluster}"')
        suffix = f" [{', '.join(attributes)}]" if attributes else ""
        lines.append(f"  {_dot_string(edge.source)} -> {_dot_string(edge.target)}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_cluster(cluster: Cluster, indent: str) -> list[str]:
    lines = [
        f"{indent}subgraph {_dot_string('cluster_' + cluster.id)} {{",
        f"{indent}  label={_dot_string(cluster.label)};",
        f'{indent}  style="rounded"; color="#8899aa";',
    ]
    for node in cluster.nodes:
        label = "\n".join(
            part for part in (f"{node.name} ({node.class_name})", node.shape, node.params) if part
        )
        lines.append(f"{indent}  {_dot_string(node.id)} [label={_dot_string(label)}];")
    for inner in cluster.clusters:
        lines += _dot_cluster(inner, indent + "  ")
    lines.append(f"{indent}}}")
    return lines


# -- Mermaid ------------------------------------------------------------------------------


def _mermaid_text(text: str) -> str:
    return '"' + text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;") + '"'


def render_mermaid(diagram: Diagram) -> str:
    lines = ["flowchart TB"]
    for cluster in diagram.models:
        lines += _mermaid_cluster(cluster, "  ")
    for edge in diagram.edges:
        arrow = f" -->|{_mermaid_text(edge.label)}| " if edge.label else " --> "
        lines.append(f"  {edge.source}{arrow}{edge.target}")
    return "\n".join(lines) + "\n"


def _mermaid_cluster(cluster: Cluster, indent: str) -> list[str]:
    lines = [
        f"{indent}subgraph {cluster.id}[{_mermaid_text(cluster.label)}]",
        f"{indent}  direction TB",
    ]
    for node in cluster.nodes:
        parts = [f"{node.name} ({node.class_name})", node.shape, node.params]
        label = _mermaid_text("\n".join(p for p in parts if p)).replace("\n", "<br/>")
        lines.append(f"{indent}  {node.id}[{label}]")
    for inner in cluster.clusters:
        lines += _mermaid_cluster(inner, indent + "  ")
    lines.append(f"{indent}end")
    return lines
