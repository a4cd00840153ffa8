"""Colour augmentation layers that keep the image's shape (keras/src/layers/preprocessing/
image_preprocessing/): RandomBrightness, RandomGrayscale, AutoContrast, RandomHue,
RandomSaturation, RandomColorDegeneration, RandomColorJitter, RandomInvert, RandomPosterization,
RandomSharpness, Solarization, Equalization and ContrastLimitedAdaptiveHistogramEqualization
(geometry and mixing layers: image_geometry.py).

Each one's ``compute_output_shape`` returns its input shape and none has weights. The specs
mirror the signatures and the ``factor`` check of ``BaseImagePreprocessingLayer._set_factor``
(with each layer's own bounds) and ``value_range``'s pair check; the other argument checks
(``scale``, ``sigma``, ``kernel_size``...) are not mirrored, so a bad one is not flagged.
"""

from __future__ import annotations

from typing import ClassVar

from ..dims import Shape, format_shape
from ..values import Unknown
from .base import KerasError, LayerSpec
from .base import data_format as data_format_arg
from .preprocessing import _check_factor
from .registry import register


def _check_value_range(value: object) -> None:
    if isinstance(value, Unknown):
        return
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise KerasError(
            "The `value_range` argument should be a list of two numbers. "
            f"Received: value_range={value!r}"
        )


class _KeepsImageShape(LayerSpec):
    """``BaseImagePreprocessingLayer.__init__``; the output has the input's shape."""

    # Keras's ``_FACTOR_BOUNDS``, for the layers whose ``__init__`` calls ``_set_factor``.
    factor_bounds: ClassVar[tuple[float, float]] = (-1, 1)
    # Whether ``__init__`` calls ``_set_value_range`` (a pair of numbers).
    checks_value_range: ClassVar[bool] = True

    def _image_setup(
        self,
        kwargs: dict[str, object],
        *,
        data_format: object = None,
        factor: object = None,
        value_range: object = None,
    ) -> None:
        self.bounding_box_format = kwargs.pop("bounding_box_format", None)
        super().__init__(**kwargs)
        self.data_format = data_format_arg(data_format)
        if factor is not None:
            _check_factor(factor, self.factor_bounds)
        if value_range is not None and self.checks_value_range:
            _check_value_range(value_range)


@register
class RandomBrightness(_KeepsImageShape):
    def __init__(
        self, factor: object, value_range: object = (0, 255), seed: object = None, **kwargs: object
    ) -> None:
        self._image_setup(kwargs, factor=factor, value_range=value_range)


@register
class RandomGrayscale(_KeepsImageShape):
    def __init__(
        self,
        factor: object = 0.5,
        data_format: object = None,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        self._image_setup(kwargs, data_format=data_format)
        if isinstance(factor, (int, float)) and not 0 <= factor <= 1:
            raise KerasError(f"`factor` should be between 0 and 1. Received: factor={factor}")


@register
class AutoContrast(_KeepsImageShape):
    def __init__(self, value_range: object = (0, 255), **kwargs: object) -> None:
        self._image_setup(kwargs, value_range=value_range)


class _ColourFactorLayer(_KeepsImageShape):
    """``(factor, value_range, data_format, seed)`` and ``self._set_factor(factor)``."""

    def _colour_setup(
        self, factor: object, value_range: object, data_format: object, kwargs: dict[str, object]
    ) -> None:
        self._image_setup(kwargs, data_format=data_format, factor=factor, value_range=value_range)


@register
class RandomHue(_ColourFactorLayer):
    factor_bounds = (0, 1)
    checks_value_range = False

    def __init__(
        self,
        factor: object,
        value_range: object = (0, 255),
        data_format: object = None,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        self._colour_setup(factor, value_range, data_format, kwargs)


@register
class RandomSaturation(_ColourFactorLayer):
    def __init__(
        self,
        factor: object,
        value_range: object = (0, 255),
        data_format: object = None,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        self._colour_setup(factor, value_range, data_format, kwargs)


@register
class RandomColorDegeneration(_ColourFactorLayer):
    def __init__(
        self,
        factor: object,
        value_range: object = (0, 255),
        data_format: object = None,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        self._colour_setup(factor, value_range, data_format, kwargs)

    def output_shape(self, input_shape: Shape) -> Shape:
        if len(input_shape) not in (3, 4):
            raise KerasError(
                "Invalid images rank: expected rank 3 (single image) or rank 4 (batch of "
                f"images). Received: input_shape={format_shape(input_shape)}"
            )
        return input_shape


@register
class RandomPosterization(_ColourFactorLayer):
    factor_bounds = (1, 8)

    def __init__(
        self,
        factor: object,
        value_range: object = (0, 255),
        data_format: object = None,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        self._colour_setup(factor, value_range, data_format, kwargs)


@register
class RandomSharpness(_ColourFactorLayer):
    factor_bounds = (0, 1)

    def __init__(
        self,
        factor: object,
        value_range: object = (0, 255),
        data_format: object = None,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        self._colour_setup(factor, value_range, data_format, kwargs)


@register
class RandomInvert(_KeepsImageShape):
    factor_bounds = (0, 1)
    checks_value_range = False

    def __init__(
        self,
        factor: object = 1.0,
        value_range: object = (0, 255),
        seed: object = None,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        self._image_setup(kwargs, data_format=data_format, factor=factor, value_range=value_range)


@register
class RandomColorJitter(_KeepsImageShape):
    checks_value_range = False

    def __init__(
        self,
        value_range: object = (0, 255),
        brightness_factor: object = None,
        contrast_factor: object = None,
        saturation_factor: object = None,
        hue_factor: object = None,
        seed: object = None,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        self._image_setup(kwargs, data_format=data_format, value_range=value_range)


@register
class Solarization(_KeepsImageShape):
    def __init__(
        self,
        addition_factor: object = 0.0,
        threshold_factor: object = 0.0,
        value_range: object = (0, 255),
        seed: object = None,
        **kwargs: object,
    ) -> None:
        self._image_setup(kwargs, value_range=value_range)


@register
class Equalization(_KeepsImageShape):
    def __init__(
        self,
        value_range: object = (0, 255),
        bins: object = 256,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        self._image_setup(kwargs, data_format=data_format, value_range=value_range)

    def output_shape(self, input_shape: Shape) -> Shape:
        raise KerasError(
            "Equalization's symbolic output is its input tensor itself (Keras 3.15's "
            "`compute_output_spec` returns `inputs`), so a model that contains it raises: "
            "the tensor from operation 'equalization' is part of a cycle."
        )


@register
class ContrastLimitedAdaptiveHistogramEqualization(_KeepsImageShape):
    def __init__(
        self,
        value_range: object = (0, 255),
        clip_limit: object = 4.0,
        tile_grid_size: object = (8, 8),
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        self._image_setup(kwargs, data_format=data_format)
