//! Guards, expressions, calls, literals and the small shared shapes (`a, b` lists, names,
//! `{ ... }` blocks).

use super::printer::Printer;
use crate::ast::{Call, Expr, ExprKind, Ident, Literal, Str, Word};

/// A name as written.
pub fn ident(p: &mut Printer, id: &Ident) {
    p.tok(&id.name);
}

/// A closed-set word as written.
pub fn word(p: &mut Printer, w: &Word) {
    p.tok(&w.text);
}

/// A string literal exactly as written (escapes included).
pub fn string(p: &mut Printer, s: &Str) {
    p.raw_until(s.span.end as usize);
}

/// A literal exactly as written; a sign is glued to the number (`-5`).
pub fn literal(p: &mut Printer, l: &Literal) {
    if l.negative {
        p.tok("-");
        p.glue();
    }
    p.raw_until(l.span.end as usize);
}

/// `a, b, c`
pub fn list<T>(p: &mut Printer, items: &[T], mut each: impl FnMut(&mut Printer, &T)) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            p.glue();
            p.tok(",");
        }
        each(p, item);
    }
}

/// `a, b` of names.
pub fn idents(p: &mut Printer, ids: &[Ident]) {
    list(p, ids, ident);
}

/// `"a", "b"` of strings.
pub fn strings(p: &mut Printer, ss: &[Str]) {
    list(p, ss, string);
}

/// `(a, b)`: tight inside the parentheses.
pub fn parens<T>(p: &mut Printer, items: &[T], each: impl FnMut(&mut Printer, &T)) {
    p.glue();
    p.tok("(");
    p.glue();
    list(p, items, each);
    p.glue();
    p.tok(")");
}

/// `{ a: 1, b: 2 }`, or `{}` when empty (an empty map holding only comments is laid out
/// like a block).
pub fn inline_map<T>(p: &mut Printer, items: &[T], each: impl FnMut(&mut Printer, &T)) {
    p.tok("{");
    p.block_opened();
    if !items.is_empty() {
        list(p, items, each);
        p.tok("}");
    } else if p.comment_ahead() {
        p.line();
        p.closer("}");
    } else {
        p.glue();
        p.tok("}");
    }
}

/// A guard or an expression: single spaces around binary operators, parentheses exactly
/// where the source has them.
pub fn expr(p: &mut Printer, e: &Expr) {
    match &e.kind {
        ExprKind::Binary { .. } => binary_chain(p, e),
        ExprKind::Not(inner) => {
            p.tok("not");
            expr(p, inner);
        }
        ExprKind::Neg(inner) => {
            p.tok("-");
            // `- -x` keeps a space so that the two signs stay readable.
            if !matches!(inner.kind, ExprKind::Neg(_)) {
                p.glue();
            }
            expr(p, inner);
        }
        ExprKind::In { lhs, list: items } => {
            expr(p, lhs);
            p.tok("in");
            p.tok("[");
            p.glue();
            list(p, items, literal);
            p.glue();
            p.tok("]");
        }
        ExprKind::Paren(inner) => {
            p.tok("(");
            p.glue();
            expr(p, inner);
            p.glue();
            p.tok(")");
        }
        ExprKind::Name(id) => ident(p, id),
        ExprKind::Lit(l) => literal(p, l),
    }
}

/// `a op b op c`: the parser nests chains to the left, so they are walked iteratively (a
/// long chain of `and` must not cost stack).
fn binary_chain(p: &mut Printer, e: &Expr) {
    let mut spine = Vec::new();
    let mut leftmost = e;
    while let ExprKind::Binary { op, lhs, rhs, .. } = &leftmost.kind {
        spine.push((op.as_str(), rhs));
        leftmost = lhs;
    }
    expr(p, leftmost);
    for (op, rhs) in spine.into_iter().rev() {
        p.tok(op);
        expr(p, rhs);
    }
}

/// `action` or `action(name: value, value)`.
pub fn call(p: &mut Printer, c: &Call) {
    ident(p, &c.action);
    if let Some(args) = &c.args {
        parens(p, args, |p, a| {
            if let Some(name) = &a.name {
                ident(p, name);
                p.glue();
                p.tok(":");
            }
            expr(p, &a.value);
        });
    }
}

/// `{`, one entry per line one level deeper, `}`; `{}` when empty.
pub fn block<T>(p: &mut Printer, entries: &[T], each: impl FnMut(&mut Printer, &T)) {
    block_with(p, entries, |_, _| false, each);
}

/// A block whose entries are separated by a blank line where `blank_between` says so.
pub fn block_with<T>(
    p: &mut Printer,
    entries: &[T],
    blank_between: impl Fn(&T, &T) -> bool,
    mut each: impl FnMut(&mut Printer, &T),
) {
    p.tok("{");
    p.block_opened();
    p.indent();
    for (i, entry) in entries.iter().enumerate() {
        match i.checked_sub(1).map(|j| &entries[j]) {
            Some(prev) if blank_between(prev, entry) => p.blank(),
            _ => p.line(),
        }
        each(p, entry);
    }
    p.dedent();
    if entries.is_empty() && !p.comment_ahead() {
        p.glue();
    } else {
        p.line();
    }
    p.closer("}");
}
