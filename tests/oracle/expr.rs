//! The oracle's lowering: Guards, expressions and literals. Each level with a single child collapses into it.

use keel::ast::*;
use keel::syntax::parser::Rule;

use super::{first, meaningful, unexpected, Lowerer, P};

impl Lowerer<'_> {
    // -----------------------------------------------------------------------------------
    // Expressions. Each level with a single child collapses into it.
    // -----------------------------------------------------------------------------------

    pub(crate) fn guard(&self, p: P) -> Expr {
        self.in_expr(|| self.binary_chain(p, |l, c| l.and_g(c)))
    }

    pub(crate) fn and_g(&self, p: P) -> Expr {
        self.binary_chain(p, |l, c| l.not_g(c))
    }

    /// `operand (op operand)*`, left-associative; op tokens are `kw_or`, `kw_and`, `add_op`
    /// or `mul_op`.
    pub(crate) fn binary_chain(&self, p: P, operand: impl Fn(&Self, P) -> Expr) -> Expr {
        let mut it = p.into_inner();
        let mut lhs = operand(self, it.next().unwrap());
        while let Some(op) = it.next() {
            let op_span = self.sp(&op);
            if !self.count_op(op_span) {
                break;
            }
            let bop = match op.as_rule() {
                Rule::kw_or => BinOp::Or,
                Rule::kw_and => BinOp::And,
                _ => match op.as_str() {
                    "+" => BinOp::Add,
                    "-" => BinOp::Sub,
                    "*" => BinOp::Mul,
                    _ => BinOp::Div,
                },
            };
            let rhs = operand(self, it.next().unwrap());
            let span = lhs.span.to(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary {
                    op: bop,
                    op_span,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                span,
            };
        }
        lhs
    }

    pub(crate) fn not_g(&self, p: P) -> Expr {
        let sp = self.sp(&p);
        let mut it = p.into_inner();
        let c = it.next().unwrap();
        match c.as_rule() {
            Rule::kw_not => {
                let inner = self.not_g(it.next().unwrap());
                Expr {
                    kind: ExprKind::Not(Box::new(inner)),
                    span: sp,
                }
            }
            _ => self.cmp(c),
        }
    }

    pub(crate) fn cmp(&self, p: P) -> Expr {
        let sp = self.sp(&p);
        let mut it = p.into_inner();
        let lhs = self.expr(it.next().unwrap());
        match it.next() {
            None => lhs,
            Some(op) if op.as_rule() == Rule::cmp_op && !self.count_op(self.sp(&op)) => lhs,
            Some(op) if op.as_rule() == Rule::cmp_op => {
                let rhs = self.expr(it.next().unwrap());
                Expr {
                    kind: ExprKind::Binary {
                        op: BinOp::from_cmp(op.as_str()),
                        op_span: self.sp(&op),
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    span: sp,
                }
            }
            Some(_kw_in) => {
                let list = meaningful(it.next().unwrap().into_inner())
                    .map(|l| self.literal(l))
                    .collect();
                Expr {
                    kind: ExprKind::In {
                        lhs: Box::new(lhs),
                        list,
                    },
                    span: sp,
                }
            }
        }
    }

    pub(crate) fn expr(&self, p: P) -> Expr {
        self.in_expr(|| self.binary_chain(p, |l, c| l.term(c)))
    }

    pub(crate) fn term(&self, p: P) -> Expr {
        self.binary_chain(p, |l, c| l.unary(c))
    }

    pub(crate) fn unary(&self, p: P) -> Expr {
        let sp = self.sp(&p);
        let mut it = p.into_inner();
        let c = it.next().unwrap();
        match c.as_rule() {
            Rule::minus => {
                let inner = self.unary(it.next().unwrap());
                Expr {
                    kind: ExprKind::Neg(Box::new(inner)),
                    span: sp,
                }
            }
            Rule::scalar => Expr {
                kind: ExprKind::Lit(self.scalar(c)),
                span: sp,
            },
            Rule::name => Expr {
                kind: ExprKind::Name(self.ident(&c)),
                span: sp,
            },
            Rule::lparen => {
                let inner = self.guard(it.next().unwrap());
                Expr {
                    kind: ExprKind::Paren(Box::new(inner)),
                    span: sp,
                }
            }
            _ => unexpected(&c),
        }
    }

    /// A `scalar` pair.
    pub(crate) fn scalar(&self, p: P) -> Literal {
        self.scalar_token(&first(p))
    }

    /// One literal token (`number`, `timestamp`, `string`, `kw_true`, ...).
    pub(crate) fn scalar_token(&self, t: &P) -> Literal {
        let text = t.as_str();
        let mut bad_escape = None;
        let kind = match t.as_rule() {
            Rule::number => LitKind::Number(text.to_string()),
            Rule::percent => LitKind::Percent(text.trim_end_matches('%').to_string()),
            Rule::duration => LitKind::Duration(text.to_string()),
            Rule::timestamp => LitKind::Timestamp(text.to_string()),
            Rule::clock => LitKind::Clock(text.to_string()),
            Rule::string => {
                let s = self.string(t);
                bad_escape = s.bad_escape;
                LitKind::Str(s.value)
            }
            Rule::kw_true => LitKind::Bool(true),
            Rule::kw_false => LitKind::Bool(false),
            Rule::ident => LitKind::Ident(text.to_string()),
            _ => unexpected(t),
        };
        Literal {
            kind,
            negative: false,
            span: self.sp(t),
            bad_escape,
        }
    }

    /// A `literal`, `total_value` or `bound` pair (optionally signed).
    pub(crate) fn literal(&self, p: P) -> Literal {
        let sp = self.sp(&p);
        let mut negative = false;
        let mut out = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::minus => negative = true,
                Rule::scalar => out = Some(self.scalar(c)),
                _ => out = Some(self.scalar_token(&c)),
            }
        }
        let mut lit = out.unwrap();
        lit.negative = negative;
        lit.span = sp;
        lit
    }
}
