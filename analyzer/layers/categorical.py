"""Categorical encoding layers: CategoryEncoding, Hashing, Discretization (keras/src/layers/
preprocessing/). None has weights; the output width is an argument (``num_tokens``,
``num_bins``) or the number of ``bin_boundaries`` plus one. Discretization's ``adapt()`` only
moves the boundaries, so its shapes are known from ``num_bins`` before it runs.
"""

from __future__ import annotations

from ..dims import Dim, Shape
from ..values import Unknown
from .base import KerasError, LayerSpec, Unresolved, dim_value, resolved
from .registry import register


def _mode(value: object, options: tuple[str, ...], message: str) -> object:
    if not isinstance(value, Unknown) and value not in options:
        raise KerasError(f"{message} Received: output_mode={value!r}")
    return value


@register
class CategoryEncoding(LayerSpec):
    def __init__(
        self,
        num_tokens: object = None,
        output_mode: object = "multi_hot",
        sparse: object = False,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        self.output_mode = _mode(
            output_mode, ("count", "one_hot", "multi_hot"), "Unknown arg for output_mode."
        )
        if num_tokens is None:
            raise KerasError(
                "num_tokens must be set to use this layer. If the number of tokens is not "
                "known beforehand, use the IntegerLookup layer instead."
            )
        self.num_tokens = dim_value(num_tokens, "num_tokens")

    def output_shape(self, input_shape: Shape) -> Shape:
        if len(input_shape) == 0:
            return (self.num_tokens,)
        if resolved(self.output_mode, "output_mode") == "one_hot":
            last = input_shape[-1]
            if last != 1 and not isinstance(last, (int, type(None))):
                raise Unresolved(f"CategoryEncoding: whether the last axis ({last}) is 1")
            if last != 1 or len(input_shape) == 1:
                return (*input_shape, self.num_tokens)
        return (*input_shape[:-1], self.num_tokens)


@register
class Hashing(LayerSpec):
    def __init__(
        self,
        num_bins: object,
        mask_value: object = None,
        salt: object = None,
        output_mode: object = "int",
        sparse: object = False,
        **kwargs: object,
    ) -> None:
        if kwargs.get("dtype") is None:  # Keras's default: int64 for indices, floatx otherwise
            kwargs["dtype"] = "int64" if output_mode == "int" else "float32"
        super().__init__(**kwargs)
        if num_bins is None or (isinstance(num_bins, int) and num_bins <= 0):
            raise KerasError(
                "The `num_bins` for `Hashing` cannot be `None` or non-positive values. "
                f"Received: num_bins={num_bins}."
            )
        dtype = self.dtype
        if output_mode == "int" and isinstance(dtype, str) and dtype not in ("int32", "int64"):
            raise KerasError(
                "When `output_mode=\"int\"`, `dtype` should be an integer type, 'int32' or "
                f"'in64'. Received: dtype={dtype}"
            )
        self.output_mode = _mode(
            output_mode,
            ("int", "one_hot", "multi_hot", "count"),
            "Invalid value for argument `output_mode`.",
        )
        if sparse is True and output_mode == "int":
            raise KerasError(
                '`sparse` may only be true if `output_mode` is `"one_hot"`, `"multi_hot"`, '
                f'or `"count"`. Received: sparse={sparse} and output_mode={output_mode}'
            )
        pair = isinstance(salt, (tuple, list)) and len(salt) == 2
        if salt is not None and not isinstance(salt, (int, Unknown)) and not pair:
            raise KerasError(
                "The `salt` argument for `Hashing` can only be a tuple of size 2 integers, "
                f"or a single integer. Received: salt={salt!r}."
            )
        self.num_bins = dim_value(num_bins, "num_bins")

    def output_shape(self, input_shape: Shape) -> Shape:
        if resolved(self.output_mode, "output_mode") == "int":
            return input_shape
        if len(input_shape) == 0:
            return (self.num_bins,)
        return (*input_shape[:-1], self.num_bins)


@register
class Discretization(LayerSpec):
    # Keras's signature has no **kwargs: no trainable=, no input_shape=.
    def __init__(
        self,
        bin_boundaries: object = None,
        num_bins: object = None,
        epsilon: object = 0.01,
        output_mode: object = "int",
        sparse: object = False,
        dtype: object = None,
        name: object = None,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        if sparse is True and output_mode == "int":
            raise KerasError(
                "`sparse=True` may only be used if `output_mode` is `'one_hot'`, "
                f"`'multi_hot'`, or `'count'`. Received: sparse={sparse} and "
                f"output_mode={output_mode}"
            )
        self.output_mode = _mode(
            output_mode,
            ("int", "one_hot", "multi_hot", "count"),
            "Unknown value for `output_mode` argument of layer Discretization.",
        )
        if isinstance(num_bins, int) and num_bins < 0:
            raise KerasError(
                f"`num_bins` must be greater than or equal to 0. Received: `num_bins={num_bins}`"
            )
        if num_bins is not None and bin_boundaries is not None:
            raise KerasError(
                "Both `num_bins` and `bin_boundaries` should not be set. "
                f"Received: `num_bins={num_bins}` and `bin_boundaries={bin_boundaries}`"
            )
        if num_bins is None and bin_boundaries is None:
            raise KerasError("You need to set either `num_bins` or `bin_boundaries`.")
        self.bin_boundaries = bin_boundaries
        self.num_bins = num_bins

    def _depth(self) -> Dim:
        boundaries = self.bin_boundaries
        if boundaries is not None:
            if isinstance(boundaries, Unknown):
                raise Unresolved(f"`bin_boundaries` is unknown: {boundaries.reason}")
            if not isinstance(boundaries, (list, tuple)):
                raise KerasError(f"object of type '{type(boundaries).__name__}' has no len()")
            return len(boundaries) + 1
        return dim_value(self.num_bins, "num_bins", minimum=0)

    def output_shape(self, input_shape: Shape) -> Shape:
        mode = resolved(self.output_mode, "output_mode")
        if mode == "int":
            return input_shape
        depth = self._depth()
        if mode == "one_hot":
            if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
                return (*input_shape[:-1], depth)
            return (*input_shape, depth)
        if input_shape and len(input_shape) >= 2:
            return (input_shape[0], *input_shape[2:], depth)
        return (depth,)
