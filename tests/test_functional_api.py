"""Functional models, snippet by snippet, against real Keras 3 (the oracle runs the same code).

Each snippet is our own test code: paramlint analyses it statically; Keras executes it, and every
row of the functional model (name, class, output shape, params, "Connected to") must agree.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import pytest

from paramlint.analyzer.api import analyze_code

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")


def keras_rows(code: str, variable: str) -> tuple[str, list[tuple[Any, ...]], int]:
    namespace: dict[str, Any] = {"__name__": "__main__"}  # run as a script, as paramlint reads it
    code = code.replace("from tensorflow import keras", "import keras")
    code = code.replace("tensorflow.keras", "keras")  # TensorFlow is not installed: same API
    keras.backend.clear_session()  # names restart at "dense" as in a fresh file
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(code, "snippet.py", "exec"), namespace)  # our own snippet, not user code
    model = namespace[variable]
    own = {id(n) for nodes in model._nodes_by_depth.values() for n in nodes}
    rows = []
    for op in model._operations:
        inbound = [
            (
                t._keras_history.operation.name,
                t._keras_history.node_index,
                t._keras_history.tensor_index,
            )
            for node in op._inbound_nodes
            if id(node) in own
            for t in node.input_tensors
        ]
        shape = tuple(op._inbound_nodes[-1].output_tensors[0].shape)
        rows.append((op.name, type(op).__name__, shape, op.count_params(), inbound))
    return model.name, rows, model.count_params()


def paramlint_rows(code: str, variable: str) -> tuple[str, list[tuple[Any, ...]], object]:
    (model,) = [m for m in analyze_code(code).models if m.variable == variable]
    rows = [
        (r.name, r.class_name, r.output_shape, r.params, list(r.inbound or []))
        for r in model.layers
    ]
    return model.keras_name, rows, model.total()


SNIPPETS = {
    "shared layer, two inputs": (
        "import keras\nfrom keras import layers\n"
        "shared = layers.Dense(8, activation='relu')\n"
        "left, right = keras.Input((5,), name='left'), keras.Input((5,), name='right')\n"
        "a = shared(layers.Dense(4)(left))\n"
        "b = shared(layers.Dense(4)(right))\n"
        "out = layers.Dense(1)(a)\n"
        "model = keras.Model(inputs=[left, right], outputs=[out, layers.Dense(2)(b)])\n"
    ),
    "conv blocks from a helper in a loop": (
        "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
        "def block(x, filters):\n"
        "    x = layers.Conv2D(filters, 3, padding='same')(x)\n"
        "    x = layers.BatchNormalization()(x)\n"
        "    return layers.MaxPooling2D()(x)\n"
        "inputs = keras.Input(shape=(32, 32, 3))\nx = inputs\n"
        "for f in (16, 32):\n    x = block(x, f)\n"
        "x = layers.Dense(x.shape[-1] * 2)(layers.Flatten()(x))\n"
        "model = keras.Model(inputs, layers.Dense(10)(x), name='cnn')\n"
    ),
    "built under if __name__ == '__main__'": (
        "import keras\nfrom keras import layers\n"
        "def build(n_features, n_classes=3):\n"
        "    inputs = keras.Input((n_features,), name='features')\n"
        "    x = layers.Dense(32, activation='relu')(inputs)\n"
        "    return keras.Model(inputs, layers.Dense(n_classes, activation='softmax')(x))\n"
        "if __name__ == '__main__':\n"
        "    model = build(12)\n"
    ),
    "models called as layers": (
        "import keras\nfrom keras import layers\n"
        "enc_in = keras.Input((784,))\nencoder = keras.Model(enc_in, layers.Dense(32)(enc_in))\n"
        "head = keras.Sequential([keras.Input((32,)), layers.Dense(784)])\n"
        "x = keras.Input((784,))\nmodel = keras.Model(x, head(encoder(x)))\n"
    ),
}


@pytest.mark.parametrize("name", SNIPPETS)
def test_functional_model_matches_keras(name: str) -> None:
    code = SNIPPETS[name]
    assert paramlint_rows(code, "model") == keras_rows(code, "model")


def test_layer_on_an_unknown_tensor_leaves_the_model_uncertain() -> None:
    code = (
        "import keras\nfrom keras import layers\nimport hub\n"
        "inputs = keras.Input((128,))\n"
        "features = hub.embed(inputs)\n"
        "model = keras.Model(inputs, layers.Dense(3)(features))\n"
    )
    (model,) = analyze_code(code).models
    assert not model.complete and model.total() is None
    assert any("cannot follow" in reason for reason, _ in model.uncertain)


def test_a_report_with_tensor_operations_pickles() -> None:
    """Workers of a parallel scan and the cache send reports as pickles: operation specs made
    for `x + y`, `keras.ops.mean` must be importable by name (a real scan crashed on this)."""
    import pickle

    code = (
        "import keras\nfrom keras import layers\n"
        "x = keras.Input((4,))\n"
        "y = keras.ops.mean(layers.Dense(4)(x) + x, axis=-1, keepdims=True) * 2\n"
        "model = keras.Model(x, y)\n"
    )
    report = analyze_code(code)
    again = pickle.loads(pickle.dumps(report))
    assert [m.total() for m in again.models] == [m.total() for m in report.models]
    assert {r.class_name for r in again.models[0].layers} >= {"Add", "Mean", "Multiply"}


def test_an_input_of_unknown_shape_is_an_unknown_row_not_a_crash() -> None:
    """keras.applications' own sources build `layers.Input(shape=input_shape)` from a parameter:
    a scan of the keras package crashed on them."""
    code = (
        "import keras\nfrom keras import layers\n"
        "def build(input_shape):\n"
        "    inputs = layers.Input(shape=input_shape)\n"
        "    return keras.Model(inputs, layers.Dense(3)(inputs))\n"
    )
    (model,) = analyze_code(code).models
    first = model.layers[0]
    assert first.class_name == "InputLayer" and first.problem_kind == "unresolved"
    assert not model.complete
