"""Recurrent cells: SimpleRNNCell, LSTMCell, GRUCell and StackedRNNCells (keras/src/layers/rnn/).

A cell processes one time step; it owns the weights (``kernel``, ``recurrent_kernel``, ``bias``),
built on the shape of one step ``(batch, features)``. ``RNN`` (rnn.py) loops a cell over the time
axis, and SimpleRNN, LSTM and GRU are ``RNN`` around their own cell. A cell also says how big its
states are (``state_size``: an int, or a list for LSTM's ``[h, c]``) and its ``output_size``, which
``RNN`` turns into its output shapes.

A cell is not a layer of a model by itself: its ``call`` needs the states, so Keras refuses it in a
Sequential model; :meth:`RecurrentCell.apply` says so.
"""

from __future__ import annotations

from typing import ClassVar

from ..dims import Dim, Poly, Shape
from ..values import Unknown
from .base import (
    KerasError,
    LayerSpec,
    Unresolved,
    Weight,
    check_activation,
    dim_value,
    flag,
    resolved,
    wrapped_layer,
)
from .registry import register

# A cell's ``state_size``: one size, or one per state tensor (nested for StackedRNNCells).
StateSize = Dim | list["StateSize"]


def units_argument(value: object) -> int | Poly:
    """``units``: Keras's cells raise unless it is a positive integer; a symbol if unknown."""
    size = dim_value(value, "units")
    if size is None:  # dim_value returns None only when allow_none is set
        raise KerasError("`units` must be a positive integer. Received: units=None")
    return size


def flat_state_sizes(state_size: StateSize) -> list[Dim]:
    """Every state tensor's size, in Keras's order (``tree.flatten`` of ``state_size``)."""
    if isinstance(state_size, list):
        return [size for inner in state_size for size in flat_state_sizes(inner)]
    return [state_size]


class RecurrentCell(LayerSpec):
    """What a cell answers: its state and output sizes, and its weights on one step's shape."""

    def state_size(self) -> StateSize:
        raise NotImplementedError

    def output_size(self) -> Dim:
        raise NotImplementedError

    def output_shape(self, input_shape: Shape) -> Shape:
        raise KerasError(
            "Layers added to a Sequential model can only have a single required positional "
            f"argument, the input tensor. Layer {self.class_name()} has multiple required "
            "positional arguments: inputs, states. Wrap the cell in `RNN(cell)`."
        )

    def apply(self, input_shape: Shape) -> tuple[Shape, list[Weight]]:
        return self.output_shape(input_shape), []

    def step_weights(self, step_shape: Shape) -> list[Weight]:
        """The weights the cell's ``build`` adds for steps of this shape, flags applied."""
        return self.weights(step_shape)


class GatedCell(RecurrentCell):
    """SimpleRNNCell, LSTMCell, GRUCell: ``gates`` blocks of ``units`` columns in each kernel."""

    gates: ClassVar[int] = 1

    def _cell_setup(
        self,
        *,
        units: object,
        activation: object,
        recurrent_activation: object,
        use_bias: object,
        kwargs: dict[str, object],
    ) -> None:
        """The checks Keras's cell constructors make, in their order."""
        self.units = units_argument(units)
        super().__init__(**kwargs)
        self.activation = check_activation(activation)
        self.recurrent_activation = check_activation(recurrent_activation)
        self.use_bias = flag(use_bias, "use_bias")

    def state_size(self) -> StateSize:
        return self.units

    def output_size(self) -> Dim:
        return self.units

    def bias_shape(self) -> Shape:
        return (self.gates * self.units,)

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        input_dim = input_shape[-1]
        width = self.gates * self.units
        if input_dim is None:
            raise KerasError(
                "Shapes used to initialize variables must be fully-defined (no `None` "
                f"dimensions). Received: shape=(None, {width}) for the kernel"
            )
        weights = [
            Weight("kernel", (input_dim, width), True),
            Weight("recurrent_kernel", (self.units, width), True),
        ]
        if resolved(self.use_bias, "use_bias"):
            weights.append(Weight("bias", self.bias_shape(), True))
        return weights


@register
class SimpleRNNCell(GatedCell):
    gates = 1

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
        kernel_constraint: object = None,
        recurrent_constraint: object = None,
        bias_constraint: object = None,
        dropout: object = 0.0,
        recurrent_dropout: object = 0.0,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        self._cell_setup(
            units=units,
            activation=activation,
            recurrent_activation=None,
            use_bias=use_bias,
            kwargs=kwargs,
        )


@register
class LSTMCell(GatedCell):
    gates = 4

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
        kernel_constraint: object = None,
        recurrent_constraint: object = None,
        bias_constraint: object = None,
        dropout: object = 0.0,
        recurrent_dropout: object = 0.0,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        self.implementation = kwargs.pop("implementation", 2)
        self._cell_setup(
            units=units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kwargs=kwargs,
        )
        self.unit_forget_bias = unit_forget_bias  # changes the bias's initial values, not its shape

    def state_size(self) -> StateSize:
        return [self.units, self.units]  # hidden state h and carry c


@register
class GRUCell(GatedCell):
    gates = 3

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
        kernel_constraint: object = None,
        recurrent_constraint: object = None,
        bias_constraint: object = None,
        dropout: object = 0.0,
        recurrent_dropout: object = 0.0,
        reset_after: object = True,
        seed: object = None,
        **kwargs: object,
    ) -> None:
        self.implementation = kwargs.pop("implementation", 2)
        self._cell_setup(
            units=units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kwargs=kwargs,
        )
        self.reset_after = flag(reset_after, "reset_after")

    def bias_shape(self) -> Shape:
        width = 3 * self.units
        if resolved(self.reset_after, "reset_after"):
            return (2, width)  # separate input and recurrent biases
        return (width,)


def recurrent_cell(value: object, owner: str, argument: str = "cell") -> RecurrentCell:
    """A cell given to ``RNN`` or ``StackedRNNCells``; KerasError for a layer that is not one."""
    spec = wrapped_layer(value, owner, argument)
    if not isinstance(spec, RecurrentCell):
        raise KerasError(
            "The RNN cell should have a `state_size` attribute (single integer or list of "
            "integers, one integer per RNN state). "
            f"Received: {argument}=<{spec.class_name()}>"
        )
    return spec


@register
class StackedRNNCells(RecurrentCell):
    """Cells applied one after the other at each step; each cell's output feeds the next."""

    def __init__(self, cells: object, **kwargs: object) -> None:
        super().__init__(**kwargs)
        if isinstance(cells, Unknown):
            raise Unresolved(f"the cells are unknown: {cells.reason}", cells.position)
        if not isinstance(cells, (list, tuple)):
            raise KerasError(f"`StackedRNNCells` takes a list of cells. Received: cells={cells!r}")
        self.cells = [recurrent_cell(cell, "StackedRNNCells", "cells") for cell in cells]

    def state_size(self) -> StateSize:
        return [cell.state_size() for cell in self.cells]

    def output_size(self) -> Dim:
        if not self.cells:
            raise KerasError("list index out of range")  # Keras reads cells[-1]
        return self.cells[-1].output_size()

    def step_weights(self, step_shape: Shape) -> list[Weight]:
        """Keras's ``build``: each cell on the previous cell's output, with its own flags."""
        weights: list[Weight] = []
        for cell in self.cells:
            weights += cell.step_weights(step_shape)
            step_shape = (step_shape[0], cell.output_size())
        return weights
