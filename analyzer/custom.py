"""Layers and models the analysed code defines: ``class Block(keras.layers.Layer)``, read statically.

Keras's own rules, mirrored (``layers/layer.py``): a layer is named after its class in
snake_case; ``__init__`` runs when it is created (sub-layers assigned to ``self`` are tracked, in
lists too); on its first call ``build(input_shape)`` runs if the class defines one (its
``self.add_weight(...)`` calls create the weights), then the output comes from
``compute_output_shape`` if defined, else from ``call`` traced on symbolic tensors, which also
builds the sub-layers on the shapes they receive. A layer's weights are its own and its tracked
sub-layers'. A subclass of a built-in layer that only overrides ``call`` keeps the parent's
numbers (``super().__init__(...)`` binds the parent's spec).

Nothing here runs the analysed code: methods are analysed by the interpreter like any function,
and whatever cannot be followed leaves the layer unknown with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .calls import build_call
from .dims import Shape
from .layers import Weight
from .layers.base import KerasError, dim_value
from .naming import Namer
from .values import (
    CallResult,
    LayerValue,
    ModelValue,
    TensorValue,
    Unknown,
    UserClass,
    UserFunction,
)

Tracer = Callable[[UserFunction, list[object], dict[str, object]], Any]
"""Runs a method of the analysed code with its arguments (the interpreter's ``call_function``)."""


@dataclass(eq=False)
class Instance:
    """``self`` of a user-defined layer or model: its attributes and the weights it added."""

    cls: UserClass
    attributes: dict[str, object] = field(default_factory=dict)
    weights: list[Weight] = field(default_factory=list)
    owner: LayerValue | ModelValue | None = None  # the layer (or model) this instance is
    problem: str | None = (
        None  # why its numbers cannot be known (an add_weight paramlint can't read)
    )
    built: bool = False
    # Runs one of its methods (the interpreter's, while the file is analysed; None once cached).
    run: Tracer | None = None

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "run": None}


@dataclass(frozen=True)
class BoundMethod:
    function: UserFunction
    instance: Instance


@dataclass(frozen=True)
class SuperProxy:
    """``super()`` inside a method of ``cls``: attribute lookups start after ``cls``."""

    instance: Instance
    cls: UserClass


def find_method(cls: UserClass, name: str) -> UserFunction | None:
    """The method as Python's MRO finds it among the user's classes (single inheritance)."""
    current: UserClass | None = cls
    while current is not None:
        found = current.methods.get(name)
        if isinstance(found, UserFunction):
            return found
        current = next((b for b in current.bases if isinstance(b, UserClass)), None)
    return None


def catalog_parent(cls: UserClass) -> str | None:
    """The built-in layer a user class derives from (``Dropout`` for ``MCDropout``), if any."""
    current: UserClass | None = cls
    while current is not None:
        if current.catalog_base is not None:
            return current.catalog_base
        current = next((b for b in current.bases if isinstance(b, UserClass)), None)
    return None


def tracked_layers(instance: Instance) -> list[LayerValue | ModelValue]:
    """Sub-layers assigned to ``self`` (directly, or in lists, tuples and dicts), in order."""
    found: list[LayerValue | ModelValue] = []
    seen: set[int] = set()

    def visit(value: object) -> None:
        if isinstance(value, (LayerValue, ModelValue)):
            if id(value) not in seen and value is not instance.owner:
                seen.add(id(value))
                found.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)

    for value in instance.attributes.values():
        visit(value)
    return found


def all_weights(owner: LayerValue | ModelValue) -> list[Weight] | None:
    """Every weight of a layer or model: its own, then its sub-layers' (None if unknown)."""
    instance = owner.instance
    if isinstance(owner, LayerValue) and instance is None:
        built = owner.built
        return built.weights if built is not None else []
    if instance is None:
        return None
    if instance.problem is not None:
        return None
    weights = list(instance.weights)
    for sub in tracked_layers(instance):
        if isinstance(sub, LayerValue) and sub.instance is None:
            if sub.built is not None and sub.built.problem_kind is not None:
                return None
            weights += sub.built.weights or [] if sub.built is not None else []
        else:
            inner = all_weights(sub)
            if inner is None:
                return None
            weights += inner
    return weights


def add_weight(
    instance: Instance, positional: list[object], keywords: dict[str, object]
) -> TensorValue | None:
    """``self.add_weight(shape=..., trainable=..., name=..., dtype=...)`` as Keras 3 reads it."""
    if positional and isinstance(positional[0], str):
        instance.problem = (
            "`name` must be passed as a keyword argument to add_weight() in Keras 3 "
            f"(received add_weight('{positional[0]}', ...))"
        )
        return None
    shape = positional[0] if positional else keywords.get("shape", ())
    if shape is None:
        shape = ()
    dtype = positional[2] if len(positional) > 2 else keywords.get("dtype")
    trainable = keywords.get("trainable", True)
    name = keywords.get("name")
    if isinstance(shape, int) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, (list, tuple)) or isinstance(trainable, Unknown):
        reason = shape.reason if isinstance(shape, Unknown) else "the weight's shape is unknown"
        if isinstance(trainable, Unknown):
            reason = f"trainable is unknown: {trainable.reason}"
        instance.problem = f"add_weight(): {reason}"
        return None
    try:
        dims = tuple(dim_value(d, "shape", minimum=0) for d in shape)
    except KerasError as error:
        instance.problem = f"add_weight(): {error}"
        return None
    weight_dtype = dtype if isinstance(dtype, str) else "float32"
    if dtype is not None and not isinstance(dtype, str):
        instance.problem = "add_weight(): the dtype is unknown"
        return None
    instance.weights.append(
        Weight(
            name if isinstance(name, str) else "variable",
            dims,
            bool(trainable),
            weight_dtype,
            fixed_dtype=dtype is not None,
        )
    )
    return TensorValue(dims, None)


def call_custom_layer(
    layer: LayerValue, inputs: object, keywords: dict[str, object], run: Tracer
) -> CallResult:
    """The first (or a later) call of a user-defined layer on tensors: build, then the output."""
    instance = layer.instance
    assert instance is not None
    shape = _shape_structure(inputs)
    if shape is None:
        return CallResult(problem_kind="after-unknown", problem="input unknown")
    if not instance.built:
        instance.built = True
        build = find_method(instance.cls, "build")
        if build is not None:
            run(build, [instance, shape], {})
    compute = find_method(instance.cls, "compute_output_shape")
    call = find_method(instance.cls, "call")
    outputs: tuple[Shape, ...]
    if compute is not None:
        returned = run(compute, [instance, shape], {})
        outputs = _returned_shapes(returned)
        if call is not None and not _sublayers_built(instance):
            run(call, [instance, inputs], dict(keywords))  # tracing builds the sub-layers
    elif call is not None:
        returned = run(call, [instance, inputs], dict(keywords))
        outputs = _tensor_shapes(returned)
    else:
        return CallResult(
            problem_kind="unresolved",
            problem=f"{layer.class_name} defines no call() (Keras raises NotImplementedError)",
        )
    if not outputs:
        return CallResult(
            problem_kind="unresolved",
            problem=f"the output of {layer.class_name}.call() cannot be followed: "
            + _why(returned if compute is None else None),
        )
    weights = all_weights(layer)
    if weights is None:
        reason = instance.problem or "a sub-layer's weights are unknown"
        return CallResult(problem_kind="unresolved", problem=reason)
    return CallResult(outputs=outputs, weights=weights)


def _sublayers_built(instance: Instance) -> bool:
    return all(
        sub.built is not None if isinstance(sub, LayerValue) else True
        for sub in tracked_layers(instance)
    )


def _shape_structure(value: object) -> object:
    if isinstance(value, TensorValue):
        return value.shape
    if isinstance(value, (list, tuple)):
        shapes = [_shape_structure(v) for v in value]
        return None if any(s is None for s in shapes) else shapes
    return None


def _tensor_shapes(value: object) -> tuple[Shape, ...]:
    if isinstance(value, TensorValue):
        return (value.shape,) if value.shape is not None else ()
    if isinstance(value, (list, tuple)) and value:
        shapes = [_tensor_shapes(v) for v in value]
        if all(len(s) == 1 for s in shapes):
            return tuple(s[0] for s in shapes)
    return ()


def _returned_shapes(value: object) -> tuple[Shape, ...]:
    """What ``compute_output_shape`` returned: one shape tuple (or a list of them)."""
    if isinstance(value, (list, tuple)) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in value
    ):
        return (tuple(value),)
    if isinstance(value, list) and all(isinstance(v, tuple) for v in value):
        return tuple(tuple(v) for v in value)
    return ()


def _why(value: object) -> str:
    if isinstance(value, Unknown):
        return value.reason
    if isinstance(value, TensorValue) and value.problem:
        return value.problem
    return "it does not return a tensor paramlint follows"


def super_init(
    proxy: SuperProxy,
    positional: list[object],
    keywords: dict[str, object],
    run: Tracer,
    bind_spec: Callable[[str, list[object], dict[str, object]], LayerValue],
    namer: Namer,
) -> None:
    """``super().__init__(...)``: the next class's ``__init__``, or the built-in parent's spec."""
    parent = next((b for b in proxy.cls.bases if isinstance(b, UserClass)), None)
    if parent is not None:
        init = find_method(parent, "__init__")
        if init is not None:
            run(init, [proxy.instance, *positional], keywords)
            return
        proxy = SuperProxy(proxy.instance, parent)
    owner = proxy.instance.owner
    base = catalog_parent(proxy.cls)
    if base is not None and isinstance(owner, LayerValue):
        bound = bind_spec(base, positional, keywords)
        owner.spec, owner.problem, owner.problem_kind = (
            bound.spec,
            bound.problem,
            bound.problem_kind,
        )
    name_object(proxy.instance, keywords.get("name"), namer)


def name_object(instance: Instance, given: object, namer: Namer) -> None:
    """Keras names a layer or model in ``Layer.__init__``: the given name, else the next auto-name
    of its class (once; sub-layers made before ``super().__init__()`` are named first)."""
    owner = instance.owner
    if isinstance(owner, LayerValue) and not owner.name:
        owner.name = namer.name(instance.cls.name, given)
    elif isinstance(owner, ModelValue) and not owner.keras_name:
        owner.keras_name = namer.name(instance.cls.name, given)


def parent_call(proxy: SuperProxy, inputs: object) -> object:
    """``super().call(inputs)`` in a subclass of a built-in layer: the parent's output."""
    owner = proxy.instance.owner
    if not isinstance(owner, LayerValue) or owner.spec is None:
        return Unknown("super().call() of a class paramlint does not know")
    if not isinstance(inputs, TensorValue) or inputs.shape is None:
        return Unknown("super().call() on an unknown tensor")
    result = build_call(owner.spec, {"inputs": inputs.shape})
    if result.problem_kind is not None or not result.outputs:
        return Unknown(result.problem or "super().call() fails")
    return TensorValue(result.outputs[0], inputs.node, inputs.index)


def spec_keeps_numbers(cls: UserClass) -> bool:
    """A built-in layer's subclass keeps its parent's numbers when it overrides none of the
    methods that decide them (``build``, ``compute_output_shape``; ``call`` only changes what
    the layer computes, as in Monte-Carlo dropout)."""
    return catalog_parent(cls) is not None and not any(
        find_method(cls, name) is not None for name in ("build", "compute_output_shape")
    )


__all__ = [
    "BoundMethod",
    "Instance",
    "SuperProxy",
    "add_weight",
    "all_weights",
    "call_custom_layer",
    "catalog_parent",
    "find_method",
    "parent_call",
    "spec_keeps_numbers",
    "super_init",
    "tracked_layers",
]
