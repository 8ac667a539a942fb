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

/// A file shared with miette without copying it. miette finds the lines around a span by
/// scanning from the start of the text, which makes a file with thousands of findings
/// quadratic; this hands it only the lines it will show, found through the line index.
#[derive(Debug)]
struct Text(Arc<SourceFile>);

impl SourceCode for Text {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &'a str = &self.0.text;
        let lines = self.0.lines();
        let start = span.offset().min(text.len());
        let end = (span.offset() + span.len()).min(text.len());
        // One line more on each side than miette shows, so that its own context search ends
        // on a real line boundary.
        let first = lines.line_of(start).saturating_sub(before + 1);
        let last = lines.line_of(end) + after + 2;
        let ws = lines.line_start(first);
        let we = if last < lines.line_count() {
            lines.line_start(last)
        } else {
            text.len()
        };
        let window = &text.as_bytes()[ws..we];
        let local = SourceSpan::new((start - ws).into(), end - start);
        let c = window.read_span(&local, before, after)?;
        let data: &'a [u8] = c.data();
        Ok(Box::new(miette::MietteSpanContents::new(
            data,
            SourceSpan::new((c.span().offset() + ws).into(), c.span().len()),
            c.line() + first,
            c.column(),
            c.line_count(),
        )))
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

/// A diagnostic with its source, rendered directly by the handler. (A `miette::Report` would
/// also work, but building one installs and queries the global hook, which asks the terminal
/// for its capabilities: a system call per diagnostic.)
#[derive(Debug)]
struct Sourced {
    d: MietteDiagnostic,
    src: miette::NamedSource<Text>,
}

impl std::fmt::Display for Sourced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.d, f)
    }
}

impl std::error::Error for Sourced {}

impl miette::Diagnostic for Sourced {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.d.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.d.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.d.help()
    }
    fn url<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.d.url()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.d.labels()
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }
}

/// A diagnostic as miette's: code with the rule name, severity, labels and help.
fn to_miette(d: &Diagnostic) -> MietteDiagnostic {
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
    md
}

/// Renders one diagnostic as miette does.
pub fn render(handler: &GraphicalReportHandler, file: &Arc<SourceFile>, d: &Diagnostic) -> String {
    let report = Sourced {
        d: to_miette(d),
        src: miette::NamedSource::new(file.path.clone(), Text(file.clone())),
    };
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}: {} [{}]\n", file.path, d.message, d.code);
    }
    out
}

pub fn plural(n: usize, word: &str) -> String {
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
            if run.failed() { "failed" } else { "ok" },
            plural(s.files, "file"),
            plural(s.workflows, "workflow"),
            run.env.as_str(),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
        );
        if s.suppressed > 0 {
            line.push_str(&format!(" ({} suppressed)", s.suppressed));
        }
        if run.deny_warnings && s.errors == 0 && s.warnings > 0 {
            line.push_str(" (warnings denied)");
        }
        if run.unread > 0 {
            line.push_str(&format!(
                "; {} could not be read",
                plural(run.unread, "path")
            ));
        }
        writeln!(out, "{line}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    /// The same report, with miette reading the whole text itself.
    fn render_plain(h: &GraphicalReportHandler, file: &SourceFile, d: &Diagnostic) -> String {
        let md = to_miette(d);
        let report = miette::Report::new(md).with_source_code(miette::NamedSource::new(
            file.path.clone(),
            file.text.to_string(),
        ));
        let mut out = String::new();
        h.render_report(&mut out, report.as_ref()).unwrap();
        out
    }

    #[test]
    fn windowed_source_renders_like_the_whole_text() {
        let text = "line one\n  second line here\n\nfourth é line\nfifth\nsixth\n\nlast line";
        let file = Arc::new(SourceFile::new("x.keel", text));
        let h = handler(false);
        let n = text.len();
        let mut spans = vec![(0, 0), (0, 4), (n, n), (n - 4, n), (9, 40), (47, 51)];
        for start in (0..n).step_by(3) {
            for len in [0, 1, 7, 25] {
                spans.push((start, (start + len).min(n)));
            }
        }
        for (a, b) in spans {
            if !text.is_char_boundary(a) || !text.is_char_boundary(b) {
                continue;
            }
            let d = Diagnostic::new("K001", Span::new(a, b), "msg")
                .label("here")
                .with_label(Span::new(n / 2, n / 2 + 1), "and here");
            assert_eq!(
                render(&h, &file, &d),
                render_plain(&h, &file, &d),
                "span {a}..{b}"
            );
        }
    }
}
