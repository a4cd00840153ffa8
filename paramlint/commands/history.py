"""``paramlint diff`` and ``paramlint lock``, and the review gates ``check`` takes from them:
the models compared with a base revision (git) and with the lock file."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from .. import git
from ..checking import repository_path, repository_root
from ..constants import LOCK_NAME
from ..diff import Diff, base_counts, counts_of, match
from ..discovery import ConfigResolver
from ..formats.base import CheckResult
from ..formats.diff import DIFF_FORMATS
from ..lock import (
    Scope,
    lock_diagnostics,
    merged_entries,
    read_lock,
    relative_to_folder,
    render_lock,
)
from ..rules.base import Diagnostic
from ..rules.config import Config, ConfigError
from . import EXIT_ERROR, EXIT_OK
from .common import checked, config_resolver, print_errors, project_config


def diff_against(
    base: str | None, paths: Sequence[str], resolver: ConfigResolver, result: CheckResult
) -> Diff:
    """Every checked model compared with the same model at the base revision."""
    root = git.toplevel(Path.cwd())
    if base is None:
        commit, how = git.default_base(root)
    else:
        try:
            commit, how = git.resolve(root, base), base
        except git.GitError as error:
            raise git.GitError(f"{base!r} is not a revision git knows") from error
    current = [counts_of(m) for m in result.models]
    scope = [_in_repository(Path(p), root) for p in paths]
    before = base_counts(root, commit, scope, resolver, current)
    return Diff(commit, how, match(before, current))


def _in_repository(path: Path, root: Path) -> str:
    relative = repository_path(path, root)
    return "" if relative == "." else relative


def diff(args: argparse.Namespace) -> int:
    base, paths = args.base, list(args.paths)
    if base is not None and Path(base).exists() and not _is_revision(base):
        base, paths = None, [base, *paths]  # `paramlint diff src/`: a path, not a revision
    args.paths = paths or ["."]
    resolver = config_resolver(args)
    errors: list[str] = []
    _, result = checked(args, resolver, errors, force_exclude=False)
    changes = diff_against(base, args.paths, resolver, result)
    output = DIFF_FORMATS[args.output_format](changes)
    if output:
        print(output)
    print_errors(errors)
    return EXIT_ERROR if errors else EXIT_OK


def _is_revision(name: str) -> bool:
    try:
        git.resolve(git.toplevel(Path.cwd()), name)
    except git.GitError:
        return False
    return True


def _lock_file(args: argparse.Namespace, project: Config) -> Path:
    return Path(args.lock_file) if args.lock_file else Path(project.root) / LOCK_NAME


def _lock_scope(args: argparse.Namespace, folder: Path, files: Sequence[Path]) -> Scope:
    walked = [Path(p) for p in args.paths if Path(p).is_dir()]
    return Scope(folder, [relative_to_folder(f, folder) for f in files], walked)


def lock(args: argparse.Namespace) -> int:
    resolver = config_resolver(args)
    lock_file = _lock_file(args, project_config(resolver))
    errors: list[str] = []
    files, result = checked(args, resolver, errors, force_exclude=False)
    old = read_lock(lock_file) if lock_file.is_file() else []
    scope = _lock_scope(args, lock_file.parent, files)
    entries = merged_entries(old, [counts_of(m) for m in result.models], scope)
    lock_file.write_text(render_lock(entries), encoding="utf-8")
    print(
        f"{_shown_path(lock_file)}: {len(entries)} model{'s' if len(entries) != 1 else ''} locked"
    )
    print_errors(errors)
    return EXIT_ERROR if errors else EXIT_OK


def _shown_path(path: Path) -> str:
    """A path as the diagnostics show it: relative to the current folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def lock_findings(
    args: argparse.Namespace, project: Config, files: Sequence[Path], result: CheckResult
) -> list[Diagnostic]:
    """``check --locked``: each model whose counts differ from the lock file (KPL402)."""
    lock_file = _lock_file(args, project)
    if not lock_file.is_file():
        raise ConfigError(f"{lock_file}: no lock file; run `paramlint lock` first")
    shown = _shown_path(lock_file)
    result.uris[shown] = repository_path(lock_file, repository_root())
    scope = _lock_scope(args, lock_file.parent, files)
    return lock_diagnostics([counts_of(m) for m in result.models], lock_file, shown, scope)
