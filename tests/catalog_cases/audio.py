"""Parity cases for MelSpectrogram and STFTSpectrogram."""

CASES = [
    ("MelSpectrogram()", (None, 16000)),
    ("MelSpectrogram(fft_length=1024, sequence_stride=256, num_mel_bins=64)", (None, 8000)),
    ("MelSpectrogram(sequence_stride=160, sequence_length=400, fft_length=512)", (4, None)),
    ("MelSpectrogram(num_mel_bins=40, sampling_rate=8000, power_to_db=False)", (16000,)),
    ("MelSpectrogram(fft_length=256, sequence_length=512)", (None, 16000)),  # rejected
    ("STFTSpectrogram()", (None, 16000, 1)),
    ("STFTSpectrogram(mode='stft', frame_length=128, frame_step=64)", (None, 4000, 2)),
    ("STFTSpectrogram(mode='real', frame_length=100, fft_length=128)", (None, 4000, 1)),
    ("STFTSpectrogram(mode='imag', padding='same', frame_step=32)", (None, 4000, 1)),
    ("STFTSpectrogram(mode='magnitude', expand_dims=True)", (None, 4000, 3)),
    ("STFTSpectrogram(data_format='channels_first', expand_dims=True)", (None, 2, 4000)),
    ("STFTSpectrogram(data_format='channels_first')", (None, 2, 4000)),
    ("STFTSpectrogram(mode='psd', scaling=None, window=None, trainable=False)", (None, 4000, 1)),
    ("STFTSpectrogram(mode='angle', dtype='float64', periodic=True)", (None, 4000, 1)),
    ("STFTSpectrogram()", (None, None, 1)),
    ("STFTSpectrogram(mode='spectrum')", (None, 4000, 1)),  # rejected
    ("STFTSpectrogram(frame_step=300)", (None, 4000, 1)),  # rejected
    ("STFTSpectrogram(frame_length=256, fft_length=128)", (None, 4000, 1)),  # rejected
    ("STFTSpectrogram(padding='causal')", (None, 4000, 1)),  # rejected
    ("STFTSpectrogram(scaling='power')", (None, 4000, 1)),  # rejected
    ("STFTSpectrogram()", (None, 4000)),  # rejected: rank 2
    ("STFTSpectrogram()", (None, 100, 1)),  # rejected: shorter than a frame
]
