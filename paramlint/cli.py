"""The command line: argv, files on disk, output streams and exit codes live here and nowhere else.

This module parses the arguments and handles the errors; each command's work is in
:mod:`paramlint.commands`, whose module is imported only when that command runs, so that the
parser and a plain ``check`` (a pre-commit hook) load no more than they use.

Exit codes: 0 success (``check``: no error-level diagnostic), 1 ``check`` found at least one
error-level diagnostic (a file that cannot be read or parsed is one: KPL000), 2 a usage or config
error, a path that does not exist, a symbolic link loop or a folder that cannot be read, for
``summary`` and ``explain`` a file that cannot be read or parsed, or an internal error (it names
the file). The other files are always still analysed and reported.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import __version__
from .commands import EXIT_ERROR, EXIT_OK, current_file
from .constants import (
    CACHE_DIR,
    DIFF_FORMATS,
    DTYPES,
    GRAPH_FORMATS,
    LOCK_NAME,
    OUTPUT_FORMATS,
)


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
    summary.add_argument(
        "--expand-nested",
        action="store_true",
        help="list nested models' layers under their row, as model.summary(expand_nested=True)",
    )
    summary.add_argument(
        "--show-trainable",
        action="store_true",
        help='add the "Trainable" column (Y, N, - without weights), as show_trainable=True',
    )
    summary.add_argument(
        "--layer-range",
        nargs=2,
        metavar=("START", "END"),
        help="only the layers from the first matching START to the last matching END (regexes)",
    )
    summary.add_argument(
        "--line-length", type=int, metavar="N", help="the table's width, as line_length=N"
    )
    summary.add_argument(
        "--flops",
        action="store_true",
        help="add each layer's FLOPs (XLA's count, one sample) and the model's FLOPs and MACs",
    )
    _add_config(summary)
    _add_no_cache(summary)

    explain = commands.add_parser(
        "explain", help="show every weight tensor behind each parameter count"
    )
    explain.add_argument("paths", nargs="+", metavar="PATH[:POSITION]")
    explain.add_argument("--format", choices=("text", "json"), default="text")
    _add_config(explain)
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
        "--show-settings",
        action="store_true",
        help="print the resolved settings (and the config file they come from), then exit",
    )
    check.add_argument(
        "--show-files", action="store_true", help="print the files that would be checked, then exit"
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
    diff.add_argument("--output-format", choices=DIFF_FORMATS, default="text", help="default: text")
    _add_config(diff)

    lock = commands.add_parser(
        "lock", help="write each model's counts to the lock file (see check --locked)"
    )
    lock.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    _add_lock_file(lock)
    _add_config(lock)

    commands.add_parser(
        "clean", help=f"remove the analysis cache ({CACHE_DIR}/ in the project root)"
    )

    commands.add_parser(
        "server", help="run the language server on stdin / stdout (needs paramlint[server])"
    )

    graph = commands.add_parser(
        "graph", help="draw each model's layers and connections (DOT, Mermaid, SVG or PNG)"
    )
    graph.add_argument("paths", nargs="+", metavar="PATH[:LINE]")
    graph.add_argument("--format", choices=GRAPH_FORMATS, default="dot", help="default: dot")
    graph.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (svg and png: required unless piped)"
    )
    _add_config(graph)

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
        "--no-cache",
        action="store_true",
        help=f"neither read nor write the cache ({CACHE_DIR}/ in the project root)",
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
    current_file.clear()
    try:
        if args.command == "rule":
            from .commands.rule import rule

            return rule(args.code)
        if args.command == "clean":
            from .cache import clean
            from .commands.common import cache_folder
            from .discovery import ConfigResolver

            folder = cache_folder(ConfigResolver())
            print(f"removed {folder}" if clean(folder) else f"no cache in {folder}")
            return EXIT_OK
        if args.command == "check":
            from .commands.check import check

            return check(args)
        if args.command == "server":
            from .commands.server import server

            return server()
        if args.command == "graph":
            from .commands.graph import graph

            return graph(args)
        if args.command == "diff":
            from .commands.history import diff

            return diff(args)
        if args.command == "lock":
            from .commands.history import lock

            return lock(args)
        from .commands.report import report

        return report(args)
    except BrokenPipeError:  # `paramlint summary ... | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        if _user_error(error):
            print(f"paramlint: error: {error}", file=sys.stderr)
            return EXIT_ERROR
        import traceback  # a crash is a bug: say where, and how to report it

        where = f" while handling {current_file[-1]}" if current_file else ""
        print(
            f"paramlint {__version__}: internal error{where} (please report it with this "
            "output):\n" + traceback.format_exc(),
            file=sys.stderr,
        )
        return EXIT_ERROR


_USER_ERRORS = (("paramlint.rules.config", "ConfigError"), ("paramlint.git", "GitError"))
"""The errors that are the user's to fix (a config, a revision): a message and exit code 2."""


def _user_error(error: Exception) -> bool:
    """A config or git error. Their modules are looked up, not imported (which would load them for
    every command): an error of a class can only have been raised once its module was loaded."""
    for module, name in _USER_ERRORS:
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(error, getattr(loaded, name)):
            return True
    return False


def run() -> None:
    """The ``paramlint`` command: main(), then the process ends without tearing down its heap.

    Python's shutdown collects and frees every object one by one (the libcst and paramlint
    modules, the last file's syntax tree): about 4% of a pre-commit run, for nothing. Output is
    flushed first; files paramlint writes (cache entries, the lock) are closed when written."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader left: nothing is wrong
        pass
    except ValueError:  # `server`: the client closed the streams when it exited
        pass
    os._exit(code)


if __name__ == "__main__":
    run()
