"""Reshaping layers: Flatten, Reshape, Permute, RepeatVector, ZeroPadding, Cropping, UpSampling.

Mirrors keras/src/layers/reshaping/. None of these layers has weights; each spec only checks its
arguments and input the way Keras does and computes Keras's ``compute_output_shape``.
"""

from __future__ import annotations

from ..dims import Atom, Dim, Monomial, Poly, Shape, floordiv, format_shape, product
from ..values import Unknown
from .base import KerasError, LayerSpec, Unresolved, dim_value, int_tuple, resolved
from .base import data_format as data_format_arg
from .flops import zero_flops
from .registry import register

Pair = tuple[Dim, Dim]


# -- shared helpers ----------------------------------------------------------------------------


def _spatial_axes(fmt: object, rank: int) -> range:
    """The spatial axes of a ``rank``-D input (batch included) in this data format."""
    if resolved(fmt, "data_format") == "channels_first":
        return range(2, rank)
    return range(1, rank - 1)


def _checked(shape: Shape) -> Shape:
    """Keras's ``KerasTensor`` rejects a negative size (a negative int padding can produce one)."""
    if any(isinstance(d, int) and d < 0 for d in shape):
        raise KerasError(
            f"Cannot convert '{format_shape(shape)}' to a shape. Negative dimensions are not allowed."
        )
    return shape


def _pairs(value: object, n: int, name: str, *, reject_negative_int: bool) -> tuple[Pair, ...]:
    """ZeroPadding2D/3D and Cropping2D/3D: an int, n ints, or n pairs of ints."""
    if isinstance(value, Unknown):
        return tuple(int_tuple(value, 2, f"{name}[{i}]", allow_zero=True) for i in range(n))  # type: ignore[misc]
    if isinstance(value, (int, Poly)):
        if reject_negative_int and isinstance(value, int) and value < 0:
            raise KerasError(f"`{name}` cannot be negative. Received: {name}={value}.")
        return ((value, value),) * n
    if isinstance(value, (list, tuple, str)):
        if len(value) != n:
            raise KerasError(f"`{name}` should have {n} elements. Received: {name}={value!r}.")
        ordinals = ("1st", "2nd", "3rd")
        return tuple(
            int_tuple(v, 2, f"{ordinals[i]} entry of {name}", allow_zero=True)  # type: ignore[misc]
            for i, v in enumerate(value)
        )
    raise KerasError(
        f"`{name}` should be either an int, a tuple of {n} ints, or a tuple of {n} tuples of 2 "
        f"ints. Received: {name}={value!r}."
    )


def _pad(shape: Shape, axes: range, pairs: tuple[Pair, ...]) -> Shape:
    out = list(shape)
    for axis, (before, after) in zip(axes, pairs, strict=True):
        if out[axis] is not None:
            out[axis] = out[axis] + before + after  # type: ignore[operator]
    return _checked(tuple(out))


def _crop(shape: Shape, axes: range, pairs: tuple[Pair, ...]) -> Shape:
    out = list(shape)
    for axis, (before, after) in zip(axes, pairs, strict=True):
        if out[axis] is None:
            continue
        size = out[axis] - before - after  # type: ignore[operator]
        # Keras checks `sum(cropping) >= size` on known sizes; symbols get the benefit.
        if isinstance(size, int) and size <= 0:
            raise KerasError(
                "Values in `cropping` argument should be smaller than the corresponding spatial "
                f"dimension of the input. Received: input_shape={format_shape(shape)}, "
                f"cropping={pairs}"
            )
        out[axis] = size
    return tuple(out)


def _upsample(shape: Shape, axes: range, sizes: tuple[Dim, ...]) -> Shape:
    out = list(shape)
    for axis, size in zip(axes, sizes, strict=True):
        if out[axis] is not None:
            out[axis] = size * out[axis]  # type: ignore[operator]
    return tuple(out)


# -- Flatten, Reshape, Permute, RepeatVector ---------------------------------------------------


@register
class Flatten(LayerSpec):
    flops = macs = zero_flops

    input_min_ndim = 1

    def __init__(self, data_format: object = None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.data_format = data_format_arg(data_format)

    def output_shape(self, input_shape: Shape) -> Shape:
        non_batch = input_shape[1:]
        flat: Dim = product(non_batch) if non_batch else 1
        return (input_shape[0], flat)


def _target_dim(value: object, index: int) -> Dim:
    """One entry of Reshape's ``target_shape``; Keras treats anything but an int as unknown."""
    if isinstance(value, Unknown):
        return value.as_symbol(f"target_shape[{index}]")
    if isinstance(value, (int, Poly)):
        return int(value) if isinstance(value, bool) else value
    return None


def _exact_quotient(numerator: Dim, denominator: Dim) -> Dim | None:
    """``numerator / denominator`` when it is exact and paramlint can prove it, else None."""
    if isinstance(denominator, int):
        if isinstance(numerator, int):
            return numerator // denominator if numerator % denominator == 0 else None
        if isinstance(numerator, Poly) and all(
            c % denominator == 0 for c in numerator.terms.values()
        ):
            return floordiv(numerator, denominator)
        return None
    if not isinstance(denominator, Poly) or not isinstance(numerator, Poly):
        return None
    divisor_terms = denominator.terms
    if len(divisor_terms) != 1:
        return None
    ((divisor_monomial, divisor_coefficient),) = divisor_terms.items()
    quotient: dict[Monomial, int] = {}
    for monomial, coefficient in numerator.terms.items():
        if coefficient % divisor_coefficient:
            return None
        powers: dict[Atom, int] = dict(monomial)
        for atom, power in divisor_monomial:
            if powers.get(atom, 0) < power:
                return None
            powers[atom] -= power
        left = tuple(
            sorted(((a, p) for a, p in powers.items() if p), key=lambda t: t[0].sort_key())
        )
        quotient[left] = coefficient // divisor_coefficient
    return Poly(quotient).simplify()


@register
class Reshape(LayerSpec):
    flops = macs = zero_flops

    def __init__(self, target_shape: object, **kwargs: object) -> None:
        super().__init__(**kwargs)
        if isinstance(target_shape, Unknown):
            self.target_shape: tuple[Dim, ...] | Unknown = target_shape
            return
        if isinstance(target_shape, str):
            target_shape = list(target_shape)
        if not isinstance(target_shape, (list, tuple)):
            raise KerasError(f"'{type(target_shape).__name__}' object is not iterable")
        target = tuple(_target_dim(v, i) for i, v in enumerate(target_shape))
        if any(isinstance(d, int) and d < -1 for d in target):
            raise KerasError(
                "Each dimension in `target_shape` must be a non-negative integer, or `-1` for a "
                f"single unknown dimension. Received: target_shape={target_shape}."
            )
        if sum(1 for d in target if isinstance(d, int) and d == -1) > 1:
            raise KerasError(
                "There must be at most one unknown dimension (-1) in `target_shape`. Received: "
                f"target_shape={target_shape}."
            )
        self.target_shape = target

    def output_shape(self, input_shape: Shape) -> Shape:
        target = self.target_shape
        if isinstance(target, Unknown):
            raise Unresolved(f"`target_shape` is unknown: {target.reason}", target.position)
        batch, dims = input_shape[0], input_shape[1:]
        wildcard = [i for i, d in enumerate(target) if isinstance(d, int) and d == -1]
        if any(d is None for d in dims) or any(d is None for d in target):
            return (batch, *(None if i in wildcard else d for i, d in enumerate(target)))
        input_size = product(dims)
        if not wildcard:
            output_size = product(target)
            if (
                isinstance(input_size, int)
                and isinstance(output_size, int)
                and input_size != output_size
            ):
                raise KerasError(
                    "The total size of the tensor must be unchanged. Received: "
                    f"input_shape={format_shape(dims)}, target_shape={format_shape(target)}"
                )
            return (batch, *target)
        known = product(d for i, d in enumerate(target) if i not in wildcard)
        indivisible = KerasError(
            "The total size of the tensor must be unchanged, however, the input size cannot by "
            "divided by the specified dimensions in target_shape. Received: "
            f"input_shape={format_shape(dims)}, target_shape={format_shape(target)}"
        )
        if isinstance(known, int) and known == 0:
            raise indivisible
        inferred = _exact_quotient(input_size, known)
        if inferred is None:
            if isinstance(input_size, int) and isinstance(known, int):
                raise indivisible
            raise Unresolved(
                f"Reshape cannot infer its -1 dimension: {input_size} is not known to be a "
                f"multiple of {known}"
            )
        out = list(target)
        out[wildcard[0]] = inferred
        return (batch, *out)


@register
class Permute(LayerSpec):
    flops = macs = zero_flops

    declares_input_spec = True  # Keras sets it in __init__

    def __init__(self, dims: object, **kwargs: object) -> None:
        super().__init__(**kwargs)
        if isinstance(dims, Unknown) or (
            isinstance(dims, (list, tuple)) and any(isinstance(d, Unknown) for d in dims)
        ):
            self.dims: tuple[int, ...] | Unknown = (
                dims if isinstance(dims, Unknown) else Unknown("an entry of `dims` is unknown")
            )
            return
        if not isinstance(dims, (list, tuple)) or not all(isinstance(d, int) for d in dims):
            raise KerasError(
                "Invalid permutation argument `dims` for Permute Layer. The set of indices in "
                f"`dims` must be consecutive and start from 1. Received dims={dims!r}"
            )
        if sorted(dims) != list(range(1, len(dims) + 1)):
            raise KerasError(
                "Invalid permutation argument `dims` for Permute Layer. The set of indices in "
                f"`dims` must be consecutive and start from 1. Received dims={tuple(dims)}"
            )
        self.dims = tuple(int(d) for d in dims)

    def _known_dims(self) -> tuple[int, ...]:
        dims = self.dims
        if isinstance(dims, Unknown):
            raise Unresolved(f"`dims` is unknown: {dims.reason}", dims.position)
        return dims

    def check_input_rank(self, input_shape: Shape) -> None:
        expected = len(self._known_dims()) + 1
        if len(input_shape) != expected:
            raise KerasError(
                f"Input 0 of layer {self.class_name()} is incompatible with the layer: expected "
                f"ndim={expected}, found ndim={len(input_shape)}. Full shape received: "
                f"{format_shape(input_shape)}"
            )

    def output_shape(self, input_shape: Shape) -> Shape:
        return (input_shape[0], *(input_shape[d] for d in self._known_dims()))


@register
class RepeatVector(LayerSpec):
    flops = macs = zero_flops

    input_ndim = 2

    def __init__(self, n: object, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.n = dim_value(n, "n")

    def output_shape(self, input_shape: Shape) -> Shape:
        return (input_shape[0], self.n, input_shape[1])


# -- ZeroPadding -------------------------------------------------------------------------------


@register
class ZeroPadding1D(LayerSpec):
    input_ndim = 3

    def __init__(self, padding: object = 1, data_format: object = None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.data_format = data_format_arg(data_format)
        self.padding: Pair = int_tuple(padding, 2, "padding", allow_zero=True)  # type: ignore[assignment]

    def output_shape(self, input_shape: Shape) -> Shape:
        return _pad(input_shape, _spatial_axes(self.data_format, 3), (self.padding,))


@register
class ZeroPadding2D(LayerSpec):
    input_ndim = 4

    def __init__(
        self, padding: object = (1, 1), data_format: object = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)
        self.data_format = data_format_arg(data_format)
        # A bare int is not checked for sign in Keras; only the tuple forms are.
        self.padding = _pairs(padding, 2, "padding", reject_negative_int=False)

    def output_shape(self, input_shape: Shape) -> Shape:
        return _pad(input_shape, _spatial_axes(self.data_format, 4), self.padding)


@register
class ZeroPadding3D(LayerSpec):
    input_ndim = 5

    def __init__(
        self,
        padding: object = ((1, 1), (1, 1), (1, 1)),
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.data_format = data_format_arg(data_format)
        self.padding = _pairs(padding, 3, "padding", reject_negative_int=False)

    def output_shape(self, input_shape: Shape) -> Shape:
        return _pad(input_shape, _spatial_axes(self.data_format, 5), self.padding)


# -- Cropping ----------------------------------------------------------------------------------


@register
class Cropping1D(LayerSpec):
    input_ndim = 3

    def __init__(self, cropping: object = (1, 1), **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.cropping: Pair = int_tuple(cropping, 2, "cropping", allow_zero=True)  # type: ignore[assignment]

    def output_shape(self, input_shape: Shape) -> Shape:
        return _crop(input_shape, range(1, 2), (self.cropping,))


@register
class Cropping2D(LayerSpec):
    input_ndim = 4

    def __init__(
        self, cropping: object = ((0, 0), (0, 0)), data_format: object = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)
        self.data_format = data_format_arg(data_format)
        self.cropping = _pairs(cropping, 2, "cropping", reject_negative_int=True)

    def output_shape(self, input_shape: Shape) -> Shape:
        return _crop(input_shape, _spatial_axes(self.data_format, 4), self.cropping)


@register
class Cropping3D(LayerSpec):
    input_ndim = 5

    def __init__(
        self,
        cropping: object = ((1, 1), (1, 1), (1, 1)),
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.data_format = data_format_arg(data_format)
        self.cropping = _pairs(cropping, 3, "cropping", reject_negative_int=True)

    def output_shape(self, input_shape: Shape) -> Shape:
        return _crop(input_shape, _spatial_axes(self.data_format, 5), self.cropping)


# -- UpSampling --------------------------------------------------------------------------------


@register
class UpSampling1D(LayerSpec):
    input_ndim = 3

    def __init__(self, size: object = 2, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.size = dim_value(size, "size")

    def output_shape(self, input_shape: Shape) -> Shape:
        return _upsample(input_shape, range(1, 2), (self.size,))


@register
class UpSampling2D(LayerSpec):
    input_ndim = 4

    def __init__(
        self,
        size: object = (2, 2),
        data_format: object = None,
        interpolation: object = "nearest",
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.data_format = data_format_arg(data_format)
        self.size = int_tuple(size, 2, "size")
        if not isinstance(interpolation, (str, Unknown)):
            raise KerasError(f"'{type(interpolation).__name__}' object has no attribute 'lower'")
        self.interpolation = interpolation

    def output_shape(self, input_shape: Shape) -> Shape:
        return _upsample(input_shape, _spatial_axes(self.data_format, 4), self.size)


@register
class UpSampling3D(LayerSpec):
    input_ndim = 5

    def __init__(
        self, size: object = (2, 2, 2), data_format: object = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)
        self.data_format = data_format_arg(data_format)
        self.size = int_tuple(size, 3, "size")

    def output_shape(self, input_shape: Shape) -> Shape:
        return _upsample(input_shape, _spatial_axes(self.data_format, 5), self.size)
