#!/usr/bin/env python3
"""Writes the seed corpora for the fuzz targets into fuzz/seeds/ (not committed; run.sh calls
this): every .keel file of examples/ and tests/fixtures/ for parse, check and fmt, and for lsp
one framed session per example (initialize, open, edit, every request the server answers,
shutdown, exit) plus a few malformed streams."""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"


def keel_files():
    for base in ("examples", "tests/fixtures"):
        yield from sorted((ROOT / base).rglob("*.keel"))


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def session(uri, text):
    lines = text.split("\n")
    mid = len(lines) // 2
    pos = {"line": mid, "character": 4}
    doc = {"uri": uri}
    msgs = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": None}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": uri, "languageId": "keel", "version": 1, "text": text}}},
    ]
    rid = 2
    for method, extra in [
        ("textDocument/hover", {"position": pos}),
        ("textDocument/definition", {"position": pos}),
        ("textDocument/references", {"position": pos, "context": {"includeDeclaration": True}}),
        ("textDocument/completion", {"position": pos}),
        ("textDocument/documentSymbol", {}),
        ("textDocument/formatting", {"options": {"tabSize": 2, "insertSpaces": True}}),
        ("textDocument/codeAction", {"range": {"start": pos, "end": pos}, "context": {"diagnostics": []}}),
    ]:
        msgs.append({"jsonrpc": "2.0", "id": rid, "method": method, "params": {"textDocument": doc, **extra}})
        rid += 1
    msgs.append({"jsonrpc": "2.0", "method": "textDocument/didChange",
                 "params": {"textDocument": {"uri": uri, "version": 2},
                            "contentChanges": [{"range": {"start": pos, "end": pos}, "text": "x"}]}})
    msgs.append({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": doc}})
    msgs.append({"jsonrpc": "2.0", "id": rid, "method": "shutdown"})
    msgs.append({"jsonrpc": "2.0", "method": "exit"})
    return b"".join(frame(m) for m in msgs)


def main():
    for target in ("parse", "check", "fmt", "lsp"):
        (SEEDS / target).mkdir(parents=True, exist_ok=True)
    for i, path in enumerate(keel_files()):
        data = path.read_bytes()
        for target in ("parse", "check", "fmt"):
            (SEEDS / target / f"{i:03}-{path.name}").write_bytes(data)
        if path.parent.name != "fixtures" and i < 40:
            text = data.decode("utf-8", "replace")
            (SEEDS / "lsp" / f"{i:03}-{path.stem}.session").write_bytes(
                session(f"file:///fuzz/{path.name}", text))
    odd = {
        "garbage": b"Content-Length: 5\r\n\r\n{nope",
        "no-length": b"X: 1\r\n\r\n{}",
        "unknown-method": frame({"jsonrpc": "2.0", "id": 9, "method": "keel/whatever", "params": {}}),
        "never-opened": frame({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover",
                               "params": {"textDocument": {"uri": "file:///nowhere.keel"},
                                          "position": {"line": 99, "character": 99}}}),
    }
    for name, data in odd.items():
        (SEEDS / "lsp" / f"odd-{name}.session").write_bytes(data)


if __name__ == "__main__":
    main()
