//! The parser: a hand-written recursive-descent reading of `grammar/keel.pest` that builds
//! the AST in one pass, collecting comments on the way. It is the only AST builder. pest
//! stays the specification and the error path: on anything this parser does not accept it
//! gives up (`None`) and pest decides the syntax errors (K001 with its expected tokens).
//! `tests/fast_parser.rs` checks on every fixture, example and hundreds of mutated files per
//! run that both accept exactly the same texts and that the AST equals pest's pairs lowered
//! by the oracle in `tests/oracle/`, spans included.
//!
//! Keywords, punctuation and word sets come from the generated tables (`syntax::tables`), so
//! a renamed grammar rule fails to compile here; the keywords that start items, workflow
//! statements, test steps and the entries of `scope`, `rollback`, `remediate`, `release` and
//! `monitor` are the keys of dispatch tables (`items::ITEMS`, `workflow::WF_STMTS`, ...),
//! which a test below holds equal to the grammar's.
//!
//! Why not pest alone: it reads about 20 MB/s of Keel on the reference machine, which is the
//! whole budget of `keel check` (docs/performance.md). `O(n)` with bounded backtracking at
//! the grammar's ordered choices.
//!
//! Areas: `lexical` (tokens and literals), `expr` (guards and expressions), `items` (files
//! and catalog items), `workflow` (workflow statements), `blocks` (rollback, release,
//! monitor), `scenario` (tests).

mod blocks;
mod expr;
mod items;
mod lexical;
mod scenario;
mod workflow;

use crate::ast::*;
use crate::span::Span;
use crate::syntax::trivia::Trivia;

type R<T> = Option<T>;

fn ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

struct P<'s> {
    src: &'s str,
    b: &'s [u8],
    pos: usize,
    /// The comments met so far (every comment is met by `ws` before anything after it is
    /// parsed, so the ones before `pos` are all here).
    trivia: Trivia,
    /// Current depth of `not`, `-` and `(` nesting: deeper input is left to the careful path,
    /// which reports it (see `MAX_DEPTH`).
    depth: usize,
    /// Binary operators of the outermost expression so far (see `MAX_OPERATORS`).
    ops: usize,
    /// The operator at which an expression first passed `MAX_OPERATORS`.
    too_long: Option<Span>,
}

/// Combined depth of the recursive expression rules the fast path follows. Each bracket
/// level costs two (`unary` and `not_g`), so this admits everything `MAX_NESTING` does.
const MAX_DEPTH: usize = 2 * super::MAX_NESTING + 4;

/// What the fast parser makes of a text it accepts: the tree and the comments, or the
/// operator at which an expression passed `MAX_OPERATORS` (the tree is then cut short and
/// dropped, so that no later walk over it can exhaust the stack).
pub type Accepted<T> = Result<(T, Trivia), Span>;

/// Parses a whole file and collects its comments, or `None` when the grammar does not
/// accept it (a syntax error, or nesting deeper than the limit; pest then reports it).
pub fn parse(src: &str) -> Option<Accepted<File>> {
    let mut p = P::new(src);
    let file = p.file()?;
    Some(p.finish(file))
}

/// Parses one guard expression (the grammar's `guard` rule from the start of `src`; the
/// rest of the text is not read), or `None` when the grammar does not accept it.
pub fn parse_guard(src: &str) -> Option<Accepted<Expr>> {
    // pest starts a rule without skipping blanks; only its parts are separated by them.
    if src.starts_with(|c: char| c.is_whitespace() || c == '\u{FEFF}') || src.starts_with("//") {
        return None;
    }
    let mut p = P::new(src);
    let e = p.guard()?;
    Some(p.finish(e))
}

/// Whether `src` is exactly one item (with blanks and comments around it) the fast path
/// accepts; error recovery uses it to skip the careful parse of pieces that are fine.
pub fn accepts_item(src: &str) -> bool {
    let mut p = P::new(src);
    p.item().is_some() && p.at_end()
}

/// A parser for what follows a keyword (a construct of the grammar).
type Parse<T> = for<'a, 'x> fn(&'a mut P<'x>) -> R<T>;

impl<'s> P<'s> {
    fn new(src: &'s str) -> P<'s> {
        P {
            src,
            b: src.as_bytes(),
            pos: 0,
            trivia: Trivia::empty(),
            depth: 0,
            ops: 0,
            too_long: None,
        }
    }

    fn finish<T>(self, tree: T) -> Accepted<T> {
        match self.too_long {
            Some(at) => Err(at),
            None => Ok((tree, self.trivia)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::syntax::tables::{kw, starts};

    fn keys<T>(table: &[(&'static str, super::Parse<T>)]) -> Vec<&'static str> {
        table.iter().map(|(k, _)| *k).collect()
    }

    /// The parser dispatches on the keywords the grammar says start each construct, no more
    /// and no fewer, in the grammar's order.
    #[test]
    fn statement_starts_are_the_grammars() {
        let mut top = vec![kw::USE];
        top.extend(keys(super::items::ITEMS));
        assert_eq!(top, starts::TOP);
        assert_eq!(keys(super::workflow::WF_STMTS), starts::WORKFLOW);
        assert_eq!(keys(super::scenario::TEST_STMTS), starts::TEST);
        assert_eq!(keys(super::workflow::SCOPE_ITEMS), starts::SCOPE);
        assert_eq!(keys(super::blocks::ROLLBACK_ITEMS), starts::ROLLBACK);
        assert_eq!(keys(super::blocks::REMEDIATE_ITEMS), starts::REMEDIATE);
        assert_eq!(keys(super::blocks::RELEASE_ITEMS), starts::RELEASE);
        assert_eq!(keys(super::blocks::MONITOR_ITEMS), starts::MONITOR);
    }
}
