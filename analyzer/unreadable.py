"""Code paramlint cannot read that may still change a model: it makes that model uncertain.

A notebook cell that does not parse is reported (KPL000) and not analysed, but the notebook goes
on: later cells see whatever that cell did when the notebook ran. If it added a layer to a model
(``    model.add(Flatten())`` in a cell indented as a whole, under an IPython older than paramlint
mirrors), the table of that model without it would be stated exact and be wrong. So any model the
unreadable code may reach is marked uncertain, with the cell named: the code mentions (as a
word, comments included: a cheap scan that errs on the side of uncertainty) a name bound to the
model, to a container or model holding it, or to a function of the notebook whose code mentions
such a name; code that uses ``exec``, ``eval`` or ``globals`` may reach any model. A model the code
cannot reach by any of these (created later, or bound to names it never mentions) is unaffected.
The names the code may assign (``units = 128``, ``for units in``, ``def build``) are unknown after
it: their old values would be stated as exact numbers in the models built later.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from .evaluate import Scope
from .source import Position
from .values import ModelValue, Unknown, UserFunction

_WORD = re.compile(r"[^\W\d]\w*")
_NAME = r"[^\W\d]\w*"
# Where a statement binds names: `a = `, `a, b = `, `a += `, `for a in`, `def a`, `import a as b`.
_BINDS = re.compile(
    rf"(?m)^[ \t]*(?P<targets>{_NAME}(?:[ \t]*,[ \t]*{_NAME})*)[ \t]*"
    r"(?:=(?!=)|[-+*/%&|^@]=|//=|\*\*=|>>=|<<=|:)"
    rf"|\bfor[ \t]+(?P<loop>{_NAME}(?:[ \t]*,[ \t]*{_NAME})*)[ \t]+in\b"
    rf"|\b(?:def|class)[ \t]+(?P<defined>{_NAME})"
    rf"|\bas[ \t]+(?P<alias>{_NAME})"
    rf"|^[ \t]*import[ \t]+(?P<imported>{_NAME})"
)
_REACHES_EVERYTHING = frozenset({"exec", "eval", "globals", "vars", "__dict__", "get_ipython"})


def mark_touched_models(
    models: list[ModelValue],
    scope: Scope,
    code: str,
    what: str,
    place: Callable[[int, int], Position],
    function_code: Callable[[UserFunction], str],
) -> None:
    """Mark the models ``code`` may reach uncertain: "``what`` mentions `name`" at that word."""
    if not models:
        return
    words = set(_WORD.findall(code))
    reaching = _names_reaching(models, scope)
    everything = sorted(words & _REACHES_EVERYTHING)
    for name, value in scope.names.items():
        head = name.split(".")[0]
        if head not in words:
            continue
        if isinstance(value, UserFunction) and reaching:
            body = set(_WORD.findall(function_code(value)))
            for model, names in reaching.items():
                if body & names:
                    _mark(model, f"{what} calls `{head}()`, which mentions "
                          f"`{sorted(body & names)[0]}`", code, head, place)  # fmt: skip
    for model, names in reaching.items():
        mentioned = sorted(words & names)
        if mentioned:
            _mark(model, f"{what} mentions `{mentioned[0]}`", code, mentioned[0], place)
        elif everything:
            _mark(model, f"{what} uses `{everything[0]}`", code, everything[0], place)


def _names_reaching(models: list[ModelValue], scope: Scope) -> dict[ModelValue, set[str]]:
    """For each model, the first parts of the names in scope through which code reaches it."""
    found: dict[ModelValue, set[str]] = {model: set() for model in models}
    holders = _holders(models)
    for name, value in scope.names.items():
        head = name.split(".")[0]
        for model in _models_in(value, set()):
            for holder in holders.get(model, (model,)):
                if holder in found:
                    found[holder].add(head)
    return {model: names for model, names in found.items() if names}


def _holders(models: Iterable[ModelValue]) -> dict[ModelValue, list[ModelValue]]:
    """Each model, with every model that holds it as a layer (changing it changes them)."""
    holders: dict[ModelValue, list[ModelValue]] = {}
    for model in models:
        for inner in _models_in(model, set()):
            holders.setdefault(inner, [inner])
            if inner is not model:
                holders[inner].append(model)
    return holders


def _models_in(value: object, seen: set[int]) -> Iterator[ModelValue]:
    """The models a value is or holds: itself, its nested models, a container's items (each
    container walked once: ``[[row] * 1000] * 1000`` is a thousand lists, not a million)."""
    stack = [value]
    while stack:
        value = stack.pop()
        if not isinstance(value, (ModelValue, list, tuple, set, frozenset, dict)):
            continue
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, ModelValue):
            yield value
            stack.extend(layer for layer in value.layers if isinstance(layer, ModelValue))
        else:
            stack.extend(value.values() if isinstance(value, dict) else value)


def _mark(
    model: ModelValue, message: str, code: str, word: str, place: Callable[[int, int], Position]
) -> None:
    if any(said == message for said, _ in model.uncertain):
        return
    found = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", code)
    offset = found.start() if found is not None else 0
    line = code.count("\n", 0, offset) + 1
    column = offset - (code.rfind("\n", 0, offset) + 1) + 1
    model.uncertain.append((message, place(line, column)))


def forget_assigned_names(scope: Scope, code: str, what: str, place: Position) -> None:
    """Names the code may bind (``units = 128`` in a cell that does not parse) are unknown from
    here on: the old value would be a confident wrong number once the notebook ran the cell."""
    for found in _BINDS.finditer(code):
        group = next(text for text in found.groupdict().values() if text)
        for name in re.split(r"[ \t]*,[ \t]*", group):
            if name in scope.names and not isinstance(scope.names[name], ModelValue):
                scope.set(name, Unknown(f"`{name}` may be assigned in {what}", place, name))
