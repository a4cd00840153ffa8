"""Static evaluation of expressions: literals, arithmetic, names, Keras calls; Unknown for the rest.

Nothing here runs the analyzed code. A value is computed only from literals, names bound earlier
in the same file, a short list of pure builtins (``range``, ``len``, ``min``...) and Keras
constructors, which become catalog specs. Everything else is :class:`Unknown` with a reason and a
position, and sizes that depend on an Unknown become symbols (see ``dims.Poly``).
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import libcst as cst

from . import applications, custom, functional, operations
from .dims import Poly, Shape
from .flow import Journal, models_in, narrowed
from .keras_names import keras_isinstance, keras_relative, resolve_keras
from .layers import CATALOG, KerasError, Unresolved
from .layers.base import KERAS2_ARGUMENTS, numpy_int_arguments
from .models import (
    add_layer,
    built_input_layer,
    get_layer,
    pop_layer,
    rebuilt,
    set_input,
    standardize_shape,
    unknown_layer_list,
)
from .naming import Namer
from .operations import OperationSpec
from .pylib import (
    BUILTIN_ALIASES,
    LIBRARY_FUNCTIONS,
    NO_LAYERS_MODULES,
    NumpyInt,
    NumpyUnknown,
    Partial,
    plain_ints,
)
from .source import Position, no_warnings_about_the_code
from .strformat import StrMethod, call_method, format_value, fstring_text, method_of
from .trainable import constructor_flag, possible_targets, set_trainable, trainable_value
from .values import (
    CallResult,
    LayerValue,
    LazyText,
    ModelValue,
    QualName,
    TensorValue,
    Unknown,
    UserClass,
    UserFunction,
)

MAX_UNROLL = 10_000
"""The most iterations paramlint unrolls in one loop or comprehension (and the longest sequence
it builds by arithmetic)."""
MAX_STEPS = 300_000
"""How much work paramlint does in one file before it stops (a pathological file): one step per
statement or comprehension item, more for the costlier ones (a call, a layer). One loop or call
has a smaller budget of its own (see ``controlflow.py``): past it, only that loop or call is
skipped."""
CALL_STEPS = 10
"""Steps charged for analysing one call of a function of the analysed code, or one layer."""
MAX_SECONDS = 20.0
"""A last resort: the analysis of one file stops after this long, whatever the steps say."""
MAX_VALUE_ITEMS = 100_000
"""The most items (nested ones included) in one list, tuple or dict paramlint builds."""
MAX_INT_BITS = 4096
"""The largest integer paramlint computes with (about 1,200 digits); a bigger one is unknown."""
MAX_POLY_TERMS = 256
MAX_POLY_DEGREE = 64
"""The largest formula paramlint carries (terms, degree); a bigger one is unknown."""


class AnalysisLimit(Exception):
    """The file needs more work than ``MAX_STEPS`` (or time than ``MAX_SECONDS``): its analysis
    stops here."""

    position: Position | None = None  # the statement being analysed when it stopped


_BUILTINS = frozenset(
    {"range", "len", "int", "float", "min", "max", "abs", "list", "tuple", "sum", "round",
     "str", "bool", "sorted", "reversed", "enumerate", "zip", "print", "isinstance"}
)  # fmt: skip


class Scope:
    """Names bound so far; lookups fall back to the enclosing scope. Every write is reported to
    the file's :class:`Journal`, so that paths paramlint cannot decide between can be joined."""

    def __init__(
        self,
        parent: Scope | None = None,
        function: str | None = None,
        journal: Journal | None = None,
    ) -> None:
        self.names: dict[str, object] = {}
        self.parent = parent
        inherited = parent.function if parent is not None else None
        self.function: str | None = function if function is not None else inherited
        self.star_modules: list[str] = parent.star_modules if parent else []
        self.journal: Journal = journal or (parent.journal if parent else Journal())
        self.serial = self.journal.new_serial()
        self.outer_names: dict[str, Scope] = {}  # `global` / `nonlocal` names: where they live

    def lookup(self, name: str) -> tuple[bool, object]:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return True, scope.names[name]
            scope = scope.parent
        return False, None

    def set(self, name: str, value: object) -> None:
        scope = self.outer_names.get(name, self)
        scope.journal.record(scope, name)
        scope.names[name] = value

    def delete(self, name: str) -> None:
        scope = self.outer_names.get(name, self)
        if name in scope.names:
            scope.journal.record(scope, name)
            del scope.names[name]

    def declare(self, name: str, module: bool) -> None:
        """``global name`` (``module=True``) or ``nonlocal name``: writes go to that scope."""
        scope: Scope | None = self.parent
        if module:
            scope = self
            while scope.parent is not None:
                scope = scope.parent
        else:  # the nearest enclosing scope that binds it
            while scope is not None and scope.parent is not None and name not in scope.names:
                scope = scope.parent
        if scope is not None and scope is not self:
            self.outer_names[name] = scope


class Evaluator:
    """Evaluates libcst expressions in a :class:`Scope`; the interpreter subclasses it."""

    def __init__(self) -> None:
        self.models: list[ModelValue] = []
        self.notes: list[tuple[str, str, Position]] = []  # (kind, message, position)
        self._occurrences: dict[Position, int] = {}
        self.call_stack: list[cst.CSTNode] = []  # the calls being evaluated, innermost last
        self.steps = 0
        self.step_limit = MAX_STEPS  # the interpreter lowers it to bound one loop or call
        self._deadline = time.monotonic() + MAX_SECONDS
        self._next_clock_check = 0
        self.namer = Namer()  # Keras names layers and models when they are created
        self.naming_doubt: str | None = None  # why automatic names may be off from here on
        self.doubtful_names: dict[str, str] = {}  # automatic names given after that, and why

    def step(self, cost: int = 1) -> None:
        """Count work done; past ``MAX_STEPS`` (or ``MAX_SECONDS``) the analysis of the file
        stops, past ``step_limit`` the interpreter gives up the loop or call it is in."""
        self.steps += cost
        if self.steps > self.step_limit:
            self.over_budget()
        if self.steps >= self._next_clock_check:
            self._next_clock_check = self.steps + 1000
            if time.monotonic() > self._deadline:
                raise AnalysisLimit(f"{MAX_SECONDS:g} seconds")

    def new_container(self, value: Any, node: cst.CSTNode) -> Any:
        """A list, tuple or dict just built: Unknown if it holds too many items to carry on
        with (hashing, comparing or printing it must stay cheap), else the value."""
        if not isinstance(value, (list, tuple, dict)):
            return value
        items = expanded_size(value, MAX_VALUE_ITEMS)
        self.step(items // 10)  # counting them costs about as much as a statement
        if items > MAX_VALUE_ITEMS:
            return self.unknown(f"a value of more than {MAX_VALUE_ITEMS:,} items", node)
        return value

    def over_budget(self) -> None:
        raise AnalysisLimit(f"{MAX_STEPS:,} steps")

    # Provided by the interpreter.
    def pos(self, node: cst.CSTNode, exact: bool = True) -> Position:
        raise NotImplementedError

    def code(self, node: cst.CSTNode) -> str:
        raise NotImplementedError

    def lazy_code(self, node: cst.CSTNode) -> str | LazyText:
        raise NotImplementedError

    def note(self, kind: str, message: str, node: cst.CSTNode) -> None:
        self.notes.append((kind, message, self.pos(node)))

    def unknown(self, reason: str, node: cst.CSTNode) -> Unknown:
        return Unknown(reason, self.pos(node, exact=False), self.lazy_code(node))

    def model_made(self, model: ModelValue) -> None:
        """A model was just created (the interpreter tracks where, for its control flow)."""

    def layer_made(self, layer: LayerValue) -> None:
        """A layer was just made (the interpreter tracks when, for its control flow)."""

    def before_call(self, target: object) -> None:
        """A layer or model is about to be called (the interpreter keeps what it changes)."""

    def open_region(self) -> str | None:
        """Why the code being analysed may not run (a condition paramlint cannot decide), or None."""
        return None

    def model_changed(self, model: ModelValue, node: cst.CSTNode) -> str | None:
        """Why a change to ``model`` (``add``, ``pop``, ``build``) here may not happen, or None."""
        return None

    def undecided(self) -> str | None:
        """Why the code being analysed may not run (a condition paramlint cannot decide)."""
        return None

    def lost_models_changed(self, value: Unknown, node: cst.CSTNode) -> None:
        """``value`` may be one of several models (paths joined): each may change here."""
        for model in models_in(value.candidates):
            model.uncertain.append(
                (f"`{self.code(node)}` may change this model or another: {value.reason}",
                 self.pos(node))
            )  # fmt: skip

    # -- expressions --------------------------------------------------------------------------
    def eval(self, node: cst.BaseExpression, scope: Scope) -> Any:
        method: Callable[[Any, Scope], Any] | None = getattr(
            self, f"_eval_{type(node).__name__}", None
        )
        if method is None:
            return self.unknown(f"`{self.code(node)}` is not a value paramlint evaluates", node)
        try:
            return method(node, scope)
        except RecursionError:
            return self.unknown("expression nested too deeply to evaluate", node)

    def _eval_Integer(self, node: cst.Integer, scope: Scope) -> Any:
        if len(node.value) > MAX_INT_BITS // 3:  # int() refuses very long literals anyway
            return self.unknown(f"an integer literal of {len(node.value):,} digits", node)
        try:
            return bounded(int(node.value, 0))  # 10, 0x1F, 1_000: no compile (literal_eval's)
        except ValueError:
            return bounded(self.literal(node))  # the forms int() does not read (0_7, 00)

    def _eval_Float(self, node: cst.Float, scope: Scope) -> Any:
        try:
            return float(node.value)
        except ValueError:
            return self.literal(node)

    def _eval_SimpleString(self, node: cst.SimpleString, scope: Scope) -> Any:
        text = node.value
        if text[0] in "'\"" and "\\" not in text and text[:3] not in ('"""', "'''"):
            return text[1:-1]  # a plain one-line literal: no prefix, no escapes
        value = self.literal(node)
        if isinstance(value, (str, Unknown)):
            return value
        return self.unknown("bytes literal", node)

    def literal(self, node: cst.Integer | cst.Float | cst.SimpleString) -> Any:
        """The literal's value as Python reads it; Unknown for one Python refuses (``"\\xZZ"``,
        ``"\\N{NO SUCH NAME}"``), which libcst parses without complaint."""
        try:
            with no_warnings_about_the_code():
                return node.evaluated_value
        except (SyntaxError, ValueError, MemoryError, RecursionError) as error:
            return self.unknown(f"a literal Python refuses: {error}", node)

    def _eval_ConcatenatedString(self, node: cst.ConcatenatedString, scope: Scope) -> Any:
        left, right = self.eval(node.left, scope), self.eval(node.right, scope)
        if isinstance(left, str) and isinstance(right, str):
            return left + right
        return self.unknown("string built from unknown parts", node)

    def _eval_FormattedString(self, node: cst.FormattedString, scope: Scope) -> Any:
        text = self._fstring_parts(node.parts, node.start, scope)
        return self.unknown(f"f-string: {text.reason}", node) if isinstance(text, Unknown) else text

    def _fstring_parts(
        self, parts: Sequence[cst.BaseFormattedStringContent], start: str, scope: Scope
    ) -> str | Unknown:
        pieces: list[str] = []
        for part in parts:
            piece: str | Unknown
            if isinstance(part, cst.FormattedStringText):
                piece = fstring_text(part.value, start)
            elif isinstance(part, cst.FormattedStringExpression) and part.equal is None:
                value = self.eval(part.expression, scope)
                spec = self._fstring_parts(part.format_spec or (), start, scope)
                piece = (
                    spec
                    if isinstance(spec, Unknown)
                    else format_value(value, spec, part.conversion)
                )
            else:
                piece = Unknown("a self-documenting `{x=}` field")
            if isinstance(piece, Unknown):
                return piece
            pieces.append(piece)
        return "".join(pieces)

    def _eval_Name(self, node: cst.Name, scope: Scope) -> Any:
        name = node.value
        if name in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[name]
        found, value = scope.lookup(name)
        if found:
            if isinstance(value, Unknown):
                # Keep the reason (kind, candidates), but name the value after its variable.
                return replace(value, source=name)
            return value
        for module in scope.star_modules:
            resolved = resolve_keras(f"{module}.{name}")
            if resolved is not None:
                return QualName(f"{module}.{name}")
        if name in _BUILTINS:
            return QualName(f"builtins.{name}")
        return self.unknown(f"`{name}` is not assigned before this point", node)

    def _eval_Attribute(self, node: cst.Attribute, scope: Scope) -> Any:
        found, stored = scope.lookup(self.code(node))  # `self.model`, bound by an assignment
        if found:
            return stored
        base = narrowed(self.eval(node.value, scope))
        attr = node.attr.value
        if isinstance(base, ModelValue) and attr == "layers":
            return _model_layers(base, self.unknown(f"`{self.code(node)}`", node))
        if isinstance(base, QualName):
            return QualName(f"{base.name}.{attr}")
        if isinstance(base, custom.Instance):
            if attr in base.attributes:
                return base.attributes[attr]
            method = custom.find_method(base.cls, attr)
            if method is not None:
                return custom.BoundMethod(method, base)
            return self.unknown(f"attribute `{self.code(node)}` of a `{base.cls.name}`", node)
        if isinstance(base, (ModelValue, LayerValue)) and attr in _GRAPH_ATTRIBUTES:
            return functional.graph_attribute(base, attr) or self.unknown(
                f"`{self.code(node)}` is not known statically", node
            )
        if isinstance(base, TensorValue) and attr == "shape":
            if base.shape is None:
                return self.unknown(f"the shape of `{self.code(node.value)}`: {base.problem}", node)
            return base.shape
        if isinstance(base, Unknown):
            return replace(self.unknown(base.reason, node), candidates=base.candidates)
        str_method = method_of(base, attr)
        if str_method is not None:
            return str_method
        return self.unknown(f"attribute `{self.code(node)}`", node)

    def _tensor_item(self, tensor: TensorValue, node: cst.Subscript, scope: Scope) -> Any:
        """``x[:, 0]``, ``x[..., None]``: Keras's GetItem operation."""
        keys: list[object] = []
        for element in node.slice:
            part = element.slice
            if isinstance(part, cst.Slice):
                bounds = [
                    None if p is None else self.eval(p, scope)
                    for p in (part.lower, part.upper, part.step)
                ]
                if not all(
                    b is None or (isinstance(b, int) and not isinstance(b, bool)) for b in bounds
                ):
                    return self.unknown(f"slice `{self.code(node)}` with unknown bounds", node)
                keys.append(slice(*bounds))
            elif isinstance(part, cst.Index) and isinstance(part.value, cst.Ellipsis):
                keys.append(Ellipsis)
            elif isinstance(part, cst.Index):
                keys.append(self.eval(part.value, scope))
            else:
                return self.unknown(f"subscript `{self.code(node)}`", node)
        key = keys[0] if len(keys) == 1 and len(node.slice) == 1 else tuple(keys)
        spec = operations.GetItem(key=key)
        return functional.call_operation(
            spec, {"x": tensor}, self.pos(node), self.namer, self.call_uncertainty()
        )

    def _operation(
        self,
        function: str,
        positional: list[object],
        keywords: dict[str, object],
        node: cst.CSTNode,
    ) -> Any:
        """``keras.ops.<function>(...)`` (or the operator that calls it) on tensors."""
        bound = operations.bind_operation(function, positional, keywords)
        if isinstance(bound, str):
            return self.unknown(bound, node)
        spec, tensors = bound
        self.step(CALL_STEPS)
        return functional.call_operation(
            spec, tensors, self.pos(node), self.namer, self.call_uncertainty()
        )

    def _eval_Tuple(self, node: cst.Tuple, scope: Scope) -> Any:
        items = self._elements(node.elements, scope)
        return self.new_container(tuple(items) if isinstance(items, list) else items, node)

    def _eval_List(self, node: cst.List, scope: Scope) -> Any:
        return self.new_container(self._elements(node.elements, scope), node)

    def _elements(self, elements: Sequence[cst.BaseElement], scope: Scope) -> Any:
        items: list[object] = []
        for element in elements:
            value = self.eval(element.value, scope)
            if isinstance(element, cst.StarredElement):
                if not isinstance(value, (list, tuple, range)):
                    return self.unknown("unpacking of an unknown sequence", element)
                items.extend(value)
            else:
                items.append(value)
        return items

    def _eval_Dict(self, node: cst.Dict, scope: Scope) -> Any:
        result: dict[object, object] = {}
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                return self.unknown("dict unpacking", node)
            key = self.eval(element.key, scope)
            if isinstance(key, (Unknown, list, dict)) or not _hashable(key):
                return self.unknown("dict with an unknown key", node)
            result[key] = self.eval(element.value, scope)
        return self.new_container(result, node)

    def _eval_UnaryOperation(self, node: cst.UnaryOperation, scope: Scope) -> Any:
        value = self.eval(node.expression, scope)
        op = node.operator
        if isinstance(op, cst.Not):
            return (
                self.unknown("negation of an unknown value", node)
                if isinstance(value, Unknown)
                else not value
            )
        if isinstance(value, TensorValue) and isinstance(op, cst.Minus):
            return self._operation("negative", [value], {}, node)
        if isinstance(value, Unknown):
            value = value.as_symbol(self.code(node.expression))
        if isinstance(value, (int, float, Poly)) and not isinstance(value, bool):
            if isinstance(op, cst.Minus):
                return -value
            if isinstance(op, cst.Plus):
                return value
        return self.unknown(f"`{self.code(node)}`", node)

    def _eval_BinaryOperation(self, node: cst.BinaryOperation, scope: Scope) -> Any:
        left, right = self.eval(node.left, scope), self.eval(node.right, scope)
        op = type(node.operator).__name__
        if isinstance(left, TensorValue) or isinstance(right, TensorValue):
            function = operations.OPERATORS.get(op)
            if function is None:
                return self.unknown(f"`{self.code(node)}` on a tensor is not followed", node)
            return self._operation(function, [left, right], {}, node)
        if _known(left, right):
            return self.new_container(binary_operation(op, left, right), node)
        return self._symbolic_binary(op, left, right, node)

    def _symbolic_binary(
        self, op: str, left: object, right: object, node: cst.BinaryOperation
    ) -> Any:
        """Arithmetic with an unknown size keeps it as a symbol (``2·n_units``)."""
        if any(isinstance(v, (NumpyInt, NumpyUnknown)) for v in (left, right)):
            return NumpyUnknown(  # numpy arithmetic stays numpy: not a Python int to Keras
                "numpy arithmetic on an unknown value",
                self.pos(node, exact=False),
                self.lazy_code(node),
            )
        if op not in ("Add", "Subtract", "Multiply", "FloorDivide"):
            return self._unknown_from(node, left, right)
        sides = []
        for value, side in ((left, node.left), (right, node.right)):
            if isinstance(value, Unknown):
                value = value.as_symbol(self.code(side))
            if not isinstance(value, (int, Poly)) or isinstance(value, bool):
                return self._unknown_from(node, left, right)
            sides.append(value)
        a, b = sides
        if op == "FloorDivide":
            if not isinstance(b, int) or b <= 0:
                return self._unknown_from(node, left, right)
            return a // b
        if op == "Multiply":
            self.step(_term_count(a) * _term_count(b))  # a product of formulas costs more
        result = {"Add": lambda: a + b, "Subtract": lambda: a - b, "Multiply": lambda: a * b}[op]()
        result = bounded(result)
        return self.unknown(result.reason, node) if isinstance(result, Unknown) else result

    def _unknown_from(self, node: cst.CSTNode, *values: object) -> Unknown:
        for value in values:
            if isinstance(value, Unknown):
                return self.unknown(value.reason, node)
        return self.unknown(f"`{self.code(node)}` cannot be evaluated statically", node)

    def _eval_Comparison(self, node: cst.Comparison, scope: Scope) -> Any:
        left = self.eval(node.left, scope)
        result = True
        for target in node.comparisons:
            right = self.eval(target.comparator, scope)
            outcome = compare(type(target.operator).__name__, left, right)
            if outcome is None:
                return self.unknown(f"comparison `{self.code(node)}`", node)
            result = result and outcome
            left = right
        return result

    def _eval_BooleanOperation(self, node: cst.BooleanOperation, scope: Scope) -> Any:
        left = self.eval(node.left, scope)
        if isinstance(left, Unknown):
            return self.unknown(left.reason, node)
        if isinstance(node.operator, cst.And):
            return self.eval(node.right, scope) if left else left
        return left if left else self.eval(node.right, scope)

    def _eval_IfExp(self, node: cst.IfExp, scope: Scope) -> Any:
        test = self.eval(node.test, scope)
        if isinstance(test, Unknown):
            return self.either(node, test, scope)
        return self.eval(node.body if test else node.orelse, scope)

    def either(self, node: cst.IfExp, test: Unknown, scope: Scope) -> Any:
        """``a if test else b`` where the test is unknown (the interpreter joins both sides)."""
        return self.unknown(f"condition `{self.code(node.test)}` is unknown: {test.reason}", node)

    def _eval_Subscript(self, node: cst.Subscript, scope: Scope) -> Any:
        base = self.eval(node.value, scope)
        if isinstance(base, TensorValue):
            return self._tensor_item(base, node, scope)
        if isinstance(base, Unknown) and base.candidates:  # one of several values: still them
            return replace(
                self.unknown(f"subscript `{self.code(node)}`", node), candidates=base.candidates
            )
        if len(node.slice) != 1 or not isinstance(base, (list, tuple, dict, str, range)):
            return self.unknown(f"subscript `{self.code(node)}`", node)
        index = node.slice[0].slice
        if isinstance(index, cst.Slice):
            parts = [
                self.eval(p, scope) if p is not None else None for p in (index.lower, index.upper)
            ]
            step = self.eval(index.step, scope) if index.step is not None else None
            if step != 0 and all(
                p is None or (isinstance(p, int) and not isinstance(p, bool))
                for p in (*parts, step)
            ):
                return self.new_container(base[slice(parts[0], parts[1], step)], node)
            return self.unknown(f"slice `{self.code(node)}`", node)
        if not isinstance(index, cst.Index):
            return self.unknown(f"subscript `{self.code(node)}`", node)
        key = self.eval(index.value, scope)
        try:
            return base[key]
        except (KeyError, IndexError, TypeError, OverflowError):
            return self.unknown(f"subscript `{self.code(node)}`", node)

    def _eval_Lambda(self, node: cst.Lambda, scope: Scope) -> Any:
        return self.unknown("lambda", node)

    # -- comprehensions -----------------------------------------------------------------------
    def _eval_ListComp(self, node: cst.ListComp, scope: Scope) -> Any:
        return self._comprehension(node, scope)

    def _eval_GeneratorExp(self, node: cst.GeneratorExp, scope: Scope) -> Any:
        return self._comprehension(node, scope)

    def _comprehension(self, node: cst.ListComp | cst.GeneratorExp, scope: Scope) -> Any:
        results: list[object] = []
        status = self._unroll_comprehension(node.for_in, node.elt, Scope(scope), results)
        return self.new_container(results, node) if status is None else status

    def _unroll_comprehension(
        self, clause: cst.CompFor, element: cst.BaseExpression, scope: Scope, results: list[object]
    ) -> Unknown | None:
        iterable = self.iterate(clause.iter, scope)
        if isinstance(iterable, Unknown):
            return iterable
        for item in iterable:
            self.step()
            self.assign(clause.target, item, scope)
            conditions = [self.eval(c.test, scope) for c in clause.ifs]
            if any(isinstance(c, Unknown) for c in conditions):
                return self.unknown("comprehension filter is unknown", clause)
            if not all(conditions):
                continue
            if clause.inner_for_in is not None:
                status = self._unroll_comprehension(clause.inner_for_in, element, scope, results)
                if status is not None:
                    return status
            else:
                results.append(self.eval(element, scope))
        return None

    def iterate(self, node: cst.BaseExpression, scope: Scope) -> Sequence[object] | Unknown:
        """The items a ``for`` would go through, when known and no more than MAX_UNROLL."""
        value = self.eval(node, scope)
        if isinstance(value, dict):
            value = list(value)
        if isinstance(value, Unknown):
            return value
        if not isinstance(value, (list, tuple, range, str)):
            return self.unknown(f"iteration over `{self.code(node)}`", node)
        if length(value) > MAX_UNROLL:
            return self.unknown(
                f"loop of {length(value):,} iterations is more than paramlint unrolls ({MAX_UNROLL:,})",
                node,
            )
        return value

    def assign(self, target: cst.BaseExpression, value: object, scope: Scope) -> None:
        if isinstance(target, cst.Name):
            scope.set(target.value, value)
            if isinstance(value, ModelValue) and value.variable is None:
                value.variable = target.value
        elif isinstance(target, (cst.Tuple, cst.List)):
            names = [e.value for e in target.elements]
            if isinstance(value, (list, tuple)) and len(value) == len(names):
                for sub_target, sub_value in zip(names, value, strict=True):
                    self.assign(sub_target, sub_value, scope)
            else:
                for sub_target in names:
                    self.assign(
                        sub_target, self.unknown("unpacking of an unknown value", sub_target), scope
                    )
        elif isinstance(target, cst.Subscript):
            self._assign_item(target, value, scope)
        elif isinstance(target, cst.Attribute):
            owner = self.eval(target.value, scope)
            trainable = target.attr.value == "trainable"
            if isinstance(owner, custom.Instance):  # `self.dense = Dense(8)` in a layer class
                scope.journal.write((owner, target.attr.value), value)  # type: ignore[arg-type]
                if trainable and owner.owner is not None:
                    self.assign_trainable(target, owner.owner, value, scope)
                return
            scope.set(self.code(target), value)  # `self.model = ...`: remembered by its text
            if trainable:
                self.assign_trainable(target, owner, value, scope)

    def _assign_item(self, target: cst.Subscript, value: object, scope: Scope) -> None:
        """``shape[-1] = 2 * n`` (or ``*=``): the container held by that name is replaced by a copy
        with the item set; where paramlint cannot do that, the name becomes unknown (an item
        assignment ignored would leave a stale value stated exact)."""
        holder = target.value
        if not isinstance(holder, cst.Name):
            return  # `self.x[i] = ...`: the attribute was never read as a container
        base = self.eval(holder, scope)
        index = target.slice[0].slice if len(target.slice) == 1 else None
        key = self.eval(index.value, scope) if isinstance(index, cst.Index) else None
        updated: object = None
        if isinstance(base, list) and isinstance(key, int) and not isinstance(key, bool):
            if -len(base) <= key < len(base):
                updated = list(base)
                updated[key] = value
        elif isinstance(base, dict) and isinstance(key, (str, int)) and not isinstance(key, bool):
            updated = {**base, key: value}
        if updated is None:
            updated = self.unknown(
                f"`{holder.value}` is changed by `{self.code(target)} = ...`", target
            )
        scope.set(holder.value, updated)

    def assign_trainable(
        self, target: cst.Attribute, owner: object, value: object, scope: Scope
    ) -> None:
        """``owner.trainable = value``: Keras's setter on a layer or model (see trainable.py)."""
        where = self.pos(target)
        text = f"`{self.code(target)} = ...`"

        def unknown(reason: str) -> Unknown:
            return Unknown(f"{text}: {reason}", where)

        flag = trainable_value(value, unknown)
        region = self.open_region()
        maybe = unknown(f"it runs {region}") if region is not None else None
        if isinstance(owner, (LayerValue, ModelValue)):
            set_trainable(owner, flag, maybe)
            return
        texts = [self.code(target.value)]
        if isinstance(owner, Unknown):
            texts.append(str(owner.source))
        why = f" ({owner.reason})" if isinstance(owner, Unknown) else ""
        maybe = unknown(f"paramlint cannot tell which layer or model it sets{why}")
        for holder in possible_targets(texts, scope.lookup, self.models):
            set_trainable(holder, flag, maybe)

    # -- calls --------------------------------------------------------------------------------
    def _eval_Call(self, node: cst.Call, scope: Scope) -> Any:
        self.call_stack.append(node)
        try:
            return self._call(node, scope)
        finally:
            self.call_stack.pop()

    def _call(self, node: cst.Call, scope: Scope) -> Any:
        func = node.func
        if isinstance(func, cst.Name) and func.value == "super" and not node.args:
            found, cls = scope.lookup("__class__")
            _, instance = scope.lookup("__self__")
            if found and isinstance(instance, custom.Instance):
                return custom.SuperProxy(instance, cls)  # type: ignore[arg-type]
        if isinstance(func, cst.Attribute):
            owner = narrowed(self.eval(func.value, scope))
            if isinstance(owner, ModelValue) and owner.instance is None:
                return self._model_method(owner, func.attr.value, node, scope)
            if isinstance(owner, Unknown) and owner.candidates and func.attr.value in _CHANGES:
                self.lost_models_changed(owner, node)
            if isinstance(owner, list) and func.attr.value in _LIST_METHODS:
                return self._list_method(owner, func.attr.value, node, scope)
            attribute = func.attr.value
            held = isinstance(owner, custom.Instance) and attribute in owner.attributes
            if isinstance(owner, (custom.Instance, custom.SuperProxy, ModelValue)) and not held:
                args = self.call_arguments(node, scope)
                if isinstance(args, Unknown):
                    return args
                return self._user_class_method(owner, func.attr.value, *args, node)
        callee = narrowed(self.eval(func, scope))
        args = self.call_arguments(node, scope)
        if isinstance(args, Unknown):
            return args
        positional, keywords = args
        if isinstance(callee, Partial):
            callee, positional, keywords = callee.merged(positional, keywords)
        if isinstance(callee, StrMethod):
            return self._known_result(call_method(callee, positional, keywords), node)
        if isinstance(callee, QualName):
            return self._call_qualname(callee.name, positional, keywords, node)
        if isinstance(callee, UserClass):
            return self._custom_layer(callee, positional, keywords, node)
        if isinstance(callee, UserFunction):
            return self.call_function(callee, positional, keywords, node)
        if isinstance(callee, custom.BoundMethod):
            return self.call_function(
                callee.function, [callee.instance, *positional], keywords, node
            )
        if isinstance(callee, LayerValue):
            self.step(CALL_STEPS)
            self.before_call(callee)
            return functional.call_layer(
                callee, positional, keywords, self.pos(node), self.namer, self.call_uncertainty()
            )
        if isinstance(callee, ModelValue):
            self.step(CALL_STEPS)
            self.before_call(callee)
            self.build_on_call(callee)
            return functional.call_model(
                callee,
                positional,
                keywords,
                self.pos(node),
                self.sequential_output,
                self.call_uncertainty(),
            )
        if isinstance(callee, Unknown):
            if isinstance(node.func, cst.Name):  # a function from where paramlint cannot see
                self.names_in_doubt(f"`{self.code(node.func)}(...)` at {self.pos(node).render()}")
            return self.unknown(f"result of `{self.code(node.func)}(...)`: {callee.reason}", node)
        return self.unknown(f"result of calling `{self.code(node.func)}`", node)

    def call_arguments(
        self, node: cst.Call, scope: Scope
    ) -> tuple[list[object], dict[str, object]] | Unknown:
        positional: list[object] = []
        keywords: dict[str, object] = {}
        for arg in node.args:
            value = self.eval(arg.value, scope)
            if arg.star == "*":
                if not isinstance(value, (list, tuple)):
                    return self.unknown("call with unknown *args", arg)
                positional.extend(value)
            elif arg.star == "**":
                if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
                    return self.unknown("call with unknown **kwargs", arg)
                keywords.update(value)
            elif arg.keyword is not None:
                keywords[arg.keyword.value] = value
            else:
                positional.append(value)
        return positional, keywords

    def call_function(
        self,
        function: UserFunction,
        positional: list[object],
        keywords: dict[str, object],
        node: cst.CSTNode,
    ) -> Any:
        """Analyse the function's body with these arguments (the interpreter implements it)."""
        raise NotImplementedError

    def _custom_layer(
        self, cls: UserClass, positional: list[object], keywords: dict[str, object], node: cst.Call
    ) -> LayerValue | ModelValue:
        where = cls.position.render()
        if cls.is_model or cls.is_layer:
            return self._instantiate(cls, positional, keywords, node)
        kind = "custom layer" if cls.is_layer else "class"
        reason = f"{kind} `{cls.name}` (defined at {where}) is not in paramlint's catalog"
        layer = LayerValue(cls.name, self.pos(node), None, reason, "unknown-layer")
        layer.input_shape_arg = input_shape_argument(keywords)
        layer.name = self.layer_name(cls.name, keywords.get("name"))
        self.names_in_doubt(f"{kind} `{cls.name}` at {self.pos(node).render()}")
        return layer

    def _instantiate(
        self, cls: UserClass, positional: list[object], keywords: dict[str, object], node: cst.Call
    ) -> LayerValue | ModelValue:
        """A layer or model class of the analysed code, created: ``__init__`` runs on a new
        ``self`` (Keras names it after the class, unless ``super().__init__(name=...)``)."""
        self.step(CALL_STEPS)
        position = self.pos(node)
        instance = custom.Instance(cls)
        instance.run = lambda f, p, k: self.call_function(f, p, k, node)
        owner: LayerValue | ModelValue
        if cls.is_model:
            occurrence = self._occurrences.get(position, 0)
            self._occurrences[position] = occurrence + 1
            owner = ModelValue(position, kind="subclassed", occurrence=occurrence)
            self.models.append(owner)
        else:
            owner = LayerValue(cls.name, position, None)
            owner.input_shape_arg = input_shape_argument(keywords)
        owner.instance, instance.owner = instance, owner
        init = custom.find_method(cls, "__init__")
        if init is not None:
            self.call_function(init, [instance, *positional], keywords, node)
        else:  # Layer.__init__ (or the built-in parent's) takes the arguments
            custom.super_init(
                custom.SuperProxy(instance, cls),
                positional,
                keywords,
                instance.run,
                self._bind_for,
                self.namer,
            )
        custom.name_object(instance, None, self.namer)  # no super().__init__(): named now
        never_bound = isinstance(owner, LayerValue) and owner.spec is None and not owner.problem
        if never_bound and custom.catalog_parent(cls) is not None:  # no super().__init__()
            assert isinstance(owner, LayerValue)
            owner.problem_kind, owner.problem = "unresolved", "the parent layer is unknown"
        return owner

    def _bind_for(
        self, class_name: str, positional: list[object], keywords: dict[str, object]
    ) -> LayerValue:
        node = self.call_stack[-1] if self.call_stack else None
        assert node is not None
        return self._bind_layer(class_name, positional, keywords, node)  # type: ignore[arg-type]

    def _user_class_method(
        self,
        owner: custom.Instance | custom.SuperProxy | ModelValue,
        method: str,
        positional: list[object],
        keywords: dict[str, object],
        node: cst.Call,
    ) -> Any:
        """``self.add_weight(...)``, ``super().__init__(...)``, ``model.build(shape)``..."""
        if isinstance(owner, custom.SuperProxy):
            if method == "__init__":
                run = owner.instance.run
                assert run is not None
                custom.super_init(owner, positional, keywords, run, self._bind_for, self.namer)
                return None
            if method == "call" and positional:
                return custom.parent_call(owner, positional[0])
            if method == "build":
                return None  # Layer.build only marks the layer built
            return self.unknown(f"`super().{method}()`", node)
        instance = owner.instance if isinstance(owner, ModelValue) else owner
        assert instance is not None
        if method == "add_weight":  # the variable, as a tensor of its shape (for `x @ self.w`)
            return custom.add_weight(instance, positional, keywords) or self.unknown(
                f"weight: {instance.problem}", node
            )
        if method in _BUILDS_ON_DATA and isinstance(instance.owner, ModelValue):
            instance.owner.subclassed_result = CallResult(
                problem_kind="after-unknown",
                problem=f"`{method}()` builds its layers on data paramlint cannot see",
            )
            return self.unknown(f"`{self.code(node.func)}()`", node)
        if method == "build" and isinstance(instance.owner, ModelValue):
            shape = positional[0] if positional else keywords.get("input_shape")
            if isinstance(shape, (list, tuple)):
                self.step(CALL_STEPS)
                functional.build_subclassed(instance.owner, tuple(shape))
            return None
        found = custom.find_method(instance.cls, method)
        if found is not None:
            return self.call_function(found, [instance, *positional], keywords, node)
        return self.unknown(f"`{self.code(node.func)}()`", node)

    def layer_name(self, class_name: str, given: object) -> str:
        """Keras's name for a new layer: the one given, else the next auto-name."""
        if isinstance(given, Unknown):
            return f"<{given.source or 'unknown name'}>"
        name = self.namer.name(class_name, given)
        if self.naming_doubt is not None and not isinstance(given, str):
            self.doubtful_names[name] = self.naming_doubt
        return name

    def names_in_doubt(self, what: str) -> None:
        """Layers may have been created where paramlint does not look: from now on an automatic
        name may be off (Keras's counters moved), so it is not relied on (``get_layer``)."""
        if self.naming_doubt is None:
            self.naming_doubt = f"{what} may have created layers (Keras numbers their names)"

    def call_uncertainty(self) -> str:
        """Why a layer call here may not run as written (for the graph), or ""."""
        reason = self.undecided()
        return f"only {reason}" if reason else ""

    def build_on_call(self, model: ModelValue) -> None:
        """A Sequential without an input of its own, called on a tensor for the first time, is
        built then: Keras names the InputLayer and the Functional it makes."""
        from .infer import own_input_shape

        if (
            model.kind == "sequential"
            and not model.nodes
            and model.layers
            and not model.used_as_layer
            and own_input_shape(model) is None
        ):
            self.namer.auto_name("input_layer")
            self.namer.auto_name("functional")

    def sequential_output(self, model: ModelValue, shape: Shape) -> Any:
        """What a Sequential model called on a tensor of this shape outputs (the chain, inferred)."""
        from .infer import chain_output  # infer needs the evaluator's values, not the reverse

        return chain_output(model, shape)

    def _call_qualname(
        self, qualname: str, positional: list[object], keywords: dict[str, object], node: cst.Call
    ) -> Any:
        qualname = BUILTIN_ALIASES.get(qualname, qualname)
        if qualname == "builtins.isinstance" and len(positional) == 2 and not keywords:
            return self._known_result(keras_isinstance(*positional), node)
        if qualname.startswith("builtins."):
            return self._call_builtin(qualname.removeprefix("builtins."), positional, node)
        if qualname in LIBRARY_FUNCTIONS:
            return self._known_result(LIBRARY_FUNCTIONS[qualname](positional, keywords), node)
        keras = resolve_keras(qualname)
        application = applications.application_name(qualname) if keras is None else None
        if application is not None:
            return self._new_application(application, positional, keywords, node)
        if keras is None and qualname.split(".")[0] not in NO_LAYERS_MODULES:
            # keras.applications.VGG16(), load_model(), a helper module: counters may move
            self.names_in_doubt(f"`{self.code(node.func)}(...)` at {self.pos(node).render()}")
        if keras is None:
            ops_function = _ops_function(qualname)
            if ops_function is not None:
                return self._operation(ops_function, positional, keywords, node)
            merge = _merge_function(qualname)
            if merge is not None and positional:  # layers.add([a, b]): a new Add layer, called
                arguments = dict(keywords)
                if merge == "Dot":  # keras.layers.dot(inputs, axes=-1, normalize=False)
                    arguments.setdefault("axes", -1)
                layer = self._new_layer(merge, [], arguments, node)
                return functional.call_layer(
                    layer, positional[:1], {}, self.pos(node), self.namer, self.call_uncertainty()
                )
            return self.unknown(f"result of `{self.code(node.func)}(...)`", node)
        if keras.kind == "sequential":
            return self._new_sequential(positional, keywords, node)
        if keras.kind == "input":
            return self._new_input(positional, keywords, node)
        if keras.kind == "model":
            return self._new_functional(positional, keywords, node)
        return self._new_layer(keras.name, positional, keywords, node)

    def _known_result(self, value: object, node: cst.Call) -> Any:
        """A library call's result, its Unknown placed at the call."""
        value = bounded(value)
        if isinstance(value, NumpyUnknown):  # its source is the call: a symbol named after it
            return NumpyUnknown(value.reason, self.pos(node, exact=False), self.lazy_code(node))
        if isinstance(value, Unknown):
            return self.unknown(f"`{self.code(node.func)}(...)`: {value.reason}", node)
        return self.new_container(value, node)

    def _call_builtin(self, name: str, args: list[object], node: cst.Call) -> Any:
        if any(isinstance(a, (Unknown, Poly)) for a in args) or name == "print":
            return self.unknown(f"`{self.code(node)}`", node)
        if not _cheap_builtin_call(name, args):
            return self.unknown(f"`{self.code(node)}` is too costly to evaluate statically", node)
        try:
            value = _PURE_BUILTINS[name](*args)
            if isinstance(value, range) and length(value) > MAX_UNROLL * 10:
                return self.unknown(f"range of {length(value):,} items", node)
            if isinstance(value, Iterator):
                value = list(value)
        except Exception as error:  # a bad call in the user's code: its result is unknown
            return self.unknown(f"`{self.code(node)}` fails: {error}", node)
        value = bounded(value)
        if isinstance(value, Unknown):
            return self.unknown(value.reason, node)
        return self.new_container(value, node)

    def _new_layer(
        self, class_name: str, positional: list[object], keywords: dict[str, object], node: cst.Call
    ) -> LayerValue:
        self.step(CALL_STEPS)
        layer = self._bind_layer(class_name, positional, keywords, node)
        self.layer_made(layer)
        layer.arguments = (tuple(positional), dict(keywords))
        undecided = self.undecided()
        if undecided is not None:  # created or not, Keras's counter may or may not have moved
            self.names_in_doubt(f"a layer at {self.pos(node).render()} runs {undecided}")
        named = layer.error_type in ("UnrecognizedKeywordsError", "Keras2ArgumentError")
        if layer.problem_kind != "argument-error" or named:  # else Keras raised before naming it
            layer.name = self.layer_name(layer.class_name, keywords.get("name"))
        spec_class = CATALOG.get(class_name)
        # Keras's base Layer reads these keywords only when the layer's own signature does not
        # take them (Embedding's `input_dim` is its vocabulary size, not an input shape).
        own = set(_signature(spec_class).parameters) if spec_class is not None else set()
        layer.input_shape_arg = input_shape_argument(
            {k: v for k, v in keywords.items() if k not in own}
        )
        return layer

    def _bind_layer(
        self, class_name: str, positional: list[object], keywords: dict[str, object], node: cst.Call
    ) -> LayerValue:
        position = self.pos(node)
        spec_class = CATALOG.get(class_name)
        if spec_class is None:
            reason = f"Keras layer `{class_name}` is not in paramlint's catalog yet"
            return LayerValue(class_name, position, None, reason, "unknown-layer")
        name = spec_class.class_name()
        for inner in (*positional, *keywords.values()):
            if isinstance(inner, LayerValue) and inner.problem_kind in (
                "argument-error",
                "unknown-layer",
            ):
                # A wrapper around a broken or unknown layer is broken or unknown for that reason.
                problem = f"in {name}: {inner.problem}"
                wrapped = LayerValue(name, inner.position, None, problem, inner.problem_kind)
                wrapped.error_type = inner.error_type
                return wrapped
        args = [_layer_argument(a) for a in positional]
        kwargs = {k: _layer_argument(v) for k, v in keywords.items()}
        try:
            try:
                bound = _signature(spec_class).bind(*args, **kwargs)
            except TypeError:
                spec_class(*args, **kwargs)  # fails to bind before its body runs: Python's message
                raise
            numpy_int_arguments(name, bound.arguments)
            spec = spec_class(*bound.args, **bound.kwargs)
        except (TypeError, KerasError) as error:
            problem = f"{name}: {error}{_typo_hint(spec_class, keywords)}"
            layer = LayerValue(name, position, None, problem, "argument-error")
            layer.error_type = type(error).__name__
            return layer
        except Unresolved as error:
            return LayerValue(name, position, None, error.reason, "unresolved")
        return LayerValue(name, position, spec)

    def _new_input(
        self, positional: list[object], keywords: dict[str, object], node: cst.Call
    ) -> Any:
        try:
            bound = _signature(_keras_input).bind(*positional, **keywords)
        except TypeError as error:
            return self.unknown(f"Input(): {error}", node)
        args = bound.arguments
        shape, batch_shape = plain_ints(args.get("shape")), plain_ints(args.get("batch_shape"))
        stated: tuple[object, ...] | Unknown
        if batch_shape is not None:
            if isinstance(batch_shape, (list, tuple)):
                stated = tuple(batch_shape)
            else:
                unknown = self._unknown_shape(batch_shape, "batch_shape", node)
                # Its elements start with the batch axis: its symbols are not named after them.
                stated = Unknown(unknown.reason, unknown.position)
        elif isinstance(shape, (list, tuple)):
            stated = (args.get("batch_size"), *shape)
        elif isinstance(shape, (int, float, NumpyInt)):  # Keras's standardize_shape refuses it
            return self.unknown(f"Input() raises: Cannot convert '{shape}' to a shape.", node)
        else:
            stated = self._unknown_shape(shape, "shape", node)
        position = self.pos(node)
        layer = LayerValue("InputLayer", position, CATALOG["InputLayer"](batch_shape=()))
        layer.name = self.layer_name("InputLayer", args.get("name"))
        return functional.input_tensor(layer, stated, standardize_shape(stated), position)

    def _unknown_shape(self, value: object, name: str, node: cst.CSTNode) -> Unknown:
        if isinstance(value, Unknown):
            return Unknown(
                f"`{name}` is {value.source or 'unknown'}: {value.reason}",
                value.position,
                value.source,
            )
        return self.unknown(f"`{name}` is not a tuple: {value!r}", node)

    def _new_sequential(
        self, positional: list[object], keywords: dict[str, object], node: cst.Call
    ) -> Any:
        try:
            bound = _signature(_keras_sequential).bind(*positional, **keywords)
        except TypeError as error:
            return self.unknown(f"Sequential(): {error}", node)
        position = self.pos(node)
        occurrence = self._occurrences.get(position, 0)
        self._occurrences[position] = occurrence + 1
        model = ModelValue(position, name=bound.arguments.get("name"), occurrence=occurrence)
        model.keras_name = self.layer_name("Sequential", model.name)
        model.trainable = constructor_flag(bound.arguments.get("trainable", True))
        model.function = None
        self.models.append(model)
        self.model_made(model)
        layers = bound.arguments.get("layers")
        if isinstance(layers, Unknown):
            unknown_layer_list(model, layers, position)
        elif isinstance(layers, (list, tuple)):
            for element in layers:
                add_layer(model, element, position, self.namer)
        elif layers is not None:
            add_layer(model, layers, position, self.namer)
        rebuilt(model, self.namer)
        return model

    def _new_application(
        self, name: str, positional: list[object], keywords: dict[str, object], node: cst.Call
    ) -> ModelValue:
        """``keras.applications.ResNet50(...)``: a model whose numbers come from Keras's own table."""
        self.step(CALL_STEPS)
        position = self.pos(node)
        occurrence = self._occurrences.get(position, 0)
        self._occurrences[position] = occurrence + 1
        model = ModelValue(position, name=keywords.get("name"), kind="application")
        model.occurrence = occurrence
        model.keras_name = applications.keras_model_name(name, positional, keywords)
        model.application = (name, list(positional), dict(keywords))
        taken = dict(applications.names_taken(name, positional, keywords))
        input_name = self.namer.auto_name("input_layer") if taken.pop("input_layer", 0) else ""
        for prefix, times in taken.items():
            for _ in range(times):
                self.namer.auto_name(prefix)
        self.models.append(model)
        functional.connect_application(model, input_name, position)
        return model

    def _new_functional(
        self, positional: list[object], keywords: dict[str, object], node: cst.Call
    ) -> Any:
        """``keras.Model(inputs, outputs, name=...)``: a functional model over the graph."""
        try:
            bound = _signature(_keras_model).bind(*positional, **keywords)
        except TypeError as error:
            return self.unknown(f"Model(): {error}", node)
        args = bound.arguments
        position = self.pos(node)
        occurrence = self._occurrences.get(position, 0)
        self._occurrences[position] = occurrence + 1
        model = ModelValue(position, name=args.get("name"), occurrence=occurrence)
        model.keras_name = self.layer_name("Functional", model.name)
        model.trainable = constructor_flag(args.get("kwargs", {}).get("trainable", True))
        self.models.append(model)
        if "inputs" not in args or "outputs" not in args:
            model.uncertain.append(
                ("`Model()` without inputs and outputs (a subclassed model?)", position)
            )
            model.kind = "functional"
            return model
        functional.connect_model(
            model, args["inputs"], args["outputs"], position, self.call_uncertainty()
        )
        return model

    def _list_method(self, items: list[object], method: str, node: cst.Call, scope: Scope) -> Any:
        """``skips.append(x)``, ``extend``, ``insert``: the list changes in place, as in Python
        (a U-Net's list of skip tensors). Under a condition paramlint cannot decide, the change
        may or may not happen: the list's content becomes one unknown item."""
        args = self.call_arguments(node, scope)
        if isinstance(args, Unknown) or args[1]:
            return self.unknown(f"`{self.code(node)}` with these arguments", node)
        positional = args[0]
        reason = self.undecided()
        if reason:
            items[:] = [self.unknown(f"`{self.code(node)}` runs {reason}", node)]
            return None
        if method == "append" and len(positional) == 1:
            items.append(positional[0])
        elif (
            method == "extend" and len(positional) == 1 and isinstance(positional[0], (list, tuple))
        ):
            items.extend(positional[0])
        elif method == "insert" and len(positional) == 2 and isinstance(positional[0], int):
            items.insert(positional[0], positional[1])
        else:
            items[:] = [self.unknown(f"`{self.code(node)}` is not followed", node)]
            return None
        if expanded_size(items, MAX_VALUE_ITEMS) > MAX_VALUE_ITEMS:
            items[:] = [self.unknown(f"a value of more than {MAX_VALUE_ITEMS:,} items", node)]
        return None

    def _model_method(self, model: ModelValue, method: str, node: cst.Call, scope: Scope) -> Any:
        args = self.call_arguments(node, scope)
        uncertain = self.model_changed(model, node) if method in _CHANGES else None
        if uncertain is not None:
            model.uncertain.append((f"`{self.code(node)}` runs {uncertain}", self.pos(node)))
            return None
        if isinstance(args, Unknown):
            model.uncertain.append((args.reason, self.pos(node)))
            return None
        positional, keywords = args
        if model.kind != "sequential" and method in ("add", "pop"):
            return self.unknown(f"`{method}()` of a functional model", node)
        if method == "get_layer" and model.kind == "sequential":
            name = positional[0] if positional else keywords.get("name")
            index = positional[1] if len(positional) > 1 else keywords.get("index")
            found = get_layer(model, name, index, self.doubtful_names)
            return self._known_result(found, node)
        if method == "add":
            layer = positional[0] if positional else keywords.get("layer")
            add_layer(model, layer, self.pos(node), self.namer)
            rebuilt(model, self.namer)
        elif method == "pop":
            pop_layer(model)
            rebuilt(model, self.namer)
        elif method == "build" and model.kind == "sequential":
            shape = plain_ints(positional[0] if positional else keywords.get("input_shape"))
            if isinstance(shape, (list, tuple)):
                if model.input_shape is None:  # build() adds an InputLayer: its name may clash
                    built_input_layer(model, self.namer.auto_name("input_layer"), self.pos(node))
                set_input(model, tuple(shape), self.pos(node))
                rebuilt(model, self.namer)
            else:
                model.uncertain.append(("`build()` with an unknown input shape", self.pos(node)))
        return None


def _model_layers(model: ModelValue, unknown: Unknown) -> list[object] | Unknown:
    """``model.layers``: a Sequential's layers in order (its Input is not one), a functional
    model's operations (its InputLayers too), when certain."""
    if model.kind == "subclassed":
        return Unknown("the layers of a subclassed model", unknown.position, unknown.source)
    if model.uncertain:
        reason, _ = model.uncertain[0]
        return Unknown(
            f"the model's layers are uncertain: {reason}", unknown.position, unknown.source
        )
    # Keras's model.layers holds layers only: the operations of x + y, ops.* are not among them.
    return [op for op in model.layers if not isinstance(getattr(op, "spec", None), OperationSpec)]


_CHANGES = ("add", "pop", "build")
"""The model methods that change what paramlint reports."""


def _layer_argument(value: object) -> object:
    """A layer passed to a wrapper is handed over as its spec (or Unknown, with the reason)."""
    if isinstance(value, LayerValue):
        if value.spec is not None:
            return value.spec
        return Unknown(
            value.problem or f"layer {value.class_name} is unknown",
            value.position,
            value.class_name,
        )
    return value


_LAYER_KEYWORDS = (
    "activity_regularizer",
    "trainable",
    "dtype",
    "autocast",
    "name",
    "input_shape",
    "input_dim",
)


def _typo_hint(spec_class: type, keywords: dict[str, object]) -> str:
    """`` (did you mean `units`?)`` for a keyword that is close to one the layer takes."""
    known = [*_signature(spec_class).parameters, *_LAYER_KEYWORDS]
    for keyword in keywords:
        if keyword not in known and keyword not in KERAS2_ARGUMENTS:
            import difflib  # only for a misspelt keyword

            close = difflib.get_close_matches(keyword, known, n=1)
            if close:
                return f" (`{keyword}` is not an argument of {spec_class.__name__}; did you mean `{close[0]}`?)"
    return ""


def input_shape_argument(keywords: dict[str, object]) -> tuple[object, ...] | Unknown | str | None:
    """The batch shape a layer's ``input_dim=`` or ``input_shape=`` states (Keras reads it when the
    layer comes first in a Sequential); Unknown for a shape paramlint cannot read (its rank then
    comes from the layer); Keras's message for a shape it refuses (``input_shape=(1024)``)."""
    if keywords.get("input_dim") is not None:
        shape: object = (keywords["input_dim"],)  # Keras: the shape is (input_dim,)
    else:
        shape = keywords.get("input_shape")
    shape = plain_ints(shape)
    if isinstance(shape, (list, tuple)):
        return (None, *(int(d) if isinstance(d, NumpyInt) else d for d in shape))
    if isinstance(shape, Unknown):
        return shape
    if isinstance(shape, (int, float, NumpyInt)):
        return f"Cannot convert '{shape}' to a shape."
    return None


def _keras_input(
    shape: object = None,
    batch_size: object = None,
    dtype: object = None,
    sparse: object = None,
    ragged: object = None,
    batch_shape: object = None,
    name: object = None,
    tensor: object = None,
    optional: object = False,
) -> None:
    """The signature of ``keras.Input`` (Keras 3)."""


def _keras_sequential(layers: object = None, trainable: object = True, name: object = None) -> None:
    """The signature of ``keras.Sequential`` (Keras 3)."""


def _keras_model(
    inputs: object = None, outputs: object = None, name: object = None, **kwargs: object
) -> None:
    """The functional form of ``keras.Model`` (Keras 3): inputs and outputs, positional or not."""


_LIST_METHODS = frozenset({"append", "extend", "insert"})

_GRAPH_ATTRIBUTES = frozenset({"input", "inputs", "output", "outputs"})
_BUILDS_ON_DATA = frozenset(
    {"fit", "predict", "evaluate", "train_on_batch", "test_on_batch", "predict_on_batch"}
)
"""Model methods that call the model on data: a subclassed model is built by them."""


def _ops_function(qualname: str) -> str | None:
    """``keras.ops.concatenate`` (or ``keras.ops.numpy.concatenate``) -> ``concatenate``."""
    relative = keras_relative(qualname)
    if not relative:
        return None
    parts = relative.split(".")
    if parts[0] == "ops" and len(parts) in (2, 3) and (len(parts) == 2 or parts[1] in _OPS_MODULES):
        return parts[-1]
    return None


_OPS_MODULES = frozenset({"numpy", "nn", "core", "math"})


def _merge_function(qualname: str) -> str | None:
    """``keras.layers.add`` -> ``Add``: the merge layer a functional merge creates."""
    relative = keras_relative(qualname)
    if not relative:
        return None
    *middle, last = relative.split(".")
    if middle and middle[0] == "layers":
        return functional.MERGE_FUNCTIONS.get(last)
    return None


_PURE_BUILTINS: dict[str, Callable[..., Any]] = {
    "range": range, "len": len, "int": int, "float": float, "min": min, "max": max,
    "abs": abs, "list": list, "tuple": tuple, "sum": sum, "round": round, "str": str,
    "bool": bool, "sorted": sorted, "reversed": reversed, "enumerate": enumerate, "zip": zip,
}  # fmt: skip


def _known(*values: object) -> bool:
    return not any(isinstance(v, (Unknown, Poly)) for v in values)


def binary_operation(op: str, left: Any, right: Any) -> Any:
    """Python's arithmetic on known values (ints, floats, strings, lists, tuples), refusing what
    would take too long or too much memory (a huge power, a sequence repeated a billion times)."""
    too_costly = _too_costly(op, left, right)
    if too_costly is not None:
        return Unknown(too_costly)
    try:
        if op == "Add":
            result = left + right
        elif op == "Subtract":
            result = left - right
        elif op == "Multiply":
            result = left * right
        elif op == "FloorDivide":
            result = left // right
        elif op == "Divide":
            result = left / right
        elif op == "Modulo":
            result = left % right
        elif op == "Power":
            result = left**right
        else:
            return Unknown(f"operator {op} is not evaluated")
    except (TypeError, ZeroDivisionError, ValueError, OverflowError, MemoryError) as error:
        return Unknown(f"arithmetic fails: {error}")
    return bounded(result)


def _too_costly(op: str, left: Any, right: Any) -> str | None:
    """Why computing ``left op right`` is refused before it is tried, or None."""
    sequences = (list, tuple, str)
    if op == "Modulo" and isinstance(left, str):
        return "string formatting is not evaluated"
    if op == "Power" and isinstance(right, int) and isinstance(left, (int, float)):
        if abs(right) > 256:
            return "power too large to evaluate"
        if isinstance(left, int) and right > 0 and left.bit_length() * right > MAX_INT_BITS:
            return "power too large to evaluate"
    if op == "Multiply":
        both_ints = isinstance(left, int) and isinstance(right, int)
        if both_ints and left.bit_length() + right.bit_length() > MAX_INT_BITS + 1:
            return "product too large to evaluate"
        for sequence, count in ((left, right), (right, left)):
            if (
                isinstance(sequence, sequences)
                and isinstance(count, int)
                and len(sequence) * max(count, 0) > MAX_UNROLL
            ):
                return f"a sequence of {len(sequence) * count:,} items"
    if (
        op == "Add"
        and isinstance(left, sequences)
        and type(left) is type(right)
        and len(left) + len(right) > MAX_UNROLL
    ):
        return f"a sequence of {len(left) + len(right):,} items"
    return None


def bounded(value: Any) -> Any:
    """The value, or Unknown if it is too large to carry on with (a huge integer or formula)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if value.bit_length() > MAX_INT_BITS:
            return Unknown(
                f"an integer of {value.bit_length():,} bits is larger than paramlint computes with"
            )
        return value
    if isinstance(value, complex):
        return Unknown("a complex number")
    if isinstance(value, Poly):
        terms = value.terms
        too_large = len(terms) > MAX_POLY_TERMS or any(
            sum(power for _, power in monomial) > MAX_POLY_DEGREE
            or coefficient.bit_length() > MAX_INT_BITS
            for monomial, coefficient in terms.items()
        )
        return Unknown("a formula too large to follow") if too_large else value
    return value


def expanded_size(value: object, limit: int) -> int:
    """Items in the value, nested ones included and shared ones each time they appear (what
    hashing, comparing or printing it costs); counting stops just past ``limit``."""
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        count += 1
        if count > limit:
            break
        if isinstance(item, dict):
            count += len(item)  # the keys: scalars or small tuples
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            if any(isinstance(i, (list, tuple, dict)) for i in item):
                stack.extend(item)
            else:
                count += len(item)
    return count


def _term_count(value: object) -> int:
    return len(value.terms) if isinstance(value, Poly) else 1


def length(value: Sequence[object]) -> int:
    """``len``, also for a ``range`` longer than a machine integer."""
    try:
        return len(value)
    except OverflowError:
        assert isinstance(value, range)
        return max(0, -((value.start - value.stop) // value.step))


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


_SIGNATURES: dict[object, inspect.Signature] = {}


def _signature(function: Callable[..., Any]) -> inspect.Signature:
    """``inspect.signature``, computed once per class (it costs more than binding the layer)."""
    found = _SIGNATURES.get(function)
    if found is None:
        found = _SIGNATURES[function] = inspect.signature(function)
    return found


_NUMBERS = (int, float)


def _cheap_builtin_call(name: str, args: list[object]) -> bool:
    """False for a builtin call whose cost is not bounded by its arguments' size (``round(x, -10**9)``,
    ``sum`` of lists, ``str`` of a model)."""
    if name == "round":
        return len(args) < 2 or (isinstance(args[1], int) and abs(args[1]) <= 1000)
    if name == "sum":
        return all(
            isinstance(a, _NUMBERS) or (isinstance(a, (list, tuple, range)) and _all_numbers(a))
            for a in args
        )
    if name in ("str", "int", "float", "bool"):
        return all(isinstance(a, (*_NUMBERS, NumpyInt, str, type(None))) for a in args)
    return True


def _all_numbers(values: Sequence[object]) -> bool:
    return isinstance(values, range) or all(isinstance(v, _NUMBERS) for v in values)


def compare(op: str, left: Any, right: Any) -> bool | None:
    if not _known(left, right):
        return None
    try:
        return {
            "Equal": lambda: left == right,
            "NotEqual": lambda: left != right,
            "LessThan": lambda: left < right,
            "LessThanEqual": lambda: left <= right,
            "GreaterThan": lambda: left > right,
            "GreaterThanEqual": lambda: left >= right,
            "In": lambda: left in right,
            "NotIn": lambda: left not in right,
            "Is": lambda: left is right if left is None or right is None else None,
            "IsNot": lambda: left is not right if left is None or right is None else None,
        }[op]()
    except (KeyError, TypeError):
        return None
