"""What the catalog leaves unknown on purpose (sizes only real data or user code would give,
outputs nested in a way paramlint does not follow), and the outputs it does list, from Keras.

No number is typed here: paramlint must say "unknown" (with the reason) where Keras would need
to run code or read data, and list every output exactly as Keras returns it elsewhere.
"""

from __future__ import annotations

import os

import pytest

from paramlint.analyzer.api import analyze_code
from paramlint.analyzer.dims import Poly
from paramlint.analyzer.infer import LayerReport
from paramlint.analyzer.layers import CATALOG, Unresolved

os.environ.setdefault("KERAS_BACKEND", "jax")


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


@pytest.mark.parametrize(
    "expr",
    [
        "RNN(LSTMCell(4), return_state=True)",
        "RNN(GRUCell(4), return_sequences=True, return_state=True)",
        "RNN([GRUCell(4), SimpleRNNCell(3)], return_state=True)",
        "ConvLSTM1D(4, 3, return_state=True)",
        "Lambda(lambda t: t, output_shape=((2,), (3, 4)))",
    ],
)
def test_every_output_is_the_one_keras_returns(expr: str) -> None:
    keras = pytest.importorskip("keras")
    shape = (None, 5, 9, 3) if "ConvLSTM" in expr else (None, 5, 3)
    outputs = eval(expr, vars(keras.layers))(keras.Input(batch_shape=shape))
    expected = [tuple(t.shape) for t in outputs]
    assert list(eval(expr, dict(CATALOG)).output_shapes(shape)) == expected


def test_nested_states_of_stacked_cells_stay_unknown() -> None:
    keras = pytest.importorskip("keras")
    expr = "RNN([LSTMCell(4), GRUCell(3)], return_state=True)"
    outputs = eval(expr, vars(keras.layers))(keras.Input(batch_shape=(None, 5, 3)))
    assert isinstance(outputs[1], list)  # Keras nests the LSTM cell's [h, c]
    with pytest.raises(Unresolved):
        eval(expr, dict(CATALOG)).output_shapes((None, 5, 3))
