//! `--format json`: exactly one JSON object, the shape of LANGUAGE.md §6.

use std::io::{self, Write};

use serde::Serialize;

use super::{Reporter, RunReport, Summary};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

pub struct Json;

#[derive(Serialize)]
pub struct JsonLabel {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

#[derive(Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub help: Option<String>,
    pub labels: Vec<JsonLabel>,
    pub workflow: Option<String>,
}

impl JsonDiagnostic {
    pub fn new(file: &SourceFile, d: &Diagnostic) -> JsonDiagnostic {
        let (s, e) = file.range(d.span);
        JsonDiagnostic {
            code: d.code,
            name: d.name(),
            severity: d.severity.as_str(),
            message: d.message.clone(),
            file: file.path.clone(),
            line: s.line,
            column: s.column,
            end_line: e.line,
            end_column: e.column,
            help: d.help.as_deref().map(str::to_string),
            labels: d
                .labels
                .iter()
                .map(|l| {
                    let (s, e) = file.range(l.span);
                    JsonLabel {
                        message: l.message.clone(),
                        line: s.line,
                        column: s.column,
                        end_line: e.line,
                        end_column: e.column,
                    }
                })
                .collect(),
            workflow: d.workflow.clone(),
        }
    }
}

#[derive(Serialize)]
struct Document {
    diagnostics: Vec<JsonDiagnostic>,
    summary: Summary,
    /// Per workflow whose tests ran (absent with `--no-tests`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    coverage: Vec<super::CoverageLine>,
}

impl Reporter for Json {
    fn report(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
        let doc = Document {
            diagnostics: run
                .files
                .iter()
                .flat_map(|f| {
                    f.diagnostics
                        .iter()
                        .map(|d| JsonDiagnostic::new(&f.file, d))
                })
                .collect(),
            summary: run.summary(),
            coverage: run.coverage(),
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
