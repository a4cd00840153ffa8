"""What calling a layer on inputs of known shapes does: Keras's checks, the outputs, the weights.

One function, :func:`build_call`, answers it for every kind of model: the layers of a Sequential
chain are called on the previous layer's output, the nodes of a functional graph on the tensors
passed to them. A layer builds its weights on its first call, as Keras's lazy ``build`` does.
"""

from __future__ import annotations

from collections.abc import Mapping

from .dims import Dim, Poly, Shape
from .layers import KerasError, LayerSpec, Unresolved, Weight
from .values import CallResult

MAX_TENSOR_ELEMENTS = 2**63 - 1
"""Keras's backends count a tensor's elements in 64-bit integers: JAX refuses a larger
dimension when a layer is built (a TypeError), and aborts the process on a larger product."""
MAX_DIM_BITS = 8192
"""Past this, a size is too large for paramlint to carry (printing it would fail)."""


def build_call(
    spec: LayerSpec, inputs: Mapping[str, object], options: Mapping[str, object] | None = None
) -> CallResult:
    """Call ``spec`` on tensors of these shapes (``{"inputs": shape}`` for a one-input layer; a
    list of shapes for a list argument such as a merge's)."""
    try:
        for shape in _shapes(inputs.values()):
            check_dimensions(shape)
        outputs, weights = _apply(spec, inputs, options or {})
        for output in outputs:
            check_sizes(output, weights)
    except KerasError as error:
        return CallResult(
            problem_kind="keras-error", problem=str(error), error_type=type(error).__name__
        )
    except Unresolved as error:
        return CallResult(problem_kind=error.kind, problem=error.reason)
    return CallResult(outputs=outputs, weights=weights)


def _apply(
    spec: LayerSpec, inputs: Mapping[str, object], options: Mapping[str, object]
) -> tuple[tuple[Shape, ...], list[Weight]]:
    apply_call = getattr(spec, "apply_call", None)
    if apply_call is not None:
        outputs, weights = apply_call(dict(inputs), dict(options))
        return tuple(outputs), weights
    shape = inputs["inputs"]
    if not isinstance(shape, tuple):
        raise KerasError(f"{spec.class_name()} takes one input tensor, not a list of them")
    output, weights = spec.apply(shape)
    several = getattr(spec, "output_shapes", None)
    return (tuple(several(shape)) if several is not None else (output,)), weights


def _shapes(values: object) -> list[Shape]:
    found: list[Shape] = []
    for value in values:  # type: ignore[attr-defined]
        if isinstance(value, tuple):
            found.append(value)
        elif isinstance(value, list):
            found += _shapes(value)
    return found


def check_dimensions(input_shape: Shape) -> None:
    """Keras's error for a stated input shape with a negative size (only a stated one can be)."""
    if any(isinstance(d, int) and d < 0 for d in input_shape):
        dims = [str(d) for d in input_shape[1:]]
        shape = f"({dims[0]},)" if len(dims) == 1 else f"({', '.join(dims)})"
        raise KerasError(
            f"Cannot convert '{shape}' to a shape. Negative dimensions are not allowed."
        )


def check_sizes(output_shape: Shape, weights: list[Weight]) -> None:
    """Keras's error for a weight no backend can hold; an analysis limit for absurd sizes."""
    for weight in weights:
        count = weight.count
        dims = [d for d in weight.shape if isinstance(d, int)]
        if (isinstance(count, int) and count > MAX_TENSOR_ELEMENTS) or any(
            d > MAX_TENSOR_ELEMENTS for d in dims
        ):
            shape = "(" + ", ".join("None" if d is None else str(d) for d in weight.shape) + ")"
            raise KerasError(
                f"cannot create the weight `{weight.name}` of shape {shape}: a tensor of 2**63 "
                "elements or more (Keras's backends count elements in 64-bit integers)"
            )
    for dim in (*output_shape, *(weight.count for weight in weights)):
        if _bits(dim) > MAX_DIM_BITS:
            raise Unresolved(f"a size of more than {MAX_DIM_BITS:,} bits is too large to follow")


def _bits(dim: Dim | None) -> int:
    if isinstance(dim, int):
        return dim.bit_length()
    if isinstance(dim, Poly):
        return max((c.bit_length() for c in dim.terms.values()), default=0)
    return 0
