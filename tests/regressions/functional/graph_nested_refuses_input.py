# A functional model called on an input its InputSpec refuses: Keras raises (IncompatibleInputError).
import keras
from keras import layers, ops

inp0 = keras.Input(shape=(16,))
t1 = layers.Reshape(target_shape=[1, 2, 8])(inp0)
block0_in = keras.Input(shape=(1, 2, 8))
block0 = keras.Model(block0_in, layers.Activation(activation="relu")(block0_in), name="block0")
t9 = block0(inp0)
model = keras.Model(inp0, [t1, t9])
