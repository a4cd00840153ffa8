"""EinsumDense (keras/src/layers/core/einsum_dense.py): a dense layer written as an einsum.

The kernel's and bias's shapes, and the output shape, come from the equation
(``"ab,bc->ac"``, ``"...b,bc->...c"``, ``"abc,cd->abd"``), the partial ``output_shape`` and
``bias_axes``, by :func:`.einsum.analyze_einsum_string` (Keras's ``_analyze_einsum_string``,
ported statement by statement; the attention layers' EinsumDense sublayers use it too).
"""

from __future__ import annotations

from ..dims import Dim, Poly, Shape, format_shape
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
from .einsum import EinsumShapes, analyze_einsum_string
from .registry import register


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
