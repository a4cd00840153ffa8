"""`paramlint graph`: the diagram's boxes and edges are Keras's layers and connections.

Each model is built here in Keras too (paramlint only reads the text); the boxes must be its
layers (a shared layer once, a nested model as a cluster of its own layers), each labelled with
Keras's output shape and count, and the edges its layers' inbound tensors (a Sequential: the
chain). The DOT text is drawn by Graphviz's real ``dot``; the Mermaid text is checked for its
structure (no Mermaid parser installs offline here).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import keras
import pytest

from paramlint.analyzer.api import analyze_code
from paramlint.cli import main
from paramlint.graph import Diagram, Node, diagram, render_dot, render_mermaid

FUNCTIONAL = """\
import keras
from keras import layers

query = keras.Input(shape=(32,), name="query")
towers = layers.Dense(16, activation="relu", name="tower")   # shared by both branches
left = towers(query)
right = towers(layers.Dense(32, name="widen")(query))
projector = keras.Sequential([layers.Dense(8), layers.Dense(4, name="code")], name="projector")
joined = projector(layers.Concatenate(name="join")([left, right]))
score = layers.Dense(1, activation="sigmoid", name="score")(joined)
ranker = keras.Model(query, score, name="ranker")
"""

SEQUENTIAL = """\
import keras
from keras import layers

net = keras.Sequential(name="tabular")
net.add(keras.Input(shape=(12,)))
net.add(layers.Dense(48, activation="relu", name="hidden"))
net.add(layers.BatchNormalization(name="norm"))
net.add(layers.Dense(3, activation="softmax", name="classes"))
"""


@functools.cache
def keras_functional() -> keras.Model:
    from keras import layers

    keras.backend.clear_session()  # Keras's automatic names count from a fresh session, as a script's do
    query = keras.Input(shape=(32,), name="query")
    towers = layers.Dense(16, activation="relu", name="tower")
    left = towers(query)
    right = towers(layers.Dense(32, name="widen")(query))
    projector = keras.Sequential([layers.Dense(8), layers.Dense(4, name="code")], name="projector")
    joined = projector(layers.Concatenate(name="join")([left, right]))
    score = layers.Dense(1, activation="sigmoid", name="score")(joined)
    return keras.Model(query, score, name="ranker")


@functools.cache
def keras_sequential() -> keras.Model:
    from keras import layers

    net = keras.Sequential(name="tabular")
    net.add(keras.Input(shape=(12,)))
    net.add(layers.Dense(48, activation="relu", name="hidden"))
    net.add(layers.BatchNormalization(name="norm"))
    net.add(layers.Dense(3, activation="softmax", name="classes"))
    return net


def shape_text(shape: tuple[int | None, ...]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ")"


def model_diagram(code: str, name: str) -> Diagram:
    [model] = [m for m in analyze_code(code).models if m.keras_name == name]
    return diagram([model])


def all_nodes(drawn: Diagram) -> list[Node]:
    found = []
    stack = list(drawn.models)
    while stack:
        cluster = stack.pop()
        found += cluster.nodes
        stack += cluster.clusters
    return found


def keras_edges(model: keras.Model) -> Counter[tuple[str, str]]:
    """Keras's own connections between the model's layers: one per inbound tensor of each call."""
    names = {layer.name for layer in model.layers}
    edges: Counter[tuple[str, str]] = Counter()
    for layer in model.layers:
        for node in layer._inbound_nodes:
            for tensor in node.input_tensors:
                producer = tensor._keras_history.operation.name
                if producer in names:
                    edges[producer, layer.name] += 1
    return edges


def test_functional_boxes_are_keras_layers_and_edges_its_connections() -> None:
    model = keras_functional()
    drawn = model_diagram(FUNCTIONAL, "ranker")
    [cluster] = drawn.models
    [nested] = cluster.clusters
    assert nested.label.startswith("projector (Sequential)")
    assert f"{model.count_params():,} params" in cluster.label
    # Top-level boxes: every layer but the nested model, each once (the shared tower too).
    top = {node.name: node for node in cluster.nodes}
    assert sorted(top) == sorted(layer.name for layer in model.layers if layer.name != "projector")
    for layer in model.layers:
        if layer.name in top:
            node = top[layer.name]
            assert node.class_name == type(layer).__name__
            assert node.shape == shape_text(layer.output.shape)
            assert node.params.startswith(f"{layer.count_params():,} params")
    projector = model.get_layer("projector")
    assert [n.name for n in nested.nodes] == [layer.name for layer in projector.layers]
    assert [n.params for n in nested.nodes] == [
        f"{layer.count_params():,} params" for layer in projector.layers
    ]
    # Edges between top-level rows; an edge into or out of the cluster stands for the nested model.
    owner = {node.id: node.name for node in cluster.nodes}
    owner |= {node.id: "projector" for node in nested.nodes}
    drawn_edges = Counter(
        (owner[e.source], owner[e.target])
        for e in drawn.edges
        if owner[e.source] != owner[e.target] or e.source == e.target
    )
    assert drawn_edges == keras_edges(model)
    labels = sorted(e.label for e in drawn.edges if owner[e.source] == "tower")
    assert labels == ["[0][0]", "[1][0]"]  # the shared layer's two calls, as "Connected to" says
    inner = [(e.source, e.target) for e in drawn.edges if owner[e.source] == owner[e.target]]
    assert inner == [(nested.nodes[0].id, nested.nodes[1].id)]


def test_sequential_is_a_chain_from_its_input() -> None:
    model = keras_sequential()
    drawn = model_diagram(SEQUENTIAL, "tabular")
    [cluster] = drawn.models
    names = [node.name for node in cluster.nodes]
    assert names == ["input", *(layer.name for layer in model.layers)]
    assert cluster.nodes[0].shape == shape_text(model.input_shape)
    for node, layer in zip(cluster.nodes[1:], model.layers, strict=True):
        assert node.shape == shape_text(layer.output.shape)
        assert node.params.startswith(f"{layer.count_params():,} params")
    norm = model.get_layer("norm")
    frozen = sum(math.prod(w.shape) for w in norm.non_trainable_weights)
    assert f"({frozen:,} non-trainable)" in cluster.nodes[2].params
    ids = [node.id for node in cluster.nodes]
    assert [(e.source, e.target) for e in drawn.edges] == list(itertools.pairwise(ids))


MERMAID_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def mermaid_structure(text: str) -> tuple[set[str], set[str], list[tuple[str, str]]]:
    """Nodes, subgraphs and edges of a flowchart, checking the grammar this renderer uses."""
    lines = text.splitlines()
    assert lines[0] == "flowchart TB"
    nodes: set[str] = set()
    subgraphs: set[str] = set()
    edges = []
    depth = 0
    for line in lines[1:]:
        line = line.strip()
        if match := re.fullmatch(r'subgraph (\S+)\["[^"]*"\]', line):
            assert match[1] not in subgraphs | nodes and MERMAID_ID.match(match[1])
            subgraphs.add(match[1])
            depth += 1
        elif line == "end":
            depth -= 1
            assert depth >= 0
        elif line == "direction TB":
            assert depth > 0
        elif match := re.fullmatch(r'(\S+)\["[^"]*"\]', line):
            assert match[1] not in subgraphs | nodes and MERMAID_ID.match(match[1])
            nodes.add(match[1])
        elif match := re.fullmatch(r'(\S+) -->(?:\|"[^"]*"\|)? (\S+)', line):
            edges.append((match[1], match[2]))
        else:
            raise AssertionError(f"not a flowchart statement: {line!r}")
    assert depth == 0
    return nodes, subgraphs, edges


def test_mermaid_declares_every_box_once_and_edges_between_them() -> None:
    drawn = model_diagram(FUNCTIONAL, "ranker")
    nodes, subgraphs, edges = mermaid_structure(render_mermaid(drawn))
    assert nodes == {node.id for node in all_nodes(drawn)}
    assert subgraphs == {"m0", "m0_4"}
    assert edges == [(e.source, e.target) for e in drawn.edges]
    assert all(a in nodes and b in nodes for a, b in edges)


DOT = shutil.which("dot")
needs_dot = pytest.mark.skipif(
    DOT is None, reason="Graphviz's `dot` is not installed (apt-get install graphviz)"
)


@needs_dot
@pytest.mark.parametrize(("code", "name"), [(FUNCTIONAL, "ranker"), (SEQUENTIAL, "tabular")])
def test_graphviz_draws_the_dot_text(code: str, name: str) -> None:
    drawn = model_diagram(code, name)
    assert DOT is not None
    done = subprocess.run(
        [DOT, "-Tsvg"], input=render_dot(drawn, name), capture_output=True, text=True, check=True
    )
    assert done.stderr == ""  # no syntax error nor warning (an lhead to a missing cluster warns)
    svg = done.stdout
    assert svg.count('class="node"') == len(all_nodes(drawn))
    assert svg.count('class="edge"') == len(drawn.edges)
    assert svg.count('class="cluster"') == 1 + sum(len(c.clusters) for c in drawn.models)
    for node in all_nodes(drawn):
        assert f">{node.name} ({node.class_name})</text>" in svg


@needs_dot
def test_cli_writes_a_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "ranker.py"
    script.write_text(FUNCTIONAL)
    out = tmp_path / "ranker.png"
    assert main(["graph", f"{script}:11", "--format", "png", "--output", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_cli_names_graphviz_when_dot_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "net.py"
    script.write_text(SEQUENTIAL)
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` there
    assert main(["graph", str(script), "--format", "svg", "-o", str(tmp_path / "x.svg")]) == 2
    assert "`graphviz` package" in capsys.readouterr().err
    assert main(["graph", str(script), "--format", "mermaid"]) == 0
    assert capsys.readouterr().out.startswith("flowchart TB\n")


def test_readme_example_is_what_graph_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    match = re.search(r"\$ paramlint graph tabular.py --format mermaid\n(.*?)```", readme, re.S)
    assert match, "README.md lost its graph example"
    (tmp_path / "tabular.py").write_text(SEQUENTIAL)
    assert main(["graph", str(tmp_path / "tabular.py"), "--format", "mermaid"]) == 0
    assert capsys.readouterr().out == match[1]


@needs_dot
def test_graphviz_draws_every_fixture_model() -> None:
    """Every model of the bundled fixtures (scripts, notebooks, nested and frozen models) in one
    diagram: Graphviz reads it without a warning and draws a box per row."""
    from paramlint.analyzer.api import analyze_file

    root = Path(__file__).resolve().parents[1] / "fixtures"
    files = sorted([*root.rglob("*.py"), *root.rglob("*.ipynb")])
    models = [model for file in files for model in analyze_file(file).models]
    assert len(models) > 20
    drawn = diagram(models)
    assert DOT is not None
    done = subprocess.run(
        [DOT, "-Tsvg"], input=render_dot(drawn), capture_output=True, text=True, check=True
    )
    assert done.stderr == ""
    assert done.stdout.count('class="node"') == len(all_nodes(drawn))
    assert done.stdout.count('class="edge"') == len(drawn.edges)
