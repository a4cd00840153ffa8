"""Merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot
(keras/src/layers/merging/).

A merge is called on a list of tensors (``Add()([a, b])``), so it answers through
:meth:`LayerSpec.apply_call`; called on one tensor it raises as Keras does. The checks are Keras's
own ``build`` and ``compute_output_shape`` in their order, including their quirks:
``Concatenate`` compares the shapes with the concatenation axis removed (its "squeezable axes"
loop never removes anything), and ``Dot`` compares the two summed axes with ``!=``, so an unknown
(None) size against a known one raises. None of them has weights.

Symbolic sizes (:class:`~paramlint.analyzer.dims.Poly`) take part where Keras compares sizes: two
sizes whose difference is a known integer compare exactly; otherwise (``units`` against 8: equal,
broadcastable or an error, depending on the value) the call is Unresolved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from ..dims import Dim, Shape, format_shape
from ..values import Unknown
from .base import (
    CallShape,
    KerasError,
    LayerSpec,
    Unresolved,
    Weight,
    is_shape_list,
    render_call_shape,
)
from .registry import register


def _difference(a: Dim, b: Dim) -> int | None:
    """``a - b`` when it is a known integer (both known, or the same symbols), else None."""
    if a is None or b is None:
        return None
    difference = a - b
    return difference if isinstance(difference, int) else None


def _undecided(a: Dim, b: Dim, what: str) -> Unresolved:
    return Unresolved(f"{what} compares {a} with {b}, which depends on their values")


def dims_differ(a: Dim, b: Dim, what: str) -> bool:
    """Python's ``a != b`` on the values the dims stand for; None equals only None."""
    if a is None or b is None:
        return a is not b
    difference = _difference(a, b)
    if difference is None:
        raise _undecided(a, b, what)
    return difference != 0


def _broadcast_dim(i: Dim, j: Dim, shape1: Shape, shape2: Shape) -> Dim:
    """One axis of Keras's element-wise broadcasting; a symbol may be 1, so it rarely decides."""
    if i is None or j is None:
        return None
    if i == 1:
        return j
    if j == 1:
        return i
    difference = _difference(i, j)
    if difference == 0:
        return i
    if difference is None or not (isinstance(i, int) and isinstance(j, int)):
        raise _undecided(i, j, "broadcasting")
    raise KerasError(
        "Inputs have incompatible shapes. "
        f"Received shapes {format_shape(shape1)} and {format_shape(shape2)}"
    )


class MergeSpec(LayerSpec):
    """Keras's ``Merge``: element-wise merges with broadcasting over the non-batch axes."""

    # Inputs Keras demands beyond "at least 1" (Subtract: exactly 2).
    exact_inputs: ClassVar[int | None] = None
    call_parameters = ()  # ``call(self, inputs)``

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)

    def output_shape(self, input_shape: Shape) -> Shape:
        raise self._not_a_list(input_shape)

    def apply(self, input_shape: Shape) -> tuple[Shape, list[Weight]]:
        raise self._not_a_list(input_shape)

    def _not_a_list(self, shape: Shape) -> KerasError:
        return KerasError(
            "A merge layer should be called on a list of inputs. "
            f"Received: input_shape={format_shape(shape)} (not a list of shapes)"
        )

    def shape_list(self, inputs: Mapping[str, CallShape]) -> list[Shape]:
        if "inputs" not in inputs:
            raise KerasError("missing a required argument: 'inputs'")
        value = inputs["inputs"]
        if not is_shape_list(value):
            raise self._not_a_list(value)  # type: ignore[arg-type]
        shapes = list(value)
        if not shapes:
            raise KerasError(
                "A merge layer should be called on a list of at least 1 input. Received 0 inputs."
            )
        return shapes  # type: ignore[return-value]

    def apply_call(
        self, inputs: Mapping[str, CallShape], options: Mapping[str, object]
    ) -> tuple[list[Shape], list[Weight]]:
        self.check_call_keywords(options)
        shapes = self.shape_list(inputs)
        self.check_call(shapes, render_call_shape(inputs["inputs"]))
        return [self.merged_shape(shapes, render_call_shape(inputs["inputs"]))], []

    # -- Merge.build and Merge.compute_output_shape --------------------------------------------
    def check_call(self, shapes: list[Shape], rendered: str) -> None:
        self._batch_size(shapes, rendered)
        self._broadcast(shapes)
        if self.exact_inputs is not None and len(shapes) != self.exact_inputs:
            raise KerasError(
                f"A `{self.class_name()}` layer should be called on exactly {self.exact_inputs} "
                f"inputs. Received: input_shape={rendered}"
            )

    def merged_shape(self, shapes: list[Shape], rendered: str) -> Shape:
        return (self._batch_size(shapes, rendered), *self._broadcast(shapes))

    def _batch_size(self, shapes: list[Shape], rendered: str) -> Dim:
        sizes: list[Dim] = []
        for shape in shapes:
            if shape and shape[0] is not None and shape[0] not in sizes:
                sizes.append(shape[0])
        for other in sizes[1:]:
            if dims_differ(sizes[0], other, "merging batch sizes"):
                raise KerasError(
                    "Cannot merge tensors with different batch sizes. "
                    f"Received tensors with shapes {rendered}"
                )
        return sizes[0] if sizes else None

    def _broadcast(self, shapes: list[Shape]) -> Shape:
        output = shapes[0][1:]
        for shape in shapes[1:]:
            output = self._elementwise(output, shape[1:])
        return output

    def _elementwise(self, shape1: Shape, shape2: Shape) -> Shape:
        """Keras's ``_compute_elemwise_op_output_shape``: numpy broadcasting of two shapes."""
        if len(shape1) < len(shape2):
            return self._elementwise(shape2, shape1)
        if not shape2:
            return shape1
        output = list(shape1[: -len(shape2)])
        for i, j in zip(shape1[-len(shape2) :], shape2, strict=True):
            output.append(_broadcast_dim(i, j, shape1, shape2))
        return tuple(output)


@register
class Add(MergeSpec):
    pass


@register
class Subtract(MergeSpec):
    exact_inputs = 2


@register
class Multiply(MergeSpec):
    pass


@register
class Average(MergeSpec):
    pass


@register
class Maximum(MergeSpec):
    pass


@register
class Minimum(MergeSpec):
    pass


def _axis(value: object, name: str) -> int:
    if isinstance(value, Unknown):
        raise Unresolved(f"`{name}` is unknown: {value.reason}", value.position)
    if not isinstance(value, int):
        raise Unresolved(f"`{name}` is {value!r}, not an integer paramlint can follow")
    return value


def _index(items: list[Dim] | Shape, axis: int) -> Dim:
    try:
        return items[axis]
    except IndexError:
        kind = "list" if isinstance(items, list) else "tuple"
        raise KerasError(f"{kind} index out of range") from None


@register
class Concatenate(MergeSpec):
    def __init__(self, axis: object = -1, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.axis = axis

    def _not_a_list(self, shape: Shape) -> KerasError:
        return KerasError(
            "A `Concatenate` layer should be called on a list of at least 1 input. "
            f"Received: input_shape={format_shape(shape)}"
        )

    def check_call(self, shapes: list[Shape], rendered: str) -> None:
        axis = _axis(self.axis, "axis")
        reduced = []
        for shape in shapes:
            if not shape:
                raise KerasError("integer modulo by zero")  # ``self.axis % len(shape)``
            dims = list(shape)
            if len(dims) > axis:
                try:
                    del dims[axis]
                except IndexError:
                    raise KerasError("list assignment index out of range") from None
            if tuple(dims) not in reduced:
                reduced.append(tuple(dims))
        if len(reduced) == 1:
            return
        error = KerasError(
            "A `Concatenate` layer requires inputs with matching shapes except for the "
            f"concatenation axis. Received: input_shape={rendered}"
        )
        if len({len(dims) for dims in reduced}) != 1:
            raise error
        for position in range(len(reduced[0])):
            sizes = [dims[position] for dims in reduced if dims[position] is not None]
            if any(dims_differ(sizes[0], size, "Concatenate") for size in sizes[1:]):
                raise error

    def merged_shape(self, shapes: list[Shape], rendered: str) -> Shape:
        axis = _axis(self.axis, "axis")
        output = list(shapes[0])
        for shape in shapes[1:]:
            first, other = _index(output, axis), _index(list(shape), axis)
            if first is None or other is None:
                output[axis] = None
                break
            output[axis] = first + other
        return tuple(output)


@register
class Dot(MergeSpec):
    def __init__(self, axes: object, normalize: object = False, **kwargs: object) -> None:
        super().__init__(**kwargs)
        if not isinstance(axes, (int, Unknown)):
            if not isinstance(axes, (list, tuple)):
                raise KerasError(
                    "Invalid type for argument `axes`: it should be a list or an int. "
                    f"Received: axes={axes}"
                )
            if len(axes) != 2:
                raise KerasError(
                    "Invalid format for argument `axes`: it should contain two elements. "
                    f"Received: axes={axes}"
                )
            if not all(isinstance(a, (int, Unknown)) for a in axes):
                raise KerasError(
                    "Invalid format for argument `axes`: list elements should be integers. "
                    f"Received: axes={axes}"
                )
        self.axes = axes
        self.normalize = normalize

    def _not_a_list(self, shape: Shape) -> KerasError:
        return KerasError(
            "A `Dot` layer should be called on a list of 2 inputs. "
            f"Received: input_shape={format_shape(shape)}"
        )

    def _axes(self, shape1: Shape, shape2: Shape) -> tuple[int, int]:
        axes = self.axes
        if isinstance(axes, (list, tuple)):
            return _axis(axes[0], "axes"), _axis(axes[1], "axes")
        single = _axis(axes, "axes")
        if single < 0:
            return single % len(shape1), single % len(shape2)
        return single, single

    def check_call(self, shapes: list[Shape], rendered: str) -> None:
        if len(shapes) != 2:
            raise KerasError(
                f"A `Dot` layer should be called on a list of 2 inputs. Received: input_shape={rendered}"
            )
        shape1, shape2 = shapes
        a1, a2 = self._axes(shape1, shape2)
        size1, size2 = _index(shape1, a1), _index(shape2, a2)
        if dims_differ(size1, size2, "Dot"):
            raise KerasError(
                f"Incompatible input shapes: axis values {size1} (at axis {a1}) != {size2} "
                f"(at axis {a2}). Full input shapes: {format_shape(shape1)}, {format_shape(shape2)}"
            )

    def merged_shape(self, shapes: list[Shape], rendered: str) -> Shape:
        shape1, shape2 = list(shapes[0]), list(shapes[1])
        a1, a2 = self._axes(shapes[0], shapes[1])
        try:
            shape1.pop(a1)
            shape2.pop(a2)
            shape2.pop(0)
        except IndexError:
            raise KerasError("pop index out of range") from None
        output = shape1 + shape2
        if len(output) == 1:
            output.append(1)
        return tuple(output)
