"""Convolution layers: ConvND, ConvNDTranspose, SeparableConvND, DepthwiseConvND.

Four small family bases mirror Keras's ``BaseConv``, ``BaseConvTranspose``, ``BaseSeparableConv``
and ``BaseDepthwiseConv`` (``keras/src/layers/convolutional/``): their constructor checks,
``build`` weights and output shapes (from :mod:`..shapes`). Each public class only states Keras's
signature, its rank and its aliases. Keras's InputSpec for all of them is ``min_ndim=rank + 2``;
a longer input fails in the shape computation, as in Keras.
"""

from __future__ import annotations

from typing import ClassVar

from ..dims import Dim, Poly, Shape, floordiv, format_shape, product
from ..shapes import (
    channel_axis,
    compute_conv_output_shape,
    compute_conv_transpose_output_shape,
)
from ..values import Unknown
from .base import (
    KerasError,
    LayerSpec,
    UndefinedDimensionError,
    Unresolved,
    Weight,
    check_activation,
    dim_value,
    flag,
    int_tuple,
    resolved,
)
from .base import data_format as standardize_data_format
from .flops import (
    activation_flops,
    check_plain,
    known,
    not_matched,
    sample_elements,
    spatial,
    transpose_pairs,
    window_pairs,
)
from .registry import register


def _positive(value: object, name: str) -> Dim:
    """``filters``, ``depth_multiplier``: Keras's "strictly positive" check; an int or a symbol."""
    if isinstance(value, int) and not isinstance(value, bool) and value <= 0:
        raise KerasError(
            f"Invalid value for argument `{name}`. Expected a strictly positive value. "
            f"Received {name}={value}."
        )
    return dim_value(value, name)


def _padding(value: object, allow_causal: bool = False) -> object:
    """Keras's ``standardize_padding``: lower-cased; a list or tuple passes (and fails later)."""
    if isinstance(value, (Unknown, list, tuple)):
        return value
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    if not isinstance(value, str) or value.lower() not in allowed:
        raise KerasError(
            f"The `padding` argument must be a list/tuple or one of {set(allowed)}. "
            f"Received: {value}"
        )
    return value.lower()


def _known_int(value: Dim, name: str) -> int:
    if isinstance(value, int):
        return value
    raise Unresolved(f"`{name}` must be known to compute the weights; it is {value}")


class _Window(LayerSpec):
    """What every convolution shares: window arguments, data format, channel lookup, bias."""

    rank: ClassVar[int]

    def _window(
        self,
        kernel_size: object,
        strides: object,
        padding: object,
        data_format: object,
        dilation_rate: object,
        activation: object,
        use_bias: object,
        allow_causal: bool = False,
    ) -> None:
        self.kernel_size = int_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = int_tuple(strides, self.rank, "strides")
        self.dilation_rate = int_tuple(dilation_rate, self.rank, "dilation_rate")
        self.padding = _padding(padding, allow_causal)
        self.data_format = standardize_data_format(data_format)
        self.activation = check_activation(activation)
        self.use_bias = flag(use_bias, "use_bias")

    def _check_strides_and_dilation(self) -> None:
        if any(isinstance(s, int) and s > 1 for s in self.strides) and any(
            isinstance(d, int) and d > 1 for d in self.dilation_rate
        ):
            raise KerasError(
                "`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                f"Received: strides={format_shape(self.strides)} and "
                f"dilation_rate={format_shape(self.dilation_rate)}"
            )

    def _format(self) -> str:
        return str(resolved(self.data_format, "data_format"))

    def _padding_mode(self) -> str:
        padding = resolved(self.padding, "padding")
        if not isinstance(padding, str):
            raise KerasError(f"`padding` must be either `'valid'` or `'same'`. Received {padding}.")
        return padding

    def _channels(self, input_shape: Shape) -> Dim:
        """The input's channel dimension, which ``build`` needs to be known."""
        channels = channel_axis(input_shape, self._format())
        if channels is None:
            raise UndefinedDimensionError(
                f"The channel dimension of the inputs to {self.class_name()} should be defined. "
                f"Found None in input shape {format_shape(input_shape)}."
            )
        return channels

    def _bias(self, size: Dim) -> list[Weight]:
        return [Weight("bias", (size,), True)] if resolved(self.use_bias, "use_bias") else []

    def _taps(self, input_shape: Shape, output_shape: Shape, *, padded: bool = False) -> int | Poly:
        """(output position, kernel tap) pairs over all axes: those inside the input (XLA's
        count), or all of them (``padded``, the textbook MACs)."""
        check_plain(self)
        fmt = self._format()
        padding = "valid" if padded else self._padding_mode()
        total: Dim = 1
        for size, out, k, s, d in zip(
            spatial(input_shape, fmt, self.rank), spatial(output_shape, fmt, self.rank),
            self.kernel_size, self.strides, self.dilation_rate, strict=True,
        ):  # fmt: skip
            total = total * window_pairs(known(size), known(out), k, s, d, padding)  # type: ignore[operator]
        return known(total)

    def _epilogue(self, output_shape: Shape) -> Dim:
        """The bias add (1 per output) and the activation; causal padding adds 1 (Keras's pad)."""
        outputs = sample_elements(output_shape)
        bias = outputs if resolved(self.use_bias, "use_bias") else 0
        causal = 1 if self._padding_mode() == "causal" else 0
        return bias + activation_flops(self, self.activation, outputs) + causal  # type: ignore[operator]


class _Conv(_Window):
    """Keras's ``BaseConv``: Conv1D, Conv2D, Conv3D (with ``groups`` and LoRA)."""

    def __init__(
        self,
        filters: object,
        kernel_size: object,
        strides: object,
        padding: object,
        data_format: object,
        dilation_rate: object,
        groups: object,
        activation: object,
        use_bias: object,
        kernel_constraint: object,
        lora_rank: object = None,
        lora_alpha: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self._window(
            kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias,
            allow_causal=self.rank == 1,
        )  # fmt: skip
        self.filters = _positive(filters, "filters")
        if isinstance(groups, int) and not isinstance(groups, bool) and groups <= 0:
            raise KerasError(
                f"The number of groups must be a positive integer. Received: groups={groups}."
            )
        self.groups = dim_value(groups, "groups")
        filters_, groups_ = self.filters, self.groups
        if isinstance(filters_, int) and isinstance(groups_, int) and filters_ % groups_:
            raise KerasError(
                "The number of filters must be evenly divisible by the number of groups. "
                f"Received: groups={groups_}, filters={filters_}."
            )
        self._check_strides_and_dilation()
        self.kernel_constraint = kernel_constraint
        self.lora_rank = lora_rank

    def output_shape(self, input_shape: Shape) -> Shape:
        return compute_conv_output_shape(
            input_shape, self.filters, self.kernel_size, self.strides, self._padding_mode(),
            self._format(), self.dilation_rate,
        )  # fmt: skip

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        channels = self._channels(input_shape)
        groups = _known_int(self.groups, "groups") if self.groups != 1 else 1
        if isinstance(channels, int) and channels % groups:
            raise KerasError(
                "The number of input channels must be evenly divisible by the number of groups. "
                f"Received groups={groups}, but the input has {channels} channels "
                f"(full input shape is {format_shape(input_shape)})."
            )
        self.output_shape(input_shape)  # Keras validates the shape before adding weights
        kernel = Weight(
            "kernel", (*self.kernel_size, floordiv(channels, groups), self.filters), True
        )
        return self._lora(kernel) + self._bias(self.filters)

    def _lora(self, kernel: Weight) -> list[Weight]:
        """Keras's ``enable_lora``: the kernel is frozen and two low-rank factors are added."""
        rank = resolved(self.lora_rank, "lora_rank")
        if not rank:
            return [kernel]
        if self.kernel_constraint:
            raise KerasError(
                "Lora is incompatible with kernel constraints. In order to enable lora on this "
                "layer, remove the `kernel_constraint` argument."
            )
        r = dim_value(rank, "lora_rank")
        return [
            Weight(kernel.name, kernel.shape, False, kernel.dtype, settable=True),
            Weight("lora_kernel_a", (*kernel.shape[:-1], r), True, fixed_dtype=True),
            Weight("lora_kernel_b", (r, self.filters), True, fixed_dtype=True),
        ]

    def _per_tap(self, input_shape: Shape) -> Dim:
        if resolved(self.lora_rank, "lora_rank"):
            raise not_matched(self, " with LoRA")
        groups = _known_int(self.groups, "groups") if self.groups != 1 else 1
        return floordiv(known(self._channels(input_shape)), groups) * self.filters  # type: ignore[operator]

    def macs(self, input_shape: Shape) -> Dim:
        out = self.output_shape(input_shape)
        return self._taps(input_shape, out, padded=True) * self._per_tap(input_shape)  # type: ignore[operator]

    def flops(self, input_shape: Shape) -> Dim:
        out = self.output_shape(input_shape)
        taps = self._taps(input_shape, out)
        return 2 * taps * self._per_tap(input_shape) + self._epilogue(out)  # type: ignore[operator]


class _ConvTranspose(_Window):
    """Keras's ``BaseConvTranspose``: Conv1DTranspose, Conv2DTranspose, Conv3DTranspose."""

    def __init__(
        self,
        filters: object,
        kernel_size: object,
        strides: object,
        padding: object,
        output_padding: object,
        data_format: object,
        dilation_rate: object,
        activation: object,
        use_bias: object,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self._window(
            kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias
        )
        self.output_padding: tuple[Dim, ...] | None = None
        if output_padding is not None:
            self.output_padding = int_tuple(
                output_padding, self.rank, "output_padding", allow_zero=True
            )
        self.filters = _positive(filters, "filters")
        for i, (op, s) in enumerate(zip(self.output_padding or (), self.strides, strict=False)):
            if isinstance(op, int) and isinstance(s, int) and op >= s:
                raise KerasError(
                    "`output_padding` must be strictly less than `strides` for all dimensions. "
                    f"At dimension {i}, `output_padding` is {op} but `strides` is {s}. Received: "
                    f"output_padding={format_shape(self.output_padding or ())}, "
                    f"strides={format_shape(self.strides)}"
                )
        self._check_strides_and_dilation()

    def output_shape(self, input_shape: Shape) -> Shape:
        return compute_conv_transpose_output_shape(
            input_shape, self.kernel_size, self.filters, self.strides, self._padding_mode(),
            self.output_padding, self._format(), self.dilation_rate,
        )  # fmt: skip

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        kernel = (*self.kernel_size, self.filters, self._channels(input_shape))
        return [Weight("kernel", kernel, True), *self._bias(self.filters)]

    def macs(self, input_shape: Shape) -> Dim:
        """Every input position times every tap (the textbook count of a transposed conv)."""
        check_plain(self)
        positions = product(known(d) for d in spatial(input_shape, self._format(), self.rank))
        per_position = product((*self.kernel_size, self._channels(input_shape), self.filters))
        return positions * per_position  # type: ignore[operator]

    def flops(self, input_shape: Shape) -> Dim:
        check_plain(self)
        padding, out = self._padding_mode(), self.output_shape(input_shape)
        paddings = self.output_padding or (None,) * self.rank
        taps = 1
        for size, k, s, d, extra in zip(
            spatial(input_shape, self._format(), self.rank), self.kernel_size, self.strides,
            self.dilation_rate, paddings, strict=True,
        ):  # fmt: skip
            taps *= transpose_pairs(known(size), k, s, d, padding, extra)
        channels = known(self._channels(input_shape)) * self.filters  # type: ignore[operator]
        return 2 * taps * channels + self._epilogue(out)  # type: ignore[operator]


class _DepthwiseConv(_Window):
    """Keras's ``BaseDepthwiseConv``: DepthwiseConv1D, DepthwiseConv2D."""

    def __init__(
        self,
        kernel_size: object,
        strides: object,
        padding: object,
        depth_multiplier: object,
        data_format: object,
        dilation_rate: object,
        activation: object,
        use_bias: object,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self._window(
            kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias
        )
        self.depth_multiplier = _positive(depth_multiplier, "depth_multiplier")

    def output_shape(self, input_shape: Shape) -> Shape:
        filters = self.depth_multiplier * self._channels(input_shape)  # type: ignore[operator]
        return compute_conv_output_shape(
            input_shape, filters, self.kernel_size, self.strides, self._padding_mode(),
            self._format(), self.dilation_rate,
        )  # fmt: skip

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        channels = self._channels(input_shape)
        self.output_shape(input_shape)
        kernel = Weight("kernel", (*self.kernel_size, channels, self.depth_multiplier), True)
        return [kernel, *self._bias(product((self.depth_multiplier, channels)))]

    def macs(self, input_shape: Shape) -> Dim:
        out = self.output_shape(input_shape)
        per_tap = known(self._channels(input_shape)) * known(self.depth_multiplier)
        return self._taps(input_shape, out, padded=True) * per_tap  # type: ignore[operator]

    def flops(self, input_shape: Shape) -> Dim:
        """A convolution with one group per input channel."""
        out = self.output_shape(input_shape)
        per_tap = known(self._channels(input_shape)) * known(self.depth_multiplier)
        return 2 * self._taps(input_shape, out) * per_tap + self._epilogue(out)  # type: ignore[operator]


class _SeparableConv(_Window):
    """Keras's ``BaseSeparableConv``: SeparableConv1D, SeparableConv2D."""

    def __init__(
        self,
        filters: object,
        kernel_size: object,
        strides: object,
        padding: object,
        data_format: object,
        dilation_rate: object,
        depth_multiplier: object,
        activation: object,
        use_bias: object,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self._window(
            kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias
        )
        self.depth_multiplier = _positive(depth_multiplier, "depth_multiplier")
        self.filters = _positive(filters, "filters")

    def output_shape(self, input_shape: Shape) -> Shape:
        return compute_conv_output_shape(
            input_shape, self.filters, self.kernel_size, self.strides, self._padding_mode(),
            self._format(), self.dilation_rate,
        )  # fmt: skip

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        channels = self._channels(input_shape)
        self.output_shape(input_shape)
        depthwise = (*self.kernel_size, channels, self.depth_multiplier)
        pointwise = (*(1,) * self.rank, product((self.depth_multiplier, channels)), self.filters)
        return [
            Weight("depthwise_kernel", depthwise, True),
            Weight("pointwise_kernel", pointwise, True),
            *self._bias(self.filters),
        ]

    def _depthwise_and_pointwise(self, input_shape: Shape, padded: bool) -> tuple[Dim, Dim]:
        out = self.output_shape(input_shape)
        middle = known(self._channels(input_shape)) * known(self.depth_multiplier)
        depthwise = self._taps(input_shape, out, padded=padded) * middle  # type: ignore[operator]
        pointwise = sample_elements(out) * middle  # type: ignore[operator]
        return depthwise, pointwise  # the 1x1 convolution: `middle` multiply-adds per output

    def macs(self, input_shape: Shape) -> Dim:
        depthwise, pointwise = self._depthwise_and_pointwise(input_shape, padded=True)
        return depthwise + pointwise  # type: ignore[operator]

    def flops(self, input_shape: Shape) -> Dim:
        """The depthwise convolution, then the pointwise one on its output."""
        depthwise, pointwise = self._depthwise_and_pointwise(input_shape, padded=False)
        return 2 * (depthwise + pointwise) + self._epilogue(self.output_shape(input_shape))  # type: ignore[operator]


# -- ConvND ---------------------------------------------------------------------------------------


@register
class Conv1D(_Conv):
    rank = 1
    input_min_ndim = 3
    aliases = ("Convolution1D",)

    def __init__(
        self,
        filters: object,
        kernel_size: object,
        strides: object = 1,
        padding: object = "valid",
        data_format: object = None,
        dilation_rate: object = 1,
        groups: object = 1,
        activation: object = None,
        use_bias: object = True,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(
            filters, kernel_size, strides, padding, data_format, dilation_rate, groups,
            activation, use_bias, kernel_constraint,
            activity_regularizer=activity_regularizer, **kwargs,
        )  # fmt: skip


@register
class Conv2D(_Conv):
    rank = 2
    input_min_ndim = 4
    aliases = ("Convolution2D",)

    def __init__(
        self,
        filters: object,
        kernel_size: object,
        strides: object = (1, 1),
        padding: object = "valid",
        data_format: object = None,
        dilation_rate: object = (1, 1),
        groups: object = 1,
        activation: object = None,
        use_bias: object = True,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(
            filters, kernel_size, strides, padding, data_format, dilation_rate, groups,
            activation, use_bias, kernel_constraint,
            activity_regularizer=activity_regularizer, **kwargs,
        )  # fmt: skip


@register
class Conv3D(_Conv):
    rank = 3
    input_min_ndim = 5
    aliases = ("Convolution3D",)

    def __init__(
        self,
        filters: object,
        kernel_size: object,
        strides: object = (1, 1, 1),
        padding: object = "valid",
        data_format: object = None,
        dilation_rate: object = (1, 1, 1),
        groups: object = 1,
        activation: object = None,
        use_bias: object = True,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(
            filters, kernel_size, strides, padding, data_format, dilation_rate, groups,
            activation, use_bias, kernel_constraint,
            activity_regularizer=activity_regularizer, **kwargs,
        )  # fmt: skip


# -- ConvNDTranspose ------------------------------------------------------------------------------


@register
class Conv1DTranspose(_ConvTranspose):
    rank = 1
    input_min_ndim = 3
    aliases = ("Convolution1DTranspose",)

    def __init__(
        self,
        filters: object,
        kernel_size: object,
        strides: object = 1,
        padding: object = "valid",
        output_padding: object = None,
        data_format: object = None,
        dilation_rate: object = 1,
        activation: object = None,
        use_bias: object = True,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(
            filters, kernel_size, strides, padding, output_padding, data_format, dilation_rate,
            activation, use_bias, activity_regularizer=activity_regularizer, **kwargs,
        )  # fmt: skip


@register
class Conv2DTranspose(_ConvTranspose):
    rank = 2
    input_min_ndim = 4
    aliases = ("Convolution2DTranspose",)

    def __init__(
        self,
        filters: object,
        kernel_size: object,
        strides: object = (1, 1),
        padding: object = "valid",
        output_padding: object = None,
        data_format: object = None,
        dilation_rate: object = (1, 1),
        activation: object = None,
        use_bias: object = True,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(
            filters, kernel_size, strides, padding, output_padding, data_format, dilation_rate,
            activation, use_bias, activity_regularizer=activity_regularizer, **kwargs,
        )  # fmt: skip


@register
class Conv3DTranspose(_ConvTranspose):
    rank = 3
    input_min_ndim = 5
    aliases = ("Convolution3DTranspose",)

    def __init__(
        self,
        filters: object,
        kernel_size: object,
        strides: object = (1, 1, 1),
        padding: object = "valid",
        data_format: object = None,  # Keras puts data_format before output_padding here only
        output_padding: object = None,
        dilation_rate: object = (1, 1, 1),
        activation: object = None,
        use_bias: object = True,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(
            filters, kernel_size, strides, padding, output_padding, data_format, dilation_rate,
            activation, use_bias, activity_regularizer=activity_regularizer, **kwargs,
        )  # fmt: skip


# -- SeparableConvND ------------------------------------------------------------------------------


@register
class SeparableConv1D(_SeparableConv):
    rank = 1
    input_min_ndim = 3
    aliases = ("SeparableConvolution1D",)

    def __init__(
        self,
        filters: object,
        kernel_size: object,
        strides: object = 1,
        padding: object = "valid",
        data_format: object = None,
        dilation_rate: object = 1,
        depth_multiplier: object = 1,
        activation: object = None,
        use_bias: object = True,
        depthwise_initializer: object = "glorot_uniform",
        pointwise_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        depthwise_regularizer: object = None,
        pointwise_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        depthwise_constraint: object = None,
        pointwise_constraint: object = None,
        bias_constraint: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(
            filters, kernel_size, strides, padding, data_format, dilation_rate, depth_multiplier,
            activation, use_bias, activity_regularizer=activity_regularizer, **kwargs,
        )  # fmt: skip


@register
class SeparableConv2D(_SeparableConv):
    rank = 2
    input_min_ndim = 4
    aliases = ("SeparableConvolution2D",)

    def __init__(
        self,
        filters: object,
        kernel_size: object,
        strides: object = (1, 1),
        padding: object = "valid",
        data_format: object = None,
        dilation_rate: object = (1, 1),
        depth_multiplier: object = 1,
        activation: object = None,
        use_bias: object = True,
        depthwise_initializer: object = "glorot_uniform",
        pointwise_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        depthwise_regularizer: object = None,
        pointwise_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        depthwise_constraint: object = None,
        pointwise_constraint: object = None,
        bias_constraint: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(
            filters, kernel_size, strides, padding, data_format, dilation_rate, depth_multiplier,
            activation, use_bias, activity_regularizer=activity_regularizer, **kwargs,
        )  # fmt: skip


# -- DepthwiseConvND ------------------------------------------------------------------------------


@register
class DepthwiseConv1D(_DepthwiseConv):
    rank = 1
    input_min_ndim = 3

    def __init__(
        self,
        kernel_size: object,
        strides: object = 1,
        padding: object = "valid",
        depth_multiplier: object = 1,
        data_format: object = None,
        dilation_rate: object = 1,
        activation: object = None,
        use_bias: object = True,
        depthwise_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        depthwise_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        depthwise_constraint: object = None,
        bias_constraint: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(
            kernel_size, strides, padding, depth_multiplier, data_format, dilation_rate,
            activation, use_bias, activity_regularizer=activity_regularizer, **kwargs,
        )  # fmt: skip


@register
class DepthwiseConv2D(_DepthwiseConv):
    rank = 2
    input_min_ndim = 4

    def __init__(
        self,
        kernel_size: object,
        strides: object = (1, 1),
        padding: object = "valid",
        depth_multiplier: object = 1,
        data_format: object = None,
        dilation_rate: object = (1, 1),
        activation: object = None,
        use_bias: object = True,
        depthwise_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        depthwise_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        depthwise_constraint: object = None,
        bias_constraint: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(
            kernel_size, strides, padding, depth_multiplier, data_format, dilation_rate,
            activation, use_bias, activity_regularizer=activity_regularizer, **kwargs,
        )  # fmt: skip
