"""Design-smell rules (KPL3xx): models Keras builds without complaint that are probably not what was meant."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from paramlint.analyzer.infer import LayerReport, ModelReport

from .base import WARNING, Diagnostic, Example, Rule, RuleContext

_DROPOUTS = (
    "Dropout",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
    "GaussianDropout",
    "AlphaDropout",
    "GaussianNoise",
)
_BIASED = (
    "Dense",
    "Conv1D",
    "Conv2D",
    "Conv3D",
    "Conv1DTranspose",
    "Conv2DTranspose",
    "Conv3DTranspose",
    "SeparableConv1D",
    "SeparableConv2D",
    "DepthwiseConv1D",
    "DepthwiseConv2D",
)
# Layer classes that are activations themselves, and the activation name each applies.
_ACTIVATION_LAYERS = {
    "ReLU": "relu",
    "Softmax": "softmax",
    "ELU": "elu",
    "LeakyReLU": "leaky_relu",
    "PReLU": "prelu",
}


def activation_of(layer: LayerReport) -> str | None:
    """The activation a layer applies, by name, when it is a known string."""
    if layer.class_name in _ACTIVATION_LAYERS:
        return _ACTIVATION_LAYERS[layer.class_name]
    value = getattr(layer.spec, "activation", None)
    if isinstance(value, str):
        return value.lower()
    return None


def _has_weights_after(model: ModelReport, index: int) -> bool:
    return any(
        later.weights is None
        or later.weights
        or later.class_name not in (*_DROPOUTS, "Activation", "Flatten", "Reshape")
        for later in model.layers[index + 1 :]
    )


class EarlySoftmax(Rule):
    """A softmax or sigmoid output activation on a layer that is not the last.

    ## What it does
    Reports a layer that applies `softmax` or `sigmoid` when more layers with weights follow it.

    ## Why is this bad?
    These squash a layer's outputs into probabilities. In the middle of a stack they usually mark a
    classifier head that was copied before more layers were added, and they starve the next layer
    of gradient. Off by default: sigmoid hidden layers are a (dated) valid choice.

    ## Example
    ```python
    keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="softmax"), layers.Dense(3)])
    ```
    """

    code = "KPL301"
    name = "early-softmax"
    severity = WARNING
    default_enabled = False
    VALID = (
        Example(
            "import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation='relu'), layers.Dense(3, activation='softmax')])\n"
        ),
    )
    INVALID = (
        Example(
            "import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation='softmax'), layers.Dense(3)])\n"
        ),
    )

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        for index, layer in enumerate(model.layers):
            activation = activation_of(layer)
            if activation in ("softmax", "sigmoid") and _has_weights_after(model, index):
                yield self.at_layer(
                    model,
                    layer,
                    f"{layer.name} ({layer.class_name}) applies {activation} but is not the model's output layer",
                )


class DropoutLast(Rule):
    """A dropout or noise layer as the model's last layer.

    ## What it does
    Reports a Sequential model whose last layer is Dropout, SpatialDropout, GaussianDropout,
    AlphaDropout or GaussianNoise.

    ## Why is this bad?
    It randomly zeroes or perturbs the model's *predictions* during training, which is almost never
    intended: dropout belongs between layers. Usually the output layer was forgotten or deleted.

    ## Example
    ```python
    keras.Sequential([keras.Input((8,)), layers.Dense(16), layers.Dropout(0.5)])
    ```
    """

    code = "KPL302"
    name = "dropout-last"
    severity = WARNING
    VALID = (
        Example(
            "import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((8,)), layers.Dropout(0.5), layers.Dense(1)])\n"
        ),
        Example(  # a block whose output feeds more layers
            "import keras\nfrom keras import layers\n"
            "block = keras.Sequential([layers.Dense(16), layers.Dropout(0.5)])\n"
            "model = keras.Sequential([keras.Input((8,)), block, layers.Dense(1)])\n"
        ),
    )
    INVALID = (
        Example(
            "import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((8,)), layers.Dense(16), layers.Dropout(0.5)])\n"
        ),
    )

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        block = (
            model.value is not None and model.value.used_as_layer
        )  # its output feeds more layers
        if (
            model.layers
            and model.layers[-1].class_name in _DROPOUTS
            and not model.uncertain
            and not block
        ):
            last = model.layers[-1]
            yield self.at_layer(
                model,
                last,
                f"{last.class_name} is the last layer of `{model.display_name}`: it perturbs the model's outputs",
            )


class RepeatedActivation(Rule):
    """The same activation applied twice in a row.

    ## What it does
    Reports a layer with an activation followed directly by an activation layer that applies the
    same function again (`Dense(..., activation="relu")` then `ReLU()` or `Activation("relu")`).

    ## Why is this bad?
    For relu it does nothing; for others (softmax, sigmoid, tanh) it silently changes the outputs.
    Either way one of the two is a leftover.

    ## Example
    ```python
    layers.Dense(32, activation="relu"), layers.Activation("relu")
    ```
    """

    code = "KPL303"
    name = "repeated-activation"
    severity = WARNING
    default_enabled = False
    VALID = (
        Example(
            "import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((8,)), layers.Dense(16), layers.Activation('relu')])\n"
        ),
    )
    INVALID = (
        Example(
            "import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation='relu'), layers.ReLU()])\n"
        ),
    )

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        for before, after in pairwise(model.layers):
            first = activation_of(before)
            if (
                first not in (None, "linear")
                and after.class_name in ("Activation", *_ACTIVATION_LAYERS)
                and activation_of(after) == first
            ):
                yield self.at_layer(
                    model,
                    after,
                    f"{after.name} applies {first} again, right after {before.name} ({before.class_name}) did",
                )


class BiasBeforeBatchNorm(Rule):
    """A bias right before a BatchNormalization that cancels it.

    ## What it does
    Reports a Dense or convolution layer with `use_bias=True` (the default) directly followed by a
    `BatchNormalization` with `center=True` normalizing the same (last) axis.

    ## Why is this bad?
    Batch normalization subtracts the mean of each channel, which removes any constant bias, and
    then adds its own `beta`. The layer's bias is dead weight: parameters, memory and compute that
    never change the output. Pass `use_bias=False`.

    ## Example
    ```python
    layers.Conv2D(64, 3), layers.BatchNormalization()
    ```
    Use instead: `layers.Conv2D(64, 3, use_bias=False), layers.BatchNormalization()`.
    """

    code = "KPL304"
    name = "bias-before-batchnorm"
    severity = WARNING
    default_enabled = False
    VALID = (
        Example(
            "import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((8,)), layers.Dense(16, use_bias=False), layers.BatchNormalization()])\n"
        ),
    )
    INVALID = (
        Example(
            "import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((8,)), layers.Dense(16), layers.BatchNormalization()])\n"
        ),
    )

    def check(self, model: ModelReport, ctx: RuleContext) -> Iterator[Diagnostic]:
        for before, after in pairwise(model.layers):
            if before.class_name not in _BIASED or after.class_name != "BatchNormalization":
                continue
            if (
                getattr(before.spec, "use_bias", None) is not True
                or getattr(after.spec, "center", None) is not True
            ):
                continue
            if (
                getattr(after.spec, "axis", None) not in (-1, None)
                or getattr(before.spec, "data_format", "channels_last") == "channels_first"
            ):
                continue
            bias = next((w for w in before.weights or [] if w.name == "bias"), None)
            wasted = (
                f" ({bias.count:,} params)"
                if bias is not None and isinstance(bias.count, int)
                else ""
            )
            yield self.at_layer(
                model,
                before,
                f"{before.name} ({before.class_name}) has a bias{wasted} that the BatchNormalization after it cancels; pass use_bias=False",
            )
