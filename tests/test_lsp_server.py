"""`paramlint server` end to end: a real LSP client (pytest-lsp) talks to the server over stdio.

The client opens a model file it never saves, receives ``check``'s diagnostics for the buffer,
hovers a layer and the model, asks for inlay hints, edits the buffer and sees the new numbers,
asks for the noqa quick fix, and shuts the server down. Every expected count comes from Keras,
building the same model in this process; the budget in the config is Keras's count minus one.
"""

from __future__ import annotations

import asyncio
import functools
import os
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the language server needs the `server` extra (pygls)")
pytest_lsp = pytest.importorskip("pytest_lsp", reason="the end-to-end test needs pytest-lsp")

import keras  # noqa: E402
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

REPO = Path(__file__).resolve().parents[1]

MODEL = """\
import keras
from keras import layers

classifier = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        layers.Dense({units}, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(10, activation="softmax"),
    ],
    name="digits",
)
"""
MODEL_LINE = 3  # 0-based, as LSP counts: `classifier = keras.Sequential(`
LAYER_LINES = (6, 7, 8)


@functools.cache
def keras_model(units: int) -> keras.Model:
    return keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(units, activation="relu"),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="digits",
    )


def shape_text(shape: tuple[int | None, ...]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ")"


def expected_hints(units: int) -> list[tuple[int, str]]:
    model = keras_model(units)
    return [
        (line, f"→ {shape_text(layer.output.shape)} · {layer.count_params():,}")
        for line, layer in zip(LAYER_LINES, model.layers, strict=True)
    ]


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "paramlint", "server"],
        server_env={**os.environ, "PYTHONPATH": str(REPO)},
    )
)
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities())
    )
    yield
    await lsp_client.shutdown_session()


async def diagnostics_published(client: LanguageClient) -> None:
    """The next publishDiagnostics, or a failure after a bounded wait (never a hung test)."""
    await asyncio.wait_for(
        client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout=60
    )


async def hints(client: LanguageClient, uri: str) -> list[tuple[int, str]]:
    found = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(0, 0), types.Position(100, 0)),
        )
    )
    assert found is not None
    return [(hint.position.line, str(hint.label)) for hint in found]


async def hover(client: LanguageClient, uri: str, line: int) -> str:
    found = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri=uri), types.Position(line, 8))
    )
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    return found.contents.value


@pytest.mark.asyncio
async def test_diagnostics_hover_hints_edit_and_noqa(client: LanguageClient, tmp_path: Path):
    wide, narrow = 64, 32
    budget = keras_model(wide).count_params() - 1
    assert keras_model(narrow).count_params() <= budget
    (tmp_path / "pyproject.toml").write_text(f"[tool.paramlint.budgets]\nmax-params = {budget}\n")
    path = tmp_path / "train.py"  # never written: the server analyses the buffer
    uri = path.as_uri()
    text = MODEL.format(units=wide)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "python", 1, text))
    )
    await diagnostics_published(client)
    [diagnostic] = client.diagnostics[uri]
    assert (diagnostic.code, diagnostic.source) == ("KPL201", "paramlint")
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.range.start == types.Position(MODEL_LINE, text.splitlines()[3].index("keras"))
    assert f"{keras_model(wide).count_params():,}" in diagnostic.message

    assert await hints(client, uri) == expected_hints(wide)

    dense = keras_model(wide).layers[0]
    layer_text = await hover(client, uri, LAYER_LINES[0])
    assert f"params: **{dense.count_params():,}**" in layer_text
    assert f"`kernel` {shape_text(dense.kernel.shape)} = {784 * wide:,}" in layer_text
    assert f"{shape_text(dense.output.shape)}" in layer_text
    model_text = await hover(client, uri, MODEL_LINE)
    assert f"Total params: {keras_model(wide).count_params():,}" in model_text
    assert f"max-params = {budget:,}" in model_text
    assert "status: **error**" in model_text

    [lens] = await client.text_document_code_lens_async(
        types.CodeLensParams(types.TextDocumentIdentifier(uri))
    ) or [None]
    assert lens is not None and lens.command is not None
    assert lens.range.start == diagnostic.range.start
    assert lens.command.title.startswith(f"{keras_model(wide).count_params():,} params · ")
    assert lens.command.title.endswith(f" · budget {budget:,} · error")
    table = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(lens.command.command, lens.command.arguments)
    )
    assert f"Total params: {keras_model(wide).count_params():,}" in table

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri),
            diagnostic.range,
            types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    assert actions is not None
    [action] = actions
    assert isinstance(action, types.CodeAction) and action.edit and action.edit.changes
    [edit] = action.edit.changes[uri]
    assert edit.new_text == text.splitlines()[MODEL_LINE] + "  # noqa: KPL201"

    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [types.TextDocumentContentChangeWholeDocument(MODEL.format(units=narrow))],
        )
    )
    assert await hints(client, uri) == expected_hints(narrow)  # the new text, not the old one
    await diagnostics_published(client)  # debounced
    assert list(client.diagnostics[uri]) == []
    assert not path.exists()


@pytest.mark.asyncio
async def test_notebook_document_cells(client: LanguageClient, tmp_path: Path):
    """An editor's notebook (LSP notebook sync): each cell gets its own findings, hints and
    hovers, positioned in the cell's text; an edit of a cell changes the numbers."""
    wide, narrow = 64, 32
    budget = keras_model(wide).count_params() - 1
    (tmp_path / "pyproject.toml").write_text(f"[tool.paramlint.budgets]\nmax-params = {budget}\n")
    notebook_uri = (tmp_path / "digits.ipynb").as_uri()
    intro, model_cell = f"{notebook_uri}#intro", f"{notebook_uri}#model"
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            types.NotebookDocument(
                notebook_uri,
                "jupyter-notebook",
                1,
                [
                    types.NotebookCell(types.NotebookCellKind.Markup, intro),
                    types.NotebookCell(types.NotebookCellKind.Code, model_cell),
                ],
            ),
            [
                types.TextDocumentItem(intro, "markdown", 1, "# Digits\n"),
                types.TextDocumentItem(model_cell, "python", 1, MODEL.format(units=wide)),
            ],
        )
    )
    await diagnostics_published(client)
    while model_cell not in client.diagnostics:  # one notification per cell
        await diagnostics_published(client)
    [diagnostic] = client.diagnostics[model_cell]
    assert diagnostic.code == "KPL201" and diagnostic.range.start.line == MODEL_LINE
    assert list(client.diagnostics.get(intro, [])) == []
    assert await hints(client, model_cell) == expected_hints(wide)
    assert await hints(client, intro) == []
    dense = keras_model(wide).layers[0]
    assert f"params: **{dense.count_params():,}**" in await hover(
        client, model_cell, LAYER_LINES[0]
    )

    client.diagnostics.pop(model_cell)
    cell_edit = types.NotebookDocumentCellContentChanges(
        types.VersionedTextDocumentIdentifier(uri=model_cell, version=2),
        [types.TextDocumentContentChangeWholeDocument(MODEL.format(units=narrow))],
    )
    client.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            types.VersionedNotebookDocumentIdentifier(version=2, uri=notebook_uri),
            types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(text_content=[cell_edit])
            ),
        )
    )
    assert await hints(client, model_cell) == expected_hints(narrow)
    while model_cell not in client.diagnostics:  # debounced
        await diagnostics_published(client)
    assert list(client.diagnostics[model_cell]) == []
