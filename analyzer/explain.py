"""Why a layer has the parameter count it has: its count as a formula in its own arguments.

``SimpleRNN(10)`` on 1 feature has 120 parameters; the explanation users ask for is the formula
behind the number: ``units² + units·input_dim + units`` with ``units = 10``, ``input_dim = 1``.
paramlint gets it from the same specs that count the weights: the layer is built again with its
size arguments (units, filters, kernel size, embedding sizes) and its input's sizes replaced by
symbols, and the weights are summed as polynomials. The formula is exact by construction; the
test suite checks that putting the values back gives the count.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from .dims import Dim, Poly, Shape
from .layers import KerasError, LayerSpec, Unresolved
from .unknown_inputs import input_symbol_names
from .values import LayerValue

# Constructor arguments that size weights, by the name Keras gives them.
SIZE_ARGUMENTS = ("units", "filters", "output_dim", "kernel_size", "depth_multiplier")


@dataclass(frozen=True)
class Formula:
    params: Dim
    values: dict[str, int]  # each symbol's value in this model

    def render(self) -> str:
        given = ", ".join(f"{name} = {value:,}" for name, value in self.values.items())
        return f"{self.params}, with {given}" if given else str(self.params)


def layer_formula(layer: LayerValue, input_shape: Shape) -> Formula | None:
    """The layer's parameter count as a formula, or None when it has nothing to explain."""
    values: dict[str, int] = {}
    spec = _symbolic_spec(layer, values)
    if spec is None:
        return None
    symbolic_input = _symbolic_input(spec, input_shape, values)
    try:
        _, weights = spec.apply(symbolic_input)
    except (KerasError, Unresolved, TypeError):
        return None
    total: Dim = 0
    for weight in weights:
        total = total + weight.count  # type: ignore[operator]
    if not isinstance(total, Poly):
        return None
    used = {s.name for s in total.symbols()}
    return Formula(total, {name: value for name, value in values.items() if name in used})


def _symbolic_spec(layer: LayerValue, values: dict[str, int]) -> LayerSpec | None:
    if layer.spec is None:
        return None
    spec_class = type(layer.spec)
    positional, keywords = layer.arguments
    try:
        bound = inspect.signature(spec_class).bind(*positional, **keywords)
    except TypeError:
        return None
    arguments = dict(bound.arguments)
    for name, value in list(arguments.items()):
        if isinstance(value, LayerValue):  # a wrapper: its layer is rebuilt with symbols too
            arguments[name] = _symbolic_spec(value, values) or value.spec
        elif name in SIZE_ARGUMENTS and isinstance(value, int) and not isinstance(value, bool):
            arguments[name] = Poly.symbol(name)
            values[name] = value
    try:
        return spec_class(**_split_varargs(spec_class, arguments))
    except (KerasError, Unresolved, TypeError):
        return None


def _split_varargs(spec_class: type, arguments: dict[str, object]) -> dict[str, object]:
    """Bound arguments back to keywords (``**kwargs`` flattened)."""
    flat: dict[str, object] = {}
    parameters = inspect.signature(spec_class).parameters
    for name, value in arguments.items():
        if parameters[name].kind is inspect.Parameter.VAR_KEYWORD:
            flat.update(value)  # type: ignore[call-overload]
        else:
            flat[name] = value
    return flat


def _symbolic_input(spec: LayerSpec, input_shape: Shape, values: dict[str, int]) -> Shape:
    names = input_symbol_names(len(input_shape), getattr(spec, "data_format", None))
    dims: list[Dim] = [input_shape[0]]
    for name, dim in zip(names, input_shape[1:], strict=True):
        if isinstance(dim, int):
            dims.append(Poly.symbol(name))
            values[name] = dim
        else:
            dims.append(dim)
    return tuple(dims)
