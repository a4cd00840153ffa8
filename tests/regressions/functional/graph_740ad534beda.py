# Shrunk by Hypothesis from a failure of tests/test_property_functional.py.
import keras
from keras import layers, ops

inp0 = keras.Input(shape=(2, 1))
shared0 = layers.SimpleRNN(units=1, use_bias=False, unroll=True, trainable=False)
t1 = shared0(inp0)
shared1 = layers.Masking(mask_value=-1.0)
t2 = shared1(t1)
block0_in = keras.Input(shape=(1,))
block0 = keras.Model(block0_in, layers.Activation(activation="relu")(block0_in), name='block0')
t3 = block0(t2)
model = keras.Model(inp0, t3)
