"""Layer-call cases for the multi-input parity test: (layer expression, tensor arguments, options).

The tensor arguments map each of the layer's ``call`` parameters to a batch shape, or to a list
(or tuple) of batch shapes for a list argument. The test builds one ``keras.Input`` per shape,
calls the real Keras layer, and compares every output shape and the weights (name, shape,
trainable, dtype, in order) with the catalog spec's ``apply_call``. Options are the call's other
keyword arguments; ``Tensor(shape)`` stands for a tensor passed there (a mask). A case Keras
rejects must be rejected by the spec with KerasError, with Keras's message.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tensor:
    """A tensor passed as an option (a mask): an Input in Keras, an opaque value for the spec."""

    shape: tuple[int | None, ...]
