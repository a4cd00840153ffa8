"""The interpreter finds models in every form people write them, and never guesses.

These tests check structure (which layers, which input shape, what is unknown and why); the
numbers themselves are checked against real Keras in test_goldens.py and test_catalog_parity.py.
"""

from __future__ import annotations

import textwrap

from paramlint.analyzer.api import analyze_code
from paramlint.analyzer.dims import Poly


def models(code: str):  # type: ignore[no-untyped-def]
    return analyze_code(textwrap.dedent(code)).models


def classes(model) -> list[str]:  # type: ignore[no-untyped-def]
    return [layer.class_name for layer in model.layers]


def test_import_styles_all_resolve_to_keras() -> None:
    found = models(
        """
        import keras
        import tensorflow as tf
        from tensorflow import keras as tfk
        from keras import layers as L
        from tensorflow.keras.layers import Dense, LSTM
        import tf_keras
        a = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
        b = tf.keras.models.Sequential([tf.keras.layers.Dense(2, input_shape=(4,))])
        c = tfk.Sequential([L.Dense(2, input_dim=4)])
        d = keras.models.Sequential([Dense(2)])
        e = tf_keras.Sequential([tf_keras.layers.Dense(2)])
        """
    )
    assert [classes(m) for m in found] == [["Dense"]] * 5
    assert [m.input_shape for m in found] == [(None, 4), (None, 4), (None, 4), None, None]


def test_star_import_and_name_that_is_not_keras() -> None:
    found = models(
        """
        from keras.layers import *
        from keras.models import Sequential
        from mylib import Dense as MyDense
        model = Sequential([Input((3,)), Dense(4), MyDense(5)])
        """
    )
    (model,) = found
    assert classes(model)[0] == "Dense"
    assert model.layers[0].problem_kind is None
    assert model.layers[1].problem_kind == "unknown-layer"


def test_add_form_loops_and_function_defaults() -> None:
    (model,) = models(
        """
        from tensorflow import keras
        def build_model(n_hidden=2, n_neurons=30, input_shape=(8,)):
            model = keras.models.Sequential()
            model.add(keras.layers.InputLayer(shape=input_shape))
            for layer in range(n_hidden):
                model.add(keras.layers.Dense(n_neurons, activation="relu"))
            for units in [16, 8]:
                model.add(keras.layers.Dense(units))
            model.add(keras.layers.Dense(1))
            return model
        """
    )
    assert model.function == "build_model"
    assert model.defaults_used == ("n_hidden", "n_neurons", "input_shape")
    assert model.input_shape == (None, 8)
    assert [layer.output_shape for layer in model.layers] == [
        (None, 30), (None, 30), (None, 16), (None, 8), (None, 1)
    ]  # fmt: skip


def test_comprehension_concatenation_variables_and_build() -> None:
    (model,) = models(
        """
        import keras
        from keras import layers
        HIDDEN = 32
        head = layers.Dense(10, activation="softmax")
        model = keras.Sequential(
            [layers.Dense(HIDDEN * 2)] + [layers.Dense(HIDDEN) for _ in range(3)] + [head],
            name="mlp",
        )
        model.build((None, 20))
        """
    )
    assert model.keras_name == "mlp"
    assert classes(model) == ["Dense"] * 5
    assert model.input_shape == (None, 20)
    assert model.layers[0].output_shape == (None, 64)


def test_unknown_size_becomes_a_symbol_named_after_its_source() -> None:
    (model,) = models(
        """
        import keras
        num_classes = len(open("labels.txt").read().split())
        model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(num_classes)])
        """
    )
    params = model.layers[0].params
    assert isinstance(params, Poly)
    assert str(params) == "17·num_classes"
    assert params.substitute({"num_classes": 3}) == 51


def test_loop_with_unknown_bound_makes_the_model_uncertain() -> None:
    (model,) = models(
        """
        import keras, sys
        model = keras.Sequential([keras.Input((4,))])
        for _ in range(int(sys.argv[1])):
            model.add(keras.layers.Dense(4))
        """
    )
    assert model.uncertain
    assert not model.complete
    assert model.total() is None


def test_huge_loop_is_not_unrolled() -> None:
    (model,) = models(
        """
        import keras
        model = keras.Sequential([keras.Input((4,))])
        for _ in range(10**9):
            model.add(keras.layers.Dense(4))
        """
    )
    assert model.uncertain
    assert "unroll" in model.uncertain[0][0]


def test_no_input_shape_is_unbuilt_not_guessed() -> None:
    (model,) = models(
        """
        from keras import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(64, activation="relu"), Dense(1)])
        """
    )
    assert not model.built
    assert {layer.problem_kind for layer in model.layers} == {"unbuilt"}


def test_custom_layer_is_unknown_and_layers_before_it_keep_their_numbers() -> None:
    (model,) = models(
        """
        import keras
        import tensorflow_addons as tfa
        class Scale(keras.layers.Layer):
            def build(self, input_shape):
                self.w = self.add_weight(shape=(input_shape[-1],))
            def call(self, x):
                return tfa.activations.mish(x)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), Scale(), keras.layers.Dense(2)])
        """
    )
    first, custom, last = model.layers
    assert first.problem_kind is None and first.output_shape == (None, 3)
    assert custom.problem_kind == "unresolved" and "Scale.call()" in (custom.problem or "")
    assert last.problem_kind == "after-unknown"


def test_bad_keyword_is_an_argument_error() -> None:
    (model,) = models(
        """
        import keras
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, unit=4)])
        """
    )
    assert model.layers[0].problem_kind == "argument-error"


def test_nested_sequential_is_a_layer() -> None:
    _inner, outer = models(
        """
        import keras
        block = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(8)])
        model = keras.Sequential([keras.Input((4,)), block, keras.layers.Dense(1)])
        """
    )
    assert classes(outer) == ["Sequential", "Dense"]
    assert outer.layers[0].output_shape == (None, 8)
    assert outer.complete


def test_syntax_error_is_a_note_with_its_position() -> None:
    report = analyze_code("import keras\nmodel = keras.Sequential([\n")
    assert report.models == []
    ((kind, _message, position),) = report.notes
    assert kind == "syntax-error"
    assert position.line >= 2


def test_embedding_input_dim_is_its_vocabulary_not_an_input_shape() -> None:
    """Found by the property test: Embedding(input_dim=...) names the vocabulary size."""
    (model,) = models(
        """
        import keras
        model = keras.Sequential([keras.layers.Embedding(input_dim=100, output_dim=8, input_shape=(16,))])
        """
    )
    assert model.input_shape == (None, 16)
