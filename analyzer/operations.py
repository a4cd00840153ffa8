"""Keras 3 operations on symbolic tensors: ``x + y``, ``x[:, 0]``, ``keras.ops.concatenate(...)``.

On a Keras tensor an operator or a ``keras.ops`` function does not compute anything: it creates
an ``Operation`` (``keras/src/ops/numpy.py``, ``ops/nn.py``, ``ops/core.py``), named with the same
counters as layers (``add``, ``add_1``...), and records it as a node of the graph, so it is a row
of the model's summary with no weights. One small spec per operation answers the output shape
as its ``compute_output_spec`` does (broadcasting from ``ops/operation_utils.py``).

An operand that is a Python number is a constant (a shape ``()``), not an inbound tensor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from .dims import Dim, Poly, Shape, product
from .layers.base import KerasError, LayerSpec, Unresolved, Weight

Operand = object  # a Shape (tuple of dims), or () for a scalar constant


class OperationSpec(LayerSpec):
    """A Keras operation in the graph: no weights, an output shape from its operands."""

    call_inputs: ClassVar[tuple[str, ...]] = ("x",)

    def __init__(self, **options: object) -> None:  # an operation has no Layer arguments
        self.options = options
        self.trainable, self.dtype, self.name = True, None, None
        self.keras2_arguments: list[str] = []
        self.tensor_inputs: tuple[str, ...] = type(self).call_inputs

    def apply(self, input_shape: Shape) -> tuple[Shape, list[Weight]]:
        return self.output(input_shape), []

    def apply_call(
        self, inputs: Mapping[str, object], options: Mapping[str, object]
    ) -> tuple[list[Shape], list[Weight]]:
        return [self.output(*(inputs[name] for name in type(self).call_inputs))], []

    def output(self, *operands: object) -> Shape:
        raise NotImplementedError


def _shape(value: object) -> Shape:
    if not isinstance(value, tuple):
        raise Unresolved("an operand of unknown shape")
    return value


class Elementwise(OperationSpec):
    """One tensor in, the same shape out (``negative``, ``abs``, ``relu``, ``cast``...)."""

    def output(self, x: object) -> Shape:  # type: ignore[override]
        return _shape(x)


class Broadcast(OperationSpec):
    """Two operands, broadcast as numpy does (``add``, ``multiply``, ``maximum``...)."""

    call_inputs = ("x1", "x2")

    def output(self, x1: object, x2: object) -> Shape:  # type: ignore[override]
        return broadcast_shapes(_shape(x1), _shape(x2))


def broadcast_shapes(shape1: Shape, shape2: Shape) -> Shape:
    """Keras's ``broadcast_shapes``: ``None`` against 1 stays ``None``, against n is n."""
    ones: list[Dim | None] = [1] * abs(len(shape1) - len(shape2))
    a = (ones if len(shape1) < len(shape2) else []) + list(shape1)
    b = (ones if len(shape2) < len(shape1) else []) + list(shape2)
    out: list[Dim | None] = []
    for x, y in zip(a, b, strict=True):
        if x == 1:
            out.append(y)
        elif x is None:
            out.append(None if y == 1 else y)
        elif y == 1 or y is None or x == y:
            out.append(x)
        elif isinstance(x, Poly) or isinstance(y, Poly):
            raise Unresolved(f"cannot tell whether sizes {x} and {y} broadcast")
        else:
            raise KerasError(
                f"Cannot broadcast shape, the failure dim has value {x}, which cannot be "
                f"broadcasted to {y}. Input shapes are: {list(shape1)} and {list(shape2)}."
            )
    return tuple(out)


def canonical_axis(axis: object, rank: int) -> int:
    if not isinstance(axis, int) or isinstance(axis, bool):
        raise Unresolved(f"axis {axis!r} is not a known integer")
    if not -rank <= axis < rank:
        raise KerasError(f"axis {axis} is out of bounds for an array of dimension {rank}")
    return axis % rank


def _axes(axis: object, rank: int) -> tuple[int, ...]:
    items = axis if isinstance(axis, (list, tuple)) else (axis,)
    return tuple(canonical_axis(a, rank) for a in items)


class Reduction(OperationSpec):
    """``mean``, ``sum``, ``max``, ``min``: Keras's ``reduce_shape``."""

    def output(self, x: object) -> Shape:  # type: ignore[override]
        shape = list(_shape(x))
        axis, keepdims = self.options.get("axis"), self.options.get("keepdims", False)
        if not isinstance(keepdims, bool):
            raise Unresolved("`keepdims` is not known")
        if axis is None:
            return tuple(1 for _ in shape) if keepdims else ()
        axes = _axes(axis, len(shape))
        if keepdims:
            return tuple(1 if i in axes else d for i, d in enumerate(shape))
        return tuple(d for i, d in enumerate(shape) if i not in axes)


class Concatenate(OperationSpec):
    """``ops.concatenate(xs, axis=0)``: sizes add up on the axis, the others must agree."""

    call_inputs = ("xs",)

    def output(self, xs: object) -> Shape:  # type: ignore[override]
        if not isinstance(xs, list) or not xs:
            raise Unresolved("`xs` is not a known list of tensors")
        shapes = [_shape(x) for x in xs]
        first = shapes[0]
        axis = canonical_axis(self.options.get("axis", 0), len(first))
        total: Dim | None = 0
        for shape in shapes:
            if len(shape) != len(first) or any(
                i != axis and a is not None and b is not None and a != b
                for i, (a, b) in enumerate(zip(shape, first, strict=True))
            ):
                raise KerasError(
                    "Every value in `xs` must have the same shape except on the `axis` dim. "
                    f"But found element of shape {shape}, which is different from the first "
                    f"element's shape {first}."
                )
            size = shape[axis]
            total = None if total is None or size is None else total + size
        out = list(first)
        out[axis] = total
        return tuple(out)


class Stack(OperationSpec):
    call_inputs = ("x",)

    def output(self, x: object) -> Shape:  # type: ignore[override]
        if not isinstance(x, list) or not x:
            raise Unresolved("the tensors to stack are not a known list")
        first = _shape(x[0])
        if any(_shape(s) != first for s in x):
            raise Unresolved("stacking tensors of different shapes")
        axis = canonical_axis(self.options.get("axis", 0), len(first) + 1)
        return (*first[:axis], len(x), *first[axis:])


class ExpandDims(OperationSpec):
    def output(self, x: object) -> Shape:  # type: ignore[override]
        shape = list(_shape(x))
        axis = self.options.get("axis")
        rank = len(shape) + (len(axis) if isinstance(axis, (list, tuple)) else 1)
        axes = _axes(axis, rank)
        rest = iter(shape)
        return tuple(1 if i in axes else next(rest) for i in range(rank))


class Squeeze(OperationSpec):
    def output(self, x: object) -> Shape:  # type: ignore[override]
        shape = _shape(x)
        axis = self.options.get("axis")
        if axis is None:
            if any(d is None or isinstance(d, Poly) for d in shape):
                raise Unresolved("squeeze of a shape with unknown sizes")
            return tuple(d for d in shape if d != 1)
        axes = _axes(axis, len(shape))
        for a in axes:
            if shape[a] not in (1, None):
                raise KerasError(f"Cannot squeeze a dimension of size {shape[a]}")
        return tuple(d for i, d in enumerate(shape) if i not in axes)


class Transpose(OperationSpec):
    def output(self, x: object) -> Shape:  # type: ignore[override]
        shape = _shape(x)
        axes = self.options.get("axes")
        if axes is None:
            return tuple(reversed(shape))
        order = _axes(axes, len(shape))
        if len(order) != len(shape):
            raise KerasError("axes don't match array")
        return tuple(shape[a] for a in order)


class Reshape(OperationSpec):
    """``ops.reshape(x, newshape)``: no batch axis special case; ``-1`` is inferred when every
    size is known (Keras's ``compute_reshape_output_shape``)."""

    def output(self, x: object) -> Shape:  # type: ignore[override]
        shape = _shape(x)
        newshape = self.options.get("newshape")
        if isinstance(newshape, int) and not isinstance(newshape, bool):
            newshape = (newshape,)
        if not isinstance(newshape, (list, tuple)) or not all(
            isinstance(d, int) and not isinstance(d, bool) for d in newshape
        ):
            raise Unresolved("the new shape is not known")
        if None in shape:
            return tuple(None if d == -1 else d for d in newshape)
        if any(isinstance(d, Poly) for d in shape):
            raise Unresolved("reshape of a symbolic size")
        size = product(shape)
        if -1 not in newshape:
            if size != product(tuple(newshape)):
                raise KerasError(
                    "The total size of the tensor must be unchanged. Received: "
                    f"input_shape={shape}, newshape={tuple(newshape)}"
                )
            return tuple(newshape)
        known = product(tuple(d for d in newshape if d != -1))
        if known == 0 or size % known:  # type: ignore[operator]
            raise KerasError(
                "The total size of the tensor must be unchanged, however, the input size "
                "cannot by divided by the specified dimensions in newshape."
            )
        return tuple(size // known if d == -1 else d for d in newshape)  # type: ignore[operator]


class GetItem(OperationSpec):
    """``x[key]``: Keras's ``GetItem.compute_output_spec`` (ints drop an axis, slices keep it,
    ``None`` adds one, one ``...`` stands for the rest)."""

    def output(self, x: object) -> Shape:  # type: ignore[override]
        remaining = list(_shape(x))
        key = self.options.get("key")
        keys = list(key) if isinstance(key, (tuple, list)) else [key]
        if keys.count(Ellipsis) > 1:
            raise KerasError("Slice should only have one ellipsis.")
        if Ellipsis not in keys:
            keys.append(Ellipsis)
        out: list[Dim | None] = []
        while keys:
            sub = keys.pop(0)
            if sub is Ellipsis:
                needed = len(keys) - sum(1 for k in keys if k is None)
                consumed = len(remaining) - needed
                out += remaining[:consumed]
                remaining = remaining[consumed:]
                continue
            if sub is None:
                out.append(1)
                continue
            if not remaining:
                raise KerasError("slice has too many indices")
            length = remaining.pop(0)
            if isinstance(sub, int) and not isinstance(sub, bool):
                if isinstance(length, int):
                    index = sub if sub >= 0 else sub + length
                    if not 0 <= index < length:
                        raise KerasError(f"out-of-bounds index {key} was requested")
                elif length is not None:
                    raise Unresolved("indexing a symbolic size")
            elif isinstance(sub, slice):
                if isinstance(length, int):
                    out.append(len(range(*sub.indices(length))))
                elif length is None:
                    out.append(None)
                elif sub == slice(None, None, None):
                    out.append(length)
                else:
                    raise Unresolved("slicing a symbolic size")
            else:
                raise Unresolved(f"index {sub!r} is not a known int, slice, None or ...")
        return tuple(out)


class Matmul(OperationSpec):
    call_inputs = ("x1", "x2")

    def output(self, x1: object, x2: object) -> Shape:  # type: ignore[override]
        a, b = _shape(x1), _shape(x2)
        if len(a) < 2 or len(b) < 2:
            raise Unresolved("matmul of vectors")
        inner_a, inner_b = a[-1], b[-2]
        if isinstance(inner_a, int) and isinstance(inner_b, int) and inner_a != inner_b:
            raise KerasError(f"Inner dimensions ({inner_a} and {inner_b}) must match")
        batch = broadcast_shapes(a[:-2], b[:-2])
        return (*batch, a[-2], b[-1])


def _kind(base: type[OperationSpec], name: str) -> type[OperationSpec]:
    """The operation class of that name (made once), a module attribute so that reports holding
    it pickle (the cache, and the workers of a parallel scan, send reports as pickles)."""
    found = globals().get(name)
    if isinstance(found, type) and issubclass(found, base):
        return found
    assert found is None, f"{name} would shadow a name of this module"
    kind = type(name, (base,), {"keras_name": name, "__module__": __name__, "__qualname__": name})
    globals()[name] = kind
    return kind


_BINARY = {
    "add": "Add", "subtract": "Subtract", "multiply": "Multiply", "divide": "Divide",
    "true_divide": "TrueDivide", "floor_divide": "FloorDivide", "power": "Power", "mod": "Mod",
    "maximum": "Maximum", "minimum": "Minimum",
}  # fmt: skip
_UNARY = {
    "negative": "Negative", "absolute": "Absolute", "abs": "Absolute", "exp": "Exp",
    "log": "Log", "sqrt": "Sqrt", "square": "Square", "tanh": "Tanh", "sigmoid": "Sigmoid",
    "relu": "Relu", "gelu": "Gelu", "silu": "Silu", "softmax": "Softmax", "cast": "Cast",
}  # fmt: skip
_REDUCTIONS = {"mean": "Mean", "sum": "Sum", "max": "Max", "min": "Min", "any": "Any", "all": "All"}
_BINARY.update(
    {
        "equal": "Equal", "not_equal": "NotEqual", "greater": "Greater",
        "greater_equal": "GreaterEqual", "less": "Less", "less_equal": "LessEqual",
    }
)  # fmt: skip

OPERATIONS: dict[str, tuple[type[OperationSpec], tuple[str, ...]]] = {
    **{f: (_kind(Broadcast, c), ("x1", "x2")) for f, c in _BINARY.items()},
    **{f: (_kind(Elementwise, c), ("x",)) for f, c in _UNARY.items()},
    **{f: (_kind(Reduction, c), ("x", "axis", "keepdims")) for f, c in _REDUCTIONS.items()},
    "concatenate": (Concatenate, ("xs", "axis")),
    "stack": (Stack, ("x", "axis")),
    "expand_dims": (ExpandDims, ("x", "axis")),
    "squeeze": (Squeeze, ("x", "axis")),
    "transpose": (Transpose, ("x", "axes")),
    "reshape": (Reshape, ("x", "newshape")),
    "matmul": (Matmul, ("x1", "x2")),
}
"""``keras.ops.<function>``: the operation class Keras records, and the function's parameters
in order (tensor parameters are the spec's ``call_inputs``, the others its options)."""

OPERATORS = {
    "Add": "add", "Subtract": "subtract", "Multiply": "multiply", "Divide": "true_divide",
    "FloorDivide": "floor_divide", "Power": "power", "Modulo": "mod", "MatrixMultiply": "matmul",
}  # fmt: skip
"""libcst's binary operator -> the ``keras.ops`` function ``KerasTensor.__add__`` and friends call."""

GET_ITEM = GetItem


def bind_operation(
    function: str, positional: Sequence[object], keywords: Mapping[str, object]
) -> tuple[OperationSpec, dict[str, object]] | str:
    """The spec for ``keras.ops.<function>(...)`` and its tensor arguments by name, or why not."""
    entry = OPERATIONS.get(function)
    if entry is None:
        return f"`keras.ops.{function}` is not followed by paramlint yet"
    spec_class, parameters = entry
    if len(positional) > len(parameters):
        return f"`keras.ops.{function}` takes at most {len(parameters)} arguments"
    bound = dict(zip(parameters, positional, strict=False))
    for key, value in keywords.items():
        if key not in parameters or key in bound:
            return f"`keras.ops.{function}` got an unexpected argument `{key}`"
        bound[key] = value
    missing = [k for k in spec_class.call_inputs if k not in bound]
    if missing:
        return f"`keras.ops.{function}` is missing its argument `{missing[0]}`"
    tensors = {k: v for k, v in bound.items() if k in spec_class.call_inputs}
    options = {k: v for k, v in bound.items() if k not in spec_class.call_inputs}
    return spec_class(**options), tensors
