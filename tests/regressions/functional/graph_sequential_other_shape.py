# A built Sequential called on a tensor of another (squeeze-compatible) shape: Keras runs its graph
# again on it, so its row's output is not the one of its own input.
import keras
from keras import layers, ops

inp0 = keras.Input(shape=(16,))
t1 = layers.Reshape(target_shape=[16, 1, 1, 1])(inp0)
block0 = keras.Sequential([keras.Input(shape=(16, 1, 1, 1)), layers.Activation("relu")], name="block0")
t2 = block0(inp0)
model = keras.Model(inp0, [t1, t2])
