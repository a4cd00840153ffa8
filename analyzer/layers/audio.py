"""Audio preprocessing: MelSpectrogram and STFTSpectrogram (keras/src/layers/preprocessing/).

MelSpectrogram has no weights; its output is ``(batch, num_mel_bins, frames)``. STFTSpectrogram
is a strided 1-D convolution with fixed Fourier kernels: ``real_kernel`` and ``imag_kernel``
``(frame_length, 1, fft_length // 2 + 1)``, trainable unless the layer is frozen (``mode="real"``
has no imaginary kernel, ``mode="imag"`` no real one).
"""

from __future__ import annotations

import math

from ..dims import Dim, Shape, floordiv
from ..shapes import compute_conv_output_shape
from ..values import Unknown
from .base import KerasError, LayerSpec, Unresolved, Weight, dim_value, resolved
from .base import data_format as data_format_arg
from .registry import register

_STFT_MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")


def _known(value: object, name: str) -> int:
    value = resolved(value, name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise Unresolved(f"`{name}` must be a known integer; it is {value!r}")
    return value


@register
class MelSpectrogram(LayerSpec):
    def __init__(
        self,
        fft_length: object = 2048,
        sequence_stride: object = 512,
        sequence_length: object = None,
        window: object = "hann",
        sampling_rate: object = 16000,
        num_mel_bins: object = 128,
        min_freq: object = 20.0,
        max_freq: object = None,
        power_to_db: object = True,
        top_db: object = 80.0,
        mag_exp: object = 2.0,
        min_power: object = 1e-10,
        ref_power: object = 1.0,
        **kwargs: object,
    ) -> None:
        length = sequence_length or fft_length
        if isinstance(fft_length, int) and isinstance(length, int) and fft_length < length:
            raise KerasError(
                "`fft_length` must be greater than or equal to `sequence_length`. Received: "
                f"`sequence_length`={length}, `fft_length`={fft_length}."
            )
        super().__init__(**kwargs)
        self.sequence_stride = sequence_stride
        self.num_mel_bins = dim_value(num_mel_bins, "num_mel_bins")

    def output_shape(self, input_shape: Shape) -> Shape:
        stride = _known(self.sequence_stride, "sequence_stride")

        def frames(samples: Dim) -> Dim:
            return None if samples is None else floordiv(samples + stride + 1, stride)  # type: ignore[operator]

        if len(input_shape) == 1:
            return (self.num_mel_bins, frames(input_shape[0]))
        return (input_shape[0], self.num_mel_bins, frames(input_shape[1]))


@register
class STFTSpectrogram(LayerSpec):
    input_ndim = 3

    def __init__(
        self,
        mode: object = "log",
        frame_length: object = 256,
        frame_step: object = None,
        fft_length: object = None,
        window: object = "hann",
        periodic: object = False,
        scaling: object = "density",
        padding: object = "valid",
        expand_dims: object = False,
        data_format: object = None,
        **kwargs: object,
    ) -> None:
        length = frame_length
        if (
            isinstance(frame_step, int)
            and isinstance(length, int)
            and (frame_step > length or frame_step < 1)
        ):
            raise KerasError(
                "`frame_step` should be a positive integer not greater than `frame_length`. "
                f"Received frame_step={frame_step}, frame_length={length}"
            )
        if isinstance(fft_length, int) and isinstance(length, int) and fft_length < length:
            raise KerasError(
                "`fft_length` should be not less than `frame_length`. "
                f"Received fft_length={fft_length}, frame_length={length}"
            )
        if not isinstance(mode, Unknown) and mode not in _STFT_MODES:
            raise KerasError(
                f"Output mode is invalid, it must be one of {', '.join(_STFT_MODES)}. "
                f"Received: mode={mode}"
            )
        if scaling not in (None, "density", "spectrum") and not isinstance(scaling, Unknown):
            raise KerasError(
                "Scaling is invalid, it must be `None`, 'density' or 'spectrum'. "
                f"Received scaling={scaling}"
            )
        if not isinstance(padding, Unknown) and padding not in ("valid", "same"):
            raise KerasError(
                f"Padding is invalid, it should be 'valid', 'same'. Received: padding={padding}"
            )
        super().__init__(**kwargs)
        self.mode = mode
        self.frame_length = frame_length
        self.frame_step = frame_step
        self.fft_length = fft_length
        self.padding = padding
        self.expand_dims = expand_dims
        self.data_format = data_format_arg(data_format)

    def _sizes(self) -> tuple[int, int, int]:
        """``frame_length``, Keras's ``_frame_step`` and ``_fft_length``."""
        length = _known(self.frame_length, "frame_length")
        step = length // 2 if self.frame_step is None else _known(self.frame_step, "frame_step")
        if self.fft_length is None:
            fft = 2 ** math.ceil(math.log2(length))
        else:
            fft = _known(self.fft_length, "fft_length")
        return length, step, fft

    def output_shape(self, input_shape: Shape) -> Shape:
        length, step, fft = self._sizes()
        fmt = str(resolved(self.data_format, "data_format"))
        channels = input_shape[-1] if fmt == "channels_last" else input_shape[1]
        freq_channels = fft // 2 + 1
        if resolved(self.mode, "mode") == "stft":
            freq_channels *= 2
        filters = None if channels is None else freq_channels * channels
        shape = compute_conv_output_shape(
            input_shape, filters, (length,), (step,), str(resolved(self.padding, "padding")), fmt,
            (1,),
        )  # fmt: skip
        if resolved(self.expand_dims, "expand_dims"):
            batch, time = shape[0], shape[1] if fmt == "channels_last" else shape[2]
            if fmt == "channels_last":
                return (batch, time, freq_channels, channels)
            return (batch, channels, time, freq_channels)
        return shape

    def build_weights(self, input_shape: Shape) -> list[Weight]:
        length, _, fft = self._sizes()
        shape = (length, 1, fft // 2 + 1)
        mode = resolved(self.mode, "mode")
        weights = []
        if mode != "imag":
            weights.append(Weight("real_kernel", shape, True))
        if mode != "real":
            weights.append(Weight("imag_kernel", shape, True))
        return weights
