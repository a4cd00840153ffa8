"""The contract every layer spec follows, and the argument helpers specs share.

A spec mirrors one Keras 3 layer class: its ``__init__`` has the same parameter names, order and
defaults as Keras's, so the user's call binds like an ordinary Python call. From an input shape
(batch dimension first, exactly as Keras passes it to ``build``) a spec answers two questions:
``output_shape(shape)`` (Keras's ``compute_output_shape``) and ``build_weights(shape)`` (the
tensors Keras's ``build`` creates with ``add_weight``). Parameter counts are always sums over those
weights; nothing else computes them.

Specs raise :class:`KerasError` where Keras would raise (at construction or at build time) and
:class:`Unresolved` where the answer depends on something paramlint could not resolve.

A layer call in the functional API goes through :meth:`LayerSpec.apply_call`: the shapes of the
call's tensor arguments by name (``call_inputs`` lists them, in the order of Keras's ``call``)
and its other keyword arguments; it answers the shape of every output and the weights built on
that first call. Single-input layers only implement ``apply``; the default ``apply_call`` uses it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from ..dims import Dim, Poly, Shape, format_shape, product
from ..naming import to_snake_case
from ..pylib import NumpyInt, NumpyUnknown, plain_ints
from ..values import LayerValue, Unknown

# Bytes per element for the dtypes Keras weights can have.
DTYPE_BYTES = {
    "float16": 2,
    "bfloat16": 2,
    "float32": 4,
    "float64": 8,
    "int8": 1,
    "uint8": 1,
    "int16": 2,
    "int32": 4,
    "int64": 8,
    "float8_e4m3fn": 1,
    "float8_e5m2": 1,
}
# Mixed-precision policies keep their variables in float32.
_POLICY_VARIABLE_DTYPE = {"mixed_float16": "float32", "mixed_bfloat16": "float32"}

ACTIVATIONS = frozenset(
    {
        "relu", "leaky_relu", "relu6", "softmax", "celu", "elu", "selu", "softplus", "softsign",
        "squareplus", "soft_shrink", "sparse_plus", "silu", "gelu", "glu", "tanh",
        "tanh_shrink", "threshold", "sigmoid", "sparse_sigmoid", "exponential", "hard_sigmoid",
        "hard_silu", "hard_tanh", "hard_shrink", "linear", "mish", "log_softmax",
        "log_sigmoid", "sparsemax", "swish", "hard_swish",
    }
)  # fmt: skip


class KerasError(Exception):
    """Keras itself would raise here (a bad argument, or an input this layer cannot take)."""


class InputRankError(KerasError):
    """The input has a rank the layer's InputSpec refuses (Conv2D on a 2-D input, LSTM on a vector)."""


class OutputSizeError(KerasError):
    """A window (kernel, pool, crop) leaves an output size of zero or less."""


class UndefinedDimensionError(KerasError):
    """A weight needs an input dimension that is ``None`` (a Dense after Flatten of a variable axis)."""


class UnrecognizedKeywordsError(KerasError):
    """Keras's base ``Layer.__init__`` refuses keywords it does not know (after naming the layer)."""


class Keras2ArgumentError(UnrecognizedKeywordsError):
    """A keyword only Keras 2 (tf.keras) accepted (``batch_input_shape=``, ``weights=``): Keras 3
    raises "Unrecognized keyword arguments"."""


STANDARDIZE_TUPLE = "standardize_tuple"

KERAS2_ARGUMENTS = ("batch_input_shape", "batch_size", "weights", "dynamic")
"""Keywords Keras 2's base ``Layer`` took and Keras 3's refuses."""


def keras_repr(value: object) -> str:
    """``repr`` of an argument as Keras prints it in a message; an unknown one as its source."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {keras_repr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        items = ", ".join(keras_repr(v) for v in value)
        if isinstance(value, list):
            return f"[{items}]"
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, Unknown):
        return str(value.source) or "..."
    if value is None or isinstance(value, (int, float, str, bool)):
        return repr(value)
    return repr(value) if isinstance(value, NumpyInt) else "..."


NUMPY_INT_ARGUMENTS: dict[tuple[str, str], str | None] = {
    ("Dense", "units"): "Received an invalid value for `units`, expected a positive integer. "
    "Received: units={value}",
    ("Embedding", "input_dim"): "`input_dim` must be a positive integer. "
    "Received: input_dim={value} (of type int64).",
    ("Embedding", "output_dim"): "`output_dim` must be a positive integer. "
    "Received: output_dim={value} (of type int64).",
    ("RepeatVector", "n"): "Expected an integer value for `n`, got <class 'numpy.int64'>.",
    ("Conv1D", "filters"): None,
    ("Conv2D", "filters"): None,
    ("Conv3D", "filters"): None,
    ("Conv2DTranspose", "filters"): None,
    ("SeparableConv2D", "filters"): None,
    **{(layer, "kernel_size"): STANDARDIZE_TUPLE for layer in ("Conv1D", "Conv2D", "Conv3D")},
    **{
        (layer, "pool_size"): STANDARDIZE_TUPLE
        for layer in ("MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D")
    },
    ("*", "input_dim"): None,
}
"""What Keras 3 does with a numpy integer (``np.prod(shape)``) passed as a whole argument, where
it was checked (tests/test_idioms.py runs every entry in Keras): None, it takes it as an int; a
message, it raises it; ``STANDARDIZE_TUPLE``, the spec's own ``int_tuple`` check refuses it as Keras
does. Anywhere else the answer is not known (an LSTM takes one and fails when built): unresolved."""


def numpy_int_arguments(class_name: str, arguments: dict[str, object]) -> None:
    """Apply :data:`NUMPY_INT_ARGUMENTS` to a layer's bound arguments, in place: raise where Keras
    raises, unresolved where the answer is not known; numpy integers inside tuples and lists are
    ints (Keras's ``standardize_tuple`` and ``standardize_shape`` cast them)."""
    for name, value in list(arguments.items()):
        if name == "kwargs" and isinstance(value, dict):
            numpy_int_arguments(class_name, value)
            continue
        if isinstance(value, (tuple, list)):
            arguments[name] = plain_ints(value)
        if not isinstance(value, (NumpyInt, NumpyUnknown)):
            continue
        key = (class_name, name) if (class_name, name) in NUMPY_INT_ARGUMENTS else ("*", name)
        outcome = NUMPY_INT_ARGUMENTS.get(key, "")
        shown = value if isinstance(value, NumpyInt) else f"<{value.source or 'unknown'}>"
        if key not in NUMPY_INT_ARGUMENTS or (
            outcome == STANDARDIZE_TUPLE and isinstance(value, NumpyUnknown)
        ):
            raise Unresolved(
                f"`{name}` is a numpy integer ({shown!r}); whether Keras's {class_name} takes one "
                "is not known to paramlint (use int(...))"
            )
        if outcome is None:
            arguments[name] = int(value) if isinstance(value, NumpyInt) else value
        elif outcome != STANDARDIZE_TUPLE:
            raise KerasError(outcome.format(value=shown))


class Unresolved(Exception):
    """The answer depends on a value paramlint could not resolve statically."""

    # The report's problem kind: "unresolved" (a value), or "unknown-layer" (the layer's numbers
    # come from running user code, as a Lambda without ``output_shape`` does).
    kind = "unresolved"

    def __init__(self, reason: str, position: object = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.position = position


class RunsUserCode(Unresolved):
    """Keras would run the user's own code to get the answer; paramlint never runs it."""

    kind = "unknown-layer"


@dataclass(frozen=True)
class Weight:
    """One tensor a layer's ``build`` creates."""

    name: str
    shape: Shape
    trainable: bool | None  # None: unknown (the layer's flag is)
    dtype: str | None = "float32"
    # True when Keras creates the variable with its own dtype (LoRA factors: float32; a count:
    # int32), so the layer's dtype does not apply to it.
    fixed_dtype: bool = False
    # Whether Keras's ``trainable`` setter sets its flag: it was created trainable (LoRA's base
    # kernel too, frozen by the layer afterwards); None: as ``trainable`` says.
    settable: bool | None = None

    @property
    def count(self) -> Dim:
        return product(self.shape)


class LayerSpec:
    """Base of every spec; mirrors ``keras.layers.Layer.__init__``."""

    # The class name Keras's summary prints; defaults to the spec class's own name.
    keras_name: ClassVar[str] = ""
    # Other public names of the same class (``Convolution2D`` for ``Conv2D``).
    aliases: ClassVar[tuple[str, ...]] = ()
    # False when ``keras.layers`` has no attribute of the class's own name.
    class_name_exported: ClassVar[bool] = True
    # Input rank Keras's InputSpec demands (including the batch axis), where it demands one.
    input_ndim: ClassVar[int | None] = None
    input_min_ndim: ClassVar[int | None] = None
    input_max_ndim: ClassVar[int | None] = None
    # The parameters of Keras's ``call()`` that take tensors, in order: ``("inputs",)`` for most
    # layers (a merge takes a list there), ``("query", "value", "key")`` for MultiHeadAttention.
    call_inputs: ClassVar[tuple[str, ...]] = ("inputs",)
    # Its other parameters, where the spec checks the call's keywords as Keras binds them
    # (``training`` is always accepted); None: not checked.
    call_parameters: ClassVar[tuple[str, ...] | None] = None
    # Whether Keras gives the layer an InputSpec when it is constructed (it then refuses a list
    # of several tensors); None: it does exactly when the spec states an input rank.
    declares_input_spec: ClassVar[bool | None] = None

    def __init__(
        self,
        *,
        activity_regularizer: object = None,
        trainable: object = True,
        dtype: object = None,
        autocast: object = True,
        name: object = None,
        **kwargs: object,
    ) -> None:
        self.trainable = trainable
        self.dtype = dtype
        self.name = name
        # The evaluator reads the input shape from these (see ``evaluate.input_shape_argument``).
        for argument in ("input_dim", "input_shape"):
            kwargs.pop(argument, None)
        if kwargs:
            # Keras 2 (tf.keras) accepted some of these; Keras 3 raises for all of them alike.
            legacy = any(k in KERAS2_ARGUMENTS for k in kwargs)
            raise (Keras2ArgumentError if legacy else UnrecognizedKeywordsError)(
                f"Unrecognized keyword arguments passed to {self.class_name()}: {keras_repr(kwargs)}"
            )

    # -- what Keras computes ------------------------------------------------------------------
    def output_shape(self, input_shape: Shape) -> Shape:
        """Keras's ``compute_output_shape``; the default keeps the shape (Dropout, Activation...)."""
        return input_shape

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        """The tensors Keras's ``build`` adds, before the layer's ``trainable`` flag is applied."""
        return []

    def flops(self, input_shape: Shape) -> Dim:
        """XLA's flop count of one call on one sample (see flops.py); Unresolved if not matched."""
        raise Unresolved(f"FLOPs of {self.class_name()} not matched to XLA yet")

    def macs(self, input_shape: Shape) -> Dim:
        """The textbook multiply-accumulate count of one sample; Unresolved where there is none."""
        raise Unresolved(f"{self.class_name()} has no MAC count")

    # -- derived ------------------------------------------------------------------------------
    @classmethod
    def class_name(cls) -> str:
        return cls.keras_name or cls.__name__

    def input_rank(self) -> tuple[int, bool] | None:
        """The input rank this layer needs (batch axis included) and whether it is exact.

        ``(4, True)`` for a Conv2D-like exact rank, ``(2, False)`` for "at least 2" (Dense);
        None when the layer takes any rank.
        """
        if self.input_ndim is not None:
            return self.input_ndim, True
        if self.input_min_ndim is not None:
            return self.input_min_ndim, False
        return None

    def has_input_spec(self) -> bool:
        if self.declares_input_spec is not None:
            return self.declares_input_spec
        return any(
            bound is not None
            for bound in (self.input_ndim, self.input_min_ndim, self.input_max_ndim)
        )

    def check_input_rank(self, input_shape: Shape) -> None:
        rank = len(input_shape)
        expected = None
        if self.input_ndim is not None and rank != self.input_ndim:
            expected = f"ndim={self.input_ndim}"
        elif self.input_min_ndim is not None and rank < self.input_min_ndim:
            expected = f"min_ndim={self.input_min_ndim}"
        elif self.input_max_ndim is not None and rank > self.input_max_ndim:
            expected = f"max_ndim={self.input_max_ndim}"
        if expected:
            raise InputRankError(
                f"Input 0 of layer {self.class_name()} is incompatible with the layer: "
                f"expected {expected}, found ndim={rank}. Full shape received: "
                f"{_render(input_shape)}"
            )

    def apply(self, input_shape: Shape) -> tuple[Shape, list[Weight]]:
        """Call the layer on an input of this shape: Keras's input checks, output shape, weights."""
        self.check_input_rank(input_shape)
        weights = self.weights(input_shape)
        return self.output_shape(input_shape), weights

    def apply_call(
        self, inputs: Mapping[str, CallShape], options: Mapping[str, object]
    ) -> tuple[list[Shape], list[Weight]]:
        """Call the layer as the functional API does: every output's shape, and the weights.

        ``inputs`` maps each tensor argument present (a name of ``call_inputs``; absent optional
        ones are left out) to its shape, or, for a list or tuple of tensors, to a ``list`` (or
        ``tuple``) of shapes. ``options`` holds the call's other keyword arguments, evaluated
        (``return_attention_scores=True``, ``training=``, ``mask=``); a value may be Unknown.
        The default calls :meth:`apply` on the first argument and lists every output
        (``output_shapes`` where the spec has several, as RNNs with ``return_state`` do).
        """
        self.check_call_keywords(options)
        shape = single_shape(self, inputs)
        output_shape, weights = self.apply(shape)
        several = getattr(self, "output_shapes", None)
        outputs = list(several(shape)) if several is not None else [output_shape]
        return outputs, weights

    def check_call_keywords(self, options: Mapping[str, object]) -> None:
        """Keras binds the call's keywords to ``call()``'s signature: an unknown one raises."""
        if self.call_parameters is None:
            return
        for name in options:
            if name != "training" and name not in self.call_parameters:
                raise KerasError(f"got an unexpected keyword argument '{name}'")

    def weights(self, input_shape: Shape) -> list[Weight]:
        """The layer's weights with its ``trainable`` flag and dtype applied.

        Keras keeps each variable's flag as ``created trainable and layer.trainable``
        (``add_weight``, ``_track_variable``); an unknown flag leaves the created-trainable ones
        unknown (None): the count stays exact, the split does not. A flag set after construction
        is applied at report time (``trainable.settled``)."""
        trainable = self.trainable
        known = None if isinstance(trainable, Unknown) else bool(trainable)
        dtype = self.weight_dtype()
        return [
            replace(
                w,
                trainable=w.trainable and known,
                settable=bool(w.trainable or w.settable),
                dtype=w.dtype if w.fixed_dtype else dtype,
            )
            for w in self.build_weights(input_shape)
        ]

    def weight_dtype(self) -> str | None:
        """The dtype Keras gives this layer's variables; None when it cannot be known."""
        dtype = self.dtype
        if dtype is None:
            return "float32"
        if isinstance(dtype, str):
            dtype = _POLICY_VARIABLE_DTYPE.get(dtype, dtype)
            return dtype if dtype in DTYPE_BYTES else None
        return None


CallShape = Shape | list[Shape] | tuple[Shape, ...]
"""What ``apply_call`` receives per tensor argument: one shape, or the shapes of a list of tensors."""


def is_shape_list(value: object) -> bool:
    """True for the shapes of a list (or tuple) of tensors, False for one tensor's shape."""
    if isinstance(value, list):
        return True
    return isinstance(value, tuple) and bool(value) and all(isinstance(v, tuple) for v in value)


def single_shape(spec: LayerSpec, inputs: Mapping[str, CallShape]) -> Shape:
    """The one tensor a single-input layer is called on.

    On a list of several tensors, a layer with an InputSpec raises (Keras counts the inputs
    against it); others may map over the list (Dropout, Activation) or fail later: Unresolved.
    """
    name = spec.call_inputs[0]
    if name not in inputs:
        raise KerasError(f"missing a required argument: '{name}'")
    shape = inputs[name]
    if is_shape_list(shape):
        count = len(shape)
        if count != 1 and spec.has_input_spec():
            layer = spec.name if isinstance(spec.name, str) else to_snake_case(spec.class_name())
            raise KerasError(
                f'Layer "{layer}" expects 1 input(s), but it received {count} input tensors.'
            )
        raise Unresolved(
            f"{spec.class_name()} is called on a list of tensors; paramlint follows one tensor"
        )
    return shape  # type: ignore[return-value]


def render_call_shape(value: CallShape) -> str:
    """A shape or a list of shapes as Keras prints them in its messages."""
    if is_shape_list(value):
        shapes = [format_shape(s) for s in value]  # type: ignore[arg-type]
        if isinstance(value, list):
            return "[" + ", ".join(shapes) + "]"
        return "(" + ", ".join(shapes) + ("," if len(shapes) == 1 else "") + ")"
    return format_shape(value)  # type: ignore[arg-type]


def _render(shape: Shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


# -- argument helpers: the checks Keras's constructors make, with Unknown passed through -------


def sequence_of(value: object, name: str) -> list[object]:
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    if isinstance(value, Unknown):
        raise Unresolved(f"`{name}` is unknown: {value.reason}", value.position)
    raise KerasError(f"`{name}` must be a tuple or list of integers. Received: {name}={value!r}")


def dim_value(value: object, name: str, *, minimum: int = 1, allow_none: bool = False) -> Dim:
    """An integer size argument: checked like Keras checks it, or a symbol if unknown."""
    if value is None and allow_none:
        return None
    if isinstance(value, Unknown):
        return value.as_symbol(name)
    if isinstance(value, Poly):
        return value
    if not isinstance(value, int) or isinstance(value, bool):
        raise KerasError(
            f"Received an invalid value for `{name}`, expected an integer. Received: {name}={value!r}"
        )
    if value < minimum:
        bound = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        raise KerasError(
            f"Received an invalid value for `{name}`, expected {bound}. Received: {name}={value}"
        )
    return value


def int_tuple(value: object, n: int, name: str, *, allow_zero: bool = False) -> tuple[Dim, ...]:
    """Keras's ``standardize_tuple``: an int repeated n times, or a sequence of exactly n ints."""
    minimum = 0 if allow_zero else 1
    if isinstance(value, Unknown):
        # It may be one int (repeated) or a tuple of n: each element gets its own symbol.
        base = value.source or name
        return tuple(
            Unknown(value.reason, value.position, f"{base}[{i}]").as_symbol(name) for i in range(n)
        )
    if isinstance(value, NumpyInt):  # not an int, and tuple() of it fails
        raise KerasError(
            f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value}"
        )
    if isinstance(value, bool):
        value = int(value)  # standardize_tuple takes True as 1, like any int
    if isinstance(value, (int, Poly)):
        single = dim_value(value, name, minimum=minimum)
        return (single,) * n
    if not isinstance(value, (list, tuple)) or len(value) != n:
        raise KerasError(
            f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value!r}"
        )
    return tuple(dim_value(v, name, minimum=minimum) for v in value)


def choice(value: object, name: str, options: Sequence[str]) -> str | Unknown:
    """A string option, lower-cased as Keras does; Unknown stays Unknown until it matters."""
    if isinstance(value, Unknown):
        return value
    if not isinstance(value, str) or value.lower() not in options:
        raise KerasError(
            f"The `{name}` argument must be one of {set(options)}. Received: {name}={value!r}"
        )
    return value.lower()


def resolved(value: object, name: str) -> object:
    """Raise :class:`Unresolved` if a value the shape or weights depend on is unknown."""
    if isinstance(value, Unknown):
        raise Unresolved(f"`{name}` is unknown: {value.reason}", value.position)
    return value


def flag(value: object, name: str) -> bool | Unknown:
    if isinstance(value, Unknown):
        return value
    return bool(value)


def data_format(value: object) -> str | Unknown:
    if value is None:
        return "channels_last"
    return choice(value, "data_format", ("channels_first", "channels_last"))


def check_activation(value: object) -> object:
    """An activation: a known Keras name, None, or something paramlint leaves as it is."""
    if isinstance(value, str) and value not in ACTIVATIONS:
        raise KerasError(f"Could not interpret activation function identifier: {value}")
    return value


def normalize_axis(axis: int, rank: int, name: str = "axis") -> int:
    if not -rank <= axis < rank:
        raise KerasError(
            f"Invalid value for `{name}` argument. Expected 0 <= {name} < inputs.rank; received {name}={axis}"
        )
    return axis % rank


# Python values that are certainly not layers: Keras raises on these.
PLAIN_VALUES = (int, float, complex, str, bytes, bool, tuple, list, dict, set, type(None))


def wrapped_layer(value: object, wrapper: str, argument: str = "layer") -> LayerSpec:
    """The spec a wrapper wraps; KerasError if it is not a layer, Unresolved if paramlint can't tell."""
    if isinstance(value, LayerSpec):
        return value
    if isinstance(value, LayerValue):
        if value.spec is not None:
            return value.spec
        raise Unresolved(
            f"`{wrapper}` wraps a {value.class_name} layer paramlint cannot compute"
            + (f": {value.problem}" if value.problem else ""),
            value.position,
        )
    if isinstance(value, Unknown):
        raise Unresolved(f"the layer `{wrapper}` wraps is unknown: {value.reason}", value.position)
    if isinstance(value, PLAIN_VALUES):
        raise KerasError(
            f"Please initialize `{wrapper}` layer with a `keras.layers.Layer` instance. "
            f"Received: {argument}={value!r}"
        )
    raise Unresolved(f"`{wrapper}` wraps a {type(value).__name__}, not a layer paramlint knows")
