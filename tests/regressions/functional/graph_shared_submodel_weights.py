# A functional model used inside a Sequential and on its own: its weights are counted once.
import keras
from keras import layers

i = keras.Input((6,))
f = keras.Model(i, layers.Dense(3)(i))
s = keras.Sequential([keras.Input((6,)), f, layers.Dense(2)])
a = keras.Input((6,))
model = keras.Model(a, [s(a), f(a)])
