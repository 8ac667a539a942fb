//! A forgiving tokenizer. The parser proper is pest; this lexer serves the places that must
//! work on broken text: error recovery (statement boundaries), "found `X`" in messages, the
//! nesting-depth limit, comment extraction and the language server's word lookup.
//! It never fails: anything it does not know becomes a one-character `Punct`.

use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// `[A-Za-z_][A-Za-z0-9_]*`
    Word,
    /// A digit followed by letters, digits and `.:%+-` glued to it (numbers, durations,
    /// timestamps, clock times).
    Number,
    /// `"..."` (an unterminated string runs to the end of its line).
    Str,
    /// `// ...`
    Comment,
    /// Operators and punctuation (`->`, `==`, `::`, `..` are one token).
    Punct,
}

#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub kind: TokKind,
    pub span: Span,
}

impl Token {
    pub fn text<'s>(&self, src: &'s str) -> &'s str {
        &src[self.span.range()]
    }
}

fn is_word_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_word_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Tokenizes the whole text (comments included, whitespace dropped). `O(n)`.
pub fn tokenize(src: &str) -> Vec<Token> {
    tokenize_upto(src, 0, usize::MAX)
}

/// At most `limit` tokens, starting at byte `from` (a char boundary).
fn tokenize_upto(src: &str, from: usize, limit: usize) -> Vec<Token> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = from;
    while i < b.len() && out.len() < limit {
        let c = b[i];
        let start = i;
        let kind = if c.is_ascii_whitespace() {
            i += 1;
            continue;
        } else if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
            TokKind::Comment
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' && b[i] != b'\n' && b[i] != b'\r' {
                if b[i] == b'\\' && i + 1 < b.len() && b[i + 1] != b'\n' {
                    i += 1;
                }
                i += 1;
            }
            if i < b.len() && b[i] == b'"' {
                i += 1;
            }
            TokKind::Str
        } else if is_word_start(c) {
            while i < b.len() && is_word_char(b[i]) {
                i += 1;
            }
            TokKind::Word
        } else if c.is_ascii_digit() {
            while i < b.len() && (is_word_char(b[i]) || matches!(b[i], b':' | b'%' | b'+' | b'-'))
                || (i < b.len() && b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
            {
                i += 1;
            }
            TokKind::Number
        } else {
            let two = b.get(i..i + 2);
            i += match two {
                Some(b"->") | Some(b"==") | Some(b"!=") | Some(b"<=") | Some(b">=")
                | Some(b"::") | Some(b"..") => 2,
                _ => src[i..].chars().next().map_or(1, char::len_utf8),
            };
            TokKind::Punct
        };
        out.push(Token {
            kind,
            span: Span::new(start, i),
        });
    }
    out
}

/// The token that starts at or covers `offset`, or the next one after it.
pub fn token_at(src: &str, offset: usize) -> Option<Token> {
    // One token, not the rest of the file: error reporting calls this once per error.
    let offset = crate::span::clamp_to_char(src, offset);
    let rest = &src[offset..];
    let skipped = rest.len() - rest.trim_start().len();
    tokenize_upto(src, offset + skipped, 1).into_iter().next()
}

/// The deepest nesting of `(`, `[`, `{`, `not` and prefix `-` in the text, with the span of
/// the token where it is first reached. Counted on tokens so that strings and comments do not
/// count. `O(n)`.
pub fn max_nesting(src: &str, tokens: &[Token]) -> (usize, Span) {
    let mut depth: usize = 0;
    let mut prefix_run: usize = 0;
    let mut best = (0usize, Span::default());
    let mut prev_is_operand = false;
    for t in tokens {
        let text = t.text(src);
        match (t.kind, text) {
            (TokKind::Comment, _) => continue,
            (TokKind::Punct, "(" | "[" | "{") => {
                depth += 1;
                prev_is_operand = false;
            }
            (TokKind::Punct, ")" | "]" | "}") => {
                depth = depth.saturating_sub(1);
                prefix_run = 0;
                prev_is_operand = true;
            }
            (TokKind::Word, crate::syntax::tables::kw::NOT) => {
                prefix_run += 1;
                prev_is_operand = false;
            }
            (TokKind::Punct, "-") if !prev_is_operand => {
                prefix_run += 1;
            }
            (TokKind::Punct, _) => {
                prefix_run = 0;
                prev_is_operand = false;
            }
            _ => {
                prefix_run = 0;
                prev_is_operand = true;
            }
        }
        if depth + prefix_run > best.0 {
            best = (depth + prefix_run, t.span);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<&str> {
        tokenize(src).iter().map(|t| t.text(src)).collect()
    }

    #[test]
    fn splits_the_tokens_recovery_needs() {
        assert_eq!(
            texts("transition a: X -> Y on e.v // note\n when x >= 5% do f(\"a\\\"b\")"),
            vec![
                "transition",
                "a",
                ":",
                "X",
                "->",
                "Y",
                "on",
                "e",
                ".",
                "v",
                "// note",
                "when",
                "x",
                ">=",
                "5%",
                "do",
                "f",
                "(",
                "\"a\\\"b\"",
                ")"
            ]
        );
        assert_eq!(
            texts("22:00-23:30 0..5"),
            vec!["22:00-23:30", "0", "..", "5"]
        );
        assert_eq!(texts("\"open\nx"), vec!["\"open", "x"]);
    }

    #[test]
    fn nesting_counts_brackets_and_prefix_operators() {
        let src = "a (( not not - x)) - y \"((((\"";
        let toks = tokenize(src);
        assert_eq!(max_nesting(src, &toks).0, 5);
    }
}
