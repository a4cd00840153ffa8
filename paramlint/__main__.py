"""``python -m paramlint``."""

from .cli import run

run()
