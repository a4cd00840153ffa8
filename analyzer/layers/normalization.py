"""Normalization layers: Batch-, Layer-, Group-, Unit- and RMSNormalization (keras/src/layers/normalization/).

All of them keep the input's shape; they differ in which axes their ``build`` reads (one axis, or a
sorted list of axes) and which weights it adds. Keras reads ``input_shape[axis]`` in ``build``
before ``compute_output_shape`` checks the axis, so an out-of-range axis makes Keras raise a bare
``IndexError``; the specs raise :class:`KerasError` there.
"""

from __future__ import annotations

from ..dims import Dim, Poly, Shape, format_shape
from ..values import Unknown
from .base import KerasError, LayerSpec, Unresolved, Weight, flag, resolved
from .flops import check_plain, known, sample_elements
from .registry import register


class NormalizationSpec(LayerSpec):
    """Shared by the family: the output keeps the input's shape once every axis is in range."""

    axis: object

    def axes(self) -> list[object]:
        axis = resolved(self.axis, "axis")
        return list(axis) if isinstance(axis, (list, tuple)) else [axis]

    def output_shape(self, input_shape: Shape) -> Shape:
        rank = len(input_shape)
        for axis in self.axes():
            if isinstance(axis, Unknown):
                raise Unresolved(f"`axis` is unknown: {axis.reason}", axis.position)
            if isinstance(axis, Poly):
                raise Unresolved(f"`axis` is symbolic: {axis}")
            if isinstance(axis, int) and not -rank <= axis < rank:
                raise KerasError(
                    f"Axis {axis} is out of bounds for input shape {format_shape(input_shape)}. "
                    f"Received: axis={self.axis}"
                )
        return input_shape

    @staticmethod
    def axis_size(input_shape: Shape, axis: object, undefined: str = "") -> Dim:
        """``input_shape[axis]`` as Keras's ``build`` reads it: defined, and the axis in range.

        ``undefined`` is the layer's own message for an axis of size None, where it has one.
        """
        if isinstance(axis, Unknown):
            raise Unresolved(f"`axis` is unknown: {axis.reason}", axis.position)
        if isinstance(axis, Poly):
            raise Unresolved(f"`axis` is symbolic: {axis}")
        if not isinstance(axis, int):
            raise KerasError(f"tuple indices must be integers or slices, not {type(axis).__name__}")
        if not -len(input_shape) <= axis < len(input_shape):
            raise KerasError(
                f"Axis {axis} is out of range for an input of rank {len(input_shape)} "
                f"(shape {format_shape(input_shape)}); Keras raises IndexError: tuple index out of range"
            )
        size = input_shape[axis]
        if size is None:
            raise KerasError(
                undefined
                or "Shapes used to initialize variables must be fully-defined (no `None` "
                f"dimensions). Axis {axis} of input shape {format_shape(input_shape)} is None."
            )
        return size

    def sorted_axes_shape(self, input_shape: Shape) -> Shape:
        """LayerNormalization's and RMSNormalization's weight shape: the sorted axes' sizes."""
        axis = resolved(self.axis, "axis")
        if isinstance(axis, (list, tuple)):
            for item in axis:
                resolved(item, "axis")
            try:
                axes = sorted(axis)
            except TypeError as error:
                raise KerasError(str(error)) from error
            return tuple(self.axis_size(input_shape, a) for a in axes)
        return (self.axis_size(input_shape, axis),)


def _as_float(value: object, name: str) -> object:
    """Keras's ``float(value)`` conversion of a hyperparameter."""
    if isinstance(value, Unknown):
        return value
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as error:
        raise KerasError(f"Invalid `{name}`: {error}") from error


def _axis_list_or_int(value: object, message: str) -> object:
    """The ``axis`` argument of LayerNormalization and UnitNormalization: an int or a list of ints."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, int):
        return value
    raise KerasError(message.format(value=value))


@register
class BatchNormalization(NormalizationSpec):
    def __init__(
        self,
        axis: object = -1,
        momentum: object = 0.99,
        epsilon: object = 1e-3,
        center: object = True,
        scale: object = True,
        beta_initializer: object = "zeros",
        gamma_initializer: object = "ones",
        moving_mean_initializer: object = "zeros",
        moving_variance_initializer: object = "ones",
        beta_regularizer: object = None,
        gamma_regularizer: object = None,
        beta_constraint: object = None,
        gamma_constraint: object = None,
        renorm: object = False,
        renorm_clipping: object = None,
        renorm_momentum: object = 0.99,
        synchronized: object = False,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.axis = _int_axis(axis)
        # Keras raises for synchronized=True on every backend but TensorFlow; the backend is not
        # known statically, so the argument is accepted (it does not change shapes or weights).
        self.synchronized = synchronized
        self.momentum = _as_float(momentum, "momentum")
        self.epsilon = _as_float(epsilon, "epsilon")
        self.center = flag(center, "center")
        self.scale = flag(scale, "scale")
        self.renorm = flag(renorm, "renorm")
        if self.renorm is True:
            _check_renorm_clipping(renorm_clipping)
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        shape = (self.axis_size(input_shape, resolved(self.axis, "axis")),)
        weights = []
        if resolved(self.scale, "scale"):
            weights.append(Weight("gamma", shape, True))
        if resolved(self.center, "center"):
            weights.append(Weight("beta", shape, True))
        weights += [Weight("moving_mean", shape, False), Weight("moving_variance", shape, False)]
        if resolved(self.renorm, "renorm"):
            weights += [
                Weight(name, shape, False)
                for name in ("moving_stddev", "renorm_mean", "renorm_stddev")
            ]
        return weights

    def flops(self, input_shape: Shape) -> Dim:
        """Inference: Keras folds the moving statistics (and gamma, beta) into one scale and
        one offset per feature (3 flops, +1 each for scale and center), then 2 per element."""
        check_plain(self)
        features = known(self.axis_size(input_shape, resolved(self.axis, "axis")))
        per_feature = (
            3 + bool(resolved(self.scale, "scale")) + bool(resolved(self.center, "center"))
        )
        return 2 * sample_elements(input_shape) + per_feature * features  # type: ignore[operator]

    def macs(self, input_shape: Shape) -> Dim:
        self.flops(input_shape)
        return 0


def _int_axis(value: object) -> object:
    """BatchNormalization's ``int(axis)``."""
    if isinstance(value, (Unknown, Poly)):
        return value
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError) as error:
        raise KerasError(f"Invalid `axis`: {error}") from error


def _check_renorm_clipping(clipping: object) -> None:
    if isinstance(clipping, Unknown) or (clipping is not None and not isinstance(clipping, dict)):
        return
    clipping = clipping or {}
    keys = ["rmax", "rmin", "dmax"]
    if set(clipping) - set(keys):
        raise KerasError(
            f"Received invalid keys for `renorm_clipping` argument: {clipping}. "
            f"Supported values: {keys}."
        )
    rmax, rmin, dmax = (clipping.get(key) for key in ("rmax", "rmin", "dmax"))
    numbers = (int, float)
    if isinstance(rmax, numbers) and isinstance(rmin, numbers) and rmax < rmin:
        raise KerasError(
            "rmax should be greater than rmin in the `renorm_clipping` argument. "
            f"Received: rmax={rmax}, rmin={rmin}."
        )
    if isinstance(dmax, numbers) and dmax < 0:
        raise KerasError(
            f"dmax should be non-negative in the `renorm_clipping` argument. Received: dmax={dmax}."
        )


@register
class LayerNormalization(NormalizationSpec):
    def __init__(
        self,
        axis: object = -1,
        epsilon: object = 1e-3,
        center: object = True,
        scale: object = True,
        beta_initializer: object = "zeros",
        gamma_initializer: object = "ones",
        beta_regularizer: object = None,
        gamma_regularizer: object = None,
        beta_constraint: object = None,
        gamma_constraint: object = None,
        **kwargs: object,
    ) -> None:
        # Deprecated in Keras 3 (it scales by the variance); still accepted with a warning.
        self.rms_scaling = flag(kwargs.pop("rms_scaling", False), "rms_scaling")
        super().__init__(**kwargs)
        self.axis = _axis_list_or_int(
            axis,
            "Expected an int or a list/tuple of ints for the argument 'axis', but received: {value!r}",
        )
        self.epsilon = epsilon
        self.center = flag(center, "center")
        self.scale = flag(scale, "scale")

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        shape = self.sorted_axes_shape(input_shape)
        rms_scaling = resolved(self.rms_scaling, "rms_scaling")
        weights = []
        if resolved(self.scale, "scale") or rms_scaling:
            weights.append(Weight("gamma", shape, True))
        if resolved(self.center, "center") and not rms_scaling:
            weights.append(Weight("beta", shape, True))
        return weights


@register
class GroupNormalization(NormalizationSpec):
    def __init__(
        self,
        groups: object = 32,
        axis: object = -1,
        epsilon: object = 1e-3,
        center: object = True,
        scale: object = True,
        beta_initializer: object = "zeros",
        gamma_initializer: object = "ones",
        beta_regularizer: object = None,
        gamma_regularizer: object = None,
        beta_constraint: object = None,
        gamma_constraint: object = None,
        **kwargs: object,
    ) -> None:
        if not isinstance(groups, (Unknown, Poly)) and (
            not isinstance(groups, int) or (groups <= 0 and groups != -1)
        ):
            raise KerasError(
                "Received an invalid value for argument `groups`, expected a positive integer "
                f"(or `-1` for instance normalization). Received: groups={groups}"
            )
        super().__init__(**kwargs)
        self.groups = groups
        self.axis = axis
        self.epsilon = epsilon
        self.center = flag(center, "center")
        self.scale = flag(scale, "scale")

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        axis = resolved(self.axis, "axis")
        undefined = (
            f"Axis {axis} of input tensor should have a defined dimension but the layer "
            f"received an input with shape {format_shape(input_shape)}."
        )
        dim = self.axis_size(input_shape, axis, undefined)
        self._check_groups(dim)
        weights = []
        if resolved(self.scale, "scale"):
            weights.append(Weight("gamma", (dim,), True))
        if resolved(self.center, "center"):
            weights.append(Weight("beta", (dim,), True))
        return weights

    def _check_groups(self, dim: Dim) -> None:
        """Keras's checks that the channels split into whole groups (when both are known)."""
        groups = self.groups
        if not isinstance(dim, int) or not isinstance(groups, int):
            return
        if groups == -1:
            groups = dim
        if dim < groups:
            raise KerasError(
                f"Number of groups ({groups}) cannot be more than the number of channels ({dim})."
            )
        if dim % groups != 0:
            raise KerasError(
                f"Number of groups ({groups}) must be a multiple of the number of channels ({dim})."
            )


@register
class UnitNormalization(NormalizationSpec):
    def __init__(self, axis: object = -1, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.axis = _axis_list_or_int(
            axis,
            "Invalid value for `axis` argument: expected an int or a list/tuple of ints. "
            "Received: axis={value}",
        )


@register
class RMSNormalization(NormalizationSpec):
    def __init__(self, axis: object = -1, epsilon: object = 1e-6, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.axis = axis
        self.epsilon = epsilon

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        return [Weight("scale", self.sorted_axes_shape(input_shape), True)]
