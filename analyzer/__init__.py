"""paramlint's engine: reads Keras models from source and computes their shapes and weights."""
