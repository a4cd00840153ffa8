"""Core layers: Dense, Embedding, InputLayer, Masking, Identity, Lambda (keras/src/layers/core/).

A ``Lambda``'s output shape is the stated ``output_shape`` (a shape without the batch axis, or a
nested list/tuple of them for several outputs), which Keras uses without running the function.
Without it Keras runs the function on a symbolic tensor to find the shape; paramlint never runs
the analysed code, so the layer stays unknown (KPL002), like a custom layer.
"""

from __future__ import annotations

from ..dims import Dim, Poly, Shape, format_shape
from ..values import Unknown
from .base import (
    PLAIN_VALUES,
    KerasError,
    LayerSpec,
    RunsUserCode,
    UndefinedDimensionError,
    Unresolved,
    Weight,
    check_activation,
    dim_value,
    flag,
    resolved,
)
from .flops import activation_flops, check_plain, not_matched, sample_elements
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

    def macs(self, input_shape: Shape) -> Dim:
        check_plain(self)
        if resolved(self.lora_rank, "lora_rank"):
            raise not_matched(self, " with LoRA")
        return sample_elements(input_shape) * self.units  # type: ignore[operator]

    def flops(self, input_shape: Shape) -> Dim:
        """2 per multiply-add of the matmul, 1 per output for the bias, then the activation."""
        outputs = sample_elements(self.output_shape(input_shape))
        bias = outputs if resolved(self.use_bias, "use_bias") else 0
        activation = activation_flops(self, self.activation, outputs)
        return 2 * self.macs(input_shape) + bias + activation  # type: ignore[operator]


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


@register
class Identity(LayerSpec):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)


def _is_shape(value: object) -> bool:
    """``tree``'s shape test: a list or tuple whose items are all ints or None."""
    return isinstance(value, (list, tuple)) and all(
        d is None or isinstance(d, (int, Poly, Unknown)) for d in value
    )


def _with_batch(batch: Dim, structure: object) -> list[Shape]:
    """Lambda's ``map_shape_structure(_add_batch, output_shape)``, flattened in Keras's order."""
    if _is_shape(structure):
        if not isinstance(structure, tuple):
            raise KerasError(
                f'can only concatenate tuple (not "{type(structure).__name__}") to tuple'
            )
        dims: list[Dim] = [batch]
        for i, d in enumerate(structure):
            dims.append(d.as_symbol(f"output_shape[{i}]") if isinstance(d, Unknown) else d)
        if any(isinstance(d, int) and d < 0 for d in dims):
            raise KerasError(
                f"Cannot convert '{format_shape(tuple(dims))}' to a shape. Negative dimensions "
                "are not allowed."
            )
        return [tuple(dims)]
    if isinstance(structure, Unknown):
        raise Unresolved(f"`output_shape` is unknown: {structure.reason}", structure.position)
    if isinstance(structure, (list, tuple)):
        return [shape for item in structure for shape in _with_batch(batch, item)]
    raise KerasError(f'can only concatenate tuple (not "{type(structure).__name__}") to tuple')


@register
class Lambda(LayerSpec):
    def __init__(
        self,
        function: object,
        output_shape: object = None,
        mask: object = None,
        arguments: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(function, PLAIN_VALUES):
            raise KerasError("unsupported callable")  # inspect.getfullargspec(function)
        self.function = function
        self.stated_output_shape = output_shape
        self.mask = mask
        self.arguments = arguments

    def output_shapes(self, input_shape: Shape) -> tuple[Shape, ...]:
        stated = self.stated_output_shape
        if stated is None:
            raise RunsUserCode(
                "Lambda without `output_shape`: Keras finds its output shape by running the "
                "function, and paramlint never runs the analysed code (state `output_shape=`)"
            )
        if isinstance(stated, Unknown):
            raise Unresolved(f"`output_shape` is unknown: {stated.reason}", stated.position)
        if not isinstance(stated, PLAIN_VALUES):  # a function of the input shape
            raise RunsUserCode(
                "Lambda's `output_shape` is a function, and paramlint never runs the analysed "
                "code (state the shape as a tuple)"
            )
        shapes = tuple(_with_batch(input_shape[0], stated))
        nested = (
            isinstance(stated, (list, tuple))
            and not _is_shape(stated)
            and any(isinstance(item, (list, tuple)) and not _is_shape(item) for item in stated)
        )
        if nested:  # Keras returns the outputs in that nested structure; paramlint lists them flat
            raise Unresolved("Lambda's `output_shape` nests its outputs; paramlint lists them flat")
        return shapes

    def output_shape(self, input_shape: Shape) -> Shape:
        shapes = self.output_shapes(input_shape)
        if not shapes:
            raise KerasError("Lambda's `output_shape` has no shape in it")
        return shapes[0]

    def output_count(self, input_shape: Shape) -> int:
        return len(self.output_shapes(input_shape))


@register
class ReversibleEmbedding(Embedding):
    """An Embedding that can also project back to the vocabulary; untied, it has its own matrix."""

    def __init__(
        self,
        input_dim: object,
        output_dim: object,
        tie_weights: object = True,
        embeddings_initializer: object = "uniform",
        embeddings_regularizer: object = None,
        embeddings_constraint: object = None,
        mask_zero: object = False,
        reverse_dtype: object = None,
        logit_soft_cap: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(input_dim, output_dim, mask_zero=mask_zero, **kwargs)
        self.tie_weights = flag(tie_weights, "tie_weights")

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        weights = super().build_weights(input_shape)
        if not resolved(self.tie_weights, "tie_weights"):
            weights.append(Weight("reverse_embeddings", (self.output_dim, self.input_dim), True))
        return weights
