# Shrunk by Hypothesis from a failure of tests/test_property_functional.py.
import keras
from keras import layers, ops

inp0 = keras.Input(shape=(2, 1))
t1 = layers.Masking()(inp0)
shared0 = layers.Activation(activation="relu")
t2 = shared0(t1)
t3 = shared0(inp0)
t4 = layers.Concatenate()([inp0, t1])
t5 = 1 + t2
t6 = shared0(inp0)
t7 = ops.concatenate([t4, t4], axis=-1)
model = keras.Model(inp0, [t3, t5, t6, t7])
