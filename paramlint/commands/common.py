"""What the commands that analyse files share: the analysis with its errors, and the configs."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..analyzer.api import FileReport
from ..checking import build_result, repository_root
from ..constants import CACHE_DIR, LOCK_NAME
from ..discovery import DEFAULT_SOURCE, ConfigResolver, discover, resolved
from ..formats.base import CheckResult
from ..rules.config import (
    Config,
    ConfigError,
    parse_codes,
    parse_dtype,
    parse_override,
    parse_percent,
)
from ..runner import analyze_paths
from . import current_file

if TYPE_CHECKING:
    from ..cache import AnalysisCache


def analyze(
    paths: Sequence[Path],
    errors: list[str],
    cache_folder: Path | None = None,
    jobs: int | None = None,
    file_errors: bool = True,
) -> Iterator[FileReport]:
    """Each file's report as it is ready (nothing holds them all: memory stays flat); the
    files that cannot be read or parsed are added to ``errors`` on the way (unless
    ``file_errors`` is False: ``check`` reports them as KPL000), and so is a crash on a file (a
    bug, reported with the file's name: the other files are still analysed)."""
    cache = _cache(cache_folder) if cache_folder is not None else None
    for report in analyze_paths(paths, cache, jobs):
        if report.internal_error:
            errors.append(
                f"internal error while analysing {report.path} (paramlint {__version__}; a bug, "
                f"please report it with this output):\n{report.internal_error.rstrip()}"
            )
        if file_errors:
            if report.error:
                errors.append(report.error)
            for kind, message, position in dict.fromkeys(report.notes):  # each once
                if kind == "syntax-error":
                    errors.append(f"{report.path}:{position.render()}: {message}")
                elif kind == "unsupported":  # the analysis stopped short: say so, still exit 0
                    where = f"{report.path}:{position.render()}"
                    print(f"paramlint: warning: {where}: {message}", file=sys.stderr)
        current_file[:] = [report.path]
        yield report
    current_file.clear()


def _cache(folder: Path) -> AnalysisCache:
    from ..cache import AnalysisCache  # not imported with --no-cache

    return AnalysisCache(folder)


def cache_folder(resolver: ConfigResolver) -> Path:
    """Where the cache lives, as ruff's: ``$PARAMLINT_CACHE_DIR``, else ``.paramlint_cache`` in the
    project root: the folder of the config that governs the current folder, else the git root,
    else the current folder. Never in the filesystem's root (a run from ``/``): the user's cache
    folder then (``$XDG_CACHE_HOME/paramlint``, ``~/.cache/paramlint``)."""
    given = os.environ.get("PARAMLINT_CACHE_DIR")
    if given:
        return Path(given)
    config = project_config(resolver)
    root = Path(config.root) if config.source != DEFAULT_SOURCE else repository_root()
    root = resolved(root)
    if root.parent == root:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "paramlint"
    return root / CACHE_DIR


def _codes(text: str | None) -> list[str] | None:
    return None if text is None else [c.strip() for c in text.split(",") if c.strip()]


def config_resolver(args: argparse.Namespace) -> ConfigResolver:
    """The configs: discovered per file, or the --config file, with --config KEY=VALUE and the
    command-line options on top."""
    explicit: Path | None = None
    overrides = []
    for value in args.config:
        if Path(value).is_file():
            explicit = Path(value)
        elif "=" in value:
            overrides.append(parse_override(value))
        else:
            raise ConfigError(f"--config {value!r}: no such file, and not a KEY = VALUE assignment")
    cli_table: dict[str, object] = {}
    for key in ("select", "extend_select", "ignore"):
        codes = _codes(getattr(args, key, None))
        if codes is not None:  # checked here, so that a typo is the command line's, not a file's
            option = "--" + key.replace("_", "-")
            cli_table[option[2:]] = list(parse_codes(codes, option))
    if getattr(args, "dtype", None) is not None:
        cli_table["dtype"] = parse_dtype(args.dtype, "--dtype")
    if getattr(args, "output_format", None) is not None and args.command == "check":
        cli_table["output-format"] = args.output_format
    if getattr(args, "fail_on_increase", None) is not None:
        cli_table["fail-on-increase"] = parse_percent(args.fail_on_increase, "--fail-on-increase")
    return ConfigResolver(explicit, [*overrides, cli_table])


def project_config(resolver: ConfigResolver) -> Config:
    """The config that governs the current folder: run-wide settings come from it."""
    return resolver.for_file(Path.cwd() / LOCK_NAME)  # any file here: its folder's config


def checked(
    args: argparse.Namespace, resolver: ConfigResolver, errors: list[str], force_exclude: bool
) -> tuple[list[Path], CheckResult]:
    """The files the paths name, and the rules' result on them (``check``, ``diff``, ``lock``)."""
    files = list(discover(args.paths, errors, resolver, force_exclude=force_exclude))
    folder = None if getattr(args, "no_cache", False) else cache_folder(resolver)
    jobs = getattr(args, "jobs", None)
    reports = analyze(files, errors, folder, jobs, file_errors=False)
    return files, build_result(files, reports, resolver)


def print_errors(errors: Sequence[str]) -> None:
    for error in errors:
        print(f"paramlint: error: {error}", file=sys.stderr)
