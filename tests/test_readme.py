"""The README's rule table is generated from the rules; this fails when it is stale."""

from __future__ import annotations

import re
from pathlib import Path

from paramlint.rules.docs import rule_table

README = Path(__file__).resolve().parent.parent / "README.md"


def test_rule_table_is_current() -> None:
    text = README.read_text()
    match = re.search(r"<!-- rules-table:.*?-->\n(.*?)\n<!-- end rules-table -->", text, re.DOTALL)
    assert match, "README.md lost its rules-table markers"
    assert match.group(1) == rule_table(), "run `paramlint rule` and paste the table into README.md"
