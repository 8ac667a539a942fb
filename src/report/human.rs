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
        // miette asks for the span alone (no context) for the `[file:line:column]` header and
        // counts its column in bytes; Keel counts columns in characters everywhere.
        let column = if before == 0 && after == 0 {
            self.0.line_col(start).column - 1
        } else {
            c.column()
        };
        Ok(Box::new(miette::MietteSpanContents::new(
            data,
            SourceSpan::new((c.span().offset() + ws).into(), c.span().len()),
            c.line() + first,
            column,
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

/// Lines longer than this (in bytes) are not shown whole: the diagnostic is rendered by
/// [`render_windowed`], which shows a window of the line around each label.
pub const LONG_LINE: usize = 300;

/// How many characters of a long line are shown before and after a label (and of the label).
const WINDOW: usize = 60;

/// Whether a span, or the context line before or after it, touches a line longer than
/// [`LONG_LINE`].
fn on_long_line(file: &SourceFile, span: crate::span::Span) -> bool {
    let lines = file.lines();
    let len = |line: usize| {
        let start = lines.line_start(line);
        let end = if line + 1 < lines.line_count() {
            lines.line_start(line + 1)
        } else {
            file.text.len()
        };
        end - start
    };
    let a = lines.line_of((span.start as usize).min(file.text.len()));
    let b = lines.line_of((span.end as usize).min(file.text.len()));
    // The label's first and last lines, and the context line miette shows around each.
    [a.checked_sub(1), Some(a), Some(b), Some(b + 1)]
        .into_iter()
        .flatten()
        .filter(|&l| l < lines.line_count())
        .any(|l| len(l) > LONG_LINE)
}

/// Renders one diagnostic as miette does; on a very long line, as [`render_windowed`] does.
pub fn render(handler: &GraphicalReportHandler, file: &Arc<SourceFile>, d: &Diagnostic) -> String {
    if on_long_line(file, d.span) || d.labels.iter().any(|l| on_long_line(file, l.span)) {
        return render_windowed(file, d);
    }
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

/// A diagnostic whose labels are on very long lines (a generated file, a minified one): the
/// same parts as miette's report, but each label shows at most [`WINDOW`] characters of its line
/// on either side, so the output and its cost do not grow with the line's length, and columns
/// are numbers, never padding.
pub fn render_windowed(file: &SourceFile, d: &Diagnostic) -> String {
    let text: &str = &file.text;
    let mut out = String::new();
    let marker = match d.severity {
        Severity::Error => "×",
        Severity::Warning => "⚠",
    };
    out.push_str(&format!(
        "{}({})\n\n  {marker} {}\n",
        d.code,
        d.name(),
        d.message
    ));
    let at = file.line_col(d.span.start as usize);
    out.push_str(&format!("   ╭─[{}:{}:{}]\n", file.path, at.line, at.column));
    let mut excerpt = |span: crate::span::Span, label: &str| {
        let lines = file.lines();
        let start = crate::span::clamp_to_char(text, span.start as usize);
        let end = crate::span::clamp_to_char(text, (span.end as usize).max(start));
        let line = lines.line_of(start);
        let line_start = lines.line_start(line);
        let line_end = if line + 1 < lines.line_count() {
            lines.line_start(line + 1) - 1
        } else {
            text.len()
        }
        .max(start);
        // At most WINDOW chars before the label, WINDOW of the label, WINDOW after.
        let from = back_chars(text, start, WINDOW).max(line_start);
        let label_end = forward_chars(text, start, WINDOW).min(end.min(line_end).max(start));
        let to = forward_chars(text, label_end, WINDOW).min(line_end);
        let lead = if from > line_start { "…" } else { "" };
        let tail = if to < line_end { "…" } else { "" };
        let shown = text[from..to].trim_end_matches('\r');
        let num = format!("{}", line + 1);
        out.push_str(&format!(" {num} │ {lead}{shown}{tail}\n"));
        let pad = lead.chars().count() + text[from..start].chars().count();
        let width = text[start..label_end].chars().count().max(1);
        let at = file.line_col(start);
        let mut mark = format!("{}^", " ".repeat(pad));
        mark.push_str(&"^".repeat(width - 1));
        let gutter = " ".repeat(num.len());
        out.push_str(&format!(" {gutter} · {mark}"));
        if !label.is_empty() {
            out.push(' ');
            out.push_str(label);
        }
        out.push_str(&format!(" (column {})\n", at.column));
    };
    excerpt(d.span, &d.label);
    for l in &d.labels {
        excerpt(l.span, &l.message);
    }
    out.push_str("   ╰────\n");
    if let Some(h) = &d.help {
        out.push_str(&format!("  help: {h}\n"));
    }
    out
}

/// How wide (in columns) a message or help text may be for [`render_simple`]: well within
/// what miette wraps at (the handler's width of 110, less its margin and the indent).
const SIMPLE_TEXT: usize = 96;

/// Printable ASCII only: one byte, one column, nothing miette expands or wraps differently.
fn plain_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// The common finding (one label, within one short line of printable ASCII, short message and
/// help) written straight into `out`, byte for byte as miette renders it without colour (a test
/// compares the two): miette's own rendering costs several microseconds per finding, which a
/// file with 200,000 findings turns into seconds. Writes nothing and returns `false` for
/// anything else, which then goes through [`render`].
pub fn render_simple(out: &mut String, file: &SourceFile, d: &Diagnostic) -> bool {
    use std::fmt::Write as _;
    let text: &str = &file.text;
    let (start, end) = (d.span.start as usize, d.span.end as usize);
    let short_text = |s: &str, indent: usize| {
        !s.is_empty()
            && plain_ascii(s)
            && !s.starts_with(' ')
            && !s.ends_with(' ')
            && indent + s.len() <= SIMPLE_TEXT
    };
    if !d.labels.is_empty()
        || start >= end
        || end > text.len()
        || !short_text(&d.message, 4)
        || !d.help.as_deref().is_none_or(|h| short_text(h, 8))
        || !plain_ascii(&d.label)
        || !plain_ascii(d.name())
    {
        return false;
    }
    let lines = file.lines();
    let count = lines.line_count();
    // A line's text without its newline, if the line exists (not the empty "line" after a
    // final newline).
    let line_text = |l: usize| -> Option<(usize, &str)> {
        let from = lines.line_start(l);
        if l >= count || (l > 0 && from >= text.len()) {
            return None;
        }
        let to = if l + 1 < count {
            lines.line_start(l + 1) - 1
        } else {
            text.len()
        };
        Some((from, &text[from..to]))
    };
    let line = lines.line_of(start);
    let Some((line_start, own)) = line_text(line) else {
        return false;
    };
    if end > line_start + own.len() {
        return false;
    }
    let before = line.checked_sub(1).and_then(line_text);
    let after = line_text(line + 1);
    let shown = [
        before.map(|b| (line - 1, b.1)),
        Some((line, own)),
        after.map(|a| (line + 1, a.1)),
    ];
    if shown
        .iter()
        .flatten()
        .any(|(_, t)| t.len() > LONG_LINE || !plain_ascii(t))
    {
        return false;
    }
    let width = shown
        .iter()
        .flatten()
        .last()
        .map_or(1, |(l, _)| (l + 1).to_string().len());
    let marker = match d.severity {
        Severity::Error => "×",
        Severity::Warning => "⚠",
    };
    let _ = write!(
        out,
        "{}({})\n\n  {marker} {}\n{:pad$}╭─[{}:{}:{}]\n",
        d.code,
        d.name(),
        d.message,
        "",
        file.path,
        line + 1,
        start - line_start + 1,
        pad = width + 2
    );
    for (l, t) in shown.into_iter().flatten() {
        let _ = writeln!(out, " {:width$} │ {t}", l + 1);
        if l != line {
            continue;
        }
        // miette's underline: from the label's first column to its last, the label's bar in
        // the middle.
        let (from, to) = (start - line_start, end - line_start);
        let bar = (from + to) / 2;
        let _ = write!(out, " {:width$} · {:from$}", "", "");
        for _ in from..bar {
            out.push('─');
        }
        out.push(if d.label.is_empty() { '─' } else { '┬' });
        for _ in bar + 1..to {
            out.push('─');
        }
        out.push('\n');
        if !d.label.is_empty() {
            let _ = writeln!(out, " {:width$} · {:bar$}╰── {}", "", "", d.label);
        }
    }
    let _ = writeln!(out, "{:pad$}╰────", "", pad = width + 2);
    if let Some(h) = &d.help {
        let _ = writeln!(out, "  help: {h}");
    }
    true
}

/// The offset `n` chars before `at` (or 0).
fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(at, |(i, _)| i)
}

/// The offset `n` chars after `at` (or the end).
fn forward_chars(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

impl Reporter for Human {
    fn report(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
        let h = handler(self.color);
        let mut buf = String::new();
        for f in &run.files {
            for d in &f.diagnostics {
                buf.clear();
                if self.color || !render_simple(&mut buf, &f.file, d) {
                    buf = render(&h, &f.file, d);
                }
                out.write_all(buf.as_bytes())?;
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
            // The header's column is Keel's (characters), miette's counts bytes.
            let body = |s: String| -> String {
                s.lines()
                    .filter(|l| !l.contains("╭─["))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            assert_eq!(
                body(render(&h, &file, &d)),
                body(render_plain(&h, &file, &d)),
                "span {a}..{b}"
            );
        }
    }

    /// Every finding that [`render_simple`] takes, rendered as miette renders it.
    fn assert_simple_is_miettes(
        h: &GraphicalReportHandler,
        file: &SourceFile,
        d: &Diagnostic,
    ) -> bool {
        let mut out = String::new();
        if !render_simple(&mut out, file, d) {
            return false;
        }
        assert_eq!(out, render_plain(h, file, d), "{d:?}");
        true
    }

    #[test]
    fn simple_findings_render_as_miette_renders_them() {
        let h = handler(false);
        let texts = [
            "one line only",
            "first\nsecond line\nthird\n",
            "a\n\nb after an empty line\n\n\nc\nlast line without newline",
            "  indented\n\tnot plain\nafter\r\nwindows\n",
            "x\nx\nx\nx\nx\nx\nx\nx\nline nine\nline ten\nline eleven\n",
            "é line\nplain\n",
        ];
        let long = format!("short\n{}\nshort\n", "y".repeat(LONG_LINE + 5));
        let mut simple = 0;
        for text in texts.iter().copied().chain([long.as_str()]) {
            let file = SourceFile::new("t.keel", text);
            let n = text.len();
            for a in 0..n {
                for len in [0, 1, 2, 3, 6, 15, 40] {
                    let b = (a + len).min(n);
                    if !text.is_char_boundary(a) || !text.is_char_boundary(b) {
                        continue;
                    }
                    for (label, help, sev) in [
                        ("", None, Severity::Error),
                        ("the label", Some("do this instead"), Severity::Warning),
                        ("a", Some(" spaced help"), Severity::Error),
                    ] {
                        let mut d = Diagnostic::new("K502", Span::new(a, b), "no test takes `t0`")
                            .label(label)
                            .severity(sev);
                        if let Some(h) = help {
                            d = d.help(h);
                        }
                        simple += usize::from(assert_simple_is_miettes(&h, &file, &d));
                    }
                }
            }
        }
        assert!(simple > 500, "{simple} rendered directly");
        // Texts miette would wrap, or that have more than one label, are not taken.
        let file = SourceFile::new("t.keel", "first\nsecond\n");
        let wide = Diagnostic::new("K001", Span::new(6, 8), "w ".repeat(60).trim_end());
        assert!(!render_simple(&mut String::new(), &file, &wide));
        let two = Diagnostic::new("K001", Span::new(6, 8), "m").with_label(Span::new(0, 1), "x");
        assert!(!render_simple(&mut String::new(), &file, &two));
    }

    /// The findings of every workflow in the repository, through both routes.
    #[test]
    fn repository_findings_render_as_miette_renders_them() {
        let h = handler(false);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![root.join("examples"), root.join("tests/fixtures")];
        let (mut files, mut simple) = (0, 0);
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                if p.extension().is_none_or(|x| x != "keel") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&p) else {
                    continue;
                };
                files += 1;
                let report = crate::check::check_file(
                    Arc::new(SourceFile::new(p.display().to_string(), &text)),
                    &crate::project::Project::default(),
                    &crate::check::CheckOptions {
                        env: crate::config::Env::Production,
                        run_tests: true,
                        keep_artifacts: false,
                    },
                );
                for d in &report.diagnostics {
                    simple += usize::from(assert_simple_is_miettes(&h, &report.file, d));
                }
            }
        }
        assert!(
            files > 20 && simple > 50,
            "{files} files, {simple} rendered directly"
        );
    }
}
