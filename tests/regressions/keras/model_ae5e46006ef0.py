# Shrunk by Hypothesis from a failure of tests/test_property_keras.py.
import keras

model = keras.Sequential(
    [
        keras.Input(shape=[1]),
        keras.layers.Dense(units=1, use_bias=False, lora_rank=1, trainable=False),
    ]
)
model.trainable = True
