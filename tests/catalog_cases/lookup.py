"""Parity cases for the vocabulary and hashing layers, which need TensorFlow in Keras 3.

Keras builds their lookup tables with TensorFlow whatever the backend, so these cases are compared
only where TensorFlow is installed (the parity test skips them otherwise). A vocabulary that
``adapt()`` would compute is a symbol in paramlint; Keras, not adapted, says None: so every case
here has a size known from the arguments.
"""

REQUIRES = ("tensorflow",)

CASES = [
    # TextVectorization
    ("TextVectorization()", (None,)),
    ("TextVectorization(max_tokens=20000, output_sequence_length=200)", (None,)),
    ("TextVectorization(max_tokens=20000, output_sequence_length=200)", (None, 1)),
    ("TextVectorization(max_tokens=100, output_mode='multi_hot', pad_to_max_tokens=True)", (None,)),
    ("TextVectorization(max_tokens=100, output_mode='count', pad_to_max_tokens=True)", (None, 1)),
    (
        "TextVectorization(max_tokens=50, output_mode='tf_idf', pad_to_max_tokens=True, ngrams=2)",
        (None,),
    ),
    ("TextVectorization(max_tokens=50, output_mode='binary', pad_to_max_tokens=True)", (None,)),
    ("TextVectorization(vocabulary=['the', 'cat', 'sat'], output_mode='count')", (None, 1)),
    ("TextVectorization(vocabulary=['the', 'cat'], output_mode='one_hot', split=None)", (None,)),
    (
        "TextVectorization(vocabulary=['the', 'cat'], output_mode='multi_hot', split=None)",
        (None, 1),
    ),
    (
        "TextVectorization(vocabulary=['a', 'b'], idf_weights=[0.5, 0.2], output_mode='tf_idf')",
        (None, 1),
    ),
    (
        "TextVectorization(standardize='lower', split='character', output_sequence_length=8)",
        (None,),
    ),
    ("TextVectorization(standardize=None, split=None, ngrams=(1, 2), name='vec')", (None, 1)),
    # Rejected.
    ("TextVectorization(output_mode='int', output_sequence_length=2.5)", (None,)),
    ("TextVectorization(output_mode='multi_hot', output_sequence_length=10)", (None,)),
    ("TextVectorization(output_mode='embedding')", (None,)),
    ("TextVectorization(standardize='upper')", (None,)),
    ("TextVectorization(split='comma')", (None,)),
    ("TextVectorization(ngrams=[1, 2])", (None,)),
    ("TextVectorization(max_tokens=1)", (None,)),
    ("TextVectorization(pad_to_max_tokens=True)", (None,)),
    ("TextVectorization(vocabulary=['a', 'a'])", (None,)),
    ("TextVectorization(vocabulary=['a', 'b'], output_mode='tf_idf')", (None,)),
    ("TextVectorization(vocabulary=['a', 'b', 'c'], max_tokens=3)", (None,)),
    ("TextVectorization(foo=1)", (None,)),
    # StringLookup
    ("StringLookup()", (None, 3)),
    ("StringLookup(vocabulary=['a', 'b'], output_mode='one_hot')", (None,)),
    ("StringLookup(vocabulary=['a', 'b'], output_mode='one_hot')", (None, 1)),
    ("StringLookup(vocabulary=['a', 'b'], output_mode='one_hot')", (None, 3)),
    (
        "StringLookup(vocabulary=['a', 'b', 'c'], output_mode='multi_hot', num_oov_indices=2)",
        (None, 3),
    ),
    ("StringLookup(vocabulary=['a', 'b'], output_mode='count', mask_token='')", (None, 3)),
    ("StringLookup(vocabulary=['[UNK]', 'a', 'b'], output_mode='multi_hot')", (None, 3)),
    ("StringLookup(vocabulary=['a', 'b'], num_oov_indices=0, output_mode='one_hot')", (None,)),
    ("StringLookup(max_tokens=10, pad_to_max_tokens=True, output_mode='multi_hot')", (None, 4)),
    ("StringLookup(vocabulary=['a', 'b'], invert=True)", (None, 3)),
    ("StringLookup(vocabulary=['a', '[UNK]'])", (None, 3)),  # the OOV token: refused only inverted
    (
        "StringLookup(vocabulary=['a', 'b'], mask_token='', name='lookup', trainable=False)",
        (None, 3),
    ),
    ("StringLookup(max_tokens=4, vocabulary=['a', 'b', 'c'], output_mode='one_hot')", (None,)),
    # Rejected.
    ("StringLookup(vocabulary=['a', 'b'], invert=True, output_mode='one_hot')", (None, 3)),
    ("StringLookup(vocabulary=[])", (None, 3)),
    ("StringLookup(vocabulary=['a', 'b', 'a'])", (None, 3)),
    ("StringLookup(vocabulary=['a', '[UNK]'], invert=True)", (None, 3)),
    ("StringLookup(vocabulary=['a', '', 'b'], mask_token='')", (None, 3)),
    ("StringLookup(vocabulary=['a', 'b'], max_tokens=2)", (None, 3)),
    ("StringLookup(num_oov_indices=-1)", (None, 3)),
    ("StringLookup(output_mode='embedding')", (None, 3)),
    ("StringLookup(idf_weights=[1.0])", (None, 3)),
    ("StringLookup(foo=1)", (None, 3)),
    # IntegerLookup
    ("IntegerLookup()", (None, 3)),
    ("IntegerLookup(vocabulary=[12, 36, 1138, 42], output_mode='one_hot')", (None, 1)),
    ("IntegerLookup(vocabulary=[1, 2, 3], output_mode='multi_hot', mask_token=0)", (None, 3)),
    ("IntegerLookup(vocabulary=[-1, 1, 2], output_mode='count')", (None, 3)),
    ("IntegerLookup(max_tokens=10, pad_to_max_tokens=True, output_mode='one_hot')", (None,)),
    ("IntegerLookup(vocabulary=[5, 6], invert=True)", (None, 2)),
    ("IntegerLookup(vocabulary_dtype='int32')", (None, 3)),  # rejected
    ("IntegerLookup(max_tokens=1)", (None, 3)),  # rejected
    ("IntegerLookup(vocabulary=[1, 1])", (None, 3)),  # rejected
    # Hashing
    ("Hashing(10)", (None, 3)),
    ("Hashing(num_bins=8, salt=133)", (None, 3)),
    ("Hashing(8, salt=(1, 2), mask_value='')", (None, 3)),
    ("Hashing(10, output_mode='one_hot')", (None, 1)),
    ("Hashing(10, output_mode='multi_hot')", (None, 3)),
    ("Hashing(10, output_mode='count')", (None, 2, 3)),
    ("Hashing(10, dtype='int32')", (None, 3)),
    ("Hashing(0)", (None, 3)),  # rejected
    ("Hashing(None)", (None, 3)),  # rejected
    ("Hashing(4, output_mode='tf_idf')", (None, 3)),  # rejected
    ("Hashing(4, dtype='float32')", (None, 3)),  # rejected: int mode needs an int dtype
    ("Hashing(4, salt='pepper')", (None, 3)),  # rejected
    ("Hashing(4, sparse=True)", (None, 3)),  # rejected
]
