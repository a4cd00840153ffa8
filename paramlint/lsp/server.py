"""The language server over stdio (pygls): ``check``'s diagnostics, hovers, inlay hints, noqa.

Diagnostics are published when a document opens, when it is saved, and shortly after it stops
changing (:data:`DEBOUNCE_SECONDS`); each analysis is of the buffer's text. Hovers, inlay hints
and code actions use the analysis of the text the editor has now (made on demand if the debounced
one has not run yet), so they never show numbers of an older text. Positions: paramlint's are
1-based code-point columns, LSP's 0-based UTF-16 (unless negotiated): pygls's position codec of
each document converts them.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from .. import __version__
from ..discovery import ConfigResolver
from ..rules.base import ERROR, Diagnostic
from ..rules.config import ConfigError
from .buffer import (
    BufferAnalysis,
    analyse_buffer,
    inlay_label,
    layer_hover,
    model_hover,
    model_lens,
    model_summary,
    noqa_line,
)

DEBOUNCE_SECONDS = 0.3
"""How long the buffer must stay unchanged before it is analysed again and diagnostics sent."""

SOURCE = "paramlint"
SUMMARY_COMMAND = "paramlint.summary"
"""The code lens's command: the model's summary table, shown as a message and in the log."""
SUFFIXES = (".py", ".ipynb")


class ParamlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("paramlint", __version__)
        self.analyses: dict[str, BufferAnalysis] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    def analysis(self, uri: str) -> BufferAnalysis | None:
        """The analysis of the document's current text (made now if the last one is older)."""
        document = self.workspace.get_text_document(uri)
        path = to_fs_path(uri)
        if path is None or Path(path).suffix not in SUFFIXES:
            return None
        cached = self.analyses.get(uri)
        if cached is not None and cached.text == document.source:
            return cached
        try:
            analysis = analyse_buffer(Path(path), document.source, ConfigResolver())
        except ConfigError as error:  # the user's to fix: say so, keep the last good numbers
            self.window_show_message(
                types.ShowMessageParams(types.MessageType.Error, f"paramlint: {error}")
            )
            return cached
        self.analyses[uri] = analysis
        return analysis

    def publish(self, uri: str) -> None:
        analysis = self.analysis(uri)
        if analysis is None:
            return
        document = self.workspace.get_text_document(uri)
        diagnostics = [_diagnostic(document, analysis, d) for d in analysis.diagnostics]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, version=document.version, diagnostics=diagnostics
            )
        )

    def publish_later(self, uri: str) -> None:
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()

        async def later() -> None:
            await asyncio.sleep(DEBOUNCE_SECONDS)
            self.pending.pop(uri, None)
            self.publish(uri)

        self.pending[uri] = asyncio.get_running_loop().create_task(later())


def _position(document: TextDocument, line: int, column: int) -> types.Position:
    """A 1-based paramlint line and code-point column as an LSP position in client units."""
    line = max(line - 1, 0)
    column = max(column - 1, 0)
    return document.position_codec.position_to_client_units(
        document.lines, types.Position(line=line, character=column)
    )


def _line_end(document: TextDocument, line: int) -> types.Position:
    text = document.lines[line - 1] if 0 < line <= len(document.lines) else ""
    return _position(document, line, len(text.rstrip("\r\n")) + 1)


def _diagnostic(
    document: TextDocument, analysis: BufferAnalysis, diagnostic: Diagnostic
) -> types.Diagnostic:
    where = analysis.result.file_position(diagnostic)
    start = _position(document, *where)
    end = _line_end(document, where[0])
    if (end.line, end.character) <= (start.line, start.character):
        end = start
    severity = (
        types.DiagnosticSeverity.Error
        if diagnostic.severity == ERROR
        else types.DiagnosticSeverity.Warning
    )
    return types.Diagnostic(
        range=types.Range(start=start, end=end),
        message=analysis.result.located_message(diagnostic),
        severity=severity,
        code=diagnostic.code,
        source=SOURCE,
    )


def make_server() -> ParamlintServer:
    server = ParamlintServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ParamlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ParamlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.publish_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ParamlintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ParamlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.analyses.pop(uri, None)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: ParamlintServer, params: types.HoverParams) -> types.Hover | None:
        analysis = ls.analysis(params.text_document.uri)
        if analysis is None:
            return None
        line = params.position.line + 1
        model = analysis.model_at(line)
        spot = analysis.layer_at(line)
        if model is not None:
            text = model_hover(model)
        elif spot is not None:
            text = layer_hover(spot)
        else:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    def inlay_hints(ls: ParamlintServer, params: types.InlayHintParams) -> list[types.InlayHint]:
        analysis = ls.analysis(params.text_document.uri)
        if analysis is None:
            return []
        document = ls.workspace.get_text_document(params.text_document.uri)
        first, last = params.range.start.line + 1, params.range.end.line + 1
        return [
            types.InlayHint(
                position=_line_end(document, spot.line),
                label=inlay_label(spot),
                kind=types.InlayHintKind.Type,
                padding_left=True,
            )
            for spot in analysis.layers
            if first <= spot.line <= last
        ]

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    def code_lenses(ls: ParamlintServer, params: types.CodeLensParams) -> list[types.CodeLens]:
        uri = params.text_document.uri
        analysis = ls.analysis(uri)
        if analysis is None:
            return []
        document = ls.workspace.get_text_document(uri)
        lenses = []
        for index, model in enumerate(analysis.result.models):
            where = analysis.locate(model.found.position)
            if where is None:
                continue
            start = _position(document, *where)
            command = types.Command(
                title=model_lens(model), command=SUMMARY_COMMAND, arguments=[uri, index]
            )
            lenses.append(types.CodeLens(types.Range(start, start), command))
        return lenses

    @server.command(SUMMARY_COMMAND)
    def summary(ls: ParamlintServer, uri: str, index: int) -> str | None:
        analysis = ls.analysis(uri)
        if analysis is None or not 0 <= index < len(analysis.result.models):
            return None
        text = model_summary(analysis.result.models[index])
        ls.window_log_message(types.LogMessageParams(types.MessageType.Info, text))
        ls.window_show_message(types.ShowMessageParams(types.MessageType.Info, text))
        return text

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_actions(ls: ParamlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        path = to_fs_path(uri)
        if path is None or not path.endswith(".py"):  # a notebook's file lines are JSON
            return []
        document = ls.workspace.get_text_document(uri)
        actions = []
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != SOURCE or not isinstance(diagnostic.code, str):
                continue
            line = diagnostic.range.start.line
            if line >= len(document.lines):
                continue
            old = document.lines[line].rstrip("\r\n")
            new = noqa_line(old, diagnostic.code)
            if new is None:
                continue
            end = document.position_codec.position_to_client_units(
                document.lines, types.Position(line=line, character=len(old))
            )
            edit = types.TextEdit(
                range=types.Range(start=types.Position(line=line, character=0), end=end),
                new_text=new,
            )
            actions.append(
                types.CodeAction(
                    title=f"Add `# noqa: {diagnostic.code}`",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=types.WorkspaceEdit(changes={uri: [edit]}),
                )
            )
        return actions

    return server


def serve() -> int:
    """``paramlint server``: the language server on stdin / stdout until the client exits."""
    make_server().start_io()
    return 0
