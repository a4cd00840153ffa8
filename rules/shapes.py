"""Shape-error rules (KPL1xx): what Keras would raise when the model is built, found before it runs."""

from __future__ import annotations

from collections.abc import Iterator

from paramlint.analyzer.infer import LayerReport, ModelReport

from .base import ERROR, Diagnostic, Example, Rule, RuleContext


class _KerasErrorRule(Rule):
    severity = ERROR
    keras_raises = True
    error_types: tuple[str, ...] = ()

    def matches(self, layer: LayerReport) -> bool:
        return layer.problem_kind == "keras-error" and layer.error_type in self.error_types

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        for layer in model.layers:
            if self.matches(layer):
                shape = layer.input_shape
                yield self.at_layer(
                    model,
                    layer,
                    f"{layer.name} ({layer.class_name}) on input {_shape(shape)}: {layer.problem}",
                )


def _shape(shape: object) -> str:
    if not isinstance(shape, tuple):
        return "?"
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


class InvalidArgument(Rule):
    """A layer argument Keras rejects when the layer is created.

    ## What it does
    Reports a layer call Keras 3 would refuse: an unknown keyword (a typo such as `unit=`), a
    missing required argument, a non-positive size, an unknown activation or padding name,
    `filters` not divisible by `groups`, a numpy integer where Keras wants a Python `int`
    (`Dense(np.prod(shape))`), an `input_shape` that is not a tuple (`input_shape=(1024)`). Keras 2 keywords
    are KPL106.

    ## Why is this bad?
    The code raises as soon as it runs, usually far into a notebook or a training job.

    ## Example
    ```python
    layers.Dense(unit=64)
    ```
    """

    code = "KPL101"
    name = "invalid-argument"
    severity = ERROR
    keras_raises = True
    VALID = (
        Example(
            "import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units=3)])\n"
        ),
    )
    INVALID = (
        Example(
            "import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(unit=3)])\n"
        ),
        Example(
            "import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(0)])\n"
        ),
        Example(
            "import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation='rleu')])\n"
        ),
        Example(
            "import keras\nimport numpy as np\nshape = (28, 28)\n"
            "model = keras.Sequential([keras.Input(shape), keras.layers.Flatten(), "
            "keras.layers.Dense(np.prod(shape))])\n"
        ),
        Example(
            "import keras\nmodel = keras.Sequential([keras.layers.Dense(3, input_shape=(1024))])\n"
        ),
    )

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        for layer in model.layers:
            if layer.problem_kind == "argument-error" and layer.error_type != KERAS2_ERROR:
                yield self.at_layer(model, layer, layer.problem or layer.class_name)


KERAS2_ERROR = "Keras2ArgumentError"


class InputRankMismatch(_KerasErrorRule):
    """A layer receives an input of a rank it cannot take.

    ## What it does
    Reports a layer whose input has the wrong number of dimensions, as Keras's input spec checks
    it when the model is built: a Conv2D on a flat vector, an LSTM after a layer that returns one
    vector per sample (a second LSTM after one without `return_sequences=True`).

    ## Why is this bad?
    Keras raises `Input 0 of layer ... is incompatible with the layer: expected ndim=3, found
    ndim=2` when the model is built.

    ## Example
    ```python
    keras.Sequential([keras.Input((10, 8)), layers.LSTM(16), layers.LSTM(16)])
    ```
    Use instead: `layers.LSTM(16, return_sequences=True)` for every LSTM but the last.
    """

    code = "KPL102"
    name = "input-rank-mismatch"
    error_types = ("InputRankError",)
    VALID = (
        Example(
            "import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((10, 8)), "
            "layers.LSTM(16, return_sequences=True), layers.LSTM(16)])\n"
        ),
    )
    INVALID = (
        Example(
            "import keras\nfrom keras import layers\n"
            "model = keras.Sequential([keras.Input((10, 8)), layers.LSTM(16), layers.LSTM(16)])\n"
        ),
        Example(
            "import keras\nfrom keras import layers\n"
            "model = keras.Sequential([keras.Input((784,)), layers.Conv2D(8, 3)])\n"
        ),
    )


class NonPositiveOutputSize(_KerasErrorRule):
    """A kernel, pooling window or crop is larger than its input.

    ## What it does
    Reports a convolution or pooling layer with `padding="valid"` whose window does not fit in its
    input (the output size would be zero or negative), and a crop that removes the whole input.

    ## Why is this bad?
    Keras raises `Computed output size would be zero or negative` when the model is built; often
    the result of one pooling layer too many for the image size.

    ## Example
    ```python
    keras.Sequential([keras.Input((4, 4, 3)), layers.MaxPooling2D(2), layers.Conv2D(8, 3)])
    ```
    """

    code = "KPL103"
    name = "non-positive-output-size"
    error_types = ("OutputSizeError",)
    VALID = (
        Example(
            "import keras\nfrom keras import layers\n"
            "model = keras.Sequential([keras.Input((8, 8, 3)), layers.MaxPooling2D(2), layers.Conv2D(8, 3)])\n"
        ),
    )
    INVALID = (
        Example(
            "import keras\nfrom keras import layers\n"
            "model = keras.Sequential([keras.Input((4, 4, 3)), layers.MaxPooling2D(2), layers.Conv2D(8, 3)])\n"
        ),
    )


class UndefinedDimension(_KerasErrorRule):
    """A layer's weights need an input dimension that is not defined.

    ## What it does
    Reports a Dense (or similar) layer whose input's last dimension is `None`: typically a
    `Flatten` over a variable-length axis (`Input(shape=(None, 8))`) feeding a Dense.

    ## Why is this bad?
    Keras cannot create a kernel of unknown size and raises when the model is built.

    ## Example
    ```python
    keras.Sequential([keras.Input((None, 8)), layers.Flatten(), layers.Dense(1)])
    ```
    Use instead: a `GlobalAveragePooling1D()` (or `GlobalMaxPooling1D()`) in place of `Flatten()`.
    """

    code = "KPL104"
    name = "undefined-dimension"
    error_types = ("UndefinedDimensionError",)
    VALID = (
        Example(
            "import keras\nfrom keras import layers\n"
            "model = keras.Sequential([keras.Input((None, 8)), layers.GlobalAveragePooling1D(), layers.Dense(1)])\n"
        ),
    )
    INVALID = (
        Example(
            "import keras\nfrom keras import layers\n"
            "model = keras.Sequential([keras.Input((None, 8)), layers.Flatten(), layers.Dense(1)])\n"
        ),
    )


class IncompatibleInput(_KerasErrorRule):
    """Any other input Keras refuses when building a layer.

    ## What it does
    Reports the build-time errors not covered by a more specific rule: input channels not divisible
    by `groups`, a `Reshape` whose target size does not match its input, an axis out of range.

    ## Why is this bad?
    Keras raises when the model is built.

    ## Example
    ```python
    keras.Sequential([keras.Input((12,)), layers.Reshape((5, 2))])
    ```
    """

    code = "KPL105"
    name = "incompatible-input"
    VALID = (
        Example(
            "import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((12,)), layers.Reshape((6, 2))])\n"
        ),
    )
    INVALID = (
        Example(
            "import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((12,)), layers.Reshape((5, 2))])\n"
        ),
        Example(
            "import keras\nfrom keras import layers\n"
            "model = keras.Sequential([keras.Input((8, 8, 3)), layers.Conv2D(4, 3, groups=2)])\n"
        ),
    )
    specific = ("InputRankError", "OutputSizeError", "UndefinedDimensionError")

    def matches(self, layer: LayerReport) -> bool:
        return layer.problem_kind == "keras-error" and layer.error_type not in self.specific


class InvalidGraph(Rule):
    """A functional model Keras refuses to create.

    ## What it does
    Reports a `keras.Model(inputs, outputs)` whose outputs are computed from an `Input` that is
    not among its `inputs` (Keras: "not connected to `inputs`", the old "Graph disconnected"), or
    whose graph holds two layers of the same name; and a Sequential model given two layers of the
    same name, the implicit `"input_layer"` of its input included.

    ## Why is this bad?
    Keras raises when the model is created, before anything is trained.

    ## Example
    ```python
    a, b = keras.Input((4,)), keras.Input((4,))
    model = keras.Model(a, layers.Dense(1)(layers.add([a, b])))
    ```

    Use instead:
    ```python
    model = keras.Model([a, b], layers.Dense(1)(layers.add([a, b])))
    ```
    """

    code = "KPL107"
    name = "invalid-graph"
    severity = ERROR
    keras_raises = True
    VALID = (
        Example(
            "import keras\nfrom keras import layers\na = keras.Input((4,))\n"
            "model = keras.Model(a, layers.Dense(1)(a))\n"
        ),
    )
    INVALID = (
        Example(
            "import keras\nfrom keras import layers\na = keras.Input((4,))\nb = keras.Input((4,))\n"
            "model = keras.Model(a, layers.Dense(1)(layers.Dense(4)(b)))\n"
        ),
        Example(
            "import keras\nfrom keras import layers\na = keras.Input((4,))\n"
            "x = layers.Dense(4, name='head')(a)\n"
            "model = keras.Model(a, layers.Dense(1, name='head')(x))\n"
        ),
        Example(
            "import keras\nmodel = keras.Sequential([keras.Input((4,)), "
            "keras.layers.Dense(3, name='input_layer')])\n"
        ),
        Example(
            "import keras\nmodel = keras.Sequential([keras.layers.Dense(3, input_shape=(4,)), "
            "keras.layers.Dense(3, name='hidden'), keras.layers.Dense(3, name='hidden')])\n"
        ),
        Example(
            "import keras\nmodel = keras.Sequential([keras.layers.Dense(3, name='input_layer')])\n"
            "model.build((None, 4))\n"
        ),
    )

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        for message, _position, _type in model.errors:
            yield self.at_model(model, f"Keras refuses to create {model.keras_name}: {message}")


class Keras2Argument(Rule):
    """A layer argument that only Keras 2 (tf.keras) accepted.

    ## What it does
    Reports `batch_input_shape=`, `batch_size=`, `weights=` and `dynamic=` on a layer. Keras 2
    (tf.keras) took them; Keras 3 raises `Unrecognized keyword arguments` when the layer is
    created, so the layer has no numbers (paramlint does not read an input shape from them).

    ## Why is this bad?
    The code breaks when the project moves to Keras 3.

    ## Example
    ```python
    layers.Dense(8, batch_input_shape=(32, 4))
    ```
    Use instead: `keras.Input(shape=(4,), batch_size=32)` as the model's first element.
    """

    code = "KPL106"
    name = "keras2-argument"
    severity = ERROR
    keras_raises = True
    VALID = (
        Example(
            "import keras\nmodel = keras.Sequential([keras.Input((4,), batch_size=32), keras.layers.Dense(8)])\n"
        ),
    )
    INVALID = (
        Example(
            "import keras\nmodel = keras.Sequential([keras.layers.Dense(8, batch_input_shape=(32, 4))])\n"
        ),
        Example(
            "import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, batch_size=32)])\n"
        ),
        Example(
            "import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, weights=None)])\n"
        ),
    )

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        for layer in model.layers:
            if layer.problem_kind == "argument-error" and layer.error_type == KERAS2_ERROR:
                yield self.at_layer(
                    model,
                    layer,
                    f"{layer.problem} (a Keras 2 argument; in Keras 3 state the input with "
                    "keras.Input(shape=..., batch_size=...))",
                )
