"""The lock file: each model's counts, written by ``paramlint lock`` and enforced by ``--locked``.

``paramlint.lock`` is TOML (written with tomli-w): one ``[[models]]`` table per model with its
file (relative to the lock's folder), the ``name=`` it was given or its variable and function,
and its params, trainable, non-trainable counts and size in bytes (a formula is kept as its
text; an unknown count is left out). ``check --locked`` reports (KPL402) every model whose counts
differ, every model the lock lacks and every locked model that is gone, so each change to a
model's size is an edit of the lock that a reviewer sees.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import tomli_w

from .analyzer.dims import Dim
from .analyzer.source import Position
from .diff import ADDED, REMOVED, ModelCounts, match
from .gates import LockMismatch
from .rules.base import Diagnostic
from .rules.config import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

LOCK_VERSION = 1
HEADER = (
    "# Written by `paramlint lock`: every model's parameter counts and size in bytes.\n"
    "# `paramlint check --locked` fails when they differ; run `paramlint lock` again to accept\n"
    "# a change, and commit this file with it.\n"
)
_COUNT_KEYS = ("params", "trainable", "non-trainable", "bytes")


def relative_to_folder(path: Path, folder: Path) -> str:
    """A file relative to the lock's folder, with forward slashes (absolute if outside it)."""
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def lock_path(model: ModelCounts, folder: Path) -> str:
    return relative_to_folder(Path(model.path), folder)


def _value(count: Dim | None) -> int | str | None:
    return count if count is None or isinstance(count, int) else str(count)


def entry(model: ModelCounts, folder: Path) -> dict[str, Any]:
    table: dict[str, Any] = {"path": lock_path(model, folder)}
    names = {"name": model.given_name, "variable": model.variable, "function": model.function}
    table.update({key: name for key, name in names.items() if name is not None})
    if model.occurrence:
        table["occurrence"] = model.occurrence
    stored = zip(_COUNT_KEYS, _stored(model), strict=True)
    table.update({key: value for key, value in stored if value is not None})
    return table


def render_lock(entries: Sequence[dict[str, Any]]) -> str:
    ordered = sorted(entries, key=lambda e: (e["path"], e.get("name") or e.get("variable") or ""))
    return HEADER + tomli_w.dumps({"version": LOCK_VERSION, "models": ordered})


def read_lock(path: Path) -> list[dict[str, Any]]:
    """The lock's entries; a ConfigError if it is missing or malformed."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(
            f"{path}: cannot read the lock file ({error}); run `paramlint lock`"
        ) from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from error
    if document.get("version") != LOCK_VERSION:
        raise ConfigError(f"{path}: expected `version = {LOCK_VERSION}`; run `paramlint lock`")
    models = document.get("models", [])
    if not isinstance(models, list) or not all(
        isinstance(m, dict) and isinstance(m.get("path"), str) for m in models
    ):
        raise ConfigError(f"{path}: `models` must be an array of tables with a `path`")
    return models


class Scope:
    """Which lock entries a run speaks for: files it checked, and files gone from folders it walked."""

    def __init__(self, folder: Path, checked: Sequence[str], walked: Sequence[Path]) -> None:
        self.folder = folder
        self.checked = set(checked)
        self.walked = [w.resolve() for w in walked]

    def covers(self, path: str) -> bool:
        if path in self.checked:
            return True
        file = (self.folder / path).resolve()
        return not file.exists() and any(w in file.parents for w in self.walked)


def merged_entries(
    old: Sequence[dict[str, Any]], current: Sequence[ModelCounts], scope: Scope
) -> list[dict[str, Any]]:
    """The new lock: the current models, and the old entries of files this run did not check."""
    kept = [e for e in old if not scope.covers(e["path"])]
    return kept + [entry(m, scope.folder) for m in current]


def _identity(table: dict[str, Any]) -> ModelCounts:
    """A locked model as the matching sees it (its counts are compared apart, as stored)."""
    return ModelCounts(
        uri=table["path"],
        path=table["path"],
        position=Position(1, 1),
        keras_name=table.get("name") or table.get("variable") or "sequential",
        given_name=table.get("name"),
        variable=table.get("variable"),
        function=table.get("function"),
        occurrence=int(table.get("occurrence", 0)),
        params=None,
        trainable=None,
        non_trainable=None,
        bytes=None,
    )


def _stored(model: ModelCounts) -> tuple[int | str | None, ...]:
    return tuple(_value(count) for count in model.counts())


def lock_diagnostics(
    current: Sequence[ModelCounts], lock_file: Path, shown_as: str, scope: Scope
) -> list[Diagnostic]:
    """KPL402 for every difference between the models checked and the lock."""
    lock_text = lock_file.read_text(encoding="utf-8")
    entries = [(i, e) for i, e in enumerate(read_lock(lock_file)) if scope.covers(e["path"])]
    locked = [_identity(e) for _, e in entries]
    here = [
        replace(
            m,
            uri=lock_path(m, scope.folder),
            params=None,
            trainable=None,
            non_trainable=None,
            bytes=None,
        )
        for m in current
    ]
    headers = [
        n for n, line in enumerate(lock_text.splitlines(), 1) if line.strip() == "[[models]]"
    ]
    found = []
    for change in match(locked, here):
        if change.kind == ADDED and change.after is not None:
            model = current[_index(here, change.after)]
            message = (
                f"model `{model.label}` is not in {shown_as}; run `paramlint lock` and commit it"
            )
            found.append(_finding(model.path, model.position, message))
        elif change.kind == REMOVED and change.before is not None:
            index = entries[_index(locked, change.before)][0]
            line = headers[index] if index < len(headers) else 1
            message = (
                f"model `{change.before.label}` ({change.before.uri}) is in {shown_as} but no "
                "longer exists; run `paramlint lock` and commit it"
            )
            found.append(_finding(shown_as, Position(line, 1), message))
        elif change.before is not None and change.after is not None:
            model = current[_index(here, change.after)]
            table = entries[_index(locked, change.before)][1]
            before = tuple(table.get(key) for key in _COUNT_KEYS)
            if before != _stored(model):
                found.append(_changed(model, before, shown_as))
    return found


def _index(models: Sequence[ModelCounts], model: ModelCounts) -> int:
    return next(i for i, m in enumerate(models) if m is model)


def _finding(path: str, position: Position, message: str) -> Diagnostic:
    return Diagnostic(path, position, LockMismatch.code, LockMismatch.severity, message)


def _changed(model: ModelCounts, before: tuple[object, ...], shown_as: str) -> Diagnostic:
    differences = ", ".join(
        f"{key} {_shown(old)} -> {_shown(new)}"
        for key, old, new in zip(_COUNT_KEYS, before, _stored(model), strict=True)
        if old != new
    )
    message = (
        f"model `{model.label}` differs from {shown_as}: {differences}; "
        "run `paramlint lock` to accept the change, and commit it"
    )
    return _finding(model.path, model.position, message)


def _shown(value: object) -> str:
    if value is None:
        return "unknown"
    return f"{value:,}" if isinstance(value, int) else str(value)
