"""Preprocessing layers: Rescaling, Normalization, Resizing, CenterCrop and the random image layers.

Mirrors keras/src/layers/preprocessing/. Only Normalization has weights (``mean``, ``variance``
and ``count``, all non-trainable, and only when no ``mean``/``variance`` is passed). The image
layers follow ``BaseImagePreprocessingLayer``: a shared ``factor`` check, then each layer's own
``compute_output_shape``, which for the augmentation layers keeps the input's shape.
"""

from __future__ import annotations

from typing import ClassVar

from ..dims import Dim, Poly, Shape, format_shape, product
from ..values import Unknown
from .base import KerasError, LayerSpec, Unresolved, Weight, resolved
from .base import data_format as data_format_arg
from .registry import register

# -- shared helpers ----------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float))


def _size(value: object, name: str) -> Dim:
    """A height or width Keras writes into the output shape as given; the shape must be valid."""
    if value is None or isinstance(value, Poly):
        return value
    if isinstance(value, Unknown):
        return value.as_symbol(name)
    if isinstance(value, int):
        return int(value)
    raise KerasError(f"Cannot convert {name}={value!r} to a shape dimension.")


def _checked(shape: Shape) -> Shape:
    """Keras's ``KerasTensor`` rejects a negative size (``Resizing(-1, ...)`` produces one)."""
    if any(isinstance(d, int) and d < 0 for d in shape):
        raise KerasError(
            f"Cannot convert '{format_shape(shape)}' to a shape. Negative dimensions are not allowed."
        )
    return shape


def _check_factor(factor: object, bounds: tuple[float, float]) -> None:
    """``BaseImagePreprocessingLayer._set_factor``: a number or a pair inside ``bounds``."""
    low, high = bounds
    error = KerasError(
        "The `factor` argument should be a number (or a list of two numbers) in the range "
        f"[{low}, {high}]. Received: factor={factor!r}"
    )
    if isinstance(factor, (Unknown, Poly)):
        return
    if isinstance(factor, (list, tuple)):
        if len(factor) != 2:
            raise error
        first, second = factor
        for value in (first, second):
            if not isinstance(value, (Unknown, Poly)) and not _is_number(value):
                raise error
        if (_is_number(first) and first > high) or (_is_number(second) and second < low):
            raise error
    elif _is_number(factor):
        if factor < low or factor > high:  # type: ignore[operator]
            raise error
    else:
        raise error


def _check_zoom_factor(factor: object, name: str, *, include_minus_one: bool, message: str) -> None:
    """RandomZoom's and RandomTranslation's own ``_set_factor``: each number in range."""
    if isinstance(factor, (Unknown, Poly)):
        return
    if isinstance(factor, (list, tuple)):
        if len(factor) != 2:
            raise KerasError(f"{message}Received: {name}={factor!r}")
        numbers = list(factor)
    elif _is_number(factor):
        numbers = [factor]
    else:
        raise KerasError(f"{message}Received: {name}={factor!r}")
    for number in numbers:
        if isinstance(number, (Unknown, Poly)):
            continue
        if not _is_number(number):
            raise KerasError(f"{message}Received: input_number={number!r}")
        too_low = number < -1.0 if include_minus_one else number <= -1.0
        if number > 1.0 or too_low:
            raise KerasError(f"{message}Received: input_number={number}")


_FILL_MODES = ("reflect", "wrap", "constant", "nearest")
_INTERPOLATIONS = ("nearest", "bilinear")


def _check_fill_and_interpolation(fill_mode: object, interpolation: object) -> None:
    """RandomRotation/Zoom/Translation raise NotImplementedError for other values."""
    if not isinstance(fill_mode, Unknown) and fill_mode not in _FILL_MODES:
        raise KerasError(f"Unknown `fill_mode` {fill_mode}. Expected of one {_FILL_MODES}.")
    if not isinstance(interpolation, Unknown) and interpolation not in _INTERPOLATIONS:
        raise KerasError(
            f"Unknown `interpolation` {interpolation}. Expected of one {_INTERPOLATIONS}."
        )


def _set_height_width(shape: Shape, height: Dim, width: Dim, fmt: object, batched: bool) -> Shape:
    """Resizing's and CenterCrop's ``compute_output_shape`` (an unbatched form for other ranks)."""
    channels_first = resolved(fmt, "data_format") == "channels_first"
    first = (2 if channels_first else 1) if batched else (1 if channels_first else 0)
    out = list(shape)
    if first + 1 >= len(out):
        raise KerasError("list assignment index out of range")
    out[first], out[first + 1] = height, width
    return _checked(tuple(out))


class _ImagePreprocessing(LayerSpec):
    """``BaseImagePreprocessingLayer.__init__``: ``factor``, ``bounding_box_format``, ``data_format``."""

    use_base_factor: ClassVar[bool] = True
    factor_bounds: ClassVar[tuple[float, float]] = (-1, 1)

    def __init__(
        self,
        factor: object = None,
        bounding_box_format: object = None,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.bounding_box_format = bounding_box_format
        self.data_format = data_format_arg(data_format)
        if self.use_base_factor:
            _check_factor(factor or 0.0, self.factor_bounds)
        elif factor is not None:
            raise KerasError(
                f"Layer {self.class_name()} does not take a `factor` argument. "
                f"Received: factor={factor!r}"
            )


# -- Rescaling, Normalization ------------------------------------------------------------------


@register
class Rescaling(LayerSpec):
    def __init__(self, scale: object, offset: object = 0.0, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.scale = scale
        self.offset = offset


def _literal_shape(value: object) -> tuple[int, ...] | None:
    """``np.shape`` of a literal number or nested list; None when part of it is unknown."""
    if isinstance(value, Unknown):
        return None
    if not isinstance(value, (list, tuple)):
        return ()
    shapes = [_literal_shape(item) for item in value]
    if any(shape is None for shape in shapes):
        return None
    if len(set(shapes)) > 1:
        raise KerasError(
            "setting an array element with a sequence. The requested array has an "
            "inhomogeneous shape."
        )
    inner = shapes[0] if shapes else ()
    return (len(value), *inner)  # type: ignore[misc]


@register
class Normalization(LayerSpec):
    def __init__(
        self,
        axis: object = -1,
        mean: object = None,
        variance: object = None,
        invert: object = False,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        if axis is None:
            self.axis: tuple[object, ...] | Unknown = ()
        elif isinstance(axis, (int, Unknown)):
            self.axis = axis if isinstance(axis, Unknown) else (axis,)
        elif isinstance(axis, (list, tuple, str)):
            self.axis = tuple(axis)
        else:
            raise KerasError(f"'{type(axis).__name__}' object is not iterable")
        self.mean = mean
        self.variance = variance
        self.invert = invert
        if (mean is not None) != (variance is not None):
            raise KerasError(
                "When setting values directly, both `mean` and `variance` must be set. "
                f"Received: mean={mean!r} and variance={variance!r}"
            )
        if mean is not None:
            mean_shape, variance_shape = _literal_shape(mean), _literal_shape(variance)
            if (
                mean_shape is not None
                and variance_shape is not None
                and mean_shape != variance_shape
            ):
                raise KerasError(
                    "When setting values directly, `mean` and `variance` must have the same "
                    f"shape. Received: mean shape {mean_shape} and variance shape {variance_shape}"
                )
            if (
                mean_shape is not None
                and not isinstance(self.axis, Unknown)
                and len(mean_shape) > len(self.axis)
            ):
                raise KerasError(
                    "The rank of `mean` must be less than or equal to the number of axes "
                    f"({len(self.axis)}). Received: mean shape {mean_shape} for axis {self.axis}"
                )

    def _kept_axes(self, input_shape: Shape) -> list[int] | None:
        """``build``'s checks on ``axis``; the kept axes, sorted (None when axis is unknown)."""
        axes = self.axis
        if isinstance(axes, Unknown):
            return None
        ndim = len(input_shape)
        ints: list[int] = []
        for axis in axes:
            if isinstance(axis, Unknown):
                return None
            if not isinstance(axis, int):
                raise KerasError(
                    f"'<' not supported between instances of '{type(axis).__name__}' and 'int'"
                )
            ints.append(axis)
        if any(a < -ndim or a >= ndim for a in ints):
            raise KerasError(
                "All `axis` values must be in the range [-ndim, ndim). Received inputs with "
                f"ndim={ndim}, while axis={axes}"
            )
        keep = sorted(a if a >= 0 else a + ndim for a in ints)
        for d in keep:
            if input_shape[d] is None:
                raise KerasError(
                    f"All `axis` values to be kept must have a known shape. Received axis={axes}, "
                    f"inputs.shape={format_shape(input_shape)}, with unknown axis at index {d}"
                )
        return keep

    def _check_given_mean(self, input_shape: Shape, keep: list[int]) -> None:
        """``build`` with ``mean``/``variance`` given: they must broadcast to the kept axes."""
        mean_shape = _literal_shape(self.mean)
        if not mean_shape:
            return
        ndim = len(input_shape)
        expanded: list[Dim] = [1] * ndim
        for i in range(1, len(mean_shape) + 1):
            expanded[keep[-i]] = mean_shape[-i]
        if product(expanded) != product(mean_shape):
            raise KerasError(
                f"cannot reshape array of shape {mean_shape} into shape {tuple(expanded)}"
            )
        target = [input_shape[d] if d in keep else 1 for d in range(ndim)]
        for have, want in zip(expanded, target, strict=True):
            if have != 1 and isinstance(want, int) and have != want:
                raise KerasError(
                    f"Incompatible shapes for broadcasting: {tuple(expanded)} and {tuple(target)}"
                )

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        keep = self._kept_axes(input_shape)
        if self.mean is not None:
            if keep is not None:
                self._check_given_mean(input_shape, keep)
            return []
        if keep is None:
            raise Unresolved("Normalization `axis` is unknown, so its weights' shapes are")
        if len(set(keep)) != len(keep):
            raise KerasError(f"cannot reshape the adapted mean: axis {self.axis} repeats an axis")
        shape = tuple(input_shape[d] for d in keep)
        return [
            Weight("mean", shape, False),
            Weight("variance", shape, False),
            # Created with dtype="int" (int32; int64 on the TensorFlow backend), not the layer's.
            Weight("count", (), False, "int32", fixed_dtype=True),
        ]


# -- Resizing, CenterCrop ----------------------------------------------------------------------


@register
class Resizing(_ImagePreprocessing):
    use_base_factor = False

    def __init__(
        self,
        height: object,
        width: object,
        interpolation: object = "bilinear",
        crop_to_aspect_ratio: object = False,
        pad_to_aspect_ratio: object = False,
        fill_mode: object = "constant",
        fill_value: object = 0.0,
        antialias: object = False,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.height = height
        self.width = width
        self.interpolation = interpolation
        self.data_format = data_format_arg(data_format)

    def output_shape(self, input_shape: Shape) -> Shape:
        height, width = _size(self.height, "height"), _size(self.width, "width")
        batched = len(input_shape) == 4
        return _set_height_width(input_shape, height, width, self.data_format, batched)


@register
class CenterCrop(_ImagePreprocessing):
    use_base_factor = False

    def __init__(
        self, height: object, width: object, data_format: object = None, **kwargs: object
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.height = height
        self.width = width

    def output_shape(self, input_shape: Shape) -> Shape:
        if len(input_shape) not in (3, 4):
            raise KerasError(
                "`input_shape` must be a non-nested tuple or list of rank-1 with size 3 "
                "(unbatched) or 4 (batched). "
            )
        height, width = _size(self.height, "height"), _size(self.width, "width")
        batched = len(input_shape) == 4
        return _set_height_width(input_shape, height, width, self.data_format, batched)


# -- random augmentation -----------------------------------------------------------------------


@register
class RandomFlip(_ImagePreprocessing):
    use_base_factor = False

    def __init__(
        self,
        mode: object = "horizontal_and_vertical",
        seed: object = None,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.mode = mode  # not validated by Keras


@register
class RandomRotation(_ImagePreprocessing):
    def __init__(
        self,
        factor: object,
        fill_mode: object = "reflect",
        interpolation: object = "bilinear",
        seed: object = None,
        fill_value: object = 0.0,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        _check_fill_and_interpolation(fill_mode, interpolation)


_ZOOM_FACTOR_ERROR = (
    "The `height_factor` and `width_factor` arguments should be a number (or a list of two "
    "numbers) in the range (-1.0, 1.0]. "
)
_TRANSLATION_FACTOR_ERROR = (
    "The `factor` argument should be a number (or a list of two numbers) in the range [-1.0, 1.0]. "
)


@register
class RandomZoom(_ImagePreprocessing):
    use_base_factor = False

    def __init__(
        self,
        height_factor: object,
        width_factor: object = None,
        fill_mode: object = "reflect",
        interpolation: object = "bilinear",
        seed: object = None,
        fill_value: object = 0.0,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        _check_zoom_factor(
            height_factor, "height_factor", include_minus_one=False, message=_ZOOM_FACTOR_ERROR
        )
        if width_factor is not None:
            _check_zoom_factor(
                width_factor, "width_factor", include_minus_one=False, message=_ZOOM_FACTOR_ERROR
            )
        _check_fill_and_interpolation(fill_mode, interpolation)
        self.data_format = data_format_arg(data_format)


@register
class RandomTranslation(_ImagePreprocessing):
    use_base_factor = False

    def __init__(
        self,
        height_factor: object,
        width_factor: object,
        fill_mode: object = "reflect",
        interpolation: object = "bilinear",
        seed: object = None,
        fill_value: object = 0.0,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        for value, name in ((height_factor, "height_factor"), (width_factor, "width_factor")):
            _check_zoom_factor(
                value, name, include_minus_one=True, message=_TRANSLATION_FACTOR_ERROR
            )
        _check_fill_and_interpolation(fill_mode, interpolation)


@register
class RandomContrast(_ImagePreprocessing):
    def __init__(
        self, factor: object, value_range: object = (0, 255), seed: object = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)
        _check_factor(factor, (0, 1))
        self.value_range = value_range


@register
class RandomCrop(_ImagePreprocessing):
    def __init__(
        self,
        height: object,
        width: object,
        seed: object = None,
        data_format: object = None,
        name: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(name=name, **kwargs)
        self.height = height
        self.width = width
        self.data_format = data_format_arg(data_format)

    def output_shape(self, input_shape: Shape) -> Shape:
        # Keras assigns to negative indices whatever the rank: -3/-2, or -2/-1 channels first.
        channels_first = resolved(self.data_format, "data_format") == "channels_first"
        height_axis, width_axis = (-2, -1) if channels_first else (-3, -2)
        if len(input_shape) < -height_axis:
            raise KerasError("list assignment index out of range")
        out = list(input_shape)
        out[height_axis] = _size(self.height, "height")
        out[width_axis] = _size(self.width, "width")
        return _checked(tuple(out))
