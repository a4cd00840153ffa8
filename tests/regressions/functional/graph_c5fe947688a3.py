# Shrunk by Hypothesis from a failure of tests/test_property_functional.py.
import keras
from keras import layers, ops

inp0 = keras.Input(shape=(16,))
t1 = layers.Reshape(target_shape=[16, 1, 1, 1])(inp0)
shared0 = layers.LeakyReLU(negative_slope=0.1)
t2 = shared0(t1)
t3 = inp0 + inp0
t4 = ops.concatenate([t2, t1], axis=-1)
t5 = shared0(t3)
shared1 = layers.Dense(units=1, use_bias=False, lora_rank=1, trainable=False)
t6 = shared1(inp0)
t7 = shared0(t5)
t8 = -inp0
block0_in = keras.Input(shape=(16, 1, 1, 1))
block0 = keras.Model(block0_in, layers.Activation(activation="relu")(block0_in), name='block0')
t9 = block0(t7)
model = keras.Model(inp0, [t4, t6, t8, t9])
