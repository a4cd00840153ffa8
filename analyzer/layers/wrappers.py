"""Layer wrappers: Bidirectional, TimeDistributed, SpectralNormalization and Pipeline
(keras/src/layers/rnn/, core/wrapper.py, normalization/, preprocessing/pipeline.py).

A wrapper's argument arrives as an already-built spec. The wrapped layers own the weights, and they
keep their own ``trainable`` and ``dtype``: Keras 3 builds the inner layers with their own flags, so
``Bidirectional(LSTM(4), trainable=False)`` still reports six trainable variables (and its summary
counts them as trainable). The wrapper's own ``trainable`` and ``dtype`` therefore change nothing.
Weight names are Keras's ``w.name``, the last path component: ``kernel``, ``recurrent_kernel`` and
``bias`` twice for a Bidirectional LSTM (``.../forward_lstm/lstm_cell/kernel`` and
``.../backward_lstm/lstm_cell/kernel``).

``output_shapes``/``output_count`` follow rnn.py's convention: ``output_shape`` is the first output.
"""

from __future__ import annotations

from ..dims import Shape, format_shape
from ..values import Unknown
from .base import KerasError, LayerSpec, Unresolved, Weight, wrapped_layer
from .registry import register
from .rnn import RecurrentSpec

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


def _recurrent(spec: LayerSpec, role: str) -> RecurrentSpec:
    """The layer Bidirectional wraps, which must be recurrent.

    Keras rebuilds it from its config with ``go_backwards`` set, which fails for any other layer.
    """
    if not isinstance(spec, RecurrentSpec):
        raise KerasError(
            f"`Bidirectional` needs a recurrent layer; {role} is a {spec.class_name()}, which has "
            "no `go_backwards` argument."
        )
    return spec


class WrapperSpec(LayerSpec):
    """A layer around other layers: the weights are the inner layers' own, flags included."""

    def inner_weights(self, input_shape: Shape) -> list[Weight]:
        raise NotImplementedError

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        return self.inner_weights(input_shape)

    def weights(self, input_shape: Shape) -> list[Weight]:
        """The inner layers' weights as they are: the wrapper's ``trainable``/``dtype`` don't apply."""
        return self.inner_weights(input_shape)


@register
class Bidirectional(WrapperSpec):
    def input_rank(self) -> tuple[int, bool] | None:
        return self.layer.input_rank()

    def has_input_spec(self) -> bool:
        return self.layer.has_input_spec()  # Keras takes the wrapped layer's input_spec

    def __init__(
        self,
        layer: object,
        merge_mode: object = "concat",
        weights: object = None,
        backward_layer: object = None,
        **kwargs: object,
    ) -> None:
        forward = wrapped_layer(layer, "Bidirectional")
        backward = None
        if backward_layer is not None:
            backward = wrapped_layer(backward_layer, "Bidirectional", "backward_layer")
        if not isinstance(merge_mode, Unknown) and merge_mode not in _MERGE_MODES:
            raise KerasError(
                f"Invalid merge mode. Received: {merge_mode}. Merge mode should be one of "
                '{"sum", "mul", "ave", "concat", None}'
            )
        super().__init__(**kwargs)
        self.layer = _recurrent(forward, "layer")
        self.backward_layer = None if backward is None else _recurrent(backward, "backward_layer")
        self.merge_mode = merge_mode
        self._verify_layer_config()

    def _verify_layer_config(self) -> None:
        """Keras's check that the two directions agree, skipped where a flag is unknown."""
        forward, backward = self.layer, self.backward_layer
        backward_go = True if backward is None else backward.go_backwards
        pairs = [("go_backwards", forward.go_backwards, backward_go)]
        if backward is not None:
            pairs += [
                (name, getattr(forward, name), getattr(backward, name))
                for name in ("stateful", "return_sequences", "return_state")
            ]
        for name, forward_value, backward_value in pairs:
            if isinstance(forward_value, Unknown) or isinstance(backward_value, Unknown):
                continue
            if name == "go_backwards" and forward_value == backward_value:
                raise KerasError(
                    "Forward layer and backward layer should have different `go_backwards` "
                    f"value. Received: forward_layer.go_backwards {forward_value}, "
                    f"backward_layer.go_backwards={backward_value}"
                )
            if name != "go_backwards" and forward_value != backward_value:
                raise KerasError(
                    "Forward layer and backward layer are expected to have the same value for "
                    f'attribute "{name}", got "{forward_value}" for forward layer and '
                    f'"{backward_value}" for backward layer'
                )

    def check_input_rank(self, input_shape: Shape) -> None:
        self.layer.check_input_rank(input_shape)  # Keras takes the wrapped layer's input_spec

    def output_shapes(self, input_shape: Shape) -> tuple[Shape, ...]:
        """Keras's ``compute_output_shape``: from the forward layer alone, whatever the backward is."""
        forward = self.layer.output_shapes(input_shape)
        output, states = forward[0], forward[1:]
        merge_mode = self.merge_mode
        if isinstance(merge_mode, Unknown):
            raise Unresolved(f"`merge_mode` is unknown: {merge_mode.reason}", merge_mode.position)
        last = output[-1]
        if merge_mode == "concat" and last is not None:
            output = (*output[:-1], last * 2)
        outputs = (output, output) if merge_mode is None else (output,)
        return (*outputs, *states, *states)

    def output_shape(self, input_shape: Shape) -> Shape:
        return self.output_shapes(input_shape)[0]

    def output_count(self, input_shape: Shape) -> int:
        return len(self.output_shapes(input_shape))

    def inner_weights(self, input_shape: Shape) -> list[Weight]:
        backward = self.backward_layer or self.layer  # the default backward copies the forward
        return self.layer.weights(input_shape) + backward.weights(input_shape)


@register
class TimeDistributed(WrapperSpec):
    def input_rank(self) -> tuple[int, bool] | None:
        inner = self.layer.input_rank()
        return None if inner is None else (inner[0] + 1, inner[1])

    def __init__(self, layer: object, **kwargs: object) -> None:
        self.layer = wrapped_layer(layer, "TimeDistributed")
        super().__init__(**kwargs)

    @staticmethod
    def child_shape(input_shape: Shape) -> Shape:
        """The shape each time step has: the input without its time axis."""
        if len(input_shape) < 3:
            raise KerasError(
                "`TimeDistributed` Layer should be passed an `input_shape` with at least 3 "
                f"dimensions, received: {format_shape(input_shape)}"
            )
        return (input_shape[0], *input_shape[2:])

    def _check_single_output(self, child: Shape) -> None:
        count = getattr(self.layer, "output_count", None)
        if callable(count) and count(child) != 1:
            raise KerasError(
                f"`TimeDistributed` cannot wrap {self.layer.class_name()} here: it returns "
                f"{count(child)} tensors, and TimeDistributed handles a single output."
            )

    @staticmethod
    def _with_time(input_shape: Shape, child_output: Shape) -> Shape:
        return (child_output[0], input_shape[1], *child_output[1:])

    def apply(self, input_shape: Shape) -> tuple[Shape, list[Weight]]:
        child = self.child_shape(input_shape)
        self._check_single_output(child)
        child_output, weights = self.layer.apply(child)
        return self._with_time(input_shape, child_output), weights

    def output_shape(self, input_shape: Shape) -> Shape:
        child = self.child_shape(input_shape)
        self._check_single_output(child)
        return self._with_time(input_shape, self.layer.output_shape(child))

    def inner_weights(self, input_shape: Shape) -> list[Weight]:
        return self.layer.weights(self.child_shape(input_shape))


@register
class SpectralNormalization(WrapperSpec):
    """The wrapped layer's weights, plus ``vector_u`` ``(1, kernel.shape[-1])``, non-trainable.

    Keras normalises the layer's ``kernel`` (or ``embeddings``); a layer with neither raises.
    """

    def __init__(self, layer: object, power_iterations: object = 1, **kwargs: object) -> None:
        self.layer = wrapped_layer(layer, "SpectralNormalization")
        super().__init__(**kwargs)
        if isinstance(power_iterations, (int, float)) and power_iterations <= 0:
            raise KerasError(
                "`power_iterations` should be greater than zero. Received: "
                f"`power_iterations={power_iterations}`"
            )
        self.power_iterations = power_iterations

    def input_rank(self) -> tuple[int, bool] | None:
        return self.layer.input_rank()

    def check_input_rank(self, input_shape: Shape) -> None:
        self.layer.check_input_rank(input_shape)

    def output_shape(self, input_shape: Shape) -> Shape:
        return self.layer.output_shape(input_shape)

    def inner_weights(self, input_shape: Shape) -> list[Weight]:
        weights = self.layer.weights(input_shape)
        if isinstance(self.layer, (RecurrentSpec, WrapperSpec)):
            kernel = None  # the kernel belongs to a cell or an inner layer, not to this layer
        else:
            kernel = next((w for w in weights if w.name in ("kernel", "embeddings")), None)
        if kernel is None:
            raise KerasError(
                f"{self.layer.class_name()} object has no attribute 'kernel' nor 'embeddings'"
            )
        vector_u = Weight("vector_u", (1, kernel.shape[-1]), False, kernel.dtype, fixed_dtype=True)
        return [*weights, vector_u]


@register
class Pipeline(WrapperSpec):
    """Its layers applied one after the other, each with its own weights and flags.

    Keras traces the layers' ``call`` to find the shape (Pipeline has no ``compute_output_shape``);
    the specs answer with each layer's ``compute_output_shape``, which agree for valid inputs.
    """

    def __init__(self, layers: object, name: object = None) -> None:
        super().__init__(name=name)
        if isinstance(layers, Unknown):
            raise Unresolved(f"the Pipeline's layers are unknown: {layers.reason}", layers.position)
        if not isinstance(layers, (list, tuple)):
            raise KerasError(f"'{type(layers).__name__}' object is not iterable")
        if not layers:  # Keras's call then returns a variable it never set
            raise KerasError("cannot access local variable 'outputs' where it is not associated")
        self.layers = [wrapped_layer(layer, "Pipeline", "layers") for layer in layers]

    def apply(self, input_shape: Shape) -> tuple[Shape, list[Weight]]:
        weights: list[Weight] = []
        for layer in self.layers:
            input_shape, own = layer.apply(input_shape)
            weights += own
        return input_shape, weights

    def output_shape(self, input_shape: Shape) -> Shape:
        return self.apply(input_shape)[0]

    def inner_weights(self, input_shape: Shape) -> list[Weight]:
        return self.apply(input_shape)[1]
