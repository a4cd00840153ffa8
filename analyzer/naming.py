"""Keras's names for layers and models: snake_case of the class, made unique by a counter."""

from __future__ import annotations

import re
from collections import Counter


def to_snake_case(name: str) -> str:
    """Keras's own layer auto-naming (``SimpleRNN`` -> ``simple_rnn``)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


class Namer:
    """Keras's uid counters (``auto_name``): ``dense``, ``dense_1``, ... in order of creation.

    Keras names an object when it is created, with one counter per prefix for the whole session;
    the goldens start a session per file, so paramlint keeps one Namer per analysed file."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def name(self, class_name: str, given: object = None) -> str:
        if isinstance(given, str):
            return given
        return self.auto_name(to_snake_case(class_name))

    def auto_name(self, prefix: str) -> str:
        count = self._counts[prefix]
        self._counts[prefix] += 1
        return prefix if count == 0 else f"{prefix}_{count}"
