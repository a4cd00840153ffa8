"""Convolutional LSTMs: ConvLSTM1D, ConvLSTM2D, ConvLSTM3D (keras/src/layers/rnn/conv_lstm*.py).

Keras's ``ConvLSTM`` is an ``RNN`` around a ``ConvLSTMCell``: an LSTM whose input and recurrent
transformations are convolutions. The cell owns the weights (``kernel`` over the input channels,
``recurrent_kernel`` over the ``filters`` of the state, both with ``4 * filters`` outputs, and a
``4 * filters`` bias); each state is the cell's convolution output on one step. Keras builds the
cell with the layer's ``dtype`` but not its ``trainable`` flag, so the variables stay trainable.
"""

from __future__ import annotations

from typing import ClassVar

from ..dims import Dim, Shape, format_shape
from ..shapes import channel_axis, compute_conv_output_shape, spatial_axes
from .base import (
    KerasError,
    UndefinedDimensionError,
    Weight,
    check_activation,
    dim_value,
    flag,
    int_tuple,
    resolved,
)
from .base import data_format as standardize_data_format
from .conv import _padding
from .registry import register
from .rnn import RecurrentSpec
from .rnn_cells import RecurrentCell, StateSize


class ConvLSTMCell(RecurrentCell):
    """One step of a ConvLSTM (not exported by ``keras.layers``: only the layers use it)."""

    def __init__(
        self,
        rank: int,
        filters: object,
        kernel_size: object,
        strides: object = 1,
        padding: object = "valid",
        data_format: object = None,
        dilation_rate: object = 1,
        activation: object = "tanh",
        recurrent_activation: object = "sigmoid",
        use_bias: object = True,
        unit_forget_bias: object = True,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.rank = rank
        self.filters = dim_value(filters, "filters")
        self.kernel_size = int_tuple(kernel_size, rank, "kernel_size")
        self.strides = int_tuple(strides, rank, "strides", allow_zero=True)
        self.padding = _padding(padding)
        self.data_format = standardize_data_format(data_format)
        self.dilation_rate = int_tuple(dilation_rate, rank, "dilation_rate")
        if any(isinstance(s, int) and s > 1 for s in self.strides) and any(
            isinstance(d, int) and d > 1 for d in self.dilation_rate
        ):
            raise KerasError(
                "Specifying `strides > 1` is not compatible with `dilation_rate > 1`. Please "
                "provide `strides=1` or `dilation_rate=1`. Received: "
                f"strides={format_shape(self.strides)} and "
                f"dilation_rate={format_shape(self.dilation_rate)}"
            )
        self.activation = check_activation(activation)
        self.recurrent_activation = check_activation(recurrent_activation)
        self.use_bias = flag(use_bias, "use_bias")
        self.unit_forget_bias = unit_forget_bias  # the bias's initial values, not its shape

    def _format(self) -> str:
        return str(resolved(self.data_format, "data_format"))

    def state_shape(self, step_shape: Shape) -> Shape:
        """The convolution's output on one step, without the batch axis: each state's shape."""
        padding = resolved(self.padding, "padding")
        if not isinstance(padding, str):
            raise KerasError(f"`padding` must be either `'valid'` or `'same'`. Received {padding}.")
        out = compute_conv_output_shape(
            step_shape, self.filters, self.kernel_size, self.strides, padding, self._format(),
            self.dilation_rate,
        )  # fmt: skip
        return out[1:]

    def state_size(self) -> StateSize:
        return [self.filters, self.filters]

    def output_size(self) -> Dim:
        return self.filters

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        fmt = self._format()
        if any(d is None for d in spatial_axes(input_shape, fmt)):
            raise KerasError(
                "ConvLSTM layers only support static input shapes for the spatial dimension. "
                f"Received invalid input shape: input_shape={format_shape(input_shape)}"
            )
        input_dim = channel_axis(input_shape, fmt)
        if input_dim is None:
            raise UndefinedDimensionError(
                "The channel dimension of the inputs (last axis) should be defined. Found None. "
                f"Full input shape received: input_shape={format_shape(input_shape)}"
            )
        width = 4 * self.filters  # type: ignore[operator]
        weights = [
            Weight("kernel", (*self.kernel_size, input_dim, width), True),
            Weight("recurrent_kernel", (*self.kernel_size, self.filters, width), True),
        ]
        if resolved(self.use_bias, "use_bias"):
            weights.append(Weight("bias", (width,), True))
        return weights


class ConvLSTM(RecurrentSpec):
    """Keras's ``ConvLSTM`` base: the cell's arguments, then ``RNN``'s."""

    rank: ClassVar[int]

    def _conv_lstm_setup(self, arguments: dict[str, object], kwargs: dict[str, object]) -> None:
        sequence = {
            name: arguments.pop(name)
            for name in ("return_sequences", "return_state", "go_backwards", "stateful")
        }
        arguments.pop("activity_regularizer", None)  # passed on to the layer, which ignores it
        cell_arguments = {
            name: arguments[name]
            for name in (
                "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                "activation", "recurrent_activation", "use_bias", "unit_forget_bias",
            )
        }  # fmt: skip
        cell = ConvLSTMCell(self.rank, dtype=kwargs.get("dtype"), **cell_arguments)
        self._rnn_setup(
            cell,
            unroll=kwargs.pop("unroll", False),
            zero_output_for_mask=kwargs.pop("zero_output_for_mask", False),
            kwargs=kwargs,
            **sequence,
        )
        self.data_format = cell.data_format

    @property
    def conv_cell(self) -> ConvLSTMCell:
        assert isinstance(self.cell, ConvLSTMCell)
        return self.cell

    def output_shape(self, input_shape: Shape) -> Shape:
        batch, steps = input_shape[0], input_shape[1]
        state = self.conv_cell.state_shape(self.step_shape(input_shape))
        if resolved(self.return_sequences, "return_sequences"):
            return (batch, steps, *state)
        return (batch, *state)

    def state_shapes(self, input_shape: Shape) -> tuple[Shape, ...]:
        state = self.conv_cell.state_shape(self.step_shape(input_shape))
        return ((input_shape[0], *state),) * 2

    def weights(self, input_shape: Shape) -> list[Weight]:
        """The cell's variables: its own dtype (the layer's) and trainable flag (always True)."""
        self._check_stateful(input_shape)
        step = self.step_shape(input_shape)
        self.conv_cell.state_shape(step)  # Keras computes the output shape, which can fail
        return self.cell.step_weights(step)


def _arguments(local: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in local.items() if k not in ("self", "kwargs", "__class__")}


@register
class ConvLSTM1D(ConvLSTM):
    rank = 1
    input_ndim = 4  # (batch, time, *spatial, channels)

    def __init__(
        self,
        filters: object,
        kernel_size: object,
        strides: object = 1,
        padding: object = "valid",
        data_format: object = None,
        dilation_rate: object = 1,
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
        **kwargs: object,
    ) -> None:
        self._conv_lstm_setup(_arguments(locals()), kwargs)


@register
class ConvLSTM2D(ConvLSTM):
    rank = 2
    input_ndim = 5  # (batch, time, *spatial, channels)

    def __init__(
        self,
        filters: object,
        kernel_size: object,
        strides: object = 1,
        padding: object = "valid",
        data_format: object = None,
        dilation_rate: object = 1,
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
        **kwargs: object,
    ) -> None:
        self._conv_lstm_setup(_arguments(locals()), kwargs)


@register
class ConvLSTM3D(ConvLSTM):
    rank = 3
    input_ndim = 6  # (batch, time, *spatial, channels)

    def __init__(
        self,
        filters: object,
        kernel_size: object,
        strides: object = 1,
        padding: object = "valid",
        data_format: object = None,
        dilation_rate: object = 1,
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
        **kwargs: object,
    ) -> None:
        self._conv_lstm_setup(_arguments(locals()), kwargs)
