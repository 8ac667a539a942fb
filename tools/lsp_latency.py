#!/usr/bin/env python3
"""LSP re-check latency over stdio, as an editor sees it: a 5,000-line document built from the
benchmark corpus (`cargo run --release --example gen_corpus -- DIR`), 200 full-text edits in a
title, the time from sending each didChange to receiving its publishDiagnostics.

    python3 tools/lsp_latency.py KEEL_BINARY CORPUS_DIR/c1000 [KEEL_BINARY ...]
"""
import json, os, subprocess, sys, time

def document(corpus):
    text = "use std::client\nuse std::kyc\nuse std::payments\nuse std::ib\nuse std::notify\nuse std::tasks\n"
    for name in sorted(os.listdir(corpus)):
        if text.count("\n") >= 5000:
            break
        wf = open(os.path.join(corpus, name), encoding="utf-8").read()
        at = wf.find("\nworkflow ")
        if at >= 0:
            text += wf[at + 1:]
    return text

def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body

def read(p):
    n = 0
    while True:
        line = p.stdout.readline()
        if line in (b"\r\n", b"\n"):
            break
        if line.lower().startswith(b"content-length:"):
            n = int(line.split(b":")[1])
    return json.loads(p.stdout.read(n))

def measure(binary, text):
    p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    uri = "file:///tmp/keel-latency/big.keel"
    send = lambda o: (p.stdin.write(frame(o)), p.stdin.flush())
    def diagnostics():
        while True:
            m = read(p)
            if m.get("method") == "textDocument/publishDiagnostics":
                return m
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    while read(p).get("id") != 1:
        pass
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "keel", "version": 0, "text": text}}})
    diagnostics()
    at = text.rfind('title "') + 7
    times = []
    for i in range(1, 201):
        edited = text[:at] + ("y" if i % 2 == 0 else "") + "x" + text[at:]
        t = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": i}, "contentChanges": [{"text": edited}]}})
        diagnostics()
        times.append(time.perf_counter() - t)
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send({"jsonrpc": "2.0", "method": "exit"})
    p.wait(timeout=10)
    times.sort()
    pct = lambda q: times[min(len(times) - 1, len(times) * q // 100)] * 1000
    return pct(50), pct(95), times[-1] * 1000

if __name__ == "__main__":
    corpus = sys.argv[2]
    text = document(corpus)
    for binary in [sys.argv[1]] + sys.argv[3:]:
        p50, p95, mx = measure(binary, text)
        print(f"{binary}: {text.count(chr(10))} lines, p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {mx:.1f} ms")
