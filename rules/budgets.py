"""Budget rules (KPL2xx): parameter counts, size and depth against the limits in the config."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from paramlint.analyzer.dims import Dim, Poly
from paramlint.analyzer.infer import ModelReport

from .base import ERROR, WARNING, Budgets, Diagnostic, Example, Rule, RuleContext

# 100 features -> Dense(64) -> BatchNormalization -> Dense(10): 6,464 + 256 + 650 = 7,370 params,
# 128 of them non-trainable (the moving mean and variance), 3 layers.
_MODEL = """
import keras
from keras import layers
model = keras.Sequential([
    keras.Input((100,)),
    layers.Dense(64, use_bias=False),
    layers.BatchNormalization(),
    layers.Dense(10),
])
"""


def judge(value: Dim | None, budget: int | None, warn_at: float | None) -> tuple[str, str] | None:
    """(severity, how) when ``value`` breaks or nears ``budget``; None when within it or unknown."""
    if budget is None or value is None:
        return None
    if isinstance(value, Poly):
        least = value.minimum()
        if least is not None and least > budget:
            names = ", ".join(sorted(s.name for s in value.symbols()))
            return ERROR, f"{value} = at least {least:,} (for any {names} >= 1)"
        return None
    if value > budget:
        return ERROR, f"{value:,}"
    if warn_at is not None and value >= warn_at * budget:
        return WARNING, f"{value:,}"
    return None


def _excess(value: Dim, budget: int) -> str:
    if not isinstance(value, int) or budget == 0:
        return ""
    percent = (value - budget) / budget * 100
    return f" ({percent:+.1f} %)"


class _ModelBudget(Rule):
    option: str
    noun: str = "params"

    def value(self, model: ModelReport, ctx: RuleContext) -> Dim | None:
        raise NotImplementedError

    @classmethod
    def budget(cls, budgets: Budgets) -> int | None:
        value = getattr(budgets, cls.option.replace("-", "_"))
        return value if isinstance(value, int) else None

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        budget = self.budget(ctx.budgets)
        value = self.value(model, ctx)
        verdict = judge(value, budget, ctx.budgets.warn_at)
        if verdict is None or value is None or budget is None:
            return
        severity, shown = verdict
        verb = "exceed" if severity == ERROR else "reach"
        limit = self.format_limit(budget)
        if severity == WARNING:
            share = f" ({value / budget:.0%} of it)" if isinstance(value, int) and budget else ""
            message = f"{shown} {self.noun} {verb} {ctx.budgets.warn_at:.0%} of {self.option} {limit}{share}"
        else:
            message = f"{shown} {self.noun} {verb} {self.option} {limit}{_excess(value, budget)}"
        yield self.at_model(model, f"model `{model.display_name}`: {message}", severity)

    def format_limit(self, budget: int) -> str:
        return f"{budget:,}"


def _examples(
    option: str, fits: int, breaks: int
) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    valid = (Example(_MODEL, {"budgets": {option: fits}}),)
    invalid = (Example(_MODEL, {"budgets": {option: breaks}}),)
    return valid, invalid


_DOC = """Checks {what} against `{option}`.

    ## What it does
    Reports a model whose {what} is over the `{option}` budget, on the model's line, with the
    numbers and how far over it is; with `warn-at`, a warning once it reaches that fraction of the
    budget. A count that is a formula (a size paramlint carries as a symbol) is an error only when
    its smallest possible value is already over the budget.

    ## Why is this bad?
    {why}

    ## Example
    With `{option} = {breaks}`, a Dense(64, use_bias=False) on 100 features, a BatchNormalization
    and a Dense(10) break the budget.

    ## Options
    - `budgets.{option}` ({unit}, no default)
    - `budgets.warn-at` (fraction between 0 and 1, no default)
    """


def _budget_rule(
    code: str, option: str, what: str, why: str, fits: int, breaks: int, unit: str = "integer"
) -> Callable[[type[_ModelBudget]], type[_ModelBudget]]:
    """Fill in a budget rule's code, name, documentation and examples from one line of facts."""

    def decorate(cls: type[_ModelBudget]) -> type[_ModelBudget]:
        cls.code, cls.name, cls.option = code, option, option
        cls.VALID, cls.INVALID = _examples(option, fits, breaks)
        cls.__doc__ = _DOC.format(what=what, option=option, why=why, breaks=breaks, unit=unit)
        return cls

    return decorate


_SIZE_WHY = "Memory and download size grow with the parameters; a budget keeps them reviewed."


@_budget_rule(
    "KPL201",
    "max-params",
    "a model's total parameter count",
    "A model's size decides its memory, latency and serving cost; a budget in the "
    "repository makes every change that grows it a visible, reviewed decision.",
    10_000,
    7_000,
)
class MaxParams(_ModelBudget):
    def value(self, model: ModelReport, ctx: RuleContext) -> Dim | None:
        return model.total()


@_budget_rule(
    "KPL202",
    "max-trainable-params",
    "a model's trainable parameter count",
    "Trainable parameters decide training cost and how much data the model needs.",
    7_300,
    7_000,
)
class MaxTrainableParams(_ModelBudget):
    noun = "trainable params"

    def value(self, model: ModelReport, ctx: RuleContext) -> Dim | None:
        return model.total(True)


@_budget_rule(
    "KPL203",
    "max-non-trainable-params",
    "a model's non-trainable parameter count",
    "Frozen weights and normalization statistics still cost memory at inference.",
    200,
    100,
)
class MaxNonTrainableParams(_ModelBudget):
    noun = "non-trainable params"

    def value(self, model: ModelReport, ctx: RuleContext) -> Dim | None:
        return model.total(False)


@_budget_rule(
    "KPL205",
    "max-size",
    "the size of a model's weights in bytes",
    _SIZE_WHY,
    40_000,
    20_000,
    'bytes: an integer, or a string like "4 MB" or "500 KiB"',
)
class MaxSize(_ModelBudget):
    noun = "bytes"

    def value(self, model: ModelReport, ctx: RuleContext) -> Dim | None:
        return model.weight_bytes(None, ctx.dtype)

    def format_limit(self, budget: int) -> str:
        return f"{budget:,} bytes"


@_budget_rule(
    "KPL206",
    "max-layers",
    "a model's number of layers",
    "Depth drives latency; a budget keeps a model from growing layer by layer unnoticed.",
    3,
    2,
)
class MaxLayers(_ModelBudget):
    noun = "layers"

    def value(self, model: ModelReport, ctx: RuleContext) -> Dim | None:
        return len(model.layers)


_FLOPS_WHY = (
    "Compute decides latency and energy on the device the model ships to; a FLOPs budget in "
    "the repository catches the change that makes it too slow before anyone profiles it. FLOPs "
    "are XLA's count for one sample at inference (see the README's FLOPs section)."
)


@_budget_rule(
    "KPL207", "max-flops", "a model's FLOPs for one sample (XLA's count)", _FLOPS_WHY, 20_000, 10_000
)  # fmt: skip
class MaxFlops(_ModelBudget):
    noun = "FLOPs"

    def value(self, model: ModelReport, ctx: RuleContext) -> Dim | None:
        return model.flops()


@_budget_rule(
    "KPL208", "max-macs", "a model's multiply-accumulates for one sample", _FLOPS_WHY, 8_000, 6_000
)  # fmt: skip
class MaxMacs(_ModelBudget):
    noun = "MACs"

    def value(self, model: ModelReport, ctx: RuleContext) -> Dim | None:
        return model.macs()


class MaxLayerParams(Rule):
    """Checks each layer's parameter count against `max-layer-params`.

    ## What it does
    Reports, on the layer's own line, every layer with more parameters than `max-layer-params`
    (typically the first Dense after a Flatten of a large feature map).

    ## Why is this bad?
    One oversized layer often holds most of a model's weights; it is usually a missing pooling
    layer or a Flatten where a global pooling would do.

    ## Example
    With `max-layer-params = 5000`, a Dense(64) on 100 features (6,464 params) breaks it.

    ## Options
    - `budgets.max-layer-params` (integer, no default)
    - `budgets.warn-at` (fraction between 0 and 1, no default)
    """

    code = "KPL204"
    name = "max-layer-params"
    VALID = (Example(_MODEL, {"budgets": {"max-layer-params": 7_000}}),)
    INVALID = (Example(_MODEL, {"budgets": {"max-layer-params": 5_000}}),)

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        budget = ctx.budgets.max_layer_params
        for layer in model.layers:
            verdict = judge(layer.params, budget, ctx.budgets.warn_at)
            if verdict is None or budget is None:
                continue
            severity, shown = verdict
            verb = "exceed" if severity == ERROR else "reach"
            excess = (
                _excess(layer.params, budget)
                if severity == ERROR and layer.params is not None
                else ""
            )
            message = f"{layer.name} ({layer.class_name}): {shown} params {verb} max-layer-params {budget:,}{excess}"
            yield self.at_layer(model, layer, message, severity)


class UncheckedBudget(Rule):
    """A budget that cannot be checked because the count it limits is unknown.

    ## What it does
    Reports a model with a budget in the config whose count paramlint cannot compute: it depends
    on sizes it carries as symbols (`num_classes`, an unbuilt model's input width) or on layers it
    cannot analyse. The message names the symbols and how to supply them.

    ## Why is this bad?
    A budget that is silently skipped is no budget.

    ## Example
    ```python
    model = keras.Sequential([keras.Input((16,)), layers.Dense(len(labels))])
    ```
    Supply the value in the config: `[[tool.paramlint.models]]` with `assume = { "len(labels)" = 10 }`.
    """

    code = "KPL005"
    name = "unchecked-budget"
    severity = WARNING
    VALID = (Example(_MODEL, {"budgets": {"max-params": 10_000}}),)
    INVALID = (
        Example(
            "import keras\nlabels = open('labels.txt').read().split()\n"
            "model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(len(labels))])\n",
            {"budgets": {"max-params": 1_000_000}},
        ),
    )

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        if any(layer.problem_kind in ("keras-error", "argument-error") for layer in model.layers):
            return  # the model is broken; its error is the diagnostic that matters
        checks: list[tuple[str, Dim | None]] = [
            ("max-params", model.total()),
            ("max-trainable-params", model.total(True)),
            ("max-non-trainable-params", model.total(False)),
            ("max-size", model.weight_bytes(None, ctx.dtype)),
            ("max-flops", model.flops()),
            ("max-macs", model.macs()),
        ]
        unknown: list[str] = []
        symbolic: list[tuple[str, Poly]] = []
        for option, value in checks:
            if getattr(ctx.budgets, option.replace("-", "_")) is None:
                continue
            if value is None:
                unknown.append(option)
            elif (
                isinstance(value, Poly)
                and judge(value, getattr(ctx.budgets, option.replace("-", "_")), None) is None
            ):
                symbolic.append((option, value))
        name = f"model `{model.display_name}`"
        if unknown:
            yield self.at_model(
                model, f"{name}: {', '.join(unknown)} not checked: {_why_unknown(model)}"
            )
        if symbolic:
            options = ", ".join(option for option, _ in symbolic)
            formula = symbolic[0][1]
            names = ", ".join(sorted({s.name for _, value in symbolic for s in value.symbols()}))
            yield self.at_model(
                model,
                f"{name}: {options} not checked: the count is {formula}, which depends on {names}; "
                "supply them with `assume` (or `input-shape`) in [[tool.paramlint.models]]",
            )


def _why_unknown(model: ModelReport) -> str:
    if not model.built:
        return "the model states no input shape (set `input-shape` for it in [[tool.paramlint.models]])"
    if model.uncertain:
        return f"its structure is uncertain ({model.uncertain[0][0]})"
    for layer in model.layers:
        if layer.problem_kind is not None:
            return f"{layer.name} ({layer.class_name}) at {layer.position.render()} is unknown: {layer.problem}"
    return "its count is unknown"
