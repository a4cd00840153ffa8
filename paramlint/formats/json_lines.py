"""The json-lines format: one JSON object per diagnostic per line, as in the json format."""

from __future__ import annotations

import json

from .base import CheckResult
from .json_report import diagnostic_json


def render(result: CheckResult) -> str:
    return "\n".join(json.dumps(diagnostic_json(d), ensure_ascii=False) for d in result.diagnostics)
