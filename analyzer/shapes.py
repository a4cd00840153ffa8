"""Shape arithmetic for sliding-window layers: convolution, transposed convolution and pooling.

Each formula is Keras's own (``keras/src/ops/operation_utils.py``: ``compute_conv_output_shape``,
``compute_pooling_output_shape``; ``keras/src/backend/common/backend_utils.py``:
``compute_conv_transpose_output_shape``), rewritten over :data:`~.dims.Dim` values: an ``int``
gives Keras's ``int``, ``None`` stays ``None`` and a :class:`~.dims.Poly` stays exact (strided sizes
become ``FloorDiv`` atoms). Keras's "zero or negative" errors are raised only when the size is a
known ``int``; a symbolic size is given the benefit of the doubt.
"""

from __future__ import annotations

from collections.abc import Sequence

from .dims import Dim, Shape, floordiv, format_shape
from .layers.base import KerasError, OutputSizeError, Unresolved


def _int(value: Dim, name: str) -> int:
    """A window argument a formula must compare or divide by; symbolic ones cannot be used."""
    if isinstance(value, int):
        return value
    raise Unresolved(f"`{name}` must be a known integer to compute this shape; it is {value}")


def _render(values: Sequence[Dim]) -> str:
    return format_shape(tuple(values))


def spatial_axes(input_shape: Shape, data_format: str) -> Shape:
    """The spatial dimensions: between batch and channels, or after the channels."""
    return input_shape[1:-1] if data_format == "channels_last" else input_shape[2:]


def channel_axis(input_shape: Shape, data_format: str) -> Dim:
    return input_shape[-1] if data_format == "channels_last" else input_shape[1]


def _assemble(input_shape: Shape, spatial: Sequence[Dim], channels: Dim, data_format: str) -> Shape:
    if data_format == "channels_last":
        return (input_shape[0], *spatial, channels)
    return (input_shape[0], channels, *spatial)


# -- one axis -------------------------------------------------------------------------------------


def conv_output_length(
    size: Dim, kernel_size: Dim, stride: Dim, padding: str, dilation: Dim = 1
) -> Dim:
    """One spatial axis of ``compute_conv_output_shape``; ``causal`` sizes like ``same``."""
    if padding not in ("valid", "same", "causal"):
        raise KerasError(f"`padding` must be either `'valid'` or `'same'`. Received {padding}.")
    if size is None:
        return None
    if padding == "valid":
        effective = dilation * (kernel_size - 1)  # type: ignore[operator]
        return floordiv(size - effective - 1, _int(stride, "strides")) + 1  # type: ignore[operator]
    return floordiv(size - 1, _int(stride, "strides")) + 1  # type: ignore[operator]


def pooling_output_length(size: Dim, pool_size: Dim, stride: Dim, padding: str) -> Dim:
    """One spatial axis of ``compute_pooling_output_shape``."""
    if padding not in ("valid", "same"):
        raise KerasError(
            f"Argument `padding` must be either 'valid' or 'same'. Received: padding={padding}"
        )
    if size is None:
        return None
    step = _int(stride, "strides")
    if step == 0:
        raise KerasError("division by zero")  # Keras fails the same way (ZeroDivisionError)
    if padding == "valid":
        return floordiv(size - pool_size, step) + 1  # type: ignore[operator]
    return floordiv(size - 1, step) + 1  # type: ignore[operator]


def conv_transpose_output_length(
    size: Dim,
    kernel_size: Dim,
    stride: Dim,
    padding: str,
    output_padding: Dim = None,
    dilation: Dim = 1,
) -> Dim:
    """One spatial axis of ``compute_conv_transpose_output_shape`` (TF's padding convention).

    As in Keras, an unknown size is returned before ``padding`` is checked.
    """
    if size is None:
        return None
    if padding not in ("valid", "same"):
        raise KerasError(
            f"The `padding` argument must be one of 'valid', 'same'. Received: padding={padding}"
        )
    kernel = (kernel_size - 1) * dilation + 1  # type: ignore[operator]
    if padding == "valid":
        if output_padding is None:
            k, s = _int(kernel, "kernel_size"), _int(stride, "strides")
            output_padding = max(k, s) - k
        return (size - 1) * stride + kernel + output_padding  # type: ignore[operator]
    if output_padding is None:
        return size * stride  # type: ignore[operator]
    parity = _int(kernel, "kernel_size") % 2
    return (size - 1) * stride + parity + output_padding  # type: ignore[operator]


# -- whole shapes ---------------------------------------------------------------------------------


def compute_conv_output_shape(
    input_shape: Shape,
    filters: Dim,
    kernel_size: Sequence[Dim],
    strides: Sequence[Dim],
    padding: str,
    data_format: str,
    dilation_rate: Sequence[Dim],
) -> Shape:
    """Keras's ``compute_conv_output_shape``: the shape of Conv, DepthwiseConv and SeparableConv."""
    kernel_shape = (*kernel_size, channel_axis(input_shape, data_format), filters)
    if len(kernel_shape) != len(input_shape):
        raise KerasError(
            "Kernel shape must have the same length as input, but received kernel of shape "
            f"{_render(kernel_shape)} and input of shape {_render(input_shape)}."
        )
    spatial = []
    for size, k, s, d in zip(
        spatial_axes(input_shape, data_format), kernel_size, strides, dilation_rate, strict=True
    ):
        length = conv_output_length(size, k, s, padding, d)
        if padding == "valid" and isinstance(length, int) and length <= 0:
            raise OutputSizeError(
                "Computed output size would be zero or negative. Received "
                f"`inputs shape={_render(input_shape)}`, `kernel shape={_render(kernel_shape)}`, "
                f"`dilation_rate=[{' '.join(map(str, dilation_rate))}]`, "
                f"`strides={_render(strides)}`, `padding={padding}`."
            )
        spatial.append(length)
    return _assemble(input_shape, spatial, filters, data_format)


def compute_pooling_output_shape(
    input_shape: Shape,
    pool_size: Sequence[Dim],
    strides: Sequence[Dim] | None,
    padding: str,
    data_format: str,
) -> Shape:
    """Keras's ``compute_pooling_output_shape``; ``strides`` defaults to ``pool_size``."""
    strides = pool_size if strides is None else strides
    spatial = []
    for size, p, s in zip(spatial_axes(input_shape, data_format), pool_size, strides, strict=True):
        length = pooling_output_length(size, p, s, padding)
        if padding == "valid" and isinstance(length, int) and length <= 0:
            raise OutputSizeError(
                "Computed output size would be zero or negative. Received: "
                f"`inputs.shape={_render(input_shape)}`, `pool_size={_render(pool_size)}`, "
                f"`strides={_render(strides)}`, `padding={padding}`."
            )
        spatial.append(length)
    return _assemble(input_shape, spatial, channel_axis(input_shape, data_format), data_format)


def compute_conv_transpose_output_shape(
    input_shape: Shape,
    kernel_size: Sequence[Dim],
    filters: Dim,
    strides: Sequence[Dim],
    padding: str,
    output_padding: Sequence[Dim] | None,
    data_format: str,
    dilation_rate: Sequence[Dim],
) -> Shape:
    """Keras's ``compute_conv_transpose_output_shape``: the shape of the ConvNDTranspose layers."""
    spatial_input = spatial_axes(input_shape, data_format)
    if len(spatial_input) != len(kernel_size):
        # Keras indexes past the end of ``strides`` here and fails with an IndexError.
        raise KerasError(
            f"tuple index out of range: input of shape {_render(input_shape)} has "
            f"{len(spatial_input)} spatial dimensions, the kernel {len(kernel_size)}"
        )
    spatial = []
    for i, size in enumerate(spatial_input):
        pad = None if output_padding is None else output_padding[i]
        spatial.append(
            conv_transpose_output_length(
                size, kernel_size[i], strides[i], padding, pad, dilation_rate[i]
            )
        )
    shape = _assemble(input_shape, spatial, filters, data_format)
    if any(isinstance(d, int) and d < 0 for d in shape):
        # Keras computes the negative size, then the output KerasTensor refuses it.
        raise OutputSizeError(
            f"Cannot convert '{_render(shape)}' to a shape. Negative dimensions are not allowed."
        )
    return shape
