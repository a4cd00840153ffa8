"""Geometry, erasing and mixing augmentation layers that keep the image's shape (keras/src/
layers/preprocessing/image_preprocessing/): RandomShear, RandomErasing, RandomGaussianBlur,
RandomPerspective, RandomElasticTransform, AugMix, CutMix, MixUp and RandAugment.

As in image_augmentation.py: the signatures, the ``factor`` checks (and the ``scale``/``sigma``
ones Keras makes against the same bounds); the output has the input's shape and no weights.
"""

from __future__ import annotations

from ..values import Unknown
from .base import KerasError
from .image_augmentation import _KeepsImageShape
from .preprocessing import _check_factor
from .registry import register


def _check_shear_factor(factor: object, name: str) -> None:
    """RandomShear's ``_set_factor_with_name``: a number or a pair, each number in [0, 1]."""
    if isinstance(factor, Unknown):
        return
    numbers = list(factor) if isinstance(factor, (list, tuple)) else [factor]
    if isinstance(factor, (list, tuple)) and len(factor) != 2:
        numbers = [None]
    for number in numbers:
        if isinstance(number, Unknown):
            continue
        if not isinstance(number, (int, float)) or not 0.0 <= number <= 1.0:
            raise KerasError(
                "The `factor` argument should be a number (or a list of two numbers) in the "
                f"range [0.0, 1.0]. Received: {name}={factor!r}"
            )


@register
class RandomShear(_KeepsImageShape):
    def __init__(
        self,
        x_factor: object = 0.0,
        y_factor: object = 0.0,
        interpolation: object = "bilinear",
        fill_mode: object = "reflect",
        fill_value: object = 0.0,
        data_format: object = None,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        self._image_setup(kwargs, data_format=data_format)
        _check_shear_factor(x_factor, "x_factor")
        _check_shear_factor(y_factor, "y_factor")


@register
class RandomErasing(_KeepsImageShape):
    factor_bounds = (0, 1)

    def __init__(
        self,
        factor: object = 1.0,
        scale: object = (0.02, 0.33),
        fill_value: object = None,
        value_range: object = (0, 255),
        seed: object = None,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        self._image_setup(kwargs, data_format=data_format, factor=factor)
        _check_factor(scale, self.factor_bounds)  # _set_factor_by_name("scale")


@register
class RandomGaussianBlur(_KeepsImageShape):
    factor_bounds = (0, 1)

    def __init__(
        self,
        factor: object = 1.0,
        kernel_size: object = 3,
        sigma: object = 1.0,
        value_range: object = (0, 255),
        data_format: object = None,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        self._image_setup(kwargs, data_format=data_format, factor=factor)
        _check_factor(sigma, self.factor_bounds)  # _set_factor_by_name("sigma"): [0, 1] too


@register
class RandomPerspective(_KeepsImageShape):
    factor_bounds = (0, 1)

    def __init__(
        self,
        factor: object = 1.0,
        scale: object = 1.0,
        interpolation: object = "bilinear",
        fill_value: object = 0.0,
        seed: object = None,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        self._image_setup(kwargs, data_format=data_format, factor=factor)


@register
class RandomElasticTransform(_KeepsImageShape):
    factor_bounds = (0, 1)

    def __init__(
        self,
        factor: object = 1.0,
        scale: object = 1.0,
        interpolation: object = "bilinear",
        fill_mode: object = "reflect",
        fill_value: object = 0.0,
        value_range: object = (0, 255),
        seed: object = None,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        self._image_setup(kwargs, data_format=data_format, factor=factor)
        _check_factor(scale, self.factor_bounds)  # _set_factor_by_name("scale")


@register
class AugMix(_KeepsImageShape):
    factor_bounds = (0, 1)

    def __init__(
        self,
        value_range: object = (0, 255),
        num_chains: object = 3,
        chain_depth: object = 3,
        factor: object = 0.3,
        alpha: object = 1.0,
        all_ops: object = True,
        interpolation: object = "bilinear",
        seed: object = None,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        self._image_setup(kwargs, data_format=data_format, factor=factor)


@register
class CutMix(_KeepsImageShape):
    factor_bounds = (0, 1)

    def __init__(
        self,
        factor: object = 1.0,
        seed: object = None,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        self._image_setup(kwargs, data_format=data_format, factor=factor)


@register
class MixUp(_KeepsImageShape):
    def __init__(
        self, alpha: object = 0.2, data_format: object = None, seed: object = None, **kwargs: object
    ) -> None:
        self._image_setup(kwargs, data_format=data_format)


@register
class RandAugment(_KeepsImageShape):
    factor_bounds = (0, 1)

    def __init__(
        self,
        value_range: object = (0, 255),
        num_ops: object = 2,
        factor: object = 0.5,
        interpolation: object = "bilinear",
        seed: object = None,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        self._image_setup(kwargs, data_format=data_format, factor=factor)
