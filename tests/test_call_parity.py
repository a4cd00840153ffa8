"""Multi-input layer calls agree with real Keras 3: every output shape, the weights, the errors.

Each case (tests/call_cases/) calls a Keras layer on one ``keras.Input`` per tensor argument and
compares with the catalog spec's ``apply_call``. Expected values come from Keras at test time.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import pkgutil
import random
import re

import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from paramlint.analyzer.dims import Poly  # noqa: E402
from paramlint.analyzer.layers import CATALOG, KerasError, Unresolved  # noqa: E402
from paramlint.analyzer.values import Unknown  # noqa: E402
from tests import call_cases  # noqa: E402
from tests.call_cases import Tensor  # noqa: E402

KERAS_ERRORS = (ValueError, TypeError, IndexError, AttributeError, ZeroDivisionError)


def _cases() -> list[tuple[str, str, dict[str, object], dict[str, object]]]:
    found = []
    for module in pkgutil.iter_modules(call_cases.__path__):
        cases = importlib.import_module(f"tests.call_cases.{module.name}").CASES
        found += [(module.name, expr, inputs, options) for expr, inputs, options in cases]
    return found


def _keras_value(value: object) -> object:
    if isinstance(value, Tensor):
        return keras.Input(batch_shape=value.shape)
    if isinstance(value, list):
        return [_keras_value(v) for v in value]
    return value


def _keras_tensors(shape: object) -> object:
    if isinstance(shape, list):
        return [keras.Input(batch_shape=s) for s in shape]
    if isinstance(shape, tuple) and shape and all(isinstance(s, tuple) for s in shape):
        return tuple(keras.Input(batch_shape=s) for s in shape)
    return keras.Input(batch_shape=shape)


def _plain(message: str) -> str:
    """Keras's message without its terminal colours, and with a layer's automatic name
    (``multi_head_attention_44``, numbered per process) as the first of its kind is named."""
    message = re.sub(r"\x1b\[[0-9;]*m", "", message)
    return re.sub(r"path='([a-z_]+?)_\d+/", r"path='\1/", message)


def keras_call_facts(
    expr: str, inputs: dict[str, object], options: dict[str, object]
) -> dict[str, object] | str:
    namespace = {name: getattr(keras.layers, name) for name in dir(keras.layers)}
    try:
        layer = eval(expr, namespace)  # our own test strings, never user code
        tensors = {name: _keras_tensors(shape) for name, shape in inputs.items()}
        kwargs = {name: _keras_value(value) for name, value in options.items()}
        outputs = layer(**tensors, **kwargs)
    except KERAS_ERRORS as error:
        return f"keras raised: {_plain(str(error))}"
    outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    return {
        "outputs": [tuple(o.shape) for o in outputs],
        "weights": [(w.name, tuple(w.shape), bool(w.trainable), w.dtype) for w in layer.weights],
    }


def spec_call_facts(
    expr: str, inputs: dict[str, object], options: dict[str, object]
) -> dict[str, object] | str:
    try:
        spec = eval(expr, dict(CATALOG))
        plain_options = {name: _spec_value(value) for name, value in options.items()}
        outputs, weights = spec.apply_call(inputs, plain_options)
    except KerasError as error:
        return f"keras raised: {error}"
    return {
        "outputs": [tuple(o) for o in outputs],
        "weights": [(w.name, tuple(w.shape), w.trainable, w.dtype) for w in weights],
    }


def _spec_value(value: object) -> object:
    if isinstance(value, Tensor):
        return object()  # a tensor the spec only passes along
    if isinstance(value, list):
        return [_spec_value(v) for v in value]
    return value


@pytest.mark.parametrize(("group", "expr", "inputs", "options"), _cases())
def test_call_matches_keras(
    group: str, expr: str, inputs: dict[str, object], options: dict[str, object]
) -> None:
    expected = keras_call_facts(expr, inputs, options)
    actual = spec_call_facts(expr, inputs, options)
    if isinstance(expected, str):
        assert isinstance(actual, str), f"Keras rejects {expr} on {inputs}: {expected}"
        # A tensor passed as an option is an opaque object for the spec: compare up to it.
        wording = actual.removeprefix("keras raised: ").split("<object object")[0]
        assert wording in expected, f"Keras says {expected!r}"
    else:
        assert actual == expected


def test_an_empty_merge_list_is_refused() -> None:
    """Keras fails on ``Add()([])`` (inside its build); the spec says why in Keras's own words."""
    with pytest.raises(TypeError):
        keras.layers.Add()([])
    with pytest.raises(KerasError, match="at least 1 input"):
        CATALOG["Add"]().apply_call({"inputs": []}, {})


@pytest.mark.parametrize(
    ("expr", "shape"),
    [
        ("Add()", (None, 3)),
        ("Concatenate()", (None, 3)),
        ("Dot(axes=1)", (None, 3)),
        ("Attention()", (None, 3, 4)),
        ("MultiHeadAttention(2, 4)", (None, 3, 4)),
    ],
)
def test_a_multi_input_layer_in_a_sequential_is_refused(expr: str, shape: tuple) -> None:
    """In a Sequential these layers get one tensor: Keras raises, and so does ``apply``."""
    namespace = {name: getattr(keras.layers, name) for name in dir(keras.layers)}
    with pytest.raises(KERAS_ERRORS):
        keras.Sequential([keras.Input(batch_shape=shape), eval(expr, namespace)])
    with pytest.raises(KerasError):
        eval(expr, dict(CATALOG)).apply(shape)


def test_the_default_apply_call_lists_every_output() -> None:
    """A single-input spec works through ``apply_call`` unchanged (an LSTM's states included)."""
    layer = keras.layers.LSTM(4, return_state=True)
    outputs = layer(keras.Input(batch_shape=(None, 6, 3)))
    spec_outputs, weights = CATALOG["LSTM"](4, return_state=True).apply_call(
        {"inputs": (None, 6, 3)}, {}
    )
    assert spec_outputs == [tuple(o.shape) for o in outputs]
    assert [(w.name, w.shape) for w in weights] == [(w.name, tuple(w.shape)) for w in layer.weights]
    # Dropout maps over a list of tensors (no InputSpec stops it): paramlint does not follow that.
    dropped = keras.layers.Dropout(0.5)([keras.Input(batch_shape=(None, 2))] * 2)
    assert isinstance(dropped, list)
    with pytest.raises(Unresolved):
        CATALOG["Dropout"](0.5).apply_call({"inputs": [(None, 2), (None, 2)]}, {})


# -- symbolic sizes: exact where Keras's answer does not depend on the value -------------------

H = Poly.symbol("h")


def _at(value: object, h: int) -> object:
    if isinstance(value, Poly):
        return value.substitute({"h": h})
    if isinstance(value, dict):
        return {name: _at(v, h) for name, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_at(v, h) for v in value)
    return value


@pytest.mark.parametrize(
    ("expr", "inputs"),
    [
        ("Add()", {"inputs": [(None, H), (None, H)]}),
        ("Add()", {"inputs": [(None, 4, H), (None, 1, H)]}),
        ("Add()", {"inputs": [(None, H), (None, 1)]}),
        ("Concatenate()", {"inputs": [(None, 6, H), (None, 6, 3)]}),
        ("Concatenate(axis=1)", {"inputs": [(None, H, 5), (None, H + 1, 5)]}),
        ("Dot(axes=-1)", {"inputs": [(None, 4, H), (None, 7, H)]}),
        ("MultiHeadAttention(2, 4)", {"query": (None, 5, H), "value": (None, 7, H)}),
        (
            "MultiHeadAttention(2, 4, output_shape=6)",
            {"query": (None, H, 8), "value": (None, 7, 3)},
        ),
        ("AdditiveAttention()", {"inputs": [(None, 3, H), (None, 5, H)]}),
    ],
)
@pytest.mark.parametrize("h", [1, 3, 16])
def test_symbolic_sizes_agree_with_keras_at_every_value(
    expr: str, inputs: dict[str, object], h: int
) -> None:
    outputs, weights = eval(expr, dict(CATALOG)).apply_call(inputs, {})
    expected = keras_call_facts(expr, _at(inputs, h), {})  # type: ignore[arg-type]
    assert isinstance(expected, dict)
    assert [_at(o, h) for o in outputs] == expected["outputs"]
    assert [(w.name, _at(w.shape, h)) for w in weights] == [w[:2] for w in expected["weights"]]


@pytest.mark.parametrize(
    ("expr", "inputs"),
    [
        ("Add()", {"inputs": [(None, H), (None, 8)]}),
        ("Concatenate()", {"inputs": [(None, H, 2), (None, 8, 2)]}),
        ("Dot(axes=1)", {"inputs": [(None, H), (None, 3)]}),
        (
            "MultiHeadAttention(2, 4)",
            {"query": (None, 5, 8), "value": (None, H, 6), "key": (None, 7, 6)},
        ),
    ],
)
def test_a_comparison_that_depends_on_a_symbol_is_unresolved(
    expr: str, inputs: dict[str, object]
) -> None:
    """Add of h and 8 is fine at 8 or 1 and an error otherwise: paramlint does not guess."""
    passes = [isinstance(keras_call_facts(expr, _at(inputs, h), {}), dict) for h in (1, 3, 7, 8)]  # type: ignore[arg-type]
    assert len(set(passes)) == 2  # Keras's answer really depends on the value
    with pytest.raises(Unresolved):
        eval(expr, dict(CATALOG)).apply_call(inputs, {})


def test_unknown_head_count_is_a_symbol_in_the_weights() -> None:
    heads = Unknown("from a config file", None, "heads")
    spec = CATALOG["MultiHeadAttention"](num_heads=heads, key_dim=4)
    _, weights = spec.apply_call({"query": (None, 5, 8), "value": (None, 7, 6)}, {})
    layer = keras.layers.MultiHeadAttention(num_heads=3, key_dim=4)
    layer(keras.Input(batch_shape=(None, 5, 8)), keras.Input(batch_shape=(None, 7, 6)))
    assert [_at_heads(w.shape) for w in weights] == [tuple(w.shape) for w in layer.weights]


def _at_heads(shape: tuple) -> tuple:
    return tuple(d.substitute({"heads": 3}) if isinstance(d, Poly) else d for d in shape)


def test_unknown_return_attention_scores_is_unresolved() -> None:
    spec = CATALOG["MultiHeadAttention"](2, 4)
    flag = Unknown("a function argument", None, "with_scores")
    with pytest.raises(Unresolved):
        spec.apply_call(
            {"query": (None, 5, 8), "value": (None, 7, 6)}, {"return_attention_scores": flag}
        )


# -- a seeded sweep: random shapes and arguments, many of them invalid ------------------------

SWEEP_MERGES = ["Add()", "Subtract()", "Multiply()", "Average()", "Maximum()", "Minimum()"]


def _random_dim(rng: random.Random) -> int | None:
    return rng.choice([None, 1, 1, 2, 3, 3, 4])


def _merge_case(rng: random.Random) -> tuple[str, dict[str, object], dict[str, object]]:
    rank = rng.randint(1, 4)
    base = [_random_dim(rng) for _ in range(rank)]
    shapes = []
    for _ in range(rng.choice([1, 2, 2, 2, 3])):
        shape = [d if rng.random() < 0.7 else _random_dim(rng) for d in base]
        if rng.random() < 0.2:
            shape = shape[rng.randint(0, len(shape)) :]  # a lower rank
        batch = rng.choice([None, None, None, 2, 4])
        shapes.append((batch, *shape))
    kind = rng.random()
    if kind < 0.5:
        expr = rng.choice(SWEEP_MERGES)
    elif kind < 0.8:
        expr = f"Concatenate(axis={rng.randint(-rank - 1, rank + 1)})"
    else:
        axes = rng.choice([rng.randint(-2, rank + 1), (rng.randint(1, rank), rng.randint(1, rank))])
        expr = f"Dot(axes={axes!r})"
    return expr, {"inputs": shapes}, {}


def _attention_case(rng: random.Random) -> tuple[str, dict[str, object], dict[str, object]]:
    rank = rng.randint(2, 4)
    query = (None, *[rng.choice([None, 2, 3]) for _ in range(rank - 2)], rng.choice([4, 6, None]))
    value = (
        None,
        *[rng.choice([None, 2, 3]) for _ in range(rng.choice([rank, rank, rank - 1]) - 2)],
        rng.choice([4, 5]),
    )
    inputs: dict[str, object] = {"query": query, "value": value}
    if rng.random() < 0.3:
        inputs["key"] = (*value[:-1], rng.choice([3, 4])) if rng.random() < 0.8 else (None, 9, 4)
    arguments = [f"{rng.randint(1, 3)}", f"{rng.randint(1, 4)}"]
    if rng.random() < 0.3:
        arguments.append(f"value_dim={rng.randint(1, 3)}")
    if rng.random() < 0.3:
        arguments.append(f"output_shape={rng.choice([2, (2, 3), [5]])!r}")
    if rng.random() < 0.3:
        arguments.append(f"attention_axes={rng.choice([1, -2, (1, 2), 3, 0])!r}")
    if rng.random() < 0.2:
        arguments.append("use_bias=False")
    if rng.random() < 0.2:
        arguments.append("use_gate=True")
    options = {"return_attention_scores": rng.random() < 0.4}
    return f"MultiHeadAttention({', '.join(arguments)})", inputs, options


def _sweep() -> list[tuple[str, dict[str, object], dict[str, object]]]:
    rng = random.Random(20261201)
    return [_merge_case(rng) for _ in range(200)] + [_attention_case(rng) for _ in range(40)]


@pytest.mark.parametrize(("expr", "inputs", "options"), _sweep())
def test_random_calls_match_keras(
    expr: str, inputs: dict[str, object], options: dict[str, object]
) -> None:
    test_call_matches_keras("sweep", expr, inputs, options)


# -- a one-input layer called on a list of tensors ---------------------------------------------


def _catalog_layers() -> list[tuple[str, tuple[int | None, ...]]]:
    from tests import catalog_cases

    found = []
    for module in pkgutil.iter_modules(catalog_cases.__path__):
        cases = importlib.import_module(f"tests.catalog_cases.{module.name}")
        requires = getattr(cases, "REQUIRES", ())  # packages Keras needs for those layers
        if all(importlib.util.find_spec(name) is not None for name in requires):
            found += cases.CASES
    return found


def test_input_specs_are_the_ones_keras_sets_at_construction() -> None:
    """Which layers refuse a list of tensors outright: those Keras gives an InputSpec."""
    namespace = {name: getattr(keras.layers, name) for name in dir(keras.layers)}
    compared = 0
    for expr, _ in _catalog_layers():
        try:
            layer = eval(expr, namespace)
            spec = eval(expr, dict(CATALOG))
        except (*KERAS_ERRORS, KerasError, Unresolved):
            continue
        assert spec.has_input_spec() == (layer.input_spec is not None), expr
        compared += 1
    assert compared > 500


def test_a_list_of_two_tensors_is_refused_where_keras_refuses_it() -> None:
    namespace = {name: getattr(keras.layers, name) for name in dir(keras.layers)}
    refused = 0
    for expr, shape in _catalog_layers():
        try:
            spec = eval(expr, dict(CATALOG))
        except (KerasError, Unresolved, TypeError):
            continue  # a case Keras's constructor refuses
        try:
            spec.apply_call({"inputs": [shape, shape]}, {})
        except Unresolved:
            continue  # not followed: never a wrong answer
        except KerasError as error:
            with pytest.raises(ValueError, match="expects 1 input") as raised:
                eval(expr, namespace)([keras.Input(batch_shape=shape)] * 2)
            keras_message = re.sub(r'Layer "(\w+?)_\d+"', r'Layer "\1"', str(raised.value))
            assert str(error) in keras_message, expr
            refused += 1
            continue
        pytest.fail(f"{expr} takes a list of two tensors")
        refused += 1
    assert refused > 300


def test_every_catalog_name_is_a_keras_layer_name() -> None:
    """``keras.layers.GroupedQueryAttention`` does not exist (the class is exported as
    GroupQueryAttention), so paramlint must not resolve that name either."""
    assert [name for name in CATALOG if not hasattr(keras.layers, name)] == []
    spec = CATALOG["GroupQueryAttention"](4, 4, 2)
    layer = keras.layers.GroupQueryAttention(4, 4, 2)
    assert spec.class_name() == type(layer).__name__
