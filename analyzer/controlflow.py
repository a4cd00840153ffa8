"""Control flow the interpreter cannot decide: every possible path is run and their bindings join.

``if``/``elif``/``else`` on a condition paramlint cannot evaluate runs each branch from the same
bindings; a loop it cannot count runs its body once from bindings where everything the body
assigns is already unknown (so the result holds after any number of iterations, zero included);
a ``try`` with handlers runs each handler from the join of the states the body passes through
(it may stop at any statement). ``break``, ``continue`` and ``return`` under such a condition end
their path there; the path joins the others where it lands (after the loop, at the next
iteration, at the call). Loops over known items are unrolled exactly, as before.

A work budget bounds each loop and call (and each top-level statement): one too long to follow
is skipped, the names it binds become unknown, the models it touches uncertain, and analysis
goes on after it. Only the file as a whole has a last cap (``MAX_STEPS``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial

import libcst as cst

from .evaluate import MAX_STEPS, AnalysisLimit, Evaluator, Scope
from .flow import Frame, Journal, Key, State, join, models_in, same
from .source import Position
from .values import ModelValue, Unknown, UserFunction

MAX_LOOP_STEPS = 50_000
"""Steps one loop may take (its iterations and everything they call) before it is skipped."""
MAX_WHILE_UNROLL = 1_000
"""The most iterations of a ``while`` loop with a known test that are followed one by one."""
MAX_CALL_STEPS = 200_000
"""Steps one call of the analysed code's own functions (or one top-level statement) may take
before it is skipped. Work skipped inside it (a loop too long to follow) does not count."""


class Escape(Exception):
    """``break``, ``continue`` or ``return``: the path leaves for its target."""

    kind = ""
    value: object = None


class Break(Escape):
    kind = "break"


class Continue(Escape):
    kind = "continue"


class Return(Escape):
    kind = "return"

    def __init__(self, value: object) -> None:
        self.value = value


class PathEnded(Exception):
    """No path reaches the code after this point (each one left, or raised)."""


class TooLong(Exception):
    """The loop or call of ``frame`` needs more than its budget of steps."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame


class ControlFlow(Evaluator):
    """The statements whose paths paramlint may not be able to decide, and the work budget."""

    def __init__(self) -> None:
        super().__init__()
        self.journal = Journal()
        # Why a change made here may not happen, innermost last; True for a `try` block.
        self._regions: list[tuple[str, bool]] = []
        self._made_at: dict[ModelValue, int] = {}  # how many regions were open at its creation
        self._budgets: list[Frame] = []
        self._too_long: dict[cst.CSTNode, str] = {}
        self._bindings: dict[cst.CSTNode, _Bindings] = {}
        self._changes_models: dict[cst.CSTNode, bool] = {}
        self.function_globals: set[str] = set()  # names the file's functions declare `global`

    # Provided by the interpreter.
    def exec_block(self, statements: Sequence[cst.CSTNode], scope: Scope) -> None:
        raise NotImplementedError

    def exec_statement(self, node: cst.CSTNode, scope: Scope) -> None:
        raise NotImplementedError

    # -- where a change to a model may not happen ---------------------------------------------
    @contextmanager
    def region(self, reason: str, is_try: bool = False) -> Iterator[None]:
        self._regions.append((reason, is_try))
        try:
            yield
        finally:
            self._regions.pop()

    def open_region(self) -> str | None:
        return self._regions[0][0] if self._regions else None

    def model_made(self, model: ModelValue) -> None:
        depth = len(self._regions)
        while depth and self._regions[depth - 1][1]:
            depth -= 1  # made in a `try` block: it may stop before the model is complete
        self._made_at[model] = depth
        self._touched(model)

    def model_changed(self, model: ModelValue, node: cst.CSTNode) -> str | None:
        """A change under a region opened after the model was made may not happen."""
        self._touched(model)
        depth = self._made_at.get(model, 0)
        return self._regions[depth][0] if len(self._regions) > depth else None

    def _touched(self, model: ModelValue) -> None:
        if self.journal.frames:
            self.journal.frames[-1].models.append(model)

    # -- paths ----------------------------------------------------------------------------------
    def run_path(
        self, run: Callable[[], object], on_leaving: Callable[[], object] | None = None
    ) -> bool:
        """Run one path; False when it does not reach its end. A path that leaves early (a
        ``break``, ``continue`` or ``return``) is kept at its target, to be joined there;
        ``on_leaving`` (a ``finally`` block) runs first."""
        try:
            run()
        except (Escape, PathEnded) as leaving:
            self.leave(leaving, on_leaving)
            return False
        return True

    def leave(self, leaving: Escape | PathEnded, on_leaving: Callable[[], object] | None) -> None:
        """The current path ends here; one that leaves for a loop or call is kept there."""
        if on_leaving is not None and not self.run_path(on_leaving):
            return  # the `finally` itself left: its way out wins
        if isinstance(leaving, Escape):
            target = self.journal.target("call" if leaving.kind == "return" else "loop")
            if target is not None:
                state = self.journal.changed(target)
                target.escapes.append((leaving.kind, state, leaving.value))

    def run_paths(
        self, paths: Sequence[Callable[[], object]], region: str, why: str, where: Position
    ) -> None:
        """Run each path from the same bindings; the bindings after them are their join."""
        frame = self.journal.push("branch")
        ends: list[State] = []
        try:
            with self.region(region):
                for run in paths:
                    if self.run_path(run):
                        ends.append(self.journal.changed(frame))
                    self.journal.rewind(frame)
            if ends:
                self.join_paths(frame, ends, why, where)
        finally:
            self._close(frame)
        if not ends:
            raise PathEnded

    def join_paths(self, frame: Frame, states: Sequence[State], why: str, where: Position) -> None:
        """Bind every name as the paths that left ``states`` (since ``frame`` started) join."""
        keys = dict.fromkeys(key for state in states for key in state)
        keys.update(dict.fromkeys(self.journal.changed(frame)))
        for key in keys:
            base = self.journal.base(frame, key)
            values = [state.get(key, base) for state in states]
            self.journal.write(key, join(values, key[1], why, where))

    def _close(self, frame: Frame) -> None:
        if self.journal.frames and self.journal.frames[-1] is frame:
            self.journal.close(frame)

    # -- statements -----------------------------------------------------------------------------
    def exec_if(self, node: cst.If, scope: Scope) -> None:
        test = self.eval(node.test, scope)
        orelse = node.orelse
        if not isinstance(test, Unknown):
            if test:
                self.exec_block(node.body.body, scope)
            elif isinstance(orelse, cst.If):
                self.exec_if(orelse, scope)
            elif orelse is not None:
                self.exec_block(orelse.body.body, scope)
            return
        condition = self.code(node.test)
        region = f"under the condition `{condition}`, which paramlint cannot decide ({test.reason})"
        why = f"depending on `{condition}`, which paramlint cannot decide"
        paths: list[Callable[[], object]] = [partial(self.exec_block, node.body.body, scope)]
        if isinstance(orelse, cst.If):
            paths.append(partial(self.exec_if, orelse, scope))
        elif orelse is not None:
            paths.append(partial(self.exec_block, orelse.body.body, scope))
        else:
            paths.append(lambda: None)
        self.run_paths(paths, region, why, self.pos(node.test))

    def exec_match(self, node: cst.Match, scope: Scope) -> None:
        """Each ``case`` may be the one that matches, or none: paramlint does not match patterns."""
        subject = self.code(node.subject)
        where = self.pos(node)
        region = f"in a `match` on `{subject}` (line {where.line}), which paramlint does not decide"
        why = f"depending on which `case` of the `match` on `{subject}` matches"
        paths: list[Callable[[], object]] = [lambda: None]
        for case in node.cases:
            paths.append(partial(self._match_case, case, scope, where))
        self.run_paths(paths, region, why, where)

    def _match_case(self, case: cst.MatchCase, scope: Scope, where: Position) -> None:
        for name in sorted(self.bindings(case.pattern).names):
            self.assign(cst.Name(name), Unknown("a value a `case` pattern captures", where), scope)
        self.exec_block(case.body.body, scope)

    def exec_with(self, node: cst.With, scope: Scope) -> None:
        for item in node.items:
            if item.asname is not None:
                given = self.unknown(
                    f"the value `{self.code(item.item)}` gives a `with`", item.item
                )
                self.assign(item.asname.name, given, scope)
        self.exec_block(node.body.body, scope)

    def exec_try(self, node: cst.Try | cst.TryStar, scope: Scope) -> None:
        finally_body = node.finalbody.body.body if node.finalbody is not None else ()
        on_leaving = partial(self.exec_block, finally_body, scope) if finally_body else None
        body = node.body.body
        if not node.handlers:  # nothing is caught: the code after the `try` sees the body run
            if not self.run_path(partial(self.exec_block, body, scope), on_leaving):
                raise PathEnded
            self.exec_block(finally_body, scope)
            return
        where = self.pos(node)
        why = f"depending on where the `try` block at {where.render()} stops, which paramlint cannot tell"
        frame = self.journal.push("branch")
        try:
            ends, entries, mid = self._try_body(node, scope, frame, on_leaving)
            for handler in node.handlers:
                self.journal.rewind(frame)
                self.join_paths(frame, entries, why, where)
                for key in mid:
                    reason = (
                        f"`{key[1]}` is unknown in the `except` handler at "
                        f"{self.pos(handler).render()}: the `try` block may stop in the middle "
                        "of the statement that binds it"
                    )
                    self.journal.write(key, Unknown(reason, where, key[1]))
                region = (
                    f"in the `except` handler at {self.pos(handler).render()}, which runs only "
                    "if the `try` block raises"
                )
                with self.region(region):
                    if self.run_path(partial(self._handler, handler, scope), on_leaving):
                        ends.append(self.journal.changed(frame))
            self.journal.rewind(frame)
            if ends:
                self.join_paths(frame, ends, why, where)
        finally:
            self._close(frame)
        if not ends:
            raise PathEnded
        self.exec_block(finally_body, scope)

    def _try_body(
        self,
        node: cst.Try | cst.TryStar,
        scope: Scope,
        frame: Frame,
        on_leaving: Callable[[], object] | None,
    ) -> tuple[list[State], list[State], set[Key]]:
        """Run the body and its ``else``: the states that go on, the states a handler may start
        from (before each statement), and the names a statement may leave half-done."""
        where = self.pos(node)
        entries: list[State] = []
        mid: set[Key] = set()
        ends: list[State] = []
        region = f"in the `try` block at {where.render()}, which may stop at any statement"
        with self.region(region, is_try=True):
            fell = True
            for statement in node.body.body:
                entries.append(self.journal.changed(frame))
                inner = self.journal.push("branch")
                try:
                    fell = self.run_path(partial(self.exec_statement, statement, scope), on_leaving)
                    written = set(inner.saved)
                finally:
                    self._close(inner)
                mid |= written - self._direct_targets(statement, scope)
                if not fell:
                    break
            if fell and node.orelse is not None:
                fell = self.run_path(
                    partial(self.exec_block, node.orelse.body.body, scope),
                    on_leaving,
                )
            if fell:
                ends.append(self.journal.changed(frame))
        return ends, entries, mid

    def _handler(self, handler: cst.ExceptHandler | cst.ExceptStarHandler, scope: Scope) -> None:
        if handler.type is not None:
            self.eval(handler.type, scope)
        name = handler.name.name if handler.name is not None else None
        if isinstance(name, cst.Name):
            self.assign(
                name, Unknown("the exception an `except` catches", self.pos(handler)), scope
            )
        self.exec_block(handler.body.body, scope)
        if isinstance(name, cst.Name):
            scope.delete(name.value)  # Python unbinds it when the handler ends

    def _direct_targets(self, statement: cst.CSTNode, scope: Scope) -> set[Key]:
        """The names a simple statement binds only once it is complete (``x = f()``)."""
        targets: set[Key] = set()
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(
                    small, (cst.Assign, cst.AnnAssign, cst.AugAssign, cst.Import, cst.ImportFrom)
                ):
                    for name in self.bindings(small).names:
                        targets.add((scope.outer_names.get(name, scope), name))
        return targets

    # -- loops ----------------------------------------------------------------------------------
    def exec_for(self, node: cst.For, scope: Scope) -> None:
        self._loop(node, scope, partial(self._for, node, scope))

    def exec_while(self, node: cst.While, scope: Scope) -> None:
        self._loop(node, scope, partial(self._while, node, scope))

    def _for(self, node: cst.For, scope: Scope, frame: Frame) -> None:
        items = self.iterate(node.iter, scope)
        where = self.pos(node)
        body = node.body.body
        if isinstance(items, Unknown):
            iterable = self.code(node.iter)
            region = f"in a loop over `{iterable}`, which paramlint cannot unroll ({items.reason})"
            why = (
                f"depending on how many times the loop over `{iterable}` (line {where.line}) "
                "runs, which paramlint cannot tell"
            )
            step = partial(self.assign, node.target, items, scope)
            normal, breaks = self._any_times(frame, node, scope, step, region, why, True)
        else:
            why = f"depending on a `break` or `continue` in the loop at line {where.line}"
            normal, breaks = True, []
            for item in items:
                normal = self._iteration(frame, body, scope, node.target, item, why, where)
                breaks += [state for state, _ in frame.take("break")]
                if not normal:
                    break
        self._leave_loop(frame, node, scope, normal, breaks, why, where)

    def _while(self, node: cst.While, scope: Scope, frame: Frame) -> None:
        where = self.pos(node)
        why = (
            f"depending on how many times the `while` loop at line {where.line} runs, which "
            "paramlint cannot tell"
        )
        breaks: list[State] = []
        count = 0
        previous: State | None = None
        while True:
            test = self.eval(node.test, scope)
            if isinstance(test, Unknown) or count >= MAX_WHILE_UNROLL:
                condition = self.code(node.test)
                region = f"in a `while {condition}` loop (line {where.line}), which paramlint cannot unroll"
                start = self.journal.changed(frame)
                inner = self.journal.push("loop")
                try:
                    test_known = self._while_test_is_true(node, scope, inner, why, where)
                    normal, more = self._any_times(
                        inner, node, scope, lambda: None, region, why, not test_known
                    )
                finally:
                    self._close(inner)
                breaks += [{**start, **state} for state in more]
                break
            if not test:
                normal = True
                break
            count += 1
            normal = self._iteration(frame, node.body.body, scope, None, None, why, where)
            breaks += [state for state, _ in frame.take("break")]
            if not normal:
                break
            now = self.journal.changed(frame)
            if previous is not None and _same_state(previous, now):
                normal = False  # nothing changes: the test stays true, only a break ends it
                break
            previous = now
        self._leave_loop(frame, node, scope, normal, breaks, why, where)

    def _while_test_is_true(
        self, node: cst.While, scope: Scope, frame: Frame, why: str, where: Position
    ) -> bool:
        """True for ``while True:``: the test stays true whatever the body does."""
        self._widen(node, scope, why, where)
        test = self.eval(node.test, scope)
        self.journal.rewind(frame)
        return not isinstance(test, Unknown) and bool(test)

    def _iteration(
        self,
        frame: Frame,
        body: Sequence[cst.CSTNode],
        scope: Scope,
        target: cst.BaseAssignTargetExpression | None,
        item: object,
        why: str,
        where: Position,
    ) -> bool:
        """One iteration of an unrolled loop; False when no path goes on to the next one."""
        try:
            if target is not None:
                self.assign(target, item, scope)
            self.exec_block(body, scope)
            fell = True
        except (Escape, PathEnded) as leaving:
            self.leave(leaving, None)
            fell = False
        if not frame.escapes:
            return fell
        continues = [state for state, _ in frame.take("continue")]
        if continues:  # the paths that skipped the rest of the body join the others
            states = ([self.journal.changed(frame)] if fell else []) + continues
            self.join_paths(frame, states, why, where)
            return True
        return fell

    def _body(self, step: Callable[[], object], body: Sequence[cst.CSTNode], scope: Scope) -> None:
        step()
        self.exec_block(body, scope)

    def _any_times(
        self,
        frame: Frame,
        node: cst.For | cst.While,
        scope: Scope,
        step: Callable[[], object],
        region: str,
        why: str,
        may_end: bool,
    ) -> tuple[bool, list[State]]:
        """A loop whose body runs any number of times: the body runs once, from bindings where
        what it assigns is unknown already, so its result holds for every count. The bindings
        are left as the loop's normal end gives them (``may_end``: it can end but by a break);
        returns whether it can, and the states its breaks leave."""
        widened = self._widen(node, scope, why, self.pos(node))
        with self.region(region):
            fell = self.run_path(partial(self._body, step, node.body.body, scope))
        ends = ([self.journal.changed(frame)] if fell else []) + [
            state for state, _ in frame.take("continue")
        ]
        breaks = [state for state, _ in frame.take("break")]
        for state in (*ends, *breaks):
            for key, placeholder in widened.items():
                if state.get(key) is placeholder:
                    del state[key]  # never bound in the loop: as before it
        self.journal.rewind(frame)
        if may_end:
            self.join_paths(frame, [{}, *ends], why, self.pos(node))
        return may_end, breaks

    def _widen(
        self, node: cst.For | cst.While, scope: Scope, why: str, where: Position
    ) -> dict[Key, Unknown]:
        """Make unknown what the loop body may bind (and what the file's functions bind as
        globals): the state at the start of any iteration."""
        bindings = self.bindings(node.body)
        names = {(scope.outer_names.get(n, scope), n) for n in bindings.names}
        root = scope
        while root.parent is not None:
            root = root.parent
        names |= {(root, n) for n in (*bindings.globals, *self.function_globals)}
        names |= {(scope, self.code(a)) for a in bindings.attributes}
        widened: dict[Key, Unknown] = {}
        for key in names:
            placeholder = Unknown(f"`{key[1]}` is changed by a loop {why}", where, key[1])
            self.journal.write(key, placeholder)
            widened[key] = placeholder
        return widened

    def _leave_loop(
        self,
        frame: Frame,
        node: cst.For | cst.While,
        scope: Scope,
        normal: bool,
        breaks: list[State],
        why: str,
        where: Position,
    ) -> None:
        """After the last iteration: the ``else`` on the normal end, then the breaks join."""
        frame.kind = "branch"  # a `break` in the `else` is for the loop around this one
        ends: list[State] = []
        if normal and node.orelse is not None:
            normal = self.run_path(partial(self.exec_block, node.orelse.body.body, scope))
        if normal:
            ends.append(self.journal.changed(frame))
        ends += breaks
        if not ends:
            raise PathEnded
        if breaks or not normal:
            self.join_paths(frame, ends, why, where)

    # -- the work budget ------------------------------------------------------------------------
    def _loop(self, node: cst.For | cst.While, scope: Scope, run: Callable[[Frame], None]) -> None:
        """Run a loop in its own frame and budget; one too long to follow is skipped."""
        if node in self._too_long:  # skipped before (an outer loop comes back to it)
            self.skip(node, scope, None, self._too_long[node])
            return
        frame = self.journal.push("loop")
        self.start_budget(frame, MAX_LOOP_STEPS)
        try:
            run(frame)
        except TooLong as stop:
            if stop.frame is not frame:
                raise
            where = self.pos(node)
            kind = "`for`" if isinstance(node, cst.For) else "`while`"
            reason = (
                f"the {kind} loop at {where.render()} is too long to follow (more than "
                f"{MAX_LOOP_STEPS:,} steps of analysis) and is skipped"
            )
            self._too_long[node] = reason
            self.skip(node, scope, frame, reason)
        finally:
            self.end_budget(frame)
            self._close(frame)

    def start_budget(self, frame: Frame, steps: int) -> None:
        frame.start_steps = self.steps
        frame.limit = self.steps + steps
        frame.first_model = len(self.models)
        self._budgets.append(frame)
        self._set_limit()

    def end_budget(self, frame: Frame) -> None:
        if self._budgets and self._budgets[-1] is frame:
            self._budgets.pop()
            self._set_limit()

    def _set_limit(self) -> None:
        limit = self._budgets[-1].limit if self._budgets else None
        self.step_limit = MAX_STEPS if limit is None else min(MAX_STEPS, limit)

    def over_budget(self) -> None:
        if self.steps > MAX_STEPS or not self._budgets:
            raise AnalysisLimit(f"{MAX_STEPS:,} steps")
        raise TooLong(self._budgets[-1])

    def skip(
        self, node: cst.CSTNode | None, scope: Scope | None, frame: Frame | None, reason: str
    ) -> None:
        """Give up code too long to follow: what it binds becomes unknown, the models it made or
        changed (or may change) uncertain; the loops and calls around it are not charged for it."""
        keys: set[Key] = set()
        touched: list[ModelValue] = []
        first_model = len(self.models)
        if frame is not None:
            keys |= set(self.journal.changed(frame))
            touched = frame.models
            first_model = frame.first_model
            self.end_budget(frame)
            self._close(frame)
            spent = self.steps - frame.start_steps
            for outer in self._budgets:
                outer.limit = (outer.limit or 0) + spent
            self._set_limit()
        where = self.pos(node) if node is not None else Position(1, 1, None)
        changed = list(dict.fromkeys(touched))
        if node is not None and scope is not None:
            bindings = self.bindings(node)
            keys |= {(scope.outer_names.get(n, scope), n) for n in bindings.names}
            keys |= {(scope, self.code(a)) for a in bindings.attributes}
            changed += self._models_it_may_change(node, scope, first_model)
        for key in keys:
            self.journal.write(key, Unknown(f"`{key[1]}` is unknown: {reason}", where, key[1]))
        entry = (f"{reason}; it may change this model", where)
        for model in dict.fromkeys(changed):
            if entry not in model.uncertain:
                model.uncertain.append(entry)
        note = ("unsupported", f"{reason}: models it builds are not analysed", where)
        if node is not None and note not in self.notes and self.may_build_models(node):
            self.notes.append(note)

    def _models_it_may_change(
        self, node: cst.CSTNode, scope: Scope, first_model: int
    ) -> list[ModelValue]:
        """The models code left unanalysed may change: those it names, if it calls ``add``,
        ``pop`` or ``build`` or sets ``trainable``; every one, if it calls a function that may."""
        bindings = self.bindings(node)
        if any(
            self.may_change_models(function.node)  # type: ignore[arg-type]
            for function in self.functions_named(bindings.called)
        ):
            return self.models[:first_model]
        if not bindings.changes_models:
            return []
        named = [scope.lookup(name)[1] for name in bindings.referenced]
        named += [scope.lookup(self.code(a))[1] for a in bindings.attributes]
        return list(models_in(named))

    def may_build_models(self, node: cst.CSTNode) -> bool:
        """False when the code certainly never names ``Sequential`` (the interpreter knows)."""
        return True

    # -- what code may bind or change, read from its text ---------------------------------------
    def bindings(self, node: cst.CSTNode) -> _Bindings:
        found = self._bindings.get(node)
        if found is None:
            found = self._bindings[node] = _Bindings()
            node.visit(found)
        return found

    def may_change_models(self, node: cst.CSTNode, seen: set[cst.CSTNode] | None = None) -> bool:
        """Whether the code (or a function of the file it names) calls ``add``/``pop``/``build``
        or sets ``trainable``."""
        known = self._changes_models.get(node)
        if known is not None:
            return known
        seen = seen if seen is not None else set()
        seen.add(node)
        bindings = self.bindings(node)
        result = bindings.changes_models
        if not result:
            for function in self.functions_named(bindings.called):
                if function.node not in seen and self.may_change_models(function.node, seen):  # type: ignore[arg-type]
                    result = True
                    break
        self._changes_models[node] = result
        return result

    def functions_named(self, names: set[str]) -> list[UserFunction]:
        raise NotImplementedError


def _same_state(a: State, b: State) -> bool:
    return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)


_CHANGE_METHODS = frozenset({"add", "pop", "build"})


class _Bindings(cst.CSTVisitor):
    """The names a piece of code binds in its own scope (assignments, loop targets, imports,
    definitions...), those its functions declare ``global``, and whether it changes models."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.globals: set[str] = set()
        self.attributes: list[cst.Attribute] = []
        self.called: set[str] = set()
        self.referenced: set[str] = set()
        self.changes_models = False

    def target(self, node: cst.BaseExpression) -> None:
        if isinstance(node, cst.Name):
            self.names.add(node.value)
        elif isinstance(node, (cst.Tuple, cst.List)):
            for element in node.elements:
                self.target(element.value)
        elif isinstance(node, cst.StarredElement):
            self.target(node.value)
        elif isinstance(node, cst.Attribute):
            self.attributes.append(node)
            if node.attr.value == "trainable":
                self.changes_models = True

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self.target(target.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.target(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self.target(node.target)

    def visit_For(self, node: cst.For) -> None:
        self.target(node.target)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self.target(node.asname.name)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self.target(node.name.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self.target(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self.target(node.target)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            if alias.asname is not None:
                self.target(alias.asname.name)
            else:
                self.names.add(cst.Module([]).code_for_node(alias.name).split(".")[0])

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            bound = alias.asname.name if alias.asname is not None else alias.name
            if isinstance(bound, cst.Name):
                self.names.add(bound.value)

    def visit_MatchAs(self, node: cst.MatchAs) -> None:
        if node.name is not None:
            self.names.add(node.name.value)

    def visit_MatchStar(self, node: cst.MatchStar) -> None:
        if node.name is not None:
            self.names.add(node.name.value)

    def visit_Global(self, node: cst.Global) -> None:
        self.globals.update(item.name.value for item in node.names)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.names.add(node.name.value)
        inner = _Bindings()
        node.body.visit(inner)  # its own names are its own; its globals and changes are the file's
        self.globals |= inner.globals
        self.called |= inner.called
        self.changes_models = self.changes_models or inner.changes_models
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.names.add(node.name.value)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.referenced.add(node.value)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _CHANGE_METHODS:
            self.changes_models = True
        elif isinstance(func, cst.Name):
            self.called.add(func.value)
