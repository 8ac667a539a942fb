"""A full editor session against `keel lsp`, driven by a real LSP client (pytest-lsp).

Open a workflow with a planted K106, see it, fix it, see it go; hover, go to definition,
completion, formatting; shut down. Run with `KEEL_BIN=target/release/keel pytest tests/lsp_e2e`.
"""

import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
KEEL = os.environ.get("KEEL_BIN", str(ROOT / "target" / "release" / "keel"))

WORKFLOW = """use std::kyc
use std::notify

workflow KYC v1 {
  states {
    Pending initial
    Review
    Approved terminal requires docs.identity_verified, docs.address_verified
  }
  transition submit: Pending -> Review on document.uploaded
    when doc.type in [passport, id_card]
    do kyc.verify_identity
  transition approve: Review -> Approved on check.completed
      do notify.email("ok")
}
"""


def position_of(text: str, needle: str, delta: int = 0) -> types.Position:
    offset = text.index(needle) + delta
    line = text.count("\n", 0, offset)
    col = len(text[text.rfind("\n", 0, offset) + 1 : offset].encode("utf-16-le")) // 2
    return types.Position(line=line, character=col)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[KEEL, "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            initialization_options={"env": "production"},
        )
    )
    yield
    await lsp_client.shutdown_session()


async def test_full_editor_session(client: LanguageClient, tmp_path: pathlib.Path):
    path = tmp_path / "kyc.keel"
    path.write_text(WORKFLOW)
    uri = path.as_uri()

    # Open: the planted K106 is reported on the transition that skips the address check.
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="keel", version=1, text=WORKFLOW)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    codes = [d.code for d in client.diagnostics[uri]]
    assert "K106" in codes, codes
    k106 = next(d for d in client.diagnostics[uri] if d.code == "K106")
    assert k106.range.start == position_of(WORKFLOW, "transition approve")
    assert "docs.address_verified" in k106.message

    # Fix it: the diagnostic goes away.
    fixed = WORKFLOW.replace('do notify.email("ok")', 'do kyc.verify_address, notify.email("ok")')
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "K106" not in [d.code for d in client.diagnostics[uri]]

    # Hover an action: its risk, tier, key and compensation.
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(fixed, "kyc.verify_address", 3),
        )
    )
    assert hover is not None
    assert "risk" in hover.contents.value and "Tier 2" in hover.contents.value

    # Go to definition: a state, then an action in the standard library.
    definition = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(fixed, "Review -> Approved"),
        )
    )
    location = definition[0] if isinstance(definition, list) else definition
    assert location.uri == uri
    assert location.range.start.line == position_of(fixed, "    Review\n").line
    definition = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(fixed, "kyc.verify_address", 2),
        )
    )
    location = definition[0] if isinstance(definition, list) else definition
    assert location.uri.endswith("/std/kyc.keel")

    # Completion: state names after `->`.
    typing = fixed.replace("  transition approve", "  transition draft: Pending -> \n  transition approve")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=typing)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    completion = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(typing, "Pending -> \n", len("Pending -> ")),
        )
    )
    items = completion.items if hasattr(completion, "items") else completion
    labels = {i.label for i in items}
    assert {"Review", "Approved"} <= labels, labels

    # Formatting: the badly indented `do` line is fixed; the text stays meaningfully equal.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=4),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert edits, "formatting returns edits for a badly indented file"
    assert '    do kyc.verify_address, notify.email("ok")' in edits[0].new_text
