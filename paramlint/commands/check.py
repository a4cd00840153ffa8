"""``paramlint check``: every model against the budgets, the shape errors and the design rules.

The review gates (``--fail-on-increase``, ``--locked``) need git and the lock file; their modules
are imported only when a gate is on, so a plain run (a pre-commit hook) does not pay for them.
"""

from __future__ import annotations

import argparse

from ..checking import add_diagnostics
from ..formats import renderer
from . import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS
from .common import checked, config_resolver, print_errors, project_config


def check(args: argparse.Namespace) -> int:
    resolver = config_resolver(args)
    if args.show_files or args.show_settings:
        from . import settings

        shown = settings.show_files if args.show_files else settings.show_settings
        return shown(args, resolver)
    project = project_config(resolver)
    errors: list[str] = []
    files, result = checked(args, resolver, errors, args.force_exclude)
    result.statistics, result.quiet = args.statistics, args.quiet
    if project.fail_on_increase is not None:
        from ..diff import increase_diagnostics
        from .history import diff_against

        diff = diff_against(args.base, args.paths, resolver, result)
        add_diagnostics(result, increase_diagnostics(diff, project.fail_on_increase))
    if args.locked:
        from .history import lock_findings

        add_diagnostics(result, lock_findings(args, project, files, result))
    output = renderer(project.output_format or "text")(result)
    if output:
        print(output)
    print_errors(errors)
    if errors:
        return EXIT_ERROR
    if result.error_count and not args.exit_zero:
        return EXIT_VIOLATIONS
    return EXIT_OK
