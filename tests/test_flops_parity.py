"""Every catalog case whose spec counts FLOPs agrees with XLA's own count of the Keras layer.

The truth is ``cost_analysis()["flops"]`` of the layer's call as Keras 3 lowers it on JAX: one
sample, ``training=False``, the variables passed as arguments (``stateless_call``). A case whose
spec has no formula must say so (Unresolved); it is not compared. Needs keras and jax.
"""

from __future__ import annotations

import inspect
import os

import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")
jax = pytest.importorskip("jax")
np = pytest.importorskip("numpy")

from paramlint.analyzer.layers import CATALOG, KerasError, Unresolved  # noqa: E402
from tests.test_catalog_parity import _cases  # noqa: E402


def xla_flops(layer: object, shape: tuple[int, ...]) -> float:
    """XLA's flop count of ``layer`` called on zeros of ``shape`` (absent key: 0)."""
    x = np.zeros(shape, "float32")
    layer(x)  # type: ignore[operator]
    accepts_training = "training" in inspect.signature(layer.call).parameters  # type: ignore[attr-defined]
    options = {"training": False} if accepts_training else {}

    def call(trainable: list[object], non_trainable: list[object], x: object) -> object:
        return layer.stateless_call(trainable, non_trainable, x, **options)[0]  # type: ignore[attr-defined]

    trainable = [v.value for v in layer.trainable_variables]  # type: ignore[attr-defined]
    non_trainable = [v.value for v in layer.non_trainable_variables]  # type: ignore[attr-defined]
    cost = jax.jit(call).lower(trainable, non_trainable, x).cost_analysis()
    if isinstance(cost, list):
        cost = cost[0]
    return float(cost.get("flops", 0.0))


def spec_flops(expr: str, batch_shape: tuple[int | None, ...]) -> object:
    """The spec's count on one sample; None when it has none (Unresolved) or Keras raises."""
    shape = (1, *batch_shape[1:])
    try:
        spec = eval(expr, dict(CATALOG))  # our own test strings, never user code
        spec.apply(shape)
        return spec.flops(shape)
    except (KerasError, Unresolved):
        return None


def _counted_cases() -> list[object]:
    counted = []
    for case in _cases():
        _group, expr, batch_shape = case.values  # type: ignore[attr-defined]
        if None in batch_shape[1:] or spec_flops(expr, batch_shape) is None:
            continue
        counted.append(case)
    return counted


@pytest.mark.parametrize(("group", "expr", "batch_shape"), _counted_cases())
def test_flops_match_xla(group: str, expr: str, batch_shape: tuple[int | None, ...]) -> None:
    namespace = {name: getattr(keras.layers, name) for name in dir(keras.layers)}
    layer = eval(expr, namespace)
    shape = (1, *batch_shape[1:])
    assert spec_flops(expr, batch_shape) == xla_flops(layer, shape)  # type: ignore[arg-type]


MODELS = {
    "issue_15": """
import keras
from keras import layers

model = keras.Sequential([
    keras.Input((32, 32, 3)),
    layers.Conv2D(16, 3, padding="same", use_bias=False),
    layers.Conv2D(32, 3, strides=2, padding="same", use_bias=False),
    layers.Flatten(),
    layers.Dense(10, use_bias=False),
])
""",
    "small_cnn": """
import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(8, 3, activation="relu"),
        layers.DepthwiseConv2D(3, padding="same"),
        layers.SeparableConv2D(16, 3, strides=2, padding="same", activation="relu"),
        layers.Dropout(0.25),
        layers.Flatten(),
        layers.Dense(32, activation="gelu"),
        layers.Dense(10),
    ]
)
""",
}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_model_total_matches_xla(name: str) -> None:
    """The sum of the rows is XLA's count of the whole Keras model, and the summary shows it."""
    from paramlint.analyzer.api import analyze_code
    from paramlint.analyzer.dims import format_count
    from paramlint.render import render_summary
    from paramlint.summary_table import SummaryOptions

    (report,) = analyze_code(MODELS[name]).models
    namespace: dict[str, object] = {}
    exec(MODELS[name], namespace)  # our own fixture, run in Keras for the truth
    model = namespace["model"]
    expected = xla_flops(model, (1, *model.input_shape[1:]))  # type: ignore[attr-defined]
    assert report.flops() == expected
    assert f"Total FLOPs: {format_count(report.flops())}" in render_summary(
        report, options=SummaryOptions(flops=True)
    )


def test_model_with_an_unmatched_layer_has_unknown_flops() -> None:
    """LayerNormalization has no formula yet: its row and the model's total are unknown."""
    from paramlint.analyzer.api import analyze_code

    code = MODELS["issue_15"].replace(
        "layers.Flatten(),", "layers.LayerNormalization(),\n    layers.Flatten(),"
    )
    (report,) = analyze_code(code).models
    assert [row.flops is None for row in report.layers] == [False, False, True, False, False]
    assert report.flops() is None


def test_readme_lists_the_layers_with_a_formula() -> None:
    """The README's list is exactly the catalog classes whose spec defines ``flops``."""
    import re
    from pathlib import Path

    from paramlint.analyzer.layers import LayerSpec

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- flops-layers -->")[1].split("<!-- /flops-layers -->")[0]
    listed = set(re.findall(r"\w+", block))
    defined = {
        spec.class_name()
        for spec in CATALOG.values()
        if isinstance(spec, type) and spec.flops is not LayerSpec.flops
    }
    assert listed == defined


@pytest.mark.parametrize(
    ("expr", "batch_shape"),
    [("LSTM(4)", (None, 5, 3)), ("Embedding(10, 4)", (None, 3)),
     ("Dense(3, lora_rank=2)", (None, 5)), ("Dense(3, activation='softmax')", (None, 5)),
     ("Conv2D(4, 3, dtype='float16')", (None, 6, 6, 3))],
)  # fmt: skip
def test_unmatched_layers_are_unknown(expr: str, batch_shape: tuple[int | None, ...]) -> None:
    spec = eval(expr, dict(CATALOG))
    shape = (1, *batch_shape[1:])
    spec.apply(shape)
    with pytest.raises(Unresolved, match="not matched to XLA yet"):
        spec.flops(shape)
