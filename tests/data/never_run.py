# paramlint-golden: skip
"""Fixture proving that paramlint never executes the code it analyzes.

Running this file (or importing it, or evaluating any of its default arguments or class bodies)
creates a file named PARAMLINT_WAS_EXECUTED in the current directory and exits with status 3.
A static analyzer must still report the model below: Dense 40 params, Dense 9 params.
"""

import pathlib

pathlib.Path("PARAMLINT_WAS_EXECUTED").write_text("module body was executed\n")
raise SystemExit(3)

from keras import Sequential  # noqa: E402
from keras.layers import Dense  # noqa: E402


def _tripwire(where):
    pathlib.Path("PARAMLINT_WAS_EXECUTED").write_text(f"{where} was evaluated\n")
    raise SystemExit(3)


def build(units=_tripwire("a default argument")):  # noqa: B008
    return units


class Config:
    hidden = _tripwire("a class body")


model = Sequential()
model.add(Dense(8, input_shape=(4,)))
model.add(Dense(1))
