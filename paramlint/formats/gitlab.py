"""The gitlab format: a GitLab Code Quality report (a JSON array of issues).

Each issue has a description, the rule code as ``check_name``, a fingerprint that stays the same
when unrelated lines move (it hashes the path, code, message and the issue's rank among equal
ones, not the line), a severity and a location (path relative to the repository root, line).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from ..rules.base import ERROR, Diagnostic
from .base import CheckResult

SEVERITY = {ERROR: "major"}  # warnings are "minor"


def render(result: CheckResult) -> str:
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for diagnostic in result.diagnostics:
        key = (result.uri(diagnostic.path), diagnostic.code, diagnostic.message)
        issues.append(_issue(diagnostic, result, fingerprint(*key, seen[key])))
        seen[key] += 1
    return json.dumps(issues, indent=2, ensure_ascii=False)


def fingerprint(path: str, code: str, message: str, rank: int) -> str:
    text = "\0".join((path, code, message, str(rank)))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _issue(diagnostic: Diagnostic, result: CheckResult, fingerprint: str) -> dict[str, Any]:
    line, _ = result.file_position(diagnostic)
    return {
        "description": f"{diagnostic.code} {result.located_message(diagnostic)}",
        "check_name": diagnostic.code,
        "fingerprint": fingerprint,
        "severity": SEVERITY.get(diagnostic.severity, "minor"),
        "location": {"path": result.uri(diagnostic.path), "lines": {"begin": line}},
    }
