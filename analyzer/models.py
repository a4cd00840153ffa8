"""What Sequential does when layers are added, popped or the model is built (mirrors Keras 3)."""

from __future__ import annotations

from dataclasses import replace

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
        if model.input_shape is None and layer.node is not None:
            _take_name(model, _layer_name(layer.node.operation))  # its InputLayer's
        set_input(model, layer.batch_shape, layer.position or position)
        return
    if isinstance(layer, LayerValue):
        batch_shape = getattr(layer.spec, "batch_shape", None)
        if layer.class_name == "InputLayer" and isinstance(batch_shape, (tuple, Unknown)):
            if model.input_shape is None:
                _take_name(model, layer.name)
            set_input(model, batch_shape, layer.position)
            return
        stated = layer.input_shape_arg
        if not model.layers and model.input_shape is None and isinstance(stated, str):
            # Keras refuses the shape when it creates the InputLayer: the model is not created.
            set_input(model, Unknown(stated, layer.position), layer.position)
            layer = replace(
                layer,
                spec=None,
                problem=f"{layer.class_name}: {stated}",
                problem_kind="argument-error",
            )
        elif not model.layers and stated is not None and not isinstance(stated, str):
            if model.input_shape is None:
                _take_name(model, namer.auto_name("input_layer"))  # Keras adds an InputLayer
            set_input(model, stated, layer.position)
        elif not model.layers and model.input_shape is None and _states_keras2_input(layer):
            # Keras 3 refuses the layer; the input it states the Keras 2 way is not read, but
            # neither is the model one that states no input.
            set_input(model, Unknown(layer.problem or "", layer.position), layer.position)
    name = _layer_name(layer)
    if name is not None and model.names_taken.get(name) and not _already_in(model, layer):
        model.errors.append(
            (
                "All layers added to a Sequential model should have unique names. "
                f"Name '{name}' is already the name of a layer in this model. "
                "Update the `name` argument to pass a unique name.",
                layer.position,
                "ValueError",
            )
        )
    _take_name(model, name)
    model.layers.append(layer)


def _layer_name(layer: LayerValue | ModelValue) -> str | None:
    """The layer's Keras name, None where it is not known (``<...>``) or it has none."""
    name = layer.keras_name if isinstance(layer, ModelValue) else layer.name
    return name if name and not name.startswith("<") else None


def _take_name(model: ModelValue, name: str | None) -> None:
    if name is not None:
        model.names_taken[name] = model.names_taken.get(name, 0) + 1


def _already_in(model: ModelValue, layer: LayerValue | ModelValue) -> bool:
    """The same layer object added again: Keras's name check skips it."""
    return any(other is layer for other in model.layers)


def _states_keras2_input(layer: LayerValue) -> bool:
    return layer.error_type == "Keras2ArgumentError" and "batch_input_shape" in layer.arguments[1]


def built_input_layer(model: ModelValue, name: str, position: Position) -> None:
    """``model.build(shape)``: Keras adds an InputLayer of this name, then builds the graph,
    refusing it when a layer already has that name."""
    if model.names_taken.get(name):
        model.errors.append(
            (
                f'The name "{name}" is used 2 times in the model. '
                "All operation names should be unique.",
                position,
                "ValueError",
            )
        )
    _take_name(model, name)


def unknown_layer_list(model: ModelValue, layers: Unknown, position: Position) -> None:
    """``Sequential(<unknown>)``: neither the layers nor whether they state an input are known, so
    the model is neither counted nor called unbuilt."""
    where = layers.position or position
    reason = f"the layer list is unknown: {layers.reason}"
    model.uncertain.append((reason, where))
    model.layers.append(LayerValue("?", where, None, reason, "after-unknown", name="?"))
    set_input(model, Unknown(reason, where, layers.source), where)


def get_layer(model: ModelValue, name: object, index: object, doubtful: dict[str, str]) -> object:
    """``model.get_layer(name)`` / ``get_layer(index=i)`` on a Sequential paramlint built: the
    layer object, or Unknown (with Keras's message where Keras raises). ``doubtful`` holds the
    automatic names that may be off, and why."""
    layers = model.layers
    if index is not None and name is not None:
        return Unknown(
            "get_layer() raises: Provide only a layer name or a layer index. "
            f"Received: index={index}, name={name}."
        )
    if any(isinstance(layer, LayerValue) and layer.class_name == "?" for layer in layers):
        return Unknown("get_layer() of a model whose layers are not all known")
    if index is not None:
        if not isinstance(index, int) or isinstance(index, bool):
            return Unknown("get_layer() with an unknown index")
        if len(layers) <= index:
            return Unknown(
                f"get_layer() raises: Was asked to retrieve layer at index {index} but model "
                f"only has {len(layers)} layers."
            )
        if index < -len(layers):
            return Unknown(f"get_layer() raises: list index out of range ({index})")
        return layers[index]
    if not isinstance(name, str):
        return Unknown("get_layer() with an unknown name")
    for layer in layers:
        found = _layer_name(layer)
        if found is None:
            return Unknown(f"get_layer({name!r}): the name of a layer before it is not known")
        if found in doubtful:
            return Unknown(
                f"get_layer({name!r}): the automatic name `{found}` may be off: {doubtful[found]}"
            )
        if found == name:
            return layer
    return Unknown(f"get_layer() raises: No such layer: {name}.")


def set_input(
    model: ModelValue, batch_shape: tuple[object, ...] | Unknown, position: Position
) -> None:
    if model.input_shape is None:
        model.input_shape = batch_shape
        model.input_position = position


def pop_layer(model: ModelValue) -> None:
    if model.layers:
        name = _layer_name(model.layers.pop())
        if name is not None and model.names_taken.get(name):
            model.names_taken[name] -= 1


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
