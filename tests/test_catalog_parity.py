"""Every catalog spec agrees with the real Keras 3 layer of the same name, case by case.

Needs the test extra (``keras`` and ``jax``); expected values come from Keras at test time.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import pkgutil

import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from paramlint.analyzer.layers import CATALOG, KerasError  # noqa: E402
from tests import catalog_cases  # noqa: E402


def _missing(requires: tuple[str, ...]) -> list[str]:
    return [name for name in requires if importlib.util.find_spec(name) is None]


def _cases() -> list[object]:
    """Every case; a module's ``REQUIRES`` (packages Keras needs for those layers) may skip it."""
    found: list[object] = []
    for module in pkgutil.iter_modules(catalog_cases.__path__):
        cases_module = importlib.import_module(f"tests.catalog_cases.{module.name}")
        missing = _missing(getattr(cases_module, "REQUIRES", ()))
        marks = [pytest.mark.skip(reason=f"Keras needs {', '.join(missing)}")] if missing else []
        found += [
            pytest.param(module.name, expr, shape, marks=marks)
            for expr, shape in cases_module.CASES
        ]
    return found


def keras_layer_facts(expr: str, batch_shape: tuple[int | None, ...]) -> dict[str, object] | str:
    """Build ``expr`` after a ``keras.Input`` of ``batch_shape``; the facts, or Keras's error."""
    namespace = {name: getattr(keras.layers, name) for name in dir(keras.layers)}
    try:
        layer = eval(expr, namespace)  # our own test strings, never user code
        model = keras.Sequential([keras.Input(batch_shape=batch_shape), layer])
        # A layer whose call raises NotImplementedError leaves the model unbuilt (no outputs).
        output_shape = tuple(model.outputs[0].shape)
    except (ValueError, TypeError, IndexError, AttributeError) as error:
        return f"keras raised: {error}"
    return {
        "output_shape": output_shape,
        "weights": sorted(
            (w.name, tuple(w.shape), bool(w.trainable), w.dtype) for w in layer.weights
        ),
    }


def spec_facts(expr: str, batch_shape: tuple[int | None, ...]) -> dict[str, object] | str:
    namespace = dict(CATALOG)
    try:
        spec = eval(expr, namespace)
        output_shape, weights = spec.apply(batch_shape)
    except KerasError as error:
        return f"keras raised: {error}"
    return {
        "output_shape": tuple(output_shape),
        "weights": sorted((w.name, tuple(w.shape), w.trainable, w.dtype) for w in weights),
    }


@pytest.mark.parametrize(("group", "expr", "batch_shape"), _cases())
def test_spec_matches_keras(group: str, expr: str, batch_shape: tuple[int | None, ...]) -> None:
    expected = keras_layer_facts(expr, batch_shape)
    actual = spec_facts(expr, batch_shape)
    if isinstance(expected, str):
        assert isinstance(actual, str), f"Keras rejects {expr} on {batch_shape}: {expected}"
    else:
        assert actual == expected
