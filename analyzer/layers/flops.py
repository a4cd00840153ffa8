"""What XLA counts: the helpers the specs' ``flops`` and ``macs`` methods share.

A layer's FLOPs are XLA's ``cost_analysis()["flops"]`` of the layer's call as Keras 3 lowers it
on JAX, for one sample (batch 1) with ``training=False`` and the variables passed as arguments
(``stateless_call``). XLA counts 2 per multiply-add of a dot or convolution, 1 per element of an
add or a comparison, and nothing for transcendental functions (``exp``, ``tanh``) or data
movement (reshape, transpose, pad). A convolution counts only the kernel taps that fall inside
the input: a "same" convolution does not count the taps over its padding. MACs are the textbook
count (output positions x kernel taps x channels, padding included).

Each count was checked against XLA (tests/test_flops_parity.py); a layer or an option not
checked raises :class:`Unresolved` rather than giving an approximate number.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..dims import Dim, Poly, Shape, product
from .base import LayerSpec, Unresolved

# XLA's count per element of each Keras activation (checked on a (1, 7) input); the ones whose
# count is not a per-element constant (softmax, hard_tanh, ...) are left out.
ACTIVATION_FLOPS = {
    None: 0, "linear": 0, "relu": 1, "relu6": 2, "leaky_relu": 3, "elu": 5, "celu": 5,
    "selu": 6, "sigmoid": 3, "hard_sigmoid": 4, "silu": 4, "swish": 4, "hard_silu": 5,
    "hard_swish": 5, "gelu": 66, "tanh": 0, "exponential": 0, "softplus": 6, "softsign": 3,
    "mish": 7, "log_sigmoid": 8, "hard_shrink": 3, "soft_shrink": 6, "sparse_plus": 7,
    "sparse_sigmoid": 4, "tanh_shrink": 1,
}  # fmt: skip


def not_matched(spec: LayerSpec, what: str = "") -> Unresolved:
    """The answer for a layer (or an option of it) whose count was not matched to XLA."""
    return Unresolved(f"FLOPs of {spec.class_name()}{what} not matched to XLA yet")


def check_plain(spec: LayerSpec) -> None:
    """Only float32 layers were checked (other dtypes add casts XLA counts)."""
    if spec.dtype not in (None, "float32"):
        raise not_matched(spec, f" with dtype={spec.dtype!r}")


def sample_elements(shape: Shape) -> int | Poly:
    """Elements of one sample of a tensor of this shape (batch axis first, dropped)."""
    return known(product(shape[1:]))


def activation_flops(spec: LayerSpec, activation: object, elements: Dim) -> Dim:
    if not isinstance(activation, str) and activation is not None:
        raise not_matched(spec, f" with activation {activation!r}")
    if activation not in ACTIVATION_FLOPS:
        raise not_matched(spec, f" with activation={activation!r}")
    return ACTIVATION_FLOPS[activation] * elements  # type: ignore[operator]


def _pad_low(size: int, kernel: int, stride: int, dilation: int) -> int:
    out = -(-size // stride)
    total = max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0)
    return total // 2


def window_pairs(size: Dim, out: Dim, kernel: Dim, stride: Dim, dilation: Dim, padding: str) -> Dim:
    """(output position, kernel tap) pairs of one axis whose tap falls inside the input."""
    if padding != "same":  # "valid" and "causal" (Keras pads the input itself): every tap counts
        return out * kernel  # type: ignore[operator]
    if not all(isinstance(v, int) for v in (size, out, kernel, stride, dilation)):
        raise Unresolved("FLOPs of a 'same' window on a symbolic size are not known")
    assert isinstance(size, int) and isinstance(out, int) and isinstance(kernel, int)
    assert isinstance(stride, int) and isinstance(dilation, int)
    low = _pad_low(size, kernel, stride, dilation)
    return sum(
        1 for o in range(out) for t in range(kernel) if 0 <= o * stride - low + t * dilation < size
    )


def spatial(shape: Shape, data_format: str, rank: int) -> Sequence[Dim]:
    """The spatial axes of a (batch, ...) shape."""
    return shape[2 : 2 + rank] if data_format == "channels_first" else shape[1 : 1 + rank]


def known(value: Dim) -> int | Poly:
    """A size the count needs: Unresolved if it is None."""
    if not isinstance(value, (int, Poly)):
        raise Unresolved("FLOPs depend on a dimension that is None")
    return value


def zero_flops(spec: LayerSpec, input_shape: Shape) -> Dim:
    """A layer that only moves data (Flatten, Reshape) or is the identity at inference
    (Dropout with ``training=False``): XLA counts nothing."""
    return 0


def transpose_pairs(
    size: Dim, kernel: Dim, stride: Dim, dilation: Dim, padding: str, output_padding: Dim | None
) -> int:
    """(output position, kernel tap) pairs of one axis of a transposed convolution whose tap
    falls on an input element: Keras lowers it to a convolution of the input dilated by the
    stride (``lhs_dilation``) with the padding of ``_convert_conv_transpose_padding_args_from_
    keras_to_jax``; XLA counts neither the padding nor the holes."""
    if not all(isinstance(v, int) for v in (size, kernel, stride, dilation)) or not isinstance(
        output_padding, (int, type(None))
    ):
        raise Unresolved("FLOPs of a transposed convolution on a symbolic size are not known")
    assert isinstance(size, int) and isinstance(kernel, int)
    assert isinstance(stride, int) and isinstance(dilation, int)
    span = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(span, stride) - span if output_padding is None else output_padding
        low, high = span - 1, span - 1 + extra
    else:
        total = (
            stride + span - 2 if output_padding is None else span + span % 2 - 2 + output_padding
        )
        low = min(total // 2 + total % 2, span - 1)
        high = total - low
    dilated = (size - 1) * stride + 1
    out = dilated + low + high - span + 1
    return sum(
        1
        for o in range(out)
        for t in range(kernel)
        if 0 <= o + t * dilation - low < dilated and (o + t * dilation - low) % stride == 0
    )
