//! A source file as the tools see it: its display path, its text (BOM removed) and its
//! line index.

use std::sync::Arc;

use crate::span::{LineCol, LineIndex, Span};

#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to the user (relative when the user gave a relative path).
    pub path: String,
    /// The text, without a leading byte-order mark.
    pub text: Arc<str>,
    /// Whether the file on disk starts with a UTF-8 byte-order mark.
    pub bom: bool,
    /// Built on first use: most files of a clean run never need a position.
    lines: std::sync::OnceLock<LineIndex>,
    /// Set when the bytes were not valid UTF-8: the offset of the first bad byte (in the
    /// lossily decoded text).
    pub invalid_utf8_at: Option<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: &str) -> SourceFile {
        let (bom, body) = match text.strip_prefix('\u{FEFF}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        SourceFile {
            path: path.into(),
            lines: std::sync::OnceLock::new(),
            text: Arc::from(body),
            bom,
            invalid_utf8_at: None,
        }
    }

    /// From raw bytes: invalid UTF-8 is decoded lossily and remembered.
    pub fn from_bytes(path: impl Into<String>, bytes: &[u8]) -> SourceFile {
        match std::str::from_utf8(bytes) {
            Ok(s) => SourceFile::new(path, s),
            Err(e) => {
                let valid = e.valid_up_to();
                let text = String::from_utf8_lossy(bytes);
                let mut f = SourceFile::new(path, &text);
                let shift = usize::from(f.bom) * 3;
                f.invalid_utf8_at = Some(valid.saturating_sub(shift));
                f
            }
        }
    }

    /// The K001 finding for a file that is not UTF-8 (`None` when it is): every command
    /// reports it the same way, before trying to parse the lossily decoded text.
    pub fn utf8_diagnostic(&self) -> Option<crate::diagnostic::Diagnostic> {
        let at = self.invalid_utf8_at?;
        Some(
            crate::diagnostic::Diagnostic::new(
                crate::codes::K001,
                Span::new(at, (at + 1).min(self.text.len()).max(at)),
                "file is not valid UTF-8",
            )
            .label("the first byte that is not UTF-8")
            .help("save the file as UTF-8"),
        )
    }

    /// The line index of the text.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines().line_col(&self.text, offset)
    }

    /// 1-based start line/column and end line/column (end exclusive) of a span.
    pub fn range(&self, span: Span) -> (LineCol, LineCol) {
        (
            self.line_col(span.start as usize),
            self.line_col(span.end as usize),
        )
    }
}
