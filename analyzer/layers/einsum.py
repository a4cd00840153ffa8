"""EinsumDense's weight analysis (keras/src/layers/core/einsum_dense.py), for the layers that
build EinsumDense sublayers: MultiHeadAttention and GroupQueryAttention.

``einsum_weights`` ports ``_analyze_split_string`` for an equation without ellipsis: from the
equation, the bias axes, the input shape and the partial output shape, the kernel's and bias's
shapes and the full output shape, exactly as Keras derives them (for any input rank, even the
odd shapes Keras builds on a rank-1 query).
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

from ..dims import Dim, Poly, Shape, format_shape
from .base import KerasError, UndefinedDimensionError, Weight
from .merging import dims_differ


def einsum_weights(
    equation: str, bias_axes: str | None, input_shape: Shape, partial_output: Sequence[Dim]
) -> tuple[Shape, Shape | None, Shape]:
    """Keras's ``_analyze_split_string`` for an equation without ellipsis: kernel, bias, output."""
    match = re.fullmatch("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", equation)
    assert match is not None, equation  # the equations are built below
    input_spec, weight_spec, output_spec = match.groups()
    elided = len(input_shape) - len(input_spec)
    if not input_shape:
        raise KerasError("tuple index out of range")
    output = [input_shape[0], *partial_output]
    if elided > 0:
        output += input_shape[len(input_shape) - elided :]
    input_map = {dim: i for i, dim in enumerate(input_spec)}
    output_map = {dim: i for i, dim in enumerate(output_spec)}
    try:
        for dim in input_spec:
            if dim in output_map:
                stated, given = output[output_map[dim]], input_shape[input_map[dim]]
                if stated is not None and dims_differ(stated, given, "EinsumDense"):
                    raise KerasError(
                        "Input shape and output shape do not match at shared dimension "
                        f"'{dim}'. Input shape is {given}, and output shape is {stated}."
                    )
        kernel = tuple(
            output[output_map[dim]] if dim in output_map else input_shape[input_map[dim]]
            for dim in weight_spec
        )
        bias = None
        if bias_axes is not None:
            first = min(output_spec.find(char) for char in bias_axes)
            bias_dims = [
                output[i] if char in bias_axes else 1
                for i, char in enumerate(output_spec)
                if i >= first
            ]
            bias = (*bias_dims, *([1] * max(elided, 0)))
    except IndexError as error:
        raise KerasError(str(error)) from None
    return kernel, bias, tuple(output)


def projection_equation(free_dims: int, bound_dims: int, output_dims: int) -> tuple[str, str, int]:
    """MultiHeadAttention's ``_build_proj_equation``: equation, bias axes, output rank."""
    letters = string.ascii_lowercase
    free = letters[:free_dims]
    bound = letters[free_dims : free_dims + bound_dims]
    out = letters[free_dims + bound_dims : free_dims + bound_dims + output_dims]
    return f"{free}{bound},{bound}{out}->{free}{out}", out, free_dims + output_dims


def partial_output(rank: int, known: Sequence[Dim]) -> list[Dim]:
    """``_get_output_shape``: None for the free axes, then the known trailing sizes."""
    return [None] * (rank - len(known)) + list(known)


def einsum_sublayer(
    prefix: str,
    name: str,
    input_shape: Shape,
    equation: str,
    partial_output: Sequence[Dim],
    bias_axes: str | None,
) -> tuple[list[Weight], Shape]:
    kernel, bias, output = einsum_weights(equation, bias_axes, input_shape, partial_output)
    weights = [Weight("kernel", kernel, True)]
    if bias is not None:
        weights.append(Weight("bias", bias, True))
    for weight in weights:
        for dim in weight.shape:
            if dim is not None and not isinstance(dim, (int, Poly)):
                shape = "(" + ", ".join(repr(d) for d in weight.shape) + ")"
                raise KerasError(
                    f"Cannot convert '{shape}' to a shape. Found invalid dimension {dim!r} "
                    f"of type '{type(dim)}'. "
                )
        if any(d is None for d in weight.shape):
            raise UndefinedDimensionError(
                "Shapes used to initialize variables must be fully-defined (no `None` "
                f"dimensions). Received: shape={format_shape(weight.shape)} for variable "
                f"path='{prefix}/{name}/{weight.name}'"
            )
    return weights, output
