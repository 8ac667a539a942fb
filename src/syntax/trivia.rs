//! Comments: `///` doc comments that attach to the definition after them, `// keel:allow`
//! suppression directives, and plain comments (which the formatter preserves).

use super::lexer::{TokKind, Token};
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentKind {
    Doc,
    Directive,
    Plain,
}

#[derive(Clone, Debug)]
pub struct Comment {
    pub kind: CommentKind,
    pub span: Span,
    /// The text after `//` (or `///`), without the trailing newline.
    pub body: String,
}

impl Comment {
    /// A comment from its text (`//...` or `///...`, without the line break).
    fn new(span: Span, text: &str) -> Comment {
        let (kind, body) = if let Some(rest) = text.strip_prefix("///") {
            (CommentKind::Doc, rest)
        } else {
            let rest = &text[2..];
            if rest.trim_start().starts_with("keel:allow") {
                (CommentKind::Directive, rest)
            } else {
                (CommentKind::Plain, rest)
            }
        };
        Comment {
            kind,
            span,
            body: body.to_string(),
        }
    }
}

/// The comments of a file, in source order. Methods that look at the text between comments
/// take the source as an argument (the trivia does not keep a copy of it).
#[derive(Clone, Debug, Default)]
pub struct Trivia {
    pub comments: Vec<Comment>,
}

impl Trivia {
    pub fn from_tokens(src: &str, tokens: &[Token]) -> Trivia {
        let comments = tokens
            .iter()
            .filter(|t| t.kind == TokKind::Comment)
            .map(|t| Comment::new(t.span, t.text(src)))
            .collect();
        Trivia { comments }
    }

    /// No comments yet (a parser that meets comments itself adds them with `push`).
    pub(crate) fn empty() -> Trivia {
        Trivia::default()
    }

    /// Adds the comment at `span` unless it is already known (comments arrive in order; a
    /// parser that backtracks may meet one twice).
    pub(crate) fn push(&mut self, src: &str, span: Span) {
        if self
            .comments
            .last()
            .is_some_and(|c| c.span.start >= span.start)
        {
            return;
        }
        let c = Comment::new(span, &src[span.range()]);
        self.comments.push(c);
    }

    /// Scans only for comments (cheaper than a full tokenization when that is not at hand).
    pub fn scan(src: &str) -> Trivia {
        let toks = super::lexer::tokenize(src);
        Trivia::from_tokens(src, &toks)
    }

    /// The start of the comment that ends exactly at `offset`, if any.
    pub fn comment_ending_at(&self, offset: usize) -> Option<usize> {
        let i = self.last_before(offset)?;
        let c = &self.comments[i];
        (c.span.end as usize == offset).then_some(c.span.start as usize)
    }

    /// The index of the last comment that ends at or before `offset`.
    fn last_before(&self, offset: usize) -> Option<usize> {
        let n = self
            .comments
            .partition_point(|c| (c.span.end as usize) <= offset);
        n.checked_sub(1)
    }

    fn only_blank_between(src: &str, a: usize, b: usize) -> bool {
        a <= b && src[a..b].chars().all(char::is_whitespace)
    }

    /// The `///` lines directly above `offset` (only blanks between), joined with newlines.
    pub fn doc_before(&self, src: &str, offset: usize) -> Option<String> {
        let mut i = self.last_before(offset)?;
        let mut end = offset;
        let mut lines = Vec::new();
        loop {
            let c = &self.comments[i];
            if c.kind != CommentKind::Doc
                || !Self::only_blank_between(src, c.span.end as usize, end)
            {
                break;
            }
            lines.push(c.body.strip_prefix(' ').unwrap_or(&c.body).trim_end());
            end = c.span.start as usize;
            if i == 0 {
                break;
            }
            i -= 1;
        }
        if lines.is_empty() {
            return None;
        }
        lines.reverse();
        Some(lines.join("\n"))
    }
}
