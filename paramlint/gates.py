"""The codes of the review gates: growth since a base revision (KPL401) and the lock (KPL402).

They are not lint rules in the registry (``--select`` does not turn them on): each is reported
only when its option is given (``--fail-on-increase``, ``--locked``), by :mod:`paramlint.diff`
and :mod:`paramlint.lock`. They are :class:`Rule` classes so that ``paramlint rule`` and the
SARIF rule list document them like the others.
"""

from __future__ import annotations

import inspect

from .rules.base import ERROR, Rule


class ParamIncrease(Rule):
    """A model grew by more than `fail-on-increase` percent since the base revision.

    ## What it does
    With `paramlint check --fail-on-increase PERCENT` (or `fail-on-increase` in the config),
    compares each model's parameter count with the same model at the base revision (by default the
    merge base with the default branch, read with `git show`, without a checkout) and reports a
    model that grew by more than that percentage, on the model's line, with both counts.

    ## Why is this bad?
    Budgets catch a model that is too big; this catches one that quietly got much bigger in a
    single change, which is worth a reviewer's look even under the budget.

    ## Example
    With `fail-on-increase = 10`, a model that had 10,000 params at the base and has 12,000 now
    (+20.0 %) is reported. New models (absent at the base) are not.
    """

    code = "KPL401"
    name = "param-increase"
    severity = ERROR


class LockMismatch(Rule):
    """A model's counts differ from those recorded in the lock file.

    ## What it does
    With `paramlint check --locked`, compares each model's params, trainable and non-trainable
    counts and size with `paramlint.lock` (written by `paramlint lock`) and reports every model
    whose counts changed, every model the lock does not know and every locked model that is gone.

    ## Why is this bad?
    For teams that want every change to a model's size to be a reviewed edit: the change then
    shows in the pull request as a diff of the lock file.

    ## Example
    After `paramlint lock`, changing `Dense(64)` to `Dense(128)` makes `paramlint check --locked`
    fail until `paramlint lock` is run again and the new lock committed.
    """

    code = "KPL402"
    name = "lock-mismatch"
    severity = ERROR


GATE_RULES: dict[str, type[Rule]] = {rule.code: rule for rule in (ParamIncrease, LockMismatch)}


def gate_page(rule: type[Rule]) -> str:
    """The documentation page of a gate, as ``paramlint rule`` prints it."""
    option = "--fail-on-increase" if rule is ParamIncrease else "--locked"
    header = (
        f"# {rule.name} ({rule.code})\n\nSeverity: {rule.severity}. "
        f"Reported only with `paramlint check {option}`.\n"
    )
    return header + "\n" + inspect.cleandoc(rule.__doc__ or "")
