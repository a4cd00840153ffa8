"""``layer.trainable = ...`` / ``model.trainable = ...`` after construction, against real Keras.

Each case is a small script in the style of real code. Keras runs it (through
``scripts/make_goldens.py``, which reads every model at the end of the run, as ``model.summary()``
there would) and paramlint analyses it; per layer and per model, the parameter counts must be
Keras's, and the trainable / non-trainable split Keras's or unknown, never another number. A case
whose assignments paramlint cannot decide names the models whose split must be unknown (their
counts stay exact).
"""

from __future__ import annotations

import importlib.util
import json
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from paramlint.analyzer.api import analyze_file
from paramlint.analyzer.infer import ModelReport
from paramlint.analyzer.trainable import why_split_unknown
from paramlint.render import model_json, render_explain, render_summary
from paramlint.rules.config import parse_config
from paramlint.rules.run import check_report

pytest.importorskip("keras")

ROOT = Path(__file__).resolve().parent.parent


def _make_goldens() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_goldens", ROOT / "scripts" / "make_goldens.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Case:
    source: str
    # Models (by variable) whose split paramlint must call unknown; None: it may call any
    # unknown (an idiom it does not decide yet), but state no wrong number.
    unknown: frozenset[str] | None = frozenset()
    # Models paramlint reports that Keras never builds (in a function nothing calls).
    uncalled: int = 0


HEADER = "import os\nimport keras\nfrom keras import layers\n"

CASES = {
    "gan_discriminator_frozen": Case("""
        generator = keras.Sequential([
            keras.Input((16,)),
            layers.Dense(32, activation="relu"),
            layers.BatchNormalization(),
            layers.Dense(8, activation="tanh"),
        ])
        discriminator = keras.Sequential([
            keras.Input((8,)),
            layers.Dense(16),
            layers.LeakyReLU(0.2),
            layers.Dense(1, activation="sigmoid"),
        ])
        discriminator.compile(optimizer="adam", loss="binary_crossentropy")
        discriminator.trainable = False
        gan = keras.Sequential([generator, discriminator])
        gan.compile(optimizer="adam", loss="binary_crossentropy")
    """),
    "frozen_base_then_head": Case("""
        base = keras.Sequential([keras.Input((32, 32, 3)), layers.Conv2D(8, 3), layers.Conv2D(8, 3)])
        base.trainable = False
        model = keras.Sequential([base, layers.GlobalAveragePooling2D(), layers.Dense(5)])
    """),
    "slice_of_layers": Case("""
        model = keras.Sequential([keras.Input((20,))])
        for units in (64, 32, 16, 8):
            model.add(layers.Dense(units, activation="relu"))
        model.add(layers.Dense(1))
        for layer in model.layers[:-2]:
            layer.trainable = False
    """),
    "layer_by_index": Case("""
        model = keras.Sequential([
            layers.Embedding(1000, 16, input_length=10), layers.Flatten(), layers.Dense(1)
        ])
        model.build((None, 10))
        model.layers[0].trainable = False
    """),
    "unfreeze_inside_frozen_model": Case("""
        features = keras.Sequential([keras.Input((10,)), layers.Dense(6), layers.Dense(4)])
        features.trainable = False
        features.layers[1].trainable = True
        classifier = keras.Sequential([features, layers.Dense(2)])
    """),
    "frozen_batch_normalization": Case("""
        bn = layers.BatchNormalization()
        model = keras.Sequential([keras.Input((12,)), layers.Dense(6), bn, layers.Dense(3)])
        bn.trainable = False
    """),
    "batchnorm_unfrozen_in_frozen_model": Case("""
        model = keras.Sequential([
            keras.Input((12,)), layers.Dense(6), layers.BatchNormalization(), layers.Dense(3)
        ])
        model.trainable = False
        model.layers[1].trainable = True
    """),
    "shared_layer_frozen_in_both_models": Case("""
        shared = layers.Dense(8)
        first = keras.Sequential([keras.Input((4,)), shared, layers.Dense(2)])
        second = keras.Sequential([keras.Input((4,)), shared, layers.Dense(3)])
        first.layers[0].trainable = False
    """),
    "frozen_before_a_layer_is_added": Case("""
        model = keras.Sequential([keras.Input((4,)), layers.Dense(8)])
        model.trainable = False
        model.add(layers.Dense(2))
    """),
    "constructor_flag_overridden": Case("""
        hidden = layers.Dense(8, trainable=False)
        model = keras.Sequential([keras.Input((4,)), hidden, layers.Dense(1, trainable=False)])
        hidden.trainable = True
    """),
    "sequential_constructor_flag": Case("""
        encoder = keras.Sequential([keras.Input((4,)), layers.Dense(8)], trainable=False)
        model = keras.Sequential([encoder, layers.Dense(1)])
    """),
    "wrappers": Case("""
        model = keras.Sequential([
            keras.Input((5, 3)),
            layers.Bidirectional(layers.LSTM(4, return_sequences=True)),
            layers.TimeDistributed(layers.Dense(3, trainable=False)),
            layers.TimeDistributed(layers.Dense(2)),
        ])
        model.layers[0].trainable = False
        model.layers[1].trainable = True
    """),
    "freeze_recurses_into_nested_models": Case("""
        block = keras.Sequential([keras.Input((6,)), layers.Dense(4), layers.Dense(4)])
        model = keras.Sequential([block, layers.Dense(1)])
        model.trainable = False
        block.layers[0].trainable = True
    """),
    "freeze_in_a_function": Case("""
        def freeze(model, upto):
            for layer in model.layers[:upto]:
                layer.trainable = False

        model = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(8), layers.Dense(1)])
        freeze(model, 2)
    """),
    "truthy_values_and_tuple_targets": Case("""
        model = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(8), layers.Dense(1)])
        model.layers[0].trainable = 0
        model.layers[1].trainable, model.layers[2].trainable = False, 1
    """),
    "functional_encoder_frozen_inside_a_classifier": Case("""
        inputs = keras.Input((16,))
        x = layers.Dense(8, activation="relu")(inputs)
        x = layers.BatchNormalization()(x)
        encoder = keras.Model(inputs, layers.Dense(4)(x), name="encoder")
        encoder.trainable = False
        image = keras.Input((16,))
        logits = layers.Dense(3)(encoder(image))
        classifier = keras.Model(image, logits, name="classifier")
        encoder.layers[2].trainable = True
    """),
    "functional_layers_slice": Case("""
        inputs = keras.Input((10,))
        x = inputs
        for units in (32, 16, 8):
            x = layers.Dense(units, activation="relu")(x)
        model = keras.Model(inputs, layers.Dense(1)(x))
        for layer in model.layers[:-2]:
            layer.trainable = False
        stacked = keras.Sequential([model, layers.Dense(2)])
    """),
    "freeze_in_a_function_nothing_calls": Case(
        """
        base = keras.Sequential([keras.Input((8,)), layers.Dense(4), layers.Dense(4)])

        def build_classifier(num_classes=3):
            base.trainable = False
            for layer in base.layers:
                layer.trainable = False
            return keras.Sequential([base, layers.Dense(num_classes)])
    """,
        uncalled=1,
    ),
    "functional_constructor_flag": Case("""
        inputs = keras.Input((6,))
        features = keras.Model(inputs, layers.Dense(4)(inputs), trainable=False)
        model = keras.Sequential([features, layers.Dense(1)])
    """),
    "same_flag_under_an_undecidable_condition": Case(
        """
        model = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(1)])
        model.layers[0].trainable = False
        if os.environ.get("FINE_TUNE"):
            model.trainable = True
        model.layers[0].trainable = False
        if os.environ.get("FREEZE_HEAD"):
            model.layers[1].trainable = False
    """,
        frozenset({"model"}),
    ),
    "unrelated_unknown_target": Case("""
        model = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(1)])
        optimizer = keras.optimizers.Adam()
        optimizer.trainable = False
    """),
    "undecidable_condition": Case(
        """
        discriminator = keras.Sequential([keras.Input((8,)), layers.Dense(16), layers.Dense(1)])
        generator = keras.Sequential([keras.Input((4,)), layers.Dense(8)])
        if os.environ.get("FREEZE_D", "1") == "1":
            discriminator.trainable = False
        gan = keras.Sequential([generator, discriminator])
    """,
        frozenset({"discriminator", "gan"}),
    ),
    "toggled_in_a_training_loop_of_unknown_length": Case(
        """
        generator = keras.Sequential([keras.Input((4,)), layers.Dense(8)])
        discriminator = keras.Sequential([keras.Input((8,)), layers.Dense(1)])
        discriminator.trainable = False
        gan = keras.Sequential([generator, discriminator])
        for step in range(int(os.environ.get("STEPS", "3"))):
            discriminator.trainable = True
            # ... discriminator.train_on_batch(real_and_fake, labels)
            discriminator.trainable = False
            # ... gan.train_on_batch(noise, misleading_labels)
    """,
        frozenset({"discriminator", "gan"}),
    ),
    "unknown_number_of_layers": Case(
        """
        base = keras.Sequential([keras.Input((10,)), layers.Dense(8), layers.Dense(8), layers.Dense(8)])
        head = keras.Sequential([keras.Input((8,)), layers.Dense(2)])
        fine_tune_at = int(os.environ.get("FINE_TUNE_AT", "2"))
        for layer in base.layers[:fine_tune_at]:
            layer.trainable = False
    """,
        frozenset({"base"}),
    ),
    "unknown_slice_of_a_layer_list": Case(
        """
        blocks = [layers.Dense(8), layers.Dense(8)]
        model = keras.Sequential([keras.Input((4,)), *blocks, layers.Dense(1)])
        other = keras.Sequential([keras.Input((4,)), layers.Dense(1)])
        for layer in blocks[: int(os.environ.get("N", "1"))]:
            layer.trainable = False
    """,
        frozenset({"model"}),
    ),
    "unknown_value": Case(
        """
        model = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(1)])
        model.layers[0].trainable = os.environ.get("TRAIN_FIRST", "") == "1"
    """,
        frozenset({"model"}),
    ),
    "unknown_constructor_flag": Case(
        """
        model = keras.Sequential([
            keras.Input((4,)),
            layers.Dense(8, trainable=os.environ.get("TRAIN_FIRST", "1") == "1"),
            layers.Dense(1),
        ])
    """,
        frozenset({"model"}),
    ),
    "batchnorm_loop_with_isinstance": Case(
        """
        model = keras.Sequential([
            keras.Input((12,)), layers.Dense(6), layers.BatchNormalization(), layers.Dense(3)
        ])
        model.trainable = False
        for layer in model.layers:
            if isinstance(layer, layers.BatchNormalization):
                layer.trainable = True
    """,
        None,
    ),
}


def _keras_models(path: Path) -> list[dict[str, Any]]:
    goldens = _make_goldens()
    goldens.install_shims()
    _, text = goldens.golden(path, path.parent)
    return json.loads(text)["models"]


def _split(model: ModelReport) -> tuple[Any, Any]:
    return model.total(True), model.total(False)


@pytest.mark.parametrize("name", sorted(CASES))
def test_trainable_flags_match_keras(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    path = tmp_path / f"{name}.py"
    path.write_text(HEADER + textwrap.dedent(case.source), encoding="utf-8")
    expected_models = _keras_models(path)
    report = analyze_file(path)
    ours = {(m.position.line, m.occurrence): m for m in report.models}
    assert len(ours) == len(expected_models) + case.uncalled
    for expected in expected_models:
        model = ours[(expected["line"], expected["occurrence"])]
        assert model.complete, model.variable
        assert model.total() == expected["total_params"], model.variable
        keras_split = (expected["trainable_params"], expected["non_trainable_params"])
        for row, keras_row in zip(model.layers, expected["layers"], strict=True):
            assert row.params == keras_row["params"]
            row_split = (row.trainable, row.non_trainable)
            keras_row_split = (keras_row["trainable_params"], keras_row["non_trainable_params"])
            assert row_split in (keras_row_split, (None, None)), (model.variable, row.name)
        if case.unknown is None:
            assert _split(model) in (keras_split, (None, None)), model.variable
        elif model.variable in case.unknown:
            assert _split(model) == (None, None), model.variable
            assert why_split_unknown(model.trainable_flag, model.layers) is not None
        else:
            assert _split(model) == keras_split, model.variable
            assert all(row.trainable is not None for row in model.layers), model.variable


def test_an_unknown_split_is_reported_where_the_flag_is_set(tmp_path: Path) -> None:
    path = tmp_path / "freeze.py"
    code = HEADER + textwrap.dedent(CASES["undecidable_condition"].source)
    path.write_text(code, encoding="utf-8")
    line = code.splitlines().index("    discriminator.trainable = False") + 1
    config = parse_config({}, "<test>", ".")
    findings = [
        d for d in check_report(analyze_file(path), config, "freeze.py") if d.code == "KPL001"
    ]
    assert {(d.position.line, d.message.split("`")[1]) for d in findings} == {
        (line, "discriminator"),
        (line, "gan"),
    }
    assert all("under the condition" in d.message for d in findings)


def test_an_unknown_split_is_shown_with_its_reason_and_exact_counts(tmp_path: Path) -> None:
    path = tmp_path / "freeze.py"
    code = HEADER + textwrap.dedent(CASES["unknown_number_of_layers"].source)
    path.write_text(code, encoding="utf-8")
    line = code.splitlines().index("    layer.trainable = False") + 1
    base = next(m for m in analyze_file(path).models if m.variable == "base")
    summary = render_summary(base)
    assert " Trainable params: ? (size unknown)" in summary
    assert f"trainable / non-trainable split unknown at {line}:5:" in summary
    assert "base.layers[:fine_tune_at]" in summary  # the loop paramlint could not unroll
    totals = model_json(base)["totals"]
    assert isinstance(totals["params"], int)
    assert (totals["trainable"], totals["non_trainable"]) == (None, None)
    explanation = render_explain(base)
    assert explanation.count("trainable / non-trainable split unknown") == len(base.layers)
