"""``keras.applications``: ResNet50, EfficientNetB0, MobileNetV3Small... as Keras builds them.

Their numbers come from a table that ``scripts/make_applications.py`` writes by building every
application with real Keras (``analyzer/data/applications.json``; checked against Keras in CI),
never typed by hand. It is read only when a file creates an application. An application is a
model of its own (``kind="application"``): as a layer of another model it is one row, as Keras
prints it, with its trainable and non-trainable counts; ``weights=`` does not change them.
"""

from __future__ import annotations

import functools
import inspect
import json
from pathlib import Path
from typing import Any

from .dims import Dim, Shape
from .keras_names import keras_relative
from .layers.base import Weight
from .values import CallResult, TensorValue, Unknown

TABLE = Path(__file__).resolve().parent / "data" / "applications.json"


@functools.lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """The applications' facts (read once, when a file first names an application)."""
    if not TABLE.is_file():  # a checkout before the table was generated: none are known
        return {}
    data: dict[str, Any] = json.loads(TABLE.read_text(encoding="utf-8"))["applications"]
    return data


def application_name(qualname: str) -> str | None:
    """``keras.applications.ResNet50`` or ``keras.applications.resnet50.ResNet50`` -> ``ResNet50``."""
    relative = keras_relative(qualname)
    if not relative or not relative.startswith("applications."):
        return None
    last = relative.rsplit(".", 1)[-1]
    return last if last[:1].isupper() else None


def _signature(name: str) -> inspect.Signature:
    facts = table()[name]
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    return inspect.Signature(
        [
            inspect.Parameter(p, kind, default=facts["defaults"].get(p, None))
            for p in facts["parameters"]
        ]
    )


def create(name: str, positional: list[object], keywords: dict[str, object]) -> CallResult | str:
    """The application's output shapes and weights for these arguments, or why they are unknown
    (a string). Keras's own argument errors are a "keras-error" result."""
    if name not in table():
        return f"keras.applications.{name} is not in paramlint's table of Keras's applications"
    try:
        bound = _signature(name).bind(*positional, **keywords)
    except TypeError as error:
        return CallResult(problem_kind="argument-error", problem=f"{name}(): {error}")
    bound.apply_defaults()
    args = bound.arguments
    facts = table()[name]
    for key in ("include_top", "pooling", "classes", "input_shape", "input_tensor", "weights"):
        if isinstance(args.get(key), Unknown):
            return f"`{key}` is unknown: {args[key].reason}"
    variant = _variant(facts, args)
    if variant is None:
        chosen = {k: args[k] for k in facts["variants"][0]["arguments"]}
        return f"{name} with {chosen} is not in paramlint's table of Keras's applications"
    shape = _input_shape(facts, args)
    if isinstance(shape, str):
        return shape
    if isinstance(shape, CallResult):
        return shape
    return _result(facts, variant, args, shape)


def _variant(facts: dict[str, Any], args: dict[str, object]) -> dict[str, Any] | None:
    for variant in facts["variants"]:
        if all(args.get(k) == v for k, v in variant["arguments"].items()):
            return variant
    return None


def _input_shape(facts: dict[str, Any], args: dict[str, object]) -> Shape | CallResult | str:
    tensor = args.get("input_tensor")
    if isinstance(tensor, TensorValue):
        if tensor.shape is None:
            return "the input tensor's shape is unknown"
        return tensor.shape
    given = args.get("input_shape")
    default = facts["default_size"]
    if given is None:
        side = default if args.get("include_top") else None
        return (None, side, side, 3)
    if not isinstance(given, (list, tuple)) or len(given) != 3:
        return CallResult(
            problem_kind="keras-error",
            problem=f"`input_shape` must be a tuple of three integers. Received: {given!r}",
            error_type="KerasError",
        )
    if any(isinstance(d, Unknown) for d in given):
        return "the input shape has unknown sizes"
    return (None, *given)


def _result(
    facts: dict[str, Any], variant: dict[str, Any], args: dict[str, object], shape: Shape
) -> CallResult | str:
    height, width, channels = shape[1], shape[2], shape[3]
    if channels != 3:
        return "an input with other than 3 channels (the first convolution's weights change)"
    smallest = facts["min_size"]
    for side in (height, width):
        if isinstance(side, int) and side < smallest:
            return CallResult(
                problem_kind="keras-error",
                problem=f"Input size must be at least {smallest}x{smallest}; Received: "
                f"input_shape={tuple(shape[1:])}",
                error_type="KerasError",
            )
        if side is not None and not isinstance(side, int):
            return "a symbolic input size (the application's output size needs a number)"
    include_top = bool(args.get("include_top"))
    classes = args.get("classes")
    if include_top:
        if not isinstance(classes, int) or isinstance(classes, bool):
            return "`classes` is not a known integer"
        default = facts["default_size"]
        if facts["top_depends_on_size"] and (height, width) != (default, default):
            return "its classification top on an input of another size than its default"
        trainable, frozen = variant["top"]
        trainable += (classes - 1000) * variant["per_class"]
        output: Shape = (None, classes)
    else:
        trainable, frozen = variant["base"]
        pooling = args.get("pooling")
        if pooling in ("avg", "max"):
            output = (None, variant["channels"])
        else:
            sides = [_spatial(facts, side) for side in (height, width)]
            if any(isinstance(s, str) for s in sides):
                return next(s for s in sides if isinstance(s, str))
            output = (None, sides[0], sides[1], variant["channels"])  # type: ignore[assignment]
    weights = [
        Weight("trainable weights", (trainable,), True),
        Weight("non-trainable weights", (frozen,), False),
    ]
    return CallResult(outputs=(output,), weights=weights)


def _spatial(facts: dict[str, Any], side: Dim | None) -> int | str | None:
    """The output's spatial size for an input side, from the table's step function."""
    if side is None:
        return None
    steps = facts["spatial"]
    if not isinstance(side, int) or side > 1024:
        return "an input larger than 1024 (beyond paramlint's table)"
    if facts.get("spatial_exact_sizes_only"):  # its padding depends on the input size's parity
        found = [value for size, value in steps if size == side]
        if not found:
            return f"an input of size {side}, which paramlint's table of this application lacks"
        return found[0]
    return max(value for start, value in steps if start <= side)


_SIZED_NAMES = {  # the applications whose default name says alpha and the input's rows
    "MobileNet": ("mobilenet", (128, 160, 192, 224)),
    "MobileNetV2": ("mobilenetv2", (96, 128, 160, 192, 224)),
}


def keras_model_name(name: str, positional: list[object], keywords: dict[str, object]) -> str:
    """The name Keras gives the application's model (``resnet50``, ``mobilenetv2_0.35_96``)."""
    given = keywords.get("name")
    if isinstance(given, str):
        return given
    if name not in table():
        return name.lower()
    if name in _SIZED_NAMES:
        try:
            bound = _signature(name).bind(*positional, **keywords)
        except TypeError:
            return name.lower()
        bound.apply_defaults()
        args = bound.arguments
        prefix, sizes = _SIZED_NAMES[name]
        shape = _input_shape(table()[name], args)
        rows, cols = (shape[1], shape[2]) if isinstance(shape, tuple) else (None, None)
        if args.get("weights") == "imagenet" and (rows != cols or rows not in sizes):
            rows = 224  # Keras loads the 224 weights, and names the model after them
        alpha = args.get("alpha")
        if isinstance(alpha, (int, float)):
            return f"{prefix}_{alpha:0.2f}_{rows}"
    return str(table()[name]["variants"][0]["name"])


def names_taken(name: str, positional: list[object], keywords: dict[str, object]) -> dict[str, int]:
    """The auto-names building it takes from Keras's counters (its Input: ``input_layer``)."""
    if name not in table():
        return {}
    try:
        bound = _signature(name).bind(*positional, **keywords)
    except TypeError:
        return {}
    bound.apply_defaults()
    variant = _variant(table()[name], bound.arguments)
    if variant is None:
        return {}
    taken: dict[str, int] = variant["names"][
        "top" if bound.arguments.get("include_top") else "base"
    ]
    return taken
