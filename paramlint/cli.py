"""The command line: argv, files on disk, output streams and exit codes live here and nowhere else.

Exit codes: 0 success (``check``: no error-level diagnostic), 1 ``check`` found at least one
error-level diagnostic (a file that cannot be read or parsed is one: KPL000), 2 a usage or config
error, a path that does not exist, a symbolic link loop or a folder that cannot be read, for
``summary`` and ``explain`` a file that cannot be read or parsed, or an internal error (it names
the file). The other files are always still analysed and reported.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import __version__, git
from .analyzer.api import FileReport
from .analyzer.infer import ModelReport
from .cache import AnalysisCache, clean
from .checking import add_diagnostics, build_result, repository_path, repository_root
from .constants import CACHE_DIR, DTYPES, LOCK_NAME, OUTPUT_FORMATS
from .diff import Diff, base_counts, counts_of, increase_diagnostics, match
from .discovery import ConfigResolver, discover
from .formats import CheckResult, renderer
from .formats.base import rule_documentation, rule_for
from .formats.diff import DIFF_FORMATS
from .lock import (
    Scope,
    lock_diagnostics,
    merged_entries,
    read_lock,
    relative_to_folder,
    render_lock,
)
from .render import JSON_SCHEMA_VERSION, file_json, render_explain, render_summary
from .rules.base import Diagnostic
from .rules.config import Config, ConfigError, parse_dtype, parse_override, parse_percent
from .rules.docs import rule_table
from .runner import analyze_paths

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paramlint", description="Static analysis of Keras models."
    )
    parser.add_argument("--version", action="version", version=f"paramlint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    summary = commands.add_parser(
        "summary", help="print each model's table, as Keras's model.summary() would"
    )
    summary.add_argument("paths", nargs="+", metavar="PATH")
    summary.add_argument("--dtype", choices=DTYPES, help="bytes per parameter for the sizes")
    summary.add_argument("--format", choices=("text", "json"), default="text")
    _add_no_cache(summary)

    explain = commands.add_parser(
        "explain", help="show every weight tensor behind each parameter count"
    )
    explain.add_argument("paths", nargs="+", metavar="PATH[:LINE]")
    explain.add_argument("--format", choices=("text", "json"), default="text")
    _add_no_cache(explain)

    check = commands.add_parser(
        "check", help="lint models against budgets, shape errors and design rules"
    )
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    _add_config(check)
    _add_no_cache(check)
    check.add_argument(
        "--select", help="comma-separated codes or prefixes to enable (replaces the config's)"
    )
    check.add_argument(
        "--extend-select", help="comma-separated codes or prefixes to enable as well"
    )
    check.add_argument("--ignore", help="comma-separated codes or prefixes to disable")
    check.add_argument(
        "--dtype", help="bytes per parameter for size budgets (float32, float16, int8...)"
    )
    check.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply `exclude` to files named on the command line too",
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are errors")
    check.add_argument(
        "--statistics", action="store_true", help="count the diagnostics per code (text format)"
    )
    check.add_argument(
        "--quiet", action="store_true", help="print the diagnostics only, no summary line"
    )
    check.add_argument(
        "--output-format",
        choices=OUTPUT_FORMATS,
        help="text (default), json, json-lines, sarif, github, gitlab, junit or markdown",
    )
    check.add_argument(
        "--fail-on-increase",
        metavar="PERCENT",
        help="report (KPL401) each model that grew by more than PERCENT since the base revision",
    )
    check.add_argument(
        "--base",
        metavar="REV",
        help="the base revision for --fail-on-increase (default: the merge base with the "
        "default branch)",
    )
    check.add_argument(
        "--locked",
        action="store_true",
        help="report (KPL402) each model whose counts differ from the lock file",
    )
    _add_lock_file(check)

    diff = commands.add_parser(
        "diff", help="compare every model's parameter counts with a base revision"
    )
    diff.add_argument(
        "base",
        nargs="?",
        metavar="BASE",
        help="a git revision (default: the merge base with the default branch)",
    )
    diff.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: .)")
    diff.add_argument(
        "--output-format", choices=tuple(DIFF_FORMATS), default="text", help="default: text"
    )
    _add_config(diff)

    lock = commands.add_parser(
        "lock", help="write each model's counts to the lock file (see check --locked)"
    )
    lock.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    _add_lock_file(lock)
    _add_config(lock)

    commands.add_parser("clean", help=f"remove the analysis cache ({CACHE_DIR}/ in this folder)")

    rule = commands.add_parser("rule", help="print a rule's documentation")
    rule.add_argument(
        "code", nargs="?", help="a rule code (KPL201); without it, the table of all rules"
    )
    return parser


def _add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="PATH | KEY=VALUE",
        help="a config file to use instead of discovery, or a TOML assignment that overrides one key "
        "(e.g. 'budgets.max-params = 1000000'); may be repeated",
    )


def _add_no_cache(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache", action="store_true", help=f"neither read nor write the cache in {CACHE_DIR}/"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="worker processes for large scans (default: one per core; 1: no workers)",
    )


def _add_lock_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lock-file",
        metavar="PATH",
        help=f"the lock file (default: {LOCK_NAME} beside the config that governs the current folder)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _current_file.clear()
    try:
        if args.command == "rule":
            return _rule(args.code)
        if args.command == "clean":
            removed = clean(Path.cwd())
            print(f"removed {CACHE_DIR}/" if removed else f"no {CACHE_DIR}/ here")
            return EXIT_OK
        if args.command == "check":
            return _check(args)
        if args.command == "diff":
            return _diff(args)
        if args.command == "lock":
            return _lock(args)
        return _report(args)
    except (ConfigError, git.GitError) as error:
        print(f"paramlint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `paramlint summary ... | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception:  # a crash is a bug: say where, and how to report it
        where = f" while handling {_current_file[-1]}" if _current_file else ""
        print(
            f"paramlint {__version__}: internal error{where} (please report it with this "
            "output):\n" + traceback.format_exc(),
            file=sys.stderr,
        )
        return EXIT_ERROR


_current_file: list[str] = []
"""The file whose report is being used, for the message of a crash outside the analysis."""


def _analyze(
    paths: Sequence[Path],
    errors: list[str],
    use_cache: bool = True,
    jobs: int | None = None,
    file_errors: bool = True,
) -> Iterator[FileReport]:
    """Each file's report as it is ready (nothing holds them all: memory stays flat); the
    files that cannot be read or parsed are added to ``errors`` on the way (unless
    ``file_errors`` is False: ``check`` reports them as KPL000), and so is a crash on a file (a
    bug, reported with the file's name: the other files are still analysed)."""
    cache = AnalysisCache(Path(CACHE_DIR)) if use_cache else None
    for report in analyze_paths(paths, cache, jobs):
        if report.internal_error:
            errors.append(
                f"internal error while analysing {report.path} (paramlint {__version__}; a bug, "
                f"please report it with this output):\n{report.internal_error.rstrip()}"
            )
        if file_errors:
            if report.error:
                errors.append(report.error)
            for kind, message, position in report.notes:
                if kind == "syntax-error":
                    errors.append(f"{report.path}:{position.render()}: {message}")
                elif kind == "unsupported":  # the analysis stopped short: say so, still exit 0
                    where = f"{report.path}:{position.render()}"
                    print(f"paramlint: warning: {where}: {message}", file=sys.stderr)
        _current_file[:] = [report.path]
        yield report
    _current_file.clear()


# -- summary / explain --------------------------------------------------------------------------


def _split_line(arg: str) -> tuple[str, int | None]:
    head, _, tail = arg.rpartition(":")
    if head and tail.isdigit() and not Path(arg).exists():
        return head, int(tail)
    return arg, None


def _model_covers(model: ModelReport, line: int) -> bool:
    lines = [model.position.line, *(layer.position.line for layer in model.layers)]
    return min(lines) <= line <= max(lines)


def _report(args: argparse.Namespace) -> int:
    errors: list[str] = []
    line_filter: dict[str, int] = {}
    paths: list[str] = []
    for arg in args.paths:
        path, line = _split_line(arg) if args.command == "explain" else (arg, None)
        paths.append(path)
        if line is not None:
            line_filter[str(Path(path))] = line
    reports = _analyze(list(discover(paths, errors)), errors, not args.no_cache, args.jobs)
    dtype = getattr(args, "dtype", None)
    if args.format == "json":
        document = {"version": JSON_SCHEMA_VERSION, "files": [file_json(r, dtype) for r in reports]}
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        separator = ""
        for report in reports:
            wanted = line_filter.get(str(Path(report.path)))
            for model in report.models:
                if wanted is not None and not _model_covers(model, wanted):
                    continue
                explain = args.command == "explain"
                block = render_explain(model) if explain else render_summary(model, dtype)
                print(separator + block)
                separator = "\n"
    for error in errors:
        print(f"paramlint: error: {error}", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_OK


# -- check --------------------------------------------------------------------------------------


def _codes(text: str | None) -> list[str] | None:
    return None if text is None else [c.strip() for c in text.split(",") if c.strip()]


def _resolver(args: argparse.Namespace) -> ConfigResolver:
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
        if codes is not None:
            cli_table[key.replace("_", "-")] = codes
    if getattr(args, "dtype", None) is not None:
        cli_table["dtype"] = parse_dtype(args.dtype, "--dtype")
    if getattr(args, "output_format", None) is not None and args.command == "check":
        cli_table["output-format"] = args.output_format
    if getattr(args, "fail_on_increase", None) is not None:
        cli_table["fail-on-increase"] = parse_percent(args.fail_on_increase, "--fail-on-increase")
    return ConfigResolver(explicit, [*overrides, cli_table])


def _project_config(resolver: ConfigResolver) -> Config:
    """The config that governs the current folder: run-wide settings come from it."""
    return resolver.for_file(Path.cwd() / LOCK_NAME)  # any file here: its folder's config


def _checked(
    args: argparse.Namespace, resolver: ConfigResolver, errors: list[str], force_exclude: bool
) -> tuple[list[Path], CheckResult]:
    files = list(discover(args.paths, errors, resolver, force_exclude=force_exclude))
    use_cache = not getattr(args, "no_cache", False)
    jobs = getattr(args, "jobs", None)
    reports = _analyze(files, errors, use_cache, jobs, file_errors=False)
    return files, build_result(files, reports, resolver)


def _check(args: argparse.Namespace) -> int:
    resolver = _resolver(args)
    project = _project_config(resolver)
    errors: list[str] = []
    files, result = _checked(args, resolver, errors, args.force_exclude)
    result.statistics, result.quiet = args.statistics, args.quiet
    if project.fail_on_increase is not None:
        diff = _diff_against(args.base, args.paths, resolver, result)
        add_diagnostics(result, increase_diagnostics(diff, project.fail_on_increase))
    if args.locked:
        add_diagnostics(result, _lock_findings(args, project, files, result))
    output = renderer(project.output_format or "text")(result)
    if output:
        print(output)
    for error in errors:
        print(f"paramlint: error: {error}", file=sys.stderr)
    if errors:
        return EXIT_ERROR
    if result.error_count and not args.exit_zero:
        return EXIT_VIOLATIONS
    return EXIT_OK


# -- diff, lock ---------------------------------------------------------------------------------


def _diff_against(
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


def _diff(args: argparse.Namespace) -> int:
    base, paths = args.base, list(args.paths)
    if base is not None and Path(base).exists() and not _is_revision(base):
        base, paths = None, [base, *paths]  # `paramlint diff src/`: a path, not a revision
    args.paths = paths or ["."]
    resolver = _resolver(args)
    errors: list[str] = []
    _, result = _checked(args, resolver, errors, force_exclude=False)
    diff = _diff_against(base, args.paths, resolver, result)
    output = DIFF_FORMATS[args.output_format](diff)
    if output:
        print(output)
    for error in errors:
        print(f"paramlint: error: {error}", file=sys.stderr)
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


def _lock(args: argparse.Namespace) -> int:
    resolver = _resolver(args)
    lock_file = _lock_file(args, _project_config(resolver))
    errors: list[str] = []
    files, result = _checked(args, resolver, errors, force_exclude=False)
    old = read_lock(lock_file) if lock_file.is_file() else []
    scope = _lock_scope(args, lock_file.parent, files)
    entries = merged_entries(old, [counts_of(m) for m in result.models], scope)
    lock_file.write_text(render_lock(entries), encoding="utf-8")
    print(
        f"{_shown_path(lock_file)}: {len(entries)} model{'s' if len(entries) != 1 else ''} locked"
    )
    for error in errors:
        print(f"paramlint: error: {error}", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_OK


def _shown_path(path: Path) -> str:
    """A path as the diagnostics show it: relative to the current folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _lock_findings(
    args: argparse.Namespace, project: Config, files: Sequence[Path], result: CheckResult
) -> list[Diagnostic]:
    lock_file = _lock_file(args, project)
    if not lock_file.is_file():
        raise ConfigError(f"{lock_file}: no lock file; run `paramlint lock` first")
    shown = _shown_path(lock_file)
    result.uris[shown] = repository_path(lock_file, repository_root())
    scope = _lock_scope(args, lock_file.parent, files)
    return lock_diagnostics([counts_of(m) for m in result.models], lock_file, shown, scope)


def _rule(code: str | None) -> int:
    if code is None:
        print(rule_table())
        return EXIT_OK
    rule = rule_for(code.upper())
    if rule is None:
        print(f"paramlint: error: no rule {code!r} (see `paramlint rule`)", file=sys.stderr)
        return EXIT_ERROR
    print(rule_documentation(rule))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
