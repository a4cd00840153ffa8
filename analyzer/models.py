"""What Sequential does when layers are added, popped or the model is built (mirrors Keras 3)."""

from __future__ import annotations

from .dims import Dim, Poly, Shape
from .naming import Namer
from .source import Position
from .values import InputValue, LayerValue, ModelValue, TensorValue, Unknown


def layer_from_element(element: object, position: Position) -> LayerValue | ModelValue | InputValue:
    """Turn one element of ``Sequential([...])`` or one ``add()`` argument into a layer."""
    if isinstance(element, (LayerValue, ModelValue, InputValue)):
        return element
    if isinstance(element, Unknown):
        return LayerValue("?", element.position or position, None, element.reason, "unknown-layer")
    received = "a tensor" if isinstance(element, TensorValue) else repr(element)
    return LayerValue(
        type(element).__name__,
        position,
        None,
        f"only Keras layers can be added to a Sequential model; received {received}",
        "argument-error",
    )


def add_layer(model: ModelValue, element: object, position: Position, namer: Namer) -> None:
    """``Sequential.add``: an Input or InputLayer (or a first layer's ``input_shape``) sets the input."""
    layer = layer_from_element(element, position)
    if isinstance(layer, ModelValue):
        layer.used_as_layer = True
    if isinstance(layer, InputValue):
        set_input(model, layer.batch_shape, layer.position or position)
        return
    if isinstance(layer, LayerValue):
        batch_shape = getattr(layer.spec, "batch_shape", None)
        if layer.class_name == "InputLayer" and isinstance(batch_shape, (tuple, Unknown)):
            set_input(model, batch_shape, layer.position)
            return
        if not model.layers and layer.input_shape_arg is not None:
            if model.input_shape is None:
                namer.auto_name("input_layer")  # Keras adds an InputLayer for it
            set_input(model, layer.input_shape_arg, layer.position)
    model.layers.append(layer)


def set_input(
    model: ModelValue, batch_shape: tuple[object, ...] | Unknown, position: Position
) -> None:
    if model.input_shape is None:
        model.input_shape = batch_shape
        model.input_position = position


def pop_layer(model: ModelValue) -> None:
    if model.layers:
        model.layers.pop()


def rebuilt(model: ModelValue, namer: Namer) -> None:
    """Keras rebuilds a Sequential that knows its input after each change, as a new Functional
    (which takes a name: later functional models are ``functional_1``, ``functional_2``...)."""
    first = model.layers[0] if model.layers else None
    built_first = isinstance(first, ModelValue) and (
        first.kind != "sequential" or first.input_shape
    )
    if (model.input_shape is not None or built_first) and model.layers:
        namer.auto_name("functional")


def standardize_shape(batch_shape: tuple[object, ...] | Unknown | None) -> Shape | None:
    """The input's batch shape with every dimension an int, None, or a symbol."""
    if batch_shape is None or isinstance(batch_shape, Unknown):
        return None
    dims: list[Dim] = []
    for index, dim in enumerate(batch_shape):
        if isinstance(dim, Unknown):
            dims.append(dim.as_symbol(f"input_dim_{index}"))
        elif dim is None or (isinstance(dim, (int, Poly)) and not isinstance(dim, bool)):
            dims.append(dim)
        else:
            return None
    return tuple(dims)
