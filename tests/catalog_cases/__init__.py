"""Layer cases for the catalog parity test: (layer expression, input batch shape).

Each expression is evaluated twice: with Keras's own ``keras.layers`` names and with paramlint's
catalog specs (same names, same signatures). The test compares output shapes and weights.
A case whose input Keras rejects must be rejected by the spec with KerasError too.
"""
