"""The json format: every diagnostic, and every model as judged, with its budgets and status.

The schema is documented (as a JSON Schema) in the README, section "JSON output"; a test checks
this output against it. ``version`` changes only when a field changes meaning or goes away.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..render import JSON_SCHEMA_VERSION, model_json, position_json
from ..rules.base import Diagnostic
from .base import CheckResult, ModelResult, rule_name


def render(result: CheckResult) -> str:
    document = {
        "version": JSON_SCHEMA_VERSION,
        "tool": {"name": "paramlint", "version": __version__},
        "summary": {
            "files": result.files,
            "errors": result.error_count,
            "warnings": result.warning_count,
        },
        "diagnostics": [diagnostic_json(d) for d in result.diagnostics],
        "models": [checked_model_json(m) for m in result.models],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "code": diagnostic.code,
        "name": rule_name(diagnostic.code),
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "path": diagnostic.path,
        "position": position_json(diagnostic.position),
    }


def checked_model_json(model: ModelResult) -> dict[str, Any]:
    """The summary's model object (as judged), with where it is, its budgets and its findings."""
    judged = model_json(model.judged, model.dtype)
    return {
        "path": model.path,
        "display_name": model.name,
        "status": model.status,
        "budgets": model.budget_table(),
        "diagnostics": [diagnostic_json(d) for d in model.diagnostics],
        **judged,
        "name": model.found.keras_name,
        "variable": model.found.variable,
        "function": model.found.function,
        "position": position_json(model.found.position),
        "occurrence": model.found.occurrence,
    }
