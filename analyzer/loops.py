"""Loops, and the work budget that bounds each loop and call.

A loop over known items is unrolled, iteration by iteration; a ``break`` or ``continue`` under a
condition paramlint cannot decide ends its path, which joins the others after the loop or at
the next iteration. A loop paramlint cannot count (over data, ``while`` on an unknown test) runs
its body once, from bindings where everything the body may assign is unknown already, so what
it leaves holds after any number of iterations, none included.

A work budget bounds each loop and call (and each top-level statement): one too long to follow
is skipped, the names it binds become unknown, the models it made or may change uncertain, and
the analysis goes on after it; the loops and calls around it are not charged for it. Only the
file as a whole has a last cap (``MAX_STEPS``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import libcst as cst

from .controlflow import ControlFlow, Escape, PathEnded
from .evaluate import MAX_STEPS, AnalysisLimit, Scope
from .flow import Frame, Key, State, is_state, models_in, same
from .source import Position
from .values import ModelValue, Unknown, UserFunction

MAX_LOOP_STEPS = 50_000
"""Steps one loop may take (its iterations and everything they call) before it is skipped."""
MAX_WHILE_UNROLL = 1_000
"""The most iterations of a ``while`` loop with a known test that are followed one by one."""
MAX_CALL_STEPS = 200_000
"""Steps one call of the analysed code's own functions (or one top-level statement) may take
before it is skipped. Work skipped inside it (a loop too long to follow) does not count."""


class TooLong(Exception):
    """The loop or call of ``frame`` needs more than its budget of steps."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame


class Loops(ControlFlow):
    """``for`` and ``while``, and the budget of steps each loop and call may take."""

    def __init__(self) -> None:
        super().__init__()
        self._budgets: list[Frame] = []
        self._too_long: dict[cst.CSTNode, str] = {}
        self._changes_models: dict[cst.CSTNode, bool] = {}

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
            if not is_state(key):
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
