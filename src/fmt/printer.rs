//! The layout engine behind `keel fmt`: it receives the tokens of a file in source order
//! together with the separator wanted before each one, and it places every comment.
//!
//! The printer keeps a cursor into the source. Each token it is given is looked up at the
//! cursor (after skipping blanks and comments), so the comments skipped on the way are
//! exactly the ones that sit between the previous token and this one; they are printed in
//! that same gap. A comment that shared its line with the previous token stays at the end
//! of that token's printed line; any other comment gets a line of its own. When a comment
//! falls where the layout wants no line break (inside an expression, say), the line is
//! broken there and the rest of the statement continues one level deeper. Hence the order
//! of tokens and comments never changes, and a comment is never moved across a token.

use crate::syntax::trivia::Comment;

/// What goes between the previous token and the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Sep {
    /// Nothing: `f(`, `a,`.
    Tight,
    /// One space.
    Space,
    /// A new line at the current depth.
    Line,
    /// A blank line, then a new line at the current depth.
    Blank,
}

/// One indentation level.
const INDENT: &str = "  ";

pub struct Printer<'s> {
    src: &'s str,
    comments: &'s [Comment],
    /// The first comment not printed yet.
    next_comment: usize,
    /// Source offset just after the last token printed.
    cursor: usize,
    /// Whether any token was printed yet.
    started: bool,
    /// Finished output lines (an empty string is a blank line).
    lines: Vec<String>,
    /// The line being filled, if one is open.
    open: Option<String>,
    /// Block depth (indentation of statement lines).
    depth: usize,
    /// Depth of the line the current statement line started at; continuation lines forced
    /// by comments go one deeper.
    logical: usize,
    pending: Sep,
    /// Just after a `{`: no blank line before the first comment of the block.
    block_start: bool,
    /// Set when a token was not found where the source should have it (a formatter bug).
    mismatch: bool,
}

/// Line breaks in a stretch of blanks (`\r\n` counts once, a lone `\r` counts).
fn line_breaks(s: &str) -> usize {
    let b = s.as_bytes();
    let mut n = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            n += 1;
        }
    }
    n
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{FEFF}')
}

impl<'s> Printer<'s> {
    pub fn new(src: &'s str, comments: &'s [Comment]) -> Printer<'s> {
        Printer {
            src,
            comments,
            next_comment: 0,
            cursor: 0,
            started: false,
            lines: Vec::new(),
            open: None,
            depth: 0,
            logical: 0,
            pending: Sep::Line,
            block_start: false,
            mismatch: false,
        }
    }

    // -----------------------------------------------------------------------------------
    // Separators and nesting, as the layout rules ask for them
    // -----------------------------------------------------------------------------------

    /// No space before the next token (a single space is the default).
    pub fn glue(&mut self) {
        if self.pending == Sep::Space {
            self.pending = Sep::Tight;
        }
    }

    /// The next token starts a new line.
    pub fn line(&mut self) {
        self.pending = self.pending.max(Sep::Line);
    }

    /// The next token starts a new line after a blank line.
    pub fn blank(&mut self) {
        self.pending = Sep::Blank;
    }

    pub fn indent(&mut self) {
        self.depth += 1;
    }

    pub fn dedent(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Whether a comment comes before the next token.
    pub fn comment_ahead(&self) -> bool {
        self.src[self.cursor..]
            .trim_start_matches(is_blank)
            .starts_with("//")
    }

    // -----------------------------------------------------------------------------------
    // Tokens
    // -----------------------------------------------------------------------------------

    /// A keyword or punctuation mark, which must be the next token of the source.
    pub fn tok(&mut self, text: &str) {
        self.expect(text, false);
    }

    /// The closing brace of a block: comments just before it are indented as the block's
    /// entries, not as the brace.
    pub fn closer(&mut self, text: &str) {
        self.expect(text, true);
    }

    /// Prints `text`, which must be the next token of the source. Should it not be (a bug),
    /// the cursor stays put and the mismatch is recorded.
    fn expect(&mut self, text: &str, closer: bool) {
        let start = self.token_start();
        let end = if self.src[start..].starts_with(text) {
            start + text.len()
        } else {
            self.mismatch = true;
            start
        };
        self.place(text, start, end, closer);
    }

    /// A token copied from the source as written: from the next token's start to `end`
    /// (a literal's raw text, so that its meaning can never change).
    pub fn raw_until(&mut self, end: usize) {
        let start = self.token_start();
        match self.src.get(start..end) {
            Some(text) if !text.is_empty() => self.place(text, start, end, false),
            _ => self.mismatch = true,
        }
    }

    /// The source between two offsets (empty if they are out of order).
    fn between(&self, a: usize, b: usize) -> &'s str {
        self.src.get(a..b).unwrap_or("")
    }

    /// Where the next token starts: after the blanks and comments at the cursor.
    fn token_start(&self) -> usize {
        let mut pos = self.cursor;
        let mut i = self.next_comment;
        loop {
            let rest = &self.src[pos..];
            pos += rest.len() - rest.trim_start_matches(is_blank).len();
            match self.comments.get(i) {
                Some(c) if c.span.start as usize == pos => {
                    pos = c.span.end as usize;
                    i += 1;
                }
                _ => return pos,
            }
        }
    }

    /// Prints the comments before the token at `start`, then the token.
    fn place(&mut self, text: &str, start: usize, end: usize, closer: bool) {
        let sep = self.pending;
        let gap = self.flush_comments(start, sep, closer);
        match sep {
            Sep::Line | Sep::Blank => {
                let blank = match gap {
                    Some(after) => !closer && line_breaks(self.between(after, start)) >= 2,
                    None => sep == Sep::Blank,
                };
                self.new_line(blank, self.depth);
                self.logical = self.depth;
            }
            Sep::Tight | Sep::Space => match &mut self.open {
                Some(line) if sep == Sep::Space => line.push(' '),
                Some(_) => {}
                None => self.new_line(false, self.logical + 1),
            },
        }
        if let Some(line) = &mut self.open {
            line.push_str(text);
        }
        self.cursor = end;
        self.started = true;
        self.pending = Sep::Space;
        self.block_start = false;
    }

    /// Marks the start of a block's entries (call after printing its `{`).
    pub fn block_opened(&mut self) {
        self.block_start = true;
    }

    // -----------------------------------------------------------------------------------
    // Comments and lines
    // -----------------------------------------------------------------------------------

    /// Prints the comments that start before `upto`. Returns the end of the last comment
    /// printed on a line of its own, if any.
    fn flush_comments(&mut self, upto: usize, sep: Sep, closer: bool) -> Option<usize> {
        let mut prev_end = self.cursor;
        let mut own_end = None;
        while let Some(c) = self.comments.get(self.next_comment) {
            let (c_start, c_end) = (c.span.start as usize, c.span.end as usize);
            if c_start >= upto {
                break;
            }
            self.next_comment += 1;
            let text = self.src[c_start..c_end].trim_end();
            let breaks = line_breaks(self.between(prev_end, c_start));
            match &mut self.open {
                Some(line) if breaks == 0 && self.started => {
                    line.push(' ');
                    line.push_str(text);
                    self.end_line();
                }
                _ => {
                    let blank = self.blank_before_comment(sep, breaks, own_end.is_some());
                    let depth = match sep {
                        Sep::Line | Sep::Blank => self.depth + usize::from(closer),
                        Sep::Tight | Sep::Space => self.logical + 1,
                    };
                    self.new_line(blank, depth);
                    if let Some(line) = &mut self.open {
                        line.push_str(text);
                    }
                    self.end_line();
                    own_end = Some(c_end);
                }
            }
            prev_end = c_end;
        }
        own_end
    }

    /// Whether a comment on its own line gets a blank line above it. Blank lines are kept
    /// (at most one) where the source had them between statements; inside a statement they
    /// are dropped, and a `Blank` separator always puts one above the first comment.
    fn blank_before_comment(&self, sep: Sep, breaks: usize, after_own: bool) -> bool {
        match sep {
            Sep::Tight | Sep::Space => false,
            Sep::Blank if !after_own => true,
            _ => breaks >= 2 && (after_own || !self.block_start),
        }
    }

    /// Closes the open line (if any) and opens a new one at `depth`.
    fn new_line(&mut self, blank: bool, depth: usize) {
        self.end_line();
        if blank && !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.open = Some(INDENT.repeat(depth));
    }

    fn end_line(&mut self) {
        if let Some(line) = self.open.take() {
            self.lines.push(line.trim_end().to_string());
        }
    }

    /// Prints the comments after the last token and returns the text (LF line endings,
    /// one final newline; empty for a file with neither tokens nor comments) and whether
    /// every token was found where expected.
    pub fn finish(mut self) -> (String, bool) {
        self.pending = self.pending.max(Sep::Line);
        self.depth = 0;
        self.flush_comments(self.src.len() + 1, self.pending, false);
        self.end_line();
        while self.lines.last().is_some_and(String::is_empty) {
            self.lines.pop();
        }
        let mut out = self.lines.join("\n");
        if !out.is_empty() {
            out.push('\n');
        }
        (out, !self.mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::line_breaks;

    #[test]
    fn counts_line_breaks_of_every_style() {
        assert_eq!(line_breaks("  "), 0);
        assert_eq!(line_breaks("\n \n"), 2);
        assert_eq!(line_breaks("\r\n\r\n"), 2);
        assert_eq!(line_breaks("\r \r\n"), 2);
    }
}
