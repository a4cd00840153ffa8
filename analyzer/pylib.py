"""The standard-library and numpy objects the evaluator models: partials and numpy integers.

Each mirrors Python's (or numpy's) own semantics on values paramlint already knows, and nothing is
run that could take unbounded time or memory (``np.prod`` multiplies at most a short sequence, a
numpy integer stays within int64). What falls outside is :class:`Unknown` with the reason.
String formatting is in ``strformat.py``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .dims import Poly
from .values import Unknown

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_PRODUCT_ITEMS = 10_000
MAX_PRODUCT_BITS = 4096
"""The longest sequence ``np.prod`` / ``math.prod`` multiply, and the largest product (bits)."""


@dataclass(eq=False)
class Partial:
    """A ``functools.partial`` object: calling it calls ``func`` with ``args`` first and ``keywords``
    overridden by the call's own keywords, as Python does."""

    func: object
    args: tuple[object, ...] = ()
    keywords: dict[str, object] = field(default_factory=dict)

    def merged(
        self, positional: Sequence[object], keywords: dict[str, object]
    ) -> tuple[object, list[object], dict[str, object]]:
        """What calling the partial with these arguments calls: the function and its arguments."""
        return self.func, [*self.args, *positional], {**self.keywords, **keywords}


def make_partial(positional: Sequence[object], keywords: dict[str, object]) -> Partial | Unknown:
    """``functools.partial(func, *args, **keywords)``; a partial of a partial is flattened, as
    CPython flattens it."""
    if not positional:
        return Unknown("functools.partial() without a function")
    func, *args = positional
    if isinstance(func, Unknown):
        return Unknown(f"partial of an unknown function: {func.reason}", func.position)
    if isinstance(func, Partial):
        inner, merged_args, merged_keywords = func.merged(args, keywords)
        return Partial(inner, tuple(merged_args), merged_keywords)
    return Partial(func, tuple(args), dict(keywords))


class NumpyInt:
    """A numpy ``int64`` scalar, as ``np.prod(shape)`` returns one.

    It is not a Python ``int`` (numpy's is not either), so a Keras check such as Dense's
    ``isinstance(units, int)`` refuses it, while ``int(...)`` of it is a plain ``int`` again.
    Arithmetic with ints keeps it a numpy integer; a result outside int64 (numpy wraps around,
    silently) is refused rather than guessed.
    """

    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        if not INT64_MIN <= value <= INT64_MAX:
            raise OverflowError("the result overflows numpy's int64")
        self.value = value

    def __repr__(self) -> str:
        return f"np.int64({self.value})"

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    def __int__(self) -> int:
        return self.value

    def __float__(self) -> float:
        return float(self.value)

    def __bool__(self) -> bool:
        return bool(self.value)

    def __hash__(self) -> int:
        return hash(self.value)

    def __getstate__(self) -> int:
        return self.value

    def __setstate__(self, state: int) -> None:
        self.value = state

    def _compare(self, other: object, op: Callable[[Any, Any], bool]) -> Any:
        other_value = _plain_number(other)
        if other_value is None:
            return NotImplemented
        return op(self.value, other_value)

    def __eq__(self, other: object) -> Any:
        return self._compare(other, operator.eq)

    def __ne__(self, other: object) -> Any:
        return self._compare(other, operator.ne)

    def __lt__(self, other: object) -> Any:
        return self._compare(other, operator.lt)

    def __le__(self, other: object) -> Any:
        return self._compare(other, operator.le)

    def __gt__(self, other: object) -> Any:
        return self._compare(other, operator.gt)

    def __ge__(self, other: object) -> Any:
        return self._compare(other, operator.ge)

    def _arith(self, other: object, op: Callable[[Any, Any], Any], reflected: bool) -> Any:
        other_value = _plain_number(other)
        if other_value is None:
            return NotImplemented
        if isinstance(other_value, int) and not INT64_MIN <= other_value <= INT64_MAX:
            raise OverflowError("Python int too large to convert to C long")
        left, right = (other_value, self.value) if reflected else (self.value, other_value)
        result = op(left, right)
        return NumpyInt(result) if isinstance(result, int) else float(result)

    def __add__(self, other: object) -> Any:
        return self._arith(other, operator.add, False)

    def __radd__(self, other: object) -> Any:
        return self._arith(other, operator.add, True)

    def __sub__(self, other: object) -> Any:
        return self._arith(other, operator.sub, False)

    def __rsub__(self, other: object) -> Any:
        return self._arith(other, operator.sub, True)

    def __mul__(self, other: object) -> Any:
        return self._arith(other, operator.mul, False)

    def __rmul__(self, other: object) -> Any:
        return self._arith(other, operator.mul, True)

    def __floordiv__(self, other: object) -> Any:
        return self._arith(other, operator.floordiv, False)

    def __rfloordiv__(self, other: object) -> Any:
        return self._arith(other, operator.floordiv, True)

    def __mod__(self, other: object) -> Any:
        return self._arith(other, operator.mod, False)

    def __rmod__(self, other: object) -> Any:
        return self._arith(other, operator.mod, True)

    def __truediv__(self, other: object) -> Any:
        return self._arith(other, operator.truediv, False)

    def __rtruediv__(self, other: object) -> Any:
        return self._arith(other, operator.truediv, True)

    def __pow__(self, other: object) -> Any:
        exponent = _plain_number(other)
        if isinstance(exponent, int):
            if exponent < 0:
                raise ValueError("Integers to negative integer powers are not allowed.")
            if abs(self.value) > 1 and exponent > 64:  # past int64 whatever the base
                raise OverflowError("the result overflows numpy's int64")
        elif isinstance(exponent, float) and abs(exponent) > 1024:
            raise OverflowError("the power is too large to evaluate")
        return self._arith(other, operator.pow, False)

    def __neg__(self) -> NumpyInt:
        return NumpyInt(-self.value)

    def __pos__(self) -> NumpyInt:
        return self

    def __abs__(self) -> NumpyInt:
        return NumpyInt(abs(self.value))


@dataclass(frozen=True)
class NumpyUnknown(Unknown):
    """A numpy scalar of unknown value (``np.prod(X.shape[1:])``): Keras refuses it wherever it
    refuses a numpy integer, whatever its value."""


def _plain_number(value: object) -> int | float | None:
    if isinstance(value, NumpyInt):
        return value.value
    if isinstance(value, (int, float)):
        return int(value) if isinstance(value, bool) else value
    return None


def plain_ints(value: object) -> object:
    """The value with the numpy integers *inside* tuples and lists made Python ints: Keras's
    ``standardize_shape`` and ``standardize_tuple`` cast each dimension with ``int()``."""
    if isinstance(value, (tuple, list)):
        items = [int(v) if isinstance(v, NumpyInt) else plain_ints(v) for v in value]
        return tuple(items) if isinstance(value, tuple) else items
    return value


# -- numpy and math functions ------------------------------------------------------------------


def numpy_prod(positional: Sequence[object], keywords: dict[str, object]) -> object:
    """``np.prod(a)`` of a scalar or a flat sequence of known numbers: an int64 for integers,
    a float for floats (numpy's float64 is a Python float); ``np.prod(())`` is ``1.0``."""
    if len(positional) != 1 or keywords:
        return Unknown("np.prod() with more than one argument")
    items = positional[0]
    if not isinstance(items, (list, tuple, range)):
        items = [items]
    if len(items) > MAX_PRODUCT_ITEMS:
        return Unknown(f"np.prod() of more than {MAX_PRODUCT_ITEMS:,} values")
    numbers = [_plain_number(v) for v in items]
    if any(isinstance(v, (Unknown, Poly)) for v in items):
        return NumpyUnknown("np.prod() of unknown sizes")
    if any(n is None for n in numbers):
        return Unknown("np.prod() of values that are not all known numbers")
    if not numbers or any(isinstance(n, float) for n in numbers):
        return float(math.prod(numbers))  # type: ignore[arg-type]
    ints: list[int] = numbers  # type: ignore[assignment]
    if any(not INT64_MIN <= n <= INT64_MAX for n in ints):
        return Unknown("np.prod() of an integer too large for int64")
    result = 1
    for n in ints:
        result *= n
        if not INT64_MIN <= result <= INT64_MAX:
            return Unknown("np.prod() overflows int64 (numpy wraps around silently)")
    return NumpyInt(result)


def math_prod(positional: Sequence[object], keywords: dict[str, object]) -> object:
    """``math.prod(iterable, start=1)``: Python ints (or formulas) multiplied."""
    if len(positional) != 1 or set(keywords) - {"start"}:
        return Unknown("math.prod() called with other arguments")
    items = positional[0]
    if not isinstance(items, (list, tuple, range)):
        return Unknown("math.prod() of something that is not a known sequence")
    if len(items) > MAX_PRODUCT_ITEMS:
        return Unknown(f"math.prod() of more than {MAX_PRODUCT_ITEMS:,} values")
    result: Any = keywords.get("start", 1)
    for item in [result, *items]:
        if isinstance(item, bool) or not isinstance(item, (int, float, Poly, NumpyInt)):
            return Unknown("math.prod() of values that are not all known numbers")
    for item in items:
        result = result * item
        if isinstance(result, int) and result.bit_length() > MAX_PRODUCT_BITS:
            return Unknown("math.prod() too large to evaluate")
        if isinstance(result, Poly) and len(result.terms) > MAX_PRODUCT_ITEMS:
            return Unknown("math.prod() too large to follow")
    return result


def numpy_int64(positional: Sequence[object], keywords: dict[str, object]) -> object:
    if len(positional) != 1 or keywords or _plain_number(positional[0]) is None:
        return Unknown("np.int64() of something that is not a known number")
    number = _plain_number(positional[0])
    try:
        return NumpyInt(int(number))  # type: ignore[arg-type]
    except (OverflowError, ValueError) as error:
        return Unknown(f"np.int64() fails: {error}")


LIBRARY_FUNCTIONS: dict[str, Callable[[Sequence[object], dict[str, object]], object]] = {
    "functools.partial": make_partial,
    "numpy.prod": numpy_prod,
    "numpy.product": numpy_prod,
    "numpy.int64": numpy_int64,
    "numpy.int_": numpy_int64,
    "math.prod": math_prod,
}
"""Calls of these dotted names (reached through the file's imports) are evaluated here."""

BUILTIN_ALIASES = {
    "six.moves.range": "builtins.range",
    "six.moves.xrange": "builtins.range",
    "six.moves.zip": "builtins.zip",
    "past.builtins.xrange": "builtins.range",
}
"""Names that are Python's own builtins under another module (``from six.moves import range``)."""


NO_LAYERS_MODULES = frozenset(
    {"numpy", "pandas", "sklearn", "scipy", "matplotlib", "seaborn", "math", "os", "sys",
     "random", "time", "json", "re", "pathlib", "glob", "pickle", "csv", "datetime",
     "collections", "itertools", "functools", "string", "typing", "warnings", "PIL", "cv2",
     "tqdm", "IPython", "requests", "zipfile", "shutil", "urllib", "logging", "argparse",
     "h5py", "yaml", "statistics", "copy", "builtins", "six", "gc", "io", "subprocess"}
)  # fmt: skip
"""Libraries whose calls create no Keras layer (so Keras's layer-name counters stay as they are)."""
