"""What the catalog leaves unknown on purpose: sizes only real data or user code would give.

No number here: these tests check that paramlint says "unknown" (with the reason) where Keras
would need to run code or read data, instead of stating a size.
"""

from __future__ import annotations

from paramlint.analyzer.api import analyze_code
from paramlint.analyzer.dims import Poly
from paramlint.analyzer.infer import LayerReport


def _layers(code: str) -> list[LayerReport]:
    (model,) = analyze_code(code).models
    return model.layers


def test_lambda_without_output_shape_is_an_unknown_layer() -> None:
    dense, scale, after = _layers(
        "import keras\n"
        "model = keras.Sequential([keras.Input((12,)), keras.layers.Dense(8),\n"
        "    keras.layers.Lambda(lambda t: t * 0.5), keras.layers.Dense(1)])\n"
    )
    assert dense.problem_kind is None
    assert scale.problem_kind == "unknown-layer"
    assert "output_shape" in (scale.problem or "")
    assert after.problem_kind == "after-unknown"


def test_lambda_whose_output_shape_is_a_function_is_an_unknown_layer() -> None:
    _, scale = _layers(
        "import keras\n"
        "def half(shape):\n    return shape\n"
        "model = keras.Sequential([keras.Input((12,)), keras.layers.Dense(8),\n"
        "    keras.layers.Lambda(lambda t: t, output_shape=half)])\n"
    )
    assert scale.problem_kind == "unknown-layer"
    assert scale.output_shape is None


def test_an_adapted_vocabulary_size_is_a_symbol() -> None:
    vectorize, dense = _layers(
        "import keras\n"
        "vectorize = keras.layers.TextVectorization(max_tokens=5000, output_mode='multi_hot')\n"
        "vectorize.adapt(['some text', 'more text'])\n"
        "model = keras.Sequential([keras.Input((1,), dtype='string'), vectorize,\n"
        "    keras.layers.Dense(4)])\n"
    )
    assert vectorize.output_shape is not None
    width = vectorize.output_shape[-1]
    assert isinstance(width, Poly) and {s.name for s in width.symbols()} == {"vocabulary_size"}
    assert isinstance(dense.params, Poly)  # 4·vocabulary_size + 4, never a guessed number
