"""Core layers: Dense, Embedding, InputLayer, Masking (keras/src/layers/core/)."""

from __future__ import annotations

from ..dims import Shape
from ..values import Unknown
from .base import (
    KerasError,
    LayerSpec,
    UndefinedDimensionError,
    Weight,
    check_activation,
    dim_value,
    flag,
    resolved,
)
from .registry import register


def _lora_weights(
    base: Weight, rank: object, rows: object, cols: object, prefix: str
) -> list[Weight]:
    """Keras's ``enable_lora``: the base tensor is frozen and two low-rank factors are added."""
    r = dim_value(rank, "lora_rank")
    return [
        Weight(base.name, base.shape, False, base.dtype, settable=True),
        Weight(f"{prefix}_a", (rows, r), True, fixed_dtype=True),  # type: ignore[arg-type]
        Weight(f"{prefix}_b", (r, cols), True, fixed_dtype=True),  # type: ignore[arg-type]
    ]


@register
class Dense(LayerSpec):
    input_min_ndim = 2

    def __init__(
        self,
        units: object,
        activation: object = None,
        use_bias: object = True,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        lora_rank: object = None,
        lora_alpha: object = None,
        quantization_config: object = None,
        **kwargs: object,
    ) -> None:
        self.units = dim_value(units, "units")
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.activation = check_activation(activation)
        self.use_bias = flag(use_bias, "use_bias")
        self.lora_rank = lora_rank

    def output_shape(self, input_shape: Shape) -> Shape:
        return (*input_shape[:-1], self.units)

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        input_dim = input_shape[-1]
        if input_dim is None:
            raise UndefinedDimensionError(
                "The last dimension of the inputs to a Dense layer should be defined. Found None."
            )
        kernel = Weight("kernel", (input_dim, self.units), True)
        weights = [kernel]
        if resolved(self.use_bias, "use_bias"):
            weights.append(Weight("bias", (self.units,), True))
        if resolved(self.lora_rank, "lora_rank"):
            weights[0:1] = _lora_weights(
                kernel, self.lora_rank, input_dim, self.units, "lora_kernel"
            )
        return weights


@register
class Embedding(LayerSpec):
    def __init__(
        self,
        input_dim: object,
        output_dim: object,
        embeddings_initializer: object = "uniform",
        embeddings_regularizer: object = None,
        embeddings_constraint: object = None,
        mask_zero: object = False,
        weights: object = None,
        lora_rank: object = None,
        lora_alpha: object = None,
        quantization_config: object = None,
        **kwargs: object,
    ) -> None:
        self.input_dim = dim_value(input_dim, "input_dim")
        self.output_dim = dim_value(output_dim, "output_dim")
        kwargs.pop("input_length", None)  # deprecated in Keras 3, accepted and ignored
        super().__init__(**kwargs)
        self.lora_rank = lora_rank

    def input_rank(self) -> tuple[int, bool] | None:
        return 2, False  # token ids: (batch, sequence length), or more axes

    def output_shape(self, input_shape: Shape) -> Shape:
        return (*input_shape, self.output_dim)

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        embeddings = Weight("embeddings", (self.input_dim, self.output_dim), True)
        if resolved(self.lora_rank, "lora_rank"):
            return _lora_weights(
                embeddings, self.lora_rank, self.input_dim, self.output_dim, "lora_embeddings"
            )
        return [embeddings]


@register
class InputLayer(LayerSpec):
    """``InputLayer`` as the first element of a Sequential list: it only states the input shape."""

    def __init__(
        self,
        shape: object = None,
        batch_size: object = None,
        dtype: object = None,
        sparse: object = None,
        ragged: object = None,
        batch_shape: object = None,
        input_tensor: object = None,
        optional: object = False,
        name: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(name=name)
        if "input_shape" in kwargs:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs:
            batch_shape = kwargs.pop("batch_input_shape")
        if kwargs:
            raise KerasError(
                f"Unrecognized keyword arguments passed to InputLayer: {', '.join(sorted(kwargs))}"
            )
        if shape is not None and batch_shape is not None:
            raise KerasError("You cannot pass both `shape` and `batch_shape` at the same time.")
        if batch_size is not None and batch_shape is not None:
            raise KerasError(
                "You cannot pass both `batch_size` and `batch_shape` at the same time."
            )
        if shape is None and batch_shape is None:
            raise KerasError("You must pass a `shape` argument.")
        if isinstance(shape, Unknown) or isinstance(batch_shape, Unknown):
            self.batch_shape: object = shape if isinstance(shape, Unknown) else batch_shape
        else:
            self.batch_shape = batch_shape if shape is None else (batch_size, *_as_tuple(shape))


def _as_tuple(value: object) -> tuple[object, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,)


@register
class Masking(LayerSpec):
    def __init__(self, mask_value: object = 0.0, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.mask_value = mask_value
