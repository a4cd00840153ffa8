"""Regularization layers: Dropout and its spatial, Gaussian and alpha variants, ActivityRegularization.

Mirrors keras/src/layers/regularization/. All keep their input's shape and have no weights (the
dropout layers' seed generators are not layer weights), so each spec only makes Keras's argument
checks and, for the spatial dropouts, the input rank check.
"""

from __future__ import annotations

import math

from ..dims import Poly
from ..values import Unknown
from .base import KerasError, LayerSpec
from .base import data_format as data_format_arg
from .flops import zero_flops
from .registry import register


def _check_unit_interval(value: object, name: str) -> None:
    """Keras's ``if not 0 <= value <= 1: raise ValueError`` (a non-number fails the comparison)."""
    if isinstance(value, (Unknown, Poly)):
        return
    if not isinstance(value, (int, float)):
        raise KerasError(
            f"'<=' not supported between instances of 'int' and '{type(value).__name__}'"
        )
    if not 0 <= value <= 1:
        raise KerasError(
            f"Invalid value received for argument `{name}`. Expected a float value between 0 "
            f"and 1. Received: {name}={value}"
        )


def _check_noise_shape(noise_shape: object) -> None:
    """``Dropout._validate_noise_shape``: an iterable of positive ints or None."""
    if noise_shape is None or isinstance(noise_shape, Unknown):
        return
    prefix = "Invalid value received for argument `noise_shape`."
    if isinstance(noise_shape, str):
        raise KerasError(f"{prefix} Expected a tuple or list of integers. Received: {noise_shape}")
    if not isinstance(noise_shape, (list, tuple)):
        raise KerasError(f"{prefix} Expected an iterable of integers. Received: {noise_shape!r}")
    for index, dim in enumerate(noise_shape):
        if dim is None or isinstance(dim, (Unknown, Poly)):
            continue
        if not isinstance(dim, int):
            raise KerasError(
                f"{prefix} Expected all elements to be integers or None. Received element at "
                f"index {index}: {dim!r}"
            )
        if dim <= 0:
            raise KerasError(
                f"{prefix} Expected all dimensions to be positive integers or None. Received "
                f"negative or zero value at index {index}: {dim}"
            )


def _check_penalty(value: object, name: str) -> None:
    """``regularizers.validate_float_arg``: a finite non-negative number (None means 0)."""
    if value is None or isinstance(value, (Unknown, Poly)):
        return
    if not isinstance(value, (int, float)) or math.isinf(value) or math.isnan(value) or value < 0:
        raise KerasError(
            f"Invalid value for argument {name}: expected a non-negative float. "
            f"Received: {name}={value!r}"
        )


@register
class Dropout(LayerSpec):
    flops = macs = zero_flops

    def __init__(
        self, rate: object, noise_shape: object = None, seed: object = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)
        _check_unit_interval(rate, "rate")
        _check_noise_shape(noise_shape)
        self.rate = rate
        self.noise_shape = noise_shape


class _SpatialDropout(LayerSpec):
    """``BaseSpatialDropout``: a Dropout whose constructor takes no other layer keywords."""

    flops = macs = zero_flops

    def __init__(self, rate: object, seed: object, name: object, dtype: object) -> None:
        super().__init__(name=name, dtype=dtype)
        _check_unit_interval(rate, "rate")
        self.rate = rate


@register
class SpatialDropout1D(_SpatialDropout):
    input_ndim = 3

    def __init__(
        self, rate: object, seed: object = None, name: object = None, dtype: object = None
    ) -> None:
        super().__init__(rate, seed, name, dtype)


@register
class SpatialDropout2D(_SpatialDropout):
    input_ndim = 4

    def __init__(
        self,
        rate: object,
        data_format: object = None,
        seed: object = None,
        name: object = None,
        dtype: object = None,
    ) -> None:
        super().__init__(rate, seed, name, dtype)
        self.data_format = data_format_arg(data_format)


@register
class SpatialDropout3D(_SpatialDropout):
    input_ndim = 5

    def __init__(
        self,
        rate: object,
        data_format: object = None,
        seed: object = None,
        name: object = None,
        dtype: object = None,
    ) -> None:
        super().__init__(rate, seed, name, dtype)
        self.data_format = data_format_arg(data_format)


@register
class GaussianNoise(LayerSpec):
    flops = macs = zero_flops

    def __init__(self, stddev: object, seed: object = None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        _check_unit_interval(stddev, "stddev")
        self.stddev = stddev


@register
class GaussianDropout(LayerSpec):
    flops = macs = zero_flops

    def __init__(self, rate: object, seed: object = None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        _check_unit_interval(rate, "rate")
        self.rate = rate


@register
class AlphaDropout(LayerSpec):
    flops = macs = zero_flops

    def __init__(
        self, rate: object, noise_shape: object = None, seed: object = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)
        _check_unit_interval(rate, "rate")  # noise_shape is not validated by AlphaDropout
        self.rate = rate


@register
class ActivityRegularization(LayerSpec):
    flops = macs = zero_flops

    def __init__(self, l1: object = 0.0, l2: object = 0.0, **kwargs: object) -> None:
        _check_penalty(l1, "l1")
        _check_penalty(l2, "l2")
        if "activity_regularizer" in kwargs:
            # Keras passes its own L1L2 as activity_regularizer, so Python rejects a second one.
            raise KerasError(
                "Layer.__init__() got multiple values for keyword argument 'activity_regularizer'"
            )
        super().__init__(activity_regularizer=(l1, l2), **kwargs)
        self.l1 = l1
        self.l2 = l2
