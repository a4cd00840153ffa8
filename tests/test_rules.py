"""Every rule's VALID and INVALID examples, run as tests; shape rules checked against real Keras."""

from __future__ import annotations

import os
import warnings

import pytest

from paramlint.analyzer.api import analyze_code
from paramlint.rules.base import Example, Rule
from paramlint.rules.config import parse_config
from paramlint.rules.registry import ALL_RULES
from paramlint.rules.run import check_report


def codes_for(example: Example, rule: type[Rule]) -> list[str]:
    config = parse_config({**example.options, "select": [rule.code]}, "<example>", ".")
    report = analyze_code(example.source, "example.py")
    return [d.code for d in check_report(report, config, "example.py")]


CASES = [
    pytest.param(rule, example, kind, id=f"{rule.code}-{kind}-{index}")
    for rule in ALL_RULES
    for kind, examples in (("valid", rule.VALID), ("invalid", rule.INVALID))
    for index, example in enumerate(examples)
]


def test_every_rule_has_examples_and_docs() -> None:
    for rule in ALL_RULES:
        assert rule.VALID and rule.INVALID, rule.code
        doc = rule.documentation()
        for heading in ("## What it does", "## Why is this bad?", "## Example"):
            assert heading in doc, (rule.code, heading)


@pytest.mark.parametrize(("rule", "example", "kind"), CASES)
def test_rule_example(rule: type[Rule], example: Example, kind: str) -> None:
    found = codes_for(example, rule)
    if kind == "valid":
        assert found == [], example.source
    else:
        assert rule.code in found, example.source


ORACLE = [
    pytest.param(rule, example, kind, id=f"{rule.code}-{kind}-{index}")
    for rule in ALL_RULES
    if rule.keras_raises
    for kind, examples in (("valid", rule.VALID), ("invalid", rule.INVALID))
    for index, example in enumerate(examples)
]


@pytest.mark.parametrize(("rule", "example", "kind"), ORACLE)
def test_shape_rule_agrees_with_keras(rule: type[Rule], example: Example, kind: str) -> None:
    """An INVALID example of a shape-error rule is code real Keras refuses; a VALID one builds.

    Each runs as a fresh script would: Keras's layer-name counters are reset first (the implicit
    InputLayer is "input_layer" only in a fresh session). For the argument rules, paramlint's
    message carries Keras's own.
    """
    os.environ.setdefault("KERAS_BACKEND", "jax")
    keras = pytest.importorskip("keras")
    keras.backend.clear_session()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if kind == "valid":
            exec(
                compile(example.source, "example.py", "exec"), {}
            )  # our own example, not user code
            return
        with pytest.raises((ValueError, TypeError)) as raised:
            exec(compile(example.source, "example.py", "exec"), {})
    if rule.code in ("KPL101", "KPL106", "KPL107"):
        config = parse_config({**example.options, "select": [rule.code]}, "<example>", ".")
        report = analyze_code(example.source, "example.py")
        messages = [d.message for d in check_report(report, config, "example.py")]
        assert any(str(raised.value) in m for m in messages), (str(raised.value), messages)


def test_no_input_shape_is_off_by_default_and_selectable() -> None:
    """Deferred build is ordinary Keras style: KPL003 only when selected."""
    from paramlint.rules.run import enabled_codes

    assert "KPL003" not in enabled_codes(parse_config({}, "<test>", "."))
    selected = parse_config({"extend-select": ["KPL003"]}, "<test>", ".")
    assert "KPL003" in enabled_codes(selected)
