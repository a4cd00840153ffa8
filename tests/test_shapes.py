"""analyzer/shapes.py directly: symbolic sizes stay exact and agree with the int path and Keras."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paramlint.analyzer.dims import FloorDiv, Poly, Symbol
from paramlint.analyzer.layers.base import KerasError, OutputSizeError, Unresolved
from paramlint.analyzer.shapes import (
    compute_conv_output_shape,
    compute_conv_transpose_output_shape,
    compute_pooling_output_shape,
    conv_output_length,
    conv_transpose_output_length,
    pooling_output_length,
)

H = Poly.symbol("h")


def _has_floordiv(value: object) -> bool:
    return isinstance(value, Poly) and any(isinstance(a, FloorDiv) for a in value.atoms())


def test_strided_conv_length_is_a_floordiv_that_substitutes_back() -> None:
    length = conv_output_length(H, 3, 2, "valid")
    assert _has_floordiv(length)
    assert isinstance(length, Poly)
    for h in range(3, 40):
        assert length.substitute({"h": h}) == conv_output_length(h, 3, 2, "valid")
    keras_ops, _ = _keras_utils()
    keras_shape = keras_ops.compute_conv_output_shape(  # type: ignore[attr-defined]
        (None, 28, 28, 3), 8, (3, 3), (2, 2), "valid", "channels_last", (1, 1)
    )
    assert length.substitute({"h": 28}) == keras_shape[1] == 13


def test_unit_stride_stays_a_plain_polynomial() -> None:
    assert conv_output_length(H, 3, 1, "valid") == H - 2
    assert conv_output_length(H, 3, 1, "valid", dilation=2) == H - 4
    assert conv_output_length(H, 5, 1, "same") == H
    assert conv_output_length(H, 3, 1, "causal") == H
    assert pooling_output_length(2 * H, 2, 2, "valid") == H  # exact division needs no floor


def test_same_padding_is_a_ceiling() -> None:
    length = pooling_output_length(H, 2, 3, "same")
    assert _has_floordiv(length)
    assert isinstance(length, Poly)
    assert [length.substitute({"h": h}) for h in (1, 2, 3, 4, 7)] == [1, 1, 1, 2, 3]


def test_transpose_length_is_polynomial() -> None:
    two_h = Poly({((Symbol("h"), 1),): 2})
    assert conv_transpose_output_length(H, 3, 2, "same") == two_h  # input * stride
    assert conv_transpose_output_length(H, 3, 2, "valid") == two_h + 1  # (h - 1)·2 + 3
    assert conv_transpose_output_length(H, 2, 3, "valid") == H * 3  # max(kernel, stride) wins
    # same + output_padding: (h - 1)·2 + 4 % 2 + 1
    assert conv_transpose_output_length(H, 4, 2, "same", output_padding=1) == two_h - 1


def test_none_stays_none_and_symbolic_sizes_raise_nothing() -> None:
    assert conv_output_length(None, 3, 2, "valid") is None
    assert pooling_output_length(None, 2, 2, "valid") is None
    assert conv_transpose_output_length(None, 3, 2, "valid") is None
    # A symbol may be small, but it is given the benefit of the doubt: no error.
    shape = compute_conv_output_shape(
        (None, H, 7, 3), 8, (9, 3), (1, 1), "valid", "channels_last", (1, 1)
    )
    assert shape == (None, H - 8, 5, 8)


def test_known_sizes_raise_keras_errors() -> None:
    with pytest.raises(OutputSizeError, match="Computed output size would be zero or negative"):
        compute_conv_output_shape(
            (None, 2, 8, 3), 4, (3, 3), (1, 1), "valid", "channels_last", (1, 1)
        )
    with pytest.raises(OutputSizeError, match="Computed output size would be zero or negative"):
        compute_pooling_output_shape((None, 2, 8, 3), (3, 3), None, "valid", "channels_last")
    with pytest.raises(KerasError, match="Kernel shape must have the same length"):
        compute_conv_output_shape((None, 8, 8, 3), 4, (3,), (1,), "valid", "channels_last", (1,))
    with pytest.raises(KerasError, match="padding"):
        pooling_output_length(8, 2, 2, "SAME")


def test_symbolic_stride_is_unresolved() -> None:
    with pytest.raises(Unresolved):
        conv_output_length(10, 3, Poly.symbol("s"), "valid")


def test_whole_shapes_with_symbols_and_channels_first() -> None:
    w = Poly.symbol("w")
    shape = compute_conv_output_shape(
        (None, 3, H, w), 16, (3, 3), (2, 2), "same", "channels_first", (1, 1)
    )
    assert shape[:2] == (None, 16)
    assert shape[2] == pooling_output_length(H, 3, 2, "same")  # same padding ignores the window
    pooled = compute_pooling_output_shape((None, H, 5, 4), (2, 2), None, "valid", "channels_last")
    assert isinstance(pooled[1], Poly)
    assert pooled[1].substitute({"h": 9}) == 4
    assert pooled[2:] == (2, 4)
    up = compute_conv_transpose_output_shape(
        (None, H, 5, 4), (3, 3), 8, (2, 2), "same", None, "channels_last", (1, 1)
    )
    assert up == (None, 2 * H, 10, 8)


# -- the int path, the symbolic path and Keras's own functions agree -------------------------------


def _keras_utils() -> tuple[object, object]:
    ops = pytest.importorskip("keras.src.ops.operation_utils")
    backend = pytest.importorskip("keras.src.backend.common.backend_utils")
    return ops, backend


def _at(symbolic: object, size: int) -> object:
    return symbolic.substitute({"h": size}) if isinstance(symbolic, Poly) else symbolic


windows = st.tuples(
    st.integers(1, 40),  # size
    st.integers(1, 6),  # kernel / pool size
    st.integers(1, 4),  # stride
    st.integers(1, 3),  # dilation
    st.sampled_from(["valid", "same"]),
)
Window = tuple[int, int, int, int, str]


@settings(max_examples=300, deadline=None)
@given(windows)
def test_conv_matches_keras(window: Window) -> None:
    size, kernel, stride, dilation, padding = window
    keras_ops, _ = _keras_utils()

    def ours() -> tuple[object, ...]:
        return compute_conv_output_shape(
            (None, size, 2), 5, (kernel,), (stride,), padding, "channels_last", (dilation,)
        )

    try:
        expected = keras_ops.compute_conv_output_shape(  # type: ignore[attr-defined]
            (None, size, 2), 5, (kernel,), (stride,), padding, "channels_last", (dilation,)
        )
    except ValueError:
        with pytest.raises(OutputSizeError):
            ours()
        return
    assert ours() == tuple(expected)
    assert _at(conv_output_length(H, kernel, stride, padding, dilation), size) == expected[1]


@settings(max_examples=300, deadline=None)
@given(windows)
def test_pooling_matches_keras(window: Window) -> None:
    size, pool, stride, _, padding = window
    keras_ops, _ = _keras_utils()

    def ours() -> tuple[object, ...]:
        return compute_pooling_output_shape(
            (None, size, 2), (pool,), (stride,), padding, "channels_last"
        )

    try:
        expected = keras_ops.compute_pooling_output_shape(  # type: ignore[attr-defined]
            (None, size, 2), (pool,), (stride,), padding, "channels_last"
        )
    except ValueError:
        with pytest.raises(OutputSizeError):
            ours()
        return
    assert ours() == tuple(expected)
    assert _at(pooling_output_length(H, pool, stride, padding), size) == expected[1]


@settings(max_examples=300, deadline=None)
@given(windows, st.one_of(st.none(), st.integers(0, 3)))
def test_conv_transpose_matches_keras(window: Window, output_padding: int | None) -> None:
    size, kernel, stride, dilation, padding = window
    _, keras_backend = _keras_utils()
    pad = None if output_padding is None else (output_padding,)
    args = ((None, size, 2), (kernel,), 5, (stride,), padding, pad, "channels_last", (dilation,))
    expected = keras_backend.compute_conv_transpose_output_shape(*args)  # type: ignore[attr-defined]
    if expected[1] < 0:  # Keras's output KerasTensor refuses a negative size
        with pytest.raises(OutputSizeError):
            compute_conv_transpose_output_shape(*args)
        return
    assert compute_conv_transpose_output_shape(*args) == tuple(expected)
    symbolic = conv_transpose_output_length(H, kernel, stride, padding, output_padding, dilation)
    assert _at(symbolic, size) == expected[1]
