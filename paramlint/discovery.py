"""Files and configs on disk: which files to analyse, and which config governs each of them."""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .rules.config import (
    CONFIG_FILES,
    Config,
    ConfigError,
    config_table,
    glob_match,
    load_toml,
    merge,
    parse_config,
)

SOURCE_SUFFIXES = (".py", ".ipynb")
DEFAULT_SOURCE = "<defaults>"  # a Config's source when no file gives one
SKIPPED_DIRS = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "__pycache__", "node_modules", "site-packages",
     ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".ipynb_checkpoints",
     ".paramlint_cache", "build", "dist"}
)  # fmt: skip


class ConfigResolver:
    """The closest config for each file (cached per folder), or the one given with ``--config``."""

    def __init__(
        self, explicit: Path | None = None, overrides: Sequence[dict[str, Any]] = ()
    ) -> None:
        self.overrides = list(overrides)
        self._cache: dict[Path, Config] = {}
        self._explicit = self._load(explicit) if explicit is not None else None

    def _load(self, path: Path) -> Config:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: cannot read config: {error}") from error
        table = config_table(load_toml(text, str(path)), path.name)
        return self._finish(table or {}, str(path), path.parent)

    def _finish(self, table: dict[str, Any], source: str, root: Path) -> Config:
        for override in self.overrides:
            table = merge(table, override)
        return parse_config(table, source, str(root))

    def for_file(self, path: Path) -> Config:
        if self._explicit is not None:
            return self._explicit
        return self.for_directory(resolved(path).parent)

    def for_directory(self, directory: Path) -> Config:
        if directory in self._cache:
            return self._cache[directory]
        config = None
        for name in CONFIG_FILES:
            candidate = directory / name
            try:
                found = candidate.is_file()
            except OSError as error:  # a folder above that cannot be searched
                raise ConfigError(
                    f"{candidate}: cannot tell whether this config exists: {error.strerror}"
                ) from error
            if found:
                if name == "pyproject.toml" and not _mentions_paramlint(candidate):
                    continue
                config = self._load(candidate)
                break
        if config is None:
            if directory.parent == directory:
                config = self._finish({}, DEFAULT_SOURCE, Path.cwd())
            else:
                config = self.for_directory(directory.parent)
        self._cache[directory] = config
        return config


def _mentions_paramlint(pyproject: Path) -> bool:
    try:
        return "[tool.paramlint" in pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise ConfigError(f"{pyproject}: cannot read config: {error}") from error


def resolved(path: Path) -> Path:
    """The path with symbolic links resolved, or as it is when they loop."""
    return _resolved_from(os.getcwd(), path)


@functools.lru_cache(maxsize=8192)
def _resolved_from(cwd: str, path: Path) -> Path:
    """Each file is resolved several times per run (its config, include, exclude...), and
    resolving costs a system call per folder in its path: once is enough."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return path.absolute()


def relative_to_root(path: Path, config: Config) -> str:
    try:
        return resolved(path).relative_to(resolved(Path(config.root))).as_posix()
    except ValueError:
        return path.as_posix()


def is_excluded(path: Path, config: Config) -> bool:
    relative = relative_to_root(path, config)
    return any(glob_match(relative, pattern) for pattern in config.exclude)


def is_included(path: Path, config: Config) -> bool:
    relative = relative_to_root(path, config)
    return any(glob_match(relative, pattern) for pattern in config.include)


def discover(
    paths: Sequence[str],
    errors: list[str],
    resolver: ConfigResolver | None = None,
    force_exclude: bool = False,
) -> Iterator[Path]:
    """Files to analyse: given files as they are, folders walked for included, unexcluded files."""
    _resolved_from.cache_clear()  # a new run: links may have changed since the last one
    for given in paths:
        path = Path(given)
        if not _utf8_name(path, errors):
            continue
        if path.is_dir():
            yield from _walk(path, resolver, errors)
        elif path.is_file():
            if (
                force_exclude
                and resolver is not None
                and is_excluded(path, resolver.for_file(path))
            ):
                continue
            yield path
        else:
            problem = _not_a_file(path)
            missing = problem in (None, _GONE)
            errors.append(f"{given}: {'no such file or directory' if missing else problem}")


def _walk(folder: Path, resolver: ConfigResolver | None, errors: list[str]) -> Iterator[Path]:
    """Included files under the folder. Symbolic links to folders are not followed (no loops);
    files that vanish while the folder is walked, broken links and pipes are skipped; a link
    that loops or a folder that cannot be read is an error."""

    def unreadable(error: OSError) -> None:
        if not isinstance(error, FileNotFoundError):
            errors.append(f"{error.filename}: cannot read folder: {error.strerror}")

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if resolver is None:
                if not name.endswith(SOURCE_SUFFIXES):
                    continue
            else:
                config = resolver.for_file(path)
                if not is_included(path, config) or is_excluded(path, config):
                    continue
            problem = _not_a_file(path)
            if problem is None:
                if _utf8_name(path, errors):
                    yield path
            elif problem not in (_GONE, _NOT_REGULAR):
                errors.append(f"{path}: cannot read: {problem}")


_GONE, _NOT_REGULAR = "gone", "not a regular file"


def _utf8_name(path: Path, errors: list[str]) -> bool:
    """False, with an error, for a path that is not valid UTF-8: no report format can name it."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(path).decode("utf-8", errors="backslashreplace")
        errors.append(f"{shown}: the file name is not valid UTF-8; rename it to have it checked")
        return False
    return True


def _not_a_file(path: Path) -> str | None:
    """Why the path is not a regular file paramlint can read, or None."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:  # vanished since the folder was listed, or a broken link
        return _GONE
    except OSError as error:  # a link loop, a folder above that cannot be searched...
        return error.strerror or str(error)
    return None if stat.S_ISREG(mode) else _NOT_REGULAR
