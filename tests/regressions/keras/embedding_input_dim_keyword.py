# Found by tests/test_property_keras.py before this folder existed: paramlint read Embedding's
# `input_dim=` keyword (its vocabulary size) as Keras 2's input-shape shorthand, and built this
# model on (None, 50) instead of the (None, 7) it is built on.
import keras

model = keras.Sequential(
    [keras.layers.Embedding(input_dim=50, output_dim=4), keras.layers.Flatten()]
)
model.build((None, 7))
