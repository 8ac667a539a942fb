//! The oracle for the fast parser: the pest parse of `grammar/keel.pest` lowered to the AST
//! by walking its pairs. It is written against the pest `Rule` enum, so renaming a grammar
//! rule breaks its compilation; `tests/fast_parser.rs` checks that the production parser
//! (`keel::syntax::fast`) accepts exactly what this accepts and builds the identical AST.
//! The grammar has already accepted the input when the lowering runs, so the shapes here are
//! guaranteed; `unexpected` marks the arms the grammar rules out.

mod blocks;
mod expr;
mod items;
mod workflow;

use std::cell::Cell;

use pest::iterators::{Pair, Pairs};
use pest::Parser;

use keel::ast::*;
use keel::span::Span;
use keel::syntax::parser::{KeelParser, Rule};
use keel::syntax::tables::{KEYWORDS, PUNCTUATION};
use keel::syntax::trivia::Trivia;

pub(crate) type P<'i> = Pair<'i, Rule>;

/// What pest and the lowering make of a file.
#[derive(Debug)]
pub enum Oracle {
    /// Accepted: the AST and the comments.
    Parsed(File, Trivia),
    /// Accepted, but an expression has more than `MAX_OPERATORS` operators: the operator
    /// where the limit is passed.
    TooLong(Span),
    /// Rejected by the grammar.
    Rejected,
}

/// Parses and lowers a whole file.
pub fn parse(src: &str) -> Oracle {
    let trivia = Trivia::from_tokens(src, &keel::syntax::lexer::tokenize(src));
    let Ok(mut pairs) = KeelParser::parse(Rule::file, src) else {
        return Oracle::Rejected;
    };
    let lowerer = Lowerer::new(&trivia, src);
    let file = lowerer.file(pairs.next().expect("file rule"));
    match lowerer.too_long.get() {
        Some(at) => Oracle::TooLong(at),
        None => Oracle::Parsed(file, trivia),
    }
}

/// Parses and lowers one guard expression.
pub fn parse_guard(src: &str) -> Result<Result<Expr, Span>, ()> {
    let trivia = Trivia::from_tokens(src, &keel::syntax::lexer::tokenize(src));
    let mut pairs = KeelParser::parse(Rule::guard, src).map_err(|_| ())?;
    let lowerer = Lowerer::new(&trivia, src);
    let e = lowerer.guard(pairs.next().expect("guard"));
    Ok(match lowerer.too_long.get() {
        Some(at) => Err(at),
        None => Ok(e),
    })
}

/// Whether pest accepts `text` as exactly one item.
pub fn accepts_item(text: &str) -> bool {
    KeelParser::parse(Rule::item_only, text).is_ok()
}

pub struct Lowerer<'t> {
    trivia: &'t Trivia,
    /// The whole source (spans are trimmed of the blanks and comments pest leaves at their
    /// end when an optional tail does not match).
    src: &'t str,
    /// Operators of the outermost expression being lowered (see `MAX_OPERATORS`).
    ops: Cell<usize>,
    /// How many expressions are being lowered inside one another.
    expr_depth: Cell<usize>,
    /// The operator at which an expression first passed `MAX_OPERATORS`.
    too_long: Cell<Option<Span>>,
}

impl<'t> Lowerer<'t> {
    fn new(trivia: &'t Trivia, src: &'t str) -> Lowerer<'t> {
        Lowerer {
            trivia,
            src,
            ops: Cell::new(0),
            expr_depth: Cell::new(0),
            too_long: Cell::new(None),
        }
    }

    /// Lowers an expression, counting its operators from zero when it is the outermost one.
    pub(crate) fn in_expr(&self, f: impl FnOnce() -> Expr) -> Expr {
        if self.expr_depth.get() == 0 {
            self.ops.set(0);
        }
        self.expr_depth.set(self.expr_depth.get() + 1);
        let e = f();
        self.expr_depth.set(self.expr_depth.get() - 1);
        e
    }

    /// Counts one operator; false once the expression has too many (the tree is cut there,
    /// so that no walk over it can exhaust the stack).
    pub(crate) fn count_op(&self, at: Span) -> bool {
        let n = self.ops.get() + 1;
        self.ops.set(n);
        if n > keel::syntax::MAX_OPERATORS {
            if self.too_long.get().is_none() {
                self.too_long.set(Some(at));
            }
            return false;
        }
        true
    }

    /// A pair's span without the blanks and comments pest leaves at its end.
    pub(crate) fn sp(&self, p: &P) -> Span {
        let s = p.as_span();
        let start = s.start();
        let mut end = s.end();
        let bytes = self.src.as_bytes();
        loop {
            while end > start && bytes[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            match self.trivia.comment_ending_at(end) {
                Some(c) if c >= start => end = c,
                _ => break,
            }
        }
        Span::new(start, end)
    }

    pub(crate) fn ident(&self, p: &P) -> Ident {
        Ident {
            name: p.as_str().to_string(),
            span: self.sp(p),
        }
    }

    pub(crate) fn word(&self, p: &P) -> Word {
        Word {
            text: p.as_str().to_string(),
            span: self.sp(p),
        }
    }

    pub(crate) fn string(&self, p: &P) -> Str {
        let (value, bad) = keel::syntax::unquote(p.as_str());
        let start = self.sp(p).start as usize;
        Str {
            value,
            span: self.sp(p),
            bad_escape: bad.map(|(a, b)| Span::new(start + a, start + b)),
        }
    }

    pub(crate) fn doc(&self, p: &P) -> Option<String> {
        self.trivia.doc_before(self.src, self.sp(p).start as usize)
    }
}

pub(crate) fn unexpected(p: &P) -> ! {
    unreachable!("grammar produced an unexpected {:?}", p.as_rule())
}

/// Pairs that carry meaning (keywords and punctuation dropped).
pub(crate) fn meaningful<'i>(pairs: Pairs<'i, Rule>) -> impl Iterator<Item = P<'i>> {
    pairs.filter(|p| !is_noise(p.as_rule()))
}

/// Keywords and punctuation that only mark structure; the ones listed here carry meaning.
fn is_noise(r: Rule) -> bool {
    use Rule::*;
    let keyword = KEYWORDS.iter().any(|(k, _)| *k == r);
    let meaning = matches!(
        r,
        kw_number
            | kw_text
            | kw_bool
            | kw_time
            | kw_adds
            | kw_subtracts
            | kw_none
            | kw_what
            | kw_why
            | kw_ticket
            | kw_initial
            | kw_terminal
            | kw_manual
            | kw_otherwise
            | kw_once
            | kw_and
            | kw_or
            | kw_not
            | kw_in
            | kw_true
            | kw_false
            | kw_region
            | kw_segment
            | kw_twice
            | kw_never
            | kw_ignored
            | minus
            | cmp_op
            | add_op
            | mul_op
    );
    r == EOI || (keyword || PUNCTUATION.contains(&r)) && !meaning
}

/// The first meaningful child of a pair.
pub(crate) fn first(p: P) -> P {
    meaningful(p.into_inner())
        .next()
        .expect("rule has a meaningful child")
}
