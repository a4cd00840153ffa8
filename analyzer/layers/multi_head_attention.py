"""MultiHeadAttention and GroupQueryAttention (keras/src/layers/attention/).

They take ``query``, ``value`` and an optional ``key`` tensor, so they answer through
:meth:`LayerSpec.apply_call`. What a functional call reports is what Keras's own ``build`` and
``compute_output_spec`` say (the call itself is not traced), quirks included: MultiHeadAttention's
attention scores are ``(batch, heads, T, T)`` with T the query's length, even when the value is
longer.

Both build ``EinsumDense`` sublayers named ``query``, ``key``, (``gate``), ``value`` and
``attention_output``; their kernels and biases come from Keras's own einsum analysis
(einsum.py). Keras creates the sublayers after the outer layer's ``trainable`` flag was set, so
their variables stay trainable (the summary counts them so); the layer's dtype policy does reach
them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..dims import Dim, Poly, Shape, format_shape
from ..values import Unknown
from .attention import dim_at, prefix_name, scores_wanted
from .base import CallShape, KerasError, LayerSpec, Unresolved, Weight, is_shape_list, resolved
from .einsum import einsum_sublayer, partial_output, projection_equation
from .merging import dims_differ
from .registry import register
from .regularization import _check_unit_interval

_ATTENTION_CALL = (
    "query_mask",
    "value_mask",
    "key_mask",
    "attention_mask",
    "return_attention_scores",
    "training",
    "use_causal_mask",
)


# -- shared argument checks -------------------------------------------------------------------


def _positive(value: object, name: str, *, none_ok: bool = False) -> Dim:
    """MultiHeadAttention's ``isinstance(value, int) and value > 0`` check; unknown: a symbol."""
    if value is None and none_ok:
        return None
    if isinstance(value, Unknown):
        return value.as_symbol(name)
    if isinstance(value, Poly):
        return value
    if not isinstance(value, int) or value <= 0:
        expected = "a positive integer or `None`" if none_ok else "a positive integer"
        raise KerasError(
            f"Received an invalid value for argument `{name}`, expected {expected}. "
            f"Received: {name}={value}"
        )
    return int(value)


def _check_flash_dropout(flash_attention: object, dropout: object) -> None:
    flash = flash_attention
    if not flash:
        return
    if isinstance(flash, Unknown) or isinstance(dropout, (Unknown, Poly)):
        if isinstance(dropout, (int, float)) and dropout <= 0:
            return
        raise Unresolved("`flash_attention` or `dropout` is unknown, and Keras refuses both set")
    if isinstance(dropout, (int, float)) and dropout > 0.0:
        raise KerasError(
            "Dropout is not supported when flash attention is enabled. "
            "Please set dropout to 0.0 to use flash attention."
        )


def _check_sliding_window(value: object) -> None:
    if value is None or isinstance(value, (Unknown, Poly)):
        return
    if not isinstance(value, int) or value <= 0:
        raise KerasError(
            f"`sliding_window` must be `None` or a positive integer. Received: sliding_window={value}"
        )


def _tensor_shapes(
    spec: LayerSpec, inputs: Mapping[str, CallShape]
) -> tuple[Shape, Shape, Shape | None]:
    """The query, value and (optional) key shapes of a ``call(query, value, key=None)``."""
    for name in ("query", "value"):
        if name not in inputs:
            raise KerasError(f"missing a required argument: '{name}'")
    shapes = []
    for name in ("query", "value", "key"):
        shape = inputs.get(name)
        if shape is not None and is_shape_list(shape):
            raise Unresolved(f"{spec.class_name()} gets a list of tensors as `{name}`")
        shapes.append(shape)
    return shapes[0], shapes[1], shapes[2]  # type: ignore[return-value]


def _same_but_last(value: Shape, key: Shape) -> None:
    """``value_shape[1:-1] != key_shape[1:-1]`` raises."""
    a, b = value[1:-1], key[1:-1]
    if len(a) != len(b) or any(
        dims_differ(x, y, "value and key") for x, y in zip(a, b, strict=True)
    ):
        raise KerasError(
            "All dimensions of `value` and `key`, except the last one, must be equal. "
            f"Received: value_shape={format_shape(value)} and key_shape={format_shape(key)}"
        )


class _ProjectingAttention(LayerSpec):
    """What MultiHeadAttention and GroupQueryAttention share: three tensors, EinsumDense weights."""

    call_inputs = ("query", "value", "key")
    call_parameters = _ATTENTION_CALL

    def apply(self, input_shape: Shape) -> tuple[Shape, list[Weight]]:
        raise KerasError("missing a required argument: 'value'")  # called on one tensor

    def output_shape(self, input_shape: Shape) -> Shape:
        raise KerasError("missing a required argument: 'value'")

    def with_dtype(self, weights: list[Weight]) -> list[Weight]:
        """The sublayers' variables: trainable as created, in the layer's dtype policy."""
        return [replace(w, dtype=self.weight_dtype()) for w in weights]


@register
class MultiHeadAttention(_ProjectingAttention):
    def __init__(
        self,
        num_heads: object,
        key_dim: object,
        value_dim: object = None,
        dropout: object = 0.0,
        use_bias: object = True,
        output_shape: object = None,
        attention_axes: object = None,
        sliding_window: object = None,
        flash_attention: object = None,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        use_gate: object = False,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        self.num_heads = _positive(num_heads, "num_heads")
        self.key_dim = _positive(key_dim, "key_dim")
        value = _positive(value_dim, "value_dim", none_ok=True)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.value_dim = self.key_dim if value is None else value
        self.dropout = dropout
        self.use_bias = use_bias
        self.use_gate = use_gate
        self.projection_shape = _output_shape_arg(output_shape)
        if isinstance(attention_axes, int) and not isinstance(attention_axes, bool):
            attention_axes = (attention_axes,)
        elif (
            attention_axes
            and not isinstance(attention_axes, (list, tuple, Unknown))
            and not isinstance(attention_axes, bool)
        ):
            raise KerasError(
                "`attention_axes` must be an int, list, or tuple."
                f"Received: attention_axes={attention_axes}"
            )
        self.attention_axes = attention_axes
        _check_sliding_window(sliding_window)
        _check_flash_dropout(flash_attention, dropout)

    def apply_call(
        self, inputs: Mapping[str, CallShape], options: Mapping[str, object]
    ) -> tuple[list[Shape], list[Weight]]:
        self.check_call_keywords(options)
        query, value, key_given = _tensor_shapes(self, inputs)
        key = value if key_given is None else key_given
        weights = self._build(query, value, key)
        # compute_output_spec
        _same_but_last(value, key)
        projection = resolved(self.projection_shape, "output_shape")
        output = (*query[:-1], *projection) if projection else query  # type: ignore[misc]
        outputs = [output]
        if scores_wanted(options):
            length = dim_at(query, 1)
            outputs.append((query[0], self.num_heads, length, length))
        return outputs, self.with_dtype(weights)

    def _build(self, query: Shape, value: Shape, key: Shape) -> list[Weight]:
        """MultiHeadAttention.build: the projections' weights, in Keras's order."""
        _same_but_last(value, key)
        prefix = prefix_name(self, "multi_head_attention")
        use_bias = bool(resolved(self.use_bias, "use_bias"))
        heads, key_dim, value_dim = self.num_heads, self.key_dim, self.value_dim

        def project(name: str, shape: Shape, size: Dim) -> tuple[list[Weight], Shape]:
            equation, bias_axes, rank = projection_equation(len(shape) - 1, 1, 2)
            partial = partial_output(rank - 1, [heads, size])
            return einsum_sublayer(
                prefix, name, shape, equation, partial, bias_axes if use_bias else None
            )

        weights, projected = project("query", query, key_dim)
        weights += project("key", key, key_dim)[0]
        if resolved(self.use_gate, "use_gate"):
            weights += project("gate", query, value_dim)[0]
        weights += project("value", value, value_dim)[0]
        self._check_attention_axes(len(value) + 1)
        _check_unit_interval(self.dropout, "rate")  # the Dropout sublayer's own check
        projection = resolved(self.projection_shape, "output_shape")
        target = list(projection) if projection else [query[-1]]  # type: ignore[call-overload]
        equation, bias_axes, rank = projection_equation(len(query) - 1, 2, len(target))
        combined = (*projected[:-1], value_dim)
        made, _ = einsum_sublayer(
            prefix,
            "attention_output",
            combined,
            equation,
            partial_output(rank - 1, target),
            bias_axes if use_bias else None,
        )
        return weights + made

    def _check_attention_axes(self, rank: int) -> None:
        """``_build_attention``: the axes index a range of ``rank`` (numpy's delete refuses others)."""
        axes = self.attention_axes
        if axes is None or (not axes and not isinstance(axes, Unknown)):
            return
        if isinstance(axes, Unknown):
            raise Unresolved(f"`attention_axes` is unknown: {axes.reason}", axes.position)
        for axis in axes:  # type: ignore[attr-defined]
            if not isinstance(axis, int):
                raise Unresolved(f"`attention_axes` holds {axis!r}, not an integer")
            normalized = axis if axis >= 0 else (rank - 1) + axis
            if not -rank <= normalized < rank:
                raise KerasError(f"index {normalized} is out of bounds for axis 0 with size {rank}")


def _output_shape_arg(value: object) -> tuple[Dim, ...] | Unknown | None:
    """MultiHeadAttention's ``output_shape``: an int or a sequence of sizes, or None."""
    if isinstance(value, Unknown):
        return value
    if not value:
        return None
    if isinstance(value, (int, Poly)):
        return (value,)
    if isinstance(value, str):
        value = tuple(value)  # Keras's ``tuple(output_shape)``; the letters fail at build
    if not isinstance(value, (list, tuple)):
        raise KerasError(
            f"Invalid `output_shape`: {value!r}. When specified, the `output_shape` should be "
            "of type tuple, list, or int."
        )
    return tuple(d.as_symbol("output_shape") if isinstance(d, Unknown) else d for d in value)


@register
class GroupQueryAttention(_ProjectingAttention):
    # Keras exports the class GroupedQueryAttention as GroupQueryAttention; summaries print the former.
    keras_name = "GroupedQueryAttention"
    aliases = ("GroupQueryAttention",)
    class_name_exported = False

    def __init__(
        self,
        head_dim: object,
        num_query_heads: object,
        num_key_value_heads: object,
        dropout: object = 0.0,
        use_bias: object = True,
        sliding_window: object = None,
        flash_attention: object = None,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        use_gate: object = False,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.head_dim = _size(head_dim, "head_dim")
        self.num_query_heads = _size(num_query_heads, "num_query_heads")
        self.num_key_value_heads = _size(num_key_value_heads, "num_key_value_heads")
        q, kv = self.num_query_heads, self.num_key_value_heads
        if not (isinstance(q, int) and isinstance(kv, int)):
            raise Unresolved(
                "Keras checks that `num_query_heads` is a multiple of `num_key_value_heads`, "
                f"and {q} or {kv} is not known"
            )
        if kv == 0:
            raise KerasError("integer modulo by zero")
        if q % kv != 0:
            raise KerasError("`num_query_heads` must be divisible by `num_key_value_heads`.")
        self.dropout = dropout
        self.use_bias = use_bias
        self.use_gate = use_gate
        _check_sliding_window(sliding_window)
        _check_flash_dropout(flash_attention, dropout)

    def apply_call(
        self, inputs: Mapping[str, CallShape], options: Mapping[str, object]
    ) -> tuple[list[Shape], list[Weight]]:
        self.check_call_keywords(options)
        query, value, key_given = _tensor_shapes(self, inputs)
        key = value if key_given is None else key_given
        weights = self._build(query, value, key)
        # compute_output_shape
        if dims_differ(dim_at(query, -1), dim_at(value, -1), "query and value widths"):
            raise KerasError(
                "The last dimension of `query_shape` and `value_shape` must be equal, but are "
                f"{query[-1]}, {value[-1]}. Received: query_shape={format_shape(query)}, "
                f"value_shape={format_shape(value)}"
            )
        _same_but_last(value, key)
        outputs = [query]
        if scores_wanted(options):
            source = dim_at(value if key_given is None else key, 1)
            outputs.append((query[0], self.num_query_heads, dim_at(query, 1), source))
        return outputs, self.with_dtype(weights)

    def _build(self, query: Shape, value: Shape, key: Shape) -> list[Weight]:
        prefix = prefix_name(self, "grouped_query_attention")
        use_bias = bool(resolved(self.use_bias, "use_bias"))
        q_heads, kv_heads, head = self.num_query_heads, self.num_key_value_heads, self.head_dim

        def project(name: str, shape: Shape, equation: str, heads: Dim, axes: str) -> list[Weight]:
            made, _ = einsum_sublayer(
                prefix, name, shape, equation, (None, heads, head), axes if use_bias else None
            )
            return made

        weights = project("query", query, "bqm,muh->bquh", q_heads, "uh")
        weights += project("key", key, "bkm,mvh->bkvh", kv_heads, "vh")
        if resolved(self.use_gate, "use_gate"):
            weights += project("gate", query, "bqm,muh->bquh", q_heads, "uh")
        weights += project("value", value, "bkm,mvh->bkvh", kv_heads, "vh")
        _check_unit_interval(self.dropout, "rate")
        made, _ = einsum_sublayer(
            prefix,
            "attention_output",
            (None, None, q_heads, head),
            "bquh,uhm->bqm",
            (None, dim_at(query, -1)),
            "m" if use_bias else None,
        )
        return weights + made


def _size(value: object, name: str) -> Dim:
    """A size GroupQueryAttention takes as it is (it checks none); unknown: a symbol."""
    if isinstance(value, Unknown):
        return value.as_symbol(name)
    if isinstance(value, Poly) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise Unresolved(f"`{name}` is {value!r}, not a size paramlint can follow")
