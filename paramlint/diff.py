"""Parameter deltas between a base revision and the working tree, model by model.

Each model's counts (as the rules judge them: config input shapes applied, formulas for unbuilt
models) are taken on both sides; the base side is read with ``git cat-file`` (no checkout), and
files unchanged since the base are not analysed twice. A model is matched across revisions by
its file and the ``name=`` it was given, falling back to its variable (and function).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import git
from .analyzer.api import analyze_source
from .analyzer.dims import Dim, format_count
from .analyzer.source import Chunk, Position, Source, SourceError, decode_python, notebook_chunks
from .discovery import (
    SKIPPED_DIRS,
    SOURCE_SUFFIXES,
    ConfigResolver,
    is_excluded,
    is_included,
    relative_to_root,
)
from .formats.base import ModelResult
from .gates import ParamIncrease
from .rules.base import Diagnostic
from .rules.run import prepare_model

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"


@dataclass(frozen=True)
class ModelCounts:
    """One model's identity and counts at one revision."""

    uri: str  # its file, relative to the repository root
    path: str  # its file as shown in diagnostics (the working tree's) or the uri (the base's)
    position: Position
    keras_name: str
    given_name: str | None  # the name= in the code, if any
    variable: str | None
    function: str | None
    occurrence: int
    params: Dim | None
    trainable: Dim | None
    non_trainable: Dim | None
    bytes: Dim | None

    @property
    def label(self) -> str:
        if self.given_name or self.variable:
            return self.given_name or self.variable or ""
        return f"{self.function}(): {self.keras_name}" if self.function else self.keras_name

    def counts(self) -> tuple[Dim | None, ...]:
        return (self.params, self.trainable, self.non_trainable, self.bytes)


def counts_of(model: ModelResult) -> ModelCounts:
    found = model.found
    given = found.value is not None and isinstance(found.value.name, str)
    return ModelCounts(
        uri=model.uri,
        path=model.path,
        position=found.position,
        keras_name=found.keras_name,
        given_name=found.keras_name if given else None,
        variable=found.variable,
        function=found.function,
        occurrence=found.occurrence,
        params=model.params,
        trainable=model.trainable,
        non_trainable=model.non_trainable,
        bytes=model.bytes,
    )


@dataclass(frozen=True)
class Change:
    kind: str  # added, removed, changed, unchanged
    before: ModelCounts | None
    after: ModelCounts | None

    @property
    def model(self) -> ModelCounts:
        found = self.after or self.before
        assert found is not None
        return found

    @property
    def params_delta(self) -> int | None:
        return self._delta(lambda m: m.params)

    @property
    def bytes_delta(self) -> int | None:
        return self._delta(lambda m: m.bytes)

    def _delta(self, value: Callable[[ModelCounts], Dim | None]) -> int | None:
        """After minus before when both are numbers; a side without the model counts as 0."""
        old = 0 if self.before is None else value(self.before)
        new = 0 if self.after is None else value(self.after)
        return new - old if isinstance(old, int) and isinstance(new, int) else None

    @property
    def percent(self) -> float | None:
        """The change in params in percent of the base's; None unless both are numbers."""
        if self.before is None or self.after is None:
            return None
        before, delta = self.before.params, self.params_delta
        if not isinstance(before, int) or delta is None:
            return None
        if before == 0:
            return 0.0 if delta == 0 else math.copysign(math.inf, delta)
        return delta / before * 100


@dataclass
class Diff:
    base: str  # the base commit
    how: str  # how it was chosen ("the merge base with origin/main", "HEAD~1")
    changes: list[Change] = field(default_factory=list)

    def of_kind(self, *kinds: str) -> list[Change]:
        return [c for c in self.changes if c.kind in kinds]


# -- matching -----------------------------------------------------------------------------------

_KEYS: tuple[Callable[[ModelCounts], tuple[object, ...] | None], ...] = (
    lambda m: None if m.given_name is None else (m.uri, m.given_name, m.occurrence),
    lambda m: (m.uri, m.function, m.variable, m.occurrence) if m.variable else None,
    lambda m: (m.uri, m.function, m.keras_name, m.occurrence),  # `return Sequential(...)`
)


def match(before: Sequence[ModelCounts], after: Sequence[ModelCounts]) -> list[Change]:
    """Pair models by file and name, then by file, function and variable, then by file, function
    and Keras's own name (a model returned without a variable); the rest were added or removed.
    The result follows the working tree's order, removed models last."""
    pairs: dict[int, int] = {}  # after index -> before index
    for key in _KEYS:
        waiting: dict[tuple[object, ...], list[int]] = {}
        for index, model in enumerate(before):
            k = key(model)
            if k is not None and index not in pairs.values():
                waiting.setdefault(k, []).append(index)
        for index, model in enumerate(after):
            k = key(model)
            if index not in pairs and k is not None and waiting.get(k):
                pairs[index] = waiting[k].pop(0)
    changes = []
    for index, model in enumerate(after):
        if index not in pairs:
            changes.append(Change(ADDED, None, model))
            continue
        old = before[pairs[index]]
        kind = UNCHANGED if old.counts() == model.counts() else CHANGED
        changes.append(Change(kind, old, model))
    matched = set(pairs.values())
    changes += [Change(REMOVED, m, None) for i, m in enumerate(before) if i not in matched]
    return changes


# -- the base revision ----------------------------------------------------------------------------


def base_counts(
    root: Path,
    commit: str,
    scope: Sequence[str],
    resolver: ConfigResolver,
    current: Sequence[ModelCounts],
) -> list[ModelCounts]:
    """Every model at ``commit`` in the files ``scope`` selects (repository paths; "" is all),
    judged with the working tree's config. Files unchanged since then reuse ``current``."""
    changed = git.changed_since(root, commit)
    analysed = {m.uri for m in current}
    wanted = [p for p in git.files_at(root, commit) if _selected(p, scope, root, resolver)]
    reused = [p for p in wanted if p not in changed and p in analysed]
    contents = git.read_at(root, commit, [p for p in wanted if p not in reused])
    found: dict[str, list[ModelCounts]] = {p: [m for m in current if m.uri == p] for p in reused}
    for path, data in contents.items():
        found[path] = _models_in(root / path, path, data, resolver)
    return [model for path in wanted for model in found.get(path, [])]


def _selected(path: str, scope: Sequence[str], root: Path, resolver: ConfigResolver) -> bool:
    """The base file is one the working tree's discovery would pick for these paths."""
    if not path.endswith(SOURCE_SUFFIXES):
        return False
    if path in scope:
        return True
    if not any(not s or path.startswith(s.rstrip("/") + "/") for s in scope):
        return False
    folders = path.split("/")[:-1]
    if any(part in SKIPPED_DIRS or part.startswith(".") for part in folders):
        return False
    config = resolver.for_file(root / path)
    return is_included(root / path, config) and not is_excluded(root / path, config)


def _models_in(file: Path, uri: str, data: bytes, resolver: ConfigResolver) -> list[ModelCounts]:
    try:
        if file.suffix == ".ipynb":
            source = Source(file, tuple(notebook_chunks(data, file)))
        else:
            source = Source(file, (Chunk(decode_python(data, file)),))
    except SourceError:
        return []
    report = analyze_source(source, uri)
    config = resolver.for_file(file)
    relative = relative_to_root(file, config)
    counts = []
    for model in report.models:
        judged = prepare_model(model, config, relative)
        result = ModelResult(uri, uri, model, judged, config.budgets, config.dtype)
        counts.append(counts_of(result))
    return counts


# -- the review gate ------------------------------------------------------------------------------


def increase_diagnostics(diff: Diff, limit: float) -> list[Diagnostic]:
    """KPL401 for each model that grew by more than ``limit`` percent since the base."""
    found = []
    for change in diff.of_kind(CHANGED):
        percent = change.percent
        if percent is None or percent <= limit or change.before is None or change.after is None:
            continue
        after = change.after
        message = (
            f"model `{after.label}` grew from {format_count(change.before.params or 0)} to "
            f"{format_count(after.params or 0)} params ({format_percent(percent)}) since "
            f"{diff.base[:12]} ({diff.how}), more than fail-on-increase {limit:g} %"
        )
        found.append(
            Diagnostic(
                after.path, after.position, ParamIncrease.code, ParamIncrease.severity, message
            )
        )
    return found


def format_percent(percent: float | None) -> str:
    if percent is None:
        return "n/a"
    if math.isinf(percent):
        return "+inf %" if percent > 0 else "-inf %"
    return f"{percent:+.1f} %"
