"""Layer and model classes defined in the analysed code, against real Keras 3.

paramlint follows ``__init__``, ``build`` (``add_weight``) and ``call`` statically; Keras runs
the same snippet (our own test code), and every layer row and total must agree, or paramlint must
say unknown.
"""

from __future__ import annotations

import math
import os
import warnings
from typing import Any

import pytest

from paramlint.analyzer.api import analyze_code

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

LAYERS = """
import keras
from keras import layers


class ResidualUnit(layers.Layer):
    def __init__(self, filters, strides=1, activation="relu", **kwargs):
        super().__init__(**kwargs)
        self.main_layers = [
            layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False),
            layers.BatchNormalization(),
            layers.Activation(activation),
            layers.Conv2D(filters, 3, padding="same", use_bias=False),
            layers.BatchNormalization(),
        ]
        self.skip_layers = []
        if strides > 1:
            self.skip_layers = [
                layers.Conv2D(filters, 1, strides=strides, use_bias=False),
                layers.BatchNormalization(),
            ]

    def call(self, inputs):
        z = inputs
        for layer in self.main_layers:
            z = layer(z)
        skip = inputs
        for layer in self.skip_layers:
            skip = layer(skip)
        return self.main_layers[2](z)


class Scaled(layers.Layer):
    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")
        self.count = self.add_weight(shape=(), trainable=False, dtype="int32", name="count")

    def call(self, inputs):
        return inputs


class MCDropout(layers.Dropout):
    def call(self, inputs):
        return super().call(inputs, training=True)


class DenseBlock(layers.Layer):
    def __init__(self, units, depth=2, **kwargs):
        super().__init__(**kwargs)
        self.blocks = [layers.Dense(units, activation="relu") for _ in range(depth)]
        self.norm = layers.LayerNormalization()

    def call(self, x):
        for block in self.blocks:
            x = block(x)
        return self.norm(x)
"""

SNIPPETS = {
    "a Sequential with residual units, a frozen-stat weight and MC dropout": LAYERS
    + """
model = keras.Sequential([
    keras.Input((32, 32, 3)),
    layers.Conv2D(16, 3),
    ResidualUnit(32, strides=2),
    ResidualUnit(32),
    layers.GlobalAveragePooling2D(),
    Scaled(),
    MCDropout(0.3),
    layers.Dense(10),
])
""",
    "custom layers in a functional graph": LAYERS
    + """
inputs = keras.Input((20,))
x = DenseBlock(16, depth=3, name="trunk")(inputs)
x = Scaled()(x)
model = keras.Model(inputs, layers.Dense(1)(x))
""",
    "a subclassed model called on an Input": LAYERS
    + """
class Tower(keras.Model):
    def __init__(self, units=30, **kwargs):
        super().__init__(**kwargs)
        self.norm = layers.Normalization()
        self.hidden = [layers.Dense(units, activation="relu") for _ in range(2)]
        self.block = DenseBlock(8)
        self.out = layers.Dense(1)

    def call(self, inputs):
        x = self.norm(inputs)
        for layer in self.hidden:
            x = layer(x)
        return self.out(self.block(x))


model = Tower(units=12, name="tower")
model(keras.Input((5,)))
""",
    "compute_output_shape that edits a list item (shape[-1] *= 2)": LAYERS
    + """
from keras import ops


class Antirectifier(layers.Layer):
    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        shape[-1] *= 2
        return tuple(shape)

    def call(self, inputs):
        pos = ops.relu(inputs)
        return ops.concatenate([pos, ops.relu(-inputs)], axis=1)


model = keras.Sequential([keras.Input((784,)), layers.Dense(256), Antirectifier(), layers.Dense(10)])
""",
    "a subclassed model only built with build()": LAYERS
    + """
class Tower(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(4)

    def call(self, inputs):
        return self.hidden(inputs)


model = Tower()
model.build((None, 8))
""",
}


def keras_facts(code: str) -> tuple[str, list[tuple[str, str, int]], int, int]:
    keras.backend.clear_session()
    namespace: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(code, "snippet.py", "exec"), namespace)  # our own snippet
    model = namespace["model"]
    rows = [
        (layer.name, type(layer).__name__, layer.count_params() if layer.built else 0)
        for layer in (model._operations if hasattr(model, "_operations") else model.layers)
    ]
    trainable = sum(math.prod(w.shape) for w in model.trainable_weights)
    return model.name, rows, model.count_params(), trainable


def paramlint_facts(code: str) -> tuple[str, list[tuple[str, str, object]], object, object]:
    reports = [m for m in analyze_code(code).models if m.variable == "model"]
    model = reports[-1]
    rows = [(r.name, r.class_name, r.params) for r in model.layers]
    return model.keras_name, rows, model.total(), model.total(True)


@pytest.mark.parametrize("name", SNIPPETS)
def test_user_classes_match_keras(name: str) -> None:
    code = SNIPPETS[name]
    assert paramlint_facts(code) == keras_facts(code)


def test_a_call_paramlint_cannot_follow_leaves_the_layer_unknown() -> None:
    code = LAYERS + (
        "import some_addon\n"
        "class Gate(layers.Layer):\n"
        "    def call(self, x):\n"
        "        return some_addon.gate(x)\n"
        "model = keras.Sequential([keras.Input((4,)), layers.Dense(3), Gate(), layers.Dense(2)])\n"
    )
    (model,) = [m for m in analyze_code(code).models if m.variable == "model"]
    dense, gate, after = model.layers
    assert dense.problem_kind is None and gate.problem_kind == "unresolved"
    assert after.problem_kind == "after-unknown" and model.total() is None


def test_a_subclassed_model_never_built_is_reported_uncertain() -> None:
    code = LAYERS + "class M(keras.Model):\n    def call(self, x):\n        return x\nmodel = M()\n"
    (model,) = [m for m in analyze_code(code).models if m.variable == "model"]
    assert model.kind == "subclassed" and model.total() is None
    assert "never built" in model.uncertain[0][0]


def test_fit_on_data_builds_a_subclassed_model_so_its_counts_are_unknown() -> None:
    code = SNIPPETS["a subclassed model only built with build()"] + "model.fit(x_train, y_train)\n"
    (model,) = [m for m in analyze_code(code).models if m.variable == "model"]
    assert model.total() is None and "fit()" in model.uncertain[0][0]
