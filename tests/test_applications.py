"""keras.applications against real Keras 3: paramlint's table (scripts/make_applications.py) gives
the same counts and output shapes as building the application, for a sample of applications and
arguments. Keras builds them in a StatelessScope (no weight initialised), so this stays fast."""

from __future__ import annotations

import math
import os
import warnings
from typing import Any

import pytest

from paramlint.analyzer.api import analyze_code
from paramlint.analyzer.applications import table

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")
from keras.src.backend.common.stateless_scope import StatelessScope  # noqa: E402

CASES = [
    ("ResNet50", "include_top=False, input_shape=(160, 160, 3)"),
    ("ResNet50", "include_top=False, input_shape=(97, 131, 3), pooling='avg'"),
    ("ResNet50", ""),
    ("MobileNetV2", "include_top=False, alpha=0.35, input_shape=(96, 96, 3)"),
    ("MobileNetV3Small", "classes=7, input_shape=(224, 224, 3), minimalistic=True"),
    ("EfficientNetB0", "include_top=False, input_shape=(240, 240, 3)"),
    ("EfficientNetB0", "include_top=False, input_shape=(224, 224, 3), pooling='avg'"),
    ("EfficientNetV2B0", "include_top=False, include_preprocessing=False, input_shape=(64, 64, 3)"),
    ("VGG16", "include_top=True, classes=3"),
    ("DenseNet121", "include_top=False, pooling='max'"),
    ("Xception", "include_top=False, input_shape=(299, 301, 3)"),
    ("InceptionV3", "include_top=False, input_shape=(75, 75, 3)"),
    ("ConvNeXtTiny", "include_top=False, input_shape=(64, 64, 3)"),
]


def keras_facts(name: str, arguments: str) -> tuple[Any, ...]:
    keras.backend.clear_session()
    with warnings.catch_warnings(), StatelessScope():
        warnings.simplefilter("ignore")
        model = eval(f"keras.applications.{name}(weights=None, {arguments})")  # our own cases
    frozen = sum(math.prod(w.shape) for w in model.non_trainable_weights)
    return model.name, model.count_params(), frozen, tuple(model.output_shape)


def paramlint_facts(name: str, arguments: str) -> tuple[Any, ...]:
    code = f"import keras\nbase = keras.applications.{name}({arguments})\n"
    (model,) = analyze_code(code).models
    assert model.complete, model.uncertain
    return model.keras_name, model.total(), model.total(False), model.layers[0].output_shape


@pytest.mark.parametrize(("name", "arguments"), CASES)
def test_application_matches_keras(name: str, arguments: str) -> None:
    if name not in table():
        pytest.skip(f"{name} is not in analyzer/data/applications.json yet (README lists them)")
    assert paramlint_facts(name, arguments) == keras_facts(name, arguments)


def test_the_table_holds_keras_applications_and_others_stay_unknown() -> None:
    names = {n for n in dir(keras.applications) if n[:1].isupper()}
    assert set(table()) <= names and "ResNet50" in table()
    code = "import keras\nbase = keras.applications.NoSuchNet(include_top=False)\n"
    (model,) = analyze_code(code).models  # reported, its numbers unknown: never a guess
    assert model.total() is None and "not in paramlint's table" in model.uncertain[0][0]


def test_an_input_too_small_is_keras_s_error() -> None:
    code = "import keras\nbase = keras.applications.ResNet50(include_top=False, input_shape=(16, 16, 3))\n"
    (model,) = analyze_code(code).models
    (row,) = model.layers
    assert row.problem_kind == "keras-error" and "at least 32x32" in (row.problem or "")
    with pytest.raises(ValueError, match="at least 32x32"), StatelessScope():
        keras.applications.ResNet50(weights=None, include_top=False, input_shape=(16, 16, 3))


def test_an_untabled_alpha_is_unknown_not_guessed() -> None:
    code = "import keras\nbase = keras.applications.MobileNet(alpha=0.6, include_top=False)\n"
    (model,) = analyze_code(code).models
    assert model.total() is None and "not in paramlint's table" in model.uncertain[0][0]


def test_a_head_on_an_application_matches_keras() -> None:
    code = (
        "import keras\nfrom keras import layers\n"
        "base = keras.applications.ResNet50(include_top=False, input_shape=(128, 128, 3))\n"
        "inputs = keras.Input((128, 128, 3))\n"
        "x = layers.GlobalAveragePooling2D()(base(inputs, training=False))\n"
        "model = keras.Model(inputs, layers.Dense(4)(layers.Dropout(0.2)(x)))\n"
    )
    ours = next(m for m in analyze_code(code).models if m.variable == "model")
    keras.backend.clear_session()
    namespace: dict[str, Any] = {}
    with warnings.catch_warnings(), StatelessScope():
        warnings.simplefilter("ignore")
        exec(
            code.replace("input_shape=(128, 128, 3))", "input_shape=(128, 128, 3), weights=None)"),
            namespace,
        )
    model = namespace["model"]
    assert [(r.name, r.params) for r in ours.layers] == [
        (layer.name, layer.count_params()) for layer in model.layers
    ]
    assert ours.total() == model.count_params()


def test_a_size_whose_padding_the_table_does_not_know_is_unknown() -> None:
    """EfficientNet pads by the parity of the size it is built on: only tabled sizes are known."""
    if "EfficientNetB0" not in table():
        pytest.skip("EfficientNetB0 is not in the table yet")
    code = "import keras\nbase = keras.applications.EfficientNetB0(include_top=False, input_shape=(255, 255, 3))\n"
    (model,) = analyze_code(code).models
    assert model.total() is None and "lacks" in model.uncertain[0][0]


def test_nasnet_whose_layers_depend_on_the_size_is_unknown() -> None:
    """NASNet's adjust blocks compare static shapes: its count changes with the input size, so no
    single table entry is right (scripts/make_applications.py leaves it out, saying why)."""
    code = "import keras\nbase = keras.applications.NASNetMobile(include_top=False)\n"
    (model,) = analyze_code(code).models
    assert model.total() is None and "not in paramlint's table" in model.uncertain[0][0]
