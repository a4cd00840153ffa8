# Shrunk by Hypothesis from a failure of tests/test_property_functional.py.
import keras
from keras import layers, ops

inp0 = keras.Input(shape=(1,))
inp1 = keras.Input(shape=(2,))
shared0 = layers.LayerNormalization(center=False, scale=False, rms_scaling=True, trainable=False)
t1 = shared0(inp1)
t2 = shared0(inp0)
model = keras.Model([inp0, inp1], t2)
