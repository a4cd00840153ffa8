"""Pooling layers: MaxPoolingND, AveragePoolingND and their Global forms.

None of them has weights. ``_Pooling`` mirrors Keras's ``BasePooling``
(``keras/src/layers/pooling/base_pooling.py``: ``strides`` defaults to ``pool_size``; ``padding`` is
neither lower-cased nor checked until the output shape is computed) and ``_GlobalPooling`` mirrors
``BaseGlobalPooling``. Both demand exactly ``ndim=N + 2``.
"""

from __future__ import annotations

from typing import ClassVar

from ..dims import Dim, Shape, product
from ..shapes import compute_pooling_output_shape
from .base import LayerSpec, flag, int_tuple, resolved
from .base import data_format as standardize_data_format
from .flops import check_plain, known, sample_elements, spatial
from .registry import register


class _Pooling(LayerSpec):
    """Keras's ``BasePooling``."""

    rank: ClassVar[int]
    # AveragePoolingND: a sum and a division (XLA counts both); MaxPoolingND: a max.
    average: ClassVar[bool] = False

    def __init__(
        self,
        pool_size: object,
        strides: object,
        padding: object,
        data_format: object,
        name: object,
        **kwargs: object,
    ) -> None:
        super().__init__(name=name, **kwargs)
        self.pool_size = int_tuple(pool_size, self.rank, "pool_size")
        strides = pool_size if strides is None else strides
        self.strides = int_tuple(strides, self.rank, "strides", allow_zero=True)
        self.padding = padding
        self.data_format = standardize_data_format(data_format)

    def output_shape(self, input_shape: Shape) -> Shape:
        return compute_pooling_output_shape(
            input_shape,
            self.pool_size,
            self.strides,
            str(resolved(self.padding, "padding")),
            str(resolved(self.data_format, "data_format")),
        )

    def flops(self, input_shape: Shape) -> Dim:
        """XLA's ``reduce_window``: ``taps - 1`` per output; an average adds the division and,
        with "same" padding, the window sizes (a ``reduce_window`` over the spatial axes)."""
        check_plain(self)
        out = self.output_shape(input_shape)
        outputs, taps = sample_elements(out), product(self.pool_size)
        if not self.average:
            return outputs * (taps - 1)  # type: ignore[operator]
        counts: Dim = 0
        if str(resolved(self.padding, "padding")).lower() == "same":
            fmt = str(resolved(self.data_format, "data_format"))
            counts = product(known(d) for d in spatial(out, fmt, self.rank)) * (taps - 1)  # type: ignore[operator]
        return outputs * taps + counts  # type: ignore[operator]

    def macs(self, input_shape: Shape) -> Dim:
        self.flops(input_shape)
        return 0


class _GlobalPooling(LayerSpec):
    """Keras's ``BaseGlobalPooling``: the spatial axes are reduced away (or kept as 1s)."""

    def __init__(
        self, data_format: object = None, keepdims: object = False, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.keepdims = flag(keepdims, "keepdims")

    def output_shape(self, input_shape: Shape) -> Shape:
        spatial = (1,) * (len(input_shape) - 2) if resolved(self.keepdims, "keepdims") else ()
        if resolved(self.data_format, "data_format") == "channels_last":
            return (input_shape[0], *spatial, input_shape[-1])
        return (input_shape[0], input_shape[1], *spatial)

    def flops(self, input_shape: Shape) -> Dim:
        """A reduce over the spatial axes (``size - 1`` per channel), then for an average the
        division (1 per channel)."""
        check_plain(self)
        channels = sample_elements(self.output_shape(input_shape))
        reduced = sample_elements(input_shape) - channels
        average = self.class_name().startswith("GlobalAverage")
        return reduced + channels if average else reduced  # type: ignore[operator]

    def macs(self, input_shape: Shape) -> Dim:
        self.flops(input_shape)
        return 0


# -- MaxPoolingND ---------------------------------------------------------------------------------


@register
class MaxPooling1D(_Pooling):
    rank = 1
    input_ndim = 3
    aliases = ("MaxPool1D",)

    def __init__(
        self,
        pool_size: object = 2,
        strides: object = None,
        padding: object = "valid",
        data_format: object = None,
        name: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(pool_size, strides, padding, data_format, name, **kwargs)


@register
class MaxPooling2D(_Pooling):
    rank = 2
    input_ndim = 4
    aliases = ("MaxPool2D",)

    def __init__(
        self,
        pool_size: object = (2, 2),
        strides: object = None,
        padding: object = "valid",
        data_format: object = None,
        name: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(pool_size, strides, padding, data_format, name, **kwargs)


@register
class MaxPooling3D(_Pooling):
    rank = 3
    input_ndim = 5
    aliases = ("MaxPool3D",)

    def __init__(
        self,
        pool_size: object = (2, 2, 2),
        strides: object = None,
        padding: object = "valid",
        data_format: object = None,
        name: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(pool_size, strides, padding, data_format, name, **kwargs)


# -- AveragePoolingND (pool_size has no default) ---------------------------------------------------


@register
class AveragePooling1D(_Pooling):
    rank = 1
    average = True
    input_ndim = 3
    aliases = ("AvgPool1D",)

    def __init__(
        self,
        pool_size: object,
        strides: object = None,
        padding: object = "valid",
        data_format: object = None,
        name: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(pool_size, strides, padding, data_format, name, **kwargs)


@register
class AveragePooling2D(_Pooling):
    rank = 2
    average = True
    input_ndim = 4
    aliases = ("AvgPool2D",)

    def __init__(
        self,
        pool_size: object,
        strides: object = None,
        padding: object = "valid",
        data_format: object = None,
        name: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(pool_size, strides, padding, data_format, name, **kwargs)


@register
class AveragePooling3D(_Pooling):
    rank = 3
    average = True
    input_ndim = 5
    aliases = ("AvgPool3D",)

    def __init__(
        self,
        pool_size: object,
        strides: object = None,
        padding: object = "valid",
        data_format: object = None,
        name: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(pool_size, strides, padding, data_format, name, **kwargs)


# -- Global pooling: every Keras class has the signature (data_format=None, keepdims=False) --------


@register
class GlobalMaxPooling1D(_GlobalPooling):
    input_ndim = 3
    aliases = ("GlobalMaxPool1D",)


@register
class GlobalMaxPooling2D(_GlobalPooling):
    input_ndim = 4
    aliases = ("GlobalMaxPool2D",)


@register
class GlobalMaxPooling3D(_GlobalPooling):
    input_ndim = 5
    aliases = ("GlobalMaxPool3D",)


@register
class GlobalAveragePooling1D(_GlobalPooling):
    input_ndim = 3
    aliases = ("GlobalAvgPool1D",)


@register
class GlobalAveragePooling2D(_GlobalPooling):
    input_ndim = 4
    aliases = ("GlobalAvgPool2D",)


@register
class GlobalAveragePooling3D(_GlobalPooling):
    input_ndim = 5
    aliases = ("GlobalAvgPool3D",)
