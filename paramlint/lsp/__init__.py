"""``paramlint server``: the language server (pygls), and what it shows, computed without it.

:mod:`.buffer` analyses an editor's unsaved text with ``check``'s own pipeline and turns the
result into what the editor shows (diagnostics, hovers, inlay hints, noqa edits) in plain data;
:mod:`.server` only speaks the protocol. pygls is imported by :mod:`.server` alone (the ``server``
extra), so the rest of paramlint never needs it.
"""
