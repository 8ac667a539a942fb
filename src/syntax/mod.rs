//! Source text to AST: limits, the parse, and K001 diagnostics with recovery.
//!
//! `grammar/keel.pest` is the specification (docs/grammar.md). A valid file is read once by
//! the hand-written parser ([`fast`]), which builds the AST; `tests/fast_parser.rs` holds it
//! to the grammar (the same acceptance and AST as pest with a lowering kept there as the
//! oracle). A file it does not accept goes to pest, which reports the errors: the first from
//! the whole-file parse (exact), the rest from parsing each later item and workflow statement
//! on its own (see [`recover`]).

pub mod errors;
pub mod fast;
pub mod lexer;
pub mod parser;
pub mod recover;
pub mod tables;
pub mod trivia;

use pest::Parser;

use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::span::Span;
use parser::{KeelParser, Rule};
pub use trivia::Trivia;

/// The largest file Keel reads (bytes).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// The deepest nesting of brackets and prefix operators (`((`, `not not`, `- -`).
pub const MAX_NESTING: usize = 64;
/// The most binary operators (`and`, `or`, comparisons, arithmetic) in one expression,
/// nested ones included. Operator chains make left-nested trees, and every later pass walks
/// them recursively; this bounds that depth (with `MAX_NESTING`), as no real guard comes near.
pub const MAX_OPERATORS: usize = 256;

/// The keywords that start a top-level item.
pub use tables::starts::TOP as TOP_KEYWORDS;
/// The keywords that start a workflow statement.
pub use tables::starts::WORKFLOW as WF_KEYWORDS;
/// Words that are never names (the grammar's `reserved` rule).
pub use tables::RESERVED;

/// A parsed file: its AST and its comments.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub ast: ast::File,
    pub trivia: Trivia,
}

/// Parses a whole file. On failure returns every syntax error (K001), in source order.
pub fn parse(src: &str) -> Result<Parsed, Vec<Diagnostic>> {
    if src.len() > MAX_FILE_BYTES {
        return Err(vec![Diagnostic::new(
            "K001",
            Span::new(0, 0),
            format!(
                "file is too large to check ({} bytes; the limit is {} bytes)",
                src.len(),
                MAX_FILE_BYTES
            ),
        )
        .label("file starts here")
        .help("split the workflows of this file into several files")]);
    }
    // One pass that also collects the comments and refuses deep nesting.
    match fast::parse(src) {
        Some(Ok((ast, trivia))) => return Ok(Parsed { ast, trivia }),
        Some(Err(at)) => return Err(vec![too_long(at)]),
        None => {}
    }
    let tokens = lexer::tokenize(src);
    let (depth, at) = lexer::max_nesting(src, &tokens);
    if depth > MAX_NESTING {
        return Err(vec![Diagnostic::new(
            "K001",
            at,
            format!("nesting is too deep ({depth} levels; the limit is {MAX_NESTING})"),
        )
        .label("the limit is passed here")
        .help("split the condition into simpler parts; Keel limits nesting of brackets, `not` and `-` so that no input can exhaust the stack")]);
    }
    match KeelParser::parse(Rule::file, src) {
        Err(first) => Err(recover::all_errors(src, &tokens, first)),
        Ok(_) => Err(vec![disagreement()]),
    }
}

/// Parses one guard expression (used by tests and tools): the grammar's `guard` rule from
/// the start of `src`.
pub fn parse_guard(src: &str) -> Result<ast::Expr, Box<Diagnostic>> {
    match fast::parse_guard(src) {
        Some(Ok((e, _))) => Ok(e),
        Some(Err(at)) => Err(Box::new(too_long(at))),
        None => match KeelParser::parse(Rule::guard, src) {
            Err(e) => Err(Box::new(errors::to_diagnostic(src, &e, 0, None))),
            Ok(_) => Err(Box::new(disagreement())),
        },
    }
}

/// K001 for an expression with more than `MAX_OPERATORS` operators; `at` is the operator
/// where the limit is passed.
fn too_long(at: Span) -> Diagnostic {
    Diagnostic::new(
        "K001",
        at,
        format!("expression is too long (more than {MAX_OPERATORS} operators)"),
    )
    .label("the limit is passed here")
    .help("split the condition over several transitions, facts or invariants; Keel limits an expression's operators so that no input can exhaust the stack")
}

/// The grammar accepts a text the parser does not (a bug: `tests/fast_parser.rs` checks that
/// this never happens). Reported rather than guessed at.
fn disagreement() -> Diagnostic {
    Diagnostic::new(
        "K001",
        Span::new(0, 0),
        "the parser cannot read this file, although the grammar accepts it",
    )
    .label("file starts here")
    .help("this is a bug in keel; please report it with the file")
}

/// Decodes a string token (with its quotes). Returns the value and, for the first unknown
/// escape, its byte range within the token.
pub fn unquote(raw: &str) -> (String, Option<(usize, usize)>) {
    let inner = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(raw);
    let mut out = String::with_capacity(inner.len());
    let mut bad = None;
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((j, other)) => {
                if bad.is_none() {
                    bad = Some((1 + i, 1 + j + other.len_utf8()));
                }
                out.push(other);
            }
            None => {}
        }
    }
    (out, bad)
}

pub use crate::literal::quote;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip() {
        let (v, bad) = unquote(r#""a\"b\\c\nd\te""#);
        assert_eq!(v, "a\"b\\c\nd\te");
        assert_eq!(bad, None);
        assert_eq!(unquote(&quote(&v)).0, v);
        let (_, bad) = unquote(r#""x\qy""#);
        assert_eq!(bad, Some((2, 4)));
    }
}
