"""Property test: random valid Sequential stacks, analysed by paramlint and built by real Keras.

A Hypothesis strategy draws a Sequential model layer by layer from the catalog, tracking the
current shape so every stack it draws is one Keras accepts (rank requirements, positive sizes,
divisible groups...). The stack is rendered as Python source in a random style (import style,
how the input shape is stated, list or ``add`` construction), then:

* ``analyze_code`` reads the source statically;
* the same source is exec'd with real Keras (it is our own generated code) and the model taken
  from its namespace;

and every layer's class name, output shape and parameter counts (all, trainable, non-trainable)
must agree, as must the model totals.

Keras builds the model inside ``keras.StatelessScope(initialize_variables=False)``: the variables
get their shapes but are never initialized. Initializing them compiles a JAX program per new
weight shape (seconds per model); skipping that changes nothing paramlint is compared on.

Layer kinds whose spec module is not wired into the catalog yet are simply not drawn.
``PARAMLINT_PROPERTY_EXAMPLES`` sets the number of examples (default 200; thousands before a
release: ``PARAMLINT_PROPERTY_EXAMPLES=5000 pytest tests/test_property_keras.py``).

A failure is shrunk by Hypothesis to a minimal model, and that model's source is written to
``tests/regressions/keras/`` (named by its hash): commit it with the fix. Every file there is
checked against Keras on every run, whatever the number of examples.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import math
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")
hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, assume, given, note, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.control import current_build_context  # noqa: E402

from paramlint.analyzer.api import analyze_code  # noqa: E402

for _module in (
    "conv",
    "pooling",
    "rnn",
    "wrappers",
    "normalization",
    "reshaping",
    "regularization",
    "activations",
):
    with contextlib.suppress(ImportError):
        importlib.import_module(f"paramlint.analyzer.layers.{_module}")

from paramlint.analyzer.layers import CATALOG  # noqa: E402

MAX_EXAMPLES = int(os.environ.get("PARAMLINT_PROPERTY_EXAMPLES", "200"))
REGRESSIONS = Path(__file__).parent / "regressions" / "keras"
"""Minimal models this test once failed on (shrunk by Hypothesis), checked on every run."""
MAX_LAYERS = 8
MAX_SPATIAL = 32  # every known spatial size stays <= this
MAX_VOLUME = 12  # spatial sizes of 3-D (volume) inputs
MAX_UNITS = 64

Shape = tuple  # non-batch dimensions: ints, or None for an unknown (time) axis


# -- the generated program ---------------------------------------------------------------------


@dataclass
class Call:
    """One layer constructor call: Keras class name, positional and keyword arguments."""

    name: str
    args: list = field(default_factory=list)
    kwargs: dict = field(default_factory=dict)

    def classes(self) -> set[str]:
        found = {self.name}
        for value in (*self.args, *self.kwargs.values()):
            if isinstance(value, Call):
                found |= value.classes()
        return found


@dataclass
class Stack:
    """A drawn model: the input, the layers, and how the source states them."""

    input_shape: Shape
    batch: int | None
    input_dtype: str | None
    layers: list[Call]
    import_style: str  # "keras" | "layers" | "layers_alias" | "names"
    # "input" | "input_batch_shape" | "input_layer" | "kwarg" | "input_dim" | "build"
    input_style: str
    construction: str  # "list" | "add" | "function"
    shape_as_list: bool  # input shapes written as lists rather than tuples
    expected_shapes: list[Shape] = field(default_factory=list)  # the generator's own tracking
    # `model.layers[i].trainable = flag` after construction (i None: `model.trainable = flag`).
    freezes: tuple[tuple[int | None, bool], ...] = ()


def _literal(value: object, prefix: str) -> str:
    if isinstance(value, Call):
        return _render_call(value, prefix)
    if isinstance(value, tuple):
        inner = ", ".join(_literal(v, prefix) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v, prefix) for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def _render_call(call: Call, prefix: str) -> str:
    parts = [_literal(a, prefix) for a in call.args]
    parts += [f"{k}={_literal(v, prefix)}" for k, v in call.kwargs.items()]
    return f"{prefix}{call.name}({', '.join(parts)})"


def render(stack: Stack) -> str:
    """The stack as a Python module that leaves the model in the variable ``model``."""
    classes = sorted(set().union(*(c.classes() for c in stack.layers)))
    style = stack.import_style
    if style == "keras":
        header = ["import keras"]
        prefix, seq, inp = "keras.layers.", "keras.Sequential", "keras.Input"
    elif style == "layers":
        header = ["import keras", "from keras import layers"]
        prefix, seq, inp = "layers.", "keras.Sequential", "keras.Input"
    elif style == "layers_alias":
        header = ["from keras import layers as L", "from keras.models import Sequential"]
        prefix, seq, inp = "L.", "Sequential", "L.Input"
    else:
        header = ["from keras import Input, Sequential"]
        prefix, seq, inp = "", "Sequential", "Input"
    inp_layer = f"{prefix}InputLayer"
    if style == "names":
        imported = sorted(
            set(classes) | ({"InputLayer"} if stack.input_style == "input_layer" else set())
        )
        header.append(f"from keras.layers import {', '.join(imported)}")

    as_shape = list if stack.shape_as_list else tuple
    shape_text = _literal(as_shape(stack.input_shape), prefix)
    batch_shape_text = _literal(as_shape((stack.batch, *stack.input_shape)), prefix)
    dtype = f', dtype="{stack.input_dtype}"' if stack.input_dtype else ""
    batch = f", batch_size={stack.batch}" if stack.batch is not None else ""
    elements = [_render_call(c, prefix) for c in stack.layers]
    if stack.input_style == "input":
        elements.insert(0, f"{inp}(shape={shape_text}{batch}{dtype})")
    elif stack.input_style == "input_batch_shape":
        elements.insert(0, f"{inp}(batch_shape={batch_shape_text}{dtype})")
    elif stack.input_style == "input_layer":
        elements.insert(0, f"{inp_layer}(shape={shape_text}{batch}{dtype})")
    elif stack.input_style == "kwarg":
        first = stack.layers[0]
        shape = as_shape(stack.input_shape)
        stated = Call(first.name, first.args, {**first.kwargs, "input_shape": shape})
        elements[0] = _render_call(stated, prefix)
    elif stack.input_style == "input_dim":
        first = stack.layers[0]
        stated = Call(first.name, first.args, {**first.kwargs, "input_dim": stack.input_shape[0]})
        elements[0] = _render_call(stated, prefix)

    body: list[str] = []
    if stack.construction == "list":
        body.append(f"model = {seq}(")
        body.append("    [")
        body += [f"        {e}," for e in elements]
        body.append("    ]")
        body.append(")")
    else:
        body.append(f"model = {seq}()")
        body += [f"model.add({e})" for e in elements]
    if stack.input_style == "build":
        body.append(f"model.build({batch_shape_text})")
    if stack.construction == "function":
        body = ["def make_model():", *(f"    {line}" for line in body), "    return model", ""]
        body.append("model = make_model()")
    for index, flag in stack.freezes:
        target = "model" if index is None else f"model.layers[{index}]"
        body.append(f"{target}.trainable = {flag}")
    return "\n".join([*header, "", *body]) + "\n"


# -- shape arithmetic (Keras's formulas, used to keep the stacks valid) ----------------------------


def conv_len(n, k, s, d, padding):
    if n is None:
        return None
    if padding == "valid":
        return (n - d * (k - 1) - 1) // s + 1
    return (n - 1) // s + 1


def pool_len(n, p, s, padding):
    if n is None:
        return None
    if padding == "valid":
        return (n - p) // s + 1
    return (n - 1) // s + 1


def tconv_len(n, k, s, d, padding, op):
    if n is None:
        return None
    ke = (k - 1) * d + 1
    if padding == "valid":
        return (n - 1) * s + ke + (max(ke, s) - ke if op is None else op)
    if op is None:
        return n * s
    return (n - 1) * s + ke % 2 + op


def split(shape: Shape, fmt: str) -> tuple[list, object]:
    if fmt == "channels_last":
        return list(shape[:-1]), shape[-1]
    return list(shape[1:]), shape[0]


def join(spatial, channels, fmt: str) -> Shape:
    if fmt == "channels_last":
        return (*spatial, channels)
    return (channels, *spatial)


def fits(spatial, limit: int = MAX_SPATIAL) -> bool:
    return all(n is None or 1 <= n <= limit for n in spatial)


def have(*names: str) -> bool:
    """Every name is in paramlint's catalog (and is a Keras layer name)."""
    return all(n in CATALOG and hasattr(keras.layers, n) for n in names)


# -- argument helpers -----------------------------------------------------------------------------

DATA_FORMATS = ("channels_last", "channels_first")
ACTIVATIONS = ("relu", "tanh", "sigmoid", "softmax", "gelu", "linear", "elu", "swish")


def option(draw, kwargs: dict, name: str, value: object, default: object) -> None:
    """Pass ``name=value``; a value equal to Keras's default is sometimes left out."""
    if value != default or draw(st.booleans()):
        kwargs[name] = value


def formats_with_channels(shape: Shape, rank: int) -> list[str]:
    """The data formats under which ``shape`` is a rank-``rank`` input with known channels."""
    if len(shape) != rank + 1:
        return []
    return [f for f in DATA_FORMATS if split(shape, f)[1] is not None]


def draw_format(draw, kwargs: dict, allowed=DATA_FORMATS) -> str:
    fmt = draw(st.sampled_from(list(allowed)))
    if fmt == "channels_first":
        kwargs["data_format"] = fmt
    elif draw(st.booleans()):
        kwargs["data_format"] = draw(st.sampled_from(["channels_last", None]))
    return fmt


def sequence(draw, values) -> tuple | list:
    """A tuple, or now and then the same values as a list (Keras accepts both)."""
    return list(values) if draw(st.integers(0, 7)) == 0 else tuple(values)


def axis_arg(draw, values: list[int]) -> object:
    """Keras's ``standardize_tuple`` input: an int for equal values, or the tuple."""
    if len(set(values)) == 1 and draw(st.booleans()):
        return values[0]
    return sequence(draw, values)


def maybe_trainable(draw, kwargs: dict) -> None:
    if draw(st.integers(0, 9)) == 0:
        kwargs["trainable"] = False


def draw_activation(draw, kwargs: dict) -> None:
    if draw(st.booleans()):
        kwargs["activation"] = draw(st.sampled_from([None, *ACTIVATIONS]))


def positional(draw, call: Call, required: list[tuple[str, object]], at_least: int = 0) -> Call:
    """Required arguments: a random prefix positionally, the rest by keyword (in front)."""
    count = draw(st.integers(at_least, len(required)))
    call.args = [v for _, v in required[:count]]
    call.kwargs = {**{k: v for k, v in required[count:]}, **call.kwargs}
    return call


def draw_window(draw, spatial, *, kmax, paddings=("valid", "same"), dilation=True, strides=True):
    """Kernel sizes, strides, dilations and padding that give every known axis a size >= 1."""
    padding = draw(st.sampled_from(list(paddings)))
    modes = ["plain"] + (["strided"] if strides else []) + (["dilated"] if dilation else [])
    mode = draw(st.sampled_from(modes))
    ks, ss, ds = [], [], []
    for n in spatial:
        s = draw(st.integers(1, 3)) if mode == "strided" else 1
        d = draw(st.integers(1, 3)) if mode == "dilated" else 1
        limit = kmax
        if padding == "valid" and n is not None:
            limit = min(kmax, (n - 1) // d + 1)
        ks.append(draw(st.integers(1, limit)))
        ss.append(s)
        ds.append(d)
    return padding, ks, ss, ds


def window_kwargs(draw, kwargs, padding, ss, ds, rank, *, upper_ok=True):
    default_window = 1 if rank == 1 else (1,) * rank
    shown = padding.upper() if upper_ok and draw(st.integers(0, 9)) == 0 else padding
    option(draw, kwargs, "strides", axis_arg(draw, ss), default_window)
    option(draw, kwargs, "padding", shown, "valid")
    option(draw, kwargs, "dilation_rate", axis_arg(draw, ds), default_window)


# -- layer kinds: each says when it applies and draws a call plus the output shape ---------------

KINDS: list[tuple[str, object, object]] = []  # (name, applies(shape, ctx), draw(draw, shape, ctx))


def kind(name: str, applies):
    def register(function):
        KINDS.append((name, applies, function))
        return function

    return register


def spatial_limit(rank: int) -> int:
    return MAX_VOLUME if rank == 3 else MAX_SPATIAL


@kind("Dense", lambda s, c: have("Dense") and len(s) >= 1 and s[-1] is not None)
def gen_dense(draw, shape, ctx):
    units = draw(st.integers(1, MAX_UNITS))
    call = Call("Dense")
    draw_activation(draw, call.kwargs)
    option(draw, call.kwargs, "use_bias", draw(st.booleans()), True)
    if draw(st.integers(0, 9)) == 0:
        call.kwargs["lora_rank"] = draw(st.integers(1, 4))
    maybe_trainable(draw, call.kwargs)
    return positional(draw, call, [("units", units)]), (*shape[:-1], units)


def _conv_applies(rank, names):
    return lambda s, c: have(*names) and bool(formats_with_channels(s, rank))


def _draw_conv(draw, shape, rank, name):
    call = Call(name)
    fmt = draw_format(draw, call.kwargs, formats_with_channels(shape, rank))
    spatial, channels = split(shape, fmt)
    divisors = [g for g in range(1, channels + 1) if channels % g == 0 and g <= 8]
    groups = draw(st.sampled_from(divisors)) if draw(st.integers(0, 3)) == 0 else 1
    filters = groups * draw(st.integers(1, max(1, 32 // groups)))
    paddings = ("valid", "same", "causal") if rank == 1 else ("valid", "same")
    kmax = 3 if rank == 3 else 5
    padding, ks, ss, ds = draw_window(draw, spatial, kmax=kmax, paddings=paddings)
    window_kwargs(draw, call.kwargs, padding, ss, ds, rank)
    option(draw, call.kwargs, "groups", groups, 1)
    draw_activation(draw, call.kwargs)
    option(draw, call.kwargs, "use_bias", draw(st.booleans()), True)
    maybe_trainable(draw, call.kwargs)
    positional(draw, call, [("filters", filters), ("kernel_size", axis_arg(draw, ks))])
    out = [conv_len(n, k, s, d, padding) for n, k, s, d in zip(spatial, ks, ss, ds, strict=True)]
    return call, join(out, filters, fmt)


for _rank in (1, 2, 3):
    for _name in (f"Conv{_rank}D", f"Convolution{_rank}D"):

        @kind(_name, _conv_applies(_rank, [_name]))
        def gen_conv(draw, shape, ctx, _rank=_rank, _name=_name):
            return _draw_conv(draw, shape, _rank, _name)


def _draw_conv_transpose(draw, shape, rank, name):
    call = Call(name)
    fmt = draw_format(draw, call.kwargs, formats_with_channels(shape, rank))
    spatial, _ = split(shape, fmt)
    filters = draw(st.integers(1, 32))
    padding, ks, ss, ds = draw_window(draw, spatial, kmax=3 if rank == 3 else 4)
    ops = None
    if draw(st.booleans()):
        ops = [draw(st.integers(0, s - 1)) for s in ss]
    out = [tconv_len(n, k, s, d, padding, None if ops is None else ops[i])
           for i, (n, k, s, d) in enumerate(zip(spatial, ks, ss, ds, strict=True))]  # fmt: skip
    if not fits(out, spatial_limit(rank)):  # too big (or empty): the identity window instead
        padding, ks, ss, ds, ops = "same", [1] * rank, [1] * rank, [1] * rank, None
        out = list(spatial)
    window_kwargs(draw, call.kwargs, padding, ss, ds, rank, upper_ok=False)
    if ops is not None:
        call.kwargs["output_padding"] = axis_arg(draw, ops)
    draw_activation(draw, call.kwargs)
    option(draw, call.kwargs, "use_bias", draw(st.booleans()), True)
    maybe_trainable(draw, call.kwargs)
    positional(draw, call, [("filters", filters), ("kernel_size", axis_arg(draw, ks))])
    return call, join(out, filters, fmt)


for _rank in (1, 2, 3):
    for _name in (f"Conv{_rank}DTranspose", f"Convolution{_rank}DTranspose"):

        @kind(_name, _conv_applies(_rank, [_name]))
        def gen_conv_transpose(draw, shape, ctx, _rank=_rank, _name=_name):
            return _draw_conv_transpose(draw, shape, _rank, _name)


def _draw_separable(draw, shape, rank, name, depthwise):
    call = Call(name)
    fmt = draw_format(draw, call.kwargs, formats_with_channels(shape, rank))
    spatial, channels = split(shape, fmt)
    multiplier = draw(st.integers(1, max(1, min(3, MAX_UNITS // channels))))
    padding, ks, ss, ds = draw_window(draw, spatial, kmax=5)
    window_kwargs(draw, call.kwargs, padding, ss, ds, rank)
    option(draw, call.kwargs, "depth_multiplier", multiplier, 1)
    draw_activation(draw, call.kwargs)
    option(draw, call.kwargs, "use_bias", draw(st.booleans()), True)
    maybe_trainable(draw, call.kwargs)
    kernel = axis_arg(draw, ks)
    out = [conv_len(n, k, s, d, padding) for n, k, s, d in zip(spatial, ks, ss, ds, strict=True)]
    if depthwise:
        positional(draw, call, [("kernel_size", kernel)])
        return call, join(out, channels * multiplier, fmt)
    filters = draw(st.integers(1, 32))
    positional(draw, call, [("filters", filters), ("kernel_size", kernel)])
    return call, join(out, filters, fmt)


for _rank in (1, 2):
    for _name, _depthwise in (
        (f"SeparableConv{_rank}D", False),
        (f"SeparableConvolution{_rank}D", False),
        (f"DepthwiseConv{_rank}D", True),
    ):

        @kind(_name, _conv_applies(_rank, [_name]))
        def gen_separable(draw, shape, ctx, _rank=_rank, _name=_name, _depthwise=_depthwise):
            return _draw_separable(draw, shape, _rank, _name, _depthwise)


def _pool_applies(rank, name):
    return lambda s, c: have(name) and len(s) == rank + 1


def _draw_pool(draw, shape, rank, name, average):
    call = Call(name)
    fmt = draw_format(draw, call.kwargs)
    spatial, channels = split(shape, fmt)
    padding = draw(st.sampled_from(["valid", "same"]))
    pools = [
        draw(st.integers(1, 3 if n is None or padding == "same" else min(3, n))) for n in spatial
    ]
    strides = None
    if draw(st.booleans()):
        strides = [draw(st.integers(1, 3)) for _ in spatial]
        call.kwargs["strides"] = axis_arg(draw, strides)
    option(draw, call.kwargs, "padding", padding, "valid")
    # MaxPooling's pool_size defaults to 2 on every axis; AveragePooling's has no default.
    if average or set(pools) != {2} or draw(st.booleans()):
        positional(draw, call, [("pool_size", axis_arg(draw, pools))])
    steps = strides or pools
    out = [pool_len(n, p, s, padding) for n, p, s in zip(spatial, pools, steps, strict=True)]
    return call, join(out, channels, fmt)


for _rank in (1, 2, 3):
    for _name, _average in (
        (f"MaxPooling{_rank}D", False),
        (f"MaxPool{_rank}D", False),
        (f"AveragePooling{_rank}D", True),
        (f"AvgPool{_rank}D", True),
    ):

        @kind(_name, _pool_applies(_rank, _name))
        def gen_pool(draw, shape, ctx, _rank=_rank, _name=_name, _average=_average):
            return _draw_pool(draw, shape, _rank, _name, _average)


def _draw_global_pool(draw, shape, name):
    call = Call(name)
    fmt = draw_format(draw, call.kwargs)
    spatial, channels = split(shape, fmt)
    keepdims = draw(st.booleans())
    option(draw, call.kwargs, "keepdims", keepdims, False)
    return call, join([1] * len(spatial), channels, fmt) if keepdims else (channels,)


for _rank in (1, 2, 3):
    for _name in (
        f"GlobalMaxPooling{_rank}D",
        f"GlobalMaxPool{_rank}D",
        f"GlobalAveragePooling{_rank}D",
        f"GlobalAvgPool{_rank}D",
    ):

        @kind(_name, _pool_applies(_rank, _name))
        def gen_global_pool(draw, shape, ctx, _name=_name):
            return _draw_global_pool(draw, shape, _name)


RNNS = ("SimpleRNN", "LSTM", "GRU")


def _rnn_applies(*names):
    return lambda s, c: have(*names) and len(s) == 2 and s[-1] is not None


def _draw_rnn(
    draw, shape, ctx, name, *, wrapped=False, return_sequences=None, go_backwards=None, units=None
):
    if units is None:
        units = draw(st.integers(1, 32))
    call = Call(name)
    draw_activation(draw, call.kwargs)
    option(draw, call.kwargs, "use_bias", draw(st.booleans()), True)
    if return_sequences is None:
        return_sequences = draw(st.booleans())
    option(draw, call.kwargs, "return_sequences", return_sequences, False)
    if go_backwards is None:
        go_backwards = draw(st.booleans())
    option(draw, call.kwargs, "go_backwards", go_backwards, False)
    if shape[0] is not None and shape[0] <= 8 and draw(st.integers(0, 3)) == 0:
        call.kwargs["unroll"] = True
    if not wrapped and ctx["batch"] is not None and draw(st.integers(0, 3)) == 0:
        call.kwargs["stateful"] = True
    if draw(st.integers(0, 3)) == 0:
        call.kwargs["dropout"] = draw(st.sampled_from([0.0, 0.1, 0.5]))
    if name == "GRU":
        option(draw, call.kwargs, "reset_after", draw(st.booleans()), True)
    if name == "LSTM" and draw(st.integers(0, 3)) == 0:
        call.kwargs["unit_forget_bias"] = draw(st.booleans())
    maybe_trainable(draw, call.kwargs)
    positional(draw, call, [("units", units)])
    out = (shape[0], units) if return_sequences else (units,)
    return call, out, units, return_sequences


for _name in RNNS:

    @kind(_name, _rnn_applies(_name))
    def gen_rnn(draw, shape, ctx, _name=_name):
        call, out, _, _ = _draw_rnn(draw, shape, ctx, _name)
        return call, out


@kind("Bidirectional", lambda s, c: have("Bidirectional") and _rnn_applies(*RNNS)(s, c))
def gen_bidirectional(draw, shape, ctx):
    # Keras builds the backward layer from the forward one's config with go_backwards=True, and
    # the two must differ in go_backwards: the forward layer goes forwards unless an explicit
    # backward_layer (going the other way) is given.
    with_backward = draw(st.integers(0, 4)) == 0
    forward_backwards = with_backward and draw(st.booleans())
    inner_name = draw(st.sampled_from(RNNS))
    inner, out, units, sequences = _draw_rnn(
        draw, shape, ctx, inner_name, wrapped=True, go_backwards=forward_backwards
    )
    call = Call("Bidirectional")
    merge = draw(st.sampled_from(["concat", "sum", "ave", "mul"]))
    option(draw, call.kwargs, "merge_mode", merge, "concat")
    if with_backward:
        back_name = draw(st.sampled_from(RNNS))
        backward, _, _, _ = _draw_rnn(
            draw, shape, ctx, back_name, wrapped=True, return_sequences=sequences,
            go_backwards=not forward_backwards,
            units=None if merge == "concat" else units,  # merged outputs must have equal widths
        )  # fmt: skip
    positional(draw, call, [("layer", inner)])
    if with_backward:
        call.kwargs["backward_layer"] = backward
    maybe_trainable(draw, call.kwargs)
    # Keras computes Bidirectional's output shape from the forward layer alone (2 * units for
    # "concat") even when an explicit backward_layer has other units; paramlint mirrors that.
    # The symbolic shape is what the next layer is built on, so the stack tracks it too.
    width = 2 * units if merge == "concat" else units
    return call, (*out[:-1], width)


@kind(
    "TimeDistributed(Dense)",
    lambda s, c: have("TimeDistributed", "Dense") and len(s) >= 2 and s[-1] is not None,
)
def gen_time_distributed_dense(draw, shape, ctx):
    inner, inner_out = gen_dense(draw, shape[1:], ctx)
    call = positional(draw, Call("TimeDistributed"), [("layer", inner)])
    maybe_trainable(draw, call.kwargs)
    return call, (shape[0], *inner_out)


@kind(
    "TimeDistributed(Conv2D)",
    lambda s, c: have("TimeDistributed", "Conv2D") and bool(formats_with_channels(s[1:], 2)),
)
def gen_time_distributed_conv(draw, shape, ctx):
    inner, inner_out = _draw_conv(draw, shape[1:], 2, "Conv2D")
    call = positional(draw, Call("TimeDistributed"), [("layer", inner)])
    maybe_trainable(draw, call.kwargs)
    return call, (shape[0], *inner_out)


def known_axes(shape: Shape) -> list[int]:
    """Non-batch axes (as Keras axis numbers, 1-based) whose size is known."""
    return [i + 1 for i, n in enumerate(shape) if n is not None]


def show_axis(draw, axis: int, rank: int) -> int:
    """An axis (1-based over the non-batch dims) as a positive or negative Keras axis."""
    return axis if draw(st.booleans()) else axis - (rank + 1)


@kind("BatchNormalization", lambda s, c: have("BatchNormalization") and bool(known_axes(s)))
def gen_batch_norm(draw, shape, ctx):
    call = Call("BatchNormalization")
    axes = known_axes(shape)
    axis = len(shape) if len(shape) in axes and draw(st.booleans()) else draw(st.sampled_from(axes))
    option(draw, call.kwargs, "axis", show_axis(draw, axis, len(shape)), -1)
    option(draw, call.kwargs, "center", draw(st.booleans()), True)
    option(draw, call.kwargs, "scale", draw(st.booleans()), True)
    if draw(st.booleans()):
        call.kwargs["momentum"] = draw(st.sampled_from([0.9, 0.99]))
    if draw(st.integers(0, 5)) == 0:
        call.kwargs["renorm"] = True
    maybe_trainable(draw, call.kwargs)
    return call, shape


def _draw_axes(draw, shape) -> object:
    """Layer/Unit/RMSNormalization ``axis``: an int or a list of distinct axes."""
    axes = known_axes(shape)
    if len(shape) in axes and draw(st.booleans()):
        return show_axis(draw, len(shape), len(shape))
    chosen = draw(st.lists(st.sampled_from(axes), min_size=1, max_size=len(axes), unique=True))
    shown = [show_axis(draw, a, len(shape)) for a in chosen]
    return shown[0] if len(shown) == 1 and draw(st.booleans()) else shown


@kind("LayerNormalization", lambda s, c: have("LayerNormalization") and bool(known_axes(s)))
def gen_layer_norm(draw, shape, ctx):
    call = Call("LayerNormalization")
    option(draw, call.kwargs, "axis", _draw_axes(draw, shape), -1)
    option(draw, call.kwargs, "center", draw(st.booleans()), True)
    option(draw, call.kwargs, "scale", draw(st.booleans()), True)
    if draw(st.integers(0, 7)) == 0:
        call.kwargs["rms_scaling"] = True
    maybe_trainable(draw, call.kwargs)
    return call, shape


@kind("GroupNormalization", lambda s, c: have("GroupNormalization") and bool(known_axes(s)))
def gen_group_norm(draw, shape, ctx):
    call = Call("GroupNormalization")
    axes = known_axes(shape)
    axis = len(shape) if len(shape) in axes and draw(st.booleans()) else draw(st.sampled_from(axes))
    channels = shape[axis - 1]
    divisors = [g for g in range(1, channels + 1) if channels % g == 0]
    call.kwargs["groups"] = draw(st.sampled_from([*divisors, -1]))
    option(draw, call.kwargs, "axis", show_axis(draw, axis, len(shape)), -1)
    option(draw, call.kwargs, "center", draw(st.booleans()), True)
    option(draw, call.kwargs, "scale", draw(st.booleans()), True)
    maybe_trainable(draw, call.kwargs)
    return call, shape


@kind("UnitNormalization", lambda s, c: have("UnitNormalization") and bool(known_axes(s)))
def gen_unit_norm(draw, shape, ctx):
    call = Call("UnitNormalization")
    option(draw, call.kwargs, "axis", _draw_axes(draw, shape), -1)
    return call, shape


@kind("RMSNormalization", lambda s, c: have("RMSNormalization") and bool(known_axes(s)))
def gen_rms_norm(draw, shape, ctx):
    call = Call("RMSNormalization")
    option(draw, call.kwargs, "axis", _draw_axes(draw, shape), -1)
    maybe_trainable(draw, call.kwargs)
    return call, shape


def _rate(draw) -> float:
    return draw(st.sampled_from([0.0, 0.1, 0.25, 0.5]))


@kind("Dropout", lambda s, c: have("Dropout"))
def gen_dropout(draw, shape, ctx):
    call = positional(draw, Call("Dropout"), [("rate", _rate(draw))])
    if draw(st.integers(0, 3)) == 0:
        call.kwargs["seed"] = draw(st.integers(0, 100))
    return call, shape


for _rank in (1, 2, 3):
    _name = f"SpatialDropout{_rank}D"

    @kind(_name, lambda s, c, _rank=_rank, _name=_name: have(_name) and len(s) == _rank + 1)
    def gen_spatial_dropout(draw, shape, ctx, _rank=_rank, _name=_name):
        call = Call(_name)
        if _rank > 1:
            draw_format(draw, call.kwargs)
        return positional(draw, call, [("rate", _rate(draw))]), shape


@kind("GaussianNoise", lambda s, c: have("GaussianNoise"))
def gen_gaussian_noise(draw, shape, ctx):
    return positional(draw, Call("GaussianNoise"), [("stddev", _rate(draw))]), shape


@kind("GaussianDropout", lambda s, c: have("GaussianDropout"))
def gen_gaussian_dropout(draw, shape, ctx):
    return positional(draw, Call("GaussianDropout"), [("rate", _rate(draw))]), shape


@kind("AlphaDropout", lambda s, c: have("AlphaDropout"))
def gen_alpha_dropout(draw, shape, ctx):
    return positional(draw, Call("AlphaDropout"), [("rate", _rate(draw))]), shape


@kind("ActivityRegularization", lambda s, c: have("ActivityRegularization"))
def gen_activity_regularization(draw, shape, ctx):
    call = Call("ActivityRegularization")
    option(draw, call.kwargs, "l1", draw(st.sampled_from([0.0, 0.01])), 0.0)
    option(draw, call.kwargs, "l2", draw(st.sampled_from([0.0, 0.01])), 0.0)
    return call, shape


@kind("Activation", lambda s, c: have("Activation"))
def gen_activation(draw, shape, ctx):
    activation = draw(st.sampled_from(ACTIVATIONS))
    return positional(draw, Call("Activation"), [("activation", activation)]), shape


@kind("ReLU", lambda s, c: have("ReLU"))
def gen_relu(draw, shape, ctx):
    call = Call("ReLU")
    if draw(st.booleans()):
        call.kwargs["max_value"] = draw(st.sampled_from([None, 6.0]))
    if draw(st.booleans()):
        call.kwargs["negative_slope"] = draw(st.sampled_from([0.0, 0.1]))
    return call, shape


@kind("LeakyReLU", lambda s, c: have("LeakyReLU"))
def gen_leaky_relu(draw, shape, ctx):
    call = Call("LeakyReLU")
    option(draw, call.kwargs, "negative_slope", draw(st.sampled_from([0.3, 0.1])), 0.3)
    return call, shape


@kind("ELU", lambda s, c: have("ELU"))
def gen_elu(draw, shape, ctx):
    call = Call("ELU")
    option(draw, call.kwargs, "alpha", draw(st.sampled_from([1.0, 0.5])), 1.0)
    return call, shape


@kind("Softmax", lambda s, c: have("Softmax"))
def gen_softmax(draw, shape, ctx):
    call = Call("Softmax")
    axis = draw(st.integers(1, len(shape)))
    option(draw, call.kwargs, "axis", show_axis(draw, axis, len(shape)), -1)
    return call, shape


@kind("PReLU", lambda s, c: have("PReLU") and len(s) >= 1)
def gen_prelu(draw, shape, ctx):
    call = Call("PReLU")
    unknown = [i + 1 for i, n in enumerate(shape) if n is None]
    others = [i + 1 for i, n in enumerate(shape) if n is not None]
    shared = (
        sorted({*unknown, *draw(st.lists(st.sampled_from(others), unique=True))})
        if others
        else unknown
    )
    if shared:
        call.kwargs["shared_axes"] = (
            shared[0] if len(shared) == 1 and draw(st.booleans()) else shared
        )
    maybe_trainable(draw, call.kwargs)
    return call, shape


@kind("Masking", lambda s, c: have("Masking"))
def gen_masking(draw, shape, ctx):
    call = Call("Masking")
    option(draw, call.kwargs, "mask_value", draw(st.sampled_from([0.0, -1.0])), 0.0)
    return call, shape


@kind("Flatten", lambda s, c: have("Flatten"))
def gen_flatten(draw, shape, ctx):
    call = Call("Flatten")
    if draw(st.integers(0, 3)) == 0:
        call.kwargs["data_format"] = draw(st.sampled_from(DATA_FORMATS))
    size = None if None in shape else math.prod(shape)
    return call, (size,)


def divisors_of(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


@kind("Reshape", lambda s, c: have("Reshape") and None not in s)
def gen_reshape(draw, shape, ctx):
    total = math.prod(shape)
    rank = draw(st.integers(1, 4))
    target = []
    left = total
    for _ in range(rank - 1):
        d = draw(st.sampled_from([d for d in divisors_of(left) if d <= MAX_SPATIAL]))
        target.append(d)
        left //= d
    target.append(left)
    target = draw(st.permutations(target))
    out = tuple(target)
    if draw(st.booleans()):
        target = list(target)
        target[draw(st.integers(0, rank - 1))] = -1
    shown = tuple(target) if draw(st.integers(0, 4)) else list(target)
    return positional(draw, Call("Reshape"), [("target_shape", shown)]), out


@kind("Permute", lambda s, c: have("Permute"))
def gen_permute(draw, shape, ctx):
    dims = tuple(draw(st.permutations(range(1, len(shape) + 1))))
    return positional(draw, Call("Permute"), [("dims", dims)]), tuple(shape[d - 1] for d in dims)


@kind("RepeatVector", lambda s, c: have("RepeatVector") and len(s) == 1)
def gen_repeat_vector(draw, shape, ctx):
    n = draw(st.integers(1, 16))
    return positional(draw, Call("RepeatVector"), [("n", n)]), (n, shape[0])


def _pair_arg(draw, pairs: list[tuple[int, int]], rank: int) -> object:
    """ZeroPadding/Cropping: in 1-D an int or an (a, b) tuple; in 2-D/3-D an int, per-axis
    ints, or per-axis pairs."""
    if rank == 1:
        a, b = pairs[0]
        return a if a == b and draw(st.booleans()) else (a, b)
    if all(a == b == pairs[0][0] for a, b in pairs) and draw(st.booleans()):
        return pairs[0][0]
    if all(a == b for a, b in pairs) and draw(st.booleans()):
        return sequence(draw, [a for a, _ in pairs])
    return sequence(draw, [sequence(draw, pair) for pair in pairs])


def _spatial_applies(rank, name):
    return lambda s, c: have(name) and len(s) == rank + 1


for _rank in (1, 2, 3):
    _name = f"ZeroPadding{_rank}D"

    @kind(_name, _spatial_applies(_rank, _name))
    def gen_zero_padding(draw, shape, ctx, _rank=_rank, _name=_name):
        call = Call(_name)
        fmt = draw_format(draw, call.kwargs) if _rank > 1 else "channels_last"
        spatial, channels = split(shape, fmt)
        limit = spatial_limit(_rank)
        pairs = []
        for n in spatial:
            room = 3 if n is None else max(0, min(3, limit - n))
            a = draw(st.integers(0, room))
            b = a if draw(st.booleans()) else draw(st.integers(0, room - a))
            pairs.append((a, b))
        value = _pair_arg(draw, pairs, _rank)
        positional(draw, call, [("padding", value)])
        out = [None if n is None else n + a + b for n, (a, b) in zip(spatial, pairs, strict=True)]
        return call, join(out, channels, fmt)


for _rank in (1, 2, 3):
    _name = f"Cropping{_rank}D"

    @kind(_name, _spatial_applies(_rank, _name))
    def gen_cropping(draw, shape, ctx, _rank=_rank, _name=_name):
        call = Call(_name)
        fmt = draw_format(draw, call.kwargs) if _rank > 1 else "channels_last"
        spatial, channels = split(shape, fmt)
        pairs = []
        for n in spatial:
            room = 3 if n is None else min(3, n - 1)
            a = draw(st.integers(0, room))
            b = draw(st.integers(0, room - a))
            pairs.append((a, b))
        value = _pair_arg(draw, pairs, _rank)
        positional(draw, call, [("cropping", value)])
        out = [None if n is None else n - a - b for n, (a, b) in zip(spatial, pairs, strict=True)]
        return call, join(out, channels, fmt)


for _rank in (1, 2, 3):
    _name = f"UpSampling{_rank}D"

    @kind(_name, _spatial_applies(_rank, _name))
    def gen_upsampling(draw, shape, ctx, _rank=_rank, _name=_name):
        call = Call(_name)
        fmt = draw_format(draw, call.kwargs) if _rank > 1 else "channels_last"
        spatial, channels = split(shape, fmt)
        limit = spatial_limit(_rank)
        sizes = [draw(st.integers(1, max(1, min(3, limit // (n or 1))))) for n in spatial]
        positional(draw, call, [("size", axis_arg(draw, sizes) if _rank > 1 else sizes[0])])
        if _rank == 2 and draw(st.booleans()):
            call.kwargs["interpolation"] = draw(st.sampled_from(["nearest", "bilinear"]))
        out = [None if n is None else n * s for n, s in zip(spatial, sizes, strict=True)]
        return call, join(out, channels, fmt)


@kind("Rescaling", lambda s, c: have("Rescaling"))
def gen_rescaling(draw, shape, ctx):
    call = positional(draw, Call("Rescaling"), [("scale", draw(st.sampled_from([1 / 255, 2.0])))])
    option(draw, call.kwargs, "offset", draw(st.sampled_from([0.0, -1.0])), 0.0)
    return call, shape


@kind("Normalization", lambda s, c: have("Normalization") and bool(known_axes(s)))
def gen_normalization(draw, shape, ctx):
    call = Call("Normalization")
    axes = known_axes(shape)
    if len(shape) in axes and draw(st.booleans()):
        option(draw, call.kwargs, "axis", -1, -1)
    else:
        chosen = draw(st.lists(st.sampled_from(axes), min_size=1, max_size=len(axes), unique=True))
        shown = [show_axis(draw, a, len(shape)) for a in chosen]
        call.kwargs["axis"] = shown[0] if len(shown) == 1 else tuple(shown)
    if draw(st.integers(0, 3)) == 0:  # given statistics: no weights
        call.kwargs["mean"] = 0.5
        call.kwargs["variance"] = 2.0
    return call, shape


def _image_applies(name):
    return lambda s, c: have(name) and len(s) == 3


def _draw_image_format(draw, call: Call, shape: Shape) -> tuple[list, object, str]:
    fmt = draw_format(draw, call.kwargs)
    spatial, channels = split(shape, fmt)
    return spatial, channels, fmt


for _name in ("Resizing", "CenterCrop", "RandomCrop"):

    @kind(_name, _image_applies(_name))
    def gen_resize(draw, shape, ctx, _name=_name):
        call = Call(_name)
        height, width = draw(st.integers(1, MAX_SPATIAL)), draw(st.integers(1, MAX_SPATIAL))
        _, channels, fmt = _draw_image_format(draw, call, shape)
        if _name == "Resizing" and draw(st.booleans()):
            call.kwargs["interpolation"] = draw(st.sampled_from(["bilinear", "nearest"]))
        if _name == "Resizing" and draw(st.integers(0, 3)) == 0:
            call.kwargs["crop_to_aspect_ratio"] = True
        positional(draw, call, [("height", height), ("width", width)])
        return call, join([height, width], channels, fmt)


@kind("RandomFlip", _image_applies("RandomFlip"))
def gen_random_flip(draw, shape, ctx):
    call = Call("RandomFlip")
    mode = draw(st.sampled_from(["horizontal", "vertical", "horizontal_and_vertical"]))
    option(draw, call.kwargs, "mode", mode, "horizontal_and_vertical")
    _draw_image_format(draw, call, shape)
    return call, shape


for _name, _required in (
    ("RandomRotation", ("factor",)),
    ("RandomZoom", ("height_factor",)),
    ("RandomTranslation", ("height_factor", "width_factor")),
    ("RandomContrast", ("factor",)),
):

    @kind(_name, _image_applies(_name))
    def gen_random_image(draw, shape, ctx, _name=_name, _required=_required):
        call = Call(_name)
        if _name != "RandomContrast":
            _draw_image_format(draw, call, shape)
        factors = [(r, draw(st.sampled_from([0.1, 0.2, (-0.1, 0.2)]))) for r in _required]
        if _name == "RandomContrast":
            factors = [("factor", draw(st.sampled_from([0.1, 0.5, (0.2, 0.4)])))]
        return positional(draw, call, factors), shape


# -- whole stacks ---------------------------------------------------------------------------------

FAMILIES = ["dense", "conv", "pool", "rnn", "norm", "reshape", "noise", "activation", "preprocess"]
PREPROCESSING = {
    "Rescaling", "Normalization", "Resizing", "CenterCrop", "RandomCrop", "RandomFlip",
    "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast",
}  # fmt: skip
NOISE = {"Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization"}
ACTIVATION_LAYERS = {"Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "PReLU"}


def family(name: str) -> str:
    if name.startswith(("Dense", "TimeDistributed(Dense")):
        return "dense"
    if "Conv" in name:
        return "conv"
    if "Pool" in name:
        return "pool"
    if name in RNNS or name == "Bidirectional":
        return "rnn"
    if name in PREPROCESSING:
        return "preprocess"
    if name.endswith("Normalization"):
        return "norm"
    if name in NOISE or name.startswith("SpatialDropout") or name == "Masking":
        return "noise"
    if name in ACTIVATION_LAYERS:
        return "activation"
    return "reshape"


# Layers whose Keras constructor has no **kwargs, so cannot take ``input_shape=``.
NO_KWARGS = {"SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"}


@st.composite
def stacks(draw) -> Stack:
    start = draw(st.sampled_from(["vector", "sequence", "image", "volume", "tokens"]))
    batch = draw(st.sampled_from([None, None, None, 2, 4]))
    input_styles = ["input", "input_batch_shape", "build"]
    if have("InputLayer"):
        input_styles.append("input_layer")
    if batch is None:
        input_styles += ["kwarg", "input_dim"]
    input_style = draw(st.sampled_from(input_styles))
    dtype = None
    layers: list[Call] = []
    shapes: list[Shape] = []
    if start == "vector":
        shape: Shape = (draw(st.integers(1, MAX_UNITS)),)
    elif start == "sequence":
        steps = draw(st.one_of(st.none(), st.integers(1, MAX_SPATIAL)))
        shape = (steps, draw(st.integers(1, 32)))
    elif start == "image":
        size = st.integers(1, MAX_SPATIAL)
        shape = (draw(size), draw(size), draw(st.integers(1, 8)))
    elif start == "volume":
        size = st.integers(1, MAX_VOLUME)
        shape = (draw(size), draw(size), draw(size), draw(st.integers(1, 4)))
    else:
        dims = draw(st.integers(1, 2))
        shape = tuple(draw(st.one_of(st.none(), st.integers(1, 16))) for _ in range(dims))
        if dims == 2 and None in shape:
            shape = tuple(n or 4 for n in shape)
        if draw(st.booleans()):
            dtype = "int32"
    input_shape = shape
    ctx = {"batch": batch}
    if start == "tokens" and have("Embedding"):
        output_dim = draw(st.integers(1, 32))
        embedding = Call("Embedding")
        if draw(st.integers(0, 3)) == 0:
            embedding.kwargs["mask_zero"] = True
        required = [("input_dim", draw(st.integers(2, 100))), ("output_dim", output_dim)]
        # Embedding's `input_dim=` keyword is its vocabulary size, never an input shape (this
        # test found paramlint reading it as Keras 2's input-shape shorthand; fixed since).
        layers.append(positional(draw, embedding, required, 0))
        shape = (*shape, output_dim)
        shapes.append(shape)
    elif start == "tokens":
        shape = (*shape, 1)
        input_shape = shape

    count = draw(st.integers(1, MAX_LAYERS - len(layers)))
    for _ in range(count):
        options = [(name, gen) for name, applies, gen in KINDS if applies(shape, ctx)]
        if not options:
            break
        # A family first, then a kind in it: the many shape-agnostic kinds (noise, activations)
        # would otherwise crowd out convolutions and recurrent layers.
        families = sorted({family(name) for name, _ in options}, key=FAMILIES.index)
        chosen = draw(st.sampled_from(families))
        _, gen = draw(st.sampled_from([o for o in options if family(o[0]) == chosen]))
        call, shape = gen(draw, shape, ctx)
        layers.append(call)
        shapes.append(tuple(shape))
    assume(layers)

    if input_style == "input_dim" and (
        len(input_shape) != 1 or input_shape[0] is None or layers[0].name == "Embedding"
    ):
        input_style = "kwarg"  # `input_dim=` states a 1-D input; Embedding's is its vocabulary
    if input_style in ("kwarg", "input_dim") and layers[0].name in NO_KWARGS:
        input_style = "build"
    if input_style in ("kwarg", "input_dim", "build"):
        dtype = None  # only keras.Input / InputLayer take a dtype
    return Stack(
        input_shape=input_shape,
        batch=batch,
        input_dtype=dtype,
        layers=layers,
        import_style=draw(st.sampled_from(["keras", "layers", "layers_alias", "names"])),
        input_style=input_style,
        construction=draw(st.sampled_from(["list", "add", "function"])),
        shape_as_list=draw(st.integers(0, 4)) == 0,
        expected_shapes=shapes,
        freezes=draw(freezes(len(layers))),
    )


def freezes(layer_count: int) -> st.SearchStrategy[tuple[tuple[int | None, bool], ...]]:
    """A few trainable flags set after construction, on the model or its layers, in order."""
    target = st.one_of(st.none(), st.integers(0, layer_count - 1))
    some = st.lists(st.tuples(target, st.booleans()), min_size=1, max_size=3).map(tuple)
    return st.one_of(st.just(()), st.just(()), st.just(()), some)


# -- the oracle -----------------------------------------------------------------------------------


def _exec(source: str, stateless: bool):
    keras.backend.clear_session(free_memory=False)
    namespace: dict[str, object] = {"__name__": "generated_model"}
    code = compile(source, "<generated>", "exec")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if stateless:
                with keras.StatelessScope(initialize_variables=False):
                    exec(code, namespace)  # our own generated code
            else:
                exec(code, namespace)
        except Exception as error:
            return None, error
    return namespace["model"], None


def build_with_keras(source: str):
    """Exec the generated source with real Keras; the model, or the exception Keras raised."""
    model, error = _exec(source, stateless=True)
    if error is not None and "stateless scope" in str(error):
        # A stateful RNN creates its state variables with a concrete value at build time, which a
        # StatelessScope refuses: build this one the slow way.
        model, error = _exec(source, stateless=False)
    return model, error


def count(weights, trainable: bool | None = None) -> int:
    return sum(math.prod(w.shape) for w in weights if trainable is None or w.trainable == trainable)


def keras_facts(model) -> list[tuple]:
    """Per layer: class, output shape, and weight counts by each variable's own ``trainable``.

    The variable flags are what ``model.trainable_weights`` and ``summary()`` count. Keras's
    per-layer ``layer.trainable_weights`` disagrees with them for a wrapper built with
    ``trainable=False`` (``TimeDistributed(Dense(3), trainable=False)``): the layer lists no
    trainable weights, yet its variables stay trainable and the model trains them.
    """
    return [
        (
            type(layer).__name__,
            tuple(layer.output.shape),
            count(layer.weights),
            count(layer.weights, True),
            count(layer.weights, False),
        )
        for layer in model.layers
    ]


def paramlint_facts(model_report) -> list[tuple]:
    return [
        (row.class_name, row.output_shape, row.params, row.trainable, row.non_trainable)
        for row in model_report.layers
    ]


def table(facts: list[tuple]) -> str:
    return "\n".join(f"    {i}: {f}" for i, f in enumerate(facts))


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(stacks())
def test_paramlint_matches_keras(stack: Stack) -> None:
    source = render(stack)
    try:
        built = agrees_with_keras(
            source, f"generator's own shape tracking: {stack.expected_shapes}"
        )
    except AssertionError:
        if current_build_context().is_final:  # the shrunk example, run once more to report it
            note(f"kept as a regression fixture: {keep_as_regression(source)}")
        raise
    assume(built)  # a stack Keras rejects (and paramlint flagged) says nothing about counts


def keep_as_regression(source: str) -> Path:
    REGRESSIONS.mkdir(parents=True, exist_ok=True)
    path = REGRESSIONS / f"model_{hashlib.sha256(source.encode()).hexdigest()[:12]}.py"
    header = "# Shrunk by Hypothesis from a failure of tests/test_property_keras.py.\n"
    path.write_text(header + source, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*.py")), ids=lambda path: path.stem)
def test_regression_fixtures_match_keras(path: Path) -> None:
    agrees_with_keras(path.read_text(encoding="utf-8"), f"regression fixture {path.name}")


def agrees_with_keras(source: str, context: str) -> bool:
    """Assert that paramlint and Keras agree on the model the source builds; False if Keras
    rejects the model (and paramlint flagged it: that is an agreement too)."""
    report = analyze_code(source)
    model, error = build_with_keras(source)
    if error is not None:
        # The generator made a stack Keras rejects: paramlint must have said so too.
        flagged = [
            row
            for m in report.models
            for row in m.layers
            if row.problem_kind in ("keras-error", "argument-error")
        ]
        assert flagged, (
            f"Keras rejects this stack ({type(error).__name__}: {error}) but paramlint reports "
            f"no keras-error/argument-error:\n{source}"
        )
        return False
    assert len(report.models) == 1, f"paramlint found {len(report.models)} models in:\n{source}"
    found = report.models[0]
    problems = [(r.class_name, r.problem_kind, r.problem) for r in found.layers if r.problem_kind]
    expected, actual = keras_facts(model), paramlint_facts(found)
    message = (
        f"paramlint disagrees with Keras on:\n{source}\n"
        f"  (class, output shape, params, trainable, non-trainable)\n"
        f"  keras:\n{table(expected)}\n  paramlint:\n{table(actual)}\n"
        f"  {context}\n"
        f"  paramlint problems: {problems} uncertain: {found.uncertain}"
    )
    assert actual == expected, message
    assert found.complete, message
    totals = (found.total(), found.total(trainable=True), found.total(trainable=False))
    keras_totals = (
        model.count_params(),
        count(model.trainable_weights),
        count(model.non_trainable_weights),
    )
    assert totals == keras_totals, f"totals {totals} != keras {keras_totals}\n{message}"
    return True
