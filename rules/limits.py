"""Analysis-limit rules (KPL0xx): what paramlint could not check, where, and how to help it."""

from __future__ import annotations

from collections.abc import Iterator

from paramlint.analyzer.api import FileReport
from paramlint.analyzer.dims import format_count
from paramlint.analyzer.infer import ModelReport
from paramlint.analyzer.trainable import why_split_unknown
from paramlint.analyzer.values import Unknown

from .base import ERROR, WARNING, Diagnostic, Example, Rule, RuleContext


class SyntaxError_(Rule):
    """A file paramlint cannot parse.

    ## What it does
    Reports a Python file or notebook cell that does not parse (the parser's message and position),
    and a file that cannot be read at all (not text, not a notebook).

    ## Why is this bad?
    Nothing in such a file is checked: its models and their budgets are invisible until it parses.

    ## Example
    ```python
    model = keras.Sequential([
    ```
    """

    code = "KPL000"
    name = "syntax-error"
    severity = ERROR
    VALID = (Example("import keras\nmodel = keras.Sequential()\n"),)
    INVALID = (Example("import keras\nmodel = keras.Sequential([\n"),)

    def check_file(self, report: FileReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        for kind, message, position in report.notes:
            if kind == "syntax-error":
                yield Diagnostic(report.path, position, self.code, self.severity, message)


class UnresolvedValue(Rule):
    """A layer argument its numbers depend on could not be resolved statically.

    ## What it does
    Reports a layer whose output shape or weights depend on a value paramlint cannot know without
    running the code (a value read from data, returned by a call, a string built at run time), with
    the reason and where the value comes from.

    It also reports a `trainable` flag it cannot know (`layer.trainable = args.freeze`, or an
    assignment under a condition it cannot decide): the counts stay exact, the trainable /
    non-trainable split is unknown.

    ## Why is this bad?
    The layer's numbers, and everything after it, are unknown, so budgets cannot be checked.
    Sizes are carried as symbols where possible; this rule fires where even that is impossible.

    ## Example
    ```python
    model = keras.Sequential([keras.Input((8, 8, 3)), layers.Conv2D(8, 3, padding=PADDING)])
    ```
    Use a literal or a module constant for arguments that decide shapes.
    """

    code = "KPL001"
    name = "unresolved-value"
    severity = WARNING
    VALID = (
        Example(
            "import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\n"
        ),
        Example(
            "import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\n"
            "model.layers[0].trainable = False\n"
        ),
    )
    INVALID = (
        Example(
            "import keras, os\n"
            "model = keras.Sequential([keras.Input((8, 8, 3)), "
            "keras.layers.Conv2D(8, 3, padding=os.environ['PADDING'])])\n"
        ),
        Example(
            "import keras, os\n"
            "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\n"
            "model.trainable = os.environ.get('FREEZE') == '1'\n"
        ),
    )

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        for layer in model.layers:
            if layer.problem_kind == "unresolved":
                yield self.at_layer(
                    model,
                    layer,
                    f"{layer.name} ({layer.class_name}): numbers unknown: {layer.problem}",
                )
        yield from self._unknown_splits(model)

    def _unknown_splits(self, model: ModelReport) -> Iterator[Diagnostic]:
        """One diagnostic per unknown ``trainable`` flag, naming the rows it leaves unknown."""
        if not model.complete:
            return
        rows: dict[tuple[str, object], list[str]] = {}
        reasons: dict[tuple[str, object], Unknown] = {}
        own = model.trainable_flag
        for layer in model.layers:
            if layer.trainable is not None:
                continue
            nested = layer.nested.layers if layer.nested is not None else ()
            found = why_split_unknown(layer.trainable_flag, nested)
            if found is not None:
                key = (found.reason, found.position)
                reasons[key] = found
                rows.setdefault(key, []).append(f"{layer.name} ({layer.class_name})")
        if isinstance(own, Unknown):
            reasons.setdefault((own.reason, own.position), own)
        for entry, flag in reasons.items():
            names = rows.get(entry)
            subject = f"the rows {', '.join(names)}" if names else "its totals"
            yield Diagnostic(
                model.path,
                flag.position or model.position,
                self.code,
                self.severity,
                f"model `{model.display_name}`: trainable / non-trainable split unknown for "
                f"{subject}: trainable is unknown: {flag.reason}",
            )


class UnknownLayer(Rule):
    """A layer that is not in paramlint's catalog.

    ## What it does
    Reports a layer paramlint has no spec for: a class imported from a module it does not read, a
    `Lambda` without `output_shape` (Keras runs its function to find the shape), a Keras layer not
    in the catalog (the README lists them), or a class that is not a Keras layer at all. (A layer
    class defined in the analysed file is followed: its `build` and `call`.)

    ## Why is this bad?
    Its output shape and weights are unknown, so the layers after it and the model's totals are
    unknown too (the layers before it keep their exact numbers).

    ## Example
    ```python
    from my_project.layers import MyLayer
    model = keras.Sequential([keras.Input((4,)), MyLayer(), keras.layers.Dense(1)])
    ```
    """

    code = "KPL002"
    name = "unknown-layer"
    severity = WARNING
    VALID = (
        Example(
            "import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\n"
        ),
    )
    INVALID = (
        Example(
            "import keras\nfrom my_project.layers import Scale\n"
            "model = keras.Sequential([keras.Input((4,)), Scale(), keras.layers.Dense(1)])\n"
        ),
    )

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        for layer in model.layers:
            if layer.problem_kind == "unknown-layer":
                yield self.at_layer(
                    model, layer, f"{layer.problem}; shapes and params after it are unknown"
                )


class NoInputShape(Rule):
    """A model that never states its input shape.

    ## What it does
    Reports a Sequential model with no `keras.Input(shape=...)`, no `input_shape=` on its first
    layer and no `model.build(...)`. Keras leaves such a model unbuilt until its first `fit()`.

    ## Why is this bad?
    Its parameter count does not exist until data arrives, so no budget can be checked and
    `model.summary()` prints `0 (unbuilt)`. Deferred build is ordinary Keras style, so the rule is
    off by default (KPL005 already reports a budget that needs the count): enable it with
    `extend-select = ["KPL003"]` where every model must state its input.

    ## Example
    ```python
    model = keras.Sequential([keras.layers.Dense(64), keras.layers.Dense(1)])
    ```
    Use instead: `keras.Sequential([keras.Input((20,)), ...])`, or give paramlint the shape in the
    config: `[[tool.paramlint.models]]` with `name = "model"` and `input-shape = [20]`.
    """

    code = "KPL003"
    name = "no-input-shape"
    severity = WARNING
    default_enabled = False  # deferred build is ordinary Keras style; KPL005 says when it matters
    VALID = (
        Example(
            "import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\n"
        ),
    )
    INVALID = (Example("import keras\nmodel = keras.Sequential([keras.layers.Dense(3)])\n"),)

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        if not model.built:
            name = model.display_name
            total = model.total()
            if total is None:
                counted = "its numbers are unknown"
            else:
                counted = f"paramlint counts {format_count(total)} params"
            yield self.at_model(
                model,
                f"model `{model.display_name}` states no input shape, so Keras leaves it unbuilt "
                f"({counted}); add keras.Input(shape=...) as its first layer, or set `input-shape` "
                f'for it in [[tool.paramlint.models]] (name = "{name}")',
            )


class UncertainStructure(Rule):
    """Layers are added under a condition or in a loop paramlint cannot decide.

    ## What it does
    Reports a model changed (`add`, `pop`, `build`) inside an `if` whose condition is unknown, a
    loop over an unknown or very long iterable, or a `while` loop; and code paramlint stopped
    analysing: a file that needs more than its work budget (a loop of millions of steps), or a
    statement nested too deeply to follow.

    ## Why is this bad?
    paramlint does not guess how many times the code runs, so the model's totals are unknown.

    ## Example
    ```python
    for _ in range(int(sys.argv[1])):
        model.add(layers.Dense(64))
    ```
    """

    code = "KPL004"
    name = "uncertain-structure"
    severity = WARNING
    VALID = (
        Example(
            "import keras\nmodel = keras.Sequential([keras.Input((4,))])\n"
            "for _ in range(3):\n    model.add(keras.layers.Dense(4))\n"
        ),
    )
    INVALID = (
        Example(
            "import keras, sys\nmodel = keras.Sequential([keras.Input((4,))])\n"
            "for _ in range(int(sys.argv[1])):\n    model.add(keras.layers.Dense(4))\n"
        ),
    )

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        for reason, position in model.uncertain:
            yield Diagnostic(
                model.path,
                position,
                self.code,
                self.severity,
                f"model `{model.display_name}`: {reason}",
            )

    def check_file(self, report: FileReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        """Code left unanalysed, once per file when no model says it already."""
        said = {entry for model in report.models for entry in model.uncertain}
        for kind, message, position in report.notes:
            if kind == "unsupported" and (message, position) not in said:
                yield Diagnostic(report.path, position, self.code, self.severity, message)
