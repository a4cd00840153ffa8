CASES = [
    ("Dense(10)", (None, 3)),
    ("Dense(1, activation='linear')", (None, 10)),
    ("Dense(units=7, use_bias=False)", (None, 5)),
    ("Dense(4)", (None, 6, 5)),
    ("Dense(4)", (None, 2, 6, 5)),
    ("Dense(3, trainable=False)", (None, 5)),
    ("Dense(3, lora_rank=2)", (None, 5)),
    ("Dense(3, dtype='float16')", (None, 5)),
    ("Dense(3)", (None,)),
    ("Dense(3, activation='Relu')", (None, 5)),
    ("Dense(3, activation='relu6')", (None, 5)),
    ("Embedding(1000, 64)", (None, 20)),
    ("Embedding(input_dim=50, output_dim=8)", (None, None)),
    ("Embedding(50, 8, mask_zero=True)", (None, 7)),
    ("Masking(mask_value=0.0)", (None, 7, 3)),
]
CASES += [
    ("Dense(3, lora_rank=2, dtype='float16')", (None, 5)),
    ("Embedding(10, 4, lora_rank=2, dtype='bfloat16')", (None, 3)),
    ("Normalization(axis=-1, dtype='float16')", (None, 3)),
]
