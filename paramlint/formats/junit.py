"""The junit format: JUnit XML, for CI systems that show test reports.

One ``testsuite`` per checked file that has models or findings; one ``testcase`` per model
(``classname`` the file, ``name`` the model), failing with its error-level diagnostics, its
warnings in ``system-out``; diagnostics that belong to no model (a file that does not parse)
make a testcase named after the file.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..rules.base import ERROR, Diagnostic
from .base import CheckResult, ModelResult


def render(result: CheckResult) -> str:
    root = ET.Element("testsuites", name="paramlint")
    total = failures = 0
    for path in _paths(result):
        suite = _suite(path, result)
        root.append(suite)
        total += int(suite.get("tests", "0"))
        failures += int(suite.get("failures", "0"))
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _paths(result: CheckResult) -> list[str]:
    paths = [m.path for m in result.models] + [d.path for d in result.diagnostics]
    return list(dict.fromkeys(paths))


def _suite(path: str, result: CheckResult) -> ET.Element:
    suite = ET.Element("testsuite", name=result.uri(path))
    models = [m for m in result.models if m.path == path]
    attributed = {d for m in models for d in m.diagnostics}
    for model in models:
        suite.append(_case(result.uri(path), model_label(model), model.diagnostics))
    rest = [d for d in result.diagnostics if d.path == path and d not in attributed]
    if rest:
        suite.append(_case(result.uri(path), "(file)", rest))
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(case.find("failure") is not None for case in cases)))
    suite.set("errors", "0")
    return suite


def _case(classname: str, name: str, diagnostics: Sequence[Diagnostic]) -> ET.Element:
    case = ET.Element("testcase", classname=classname, name=name)
    errors = [d for d in diagnostics if d.severity == ERROR]
    if errors:
        failure = ET.SubElement(
            case,
            "failure",
            message="; ".join(f"{d.code} {d.message}" for d in errors),
            type=errors[0].code,
        )
        failure.text = "\n".join(d.render() for d in errors)
    warnings = [d for d in diagnostics if d.severity != ERROR]
    if warnings:
        ET.SubElement(case, "system-out").text = "\n".join(d.render() for d in warnings)
    return case


def model_label(model: ModelResult) -> str:
    return f"{model.name} ({model.found.position.render()})"
