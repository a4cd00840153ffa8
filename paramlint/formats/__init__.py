"""Output formats of ``paramlint check``: a registry, format name -> renderer of a CheckResult."""

from __future__ import annotations

from ..rules.config import OUTPUT_FORMATS
from . import github, gitlab, json_lines, json_report, junit, markdown, sarif, text
from .base import CheckResult, ModelResult, Renderer

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "json-lines": json_lines.render,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
    "markdown": markdown.render,
}
assert tuple(FORMATS) == OUTPUT_FORMATS, "rules/config.py's OUTPUT_FORMATS lists every format"

__all__ = ["FORMATS", "CheckResult", "ModelResult", "Renderer"]
