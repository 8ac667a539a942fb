//! Source text to AST: limits, the pest parse, lowering, and K001 diagnostics with recovery.
//!
//! A valid file is parsed once by pest and lowered. A broken file is reported in full: the
//! first error comes from that parse (exact), the rest from parsing each later item and
//! workflow statement on its own (see [`recover`]).

pub mod errors;
pub mod fast;
pub mod lexer;
pub mod lower;
pub mod parser;
pub mod recover;
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

/// Words that are never names (the grammar's `reserved` rule).
pub const RESERVED: &[&str] = &[
    "and",
    "or",
    "not",
    "in",
    "true",
    "false",
    "otherwise",
    "when",
    "do",
    "on",
    "behind",
    "initial",
    "terminal",
    "manual",
    "sla",
    "requires",
];

/// The keywords that start a top-level item.
pub const TOP_KEYWORDS: &[&str] = &["use", "workflow", "attribute", "fact", "event", "action"];

/// The keywords that start a workflow statement.
pub const WF_KEYWORDS: &[&str] = &[
    "title",
    "tier",
    "subject",
    "owner",
    "maintainer",
    "environments",
    "flag",
    "scope",
    "changelog",
    "approvals",
    "states",
    "transition",
    "override",
    "invariant",
    "rollback",
    "release",
    "monitor",
    "access",
    "test",
];

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
    // The fast path: one pass that also collects the comments and refuses deep nesting.
    if let Some((ast, trivia)) = fast::parse(src) {
        return Ok(Parsed { ast, trivia });
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
    let trivia = Trivia::from_tokens(src, &tokens);
    pest_parse(src, &tokens, trivia)
}

/// Whether pest accepts `text` as exactly one item (the reference for `fast::accepts_item`).
pub fn pest_accepts_item(text: &str) -> bool {
    KeelParser::parse(Rule::item_only, text).is_ok()
}

/// Parses with pest only (the reference; `parse` tries the fast path first).
pub fn parse_with_pest(src: &str) -> Result<Parsed, Vec<Diagnostic>> {
    let tokens = lexer::tokenize(src);
    let trivia = Trivia::from_tokens(src, &tokens);
    pest_parse(src, &tokens, trivia)
}

fn pest_parse(
    src: &str,
    tokens: &[lexer::Token],
    trivia: Trivia,
) -> Result<Parsed, Vec<Diagnostic>> {
    match KeelParser::parse(Rule::file, src) {
        Ok(mut pairs) => {
            let lowerer = lower::Lowerer::new(0, &trivia, src);
            let ast = lowerer.file(pairs.next().expect("file rule"));
            if let Some(d) = lowerer.limit_error() {
                return Err(vec![d]);
            }
            Ok(Parsed { ast, trivia })
        }
        Err(first) => Err(recover::all_errors(src, tokens, first)),
    }
}

/// Parses one guard expression (used by tests and tools).
pub fn parse_guard(src: &str) -> Result<ast::Expr, Box<Diagnostic>> {
    let trivia = Trivia::scan(src);
    let mut pairs = KeelParser::parse(Rule::guard, src)
        .map_err(|e| Box::new(errors::to_diagnostic(src, &e, 0, None)))?;
    let lowerer = lower::Lowerer::new(0, &trivia, src);
    let e = lowerer.guard(pairs.next().expect("guard"));
    match lowerer.limit_error() {
        Some(d) => Err(Box::new(d)),
        None => Ok(e),
    }
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
