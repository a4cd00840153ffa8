"""Parity cases for the recurrent layers: SimpleRNN, LSTM, GRU."""

# Registers the specs until the lead wires them into analyzer/layers/__init__.py.
from paramlint.analyzer.layers import rnn  # noqa: F401

CASES = [
    # Numbers from users' questions.
    ("SimpleRNN(10)", (None, 3, 1)),  # 120
    ("SimpleRNN(1)", (None, 50, 3)),  # 5
    ("SimpleRNN(2)", (None, 50, 3)),  # 12
    ("SimpleRNN(3)", (None, 50, 3)),  # 21
    ("SimpleRNN(4)", (None, 50, 3)),  # 32
    ("SimpleRNN(4)", (None, None, 5)),  # 40
    ("LSTM(4, return_sequences=True)", (None, None, 5)),  # 160
    ("LSTM(10, return_sequences=True)", (None, None, 1)),  # 480
    # SimpleRNN flags.
    ("SimpleRNN(units=8, activation='relu', use_bias=False)", (None, 7, 3)),
    ("SimpleRNN(8, activation=None)", (None, 7, 3)),
    ("SimpleRNN(6, return_sequences=True)", (None, 7, 3)),
    ("SimpleRNN(6, return_state=True)", (None, 7, 3)),
    ("SimpleRNN(6, return_sequences=True, return_state=True)", (None, 7, 3)),
    ("SimpleRNN(6, go_backwards=True, unroll=True)", (None, 7, 3)),
    ("SimpleRNN(4, unroll=True)", (None, None, 3)),
    ("SimpleRNN(6, stateful=True)", (4, 7, 3)),
    ("SimpleRNN(6, stateful=True, return_state=True)", (4, None, 3)),
    ("SimpleRNN(6, dropout=0.2, recurrent_dropout=0.3, seed=1)", (None, 7, 3)),
    ("SimpleRNN(6, trainable=False)", (None, 7, 3)),
    ("SimpleRNN(6, dtype='float64')", (None, 7, 3)),
    ("SimpleRNN(6, kernel_regularizer='l2', activity_regularizer='l1', name='rnn')", (None, 7, 3)),
    # LSTM flags.
    ("LSTM(32)", (None, 10, 8)),
    ("LSTM(4, use_bias=False)", (None, 5, 3)),
    ("LSTM(4, unit_forget_bias=False, recurrent_activation='hard_sigmoid')", (None, 5, 3)),
    ("LSTM(4, return_state=True)", (None, 5, 3)),
    ("LSTM(4, return_sequences=True, return_state=True)", (None, 5, 3)),
    ("LSTM(4, go_backwards=True, return_sequences=True)", (None, 5, 3)),
    ("LSTM(4, stateful=True)", (2, 5, 3)),
    ("LSTM(4, unroll=True)", (None, None, 3)),
    ("LSTM(4, use_cudnn=False)", (None, 5, 3)),
    ("LSTM(4, use_cudnn=True)", (None, 5, 3)),
    ("LSTM(4, implementation=1)", (None, 5, 3)),
    ("LSTM(4, zero_output_for_mask=True)", (None, 5, 3)),
    ("LSTM(4, dropout=0.2, recurrent_dropout=0.5)", (None, 5, 3)),
    ("LSTM(4, trainable=False)", (None, 5, 3)),
    ("LSTM(4, dtype='mixed_float16')", (None, 5, 3)),
    ("LSTM(4, dtype='float64')", (None, 5, 3)),
    ("LSTM(4, input_shape=(5, 3))", (None, 5, 3)),
    ("LSTM(16)", (8, 100, 64)),
    # GRU, reset_after both ways.
    ("GRU(4)", (None, 5, 3)),
    ("GRU(4, reset_after=True)", (None, None, 3)),
    ("GRU(4, reset_after=False)", (None, 5, 3)),
    ("GRU(4, reset_after=False, use_bias=False)", (None, 5, 3)),
    ("GRU(4, use_bias=False)", (None, 5, 3)),
    ("GRU(4, return_sequences=True, return_state=True)", (None, 5, 3)),
    ("GRU(4, return_state=True, reset_after=False)", (None, 5, 3)),
    ("GRU(4, go_backwards=True, unroll=True, use_cudnn=False)", (None, 5, 3)),
    ("GRU(4, stateful=True, return_sequences=True)", (3, 5, 3)),
    ("GRU(4, implementation=1, trainable=False)", (None, 5, 3)),
    ("GRU(4, use_cudnn=1)", (None, 5, 3)),
    # Keras rejects these.
    ("LSTM(4)", (None, 5)),  # rank 2
    ("SimpleRNN(4)", (None, 2, 5, 3)),  # rank 4
    ("GRU(4)", (None,)),
    ("LSTM(4)", (None, 5, None)),  # undefined feature axis
    ("SimpleRNN(0)", (None, 5, 3)),
    ("SimpleRNN(-2)", (None, 5, 3)),
    ("SimpleRNN(4, activation='foo')", (None, 5, 3)),
    ("GRU(4, recurrent_activation='foo')", (None, 5, 3)),
    ("LSTM(4, use_cudnn='yes')", (None, 5, 3)),
    ("GRU(4, use_cudnn='no')", (None, 5, 3)),
    ("LSTM(4, stateful=True)", (None, 5, 3)),  # stateful needs a static batch size
    ("SimpleRNN(4, implementation=1)", (None, 5, 3)),  # only LSTM and GRU take it
    ("SimpleRNN(4, use_cudnn=True)", (None, 5, 3)),
    ("LSTM(4, foo=1)", (None, 5, 3)),
    ("LSTM(4.0)", (None, 5, 3)),
]
