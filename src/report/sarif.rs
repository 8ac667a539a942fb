//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards. Every rule is described in the
//! driver (name, summary, full `keel explain` text as help, default level); every diagnostic
//! is a result with its primary location, its labels as related locations, and a stable
//! fingerprint (code, file, workflow, message: no line numbers).

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{Reporter, RunReport};
use crate::codes::RULES;
use crate::diagnostic::Severity;
use crate::source::SourceFile;
use crate::span::Span;

pub struct Sarif;

/// A relative path as a URI reference (segments percent-encoded).
pub fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn region(file: &SourceFile, span: Span) -> Value {
    let (s, e) = file.range(span);
    let (end_line, end_col) = if span.is_empty() {
        (s.line, s.column + 1)
    } else {
        (e.line, e.column)
    };
    json!({
        "startLine": s.line,
        "startColumn": s.column,
        "endLine": end_line,
        "endColumn": end_col.max(if end_line == s.line { s.column + 1 } else { 1 }),
    })
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

pub fn document(run: &RunReport) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            let doc = crate::rules::doc(r.code).unwrap_or(r.summary);
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": doc.lines().find(|l| l.starts_with("**What it checks.**")).unwrap_or(r.summary).trim_start_matches("**What it checks.** ") },
                "help": { "text": doc, "markdown": doc },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "environment-sensitive": r.env_sensitive },
            })
        })
        .collect();
    let mut results = Vec::new();
    for f in &run.files {
        let loc = |span: Span| {
            json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&f.file.path) },
                    "region": region(&f.file, span),
                }
            })
        };
        for d in &f.diagnostics {
            let index = RULES.iter().position(|r| r.code == d.code).unwrap_or(0);
            let message = d.message_with_help();
            let related: Vec<Value> = d
                .labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let mut v = loc(l.span);
                    v["id"] = json!(i);
                    v["message"] = json!({ "text": l.message });
                    v
                })
                .collect();
            let fingerprint = crate::digest::sha256_hex(
                format!(
                    "{}\u{0}{}\u{0}{}\u{0}{}",
                    d.code,
                    f.file.path,
                    d.workflow.as_deref().unwrap_or(""),
                    d.message
                )
                .as_bytes(),
            );
            let mut r = json!({
                "ruleId": d.code,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": { "text": message },
                "locations": [loc(d.span)],
                "partialFingerprints": { "keel/v1": fingerprint },
            });
            if !related.is_empty() {
                r["relatedLocations"] = Value::Array(related);
            }
            if let Some(w) = &d.workflow {
                r["properties"] = json!({ "workflow": w });
            }
            results.push(r);
        }
    }
    json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "keel",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": { "environment": run.env.as_str() },
        }]
    })
}

impl Reporter for Sarif {
    fn report(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &document(run))?;
        writeln!(out)
    }
}
