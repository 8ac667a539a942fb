//! `--format human`: miette's graphical reports (code, message, labels, help), coloured only
//! when writing to a terminal, and a closing summary line.

use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError, SourceCode,
    SourceSpan, SpanContents,
};

use super::{Reporter, RunReport};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;

pub struct Human {
    pub color: bool,
}

/// A file's text shared with miette without copying it.
#[derive(Debug)]
struct Text(Arc<str>);

impl SourceCode for Text {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        self.0.as_ref().read_span(span, before, after)
    }
}

pub fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(110)
        .with_context_lines(1)
}

fn sspan(s: crate::span::Span) -> SourceSpan {
    SourceSpan::new((s.start as usize).into(), s.len())
}

/// Renders one diagnostic as miette does.
pub fn render(handler: &GraphicalReportHandler, file: &SourceFile, d: &Diagnostic) -> String {
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        (!d.label.is_empty()).then(|| d.label.clone()),
        sspan(d.span),
    )];
    labels.extend(
        d.labels
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), sspan(l.span))),
    );
    let mut md = MietteDiagnostic::new(d.message.clone())
        .with_code(format!("{}({})", d.code, d.name()))
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
        .with_labels(labels);
    if let Some(h) = &d.help {
        md = md.with_help(h.clone());
    }
    let report = miette::Report::new(md).with_source_code(miette::NamedSource::new(
        file.path.clone(),
        Text(file.text.clone()),
    ));
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{}: {} [{}]\n", file.path, d.message, d.code);
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

impl Reporter for Human {
    fn report(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
        let h = handler(self.color);
        for f in &run.files {
            for d in &f.diagnostics {
                write!(out, "{}", render(&h, &f.file, d))?;
                writeln!(out)?;
            }
        }
        for c in run.coverage() {
            writeln!(
                out,
                "coverage: {} ({}): transitions {}/{}, boundaries {}/{}, tests {} passed{}",
                c.workflow,
                c.file,
                c.transitions.covered,
                c.transitions.total,
                c.boundaries.covered,
                c.boundaries.total,
                c.tests.passed,
                if c.tests.failed > 0 {
                    format!(", {} failed", c.tests.failed)
                } else {
                    String::new()
                }
            )?;
        }
        let s = run.summary();
        let mut line = format!(
            "{}: {}, {} checked ({} env): {}, {}",
            if s.errors > 0 { "failed" } else { "ok" },
            plural(s.files, "file"),
            plural(s.workflows, "workflow"),
            run.env.as_str(),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
        );
        if s.suppressed > 0 {
            line.push_str(&format!(" ({} suppressed)", s.suppressed));
        }
        writeln!(out, "{line}")
    }
}
