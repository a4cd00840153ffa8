"""``paramlint server``: the language server, if its extra (pygls) is installed."""

from __future__ import annotations

import sys

from . import EXIT_ERROR


def server() -> int:
    try:
        from ..lsp.server import serve
    except ImportError as error:
        print(
            f"paramlint: error: the language server needs pygls ({error}); "
            "install it with: pip install 'paramlint[server]'",
            file=sys.stderr,
        )
        return EXIT_ERROR
    return serve()
