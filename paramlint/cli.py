"""The command line: argv, files on disk, output streams and exit codes live here and nowhere else.

Exit codes: 0 success (``check``: no error-level diagnostic), 1 ``check`` found at least one
error-level diagnostic, 2 a usage or config error, a path that does not exist, a file that cannot
be read or parsed (the other files are still analysed and reported), or an internal error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .analyzer.api import FileReport, analyze_file
from .analyzer.infer import ModelReport
from .analyzer.source import Position
from .discovery import ConfigResolver, discover, relative_to_root
from .render import JSON_SCHEMA_VERSION, file_json, known_dtypes, render_explain, render_summary
from .rules.base import ERROR, Diagnostic
from .rules.config import ConfigError, parse_dtype, parse_override
from .rules.docs import rule_page, rule_table
from .rules.registry import RULES_BY_CODE
from .rules.run import check_report

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
    summary.add_argument(
        "--dtype", choices=known_dtypes(), help="bytes per parameter for the sizes"
    )
    summary.add_argument("--format", choices=("text", "json"), default="text")

    explain = commands.add_parser(
        "explain", help="show every weight tensor behind each parameter count"
    )
    explain.add_argument("paths", nargs="+", metavar="PATH[:LINE]")
    explain.add_argument("--format", choices=("text", "json"), default="text")

    check = commands.add_parser(
        "check", help="lint models against budgets, shape errors and design rules"
    )
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    check.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="PATH | KEY=VALUE",
        help="a config file to use instead of discovery, or a TOML assignment that overrides one key "
        "(e.g. 'budgets.max-params = 1000000'); may be repeated",
    )
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
    check.add_argument("--statistics", action="store_true", help="count the diagnostics per code")
    check.add_argument(
        "--quiet", action="store_true", help="print the diagnostics only, no summary line"
    )

    rule = commands.add_parser("rule", help="print a rule's documentation")
    rule.add_argument(
        "code", nargs="?", help="a rule code (KPL201); without it, the table of all rules"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "rule":
            return _rule(args.code)
        if args.command == "check":
            return _check(args)
        return _report(args)
    except ConfigError as error:
        print(f"paramlint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `paramlint summary ... | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception:  # a crash is a bug: say where, and how to report it
        print(
            f"paramlint {__version__}: internal error (please report it with this output):\n"
            + traceback.format_exc(),
            file=sys.stderr,
        )
        return EXIT_ERROR


def _analyze(paths: Sequence[Path], errors: list[str]) -> list[FileReport]:
    reports = []
    for path in paths:
        try:
            report = analyze_file(path)
        except Exception as error:  # never lose the other files to one bad one
            raise RuntimeError(f"while analysing {path}") from error
        if report.error:
            errors.append(report.error)
        for kind, message, position in report.notes:
            if kind == "syntax-error":
                errors.append(f"{report.path}:{position.render()}: {message}")
        reports.append(report)
    return reports


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
    reports = _analyze(list(discover(paths, errors)), errors)
    dtype = getattr(args, "dtype", None)
    if args.format == "json":
        document = {"version": JSON_SCHEMA_VERSION, "files": [file_json(r, dtype) for r in reports]}
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        blocks = []
        for report in reports:
            wanted = line_filter.get(str(Path(report.path)))
            for model in report.models:
                if wanted is not None and not _model_covers(model, wanted):
                    continue
                blocks.append(
                    render_explain(model)
                    if args.command == "explain"
                    else render_summary(model, dtype)
                )
        if blocks:
            print("\n\n".join(blocks))
    for error in errors:
        print(f"paramlint: error: {error}", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_OK


# -- check --------------------------------------------------------------------------------------


def _codes(text: str | None) -> list[str] | None:
    return None if text is None else [c.strip() for c in text.split(",") if c.strip()]


def _check(args: argparse.Namespace) -> int:
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
        codes = _codes(getattr(args, key))
        if codes is not None:
            cli_table[key.replace("_", "-")] = codes
    if args.dtype is not None:
        cli_table["dtype"] = parse_dtype(args.dtype, "--dtype")
    resolver = ConfigResolver(explicit, [*overrides, cli_table])

    errors: list[str] = []
    files = list(discover(args.paths, errors, resolver, force_exclude=args.force_exclude))
    diagnostics: list[Diagnostic] = []
    for path, report in zip(files, _analyze(files, []), strict=True):
        config = resolver.for_file(path)
        diagnostics += check_report(report, config, relative_to_root(path, config))
        if report.error:
            diagnostics.append(Diagnostic(report.path, _FILE_START, "KPL000", ERROR, report.error))
    for diagnostic in diagnostics:
        print(diagnostic.render())
    if args.statistics:
        for code, count in sorted(Counter(d.code for d in diagnostics).items()):
            print(f"{count:>5}  {code}  {RULES_BY_CODE[code].name}")
    error_count = sum(d.severity == ERROR for d in diagnostics)
    if not args.quiet:
        print(_summary_line(len(files), error_count, len(diagnostics) - error_count))
    for error in errors:
        print(f"paramlint: error: {error}", file=sys.stderr)
    if errors:
        return EXIT_ERROR
    if error_count and not args.exit_zero:
        return EXIT_VIOLATIONS
    return EXIT_OK


_FILE_START = Position(1, 1)


def _summary_line(files: int, errors: int, warnings: int) -> str:
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not errors and not warnings:
        return f"All checks passed! ({checked})"
    return f"Found {errors} error{'s' if errors != 1 else ''} and {warnings} warning{'s' if warnings != 1 else ''} ({checked})."


def _rule(code: str | None) -> int:
    if code is None:
        print(rule_table())
        return EXIT_OK
    rule = RULES_BY_CODE.get(code.upper())
    if rule is None:
        print(f"paramlint: error: no rule {code!r} (see `paramlint rule`)", file=sys.stderr)
        return EXIT_ERROR
    print(rule_page(rule))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
