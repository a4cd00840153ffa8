"""Parity cases for the wrappers: Bidirectional and TimeDistributed."""

# Registers the specs until the lead wires them into analyzer/layers/__init__.py.
from paramlint.analyzer.layers import normalization, rnn, wrappers  # noqa: F401

CASES = [
    # Numbers from users' questions.
    ("TimeDistributed(Dense(1))", (None, None, 10)),  # 11
    # Bidirectional: every merge mode, with and without sequences.
    ("Bidirectional(LSTM(4))", (None, 5, 3)),
    ("Bidirectional(LSTM(4), merge_mode='concat')", (None, None, 3)),
    ("Bidirectional(LSTM(4), merge_mode='sum')", (None, 5, 3)),
    ("Bidirectional(LSTM(4), merge_mode='ave')", (None, 5, 3)),
    ("Bidirectional(LSTM(4), merge_mode='mul')", (None, 5, 3)),
    ("Bidirectional(LSTM(4), merge_mode=None)", (None, 5, 3)),
    ("Bidirectional(LSTM(4, return_sequences=True))", (None, 5, 3)),
    ("Bidirectional(LSTM(4, return_sequences=True), merge_mode='sum')", (None, 5, 3)),
    ("Bidirectional(LSTM(4, return_sequences=True), merge_mode='ave')", (None, None, 3)),
    ("Bidirectional(LSTM(4, return_sequences=True), merge_mode='mul')", (None, 5, 3)),
    ("Bidirectional(LSTM(4, return_sequences=True), merge_mode=None)", (None, 5, 3)),
    ("Bidirectional(SimpleRNN(4, return_sequences=True))", (None, None, 3)),
    ("Bidirectional(SimpleRNN(10))", (None, 3, 1)),
    ("Bidirectional(GRU(4))", (None, 5, 3)),
    ("Bidirectional(GRU(4, reset_after=False))", (None, 5, 3)),
    ("Bidirectional(layer=GRU(8, return_sequences=True), merge_mode='sum')", (None, 5, 3)),
    # return_state from the wrapped layer.
    ("Bidirectional(LSTM(4, return_state=True))", (None, 5, 3)),
    ("Bidirectional(LSTM(4, return_state=True), merge_mode='sum')", (None, 5, 3)),
    ("Bidirectional(LSTM(4, return_state=True), merge_mode=None)", (None, 5, 3)),
    ("Bidirectional(GRU(4, return_sequences=True, return_state=True))", (None, 5, 3)),
    # Explicit backward layers (the output shape comes from the forward layer alone).
    ("Bidirectional(LSTM(4), backward_layer=LSTM(6, go_backwards=True))", (None, 5, 3)),
    (
        "Bidirectional(LSTM(4), backward_layer=LSTM(6, go_backwards=True), merge_mode='sum')",
        (None, 5, 3),
    ),
    ("Bidirectional(LSTM(4), backward_layer=GRU(5, go_backwards=True))", (None, 5, 3)),
    (
        "Bidirectional(GRU(4), backward_layer=GRU(4, go_backwards=True, reset_after=False))",
        (None, 5, 3),
    ),
    ("Bidirectional(LSTM(4, go_backwards=True), backward_layer=LSTM(3))", (None, 5, 3)),
    (
        "Bidirectional(LSTM(4, return_sequences=True), "
        "backward_layer=LSTM(4, go_backwards=True, return_sequences=True))",
        (None, 5, 3),
    ),
    # Flags: the wrapped layer's own trainable/dtype count; the wrapper's do not reach the
    # inner variables in Keras 3.
    ("Bidirectional(LSTM(4, trainable=False))", (None, 5, 3)),
    ("Bidirectional(LSTM(4), trainable=False)", (None, 5, 3)),
    ("Bidirectional(SimpleRNN(4, dtype='float64'))", (None, 5, 3)),
    ("Bidirectional(LSTM(4), dtype='float16')", (None, 5, 3)),
    ("Bidirectional(LSTM(4, stateful=True))", (2, 5, 3)),
    ("Bidirectional(LSTM(4, unroll=True))", (None, None, 3)),
    ("Bidirectional(LSTM(4), weights=None, name='bi')", (None, 5, 3)),
    # TimeDistributed around Dense, Embedding, normalization, recurrent and wrapper layers.
    ("TimeDistributed(Dense(4))", (None, 5, 3)),
    ("TimeDistributed(Dense(4))", (3, 5, 3)),
    ("TimeDistributed(Dense(3))", (None, 5, 2, 4)),
    ("TimeDistributed(Dense(4, use_bias=False, trainable=False))", (None, 5, 3)),
    ("TimeDistributed(Dense(4), trainable=False)", (None, 5, 3)),
    ("TimeDistributed(Dense(3, dtype='float16'))", (None, 5, 3)),
    ("TimeDistributed(Dense(3), dtype='float16')", (None, 5, 3)),
    ("TimeDistributed(Dense(4), input_shape=(5, 3))", (None, 5, 3)),
    ("TimeDistributed(Embedding(10, 4))", (None, 2, 3)),
    ("TimeDistributed(BatchNormalization())", (None, 2, 3)),
    ("TimeDistributed(BatchNormalization(axis=1))", (None, 2, 3, 4)),
    ("TimeDistributed(LayerNormalization(axis=2))", (None, 5, 2, 4)),
    ("TimeDistributed(LSTM(3))", (None, 2, 5, 4)),
    ("TimeDistributed(GRU(3, return_sequences=True))", (None, 2, None, 4)),
    ("TimeDistributed(Bidirectional(LSTM(4)))", (None, 2, 5, 3)),
    ("TimeDistributed(TimeDistributed(Dense(4)))", (None, 2, 5, 3)),
    # Keras rejects these.
    ("Bidirectional(LSTM(4), merge_mode='Concat')", (None, 5, 3)),
    ("Bidirectional(LSTM(4), merge_mode='max')", (None, 5, 3)),
    ("Bidirectional(LSTM(4))", (None, 5)),
    ("Bidirectional(LSTM(4))", (None, 5, None)),
    ("Bidirectional(LSTM(4, go_backwards=True))", (None, 5, 3)),
    ("Bidirectional(LSTM(4), backward_layer=LSTM(6))", (None, 5, 3)),
    (
        "Bidirectional(GRU(4, return_sequences=True), backward_layer=GRU(4, go_backwards=True))",
        (None, 5, 3),
    ),
    (
        "Bidirectional(LSTM(4, return_state=True), backward_layer=LSTM(4, go_backwards=True))",
        (None, 5, 3),
    ),
    ("Bidirectional(LSTM(4, stateful=True))", (None, 5, 3)),
    ("Bidirectional(Dense(4))", (None, 5, 3)),
    ("Bidirectional(Bidirectional(LSTM(4)))", (None, 5, 3)),
    ("Bidirectional(TimeDistributed(Dense(4)))", (None, 5, 3)),
    ("Bidirectional(3)", (None, 5, 3)),
    ("Bidirectional(LSTM(4), foo=3)", (None, 5, 3)),
    ("TimeDistributed(Dense(3))", (None, 5)),
    ("TimeDistributed(Dense(4))", (None, 5, None)),
    ("TimeDistributed(LSTM(3))", (None, 5, 4)),
    ("TimeDistributed(LSTM(4, return_state=True))", (None, 2, 5, 3)),
    ("TimeDistributed(Bidirectional(LSTM(4), merge_mode=None))", (None, 2, 5, 3)),
    ("TimeDistributed('dense')", (None, 5, 3)),
]
