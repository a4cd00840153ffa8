"""paramlint: exact Keras shapes, parameter counts and budgets, read statically from source."""

__version__ = "0.1.0"
