"""Adaptive pooling: AdaptiveAverage/MaxPooling1D/2D/3D (keras/src/layers/pooling/).

The output's spatial size is the ``output_size`` argument, whatever the input's; the channels
stay. Keras sets no InputSpec and computes the shape from the first and last axes only.
"""

from __future__ import annotations

from typing import ClassVar

from ..dims import Dim, Shape
from ..values import Unknown
from .base import KerasError, LayerSpec, Unresolved, dim_value
from .registry import register


class _AdaptivePooling(LayerSpec):
    rank: ClassVar[int]

    def __init__(self, output_size: object, data_format: object = None, **kwargs: object) -> None:
        self.output_size = self._standardize(output_size)
        super().__init__(**kwargs)
        data_format = "channels_last" if data_format is None else data_format
        if not isinstance(data_format, Unknown) and data_format not in (
            "channels_first",
            "channels_last",
        ):
            raise KerasError(
                f"Invalid data_format: {data_format}. Expected 'channels_first' or 'channels_last'."
            )
        self.data_format = data_format

    def _standardize(self, value: object) -> tuple[Dim, ...]:
        if isinstance(value, Unknown):
            raise Unresolved(f"`output_size` is unknown: {value.reason}", value.position)
        if isinstance(value, int) and not isinstance(value, bool):
            return (value,) * self.rank
        if isinstance(value, (tuple, list)) and len(value) == self.rank:
            return tuple(dim_value(v, "output_size", minimum=0) for v in value)
        raise KerasError(
            f"`output_size` must be an integer or a tuple of {self.rank} integers. "
            f"Received: {value!r}"
        )

    def output_shape(self, input_shape: Shape) -> Shape:
        if isinstance(self.data_format, Unknown):
            raise Unresolved(f"`data_format` is unknown: {self.data_format.reason}")
        if self.data_format == "channels_last":
            return (input_shape[0], *self.output_size, input_shape[-1])
        return (input_shape[0], input_shape[1], *self.output_size)


@register
class AdaptiveAveragePooling1D(_AdaptivePooling):
    rank = 1


@register
class AdaptiveAveragePooling2D(_AdaptivePooling):
    rank = 2


@register
class AdaptiveAveragePooling3D(_AdaptivePooling):
    rank = 3


@register
class AdaptiveMaxPooling1D(_AdaptivePooling):
    rank = 1


@register
class AdaptiveMaxPooling2D(_AdaptivePooling):
    rank = 2


@register
class AdaptiveMaxPooling3D(_AdaptivePooling):
    rank = 3
