"""Recurrent layers: RNN, SimpleRNN, LSTM, GRU (keras/src/layers/rnn/).

Each Keras recurrent layer is an ``RNN`` around a cell (rnn_cells.py): the cell owns the weights
(``kernel``, ``recurrent_kernel``, ``bias``) and ``RNN`` owns the sequence arguments
(``return_sequences``, ``return_state``, ``go_backwards``, ``stateful``, ``unroll``).
:class:`RecurrentSpec` is that ``RNN`` half; SimpleRNN, LSTM and GRU build their own cell from
their arguments (with the layer's ``dtype`` and ``trainable``, as Keras does), and ``RNN(cell)``
takes one, or a list of cells that it stacks in ``StackedRNNCells``.

Several outputs: with ``return_state=True`` Keras returns ``[output, *states]``. A spec's
``output_shape`` (and so ``apply``) answers the *first* output, the one a following layer in a
Sequential model would receive; ``output_shapes`` lists every output in Keras's order and
``output_count`` says how many there are, so a caller can tell a multi-output layer apart.
"""

from __future__ import annotations

from ..dims import Shape, format_shape
from ..values import Unknown
from .base import KerasError, LayerSpec, Unresolved, Weight, flag, resolved
from .registry import register
from .rnn_cells import (
    GRUCell,
    LSTMCell,
    RecurrentCell,
    SimpleRNNCell,
    StackedRNNCells,
    flat_state_sizes,
    recurrent_cell,
)


class RecurrentSpec(LayerSpec):
    """Keras's ``RNN``: a cell looped over the time axis, and the outputs that gives."""

    cell: RecurrentCell

    def _rnn_setup(
        self,
        cell: RecurrentCell,
        *,
        return_sequences: object,
        return_state: object,
        go_backwards: object,
        stateful: object,
        unroll: object,
        zero_output_for_mask: object = False,
        kwargs: dict[str, object],
    ) -> None:
        super().__init__(**kwargs)
        self.cell = cell
        self.zero_output_for_mask = zero_output_for_mask
        self.return_sequences = flag(return_sequences, "return_sequences")
        self.return_state = flag(return_state, "return_state")
        self.go_backwards = flag(go_backwards, "go_backwards")
        self.stateful = flag(stateful, "stateful")
        self.unroll = flag(unroll, "unroll")

    # -- outputs -----------------------------------------------------------------------------
    @staticmethod
    def step_shape(input_shape: Shape) -> Shape:
        """One time step's shape, the one the cell is built on: the input without its time axis."""
        return (input_shape[0], *input_shape[2:])

    def output_shape(self, input_shape: Shape) -> Shape:
        """The first output: the last step ``(batch, units)`` or the sequence ``(batch, time, units)``."""
        batch, length = input_shape[0], input_shape[1]
        size = self.cell.output_size()
        if resolved(self.return_sequences, "return_sequences"):
            return (batch, length, size)
        return (batch, size)

    def state_shapes(self, input_shape: Shape) -> tuple[Shape, ...]:
        sizes = flat_state_sizes(self.cell.state_size())
        return tuple((input_shape[0], size) for size in sizes)

    def output_shapes(self, input_shape: Shape) -> tuple[Shape, ...]:
        """Every output Keras returns: ``(output,)``, or ``(output, *states)`` with return_state."""
        first = self.output_shape(input_shape)
        if resolved(self.return_state, "return_state"):
            state_size = self.cell.state_size()
            if isinstance(state_size, list) and any(isinstance(s, list) for s in state_size):
                # Stacked cells return their states nested, ``[output, [h1, c1], h2]``; a list
                # of tensors flat would unpack differently from Keras's, so it stays unknown.
                raise Unresolved(
                    "with return_state, stacked cells return nested states ([h, c] per LSTM "
                    "cell); paramlint does not follow nested outputs"
                )
            return (first, *self.state_shapes(input_shape))
        return (first,)

    def output_count(self, input_shape: Shape) -> int:
        return len(self.output_shapes(input_shape))

    # -- weights -----------------------------------------------------------------------------
    def _check_stateful(self, input_shape: Shape) -> None:
        if resolved(self.stateful, "stateful") and input_shape[0] is None:
            raise KerasError(
                "When using `stateful=True` in a RNN, the batch size must be static. Found dynamic "
                f"batch size: sequence.shape={format_shape(input_shape)}"
            )

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        self._check_stateful(input_shape)
        return self.cell.build_weights(self.step_shape(input_shape))


def _check_use_cudnn(use_cudnn: object) -> object:
    if not isinstance(use_cudnn, Unknown) and use_cudnn not in ("auto", True, False):
        raise KerasError(
            "Invalid valid received for argument `use_cudnn`. Expected one of "
            f"{{'auto', True, False}}. Received: use_cudnn={use_cudnn}"
        )
    return use_cudnn


def _cell_flags(kwargs: dict[str, object]) -> dict[str, object]:
    """What SimpleRNN, LSTM and GRU hand their cell from their own keywords."""
    return {"dtype": kwargs.get("dtype"), "trainable": kwargs.get("trainable", True)}


@register
class RNN(RecurrentSpec):
    """``RNN(cell)``: the cell's weights with the cell's own ``trainable`` and ``dtype``.

    Keras gives ``RNN`` no InputSpec: the step is the input without its time axis, whatever the
    rank, and the cell is built on it; a sequence needs a time axis, so rank 3 at least.
    """

    input_min_ndim = 3
    declares_input_spec = False  # RNN sets input_spec = None

    def __init__(
        self,
        cell: object,
        return_sequences: object = False,
        return_state: object = False,
        go_backwards: object = False,
        stateful: object = False,
        unroll: object = False,
        zero_output_for_mask: object = False,
        **kwargs: object,
    ) -> None:
        if isinstance(cell, (list, tuple)):
            spec: RecurrentCell = StackedRNNCells(cell)
        else:
            spec = recurrent_cell(cell, "RNN")
        self._rnn_setup(
            spec,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            zero_output_for_mask=zero_output_for_mask,
            kwargs=kwargs,
        )

    def weights(self, input_shape: Shape) -> list[Weight]:
        """The cell built its weights with its own flags; the RNN's ``trainable`` does not reach them."""
        self._check_stateful(input_shape)
        return self.cell.step_weights(self.step_shape(input_shape))


@register
class SimpleRNN(RecurrentSpec):
    input_ndim = 3

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
        cell = SimpleRNNCell(units, activation=activation, use_bias=use_bias, **_cell_flags(kwargs))
        # Keras's SimpleRNN accepts activity_regularizer but does not pass it on.
        self._rnn_setup(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            zero_output_for_mask=kwargs.pop("zero_output_for_mask", False),
            kwargs=kwargs,
        )


@register
class LSTM(RecurrentSpec):
    input_ndim = 3

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
        cell = LSTMCell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            unit_forget_bias=unit_forget_bias,
            implementation=kwargs.pop("implementation", 2),
            **_cell_flags(kwargs),
        )
        self._rnn_setup(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            zero_output_for_mask=kwargs.pop("zero_output_for_mask", False),
            kwargs={"activity_regularizer": activity_regularizer, **kwargs},
        )
        self.use_cudnn = _check_use_cudnn(use_cudnn)


@register
class GRU(RecurrentSpec):
    input_ndim = 3

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
        cell = GRUCell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            reset_after=reset_after,
            implementation=kwargs.pop("implementation", 2),
            **_cell_flags(kwargs),
        )
        self._rnn_setup(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            zero_output_for_mask=kwargs.pop("zero_output_for_mask", False),
            kwargs={"activity_regularizer": activity_regularizer, **kwargs},
        )
        self.use_cudnn = _check_use_cudnn(use_cudnn)
