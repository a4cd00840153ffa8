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


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", README.read_text(), re.DOTALL)


def test_precommit_snippet_names_the_tag_of_this_version() -> None:
    """The tagged-release snippet's rev is the tag this version is published as: v + version."""
    import tomllib

    pyproject = README.parent / "pyproject.toml"
    version = tomllib.loads(pyproject.read_text())["project"]["version"]
    (snippet,) = [b for b in _yaml_blocks() if "id: paramlint" in b and "repo: local" not in b]
    assert re.search(r"^\s*rev: (\S+)", snippet, re.MULTILINE).group(1) == f"v{version}"  # type: ignore[union-attr]


def test_local_precommit_snippet_matches_the_hook_manifest() -> None:
    """The `repo: local` snippet runs what .pre-commit-hooks.yaml declares."""
    (snippet,) = [b for b in _yaml_blocks() if "repo: local" in b]
    manifest = (README.parent / ".pre-commit-hooks.yaml").read_text()
    for key in ("id", "entry", "language", "types_or", "require_serial"):
        declared = re.search(rf"^\s*-?\s*{key}: (.+)$", manifest, re.MULTILINE)
        assert declared and f"{key}: {declared.group(1).strip()}" in snippet, key
