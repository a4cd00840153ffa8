"""The github format: GitHub Actions workflow commands, one annotation per diagnostic.

``::error file=…,line=…,col=…,title=paramlint (CODE)::message`` (``::warning`` for warnings),
with the path relative to the repository root and, for a notebook, the line of the ``.ipynb``
file that holds the cell's code.
"""

from __future__ import annotations

from .base import CheckResult


def render(result: CheckResult) -> str:
    lines = []
    for diagnostic in result.diagnostics:
        line, column = result.file_position(diagnostic)
        lines.append(
            command(
                diagnostic.severity,
                result.located_message(diagnostic),
                file=result.uri(diagnostic.path),
                line=str(line),
                col=str(column),
                title=f"paramlint ({diagnostic.code})",
            )
        )
    return "\n".join(lines)


def command(name: str, message: str, **properties: str) -> str:
    """One workflow command, escaped as the runner expects."""
    props = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
    return f"::{name} {props}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
