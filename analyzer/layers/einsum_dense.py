"""EinsumDense (keras/src/layers/core/einsum_dense.py): a dense layer written as an einsum.

The kernel's and bias's shapes, and the output shape, come from the equation
(``"ab,bc->ac"``, ``"...b,bc->...c"``, ``"abc,cd->abd"``), the partial ``output_shape`` and
``bias_axes``. :func:`analyze_einsum_string` is a line-by-line port of Keras's
``_analyze_einsum_string`` and ``_analyze_split_string``, so the same equations are accepted, the
same mismatches raise, and Python's indexing rules apply exactly as they do in Keras.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..dims import Dim, Poly, Shape, format_shape, is_symbolic
from ..values import Unknown
from .base import (
    KerasError,
    LayerSpec,
    Unresolved,
    Weight,
    check_activation,
    dim_value,
    resolved,
)
from .registry import register


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


def _differ(a: Dim, b: Dim) -> bool:
    """``a != b`` for sizes; Unresolved when a symbol makes it undecidable."""
    if a == b:
        return False
    if is_symbolic(a) or is_symbolic(b):
        raise Unresolved(f"EinsumDense: cannot tell whether {a} and {b} are equal")
    return True


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
            if output_shape_at_dim is not None and _differ(output_shape_at_dim, input_shape_at_dim):
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


def _partial_output_shape(value: object) -> tuple[Dim, ...]:
    """The constructor's ``(output_shape,)`` or ``tuple(output_shape)``."""
    if isinstance(value, Unknown):
        raise Unresolved(f"`output_shape` is unknown: {value.reason}", value.position)
    if isinstance(value, (int, Poly)) and not isinstance(value, bool):
        return (dim_value(value, "output_shape", minimum=0),)
    if not isinstance(value, (list, tuple)):
        raise KerasError(f"'{type(value).__name__}' object is not iterable")
    return tuple(dim_value(v, "output_shape", minimum=0, allow_none=True) for v in value)


def _variable_shape(shape: list[Dim], name: str) -> Shape:
    if any(d is None for d in shape):
        raise KerasError(
            "Shapes used to initialize variables must be fully-defined (no `None` dimensions). "
            f"Received: shape={format_shape(tuple(shape))} for variable {name}"
        )
    return tuple(shape)


@register
class EinsumDense(LayerSpec):
    def __init__(
        self,
        equation: object,
        output_shape: object,
        activation: object = None,
        bias_axes: object = None,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        lora_rank: object = None,
        lora_alpha: object = None,
        gptq_unpacked_column_size: object = None,
        quantization_config: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.equation = equation
        self.partial_output_shape = _partial_output_shape(output_shape)
        self.bias_axes = bias_axes
        self.activation = check_activation(activation)
        self.lora_rank = lora_rank

    def _shapes(self, input_shape: Shape) -> EinsumShapes:
        equation = resolved(self.equation, "equation")
        bias_axes = resolved(self.bias_axes, "bias_axes")
        if not isinstance(equation, str):
            raise KerasError("expected string or bytes-like object")
        if bias_axes is not None and not isinstance(bias_axes, str):
            raise KerasError(f"'{type(bias_axes).__name__}' object is not iterable")
        try:
            return analyze_einsum_string(
                equation, bias_axes, input_shape, self.partial_output_shape
            )
        except IndexError as error:  # Keras indexes the shapes as Python lists, and so do we
            raise KerasError(f"list index out of range: {error}") from error

    def output_shape(self, input_shape: Shape) -> Shape:
        return tuple(self._shapes(input_shape).output)

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        shapes = self._shapes(input_shape)
        kernel = Weight("kernel", _variable_shape(shapes.kernel, "kernel"), True)
        weights = [kernel]
        if shapes.bias is not None:
            weights.append(Weight("bias", _variable_shape(shapes.bias, "bias"), True))
        rank = resolved(self.lora_rank, "lora_rank")
        if rank:
            r = dim_value(rank, "lora_rank")
            weights[0:1] = [
                Weight(kernel.name, kernel.shape, False),
                Weight("lora_kernel_a", (*kernel.shape[:-1], r), True, fixed_dtype=True),
                Weight("lora_kernel_b", (r, kernel.shape[-1]), True, fixed_dtype=True),
            ]
        return weights
