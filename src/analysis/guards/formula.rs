//! Guards as formulas: atoms (booleans, enum and text equality, linear comparisons with
//! constants), the negation normal form and the bounded disjunctive normal form.

use super::*;

/// What a boolean atom is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    Var(VarId),
    Flag(FlagId),
    /// An expression the theory does not model, by its text.
    Opaque(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rel {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Rel {
    fn from_op(op: BinOp) -> Option<Rel> {
        Some(match op {
            BinOp::Lt => Rel::Lt,
            BinOp::Le => Rel::Le,
            BinOp::Gt => Rel::Gt,
            BinOp::Ge => Rel::Ge,
            BinOp::Eq => Rel::Eq,
            BinOp::Ne => Rel::Ne,
            _ => return None,
        })
    }

    pub(super) fn negate(self) -> Rel {
        match self {
            Rel::Lt => Rel::Ge,
            Rel::Le => Rel::Gt,
            Rel::Gt => Rel::Le,
            Rel::Ge => Rel::Lt,
            Rel::Eq => Rel::Ne,
            Rel::Ne => Rel::Eq,
        }
    }

    /// `a op x` as `x op' a`.
    fn flip(self) -> Rel {
        match self {
            Rel::Lt => Rel::Gt,
            Rel::Le => Rel::Ge,
            Rel::Gt => Rel::Lt,
            Rel::Ge => Rel::Le,
            r => r,
        }
    }

    pub fn holds(self, a: Decimal, b: Decimal) -> bool {
        match self {
            Rel::Lt => a < b,
            Rel::Le => a <= b,
            Rel::Gt => a > b,
            Rel::Ge => a >= b,
            Rel::Eq => a == b,
            Rel::Ne => a != b,
        }
    }
}

/// An atomic proposition.
#[derive(Clone, Debug, PartialEq)]
pub enum Atom {
    Bool(Subject),
    /// `var rel c` for a number or time (times as seconds).
    Num {
        var: VarId,
        rel: Rel,
        c: Decimal,
    },
    /// `var == value` for an enum or text.
    Eq {
        var: VarId,
        value: Value,
    },
}

/// A formula in negation normal form.
#[derive(Clone, Debug)]
pub enum Formula {
    Const(bool),
    Lit(Atom, bool),
    And(Vec<Formula>),
    Or(Vec<Formula>),
}

impl Formula {
    pub fn atoms(&self) -> usize {
        match self {
            Formula::Const(_) => 0,
            Formula::Lit(..) => 1,
            Formula::And(v) | Formula::Or(v) => v.iter().map(Formula::atoms).sum(),
        }
    }
}

/// A linear form `coef · var + konst` (var absent: a constant).
struct Linear {
    var: Option<VarId>,
    coef: Decimal,
    konst: Decimal,
}

pub fn time_secs(t: &jiff::Timestamp) -> Decimal {
    Decimal::from_i128_with_scale(t.as_nanosecond(), 9).normalize()
}

fn linear(cat: &Catalog, e: &RExpr) -> Option<Linear> {
    match &e.kind {
        RKind::Lit(Some(Value::Num(d)), _) => Some(Linear {
            var: None,
            coef: Decimal::ZERO,
            konst: *d,
        }),
        RKind::Lit(Some(Value::Time(t)), _) => Some(Linear {
            var: None,
            coef: Decimal::ZERO,
            konst: time_secs(t),
        }),
        RKind::Var(v) if matches!(cat.vars[*v].ty, Type::Number | Type::Time) => Some(Linear {
            var: Some(*v),
            coef: Decimal::ONE,
            konst: Decimal::ZERO,
        }),
        RKind::Neg(x) => {
            let l = linear(cat, x)?;
            Some(Linear {
                var: l.var,
                coef: -l.coef,
                konst: -l.konst,
            })
        }
        RKind::Bin { op, lhs, rhs } => {
            let a = linear(cat, lhs)?;
            let b = linear(cat, rhs)?;
            match op {
                BinOp::Add | BinOp::Sub => {
                    let sign = if *op == BinOp::Sub {
                        -Decimal::ONE
                    } else {
                        Decimal::ONE
                    };
                    let var = match (a.var, b.var) {
                        (Some(x), Some(y)) if x != y => return None,
                        (x, y) => x.or(y),
                    };
                    Some(Linear {
                        var,
                        coef: a.coef.checked_add(b.coef.checked_mul(sign)?)?,
                        konst: a.konst.checked_add(b.konst.checked_mul(sign)?)?,
                    })
                }
                BinOp::Mul => {
                    let (k, l) = match (a.var, b.var) {
                        (None, _) => (a.konst, b),
                        (_, None) => (b.konst, a),
                        _ => return None,
                    };
                    Some(Linear {
                        var: l.var,
                        coef: l.coef.checked_mul(k)?,
                        konst: l.konst.checked_mul(k)?,
                    })
                }
                BinOp::Div => {
                    if b.var.is_some() || b.konst.is_zero() {
                        return None;
                    }
                    Some(Linear {
                        var: a.var,
                        coef: a.coef.checked_div(b.konst)?,
                        konst: a.konst.checked_div(b.konst)?,
                    })
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// `var rel c` from a comparison, if it is linear in one number or time.
pub fn numeric_comparison(
    cat: &Catalog,
    op: BinOp,
    lhs: &RExpr,
    rhs: &RExpr,
) -> Option<Result<(VarId, Rel, Decimal), bool>> {
    let rel = Rel::from_op(op)?;
    let l = linear(cat, lhs)?;
    let r = linear(cat, rhs)?;
    let var = match (l.var, r.var) {
        (Some(x), Some(y)) if x != y => return None,
        (x, y) => x.or(y),
    };
    // (l - r) rel 0  →  a·x + b rel 0
    let a = l.coef.checked_sub(r.coef)?;
    let b = l.konst.checked_sub(r.konst)?;
    match var {
        Some(v) if !a.is_zero() => {
            let c = (-b).checked_div(a)?.normalize();
            let rel = if a.is_sign_negative() {
                rel.flip()
            } else {
                rel
            };
            Some(Ok((v, rel, c)))
        }
        _ => Some(Err(rel.holds(b, Decimal::ZERO))),
    }
}

fn is_bool_const(e: &RExpr) -> Option<bool> {
    match &e.kind {
        RKind::Lit(Some(Value::Bool(b)), _) => Some(*b),
        _ => None,
    }
}

fn enumlike_value(e: &RExpr) -> Option<Value> {
    match &e.kind {
        RKind::Lit(Some(v @ (Value::Enum(_) | Value::Text(_))), _) => Some(v.clone()),
        _ => None,
    }
}

/// The negation normal form of `e` (or of `not e` when `positive` is false).
pub fn nnf(cat: &Catalog, e: &RExpr, positive: bool) -> Formula {
    let opaque = |positive: bool| {
        Formula::Lit(
            Atom::Bool(Subject::Opaque(crate::render::expr(cat, e))),
            positive,
        )
    };
    match &e.kind {
        RKind::Not(x) => nnf(cat, x, !positive),
        RKind::Lit(Some(Value::Bool(b)), _) => Formula::Const(*b == positive),
        RKind::Var(v) if cat.vars[*v].ty == Type::Bool => {
            Formula::Lit(Atom::Bool(Subject::Var(*v)), positive)
        }
        RKind::Bin {
            op: op @ (BinOp::And | BinOp::Or),
            lhs,
            rhs,
        } => {
            let parts = vec![nnf(cat, lhs, positive), nnf(cat, rhs, positive)];
            if (*op == BinOp::And) == positive {
                Formula::And(parts)
            } else {
                Formula::Or(parts)
            }
        }
        RKind::Bin { op, lhs, rhs } if op.is_comparison() => {
            let eq = match op {
                BinOp::Eq => Some(true),
                BinOp::Ne => Some(false),
                _ => None,
            };
            // Booleans compared with a constant.
            if let Some(eq) = eq {
                for (var, k) in [(lhs, rhs), (rhs, lhs)] {
                    if let (RKind::Var(v), Some(b)) = (&var.kind, is_bool_const(k)) {
                        if cat.vars[*v].ty == Type::Bool {
                            return Formula::Lit(
                                Atom::Bool(Subject::Var(*v)),
                                (b == eq) == positive,
                            );
                        }
                    }
                    if let (RKind::Var(v), Some(val)) = (&var.kind, enumlike_value(k)) {
                        return Formula::Lit(
                            Atom::Eq {
                                var: *v,
                                value: val,
                            },
                            eq == positive,
                        );
                    }
                }
            }
            match numeric_comparison(cat, *op, lhs, rhs) {
                Some(Ok((var, rel, c))) => Formula::Lit(
                    Atom::Num {
                        var,
                        rel: if positive { rel } else { rel.negate() },
                        c,
                    },
                    true,
                ),
                Some(Err(b)) => Formula::Const(b == positive),
                None => opaque(positive),
            }
        }
        RKind::In { lhs, list } => {
            let RKind::Var(v) = &lhs.kind else {
                return opaque(positive);
            };
            let mut parts = Vec::new();
            for item in list {
                match &item.kind {
                    RKind::Lit(Some(Value::Num(d)), _) => parts.push(Formula::Lit(
                        Atom::Num {
                            var: *v,
                            rel: if positive { Rel::Eq } else { Rel::Ne },
                            c: *d,
                        },
                        true,
                    )),
                    RKind::Lit(Some(val @ (Value::Enum(_) | Value::Text(_))), _) => {
                        parts.push(Formula::Lit(
                            Atom::Eq {
                                var: *v,
                                value: val.clone(),
                            },
                            positive,
                        ))
                    }
                    _ => return opaque(positive),
                }
            }
            if positive {
                Formula::Or(parts)
            } else {
                Formula::And(parts)
            }
        }
        _ => opaque(positive),
    }
}

/// A conjunction of literals.
pub type Conj = Vec<(Atom, bool)>;

/// The disjunctive normal form, pruned of unsatisfiable conjunctions; `None` when it would
/// exceed [`MAX_CONJUNCTIONS`].
pub fn dnf(cat: &Catalog, f: &Formula) -> Option<Vec<Conj>> {
    match f {
        Formula::Const(true) => Some(vec![Vec::new()]),
        Formula::Const(false) => Some(Vec::new()),
        Formula::Lit(a, p) => Some(vec![vec![(a.clone(), *p)]]),
        Formula::Or(parts) => {
            let mut out = Vec::new();
            for p in parts {
                out.extend(dnf(cat, p)?);
                if out.len() > MAX_CONJUNCTIONS {
                    return None;
                }
            }
            Some(out)
        }
        Formula::And(parts) => {
            let mut acc: Vec<Conj> = vec![Vec::new()];
            for p in parts {
                let d = dnf(cat, p)?;
                let mut next = Vec::new();
                for a in &acc {
                    for b in &d {
                        let mut c = a.clone();
                        c.extend(b.iter().cloned());
                        if Constraints::of(cat, &c).is_some() {
                            next.push(c);
                            if next.len() > MAX_CONJUNCTIONS {
                                return None;
                            }
                        }
                    }
                }
                acc = next;
            }
            Some(acc)
        }
    }
}
