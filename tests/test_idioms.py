"""Real-code idioms (partials, formatted names, numpy sizes, other models' layers) against real Keras.

Every snippet is run in Keras 3 (in a fresh naming session, as a script would start) and analysed
by paramlint; the names, parameter counts and output shapes must agree, and where Keras raises,
paramlint reports Keras's own message.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
import types
import warnings
from pathlib import Path
from typing import Any

import pytest

from paramlint.analyzer.api import analyze_code, analyze_file
from paramlint.analyzer.dims import Poly
from paramlint.analyzer.infer import ModelReport, substitute_report
from paramlint.analyzer.keras_names import KERAS_PUBLIC_BASES, keras_isinstance
from paramlint.analyzer.layers import CATALOG
from paramlint.analyzer.layers.base import NUMPY_INT_ARGUMENTS
from paramlint.analyzer.source import Position
from paramlint.analyzer.values import LayerValue, QualName, Unknown
from paramlint.rules.config import parse_config
from paramlint.rules.run import check_report

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")
ROOT = Path(__file__).resolve().parent.parent


def run_in_keras(code: str) -> dict[str, Any]:
    """Our own snippet, executed in Keras from a fresh session (``six`` faked: not installed)."""
    keras.backend.clear_session()
    six = types.ModuleType("six")
    six.moves = types.SimpleNamespace(range=range, zip=zip)  # type: ignore[attr-defined]
    saved = sys.modules.get("six"), sys.modules.get("six.moves")
    sys.modules["six"], sys.modules["six.moves"] = six, six.moves  # type: ignore[assignment]
    try:
        namespace: dict[str, Any] = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(code, "snippet.py", "exec"), namespace)
        return namespace
    finally:
        for name, module in zip(("six", "six.moves"), saved, strict=True):
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def ours(code: str, variable: str) -> ModelReport:
    report = analyze_code(code, "snippet.py")
    (model,) = [m for m in report.models if m.variable == variable]
    return model


def assert_same_model(code: str, variable: str = "model") -> None:
    code = textwrap.dedent(code)
    expected = run_in_keras(code)[variable]
    model = ours(code, variable)
    assert model.complete, [(r.name, r.problem) for r in model.layers] + model.uncertain
    assert [(r.name, r.class_name, r.params) for r in model.layers] == [
        (layer.name, type(layer).__name__, layer.count_params()) for layer in expected.layers
    ]
    assert model.layers[-1].output_shape == tuple(expected.output_shape)
    assert model.total() == expected.count_params()


PARTIALS = {
    "conv2d partial, keywords overridden": """
        from functools import partial
        import keras
        DefaultConv2D = partial(keras.layers.Conv2D, kernel_size=3, padding="same", activation="relu")
        model = keras.Sequential([
            DefaultConv2D(filters=32, kernel_size=7, input_shape=(28, 28, 1)),
            keras.layers.MaxPooling2D(2),
            DefaultConv2D(64),
            DefaultConv2D(filters=64, padding="valid"),
        ])
        """,
    "partial of a partial, imported as a module": """
        import functools
        from tensorflow import keras
        Dense = functools.partial(keras.layers.Dense, activation="relu")
        Wide = functools.partial(Dense, 256, use_bias=False)
        model = keras.Sequential([keras.Input((20,)), Wide(), Wide(use_bias=True), Dense(1)])
        """,
    "partial of a user function, renamed import": """
        from functools import partial as bind
        import keras
        def block(units, dropout, activation="relu"):
            return keras.layers.Dense(units, activation=activation)
        Block = bind(block, dropout=0.2)
        model = keras.Sequential([keras.Input((8,)), Block(16), Block(4, activation="tanh")])
        """,
}


@pytest.mark.parametrize("code", PARTIALS.values(), ids=PARTIALS.keys())
def test_partials_build_what_keras_builds(code: str) -> None:
    assert_same_model(code.replace("from tensorflow import keras", "import keras"))


NAMES_AND_NUMBERS = {
    "format and f-string names": """
        import keras
        model = keras.Sequential([keras.Input((10,))])
        for h in range(3):
            model.add(keras.layers.Dense(8, name="hidden_{}".format(h)))
        model.add(keras.layers.Dense(4, name=f"dense_{3:03d}_{'out'!s}"))
        model.add(keras.layers.Dense(2, name="{0}_{kind}".format("head", kind="logits")))
        """,
    "six and builtins range": """
        from six.moves import range
        import keras
        model = keras.Sequential([keras.Input((4,))])
        for i in range(2):
            model.add(keras.layers.Dense(3))
        from builtins import range as builtin_range
        for i in builtin_range(2):
            model.add(keras.layers.Dense(5))
        """,
    "numpy and math products": """
        import math
        import numpy as np
        import keras
        image = (8, 8, 3)
        model = keras.Sequential([
            keras.Input(shape=(np.prod(image),)),
            keras.layers.Reshape(image),
            keras.layers.Flatten(),
            keras.layers.Dense(int(np.prod(image[:2]))),
            keras.layers.Dense(math.prod((2, 5))),
            keras.layers.Reshape((np.int64(2), 5)),
        ])
        """,
}


@pytest.mark.parametrize("code", NAMES_AND_NUMBERS.values(), ids=NAMES_AND_NUMBERS.keys())
def test_names_and_numbers_match_keras(code: str) -> None:
    assert_same_model(code)


OTHER_MODELS = """
    import keras
    base = keras.Sequential([
        keras.layers.Dense(16, activation="relu", input_shape=(12,)),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(8, activation="relu", name="features"),
        keras.layers.Dense(3, activation="softmax"),
    ])
    headless = keras.Sequential(base.layers[:-1] + [keras.layers.Dense(1, name="score")])
    dense_only = keras.Sequential([l for l in base.layers if isinstance(l, keras.layers.Dense)])
    again = keras.Sequential([keras.Input((8,)), base.layers[-1]])
    by_name = keras.Sequential([keras.Input((16,)), base.get_layer("features")])
    by_index = keras.Sequential([keras.Input((12,)), base.get_layer(index=0)])
    """


@pytest.mark.parametrize("variable", ["headless", "dense_only", "again", "by_name", "by_index"])
def test_other_models_layers_are_the_same_layers(variable: str) -> None:
    assert_same_model(OTHER_MODELS, variable)
    namespace = run_in_keras(textwrap.dedent(OTHER_MODELS))
    assert namespace["headless"].layers[0] is namespace["base"].layers[0]  # Keras shares them


def test_a_layer_name_paramlint_cannot_know_is_not_guessed() -> None:
    code = textwrap.dedent(
        """
        import keras
        from mylib import make_encoder
        encoder = make_encoder()
        base = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2)])
        picked = keras.Sequential([keras.Input((4,)), base.get_layer("dense")])
        explicit = keras.Sequential([keras.Input((3,)), base.get_layer(index=1)])
        """
    )
    picked = ours(code, "picked")
    assert picked.layers[0].class_name == "?" and "name" in (picked.layers[0].problem or "")
    assert ours(code, "explicit").complete  # by index: known


def test_isinstance_of_layers_follows_keras_classes() -> None:
    where = Position(1, 1)
    targets = sorted({*CATALOG, *(b for bases in KERAS_PUBLIC_BASES.values() for b in bases)})
    targets = [t for t in targets if hasattr(keras.layers, t)]
    checked = 0
    for name in CATALOG:
        if not hasattr(keras.layers, name):
            continue
        layer = LayerValue(CATALOG[name].class_name(), where, None)
        for target in targets:
            answer = keras_isinstance(layer, QualName(f"keras.layers.{target}"))
            expected = issubclass(getattr(keras.layers, name), getattr(keras.layers, target))
            assert answer == expected, (name, target)
            checked += 1
        assert keras_isinstance(layer, QualName("keras.layers.Layer")) is True
        assert keras_isinstance(layer, QualName("keras.Model")) is False
    assert checked > 1000
    custom = LayerValue("Scale", where, None, "custom", "unknown-layer")
    assert isinstance(keras_isinstance(custom, QualName("keras.layers.Dense")), Unknown)


NUMPY_CASES: dict[tuple[str, str], tuple[str, str]] = {
    ("Dense", "units"): ("keras.layers.Dense(n)", "(4,)"),
    ("Embedding", "input_dim"): ("keras.layers.Embedding(n, 3)", "(4,)"),
    ("Embedding", "output_dim"): ("keras.layers.Embedding(10, n)", "(4,)"),
    ("RepeatVector", "n"): ("keras.layers.RepeatVector(n)", "(4,)"),
    ("Conv1D", "filters"): ("keras.layers.Conv1D(n, 3)", "(8, 2)"),
    ("Conv2D", "filters"): ("keras.layers.Conv2D(n, 3)", "(8, 8, 2)"),
    ("Conv3D", "filters"): ("keras.layers.Conv3D(n, 3)", "(8, 8, 8, 2)"),
    ("Conv2DTranspose", "filters"): ("keras.layers.Conv2DTranspose(n, 3)", "(8, 8, 2)"),
    ("SeparableConv2D", "filters"): ("keras.layers.SeparableConv2D(n, 3)", "(8, 8, 2)"),
    ("Conv1D", "kernel_size"): ("keras.layers.Conv1D(2, n)", "(8, 2)"),
    ("Conv2D", "kernel_size"): ("keras.layers.Conv2D(2, n)", "(8, 8, 2)"),
    ("Conv3D", "kernel_size"): ("keras.layers.Conv3D(2, n)", "(8, 8, 8, 2)"),
    ("MaxPooling1D", "pool_size"): ("keras.layers.MaxPooling1D(n)", "(8, 2)"),
    ("MaxPooling2D", "pool_size"): ("keras.layers.MaxPooling2D(n)", "(8, 8, 2)"),
    ("AveragePooling1D", "pool_size"): ("keras.layers.AveragePooling1D(n)", "(8, 2)"),
    ("AveragePooling2D", "pool_size"): ("keras.layers.AveragePooling2D(n)", "(8, 8, 2)"),
    ("*", "input_dim"): ("keras.layers.Dense(3, input_dim=n)", ""),
}


def test_every_numpy_integer_rule_is_checked() -> None:
    assert set(NUMPY_CASES) == set(NUMPY_INT_ARGUMENTS)


@pytest.mark.parametrize("case", NUMPY_CASES, ids=lambda c: ".".join(c))
def test_numpy_integer_arguments_as_keras_takes_them(case: tuple[str, str]) -> None:
    layer, shape = NUMPY_CASES[case]
    first = f"keras.Input({shape}), " if shape else ""
    code = f"import keras\nimport numpy as np\nn = np.prod((2, 2))\nmodel = keras.Sequential([{first}{layer}])\n"
    try:
        expected = run_in_keras(code)["model"]
    except (ValueError, TypeError) as error:
        messages = kpl(code, "KPL101")
        assert any(str(error) in m for m in messages), (str(error), messages)
        return
    assert kpl(code, "KPL101") == []
    assert ours(code, "model").total() == expected.count_params()


def test_a_numpy_integer_stays_one_through_arithmetic() -> None:
    code = "import keras\nimport numpy as np\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(np.prod((2, 3)) * 2 + 1)])\n"
    with pytest.raises(ValueError, match="expected a positive integer") as raised:
        run_in_keras(code)
    assert any(str(raised.value) in m for m in kpl(code, "KPL101"))
    unknown = "import keras\nimport numpy as np\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.LSTM(np.prod((2, 3)))])\n"
    assert ours(unknown, "model").layers[0].problem_kind == "unresolved"  # Keras fails at build


def kpl(code: str, code_name: str) -> list[str]:
    config = parse_config({"select": [code_name]}, "<test>", ".")
    report = analyze_code(code, "snippet.py")
    return [d.message for d in check_report(report, config, "snippet.py")]


def test_keras2_arguments_are_kpl106_and_not_an_input_shape() -> None:
    code = "import keras\nmodel = keras.Sequential([keras.layers.Dense(8, batch_input_shape=(None, 4)), keras.layers.Dense(1)])\n"
    with pytest.raises(ValueError) as raised:
        run_in_keras(code)
    assert kpl(code, "KPL101") == [] and kpl(code, "KPL003") == []
    (message,) = kpl(code, "KPL106")
    assert str(raised.value) in message
    model = ours(code, "model")
    assert model.total() is None and model.layers[0].params is None
    assert model.layers[1].problem_kind == "after-unknown"  # the model states an input
    # Keras names a layer before its base class refuses the keyword: the next name moves on.
    probe = (
        "import keras\ntry:\n    keras.layers.Dense(8, batch_input_shape=(None, 4))\n"
        "except ValueError:\n    pass\nnext_name = keras.layers.Dense(1).name\n"
    )
    assert model.layers[1].name == run_in_keras(probe)["next_name"]


def test_an_int_input_shape_is_refused_as_keras_does() -> None:
    code = "import keras\nmodel = keras.Sequential([keras.layers.Dense(3, input_shape=(1024))])\n"
    with pytest.raises(ValueError) as raised:
        run_in_keras(code)
    (message,) = kpl(code, "KPL101")
    assert str(raised.value) in message
    assert kpl(code, "KPL003") == []  # it does state an input, one Keras refuses
    not_first = "import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, input_shape=(1024))])\n"
    assert ours(not_first, "model").total() == run_in_keras(not_first)["model"].count_params()


@pytest.mark.parametrize(
    ("first_layer", "data_shape"),
    [
        ("keras.layers.Dense(30, activation='relu', input_shape=X_train.shape[1:])", (5, 7)),
        ("keras.layers.Conv2D(8, 3, input_shape=X_train.shape[1:])", (2, 9, 9, 3)),
        ("keras.layers.LSTM(6, input_shape=X_train.shape[1:])", (2, 10, 4)),
    ],
)
def test_an_unknown_input_shape_gives_one_symbol_per_dimension(
    first_layer: str, data_shape: tuple[int, ...]
) -> None:
    code = f"import keras\nimport numpy as np\nX_train = np.load('x.npy')\nmodel = keras.Sequential([{first_layer}, keras.layers.Flatten(), keras.layers.Dense(1)])\n"
    model = ours(code, "model")
    names = [d.symbols().pop().name for d in model.input_shape[1:] if isinstance(d, Poly)]
    assert names == [f"X_train.shape[{i}]" for i in range(1, len(data_shape))]
    keras_code = code.replace("np.load('x.npy')", f"np.zeros({data_shape})")
    expected = run_in_keras(keras_code)["model"]
    values = {name: data_shape[i + 1] for i, name in enumerate(names)}
    assert substitute_report(model, values).total() == expected.count_params()


def test_an_unknown_layer_list_is_unknown_not_unbuilt() -> None:
    code = "import keras\nimport pickle\nother = pickle.load(open('m.pkl', 'rb'))\nmodel = keras.Sequential([l for l in other.layers])\n"
    model = ours(code, "model")
    assert model.built and model.total() is None and model.uncertain
    assert kpl(code, "KPL003") == [] and kpl(code, "KPL004") != []


def test_the_idioms_fixture_names_every_layer_as_keras_does() -> None:
    golden = json.loads((ROOT / "tests/goldens/scripts__fashion_partial_cnn.py.json").read_text())
    report = analyze_file(ROOT / "fixtures" / golden["fixture"])
    assert len(report.models) == len(golden["models"]) == 5
    for model, expected in zip(report.models, golden["models"], strict=True):
        assert model.complete
        assert [r.name for r in model.layers] == [layer["name"] for layer in expected["layers"]]


FORMATTED = [
    '"hidden_{}".format(3)',
    '"{0}-{0}-{1}".format("a", 2)',
    '"{name}_{i:03d}".format(name="conv", i=7)',
    '"{:>8.3f}|{:<6}|{:^7}".format(3.14159, "ab", "mid")',
    '"{!r}".format("q")',
    '"{:,}".format(10**12)',
    '"{:.99999f}".format(1.0)',
    '"{0.real}".format(3)',
    '"{:{w}}".format(3, w=5)',
    '"{}{}".format(1)',
    '"{}".format(np.prod((2, 3)))',
    "f\"d{2:02d}_{'x'!s}\"",
    'f"{{literal}} {1 + 1}"',
    'f"a\\tb{3}"',
    'rf"\\d{3}"',
    'f"{3.5:%}"',
    'f"{10**30:e}"',
    "f\"{'a' * 3:>{2 + 3}}\"",
    'f"{x=}"',
    '"_".join(["a", "b"]) + "-".join(("c",)).upper()',
]


@pytest.mark.parametrize("expression", FORMATTED)
def test_formatting_is_pythons_or_unknown(expression: str) -> None:
    """Whatever string paramlint computes is the one Python computes; the rest is unknown."""
    code = f"import keras\nimport numpy as np\nx = 4\nmodel = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, name={expression})])\n"
    (layer,) = ours(code, "model").layers
    import numpy as np

    try:
        expected = eval(expression, {"np": np, "x": 4})  # our own expressions, not user code
    except Exception:
        expected = None
    unknown = ("99999", "0.real", "{w}", "{}{}", "x=")  # too wide, a lookup, nested, fails
    if any(marker in expression for marker in unknown):
        assert layer.name.startswith("<")  # the name is unknown (and uses up no automatic name)
    else:
        assert layer.name == expected


def test_an_unknown_name_uses_up_no_automatic_name() -> None:
    code = "import os\nimport keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name=os.environ.get('NAME', 'first')), keras.layers.Dense(2)])\n"
    expected = run_in_keras(code)["model"]
    names = [r.name for r in ours(code, "model").layers]
    assert names[0].startswith("<") and names[1] == expected.layers[1].name


@pytest.mark.parametrize(
    "units", ["np.prod(X.shape[1:])", "np.prod(X.shape[1:]) * 2", "np.prod((2, 2)) + X.shape[1]"]
)
def test_a_numpy_integer_of_unknown_value_is_still_refused(units: str) -> None:
    code = f"import keras\nimport numpy as np\nX = np.load('x.npy')\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense({units})])\n"
    with pytest.raises(ValueError, match="expected a positive integer"):
        run_in_keras(code.replace("np.load('x.npy')", "np.zeros((2, 3, 4))"))
    (message,) = kpl(code, "KPL101")
    assert "Received an invalid value for `units`, expected a positive integer" in message
    as_int = code.replace(f"Dense({units})", f"Dense(int({units}))")
    assert kpl(as_int, "KPL101") == [] and ours(as_int, "model").layers[0].problem is None
