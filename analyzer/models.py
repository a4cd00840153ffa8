"""What Sequential does when layers are added, popped or the model is built (mirrors Keras 3)."""

from __future__ import annotations

from .source import Position
from .values import InputValue, LayerValue, ModelValue, Unknown


def layer_from_element(element: object, position: Position) -> LayerValue | ModelValue | InputValue:
    """Turn one element of ``Sequential([...])`` or one ``add()`` argument into a layer."""
    if isinstance(element, (LayerValue, ModelValue, InputValue)):
        return element
    if isinstance(element, Unknown):
        return LayerValue("?", element.position or position, None, element.reason, "unknown-layer")
    return LayerValue(
        type(element).__name__,
        position,
        None,
        f"only Keras layers can be added to a Sequential model; received {element!r}",
        "argument-error",
    )


def add_layer(model: ModelValue, element: object, position: Position) -> None:
    """``Sequential.add``: an Input or InputLayer (or a first layer's ``input_shape``) sets the input."""
    layer = layer_from_element(element, position)
    if isinstance(layer, ModelValue):
        layer.used_as_layer = True
    if isinstance(layer, InputValue):
        set_input(model, layer.batch_shape, layer.position)
        return
    if isinstance(layer, LayerValue):
        batch_shape = getattr(layer.spec, "batch_shape", None)
        if layer.class_name == "InputLayer" and isinstance(batch_shape, (tuple, Unknown)):
            set_input(model, batch_shape, layer.position)
            return
        if not model.layers and layer.input_shape_arg is not None:
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
