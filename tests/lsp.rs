//! The language server, driven message by message (in process), and once through the binary
//! over stdio with malformed input.

mod common;

use std::io::{BufReader, Write};
use std::process::{Command, Stdio};

use keel::lsp::Server;
use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{json, Value};

const URI: &str = "file:///tmp/keel-lsp-test/kyc.keel";

const KYC: &str = r#"// 𝄞 a non-BMP character before everything: positions count UTF-16 units.
use std::kyc
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
"#;

struct Client {
    server: Server,
    next: i32,
}

impl Client {
    fn new() -> Client {
        let mut c = Client {
            server: Server::new(),
            next: 1,
        };
        let r = c.request(
            "initialize",
            json!({ "capabilities": {}, "initializationOptions": { "env": "production" } }),
        );
        assert!(r["capabilities"]["hoverProvider"].as_bool().unwrap());
        c.notify("initialized", json!({}));
        c
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next;
        self.next += 1;
        let out = self.server.handle(Message::Request(Request::new(
            RequestId::from(id),
            method.into(),
            params,
        )));
        for m in out {
            if let Message::Response(r) = m {
                assert_eq!(r.id, RequestId::from(id));
                return match r.response_result {
                    Ok(v) => v,
                    Err(e) => json!({ "error": e.code, "message": e.message }),
                };
            }
        }
        panic!("no response to {method}");
    }

    fn notify(&mut self, method: &str, params: Value) -> Vec<Value> {
        self.server
            .handle(Message::Notification(Notification::new(
                method.into(),
                params,
            )))
            .into_iter()
            .filter_map(|m| match m {
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                    Some(n.params)
                }
                _ => None,
            })
            .collect()
    }

    fn open(&mut self, text: &str) -> Value {
        let d = self.notify("textDocument/didOpen", json!({ "textDocument": { "uri": URI, "languageId": "keel", "version": 1, "text": text } }));
        d.into_iter().next().expect("diagnostics published")
    }

    fn change(&mut self, text: &str, version: i64) -> Value {
        let d = self.notify("textDocument/didChange", json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": [{ "text": text }] }));
        d.into_iter().next().expect("diagnostics published")
    }

    fn at(&mut self, method: &str, line: u32, character: u32) -> Value {
        self.request(method, json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character }, "context": { "includeDeclaration": true } }))
    }
}

fn codes(diags: &Value) -> Vec<String> {
    diags["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// (line, UTF-16 column) of the first occurrence of `needle`.
fn pos(text: &str, needle: &str) -> (u32, u32) {
    let off = text.find(needle).unwrap_or_else(|| panic!("{needle}"));
    let line = text[..off].matches('\n').count() as u32;
    let start = text[..off].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..off].encode_utf16().count() as u32)
}

#[test]
fn diagnostics_follow_the_text() {
    let mut c = Client::new();
    let d = c.open(KYC);
    assert!(codes(&d).contains(&"K106".to_string()), "{d}");
    let k106 = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "K106")
        .unwrap();
    let (line, col) = pos(KYC, "transition approve");
    assert_eq!(
        k106["range"]["start"],
        json!({ "line": line, "character": col })
    );
    assert_eq!(k106["severity"], 1);
    assert!(!k106["relatedInformation"].as_array().unwrap().is_empty());
    let fixed = KYC.replace(
        "do notify.email(\"ok\")",
        "do kyc.verify_address, notify.email(\"ok\")",
    );
    let d = c.change(&fixed, 2);
    assert!(!codes(&d).contains(&"K106".to_string()), "{d}");
    // Positions after the non-BMP character on line 0 are in UTF-16 units.
    let d = c.change(&KYC.replace("// 𝄞 a", "// 𝄞 a kyc.nope"), 3);
    assert!(d["diagnostics"].as_array().is_some());
}

#[test]
fn hover_definition_references() {
    let mut c = Client::new();
    c.open(KYC);
    let (l, ch) = pos(KYC, "kyc.verify_identity\n");
    let h = c.at("textDocument/hover", l, ch + 2);
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("risk** `kyc`") && text.contains("Tier 2") && text.contains("establishes"),
        "{text}"
    );
    let (l, ch) = pos(KYC, "Review\n");
    let h = c.at("textDocument/hover", l, ch);
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("facts known here"),
        "{h}"
    );
    let (l2, ch2) = pos(KYC, "Approved on");
    let h = c.at("textDocument/hover", l2, ch2);
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("requires"),
        "{h}"
    );
    // A state reference goes to its declaration.
    let (l, ch) = pos(KYC, "Review -> Approved");
    let def = c.at("textDocument/definition", l, ch);
    let (dl, _) = pos(KYC, "    Review\n");
    assert_eq!(def["uri"], URI);
    assert_eq!(def["range"]["start"]["line"], dl);
    // An action from the standard library opens its source.
    let (l, ch) = pos(KYC, "kyc.verify_identity\n");
    let def = c.at("textDocument/definition", l, ch);
    let uri = def["uri"].as_str().unwrap();
    assert!(
        uri.starts_with("file://") && uri.ends_with("/std/kyc.keel"),
        "{def}"
    );
    let path = keel::lsp::convert::uri_to_path(uri).unwrap();
    let src = std::fs::read_to_string(path).unwrap();
    let line = src
        .lines()
        .nth(def["range"]["start"]["line"].as_u64().unwrap() as usize)
        .unwrap();
    assert!(line.contains("action kyc.verify_identity"), "{line}");
    // References of a state: its declaration and every use.
    let refs = c.at("textDocument/references", l2, ch2);
    assert_eq!(refs.as_array().unwrap().len(), 2, "{refs}");
}

#[test]
fn completion_by_context() {
    let mut c = Client::new();
    c.open(KYC);
    let labels = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let with = |c: &mut Client, text: &str, after: &str| {
        c.change(text, 9);
        let (l, ch) = pos(text, after);
        c.at(
            "textDocument/completion",
            l,
            ch + after.encode_utf16().count() as u32,
        )
    };
    let t = KYC.replace(
        "  transition approve: Review -> Approved",
        "  transition x: Pending -> \n  transition approve: Review -> Approved",
    );
    let got = labels(&with(&mut c, &t, "Pending -> "));
    assert!(
        got.contains(&"Review".into()) && got.contains(&"Approved".into()),
        "{got:?}"
    );
    let t = KYC.replace("on check.completed", "on ");
    let got = labels(&with(&mut c, &t, "Approved on "));
    assert!(got.contains(&"check.completed".into()), "{got:?}");
    let t = KYC.replace("    do notify.email(\"ok\")", "    do ");
    let got = labels(&with(&mut c, &t, "    do "));
    assert!(got.contains(&"kyc.set_status".into()), "{got:?}");
    let t = KYC.replace("when doc.type in [passport, id_card]", "when doc.type == ");
    let got = labels(&with(&mut c, &t, "doc.type == "));
    assert!(got.contains(&"utility_bill".into()), "{got:?}");
    let t = KYC.replace("  states {", "  ti\n  states {");
    let got = labels(&with(&mut c, &t, "  ti"));
    assert!(
        got.contains(&"transition".into()) && got.contains(&"tier".into()),
        "{got:?}"
    );
}

#[test]
fn symbols_and_quick_fixes() {
    let mut c = Client::new();
    let broken = KYC.replace("kyc.verify_identity\n", "kyc.verify_identty\n");
    let d = c.open(&broken);
    assert!(codes(&d).contains(&"K002".to_string()));
    let syms = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let wf = &syms.as_array().unwrap()[0];
    assert_eq!(wf["name"], "KYC_v1");
    assert_eq!(wf["children"].as_array().unwrap().len(), 5);
    let (l, ch) = pos(&broken, "kyc.verify_identty");
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": l, "character": ch }, "end": { "line": l, "character": ch } }, "context": { "diagnostics": [] } }),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Replace with `kyc.verify_identity`")
        .expect("a did-you-mean fix");
    assert_eq!(
        fix["edit"]["changes"][URI][0]["newText"],
        "kyc.verify_identity"
    );
}

#[test]
fn syntax_errors_keep_the_last_good_model() {
    let mut c = Client::new();
    c.open(KYC);
    let broken = KYC.replace("Pending -> Review", "Pending Review");
    let d = c.change(&broken, 2);
    assert_eq!(codes(&d), vec!["K001"]);
    let (l, ch) = pos(&broken, "kyc.verify_identity\n");
    let h = c.at("textDocument/hover", l, ch);
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .contains("risk"),
        "{h}"
    );
}

#[test]
fn survives_malformed_requests() {
    let mut c = Client::new();
    // Unknown method, missing parameters, a document never opened, positions out of range.
    assert_eq!(c.request("keel/unknown", json!({}))["error"], -32601);
    assert_eq!(c.request("textDocument/hover", json!({}))["error"], -32602);
    assert_eq!(c.request("textDocument/hover", json!({ "textDocument": { "uri": "file:///nowhere/x.keel" }, "position": { "line": 1, "character": 1 } })), Value::Null);
    c.open(KYC);
    for (l, ch) in [(9999, 0), (0, 9999), (u32::MAX, u32::MAX)] {
        let _ = c.at("textDocument/hover", l, ch);
        let _ = c.at("textDocument/completion", l, ch);
        let _ = c.at("textDocument/definition", l, ch);
    }
    let _ = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": "nonsense" }),
    );
    // Incremental changes with bad ranges are clamped.
    let d = c.notify("textDocument/didChange", json!({ "textDocument": { "uri": URI, "version": 5 }, "contentChanges": [{ "range": { "start": { "line": 999, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "x" }] }));
    assert_eq!(d.len(), 1);
    assert_eq!(c.request("shutdown", Value::Null), Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.server.exit_code(), Some(0));
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

#[test]
fn stdio_session_survives_garbage() {
    let mut child = Command::new(common::keel_bin())
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut input = Vec::new();
    input.extend(frame(
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
    ));
    input.extend(frame("{this is not json"));
    input.extend(b"Garbage-Header: 1\r\n\r\n");
    input.extend(frame(r#"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nope.keel"},"position":{"line":0,"character":0}}}"#));
    input.extend(frame(r#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#));
    input.extend(frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    stdin.write_all(&input).unwrap();
    drop(stdin);
    let mut ids = Vec::new();
    while let Ok(Some(body)) = keel::lsp::read_frame(&mut out) {
        let v: Value = serde_json::from_slice(&body).unwrap();
        ids.push(v["id"].clone());
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(
        ids.contains(&json!(1)) && ids.contains(&json!(2)) && ids.contains(&json!(3)),
        "{ids:?}"
    );
    assert!(
        ids.contains(&Value::Null),
        "a parse error answers with a null id: {ids:?}"
    );
}

/// Runs `keel::lsp::serve` on `input`; returns every message written.
fn serve_bytes(input: &[u8]) -> Vec<Value> {
    let mut out = Vec::new();
    let _ = keel::lsp::serve(&mut std::io::Cursor::new(input), &mut out);
    let mut r = std::io::Cursor::new(out);
    let mut msgs = Vec::new();
    while let Ok(Some(body)) = keel::lsp::read_frame(&mut r) {
        msgs.push(serde_json::from_slice(&body).unwrap());
    }
    msgs
}

#[test]
fn an_object_id_is_answered_as_an_invalid_request() {
    let mut input =
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    input.extend(frame(
        r#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#,
    ));
    input.extend(frame(r#"{"jsonrpc":"2.0","id":[2],"method":"shutdown"}"#));
    let msgs = serve_bytes(&input);
    let invalid: Vec<&Value> = msgs
        .iter()
        .filter(|m| m["error"]["code"] == -32600)
        .collect();
    assert_eq!(invalid.len(), 2, "{msgs:?}");
    assert!(invalid.iter().all(|m| m["id"].is_null()));
}

#[test]
fn nothing_is_published_before_initialize() {
    let mut s = Server::new();
    let out = s.handle(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({ "textDocument": { "uri": URI, "languageId": "keel", "version": 1, "text": KYC } }),
    )));
    assert!(out.is_empty(), "{out:?}");
    assert!(s.docs.is_empty());
}

#[test]
fn a_huge_header_line_is_skipped_in_bounded_memory() {
    // 32 MiB without a newline, then a real session.
    let mut input = vec![b'X'; 32 << 20];
    input.extend(b"\r\n\r\n");
    input.extend(frame(
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
    ));
    input.extend(frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#));
    let msgs = serve_bytes(&input);
    assert!(
        msgs.iter().any(|m| m["id"] == 1 && m["result"].is_object()),
        "{msgs:?}"
    );
    assert!(msgs.iter().any(|m| m["id"] == 2));
    assert!(msgs.iter().any(|m| m["error"]["message"]
        .as_str()
        .is_some_and(|s| s.contains("header line longer"))));
}

#[test]
fn edits_in_a_bom_document_land_where_the_editor_says() {
    let mut c = Client::new();
    let text = format!("\u{feff}{KYC}");
    c.open(&text);
    // (0,1) is just after the BOM in the editor's text.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "range": { "start": { "line": 0, "character": 1 }, "end": { "line": 0, "character": 1 } }, "text": "X" }] }),
    );
    assert_eq!(c.server.docs[URI].text, format!("\u{feff}X{KYC}"));
    // Diagnostics on line 0 count the BOM too: a finding at the start of line 0 is at 1.
    let mut s = Server::new();
    let _ = s.handle(Message::Request(Request::new(
        RequestId::from(1),
        "initialize".into(),
        json!({ "capabilities": {} }),
    )));
    let out = s.handle(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({ "textDocument": { "uri": URI, "languageId": "keel", "version": 1, "text": "\u{feff}bogus" } }),
    )));
    let Message::Notification(n) = &out[0] else {
        panic!("{out:?}")
    };
    assert_eq!(
        n.params["diagnostics"][0]["range"]["start"]["character"], 1,
        "{}",
        n.params
    );
}

#[test]
fn hover_on_an_unopened_fifo_does_not_block() {
    let d = common::tmp_dir();
    let fifo = d.path().join("pipe.keel");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let uri = keel::lsp::convert::path_to_uri(&fifo);
    let mut client = Client::new();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let v = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
        );
        let _ = tx.send(v);
    });
    let v = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("hover on a FIFO blocked the server");
    assert_eq!(v, Value::Null);
}

#[test]
fn the_stdlib_is_served_from_a_private_directory() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mut c = Client::new();
    c.open(KYC);
    let (l, ch) = pos(KYC, "verify_identity");
    let v = c.at("textDocument/definition", l, ch);
    let uri = v["uri"].as_str().unwrap_or_else(|| panic!("{v}"));
    let path = keel::lsp::convert::uri_to_path(uri).unwrap();
    assert_eq!(
        fs_text(&path),
        keel::stdlib::Library::embedded()
            .get("std::kyc")
            .unwrap()
            .source
            .to_string()
    );
    // Some ancestor is this user's `keel-UID`, a real directory with mode 0700.
    let private = path
        .ancestors()
        .find(|a| {
            a.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("keel-"))
        })
        .expect("a keel-UID directory");
    let m = std::fs::symlink_metadata(private).unwrap();
    assert!(m.file_type().is_dir());
    assert_eq!(m.permissions().mode() & 0o777, 0o700);
    assert_eq!(m.uid(), unsafe { libc::geteuid() });
}

fn fs_text(p: &std::path::Path) -> String {
    std::fs::read_to_string(p).unwrap()
}
