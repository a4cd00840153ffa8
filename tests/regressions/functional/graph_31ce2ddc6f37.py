# Shrunk by Hypothesis from a failure of tests/test_property_functional.py.
import keras
from keras import layers, ops

inp0 = keras.Input(shape=(16,))
t1 = layers.Reshape(target_shape=[16, 1, 1, 1])(inp0)
shared0 = layers.LeakyReLU(negative_slope=0.1)
t2 = shared0(t1)
t3 = inp0 + inp0
t4 = t2 * 0.5
t5 = shared0(t3)
t6 = layers.Dense(units=1, use_bias=False, trainable=False)(t1)
t7 = shared0(t5)
t8 = -inp0
block0 = keras.Sequential([keras.Input(shape=(16, 1, 1, 1)), layers.Activation(activation="relu")], name='block0')
t9 = block0(t7)
model = keras.Model(inp0, [t4, t6, t8, t9])
