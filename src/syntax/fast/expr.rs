//! Guards and expressions: `or`, `and`, `not`, comparisons and `in`, arithmetic, operands;
//! the nesting and operator limits.

use super::{MAX_DEPTH, P, R};
use crate::ast::*;
use crate::span::Span;
use crate::syntax::tables::{kw, punct};

impl<'s> P<'s> {
    /// Counts one binary operator of the current expression: false past the limit, where
    /// the operator and its right operand are read but left out of the tree.
    pub(super) fn op(&mut self, at: Span) -> bool {
        self.ops += 1;
        if self.ops <= crate::syntax::MAX_OPERATORS {
            return true;
        }
        self.too_long.get_or_insert(at);
        false
    }

    pub(super) fn guard(&mut self) -> R<Expr> {
        if self.depth == 0 {
            self.ops = 0;
        }
        self.chain(Self::and_g, |p| p.kw(kw::OR).map(|s| (BinOp::Or, s)))
    }

    pub(super) fn and_g(&mut self) -> R<Expr> {
        self.chain(Self::not_g, |p| p.kw(kw::AND).map(|s| (BinOp::And, s)))
    }

    /// A left-associative chain `operand (OPERATOR operand)*`: `operator` reads one operator
    /// or nothing. An operator without an operand after it is left unread.
    pub(super) fn chain(
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
    pub(super) fn byte_op(&mut self, ops: [(u8, BinOp); 2]) -> Option<(BinOp, Span)> {
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

    pub(super) fn not_g(&mut self) -> R<Expr> {
        self.nested(Self::not_g_inner)
    }

    /// Runs a recursive rule one level deeper, refusing past `MAX_DEPTH`.
    pub(super) fn nested(&mut self, rule: fn(&mut Self) -> R<Expr>) -> R<Expr> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let r = rule(self);
        self.depth -= 1;
        r
    }

    pub(super) fn not_g_inner(&mut self) -> R<Expr> {
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

    pub(super) fn cmp_op(&mut self) -> R<(BinOp, Span)> {
        self.ws();
        for op in punct::CMP_OP {
            if let Some(sp) = self.punct(op) {
                return Some((BinOp::from_cmp(op), sp));
            }
        }
        None
    }

    pub(super) fn cmp(&mut self) -> R<Expr> {
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

    pub(super) fn in_list(&mut self) -> R<(Vec<Literal>, usize)> {
        self.punct(punct::LBRACKET)?;
        let mut list = vec![self.literal()?];
        while self.punct(punct::COMMA).is_some() {
            list.push(self.literal()?);
        }
        let close = self.punct(punct::RBRACKET)?;
        Some((list, close.end as usize))
    }

    pub(super) fn expr(&mut self) -> R<Expr> {
        if self.depth == 0 {
            self.ops = 0;
        }
        self.chain(Self::term, |p| {
            p.byte_op([(b'+', BinOp::Add), (b'-', BinOp::Sub)])
        })
    }

    pub(super) fn term(&mut self) -> R<Expr> {
        self.chain(Self::unary, |p| {
            p.byte_op([(b'*', BinOp::Mul), (b'/', BinOp::Div)])
        })
    }

    pub(super) fn unary(&mut self) -> R<Expr> {
        self.nested(Self::unary_inner)
    }

    pub(super) fn unary_inner(&mut self) -> R<Expr> {
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
