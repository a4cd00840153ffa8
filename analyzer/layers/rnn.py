"""Recurrent layers: SimpleRNN, LSTM, GRU (keras/src/layers/rnn/).

Each Keras recurrent layer is an ``RNN`` around a cell; the cell owns the weights (``kernel``,
``recurrent_kernel``, ``bias``) and ``RNN`` owns the sequence arguments (``return_sequences``,
``return_state``, ``go_backwards``, ``stateful``, ``unroll``). :class:`RecurrentSpec` holds both
halves; the three layers differ only in their gate count, state count, bias shape and signature.

Several outputs: with ``return_state=True`` Keras returns ``[output, *states]``. A spec's
``output_shape`` (and so ``apply``) answers the *first* output, the one a following layer in a
Sequential model would receive; ``output_shapes`` lists every output in Keras's order and
``output_count`` says how many there are, so a caller can tell a multi-output layer apart.
"""

from __future__ import annotations

from typing import ClassVar

from ..dims import Poly, Shape, format_shape
from ..values import Unknown
from .base import KerasError, LayerSpec, Weight, check_activation, dim_value, flag, resolved
from .registry import register


class RecurrentSpec(LayerSpec):
    """The ``RNN`` wrapper and its cell: shared arguments, output shapes and weights."""

    input_ndim = 3
    # How many blocks of ``units`` columns the kernels hold (one per gate).
    gates: ClassVar[int] = 1
    # How many state tensors the cell carries (LSTM: h and c).
    state_count: ClassVar[int] = 1

    def _setup(
        self,
        *,
        units: object,
        activation: object,
        recurrent_activation: object,
        use_bias: object,
        return_sequences: object,
        return_state: object,
        go_backwards: object,
        stateful: object,
        unroll: object,
        kwargs: dict[str, object],
    ) -> None:
        """The checks Keras's cell and ``RNN`` constructors make, in their order."""
        self.units = _size(units, "units")
        self.activation = check_activation(activation)
        self.recurrent_activation = check_activation(recurrent_activation)
        self.use_bias = flag(use_bias, "use_bias")
        self.zero_output_for_mask = kwargs.pop("zero_output_for_mask", False)  # RNN's own argument
        super().__init__(**kwargs)
        self.return_sequences = flag(return_sequences, "return_sequences")
        self.return_state = flag(return_state, "return_state")
        self.go_backwards = flag(go_backwards, "go_backwards")
        self.stateful = flag(stateful, "stateful")
        self.unroll = flag(unroll, "unroll")

    # -- outputs -----------------------------------------------------------------------------
    def output_shape(self, input_shape: Shape) -> Shape:
        """The first output: the last step ``(batch, units)`` or the sequence ``(batch, time, units)``."""
        batch, length = input_shape[0], input_shape[1]
        if resolved(self.return_sequences, "return_sequences"):
            return (batch, length, self.units)
        return (batch, self.units)

    def state_shapes(self, input_shape: Shape) -> tuple[Shape, ...]:
        return ((input_shape[0], self.units),) * self.state_count

    def output_shapes(self, input_shape: Shape) -> tuple[Shape, ...]:
        """Every output Keras returns: ``(output,)``, or ``(output, *states)`` with return_state."""
        first = self.output_shape(input_shape)
        if resolved(self.return_state, "return_state"):
            return (first, *self.state_shapes(input_shape))
        return (first,)

    def output_count(self, input_shape: Shape) -> int:
        return len(self.output_shapes(input_shape))

    # -- weights -----------------------------------------------------------------------------
    def bias_shape(self) -> Shape:
        return (self.gates * self.units,)

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        if resolved(self.stateful, "stateful") and input_shape[0] is None:
            raise KerasError(
                "When using `stateful=True` in a RNN, the batch size must be static. Found dynamic "
                f"batch size: sequence.shape={format_shape(input_shape)}"
            )
        input_dim = input_shape[-1]
        if input_dim is None:
            raise KerasError(
                "Shapes used to initialize variables must be fully-defined (no `None` "
                f"dimensions). Received: shape=(None, {self.gates * self.units}) for the kernel"
            )
        width = self.gates * self.units
        weights = [
            Weight("kernel", (input_dim, width), True),
            Weight("recurrent_kernel", (self.units, width), True),
        ]
        if resolved(self.use_bias, "use_bias"):
            weights.append(Weight("bias", self.bias_shape(), True))
        return weights


def _size(value: object, name: str) -> int | Poly:
    size = dim_value(value, name)
    if size is None:  # dim_value returns None only when allow_none is set
        raise KerasError(f"`{name}` must be a positive integer. Received: {name}=None")
    return size


def _check_use_cudnn(use_cudnn: object) -> object:
    if not isinstance(use_cudnn, Unknown) and use_cudnn not in ("auto", True, False):
        raise KerasError(
            "Invalid valid received for argument `use_cudnn`. Expected one of "
            f"{{'auto', True, False}}. Received: use_cudnn={use_cudnn}"
        )
    return use_cudnn


@register
class SimpleRNN(RecurrentSpec):
    gates = 1
    state_count = 1

    def __init__(
        self,
        units: object,
        activation: object = "tanh",
        use_bias: object = True,
        kernel_initializer: object = "glorot_uniform",
        recurrent_initializer: object = "orthogonal",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        recurrent_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        recurrent_constraint: object = None,
        bias_constraint: object = None,
        dropout: object = 0.0,
        recurrent_dropout: object = 0.0,
        return_sequences: object = False,
        return_state: object = False,
        go_backwards: object = False,
        stateful: object = False,
        unroll: object = False,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        # Keras's SimpleRNN accepts activity_regularizer but does not pass it on.
        self._setup(
            units=units,
            activation=activation,
            recurrent_activation=None,
            use_bias=use_bias,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            kwargs=kwargs,
        )


@register
class LSTM(RecurrentSpec):
    gates = 4
    state_count = 2  # hidden state h and carry c

    def __init__(
        self,
        units: object,
        activation: object = "tanh",
        recurrent_activation: object = "sigmoid",
        use_bias: object = True,
        kernel_initializer: object = "glorot_uniform",
        recurrent_initializer: object = "orthogonal",
        bias_initializer: object = "zeros",
        unit_forget_bias: object = True,
        kernel_regularizer: object = None,
        recurrent_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        recurrent_constraint: object = None,
        bias_constraint: object = None,
        dropout: object = 0.0,
        recurrent_dropout: object = 0.0,
        seed: object = None,
        return_sequences: object = False,
        return_state: object = False,
        go_backwards: object = False,
        stateful: object = False,
        unroll: object = False,
        use_cudnn: object = "auto",
        **kwargs: object,
    ) -> None:
        self.implementation = kwargs.pop("implementation", 2)
        self._setup(
            units=units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            kwargs={"activity_regularizer": activity_regularizer, **kwargs},
        )
        self.unit_forget_bias = unit_forget_bias  # changes the bias's initial values, not its shape
        self.use_cudnn = _check_use_cudnn(use_cudnn)


@register
class GRU(RecurrentSpec):
    gates = 3
    state_count = 1

    def __init__(
        self,
        units: object,
        activation: object = "tanh",
        recurrent_activation: object = "sigmoid",
        use_bias: object = True,
        kernel_initializer: object = "glorot_uniform",
        recurrent_initializer: object = "orthogonal",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        recurrent_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        recurrent_constraint: object = None,
        bias_constraint: object = None,
        dropout: object = 0.0,
        recurrent_dropout: object = 0.0,
        seed: object = None,
        return_sequences: object = False,
        return_state: object = False,
        go_backwards: object = False,
        stateful: object = False,
        unroll: object = False,
        reset_after: object = True,
        use_cudnn: object = "auto",
        **kwargs: object,
    ) -> None:
        self.implementation = kwargs.pop("implementation", 2)
        self._setup(
            units=units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            kwargs={"activity_regularizer": activity_regularizer, **kwargs},
        )
        self.reset_after = flag(reset_after, "reset_after")
        self.use_cudnn = _check_use_cudnn(use_cudnn)

    def bias_shape(self) -> Shape:
        width = 3 * self.units
        if resolved(self.reset_after, "reset_after"):
            return (2, width)  # separate input and recurrent biases
        return (width,)
