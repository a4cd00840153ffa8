"""Activation layers: Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax.

Mirrors keras/src/layers/activations/. All keep their input's shape; only PReLU has a weight, its
``alpha`` (one slope per input element, shared along ``shared_axes``).
"""

from __future__ import annotations

from ..dims import Dim, Poly, Shape, format_shape
from ..values import Unknown
from .base import ACTIVATIONS, KerasError, LayerSpec, Unresolved, Weight
from .flops import activation_flops, sample_elements
from .registry import register


def _check_non_negative(value: object, message: str, *, allow_none: bool) -> None:
    """ReLU/LeakyReLU's ``value is None or value < 0`` checks; Unknown passes."""
    if isinstance(value, (Unknown, Poly)) or (value is None and allow_none):
        return
    if value is None:
        raise KerasError(f"{message} Received: {value}")
    if not isinstance(value, (int, float)):
        raise KerasError(
            f"'<' not supported between instances of '{type(value).__name__}' and 'float'"
        )
    if value < 0:
        raise KerasError(f"{message} Received: {value}")


@register
class Activation(LayerSpec):
    def __init__(self, activation: object, **kwargs: object) -> None:
        super().__init__(**kwargs)
        # ``activations.get``: names are looked up exactly (case-sensitive); None is linear;
        # anything else must be callable, which no literal number or sequence is.
        if (isinstance(activation, str) and activation not in ACTIVATIONS) or isinstance(
            activation, (int, float, list, tuple)
        ):
            raise KerasError(f"Could not interpret activation function identifier: {activation}")
        self.activation = activation

    def flops(self, input_shape: Shape) -> Dim:
        return activation_flops(self, self.activation, sample_elements(input_shape))

    def macs(self, input_shape: Shape) -> Dim:
        self.flops(input_shape)  # known only where the FLOPs are
        return 0


@register
class ReLU(LayerSpec):
    def __init__(
        self,
        max_value: object = None,
        negative_slope: object = 0.0,
        threshold: object = 0.0,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        _check_non_negative(
            max_value, "max_value of a ReLU layer cannot be a negative value.", allow_none=True
        )
        _check_non_negative(
            negative_slope,
            "negative_slope of a ReLU layer cannot be None or a negative value.",
            allow_none=False,
        )
        _check_non_negative(
            threshold,
            "threshold of a ReLU layer cannot be None or a negative value.",
            allow_none=False,
        )
        self.max_value = max_value
        self.negative_slope = negative_slope
        self.threshold = threshold


@register
class LeakyReLU(LayerSpec):
    def __init__(self, negative_slope: object = 0.3, **kwargs: object) -> None:
        if "alpha" in kwargs:  # Keras 2's name: still accepted (with a deprecation warning)
            negative_slope = kwargs.pop("alpha")
        super().__init__(**kwargs)
        _check_non_negative(
            negative_slope,
            "The negative_slope value of a Leaky ReLU layer cannot be None or negative value.",
            allow_none=False,
        )
        self.negative_slope = negative_slope


@register
class PReLU(LayerSpec):
    def __init__(
        self,
        alpha_initializer: object = "Zeros",
        alpha_regularizer: object = None,
        alpha_constraint: object = None,
        shared_axes: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        if shared_axes is None or isinstance(shared_axes, Unknown):
            self.shared_axes: list[object] | Unknown | None = shared_axes
        elif not isinstance(shared_axes, (list, tuple)):
            self.shared_axes = [shared_axes]
        else:
            self.shared_axes = list(shared_axes)

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        param_shape: list[Dim] = list(input_shape[1:])
        shared = self.shared_axes
        if isinstance(shared, Unknown):
            raise Unresolved(f"`shared_axes` is unknown: {shared.reason}", shared.position)
        for axis in shared or ():
            if isinstance(axis, Unknown):
                raise Unresolved(
                    f"an entry of `shared_axes` is unknown: {axis.reason}", axis.position
                )
            if not isinstance(axis, int):
                raise KerasError(
                    f"list indices must be integers or slices, not {type(axis).__name__}"
                )
            # Keras writes ``param_shape[i - 1] = 1``: Python indexing, negatives included.
            if not -len(param_shape) <= axis - 1 < len(param_shape):
                raise KerasError("list assignment index out of range")
            param_shape[axis - 1] = 1
        if any(d is None for d in param_shape):
            raise KerasError(
                "Shapes used to initialize variables must be fully-defined (no `None` "
                f"dimensions). Received: shape={format_shape(tuple(param_shape))} for variable "
                "'alpha'"
            )
        return [Weight("alpha", tuple(param_shape), True)]


@register
class ELU(LayerSpec):
    def __init__(self, alpha: object = 1.0, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.alpha = alpha


@register
class Softmax(LayerSpec):
    def __init__(self, axis: object = -1, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.axis = axis  # not validated by Keras until the layer runs on data
