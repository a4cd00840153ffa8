"""``paramlint rule``: a rule's documentation, or the table of every rule."""

from __future__ import annotations

import sys

from ..formats.base import rule_documentation, rule_for
from ..rules.docs import rule_table
from . import EXIT_ERROR, EXIT_OK


def rule(code: str | None) -> int:
    if code is None:
        print(rule_table())
        return EXIT_OK
    found = rule_for(code.upper())
    if found is None:
        print(f"paramlint: error: no rule {code!r} (see `paramlint rule`)", file=sys.stderr)
        return EXIT_ERROR
    print(rule_documentation(found))
    return EXIT_OK
