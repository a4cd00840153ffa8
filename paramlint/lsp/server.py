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
from dataclasses import dataclass
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
    input_insertion,
    layer_hover,
    model_hover,
    model_lens,
    model_summary,
    noqa_line,
    notebook_text,
)

DEBOUNCE_SECONDS = 0.3
"""How long the buffer must stay unchanged before it is analysed again and diagnostics sent."""

SOURCE = "paramlint"
SUMMARY_COMMAND = "paramlint.summary"
"""The code lens's command: the model's summary table, shown as a message and in the log."""
SUFFIXES = (".py", ".ipynb")


@dataclass(frozen=True)
class View:
    """A document as the features see it: its analysis, and which cell of it this is (a cell of
    an editor's notebook: positions are in that cell's text), with the text document to convert
    positions in."""

    analysis: BufferAnalysis
    cell: int | None
    document: TextDocument


NOTEBOOK_SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithCells(
            cells=[types.NotebookCellLanguage(language="python")], notebook="jupyter-notebook"
        )
    ],
    save=True,
)


class ParamlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("paramlint", __version__, notebook_document_sync=NOTEBOOK_SYNC)
        self.analyses: dict[str, BufferAnalysis] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    def view(self, uri: str) -> View | None:
        """The analysis of the current text of a file, or of the notebook a cell belongs to
        (made now if the last one is of an older text)."""
        notebook = self.workspace.get_notebook_document(cell_uri=uri)
        if notebook is not None:
            analysis = self.notebook_analysis(notebook)
            cells = [cell.document for cell in notebook.cells]
            if analysis is None or uri not in cells:
                return None
            return View(analysis, cells.index(uri) + 1, self.workspace.get_text_document(uri))
        path = to_fs_path(uri)
        if path is None or Path(path).suffix not in SUFFIXES:
            return None
        document = self.workspace.get_text_document(uri)
        analysis = self._analysis(uri, Path(path), document.source)
        return None if analysis is None else View(analysis, None, document)

    def notebook_analysis(self, notebook: types.NotebookDocument) -> BufferAnalysis | None:
        path = to_fs_path(notebook.uri) or "notebook.ipynb"
        cells = [
            (
                cell.kind == types.NotebookCellKind.Code,
                self.workspace.get_text_document(cell.document).source,
            )
            for cell in notebook.cells
        ]
        return self._analysis(notebook.uri, Path(path).with_suffix(".ipynb"), notebook_text(cells))

    def _analysis(self, key: str, path: Path, text: str) -> BufferAnalysis | None:
        cached = self.analyses.get(key)
        if cached is not None and cached.text == text:
            return cached
        try:
            analysis = analyse_buffer(path, text, ConfigResolver())
        except ConfigError as error:  # the user's to fix: say so, keep the last good numbers
            self.window_show_message(
                types.ShowMessageParams(types.MessageType.Error, f"paramlint: {error}")
            )
            return cached
        self.analyses[key] = analysis
        return analysis

    def publish(self, uri: str) -> None:
        """Publish a file's diagnostics, or each cell's of a notebook (``uri`` the notebook's)."""
        notebook = self.workspace.get_notebook_document(
            notebook_uri=uri
        ) or self.workspace.get_notebook_document(cell_uri=uri)
        if notebook is not None:  # the notebook's, or a cell's (edited as a text document)
            self._publish_cells(notebook)
            return
        view = self.view(uri)
        if view is None:
            return
        document = view.document
        diagnostics = [
            _diagnostic(document, view.analysis, d, view.analysis.result.file_position(d))
            for d in view.analysis.diagnostics
        ]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, version=document.version, diagnostics=diagnostics
            )
        )

    def _publish_cells(self, notebook: types.NotebookDocument) -> None:
        analysis = self.notebook_analysis(notebook)
        if analysis is None:
            return
        per_cell: dict[int, list[types.Diagnostic]] = {}
        for found in analysis.diagnostics:
            cell = found.position.cell if found.position.cell is not None else 1
            if not 0 < cell <= len(notebook.cells):
                continue
            document = self.workspace.get_text_document(notebook.cells[cell - 1].document)
            where = (found.position.line, found.position.column)
            if found.position.cell is None:
                where = (1, 1)  # a finding about the whole notebook: its first cell
            per_cell.setdefault(cell, []).append(
                _diagnostic(document, analysis, found, where, cell_message=True)
            )
        for index, notebook_cell in enumerate(notebook.cells, start=1):
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=notebook_cell.document, diagnostics=per_cell.get(index, [])
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
    document: TextDocument,
    analysis: BufferAnalysis,
    diagnostic: Diagnostic,
    where: tuple[int, int],
    cell_message: bool = False,
) -> types.Diagnostic:
    """An LSP diagnostic at ``where`` (1-based, in ``document``), to the end of that line."""
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
        message=diagnostic.message if cell_message else analysis.result.located_message(diagnostic),
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

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_open(ls: ParamlintServer, params: types.DidOpenNotebookDocumentParams) -> None:
        ls.publish(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_change(ls: ParamlintServer, params: types.DidChangeNotebookDocumentParams) -> None:
        ls.publish_later(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_save(ls: ParamlintServer, params: types.DidSaveNotebookDocumentParams) -> None:
        ls.publish(params.notebook_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: ParamlintServer, params: types.HoverParams) -> types.Hover | None:
        view = ls.view(params.text_document.uri)
        if view is None:
            return None
        line = params.position.line + 1
        model = view.analysis.model_at(line, view.cell)
        spot = view.analysis.layer_at(line, view.cell)
        if model is not None:
            text = model_hover(model)
        elif spot is not None:
            text = layer_hover(spot)
        else:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    def inlay_hints(ls: ParamlintServer, params: types.InlayHintParams) -> list[types.InlayHint]:
        view = ls.view(params.text_document.uri)
        if view is None:
            return []
        first, last = params.range.start.line + 1, params.range.end.line + 1
        return [
            types.InlayHint(
                position=_line_end(view.document, spot.line),
                label=inlay_label(spot),
                kind=types.InlayHintKind.Type,
                padding_left=True,
            )
            for spot in view.analysis.spots(view.cell)
            if first <= spot.line <= last
        ]

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    def code_lenses(ls: ParamlintServer, params: types.CodeLensParams) -> list[types.CodeLens]:
        uri = params.text_document.uri
        view = ls.view(uri)
        if view is None:
            return []
        locate = view.analysis.locator(view.cell)
        lenses = []
        for index, model in enumerate(view.analysis.result.models):
            where = locate(model.found.position)
            if where is None:
                continue
            start = _position(view.document, *where)
            command = types.Command(
                title=model_lens(model), command=SUMMARY_COMMAND, arguments=[uri, index]
            )
            lenses.append(types.CodeLens(types.Range(start, start), command))
        return lenses

    @server.command(SUMMARY_COMMAND)
    def summary(ls: ParamlintServer, uri: str, index: int) -> str | None:
        view = ls.view(uri)
        if view is None or not 0 <= index < len(view.analysis.result.models):
            return None
        text = model_summary(view.analysis.result.models[index])
        ls.window_log_message(types.LogMessageParams(types.MessageType.Info, text))
        ls.window_show_message(types.ShowMessageParams(types.MessageType.Info, text))
        return text

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite]
        ),
    )
    def code_actions(ls: ParamlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        view = ls.view(uri)
        if view is None or (view.analysis.notebook and view.cell is None):
            return []  # a notebook opened as text: its lines are JSON, not Python
        document = view.document
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
        if view.cell is None:
            actions += _input_actions(view, uri, params.range)
        return actions

    return server


def _input_actions(view: View, uri: str, within: types.Range) -> list[types.CodeAction]:
    """Insert ``keras.Input(shape=...)`` into each model on the range's lines that states no
    input while the config gives its ``input-shape``."""
    actions = []
    first, last = within.start.line + 1, within.end.line + 1
    for model in view.analysis.result.models:
        where = view.analysis.locate(model.found.position)
        if where is None or not first <= where[0] <= last:
            continue
        insertion = input_insertion(view.analysis, model)
        if insertion is None:
            continue
        at = _position(view.document, insertion.line, insertion.column)
        call = insertion.text.split(",\n")[0].rstrip(", ")
        actions.append(
            types.CodeAction(
                title=f"Insert `{call}` (the config's input-shape)",
                kind=types.CodeActionKind.RefactorRewrite,
                edit=types.WorkspaceEdit(
                    changes={uri: [types.TextEdit(types.Range(at, at), insertion.text)]}
                ),
            )
        )
    return actions


def serve() -> int:
    """``paramlint server``: the language server on stdin / stdout until the client exits."""
    make_server().start_io()
    return 0
