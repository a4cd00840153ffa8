"""One pass over each file's statements: imports, assignments, functions, loops and the models they build.

The interpreter walks the module in order, the way Python would run it, but only *evaluates*
(see ``evaluate.py``): it never imports or calls anything from the analyzed code. Functions are
analysed at each call, with its arguments (uncalled ones once, with their defaults); loops with a
known, bounded iterable are unrolled; branches and loops it cannot decide are run every way and
joined (see ``controlflow.py``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import libcst as cst

from .controlflow import Break, Continue, Escape, PathEnded, Return
from .evaluate import CALL_STEPS, AnalysisLimit, Scope, binary_operation
from .flow import Frame, State, join, same
from .ipython import OUTPUT
from .keras_names import catalog_layer_name, is_keras_layer_base, is_keras_model_base
from .loops import MAX_CALL_STEPS, Loops, TooLong
from .parse import Refused, parse_chunk
from .positions import PositionIndex
from .source import Chunk, Position, Source
from .trainable import flags_kept
from .unreadable import forget_assigned_names, mark_touched_models
from .values import LazyText, ModelValue, QualName, Unknown, UserClass, UserFunction


@dataclass
class ExtractResult:
    """The models a file builds, and what the interpreter had to give up on (parse errors...)."""

    source: Source
    models: list[ModelValue] = field(default_factory=list)
    notes: list[tuple[str, str, Position]] = field(default_factory=list)


MAX_CALL_DEPTH = 12
"""How deep paramlint follows calls into the analysed code's own functions."""


def extract(source: Source) -> ExtractResult:
    interpreter = Interpreter()
    module_scope = Scope(journal=interpreter.journal)
    module_scope.set("__name__", "__main__")  # a file is analysed as the script it is run as
    module_scope.set(OUTPUT, Unknown("the output of an IPython magic or shell command"))
    for chunk in source.chunks:
        interpreter.run_chunk(chunk, module_scope)
    interpreter.analyse_uncalled_functions()
    return ExtractResult(source, interpreter.models, interpreter.notes)


class Interpreter(Loops):
    def __init__(self) -> None:
        super().__init__()
        # Each statement's chunk positions: a function defined in one notebook cell may be called
        # from another, so the index is found through the statement being run.
        self._index_of: dict[cst.CSTNode, PositionIndex] = {}
        self._statement: cst.CSTNode | None = None
        self._cell: int | None = None
        self.functions: list[UserFunction] = []
        self._depth = 0
        # Calls given up as too long to follow, with their arguments: not tried again.
        self._too_long_calls: dict[cst.CSTNode, list[tuple[dict[str, object], str]]] = {}
        self._stopped = False  # the file needed more than MAX_STEPS: nothing more is analysed
        self._code: dict[cst.CSTNode, str] = {}

    # -- plumbing -----------------------------------------------------------------------------
    def run_chunk(self, chunk: Chunk, scope: Scope) -> None:
        if self._stopped:
            return
        self._cell = chunk.cell
        parsed = parse_chunk(chunk)
        if isinstance(parsed, Refused):
            self.notes.append((parsed.kind, parsed.message, parsed.position))
            if chunk.cell is not None:
                self._unreadable(chunk, chunk.code, "could not be parsed", scope)
            return
        try:
            index = PositionIndex(parsed.module, parsed.code, chunk.cell, parsed.tree, parsed.place)
        except RecursionError:
            where = Position(1, 1, chunk.cell)
            self._skipped("code nested too deeply to analyse", where)
            return
        module = parsed.module
        self._index_of.update(dict.fromkeys(index.statements, index))
        for statement in module.body:  # one statement too deep to follow loses only itself
            first: cst.CSTNode = statement
            if isinstance(statement, cst.SimpleStatementLine) and statement.body:
                first = statement.body[0]
            self._run(
                partial(self.exec_statement, statement, scope), self.pos(first), statement, scope
            )
        for line, column, text in chunk.opaque:  # in place, so a mention has its position
            shown = (text.strip().splitlines() or [""])[0][:40]
            placed = "\n" * (line - 1) + " " * column + text
            self._unreadable(
                chunk, placed, f"runs `{shown}`, which paramlint does not read,", scope
            )

    def _unreadable(self, chunk: Chunk, code: str, what: str, scope: Scope) -> None:
        """Code of a cell paramlint cannot read: the models it may reach become uncertain."""
        mark_touched_models(
            self.models,
            scope,
            code,
            f"cell {chunk.cell} {what} and",
            chunk.position,
            lambda function: generated_code(function.node),  # type: ignore[arg-type]
        )
        forget_assigned_names(scope, code, f"cell {chunk.cell}", chunk.position(1, 1))

    def _run(
        self,
        action: Callable[[], object],
        where: Position,
        node: cst.CSTNode | None = None,
        scope: Scope | None = None,
    ) -> None:
        """Run one top-level piece of analysis, within its budget; what stops it early becomes a
        note, what is too long to follow is skipped."""
        if self._stopped:
            return
        frame = self.journal.push("branch")
        self.start_budget(frame, MAX_CALL_STEPS)
        try:
            action()
        except (Escape, PathEnded):
            pass
        except TooLong:
            reason = (
                f"the statement at {where.render()} is too long to follow (more than "
                f"{MAX_CALL_STEPS:,} steps of analysis) and is skipped"
            )
            self.skip(node, scope, frame, reason)
        except RecursionError:
            self._skipped("code nested too deeply to analyse; this statement is skipped", where)
        except AnalysisLimit as stop:
            self._stopped = True
            where = stop.position or where
            self._skipped(
                f"analysis stopped at {where.render()} after {stop}, more than paramlint spends "
                "on one file; "
                "the rest of the file is not analysed",
                where,
            )
        finally:
            self.end_budget(frame)
            while self.journal.frames:  # whatever stopped it left its frames open
                self.journal.close(self.journal.frames[-1])

    def _skipped(self, message: str, where: Position) -> None:
        """Code left unanalysed may change any model: none of them can be trusted to be complete."""
        self.notes.append(("unsupported", message, where))
        for model in self.models:
            model.uncertain.append((message, where))

    def pos(self, node: cst.CSTNode, exact: bool = True) -> Position:
        """The node's position, or that of the innermost call or statement around it.

        ``exact=False`` settles for what is known without matching the statement's calls: the
        position of something that is only shown if it ever matters (an unknown value)."""
        statement = self._statement
        index = self._index_of.get(statement) if statement is not None else None
        index = index or self._index_of.get(node)
        if index is not None:
            for candidate in (node, *reversed(self.call_stack), statement):
                if candidate is not None:
                    found = index.position(candidate, statement, expand=exact)
                    if found is not None:
                        return found
        return Position(1, 1, self._cell)

    def code(self, node: cst.CSTNode) -> str:
        kind = type(node)  # exact types: isinstance with libcst's classes is a Python call
        if kind is cst.Name or kind in _LITERALS:
            return node.value  # type: ignore[attr-defined]
        if kind is cst.Attribute:
            return f"{self.code(node.value)}.{node.attr.value}"  # type: ignore[attr-defined]
        known = self._known_code(node) or generated_code(node)
        self._code[node] = known  # loops and calls evaluate the same nodes again and again
        return known

    def lazy_code(self, node: cst.CSTNode) -> str | LazyText:
        """The node's text if it is cheap to have now, else text generated when first read.
        The deferred text holds the node alone (a subtree), not the file's tree or this
        interpreter: reports keep unknown values long after the file is analysed."""
        kind = type(node)
        if kind is cst.Name or kind is cst.Attribute or kind in _LITERALS:
            return self.code(node)
        return self._known_code(node) or LazyText(partial(generated_code, node))

    def _known_code(self, node: cst.CSTNode) -> str | None:
        """The node's text if it costs nothing: already made, or sliced from the source when
        the node's extent is matched."""
        known = self._code.get(node)
        if known is not None:
            return known
        index = self._index_of.get(self._statement) if self._statement is not None else None
        text = index.source_text(node) if index is not None else None
        return " ".join(text.split()) if text is not None else None

    # -- statements ---------------------------------------------------------------------------
    def exec_block(self, statements: Sequence[cst.CSTNode], scope: Scope) -> None:
        for statement in statements:
            self.exec_statement(statement, scope)

    def exec_statement(self, node: cst.CSTNode, scope: Scope) -> None:
        try:
            self.step()
        except AnalysisLimit as stop:
            stop.position = stop.position or self.pos(node)
            raise
        outer = self._statement
        try:
            if isinstance(node, cst.SimpleStatementLine):
                for small in node.body:
                    self._statement = small
                    self.exec_small(small, scope)
            else:
                self._statement = node
                self._exec_compound(node, scope)
        finally:
            self._statement = outer

    def _exec_compound(self, node: cst.CSTNode, scope: Scope) -> None:
        if isinstance(node, cst.FunctionDef):
            self.define_function(node, scope)
        elif isinstance(node, cst.ClassDef):
            self.define_class(node, scope)
        elif isinstance(node, cst.If):
            self.exec_if(node, scope)
        elif isinstance(node, cst.For):
            self.exec_for(node, scope)
        elif isinstance(node, cst.While):
            self.exec_while(node, scope)
        elif isinstance(node, cst.With):
            self.exec_with(node, scope)
        elif isinstance(node, (cst.Try, cst.TryStar)):
            self.exec_try(node, scope)
        elif isinstance(node, cst.Match):
            self.exec_match(node, scope)
        elif isinstance(node, cst.IndentedBlock):
            self.exec_block(node.body, scope)

    def exec_small(self, node: cst.BaseSmallStatement, scope: Scope) -> None:
        if isinstance(node, cst.Expr):
            if not isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString)):
                self.eval(node.value, scope)  # a docstring has no effect: not even read
        elif isinstance(node, cst.Assign):
            if type(node.value) is cst.IfExp and type(node.targets[0].target) is cst.Name:
                self.value_names[node.value] = node.targets[0].target.value
            value = self.eval(node.value, scope)
            for target in node.targets:
                self.assign(target.target, value, scope)
        elif isinstance(node, cst.AnnAssign) and node.value is not None:
            self.assign(node.target, self.eval(node.value, scope), scope)
        elif isinstance(node, cst.AugAssign):
            self.assign(node.target, self._eval_augmented(node, scope), scope)
        elif isinstance(node, cst.Import):
            for alias in node.names:
                dotted = self.code(alias.name)
                if alias.asname is not None:
                    scope.set(self.code(alias.asname.name), QualName(dotted))
                else:
                    top = dotted.split(".")[0]
                    scope.set(top, QualName(top))
        elif isinstance(node, cst.ImportFrom):
            self.exec_import_from(node, scope)
        elif isinstance(node, cst.Del):
            self._delete(node.target, scope)
        elif isinstance(node, cst.Return):
            raise Return(self.eval(node.value, scope) if node.value is not None else None)
        elif isinstance(node, cst.Break):
            raise Break
        elif isinstance(node, cst.Continue):
            raise Continue
        elif isinstance(node, cst.Raise):
            raise PathEnded  # the code after it runs only on the paths that did not raise
        elif isinstance(node, (cst.Global, cst.Nonlocal)):
            for item in node.names:
                scope.declare(item.name.value, module=isinstance(node, cst.Global))

    def _eval_augmented(self, node: cst.AugAssign, scope: Scope) -> object:
        left, right = self.eval(node.target, scope), self.eval(node.value, scope)
        op = type(node.operator).__name__.removesuffix("Assign")
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return self.unknown(f"`{self.code(node)}` with an unknown value", node)
        return self.new_container(binary_operation(op, left, right), node)

    def _delete(self, target: cst.BaseExpression, scope: Scope) -> None:
        if isinstance(target, cst.Name):
            scope.delete(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._delete(element.value, scope)

    def exec_import_from(self, node: cst.ImportFrom, scope: Scope) -> None:
        if node.module is None or node.relative:
            return
        module = self.code(node.module)
        if isinstance(node.names, cst.ImportStar):
            scope.star_modules.append(module)
            return
        for alias in node.names:
            name = self.code(alias.name)
            bound = self.code(alias.asname.name) if alias.asname is not None else name
            scope.set(bound, QualName(f"{module}.{name}"))

    # -- definitions --------------------------------------------------------------------------
    def define_function(self, node: cst.FunctionDef, scope: Scope) -> None:
        """Bind the function; its body is analysed at each call, with the call's arguments."""
        name = node.name.value
        defaults: dict[str, object] = {}
        params = node.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            if param.default is not None:
                defaults[param.name.value] = self.eval(param.default, scope)
        qualified = f"{scope.function}.{name}" if scope.function else name
        function = UserFunction(name, qualified, self.pos(node), node, scope, defaults)
        scope.set(name, function)
        self.functions.append(function)
        self.function_globals |= self.bindings(node).globals

    def call_function(
        self,
        function: UserFunction,
        positional: list[object],
        keywords: dict[str, object],
        node: cst.CSTNode,
    ) -> Any:
        if self._depth >= MAX_CALL_DEPTH:
            return self.unknown(f"calls nested more than {MAX_CALL_DEPTH} deep (recursion?)", node)
        self.step(CALL_STEPS)
        definition = function.node
        assert isinstance(definition, cst.FunctionDef)
        bound = _bind_arguments(definition, function.defaults, positional, keywords)
        if isinstance(bound, str):
            return self.unknown(f"`{function.name}()` cannot be called like this: {bound}", node)
        arguments, defaults_used = bound
        for seen, reason in self._too_long_calls.get(definition, ()):
            if same(seen, arguments):  # given up before: do not spend the budget again
                return self._skip_call(function, arguments, None, node, reason)
        frame = self.journal.push("call")  # the target of its returns
        self.start_budget(frame, MAX_CALL_STEPS)
        body_scope = Scope(function.scope, function=function.qualified_name)  # type: ignore[arg-type]
        for pname, value in arguments.items():
            body_scope.set(pname, value)
        if function.defining_class is not None and arguments:  # a method: for `super()`
            body_scope.set("__class__", function.defining_class)
            body_scope.set("__self__", next(iter(arguments.values())))
        function.calls += 1
        first_model = len(self.models)
        saved_cell = self._cell
        self._depth += 1
        try:
            returned = self._follow_call(function, definition, body_scope, frame, node)
        except TooLong as stop:
            if stop.frame is not frame:
                raise
            reason = (
                f"the call `{self.code(node)}` is too long to follow (more than "
                f"{MAX_CALL_STEPS:,} steps of analysis) and is skipped"
            )
            self._too_long_calls.setdefault(definition, []).append((arguments, reason))
            returned = self._skip_call(function, arguments, frame, node, reason)
        finally:
            self._depth -= 1
            self._cell = saved_cell
            self.end_budget(frame)
            self._close(frame)
        for model in self.models[first_model:]:
            if model.function is None:
                model.function = function.qualified_name
                model.defaults_used = defaults_used
        return returned

    def _skip_call(
        self,
        function: UserFunction,
        arguments: dict[str, object],
        frame: Frame | None,
        node: cst.CSTNode,
        reason: str,
    ) -> Unknown:
        """Give up a call: its globals and the models it may change are unknown."""
        definition = function.node
        assert isinstance(definition, cst.FunctionDef)
        scope = Scope(function.scope, function=function.qualified_name)  # type: ignore[arg-type]
        for pname, value in arguments.items():
            scope.names[pname] = value
        module = _module_scope(scope)
        for name in self.bindings(definition).globals:
            scope.outer_names[name] = module  # what it may bind as a global
        self.skip(definition, scope, frame, reason)
        return Unknown(reason, self.pos(node, exact=False), self.lazy_code(node))

    def _follow_call(
        self,
        function: UserFunction,
        definition: cst.FunctionDef,
        body_scope: Scope,
        frame: Frame,
        node: cst.CSTNode,
    ) -> object:
        """Run the body; the value and bindings its returns (and its end) leave, joined."""
        returns: list[tuple[State, object]] = []
        fell = self.run_path(partial(self.exec_block, definition.body.body, body_scope))
        if fell:
            returns.append((self.journal.changed(frame), None))
        returns += frame.take("return")
        if not returns:
            raise PathEnded  # every path raises: the code after the call is never reached
        why = f"depending on which `return` of `{function.name}()` runs"
        where = self.pos(node, exact=False)
        if not (fell and len(returns) == 1):
            self.join_paths(frame, [state for state, _ in returns], why, where)
        return join([value for _, value in returns], f"{function.name}(...)", why, where)

    def functions_named(self, names: set[str]) -> list[UserFunction]:
        return [function for function in self.functions if function.name in names]

    def may_build_models(self, node: cst.CSTNode) -> bool:
        index = self._index_of.get(node) or self._index_of.get(self._statement)  # type: ignore[arg-type]
        return index is None or index.may_build_models(node)

    def analyse_uncalled_functions(self) -> None:
        """A function nothing calls (a library's ``build_model``) is analysed once, with its defaults."""
        for function in self.functions:
            definition = function.node
            assert isinstance(definition, cst.FunctionDef)
            index = self._index_of.get(definition)
            if function.calls or (index is not None and not index.may_build_models(definition)):
                continue
            self._statement = definition
            arguments: dict[str, object] = {}
            params = definition.params
            for param in (*params.posonly_params, *params.params, *params.kwonly_params):
                pname = param.name.value
                if pname not in function.defaults:
                    arguments[pname] = Unknown(
                        f"parameter `{pname}` of `{function.name}()` has no default",
                        self.pos(param),
                        pname,
                    )
            with flags_kept(self.models):  # the file never runs it: `x.trainable = ...` neither
                self._run(
                    partial(self.call_function, function, [], arguments, definition),
                    function.position,
                )

    def define_class(self, node: cst.ClassDef, scope: Scope) -> None:
        bases = [self.eval(arg.value, scope) for arg in node.bases]
        is_model = any(
            (isinstance(b, QualName) and is_keras_model_base(b.name))
            or (isinstance(b, UserClass) and b.is_model)
            for b in bases
        )
        is_layer = is_model or any(
            (isinstance(b, QualName) and is_keras_layer_base(b.name))
            or (isinstance(b, UserClass) and b.is_layer)
            for b in bases
        )
        class_scope = Scope(
            scope,
            function=f"{scope.function}.{node.name.value}" if scope.function else node.name.value,
        )
        self.exec_block(node.body.body, class_scope)
        catalog_base = next(
            (name for b in bases if (name := catalog_layer_name(b)) is not None), None
        )
        cls = UserClass(
            node.name.value,
            self.pos(node),
            is_layer or catalog_base is not None,
            is_model,
            dict(class_scope.names),
            tuple(bases),
            catalog_base,
        )
        for method in cls.methods.values():
            if isinstance(method, UserFunction):
                method.defining_class = cls
        scope.set(node.name.value, cls)


def _module_scope(scope: Scope) -> Scope:
    while scope.parent is not None:
        scope = scope.parent
    return scope


_LITERALS = (cst.Integer, cst.Float, cst.SimpleString)
_EMPTY_MODULE = cst.Module([])


def generated_code(node: cst.CSTNode) -> str:
    """The node's code regenerated by libcst, on one line: exact, but slow."""
    return " ".join(_EMPTY_MODULE.code_for_node(node).split())


def _bind_arguments(
    definition: cst.FunctionDef,
    defaults: dict[str, object],
    positional: list[object],
    keywords: dict[str, object],
) -> tuple[dict[str, object], tuple[str, ...]] | str:
    """Python's argument binding for a user function; the parameters that took their default."""
    kinds = inspect.Parameter
    parameters: list[inspect.Parameter] = []
    params = definition.params
    groups = (
        (params.posonly_params, kinds.POSITIONAL_ONLY),
        (params.params, kinds.POSITIONAL_OR_KEYWORD),
    )
    for group, kind in groups:
        for param in group:
            name = param.name.value
            parameters.append(kinds(name, kind, default=defaults.get(name, kinds.empty)))
    if isinstance(params.star_arg, cst.Param):
        parameters.append(kinds(params.star_arg.name.value, kinds.VAR_POSITIONAL))
    for param in params.kwonly_params:
        name = param.name.value
        parameters.append(kinds(name, kinds.KEYWORD_ONLY, default=defaults.get(name, kinds.empty)))
    if isinstance(params.star_kwarg, cst.Param):
        parameters.append(kinds(params.star_kwarg.name.value, kinds.VAR_KEYWORD))
    try:
        bound = inspect.Signature(parameters).bind(*positional, **keywords)
    except TypeError as error:
        return str(error)
    given = set(bound.arguments)
    bound.apply_defaults()
    used = tuple(name for name in bound.arguments if name not in given and name in defaults)
    return dict(bound.arguments), used
