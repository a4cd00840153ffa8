"""Control flow the interpreter cannot decide: every possible path is run and their bindings join.

``if``/``elif``/``else`` on a condition paramlint cannot evaluate runs each branch from the same
bindings; a loop it cannot count runs its body once from bindings where everything the body
assigns is already unknown (so the result holds after any number of iterations, zero included);
a ``try`` with handlers runs each handler from the join of the states the body passes through
(it may stop at any statement). ``break``, ``continue`` and ``return`` under such a condition end
their path there; the path joins the others where it lands (after the loop, at the next
iteration, at the call). Loops over known items are unrolled exactly, as before.

Loops, and the work budget that bounds each loop and call, are in ``loops.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial

import libcst as cst

from .bindings import Bindings
from .evaluate import Evaluator, Scope
from .flow import Frame, Journal, Key, State, is_state, join, same
from .source import Position
from .values import CallResult, ModelValue, Unknown


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


class ControlFlow(Evaluator):
    """The statements whose paths paramlint may not be able to decide: ``if``, ``try``,
    ``match``, conditional expressions; the paths, the regions where a change may not happen."""

    def __init__(self) -> None:
        super().__init__()
        self.journal = Journal()
        # Why a change made here may not happen, innermost last; True for a `try` block.
        self._regions: list[tuple[str, bool]] = []
        self._made_at: dict[ModelValue, int] = {}  # how many regions were open at its creation
        self._bindings: dict[cst.CSTNode, Bindings] = {}
        self.function_globals: set[str] = set()  # names the file's functions declare `global`
        self.value_names: dict[cst.CSTNode, str] = {}  # `x = a if c else b`: the value is `x`

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
        self.journal.made(model)
        self._touched(model)

    def undecided(self) -> str | None:
        return self._regions[0][0] if self._regions else None

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
            if is_state(key):  # a layer or model's own state
                joined = values[0] if all(same(values[0], v) for v in values) else base
                if joined is base and key[1] == "built" and not same(values[0], base):
                    joined = CallResult(  # built on other inputs on other paths
                        problem_kind="unresolved",
                        problem=f"`{key[0].name}` is built on different inputs {why}",  # type: ignore[attr-defined]
                    )
            else:
                joined = join(values, key[1], why, where)
            self.journal.write(key, joined)

    def layer_made(self, layer: object) -> None:
        self.journal.made(layer)

    def before_call(self, target: object) -> None:
        """A layer or model is called: what the call changes in it is undone with its path."""
        frames = self.journal.frames
        if frames and (target, "nodes") not in frames[-1].saved:  # once per frame
            for name in ("built", "nodes"):
                if hasattr(target, name):
                    self.journal.record(target, name)  # type: ignore[arg-type]
            nodes = getattr(target, "nodes", None)
            if isinstance(nodes, list):
                target.nodes = list(nodes)  # type: ignore[attr-defined]  # copied on write

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

    def either(self, node: cst.IfExp, test: Unknown, scope: Scope) -> object:
        """``a if test else b`` on a test paramlint cannot decide: both sides, joined."""
        condition = self.code(node.test)
        region = f"under the condition `{condition}`, which paramlint cannot decide ({test.reason})"
        why = f"depending on `{condition}`, which paramlint cannot decide"
        where = self.pos(node.test, exact=False)
        frame = self.journal.push("branch")
        values: list[object] = []
        ends: list[State] = []
        try:
            with self.region(region):
                for side in (node.body, node.orelse):
                    try:
                        values.append(self.eval(side, scope))
                        ends.append(self.journal.changed(frame))
                    except PathEnded:
                        pass
                    self.journal.rewind(frame)
            if ends:
                self.join_paths(frame, ends, why, where)
        finally:
            self._close(frame)
        if not values:
            raise PathEnded
        return join(values, self.value_names.get(node) or self.code(node), why, where)

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
                mid |= {k for k in written if not is_state(k)} - self._direct_targets(
                    statement, scope
                )
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

    # -- what code may bind or change, read from its text ---------------------------------------
    def bindings(self, node: cst.CSTNode) -> Bindings:
        found = self._bindings.get(node)
        if found is None:
            found = self._bindings[node] = Bindings()
            node.visit(found)
        return found
