# Masking creates NotEqual and Any operations at each call (their names are taken: a later ops.any is any_1).
import keras
from keras import layers
i = keras.Input((5, 3))
m = layers.Masking()(i)
d = layers.Dense(4)(m)
f = layers.Flatten()(d)
o = keras.ops.any(f, axis=-1)

model = keras.Model(i, [f, o])
