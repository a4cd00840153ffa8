"""The commands of paramlint's command line, one module each, imported only when dispatched to.

:mod:`paramlint.cli` parses the arguments and handles the errors; each command module does the
work of its command. This module itself stays light (the dispatcher imports it for every
command): the exit codes and the crash context, which both sides share.
"""

from __future__ import annotations

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2

current_file: list[str] = []
"""The file whose report is being used, for the message of a crash outside the analysis."""
