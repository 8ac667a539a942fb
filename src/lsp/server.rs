//! The server's state and dispatch: open documents, their analyses (the current one, and the
//! last one that parsed, kept while the text has syntax errors), and published diagnostics.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};

use super::convert;
use super::index::{self, Index};
use crate::check::{check_file_keeping, CheckOptions, Checked, FileReport};
use crate::config::Env;
use crate::project::{self, Project};
use crate::source::SourceFile;

/// Everything known about one version of a document.
pub struct Analysis {
    pub source: Arc<SourceFile>,
    pub checked: Checked,
    pub index: Index,
    pub report: FileReport,
}

pub struct Document {
    pub text: String,
    pub version: i64,
    pub path: Option<PathBuf>,
    /// Findings of the current text (syntax errors included).
    pub report: FileReport,
    /// The analysis of the current text, if it parses.
    pub current: Option<Arc<Analysis>>,
    /// The last analysis that parsed: features keep working while the user types.
    pub last_good: Option<Arc<Analysis>>,
}

impl Document {
    /// The analysis features should use: the current one, else the last good one.
    pub fn analysis(&self) -> Option<&Arc<Analysis>> {
        self.current.as_ref().or(self.last_good.as_ref())
    }
}

pub struct Server {
    initialized: bool,
    shutdown: bool,
    exit: Option<u8>,
    /// From initializationOptions / workspace configuration (`{"env": "staging"}`).
    env_override: Option<Env>,
    pub docs: HashMap<String, Document>,
    projects: HashMap<Option<PathBuf>, Arc<Project>>,
}

impl Default for Server {
    fn default() -> Self {
        Self::new()
    }
}

fn error(id: RequestId, code: ErrorCode, message: impl Into<String>) -> Message {
    Message::Response(Response::new_err(id, code as i32, message.into()))
}

impl Server {
    pub fn new() -> Server {
        Server {
            initialized: false,
            shutdown: false,
            exit: None,
            env_override: None,
            docs: HashMap::new(),
            projects: HashMap::new(),
        }
    }

    pub fn shutdown_requested(&self) -> bool {
        self.shutdown
    }

    /// Set once `exit` arrives: 0 after `shutdown`, 1 otherwise.
    pub fn exit_code(&self) -> Option<u8> {
        self.exit
    }

    pub fn capabilities() -> Value {
        json!({
            "positionEncoding": "utf-16",
            "textDocumentSync": { "openClose": true, "change": 1, "save": { "includeText": true } },
            "hoverProvider": true,
            "definitionProvider": true,
            "referencesProvider": true,
            "documentSymbolProvider": true,
            "documentFormattingProvider": true,
            "codeActionProvider": { "codeActionKinds": ["quickfix"] },
            "completionProvider": { "triggerCharacters": [".", ">", " ", "(", "[", ",", ":"] },
        })
    }

    /// Handles one incoming message and returns what to send back, in order.
    pub fn handle(&mut self, msg: Message) -> Vec<Message> {
        match msg {
            Message::Request(req) => {
                let id = req.id.clone();
                let method = req.method.clone();
                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.request(req))) {
                    Ok(out) => out,
                    Err(_) => vec![error(
                        id,
                        ErrorCode::InternalError,
                        format!("keel failed while handling {method}; the session continues"),
                    )],
                }
            }
            Message::Notification(n) => {
                let method = n.method.clone();
                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    self.notification(n)
                })) {
                    Ok(out) => out,
                    Err(_) => {
                        eprintln!("keel lsp: failed while handling {method}");
                        Vec::new()
                    }
                }
            }
            Message::Response(_) => Vec::new(),
        }
    }

    fn request(&mut self, req: Request) -> Vec<Message> {
        if req.method == "initialize" {
            self.initialized = true;
            if let Some(env) = req
                .params
                .pointer("/initializationOptions/env")
                .and_then(Value::as_str)
                .and_then(Env::parse)
            {
                self.env_override = Some(env);
            }
            return vec![Message::Response(Response::new_ok(
                req.id,
                json!({
                    "capabilities": Self::capabilities(),
                    "serverInfo": { "name": "keel", "version": env!("CARGO_PKG_VERSION") },
                }),
            ))];
        }
        if !self.initialized {
            return vec![error(
                req.id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet",
            )];
        }
        if req.method == "shutdown" {
            self.shutdown = true;
            return vec![Message::Response(Response::new_ok(req.id, Value::Null))];
        }
        if self.shutdown {
            return vec![error(
                req.id,
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            )];
        }
        let result = match req.method.as_str() {
            "textDocument/hover" => self.with_doc(&req.params, super::features::hover),
            "textDocument/definition" => self.with_doc(&req.params, super::features::definition),
            "textDocument/references" => self.with_doc(&req.params, super::features::references),
            "textDocument/completion" => self.with_doc(&req.params, super::features::completion),
            "textDocument/documentSymbol" => self.with_doc(&req.params, super::features::symbols),
            "textDocument/formatting" => self.with_doc(&req.params, super::features::formatting),
            "textDocument/codeAction" => self.with_doc(&req.params, super::features::code_actions),
            _ => {
                return vec![error(
                    req.id,
                    ErrorCode::MethodNotFound,
                    format!("unknown method {}", req.method),
                )]
            }
        };
        match result {
            Ok(v) => vec![Message::Response(Response::new_ok(req.id, v))],
            Err(e) => vec![error(req.id, ErrorCode::InvalidParams, e)],
        }
    }

    /// Runs a feature on the document a request names; a document never opened is read from
    /// disk when it can be, and answered with `null` otherwise.
    fn with_doc(
        &mut self,
        params: &Value,
        f: fn(&Document, &Value) -> Value,
    ) -> Result<Value, String> {
        let uri = params
            .pointer("/textDocument/uri")
            .and_then(Value::as_str)
            .ok_or("missing textDocument.uri")?
            .to_string();
        if !self.docs.contains_key(&uri) {
            // Never blocks: a FIFO, device or socket is refused, and so is a huge file.
            let Some(text) = convert::uri_to_path(&uri).and_then(|p| {
                let limit = crate::syntax::MAX_FILE_BYTES as u64;
                crate::fsutil::read_text(&p, limit).ok()
            }) else {
                return Ok(Value::Null);
            };
            self.open(&uri, text, 0);
        }
        Ok(f(&self.docs[&uri], params))
    }

    fn notification(&mut self, n: Notification) -> Vec<Message> {
        // Before `initialize`, notifications other than `exit` are dropped (LSP 3.17).
        if !self.initialized && n.method != "exit" {
            return Vec::new();
        }
        let uri = n
            .params
            .pointer("/textDocument/uri")
            .and_then(Value::as_str)
            .map(str::to_string);
        match n.method.as_str() {
            "exit" => {
                self.exit = Some(if self.shutdown { 0 } else { 1 });
                Vec::new()
            }
            "textDocument/didOpen" => {
                let (Some(uri), Some(text)) = (
                    uri,
                    n.params
                        .pointer("/textDocument/text")
                        .and_then(Value::as_str),
                ) else {
                    return Vec::new();
                };
                let version = n
                    .params
                    .pointer("/textDocument/version")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                self.open(&uri, text.to_string(), version);
                self.publish(&uri)
            }
            "textDocument/didChange" => {
                let Some(uri) = uri else { return Vec::new() };
                let Some(doc) = self.docs.get(&uri) else {
                    return Vec::new();
                };
                let mut text = doc.text.clone();
                for change in n
                    .params
                    .get("contentChanges")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let Some(new) = change.get("text").and_then(Value::as_str) else {
                        continue;
                    };
                    match change.get("range") {
                        Some(r) if !r.is_null() => {
                            let file = SourceFile::new("", &text);
                            let a = convert::offset(&file, r.get("start").unwrap_or(&Value::Null));
                            let b =
                                convert::offset(&file, r.get("end").unwrap_or(&Value::Null)).max(a);
                            // Offsets are into the BOM-less text; the document keeps its BOM.
                            let bom = if file.bom { "\u{feff}" } else { "" };
                            let body: &str = &file.text;
                            text = format!("{bom}{}{}{}", &body[..a], new, &body[b..]);
                        }
                        _ => text = new.to_string(),
                    }
                }
                let version = n
                    .params
                    .pointer("/textDocument/version")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                self.open(&uri, text, version);
                self.publish(&uri)
            }
            "textDocument/didSave" => {
                let Some(uri) = uri else { return Vec::new() };
                let text = match n.params.get("text").and_then(Value::as_str) {
                    Some(t) => t.to_string(),
                    None => match self.docs.get(&uri) {
                        Some(d) => d.text.clone(),
                        None => return Vec::new(),
                    },
                };
                // keel.toml or keel.lock may have changed: reload the project.
                self.projects.clear();
                let version = self.docs.get(&uri).map_or(0, |d| d.version);
                self.open(&uri, text, version);
                self.publish(&uri)
            }
            "textDocument/didClose" => {
                let Some(uri) = uri else { return Vec::new() };
                self.docs.remove(&uri);
                vec![Message::Notification(Notification::new(
                    "textDocument/publishDiagnostics".into(),
                    json!({ "uri": uri, "diagnostics": [] }),
                ))]
            }
            "workspace/didChangeConfiguration" => {
                if let Some(env) = n
                    .params
                    .pointer("/settings/keel/env")
                    .and_then(Value::as_str)
                    .and_then(Env::parse)
                {
                    self.env_override = Some(env);
                    let uris: Vec<String> = self.docs.keys().cloned().collect();
                    let mut out = Vec::new();
                    for u in uris {
                        let (text, version) = (self.docs[&u].text.clone(), self.docs[&u].version);
                        self.open(&u, text, version);
                        out.extend(self.publish(&u));
                    }
                    return out;
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn project_for(&mut self, path: Option<&PathBuf>) -> Arc<Project> {
        let root = path.and_then(|p| project::find_root(&project::lookup_dir(p)));
        if let Some(p) = self.projects.get(&root) {
            return p.clone();
        }
        let p = Arc::new(Project::load(root.clone(), None).unwrap_or_else(|e| {
            eprintln!("keel lsp: {e}; using defaults");
            Project {
                root: root.clone(),
                ..Project::default()
            }
        }));
        self.projects.insert(root, p.clone());
        p
    }

    /// (Re)analyses a document's text.
    pub fn open(&mut self, uri: &str, text: String, version: i64) {
        let path = convert::uri_to_path(uri);
        let project = self.project_for(path.as_ref());
        let env = self
            .env_override
            .or(project.config.env)
            .unwrap_or(Env::Sandbox);
        let display = path
            .as_ref()
            .map_or(uri.to_string(), |p| p.display().to_string());
        let source = Arc::new(SourceFile::new(display, &text));
        let (report, checked) = check_file_keeping(
            source.clone(),
            &project,
            &CheckOptions {
                env,
                run_tests: true,
                keep_artifacts: false,
            },
        );
        let current = checked.map(|checked| {
            let index = index::build(&checked.parsed.ast, &checked.module);
            Arc::new(Analysis {
                source: source.clone(),
                checked,
                index,
                report: FileReport {
                    file: report.file.clone(),
                    diagnostics: report.diagnostics.clone(),
                    suppressed: report.suppressed,
                    workflows: Vec::new(),
                    parsed: true,
                    modules: Vec::new(),
                },
            })
        });
        let last_good = current
            .clone()
            .or_else(|| self.docs.get(uri).and_then(|d| d.last_good.clone()));
        self.docs.insert(
            uri.to_string(),
            Document {
                text,
                version,
                path,
                report,
                current,
                last_good,
            },
        );
    }

    fn publish(&self, uri: &str) -> Vec<Message> {
        let Some(doc) = self.docs.get(uri) else {
            return Vec::new();
        };
        let file = &doc.report.file;
        let diagnostics: Vec<Value> = doc
            .report
            .diagnostics
            .iter()
            .map(|d| {
                let message = d.message_with_help();
                let related: Vec<Value> = d
                    .labels
                    .iter()
                    .map(|l| json!({ "location": { "uri": uri, "range": convert::range(file, l.span) }, "message": l.message }))
                    .collect();
                json!({
                    "range": convert::range(file, d.span),
                    "severity": match d.severity { crate::diagnostic::Severity::Error => 1, crate::diagnostic::Severity::Warning => 2 },
                    "code": d.code,
                    "source": "keel",
                    "message": message,
                    "relatedInformation": related,
                    "data": { "name": d.name(), "label": d.label },
                })
            })
            .collect();
        vec![Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".into(),
            json!({ "uri": uri, "version": doc.version, "diagnostics": diagnostics }),
        ))]
    }
}
