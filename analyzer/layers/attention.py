"""Attention and AdditiveAttention (keras/src/layers/attention/attention.py,
additive_attention.py), and the call helpers the attention layers share.

Both take a list ``[query, value]`` or ``[query, value, key]`` as ``inputs`` and answer through
:meth:`LayerSpec.apply_call`. What a functional call reports is what Keras's ``build`` and
``compute_output_spec`` say (the call is not traced): the output is ``(*query[:-1], value[-1])``
and the scores ``(*query[:-1], key[-2])``; the query's and key's widths are not compared.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..dims import Dim, Shape
from ..values import Unknown
from .base import (
    CallShape,
    KerasError,
    LayerSpec,
    UndefinedDimensionError,
    Weight,
    render_call_shape,
    resolved,
)
from .registry import register


def dim_at(shape: Shape, position: int) -> Dim:
    try:
        return shape[position]
    except IndexError:
        raise KerasError("tuple index out of range") from None


def scores_wanted(options: Mapping[str, object]) -> bool:
    return bool(resolved(options.get("return_attention_scores", False), "return_attention_scores"))


def prefix_name(spec: LayerSpec, default: str) -> str:
    return spec.name if isinstance(spec.name, str) else default


# -- Attention and AdditiveAttention ----------------------------------------------------------


@register
class Attention(LayerSpec):
    """Luong-style attention on ``[query, value]`` or ``[query, value, key]``."""

    call_parameters = ("mask", "training", "return_attention_scores", "use_causal_mask")

    def __init__(
        self,
        use_scale: object = False,
        score_mode: object = "dot",
        dropout: object = 0.0,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.use_scale = use_scale
        self.score_mode = score_mode
        self.dropout = dropout
        if not isinstance(score_mode, Unknown) and score_mode not in ("dot", "concat"):
            raise KerasError(
                "Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. "
                f"Received: score_mode={score_mode}"
            )

    def _validate(self, value: CallShape | object, what: str = "inputs") -> list[Shape]:
        name = self.class_name()
        if not isinstance(value, list):
            rendered = render_call_shape(value) if isinstance(value, tuple) else repr(value)
            raise KerasError(
                f"{name} layer must be called on a list of inputs, namely [query, value] or "
                f"[query, value, key]. Received: inputs={rendered}."
            )
        if not 2 <= len(value) <= 3:
            raise KerasError(
                f"{name} layer accepts inputs list of length 2 or 3, namely [query, value] or "
                f"[query, value, key]. Received length: {len(value)}."
            )
        return value

    def _validate_mask(self, mask: object) -> None:
        if mask is None or isinstance(mask, Unknown):
            return
        name = self.class_name()
        if not isinstance(mask, list):
            raise KerasError(
                f"{name} layer mask must be a list, namely [query_mask, value_mask]. "
                f"Received: mask={mask!r}."
            )
        if not 2 <= len(mask) <= 3:
            raise KerasError(f"{name} layer accepts mask list of length 2 or 3.")

    def apply(self, input_shape: Shape) -> tuple[Shape, list[Weight]]:
        self._validate(input_shape)  # one tensor: Keras asks for a list
        raise AssertionError("unreachable")

    def output_shape(self, input_shape: Shape) -> Shape:
        return self.apply(input_shape)[0]

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        weights = []
        if resolved(self.use_scale, "use_scale"):
            weights.append(Weight("scale", (), True))
        if resolved(self.score_mode, "score_mode") == "concat":
            weights.append(Weight("concat_score_weight", (), True))
        return weights

    def call_weights(self, shapes: list[Shape]) -> list[Weight]:
        return self.weights(shapes[0])

    def apply_call(
        self, inputs: Mapping[str, CallShape], options: Mapping[str, object]
    ) -> tuple[list[Shape], list[Weight]]:
        self.check_call_keywords(options)
        if "inputs" not in inputs:
            raise KerasError("missing a required argument: 'inputs'")
        shapes = self._validate(inputs["inputs"])
        weights = self.call_weights(shapes)
        self._validate_mask(options.get("mask"))
        query, value = shapes[0], shapes[1]
        key = shapes[2] if len(shapes) > 2 else value
        outputs = [(*query[:-1], dim_at(value, -1))]
        if scores_wanted(options):
            outputs.append((*query[:-1], dim_at(key, -2)))
        return outputs, weights


@register
class AdditiveAttention(Attention):
    """Bahdanau-style attention: its scale is a vector as wide as the query."""

    def __init__(self, use_scale: object = True, dropout: object = 0.0, **kwargs: object) -> None:
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def call_weights(self, shapes: list[Shape]) -> list[Weight]:
        width = dim_at(shapes[0], -1)
        weights = self.weights((width,))
        if weights and width is None:
            raise UndefinedDimensionError(
                "Shapes used to initialize variables must be fully-defined (no `None` "
                "dimensions). Received: shape=(None,) for variable path="
                f"'{prefix_name(self, 'additive_attention')}/scale'"
            )
        return weights

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        if resolved(self.use_scale, "use_scale"):
            return [Weight("scale", input_shape, True)]
        return []
