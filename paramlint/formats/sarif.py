"""The sarif format: SARIF 2.1.0, as GitHub code scanning reads it.

Every rule (lint rules and review gates) is described in ``tool.driver.rules``; each diagnostic
is a result with its rule, level, message and a location whose ``uri`` is relative to the
repository root. A notebook diagnostic points at the line of the ``.ipynb`` file that holds the
cell's code, so the annotation lands on the file GitHub shows.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..rules.base import Diagnostic, Rule
from .base import CheckResult, all_rules, rule_documentation

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(result: CheckResult) -> str:
    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
    run = {
        "tool": {
            "driver": {
                "name": "paramlint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [rule_descriptor(rule) for rule in rules],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, result, index) for d in result.diagnostics],
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False)


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    """A ``reportingDescriptor``: id, name, short and full description, help (text, Markdown)."""
    documentation = rule.documentation()
    summary = documentation.splitlines()[0] if documentation else rule.name
    page = rule_documentation(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": _what_it_does(page) or summary},
        "help": {"text": page, "markdown": page},
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"tags": ["keras", rule.code[:4] + "xx"]},
    }


def _what_it_does(page: str) -> str:
    """The "What it does" section of a rule page, as one paragraph."""
    _, _, rest = page.partition("## What it does\n")
    section = rest.split("\n## ", 1)[0]
    return " ".join(section.split())


def _result(diagnostic: Diagnostic, result: CheckResult, index: dict[str, int]) -> dict[str, Any]:
    line, column = result.file_position(diagnostic)
    found: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": diagnostic.severity,
        "message": {"text": result.located_message(diagnostic)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(result.uri(diagnostic.path))},
                    "region": {"startLine": line, "startColumn": column},
                }
            }
        ],
    }
    if diagnostic.code in index:
        found["ruleIndex"] = index[diagnostic.code]
    return found
