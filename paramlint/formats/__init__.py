"""Output formats of ``paramlint check``: a registry, format name -> renderer of a CheckResult.

Each format's module is imported only when it is used, so a plain text run (a pre-commit hook)
does not pay for SARIF, JUnit or Markdown.
"""

from __future__ import annotations

import importlib

from ..rules.config import OUTPUT_FORMATS
from .base import CheckResult, ModelResult, Renderer

_MODULES = {
    "text": "text",
    "json": "json_report",
    "json-lines": "json_lines",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
    "markdown": "markdown",
}
assert tuple(_MODULES) == OUTPUT_FORMATS, "rules/config.py's OUTPUT_FORMATS lists every format"


def renderer(name: str) -> Renderer:
    """The renderer of one output format."""
    module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
    render: Renderer = module.render
    return render


__all__ = ["CheckResult", "ModelResult", "Renderer", "renderer"]
