//! `--format github`: GitHub Actions workflow commands (`::error file=…,line=…::message`), so
//! findings appear as annotations on the pull request, then a plain summary line.

use std::io::{self, Write};

use super::{Reporter, RunReport};
use crate::diagnostic::Severity;

pub struct Github;

/// Escapes a command's message (`%`, CR, LF).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property (also `:` and `,`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn report(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
        for f in &run.files {
            for d in &f.diagnostics {
                let (s, e) = f.file.range(d.span);
                let kind = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let message = d.message_with_help();
                writeln!(
                    out,
                    "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                    escape_property(&f.file.path),
                    s.line,
                    s.column,
                    e.line,
                    e.column,
                    escape_property(&format!("{} {}", d.code, d.name())),
                    escape_data(&message)
                )?;
            }
        }
        let s = run.summary();
        writeln!(
            out,
            "keel: {} files, {} workflows, {} errors, {} warnings, {} suppressed",
            s.files, s.workflows, s.errors, s.warnings, s.suppressed
        )
    }
}
