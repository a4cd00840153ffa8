"""What the output formats render: a check's diagnostics and judged models, located for CI.

A :class:`CheckResult` holds every diagnostic of a ``paramlint check`` run, each model as the
rules judged it (with its budgets, its own diagnostics and a status), and what CI systems need
beyond ``path:line:col``: paths relative to the repository root, and notebook positions mapped
to lines of the ``.ipynb`` file itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields

from ..analyzer.dims import Dim
from ..analyzer.infer import ModelReport
from ..analyzer.source import NotebookLines
from ..gates import GATE_RULES, gate_page
from ..rules.base import ERROR, WARNING, Budgets, Diagnostic, Rule
from ..rules.docs import rule_page
from ..rules.registry import ALL_RULES, RULES_BY_CODE

OK = "ok"


@dataclass(frozen=True)
class ModelResult:
    """One model of a check: as found, as judged (config input shape applied, or its formulas)."""

    path: str  # as the diagnostics show it
    uri: str  # relative to the repository root, with forward slashes
    found: ModelReport  # names and position, as in the source
    judged: ModelReport  # the counts the rules checked
    budgets: Budgets
    dtype: str | None
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def name(self) -> str:
        return self.found.display_name

    @property
    def status(self) -> str:
        severities = {d.severity for d in self.diagnostics}
        return ERROR if ERROR in severities else WARNING if WARNING in severities else OK

    @property
    def params(self) -> Dim | None:
        return self.judged.total()

    @property
    def trainable(self) -> Dim | None:
        return self.judged.total(True)

    @property
    def non_trainable(self) -> Dim | None:
        return self.judged.total(False)

    @property
    def bytes(self) -> Dim | None:
        return self.judged.weight_bytes(None, self.dtype)

    def budget_table(self) -> dict[str, int | float]:
        """The budgets that apply, kebab-case as in the config (``max-size`` in bytes)."""
        return {
            f.name.replace("_", "-"): getattr(self.budgets, f.name)
            for f in fields(self.budgets)
            if getattr(self.budgets, f.name) is not None
        }


@dataclass
class CheckResult:
    files: int  # how many files were looked at
    diagnostics: list[Diagnostic]
    models: list[ModelResult]
    uris: dict[str, str] = field(default_factory=dict)  # diagnostic path -> repository path
    notebooks: dict[str, NotebookLines] = field(default_factory=dict)  # path -> its cell lines
    model_files: int | None = None  # how many of them build at least one model
    # text format only
    statistics: bool = False
    quiet: bool = False

    @property
    def error_count(self) -> int:
        return sum(d.severity == ERROR for d in self.diagnostics)

    @property
    def warning_count(self) -> int:
        return len(self.diagnostics) - self.error_count

    def uri(self, path: str) -> str:
        return self.uris.get(path, path.replace("\\", "/"))

    def file_position(self, diagnostic: Diagnostic) -> tuple[int, int]:
        """The 1-based line and column in the file itself (for notebooks: in the JSON)."""
        position = diagnostic.position
        if position.cell is None:
            return position.line, position.column
        notebook = self.notebooks.get(diagnostic.path)
        located = notebook.locate(position) if notebook is not None else None
        return located or (1, 1)

    def located_message(self, diagnostic: Diagnostic) -> str:
        """The message, with the cell position added for a notebook (the file line is JSON)."""
        if diagnostic.position.cell is None:
            return diagnostic.message
        return f"{diagnostic.message} ({diagnostic.position.render()})"


Renderer = Callable[[CheckResult], str]


def rule_for(code: str) -> type[Rule] | None:
    """The rule behind a code: a lint rule, or a review gate (KPL4xx)."""
    return RULES_BY_CODE.get(code) or GATE_RULES.get(code)


def rule_documentation(rule: type[Rule]) -> str:
    """The page ``paramlint rule CODE`` prints."""
    return gate_page(rule) if rule.code in GATE_RULES else rule_page(rule)


def all_rules() -> list[type[Rule]]:
    return [*ALL_RULES, *GATE_RULES.values()]


def rule_name(code: str) -> str:
    rule = rule_for(code)
    return rule.name if rule is not None else code
