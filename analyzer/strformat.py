"""String formatting the evaluator computes: ``str.format``, f-strings and a few ``str`` methods.

Only plain scalars are formatted, with a standard format spec of bounded width and precision and
plain fields (``{}``, ``{0}``, ``{name}``; no attribute or index lookups), so nothing the analysed
code writes can make paramlint run long or build a huge string. The rest is :class:`Unknown`.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

from .pylib import NumpyInt
from .values import Unknown

MAX_FORMAT_WIDTH = 1000
"""The widest field (or longest precision) a format spec may ask for before it is not evaluated."""


@dataclass(frozen=True)
class StrMethod:
    """A method of a known value, read but not called yet (``"dense_{}".format``)."""

    owner: object
    name: str


_SCALARS = (str, int, float, bool, type(None), NumpyInt)
_SPEC = re.compile(
    r"(?:(?P<fill>.)?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[,_]?(?:\.(?P<precision>\d+))?"
    r"[bcdeEfFgGnosxX%]?",
    re.DOTALL,
)


def format_value(value: object, spec: str, conversion: str | None = None) -> str | Unknown:
    """``format(value, spec)`` after ``!r``/``!s``/``!a``, for a plain scalar and a bounded spec."""
    if not isinstance(value, _SCALARS):
        return Unknown("formatting of a value that is not a known number or string")
    if conversion is not None:
        value = (
            repr(value) if conversion == "r" else ascii(value) if conversion == "a" else str(value)
        )
    match = _SPEC.fullmatch(spec)
    if match is None or any(
        len(part or "") > 4 or int(part or 0) > MAX_FORMAT_WIDTH
        for part in (match["width"], match["precision"])
    ):
        return Unknown(f"format spec {spec!r} is not evaluated")
    try:
        return format(value, spec)
    except (ValueError, TypeError) as error:
        return Unknown(f"formatting fails: {error}")


def str_format(template: str, positional: Sequence[object], keywords: dict[str, object]) -> object:
    """``template.format(*positional, **keywords)`` with plain fields (``{}``, ``{0}``, ``{name}``,
    a conversion and a format spec; no attribute or index lookups)."""
    parts: list[str] = []
    automatic = 0
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        return Unknown(f"str.format() fails: {error}")
    for text, field_name, spec, conversion in parsed:
        parts.append(text)
        if field_name is None:
            continue
        if field_name == "":
            key: int | str = automatic
            automatic += 1
        elif field_name.isdigit():
            key = int(field_name)
        elif field_name.isidentifier():
            key = field_name
        else:
            return Unknown(f"str.format() field {{{field_name}}} is not evaluated")
        if isinstance(key, int):
            if key >= len(positional):
                return Unknown("str.format() fails: replacement index out of range")
            value = positional[key]
        elif key in keywords:
            value = keywords[key]
        else:
            return Unknown(f"str.format() fails: no argument {key!r}")
        formatted = format_value(value, spec or "", conversion)
        if isinstance(formatted, Unknown):
            return formatted
        parts.append(formatted)
    return "".join(parts)


def call_method(
    method: StrMethod, positional: Sequence[object], keywords: dict[str, object]
) -> object:
    """Call a method of a known string (the only owners :func:`method_of` hands out)."""
    owner = method.owner
    assert isinstance(owner, str)
    if method.name == "format":
        return str_format(owner, positional, keywords)
    if method.name == "join" and len(positional) == 1 and not keywords:
        items = positional[0]
        if isinstance(items, (list, tuple)) and all(isinstance(i, str) for i in items):
            return owner.join(items)
        return Unknown("str.join() of values that are not all known strings")
    if method.name in ("lower", "upper", "strip") and not positional and not keywords:
        return getattr(owner, method.name)()
    return Unknown(f"str.{method.name}() with these arguments is not evaluated")


def method_of(owner: object, name: str) -> StrMethod | None:
    """The method ``owner.name`` paramlint can call, or None."""
    if isinstance(owner, str) and name in ("format", "join", "lower", "upper", "strip"):
        return StrMethod(owner, name)
    return None


def fstring_text(text: str, start: str) -> str | Unknown:
    """The value of one literal part of an f-string (``{{`` is ``{``; escapes as in the literal)."""
    text = text.replace("{{", "{").replace("}}", "}")
    if "\\" not in text:
        return text
    if "\\N" in text:
        return Unknown("a named escape in an f-string")
    quote = start.lstrip("fFrRbBuU")
    prefix = "r" if "r" in start.lower() else ""
    try:
        value = ast.literal_eval(prefix + quote + text + quote)
    except (SyntaxError, ValueError) as error:
        return Unknown(f"an f-string part Python refuses: {error}")
    return value if isinstance(value, str) else Unknown("an f-string part that is not text")
