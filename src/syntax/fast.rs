//! The fast path of the parser: a hand-written recursive-descent reading of `grammar/keel.pest`
//! that builds the same AST the pest parse and lowering build, several times faster. It is
//! deliberately partial: on anything it does not accept it gives up (`None`) and the file goes
//! through pest, which stays the reference: it decides every syntax error (K001 with its
//! expected tokens) and `tests/fast_parser.rs` checks on every fixture, example and thousands
//! of mutated files that whenever this parser accepts a file, pest accepts it too and the two
//! ASTs are identical, spans included.
//!
//! Why: pest alone reads about 20 MB/s of Keel on the reference machine, which is the whole
//! budget of `keel check` (docs/performance.md). `O(n)` with bounded backtracking at the
//! grammar's ordered choices.

use crate::ast::*;
use crate::span::Span;
use crate::syntax::tables::{kw, punct, starts, words, RESERVED};
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

    // -- lexical ------------------------------------------------------------------------

    fn ws(&mut self) {
        loop {
            match self.b.get(self.pos) {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(0xEF) if self.b[self.pos..].starts_with("\u{FEFF}".as_bytes()) => {
                    self.pos += 3
                }
                Some(b'/') if self.b.get(self.pos + 1) == Some(&b'/') => {
                    let start = self.pos;
                    while self.pos < self.b.len() && !matches!(self.b[self.pos], b'\n' | b'\r') {
                        self.pos += 1;
                    }
                    self.trivia.push(self.src, Span::new(start, self.pos));
                }
                _ => return,
            }
        }
    }

    /// The end of what was consumed since `start`: `pos` without trailing blanks and
    /// comments (the same trimming the pest lowering applies to rule spans).
    fn end_from(&self, start: usize) -> usize {
        let mut end = self.pos;
        loop {
            while end > start && self.b[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            match self.trivia.comment_ending_at(end) {
                Some(c) if c >= start => end = c,
                _ => return end,
            }
        }
    }

    fn at_end(&mut self) -> bool {
        self.ws();
        self.pos >= self.b.len()
    }

    /// A keyword (a word boundary after it), after blanks.
    fn kw(&mut self, word: &str) -> R<Span> {
        self.ws();
        let end = self.pos + word.len();
        if self.b.get(self.pos..end) == Some(word.as_bytes())
            && !self.b.get(end).is_some_and(|c| ident_char(*c))
        {
            let s = Span::new(self.pos, end);
            self.pos = end;
            Some(s)
        } else {
            None
        }
    }

    fn peek_kw(&mut self, word: &str) -> bool {
        let save = self.pos;
        let r = self.kw(word).is_some();
        self.pos = save;
        r
    }

    fn punct(&mut self, s: &str) -> R<Span> {
        self.ws();
        let end = self.pos + s.len();
        if self.b.get(self.pos..end) == Some(s.as_bytes()) {
            let sp = Span::new(self.pos, end);
            self.pos = end;
            Some(sp)
        } else {
            None
        }
    }

    fn peek_punct(&mut self, s: &str) -> bool {
        self.ws();
        self.b.get(self.pos..self.pos + s.len()) == Some(s.as_bytes())
    }

    /// `[A-Za-z_][A-Za-z0-9_]*` at the current position (no blanks skipped), not reserved.
    fn raw_ident(&mut self) -> R<(usize, usize)> {
        let start = self.pos;
        let first = *self.b.get(start)?;
        if !(first.is_ascii_alphabetic() || first == b'_') {
            return None;
        }
        let mut end = start + 1;
        while self.b.get(end).is_some_and(|c| ident_char(*c)) {
            end += 1;
        }
        if RESERVED.contains(&&self.src[start..end]) {
            return None;
        }
        self.pos = end;
        Some((start, end))
    }

    fn ident(&mut self) -> R<Ident> {
        self.ws();
        let (s, e) = self.raw_ident()?;
        Some(Ident {
            name: self.src[s..e].to_string(),
            span: Span::new(s, e),
        })
    }

    /// `ident ("." ident)*` (one token).
    fn name(&mut self) -> R<Ident> {
        self.ws();
        let (s, mut e) = self.raw_ident()?;
        while self.b.get(e) == Some(&b'.') {
            self.pos = e + 1;
            match self.raw_ident() {
                Some((_, e2)) => e = e2,
                None => break,
            }
        }
        self.pos = e;
        Some(Ident {
            name: self.src[s..e].to_string(),
            span: Span::new(s, e),
        })
    }

    fn digits(&self, mut i: usize) -> usize {
        while self.b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    }

    fn string(&mut self) -> R<Str> {
        self.ws();
        let start = self.pos;
        if self.b.get(start) != Some(&b'"') {
            return None;
        }
        let mut i = start + 1;
        loop {
            match *self.b.get(i)? {
                b'"' => break,
                b'\n' | b'\r' => return None,
                b'\\' => {
                    let next = *self.b.get(i + 1)?;
                    if next == b'\n' || next == b'\r' {
                        return None;
                    }
                    // Skip the escaped character (possibly multi-byte).
                    let ch = self.src[i + 1..].chars().next()?;
                    i += 1 + ch.len_utf8();
                }
                _ => i += 1,
            }
        }
        let end = i + 1;
        self.pos = end;
        let raw = &self.src[start..end];
        let (value, bad) = super::unquote(raw);
        Some(Str {
            value,
            span: Span::new(start, end),
            bad_escape: bad.map(|(a, b)| Span::new(start + a, start + b)),
        })
    }

    fn lit(&self, kind: LitKind, s: usize, e: usize) -> Literal {
        Literal {
            kind,
            negative: false,
            span: Span::new(s, e),
            bad_escape: None,
        }
    }

    fn timestamp(&mut self) -> R<Literal> {
        self.ws();
        let s = self.pos;
        let d = |i: usize| self.b.get(i).is_some_and(u8::is_ascii_digit);
        if !(d(s) && d(s + 1) && d(s + 2) && d(s + 3) && self.b.get(s + 4) == Some(&b'-')) {
            return None;
        }
        let mut i = s + 5;
        let take12 = |i: &mut usize| -> bool {
            if !d(*i) {
                return false;
            }
            *i += 1;
            if d(*i) {
                *i += 1;
            }
            true
        };
        if !take12(&mut i) || self.b.get(i) != Some(&b'-') {
            return None;
        }
        i += 1;
        if !take12(&mut i) {
            return None;
        }
        if matches!(self.b.get(i), Some(b'T' | b't')) {
            i += 1;
            while matches!(
                self.b.get(i),
                Some(b'0'..=b'9' | b':' | b'.' | b'+' | b'-' | b'Z' | b'z')
            ) {
                i += 1;
            }
        }
        self.pos = i;
        Some(self.lit(LitKind::Timestamp(self.src[s..i].to_string()), s, i))
    }

    fn number_end(&self, s: usize) -> R<usize> {
        let mut i = self.digits(s);
        if i == s {
            return None;
        }
        if self.b.get(i) == Some(&b'.') && self.b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i = self.digits(i + 1);
        }
        Some(i)
    }

    fn percent(&mut self) -> R<Literal> {
        self.ws();
        let s = self.pos;
        let e = self.number_end(s)?;
        if self.b.get(e) != Some(&b'%') {
            return None;
        }
        self.pos = e + 1;
        Some(self.lit(LitKind::Percent(self.src[s..e].to_string()), s, e + 1))
    }

    fn duration(&mut self) -> R<Literal> {
        self.ws();
        let s = self.pos;
        let e = self.digits(s);
        if e == s || !self.b.get(e).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let mut i = e + 1;
        while self.b.get(i).is_some_and(|c| ident_char(*c)) {
            i += 1;
        }
        self.pos = i;
        Some(self.lit(LitKind::Duration(self.src[s..i].to_string()), s, i))
    }

    fn number(&mut self) -> R<Literal> {
        self.ws();
        let s = self.pos;
        let e = self.number_end(s)?;
        if self.b.get(e).is_some_and(|c| ident_char(*c) || *c == b'%') {
            return None;
        }
        self.pos = e;
        Some(self.lit(LitKind::Number(self.src[s..e].to_string()), s, e))
    }

    fn clock(&mut self) -> R<Literal> {
        self.ws();
        let s = self.pos;
        let d = |i: usize| self.b.get(i).is_some_and(u8::is_ascii_digit);
        if !d(s) {
            return None;
        }
        let mut i = s + 1;
        if d(i) {
            i += 1;
        }
        if self.b.get(i) != Some(&b':') || !d(i + 1) {
            return None;
        }
        i += 2;
        if d(i) {
            i += 1;
        }
        if self.b.get(i).is_some_and(|c| ident_char(*c)) {
            return None;
        }
        self.pos = i;
        Some(self.lit(LitKind::Clock(self.src[s..i].to_string()), s, i))
    }

    fn count(&mut self) -> R<String> {
        self.ws();
        let s = self.pos;
        let e = self.digits(s);
        if e == s || self.b.get(e).is_some_and(|c| ident_char(*c)) {
            return None;
        }
        self.pos = e;
        Some(self.src[s..e].to_string())
    }

    /// `scalar = timestamp | percent | duration | number | string | true | false`
    fn scalar(&mut self) -> R<Literal> {
        self.ws();
        let save = self.pos;
        if let Some(l) = self.timestamp() {
            return Some(l);
        }
        self.pos = save;
        if let Some(l) = self.percent() {
            return Some(l);
        }
        self.pos = save;
        if let Some(l) = self.duration() {
            return Some(l);
        }
        self.pos = save;
        if let Some(l) = self.number() {
            return Some(l);
        }
        self.pos = save;
        if self.peek_punct("\"") {
            let s = self.string()?;
            return Some(Literal {
                kind: LitKind::Str(s.value),
                negative: false,
                span: s.span,
                bad_escape: s.bad_escape,
            });
        }
        for (w, v) in [(kw::TRUE, true), (kw::FALSE, false)] {
            if let Some(sp) = self.kw(w) {
                return Some(self.lit(LitKind::Bool(v), sp.start as usize, sp.end as usize));
            }
        }
        None
    }

    /// `literal = minus (percent | duration | number) | scalar | ident`
    fn literal(&mut self) -> R<Literal> {
        self.ws();
        let start = self.pos;
        if let Some(_m) = self.punct(punct::MINUS) {
            let save = self.pos;
            let inner = self.percent().or_else(|| {
                self.pos = save;
                self.duration()
            });
            let inner = inner.or_else(|| {
                self.pos = save;
                self.number()
            });
            if let Some(mut l) = inner {
                l.negative = true;
                l.span = Span::new(start, l.span.end as usize);
                return Some(l);
            }
            self.pos = start;
        }
        if let Some(l) = self.scalar() {
            return Some(l);
        }
        self.pos = start;
        let id = self.ident()?;
        Some(Literal {
            kind: LitKind::Ident(id.name),
            negative: false,
            span: id.span,
            bad_escape: None,
        })
    }

    fn word(&mut self, choices: &[&str]) -> R<Word> {
        for c in choices {
            if let Some(sp) = self.kw(c) {
                return Some(Word {
                    text: c.to_string(),
                    span: sp,
                });
            }
        }
        None
    }

    // -- expressions ----------------------------------------------------------------------

    /// Counts one binary operator of the current expression: false past the limit, where
    /// the operator and its right operand are read but left out of the tree.
    fn op(&mut self, at: Span) -> bool {
        self.ops += 1;
        if self.ops <= super::MAX_OPERATORS {
            return true;
        }
        self.too_long.get_or_insert(at);
        false
    }

    fn guard(&mut self) -> R<Expr> {
        if self.depth == 0 {
            self.ops = 0;
        }
        self.chain(Self::and_g, |p| p.kw(kw::OR).map(|s| (BinOp::Or, s)))
    }

    fn and_g(&mut self) -> R<Expr> {
        self.chain(Self::not_g, |p| p.kw(kw::AND).map(|s| (BinOp::And, s)))
    }

    /// A left-associative chain `operand (OPERATOR operand)*`: `operator` reads one operator
    /// or nothing. An operator without an operand after it is left unread.
    fn chain(
        &mut self,
        operand: fn(&mut Self) -> R<Expr>,
        operator: fn(&mut Self) -> Option<(BinOp, Span)>,
    ) -> R<Expr> {
        let mut lhs = operand(self)?;
        loop {
            let save = self.pos;
            let Some((op, op_span)) = operator(self) else {
                break;
            };
            let keep = self.op(op_span);
            let Some(rhs) = operand(self) else {
                self.pos = save;
                break;
            };
            if keep {
                lhs = bin(op, op_span, lhs, rhs);
            }
        }
        Some(lhs)
    }

    /// One byte operator from `ops` at the next token (not the start of `->` or `//`).
    fn byte_op(&mut self, ops: [(u8, BinOp); 2]) -> Option<(BinOp, Span)> {
        self.ws();
        let b = *self.b.get(self.pos)?;
        let next = self.b.get(self.pos + 1);
        let (_, op) = ops.into_iter().find(|(c, _)| *c == b)?;
        if (b == b'-' && next == Some(&b'>')) || (b == b'/' && next == Some(&b'/')) {
            return None;
        }
        let span = Span::new(self.pos, self.pos + 1);
        self.pos += 1;
        Some((op, span))
    }

    fn not_g(&mut self) -> R<Expr> {
        self.nested(Self::not_g_inner)
    }

    /// Runs a recursive rule one level deeper, refusing past `MAX_DEPTH`.
    fn nested(&mut self, rule: fn(&mut Self) -> R<Expr>) -> R<Expr> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let r = rule(self);
        self.depth -= 1;
        r
    }

    fn not_g_inner(&mut self) -> R<Expr> {
        let save = self.pos;
        if let Some(k) = self.kw(kw::NOT) {
            if let Some(inner) = self.not_g() {
                let span = Span::new(k.start as usize, inner.span.end as usize);
                return Some(Expr {
                    kind: ExprKind::Not(Box::new(inner)),
                    span,
                });
            }
            self.pos = save;
        }
        self.cmp()
    }

    fn cmp_op(&mut self) -> R<(BinOp, Span)> {
        self.ws();
        for op in punct::CMP_OP {
            if let Some(sp) = self.punct(op) {
                return Some((BinOp::from_cmp(op), sp));
            }
        }
        None
    }

    fn cmp(&mut self) -> R<Expr> {
        let lhs = self.expr()?;
        let save = self.pos;
        if let Some((op, op_span)) = self.cmp_op() {
            let keep = self.op(op_span);
            if let Some(rhs) = self.expr() {
                if !keep {
                    return Some(lhs);
                }
                let span = lhs.span.to(rhs.span);
                return Some(Expr {
                    kind: ExprKind::Binary {
                        op,
                        op_span,
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    span,
                });
            }
            self.pos = save;
            return Some(lhs);
        }
        self.pos = save;
        if self.kw(kw::IN).is_some() {
            if let Some((list, end)) = self.in_list() {
                let span = Span::new(lhs.span.start as usize, end);
                return Some(Expr {
                    kind: ExprKind::In {
                        lhs: Box::new(lhs),
                        list,
                    },
                    span,
                });
            }
            self.pos = save;
        }
        Some(lhs)
    }

    fn in_list(&mut self) -> R<(Vec<Literal>, usize)> {
        self.punct(punct::LBRACKET)?;
        let mut list = vec![self.literal()?];
        while self.punct(punct::COMMA).is_some() {
            list.push(self.literal()?);
        }
        let close = self.punct(punct::RBRACKET)?;
        Some((list, close.end as usize))
    }

    fn expr(&mut self) -> R<Expr> {
        if self.depth == 0 {
            self.ops = 0;
        }
        self.chain(Self::term, |p| {
            p.byte_op([(b'+', BinOp::Add), (b'-', BinOp::Sub)])
        })
    }

    fn term(&mut self) -> R<Expr> {
        self.chain(Self::unary, |p| {
            p.byte_op([(b'*', BinOp::Mul), (b'/', BinOp::Div)])
        })
    }

    fn unary(&mut self) -> R<Expr> {
        self.nested(Self::unary_inner)
    }

    fn unary_inner(&mut self) -> R<Expr> {
        self.ws();
        let start = self.pos;
        if self.b.get(start) == Some(&b'-') {
            // `-` then a unary; pest's `minus` also matches the `-` of `->`, which then fails.
            self.pos += 1;
            let inner = self.unary()?;
            let span = Span::new(start, inner.span.end as usize);
            return Some(Expr {
                kind: ExprKind::Neg(Box::new(inner)),
                span,
            });
        }
        if let Some(l) = self.scalar() {
            let span = l.span;
            return Some(Expr {
                kind: ExprKind::Lit(l),
                span,
            });
        }
        self.pos = start;
        if let Some(n) = self.name() {
            let span = n.span;
            return Some(Expr {
                kind: ExprKind::Name(n),
                span,
            });
        }
        self.pos = start;
        self.punct(punct::LPAREN)?;
        let inner = self.guard()?;
        let close = self.punct(punct::RPAREN)?;
        Some(Expr {
            kind: ExprKind::Paren(Box::new(inner)),
            span: Span::new(start, close.end as usize),
        })
    }

    // -- files and catalog items --------------------------------------------------------------

    fn file(&mut self) -> R<File> {
        let mut uses = Vec::new();
        let mut items = Vec::new();
        loop {
            if self.at_end() {
                break;
            }
            if self.peek_kw(kw::USE) {
                uses.push(self.use_decl()?);
            } else {
                items.push(self.item()?);
            }
        }
        Some(File {
            uses,
            items,
            span: Span::new(0, self.end_from(0)),
        })
    }

    fn use_decl(&mut self) -> R<Use> {
        let k = self.kw(kw::USE)?;
        self.ws();
        let s = self.pos;
        let (_, mut e) = self.raw_ident()?;
        while self.b.get(e..e + 2) == Some(b"::") {
            self.pos = e + 2;
            match self.raw_ident() {
                Some((_, e2)) => e = e2,
                None => break,
            }
        }
        self.pos = e;
        let text = &self.src[s..e];
        Some(Use {
            path: Ident {
                name: text.to_string(),
                span: Span::new(s, e),
            },
            segments: text.split("::").map(str::to_string).collect(),
            span: Span::new(k.start as usize, e),
        })
    }

    fn doc(&self, start: usize) -> Option<String> {
        self.trivia.doc_before(self.src, start)
    }

    fn item(&mut self) -> R<Item> {
        self.ws();
        if self.peek_kw(kw::WORKFLOW) {
            return self.workflow().map(Item::Workflow);
        }
        if self.peek_kw(kw::ATTRIBUTE) {
            let k = self.kw(kw::ATTRIBUTE)?;
            let name = self.name()?;
            self.punct(punct::COLON)?;
            let ty = self.type_expr()?;
            let span = Span::new(k.start as usize, ty.span.end as usize);
            return Some(Item::Attribute(AttributeDef {
                name,
                ty,
                doc: self.doc(k.start as usize),
                span,
            }));
        }
        if self.peek_kw(kw::FACT) {
            let k = self.kw(kw::FACT)?;
            let name = self.name()?;
            let description = if self.peek_punct("\"") {
                Some(self.string()?)
            } else {
                None
            };
            let end = description.as_ref().map_or(name.span.end, |d| d.span.end);
            return Some(Item::Fact(FactDef {
                name,
                description,
                doc: self.doc(k.start as usize),
                span: Span::new(k.start as usize, end as usize),
            }));
        }
        if self.peek_kw(kw::EVENT) {
            let k = self.kw(kw::EVENT)?;
            let name = self.name()?;
            let mut fields = Vec::new();
            let mut braces = false;
            let mut end = name.span.end as usize;
            if self.punct(punct::LBRACE).is_some() {
                braces = true;
                if !self.peek_punct(punct::RBRACE) {
                    loop {
                        let fname = self.name()?;
                        self.punct(punct::COLON)?;
                        let ty = self.type_expr()?;
                        let span = Span::new(fname.span.start as usize, ty.span.end as usize);
                        fields.push(FieldDecl {
                            name: fname,
                            ty,
                            span,
                        });
                        if self.punct(punct::COMMA).is_none() {
                            break;
                        }
                    }
                }
                end = self.punct(punct::RBRACE)?.end as usize;
            }
            return Some(Item::Event(EventDef {
                name,
                fields,
                braces,
                doc: self.doc(k.start as usize),
                span: Span::new(k.start as usize, end),
            }));
        }
        if self.peek_kw(kw::ACTION) {
            return self.action().map(Item::Action);
        }
        None
    }

    fn type_expr(&mut self) -> R<TypeExpr> {
        self.ws();
        for (w, k) in [
            (kw::NUMBER, TypeKind::Number),
            (kw::TEXT, TypeKind::Text),
            (kw::BOOL, TypeKind::Bool),
            (kw::TIME, TypeKind::Time),
        ] {
            if let Some(sp) = self.kw(w) {
                return Some(TypeExpr { kind: k, span: sp });
            }
        }
        let k = self.kw(kw::ENUM)?;
        self.punct(punct::LPAREN)?;
        let mut members = vec![self.ident()?];
        while self.punct(punct::COMMA).is_some() {
            members.push(self.ident()?);
        }
        let close = self.punct(punct::RPAREN)?;
        Some(TypeExpr {
            kind: TypeKind::Enum(members),
            span: Span::new(k.start as usize, close.end as usize),
        })
    }

    fn action(&mut self) -> R<ActionDef> {
        let k = self.kw(kw::ACTION)?;
        let name = self.name()?;
        let mut params = None;
        if self.punct(punct::LPAREN).is_some() {
            let mut ps = Vec::new();
            if !self.peek_punct(punct::RPAREN) {
                loop {
                    let pname = self.ident()?;
                    self.punct(punct::COLON)?;
                    let ty = self.type_expr()?;
                    let span = Span::new(pname.span.start as usize, ty.span.end as usize);
                    ps.push(Param {
                        name: pname,
                        ty,
                        span,
                    });
                    if self.punct(punct::COMMA).is_none() {
                        break;
                    }
                }
            }
            self.punct(punct::RPAREN)?;
            params = Some(ps);
        }
        self.punct(punct::LBRACE)?;
        let mut stmts = Vec::new();
        while !self.peek_punct(punct::RBRACE) {
            stmts.push(self.action_stmt()?);
        }
        let close = self.punct(punct::RBRACE)?;
        Some(ActionDef {
            name,
            params,
            stmts,
            doc: self.doc(k.start as usize),
            span: Span::new(k.start as usize, close.end as usize),
        })
    }

    fn names_list(&mut self) -> R<Vec<Ident>> {
        let mut v = vec![self.name()?];
        while self.punct(punct::COMMA).is_some() {
            v.push(self.name()?);
        }
        Some(v)
    }

    fn action_stmt(&mut self) -> R<ActionStmt> {
        self.ws();
        let start = self.pos;
        let kind = if self.kw(kw::RISK).is_some() {
            ActionStmtKind::Risk(self.word(words::RISK_CLASS)?)
        } else if self.kw(kw::IDEMPOTENT).is_some() {
            self.kw(kw::BY)?;
            ActionStmtKind::IdempotentBy(self.name()?)
        } else if self.kw(kw::COMPENSATE).is_some() {
            ActionStmtKind::Compensate(self.name()?)
        } else if self.kw(kw::ESTABLISHES).is_some() {
            ActionStmtKind::Establishes(self.names_list()?)
        } else if self.kw(kw::CLEARS).is_some() {
            ActionStmtKind::Clears(self.names_list()?)
        } else {
            let adds = if self.kw(kw::ADDS).is_some() {
                true
            } else if self.kw(kw::SUBTRACTS).is_some() {
                false
            } else {
                return None;
            };
            let target = self.name()?;
            let param = self.ident()?;
            ActionStmtKind::Effect {
                adds,
                target,
                param,
            }
        };
        Some(ActionStmt {
            kind,
            span: Span::new(start, self.end_from(start)),
        })
    }

    // -- workflows --------------------------------------------------------------------------

    fn version(&mut self) -> R<Version> {
        self.ws();
        let s = self.pos;
        if self.b.get(s) != Some(&b'v') {
            return None;
        }
        let e = self.digits(s + 1);
        if e == s + 1 || self.b.get(e).is_some_and(|c| ident_char(*c)) {
            return None;
        }
        self.pos = e;
        Some(Version {
            digits: self.src[s + 1..e].to_string(),
            span: Span::new(s, e),
        })
    }

    fn workflow(&mut self) -> R<Workflow> {
        let k = self.kw(kw::WORKFLOW)?;
        let name = self.ident()?;
        let version = self.version()?;
        self.punct(punct::LBRACE)?;
        let mut stmts = Vec::new();
        while !self.peek_punct(punct::RBRACE) {
            stmts.push(self.wf_stmt()?);
        }
        stmts.shrink_to_fit();
        let close = self.punct(punct::RBRACE)?;
        Some(Workflow {
            head_span: Span::new(k.start as usize, version.span.end as usize),
            name,
            version,
            stmts,
            doc: self.doc(k.start as usize),
            span: Span::new(k.start as usize, close.end as usize),
        })
    }

    fn strings(&mut self) -> R<Vec<Str>> {
        let mut v = vec![self.string()?];
        while self.punct(punct::COMMA).is_some() {
            v.push(self.string()?);
        }
        Some(v)
    }

    fn block<T>(&mut self, mut item: impl FnMut(&mut Self) -> R<T>) -> R<(Vec<T>, usize)> {
        self.punct(punct::LBRACE)?;
        let mut out = Vec::new();
        while !self.peek_punct(punct::RBRACE) {
            out.push(item(self)?);
        }
        Some((out, self.punct(punct::RBRACE)?.end as usize))
    }

    fn wf_stmt(&mut self) -> R<WfStmt> {
        self.ws();
        let start = self.pos;
        let kind = if self.kw(kw::TITLE).is_some() {
            WfStmtKind::Title(self.string()?)
        } else if self.kw(kw::TIER).is_some() {
            self.ws();
            let s = self.pos;
            let e = self.digits(s);
            if e == s || self.b.get(e).is_some_and(|c| ident_char(*c)) {
                return None;
            }
            self.pos = e;
            WfStmtKind::Tier(Word {
                text: self.src[s..e].to_string(),
                span: Span::new(s, e),
            })
        } else if self.kw(kw::SUBJECT).is_some() {
            WfStmtKind::Subject(self.ident()?)
        } else if self.kw(kw::OWNER).is_some() {
            WfStmtKind::Owner(self.string()?)
        } else if self.kw(kw::MAINTAINER).is_some() {
            WfStmtKind::Maintainer(self.string()?)
        } else if self.kw(kw::ENVIRONMENTS).is_some() {
            let mut v = vec![self.ident()?];
            while self.punct(punct::COMMA).is_some() {
                v.push(self.ident()?);
            }
            WfStmtKind::Environments(v)
        } else if self.kw(kw::FLAG).is_some() {
            let name = self.ident()?;
            let save = self.pos;
            let default = if self.kw(kw::DEFAULT).is_some() {
                match self.word(words::ON_OFF) {
                    Some(w) => Some(w),
                    None => {
                        self.pos = save;
                        None
                    }
                }
            } else {
                None
            };
            WfStmtKind::Flag(FlagDecl { name, default })
        } else if self.kw(kw::SCOPE).is_some() {
            let (items, _) = self.block(|p| p.scope_item())?;
            WfStmtKind::Scope(Scope { items })
        } else if self.kw(kw::CHANGELOG).is_some() {
            let (items, _) = self.block(|p| {
                let key = p.word(starts::CHANGELOG)?;
                let value = p.string()?;
                let span = Span::new(key.span.start as usize, value.span.end as usize);
                Some(ChangelogItem { key, value, span })
            })?;
            WfStmtKind::Changelog(Changelog { items })
        } else if self.kw(kw::APPROVALS).is_some() {
            let (entries, _) = self.block(|p| p.approval())?;
            WfStmtKind::Approvals(Approvals { entries })
        } else if self.kw(kw::STATES).is_some() {
            let (states, _) = self.block(|p| p.state_decl())?;
            WfStmtKind::States(States { states })
        } else if self.kw(kw::TRANSITION).is_some() {
            WfStmtKind::Transition(self.transition()?)
        } else if self.kw(kw::OVERRIDE).is_some() {
            let mut from = vec![self.ident()?];
            while self.punct(punct::COMMA).is_some() {
                from.push(self.ident()?);
            }
            self.punct(punct::ARROW)?;
            let to = self.ident()?;
            self.kw(kw::BY)?;
            let role = self.string()?;
            WfStmtKind::Override(Override { from, to, role })
        } else if self.kw(kw::INVARIANT).is_some() {
            let name = self.string()?;
            let save = self.pos;
            let once = (|| {
                self.kw(kw::ONCE)?;
                let action = self.name()?;
                self.kw(kw::PER)?;
                let key = self.name()?;
                Some(InvariantBody::OncePer { action, key })
            })();
            let body = match once {
                Some(b) => b,
                None => {
                    self.pos = save;
                    InvariantBody::Guard(self.guard()?)
                }
            };
            WfStmtKind::Invariant(Invariant { name, body })
        } else if self.kw(kw::ROLLBACK).is_some() {
            let (items, _) = self.block(|p| p.rollback_item())?;
            WfStmtKind::Rollback(Rollback { items })
        } else if self.kw(kw::RELEASE).is_some() {
            let (items, _) = self.block(|p| p.release_item())?;
            WfStmtKind::Release(Release { items })
        } else if self.kw(kw::MONITOR).is_some() {
            let (items, _) = self.block(|p| p.monitor_item())?;
            WfStmtKind::Monitor(Monitor { items })
        } else if self.kw(kw::ACCESS).is_some() {
            let (items, _) = self.block(|p| {
                p.ws();
                let s = p.pos;
                let kind = p.word(words::ACCESS_KIND)?;
                let roles = p.strings()?;
                Some(AccessItem {
                    kind,
                    roles,
                    span: Span::new(s, p.end_from(s)),
                })
            })?;
            WfStmtKind::Access(Access { items })
        } else if self.kw(kw::TEST).is_some() {
            let name = self.string()?;
            let kind = self.word(words::TEST_KIND)?;
            let (stmts, _) = self.block(|p| p.test_stmt())?;
            WfStmtKind::Test(Test { name, kind, stmts })
        } else {
            return None;
        };
        Some(WfStmt {
            kind,
            span: Span::new(start, self.end_from(start)),
        })
    }

    fn scope_item(&mut self) -> R<ScopeItem> {
        self.ws();
        let s = self.pos;
        let kind = if self.kw(kw::CLIENTS).is_some() {
            ScopeItemKind::Clients(self.word(words::CLIENTS_VALUE)?)
        } else if self.kw(kw::TRADES).is_some() {
            ScopeItemKind::Trades(self.word(words::TRADES_VALUE)?)
        } else if self.kw(kw::RECALCULATION).is_some() {
            if self.kw(kw::NONE).is_some() {
                ScopeItemKind::Recalculation(None)
            } else {
                self.kw(kw::SINCE)?;
                ScopeItemKind::Recalculation(Some(self.timestamp()?))
            }
        } else if self.kw(kw::REGIONS).is_some() {
            ScopeItemKind::Regions(self.strings()?)
        } else if self.kw(kw::GROUPS).is_some() {
            ScopeItemKind::Groups(self.strings()?)
        } else {
            return None;
        };
        Some(ScopeItem {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }

    fn approval(&mut self) -> R<Approval> {
        self.ws();
        let s = self.pos;
        let role = self.word(words::APPROVER_ROLE)?;
        let person = self.string()?;
        let decision = self.word(words::DECISION)?;
        self.kw(kw::AT)?;
        let at = self.timestamp()?;
        let save = self.pos;
        let digest = if self.kw(kw::FOR).is_some() {
            match self.string() {
                Some(d) => Some(d),
                None => {
                    self.pos = save;
                    None
                }
            }
        } else {
            None
        };
        Some(Approval {
            role,
            person,
            decision,
            at,
            digest,
            span: Span::new(s, self.end_from(s)),
        })
    }

    fn state_decl(&mut self) -> R<StateDecl> {
        let name = self.ident()?;
        let mut attrs = Vec::new();
        loop {
            self.ws();
            let s = self.pos;
            let kind = if self.kw(kw::INITIAL).is_some() {
                StateAttrKind::Initial
            } else if self.kw(kw::TERMINAL).is_some() {
                StateAttrKind::Terminal
            } else if self.kw(kw::MANUAL).is_some() {
                StateAttrKind::Manual
            } else if self.kw(kw::SLA).is_some() {
                StateAttrKind::Sla(self.duration()?)
            } else if self.kw(kw::REQUIRES).is_some() {
                StateAttrKind::Requires(self.names_list()?)
            } else {
                break;
            };
            attrs.push(StateAttr {
                kind,
                span: Span::new(s, self.end_from(s)),
            });
        }
        let end = attrs.last().map_or(name.span.end, |a| a.span.end);
        Some(StateDecl {
            span: Span::new(name.span.start as usize, end as usize),
            name,
            attrs,
        })
    }

    fn transition(&mut self) -> R<Transition> {
        let name = self.ident()?;
        self.punct(punct::COLON)?;
        let from = self.ident()?;
        self.punct(punct::ARROW)?;
        let to = self.ident()?;
        self.kw(kw::ON)?;
        let event = self.name()?;
        let mut when = None;
        let mut behind = None;
        let mut calls = Vec::new();
        let save = self.pos;
        if self.kw(kw::WHEN).is_some() {
            let save2 = self.pos;
            if let Some(sp) = self.kw(kw::OTHERWISE) {
                when = Some(When::Otherwise(sp));
            } else {
                self.pos = save2;
                match self.guard() {
                    Some(g) => when = Some(When::Guard(g)),
                    None => self.pos = save,
                }
            }
        }
        let save = self.pos;
        if self.kw(kw::BEHIND).is_some() {
            match self.ident() {
                Some(f) => behind = Some(f),
                None => self.pos = save,
            }
        }
        let save = self.pos;
        if self.kw(kw::DO).is_some() {
            match self.call() {
                Some(c) => {
                    calls.push(c);
                    loop {
                        let save = self.pos;
                        if self.punct(punct::COMMA).is_none() {
                            break;
                        }
                        match self.call() {
                            Some(c) => calls.push(c),
                            None => {
                                self.pos = save;
                                break;
                            }
                        }
                    }
                }
                None => self.pos = save,
            }
        }
        Some(Transition {
            name,
            from,
            to,
            event,
            when,
            behind,
            calls,
        })
    }

    fn call(&mut self) -> R<Call> {
        let action = self.name()?;
        let mut end = action.span.end as usize;
        let save = self.pos;
        let args = if self.punct(punct::LPAREN).is_some() {
            let mut args = Vec::new();
            let ok = (|| {
                if !self.peek_punct(punct::RPAREN) {
                    loop {
                        args.push(self.arg()?);
                        if self.punct(punct::COMMA).is_none() {
                            break;
                        }
                    }
                }
                self.punct(punct::RPAREN)
            })();
            match ok {
                Some(close) => {
                    end = close.end as usize;
                    Some(args)
                }
                None => {
                    self.pos = save;
                    None
                }
            }
        } else {
            None
        };
        Some(Call {
            span: Span::new(action.span.start as usize, end),
            action,
            args,
        })
    }

    fn arg(&mut self) -> R<Arg> {
        self.ws();
        let start = self.pos;
        let save = self.pos;
        let mut name = None;
        if let Some(id) = self.ident() {
            if self.punct(punct::COLON).is_some() {
                name = Some(id);
            } else {
                self.pos = save;
            }
        } else {
            self.pos = save;
        }
        let value = self.expr()?;
        Some(Arg {
            name,
            span: Span::new(start, value.span.end as usize),
            value,
        })
    }

    fn rollback_item(&mut self) -> R<RollbackItem> {
        self.ws();
        let s = self.pos;
        let kind = if self.kw(kw::TRIGGER).is_some() {
            let save = self.pos;
            let queue = (|| {
                self.kw(kw::QUEUE)?;
                self.punct(punct::LPAREN)?;
                let st = self.ident()?;
                self.punct(punct::RPAREN)?;
                Some(Metric::Queue(st))
            })();
            let metric = match queue {
                Some(m) => m,
                None => {
                    self.pos = save;
                    Metric::Named(self.name()?)
                }
            };
            let (op, _) = self.cmp_op()?;
            let save = self.pos;
            let threshold = match self.percent() {
                Some(p) => p,
                None => {
                    self.pos = save;
                    self.number()?
                }
            };
            let save = self.pos;
            let over = if self.kw(kw::OVER).is_some() {
                match self.duration() {
                    Some(d) => Some(d),
                    None => {
                        self.pos = save;
                        None
                    }
                }
            } else {
                None
            };
            RollbackItemKind::Trigger {
                metric,
                op,
                threshold,
                over,
            }
        } else if self.kw(kw::METHOD).is_some() {
            RollbackItemKind::Method(if self.kw(kw::PREVIOUS_VERSION).is_some() {
                Method::PreviousVersion(self.version()?)
            } else if self.kw(kw::DISABLE).is_some() {
                self.kw(kw::ROUTE_TO)?;
                Method::DisableRouteTo(self.ident()?)
            } else {
                self.kw(kw::FLAG)?;
                let f = self.ident()?;
                self.kw(kw::OFF)?;
                Method::FlagOff(f)
            })
        } else if self.kw(kw::BACKOUT).is_some() {
            RollbackItemKind::Backout(self.duration()?)
        } else if self.kw(kw::MAP).is_some() {
            let from = self.ident()?;
            self.punct(punct::ARROW)?;
            RollbackItemKind::Map {
                from,
                to: self.ident()?,
            }
        } else if self.kw(kw::REMEDIATE).is_some() {
            let (items, _) = self.block(|p| p.remediate_item())?;
            RollbackItemKind::Remediate(items)
        } else {
            return None;
        };
        Some(RollbackItem {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }

    fn remediate_item(&mut self) -> R<RemediateItem> {
        self.ws();
        let s = self.pos;
        let kind = if self.kw(kw::IDENTIFY).is_some() {
            self.kw(kw::BY)?;
            let mut keys = vec![self.word(words::ID_KEY)?];
            while self.punct(punct::COMMA).is_some() {
                keys.push(self.word(words::ID_KEY)?);
            }
            RemediateItemKind::Identify(keys)
        } else if self.kw(kw::REVERT).is_some() {
            let from = self.ident()?;
            self.punct(punct::ARROW)?;
            RemediateItemKind::Revert {
                from,
                to: self.ident()?,
            }
        } else if self.kw(kw::COMPENSATE).is_some() {
            let action = self.name()?;
            let save = self.pos;
            let with = if self.kw(kw::WITH).is_some() {
                match self.string() {
                    Some(w) => Some(w),
                    None => {
                        self.pos = save;
                        None
                    }
                }
            } else {
                None
            };
            RemediateItemKind::Compensate { action, with }
        } else if self.kw(kw::MANUAL).is_some() {
            let action = self.name()?;
            RemediateItemKind::Manual {
                action,
                note: self.string()?,
            }
        } else if self.kw(kw::COMMUNICATE).is_some() {
            RemediateItemKind::Communicate(self.string()?)
        } else {
            return None;
        };
        Some(RemediateItem {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }

    fn release_item(&mut self) -> R<ReleaseItem> {
        self.ws();
        let s = self.pos;
        let kind = if self.kw(kw::WINDOW).is_some() {
            let from_day = self.ident()?;
            let save = self.pos;
            let to_day = if self.punct(punct::MINUS).is_some() {
                match self.ident() {
                    Some(d) => Some(d),
                    None => {
                        self.pos = save;
                        None
                    }
                }
            } else {
                None
            };
            let start = self.clock()?;
            self.punct(punct::MINUS)?;
            let end = self.clock()?;
            let zone = self.string()?;
            ReleaseItemKind::Window {
                from_day,
                to_day,
                start,
                end,
                zone,
            }
        } else if self.kw(kw::CANARY).is_some() {
            let save = self.pos;
            let percent = match self.percent() {
                Some(p) => Some(p),
                None => {
                    self.pos = save;
                    None
                }
            };
            let mut targets = Vec::new();
            loop {
                self.ws();
                let ts = self.pos;
                let Some(kind) = self.word(&[kw::REGION, kw::SEGMENT]) else {
                    break;
                };
                let Some(value) = self.string() else {
                    self.pos = ts;
                    break;
                };
                targets.push(Target {
                    kind,
                    value,
                    span: Span::new(ts, self.end_from(ts)),
                });
            }
            if percent.is_none() && targets.is_empty() {
                return None;
            }
            ReleaseItemKind::Canary { percent, targets }
        } else {
            return None;
        };
        Some(ReleaseItem {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }

    fn bound(&mut self) -> R<Literal> {
        let save = self.pos;
        match self.percent() {
            Some(p) => Some(p),
            None => {
                self.pos = save;
                self.number()
            }
        }
    }

    fn monitor_item(&mut self) -> R<MonitorItem> {
        self.ws();
        let s = self.pos;
        let kind = if self.kw(kw::STUCK).is_some() {
            let state = self.ident()?;
            self.kw(kw::AFTER)?;
            let after = self.duration()?;
            self.kw(kw::ALERT)?;
            MonitorItemKind::Stuck {
                state,
                after,
                alert: self.string()?,
            }
        } else if self.kw(kw::METRIC).is_some() {
            let name = self.name()?;
            let save = self.pos;
            let by = if self.kw(kw::BY).is_some() {
                match self.ident() {
                    Some(d) => Some(d),
                    None => {
                        self.pos = save;
                        None
                    }
                }
            } else {
                None
            };
            MonitorItemKind::Metric { name, by }
        } else if self.kw(kw::EXPECT).is_some() {
            let name = self.name()?;
            self.kw(kw::WITHIN)?;
            let low = self.bound()?;
            self.punct(punct::DOTDOT)?;
            let high = self.bound()?;
            let save = self.pos;
            let per = if self.kw(kw::PER).is_some() {
                match self.word(words::PER_UNIT) {
                    Some(w) => Some(w),
                    None => {
                        self.pos = save;
                        None
                    }
                }
            } else {
                None
            };
            MonitorItemKind::Expect {
                name,
                low,
                high,
                per,
            }
        } else {
            return None;
        };
        Some(MonitorItem {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }

    fn kvs(&mut self) -> R<Vec<Kv>> {
        let mut out = Vec::new();
        if self.peek_punct(punct::RBRACE) {
            return Some(out);
        }
        loop {
            let name = self.name()?;
            self.punct(punct::COLON)?;
            let value = self.literal()?;
            let span = Span::new(name.span.start as usize, value.span.end as usize);
            out.push(Kv { name, value, span });
            if self.punct(punct::COMMA).is_none() {
                return Some(out);
            }
        }
    }

    fn test_stmt(&mut self) -> R<TestStmt> {
        self.ws();
        let s = self.pos;
        let kind = if self.kw(kw::GIVEN).is_some() {
            self.punct(punct::LBRACE)?;
            let kvs = self.kvs()?;
            self.punct(punct::RBRACE)?;
            TestStmtKind::Given(kvs)
        } else if self.kw(kw::START).is_some() {
            TestStmtKind::Start(self.ident()?)
        } else if self.kw(kw::FLAG).is_some() {
            let name = self.ident()?;
            let on = self.word(words::ON_OFF)?.text == kw::ON;
            TestStmtKind::Flag { name, on }
        } else if self.kw(kw::EVENT).is_some() {
            let name = self.name()?;
            let save = self.pos;
            let (payload, braces) = if self.punct(punct::LBRACE).is_some() {
                let parsed = (|| {
                    let kvs = self.kvs()?;
                    self.punct(punct::RBRACE)?;
                    Some(kvs)
                })();
                match parsed {
                    Some(kvs) => (kvs, true),
                    None => {
                        self.pos = save;
                        (Vec::new(), false)
                    }
                }
            } else {
                (Vec::new(), false)
            };
            let save = self.pos;
            let repeat = if self.kw(kw::TWICE).is_some() {
                Repeat::Twice
            } else if self.kw(kw::TIMES).is_some() {
                match self.count() {
                    Some(n) => Repeat::Times(n),
                    None => {
                        self.pos = save;
                        Repeat::Once
                    }
                }
            } else {
                Repeat::Once
            };
            TestStmtKind::Event {
                name,
                payload,
                braces,
                repeat,
            }
        } else if self.kw(kw::OVERRIDE).is_some() {
            self.punct(punct::ARROW)?;
            let to = self.ident()?;
            self.kw(kw::BY)?;
            TestStmtKind::Override {
                to,
                role: self.string()?,
            }
        } else if self.kw(kw::EXPECT).is_some() {
            TestStmtKind::Expect(self.expectation()?)
        } else {
            return None;
        };
        Some(TestStmt {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }

    /// `expect_state | expect_action | expect_total | expect_fact | expect_cmp | ignored`,
    /// tried in that order with backtracking, as PEG does.
    fn expectation(&mut self) -> R<ExpectKind> {
        let save = self.pos;
        let tries: [fn(&mut Self) -> R<ExpectKind>; 6] = [
            |p| {
                p.kw(kw::STATE)?;
                Some(ExpectKind::State(p.ident()?))
            },
            |p| {
                p.kw(kw::ACTION)?;
                let action = p.name()?;
                let count = if p.kw(kw::ONCE).is_some() {
                    ActionCount::Once
                } else if p.kw(kw::NEVER).is_some() {
                    ActionCount::Never
                } else {
                    p.kw(kw::COUNT)?;
                    ActionCount::Count(p.count()?)
                };
                Some(ExpectKind::Action { action, count })
            },
            |p| {
                p.kw(kw::TOTAL)?;
                let name = p.name()?;
                let (op, _) = p.cmp_op()?;
                p.ws();
                let start = p.pos;
                let negative = p.punct(punct::MINUS).is_some();
                let mut value = p.number()?;
                value.negative = negative;
                value.span = Span::new(start, value.span.end as usize);
                Some(ExpectKind::Total { name, op, value })
            },
            |p| {
                p.kw(kw::FACT)?;
                Some(ExpectKind::Fact(p.name()?))
            },
            |p| {
                let name = p.name()?;
                let (op, _) = p.cmp_op()?;
                Some(ExpectKind::Compare {
                    name,
                    op,
                    value: p.literal()?,
                })
            },
            |p| {
                p.kw(kw::IGNORED)?;
                Some(ExpectKind::Ignored)
            },
        ];
        for t in tries {
            self.pos = save;
            if let Some(e) = t(self) {
                return Some(e);
            }
        }
        None
    }
}

fn bin(op: BinOp, op_span: Span, lhs: Expr, rhs: Expr) -> Expr {
    let span = lhs.span.to(rhs.span);
    Expr {
        kind: ExprKind::Binary {
            op,
            op_span,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
        span,
    }
}
