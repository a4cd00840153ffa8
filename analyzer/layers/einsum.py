"""EinsumDense's weight analysis (keras/src/layers/core/einsum_dense.py), for EinsumDense and
for the layers that build EinsumDense sublayers: MultiHeadAttention and GroupQueryAttention.

:func:`analyze_einsum_string` ports ``_analyze_einsum_string`` and ``_analyze_split_string``
statement by statement: from the equation (the three forms, with or without ellipsis), the bias
axes, the input shape and the partial output shape, the kernel's and bias's shapes and the full
output shape, exactly as Keras derives them, Python's list indexing included (for any input rank,
even the odd shapes Keras builds on a rank-1 query).
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

from ..dims import Dim, Poly, Shape, format_shape
from .base import KerasError, UndefinedDimensionError, Weight
from .merging import dims_differ


@dataclass(frozen=True)
class EinsumShapes:
    kernel: list[Dim]
    bias: list[Dim] | None
    output: list[Dim]


def analyze_einsum_string(
    equation: str, bias_axes: str | None, input_shape: Shape, output_shape: tuple[Dim, ...]
) -> EinsumShapes:
    """Keras's ``_analyze_einsum_string``: which of the three supported forms the equation has."""
    dot_replaced = re.sub(r"\.\.\.", "0", equation)
    split = re.match("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", dot_replaced)
    if split:
        return _analyze_split_string(split, bias_axes, input_shape, output_shape)
    split = re.match("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", dot_replaced)
    if split:
        return _analyze_split_string(split, bias_axes, input_shape, output_shape, left_elided=True)
    split = re.match("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0", dot_replaced)
    if split:
        return _analyze_split_string(split, bias_axes, input_shape, output_shape)
    raise KerasError(
        f"Invalid einsum equation '{equation}'. Equations must be in the form "
        "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]...."
    )


def _analyze_split_string(
    split: re.Match[str],
    bias_axes: str | None,
    input_shape: Shape,
    partial_output_shape: tuple[Dim, ...],
    left_elided: bool = False,
) -> EinsumShapes:
    """Keras's ``_analyze_split_string``, statement by statement."""
    input_spec, weight_spec, output_spec = split.group(1), split.group(2), split.group(3)
    elided = len(input_shape) - len(input_spec)
    output_shape: list[Dim] = list(partial_output_shape)
    output_shape.insert(0, input_shape[0])
    if elided > 0 and left_elided:
        for i in range(1, elided):
            output_shape.insert(1, input_shape[i])
    elif elided > 0 and not left_elided:
        for i in range(len(input_shape) - elided, len(input_shape)):
            output_shape.append(input_shape[i])

    if left_elided:
        input_dim_map = {dim: (i + elided) - len(input_shape) for i, dim in enumerate(input_spec)}
        output_dim_map = {dim: i + elided for i, dim in enumerate(output_spec)}
    else:
        input_dim_map = {dim: i for i, dim in enumerate(input_spec)}
        output_dim_map = {dim: i for i, dim in enumerate(output_spec)}

    for dim in input_spec:
        input_shape_at_dim = input_shape[input_dim_map[dim]]
        if dim in output_dim_map:
            output_shape_at_dim = output_shape[output_dim_map[dim]]
            if output_shape_at_dim is not None and dims_differ(
                output_shape_at_dim, input_shape_at_dim, "EinsumDense"
            ):
                raise KerasError(
                    "Input shape and output shape do not match at shared dimension "
                    f"'{dim}'. Input shape is {input_shape_at_dim}, and output shape is "
                    f"{output_shape_at_dim}."
                )

    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise KerasError(
                f"Dimension '{dim}' was specified in the output '{output_spec}' but has no "
                f"corresponding dim in the input spec '{input_spec}' or weight spec "
                f"'{output_spec}'"
            )

    weight_shape: list[Dim] = []
    for dim in weight_spec:
        if dim in output_dim_map:
            weight_shape.append(output_shape[output_dim_map[dim]])
        elif dim in input_dim_map:
            weight_shape.append(input_shape[input_dim_map[dim]])
        else:
            raise KerasError(
                f"Weight dimension '{dim}' did not have a match in either the input spec "
                f"'{input_spec}' or the output spec '{output_spec}'. For this layer, the weight "
                "must be fully specified."
            )

    bias_shape: list[Dim] | None = None
    if bias_axes is not None:
        num_left_elided = elided if left_elided else 0
        idx_map = {char: output_shape[i + num_left_elided] for i, char in enumerate(output_spec)}
        for char in bias_axes:
            if char not in output_spec:
                raise KerasError(
                    f"Bias dimension '{char}' was requested, but is not part of the output "
                    f"spec '{output_spec}'"
                )
        first_bias_location = min(output_spec.find(char) for char in bias_axes)
        bias_output_spec = output_spec[first_bias_location:]
        bias_shape = [idx_map[char] if char in bias_axes else 1 for char in bias_output_spec]
        if not left_elided:
            bias_shape += [1] * elided
    return EinsumShapes(weight_shape, bias_shape, output_shape)


def einsum_weights(
    equation: str, bias_axes: str | None, input_shape: Shape, partial_output: Sequence[Dim]
) -> tuple[Shape, Shape | None, Shape]:
    """The kernel, bias and output shapes of an EinsumDense sublayer (see below)."""
    if not input_shape:
        raise KerasError("tuple index out of range")
    try:
        shapes = analyze_einsum_string(equation, bias_axes, input_shape, tuple(partial_output))
    except IndexError as error:
        raise KerasError(str(error)) from None
    bias = None if shapes.bias is None else tuple(shapes.bias)
    return tuple(shapes.kernel), bias, tuple(shapes.output)


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
