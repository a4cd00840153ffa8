"""What a rule is: a code, a name, a severity, its documentation and examples, and a check.

Rules judge the engine's facts (``ModelReport``) and never look at source text or the command
line. Options (budgets) reach a rule through :class:`RuleContext`, resolved per model from the
config. Every rule carries ``VALID`` and ``INVALID`` example snippets that the test suite runs, so
a rule cannot exist without proof that it fires and that it stays quiet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from paramlint.analyzer.api import FileReport
from paramlint.analyzer.infer import LayerReport, ModelReport
from paramlint.analyzer.source import Position

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Budgets:
    """Budget options; None means no budget. ``max_size`` is in bytes."""

    max_params: int | None = None
    max_trainable_params: int | None = None
    max_non_trainable_params: int | None = None
    max_layer_params: int | None = None
    max_size: int | None = None
    max_layers: int | None = None
    max_flops: int | None = None
    max_macs: int | None = None
    warn_at: float | None = None


@dataclass(frozen=True)
class RuleContext:
    budgets: Budgets = field(default_factory=Budgets)
    dtype: str | None = None  # bytes per parameter for size budgets; None: each weight's own


@dataclass(frozen=True)
class Diagnostic:
    path: str
    position: Position
    code: str
    severity: str
    message: str

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        where = self.position
        return (self.path, where.cell or 0, where.line, where.column, self.code, self.message)

    def render(self) -> str:
        return f"{self.path}:{self.position.render()}: {self.code} {self.message}"


@dataclass(frozen=True)
class Example:
    """A whole file of code, and the config options (kebab-case, as in TOML) it is checked with."""

    source: str
    options: dict[str, object] = field(default_factory=dict)


class Rule:
    """Base of every rule. Subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[str] = ERROR
    default_enabled: ClassVar[bool] = True
    # Examples on which the rule stays quiet / fires at least once.
    VALID: ClassVar[tuple[Example, ...]] = ()
    INVALID: ClassVar[tuple[Example, ...]] = ()
    # The INVALID snippets describe code real Keras rejects at build time (checked by a test).
    keras_raises: ClassVar[bool] = False

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        return iter(())

    def check_file(self, report: FileReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        """File-level findings (a file that does not parse); most rules only look at models."""
        return iter(())

    # helpers for subclasses
    def at_model(self, model: ModelReport, message: str, severity: str | None = None) -> Diagnostic:
        return Diagnostic(model.path, model.position, self.code, severity or self.severity, message)

    def at_layer(
        self, model: ModelReport, layer: LayerReport, message: str, severity: str | None = None
    ) -> Diagnostic:
        return Diagnostic(model.path, layer.position, self.code, severity or self.severity, message)

    @classmethod
    def documentation(cls) -> str:
        return (cls.__doc__ or "").strip()
