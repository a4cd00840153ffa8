# A head on an inner layer's output, reached through model.layers (transfer learning style).
import keras
from keras import layers

a = keras.Input((3,))
base = keras.Model(a, layers.Dense(2)(layers.Dense(4)(a)))
x = base.layers[-2].output
model = keras.Model(base.input, layers.Dense(5)(x))
