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
    pub(super) fn flip(self) -> Rel {
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
    /// `Σ coef·var rel c` over numbers, decided exactly (Fourier–Motzkin).
    Lin {
        terms: Vec<(VarId, Rat)>,
        rel: Rel,
        c: Rat,
    },
    /// The name has no value (§9: a comparison reading it is false).
    Unset(VarId),
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

/// A linear form `Σ coef · var + konst` over exact rationals (no terms: a constant).
struct Linear {
    terms: BTreeMap<VarId, Rat>,
    konst: Rat,
}

impl Linear {
    fn konst(k: Rat) -> Linear {
        Linear {
            terms: BTreeMap::new(),
            konst: k,
        }
    }

    fn scaled(self, k: Rat) -> Option<Linear> {
        let mut terms = BTreeMap::new();
        for (v, c) in self.terms {
            let c = c.checked_mul(k)?;
            if !c.is_zero() {
                terms.insert(v, c);
            }
        }
        Some(Linear {
            terms,
            konst: self.konst.checked_mul(k)?,
        })
    }

    fn plus(mut self, o: Linear) -> Option<Linear> {
        for (v, c) in o.terms {
            let e = self.terms.entry(v).or_insert(Rat::ZERO);
            *e = e.checked_add(c)?;
            if e.is_zero() {
                self.terms.remove(&v);
            }
        }
        self.konst = self.konst.checked_add(o.konst)?;
        Some(self)
    }
}

pub fn time_secs(t: &jiff::Timestamp) -> Decimal {
    Decimal::from_i128_with_scale(t.as_nanosecond(), 9).normalize()
}

fn linear(cat: &Catalog, e: &RExpr) -> Option<Linear> {
    match &e.kind {
        RKind::Lit(Some(Value::Num(d)), _) => Some(Linear::konst(Rat::from_dec(*d)?)),
        RKind::Lit(Some(Value::Time(t)), _) => Some(Linear::konst(Rat::from_dec(time_secs(t))?)),
        RKind::Var(v) if matches!(cat.vars[*v].ty, Type::Number | Type::Time) => Some(Linear {
            terms: BTreeMap::from([(*v, Rat::ONE)]),
            konst: Rat::ZERO,
        }),
        RKind::Neg(x) => linear(cat, x)?.scaled(Rat::ONE.checked_neg()?),
        RKind::Bin { op, lhs, rhs } => {
            let a = linear(cat, lhs)?;
            let b = linear(cat, rhs)?;
            match op {
                BinOp::Add => a.plus(b),
                BinOp::Sub => a.plus(b.scaled(Rat::ONE.checked_neg()?)?),
                BinOp::Mul => match (a.terms.is_empty(), b.terms.is_empty()) {
                    (true, _) => b.scaled(a.konst),
                    (_, true) => a.scaled(b.konst),
                    // A product of two names stays opaque.
                    _ => None,
                },
                BinOp::Div => {
                    if !b.terms.is_empty() || b.konst.is_zero() {
                        return None;
                    }
                    a.scaled(Rat::ONE.checked_div(b.konst)?)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// A numeric comparison, normalised.
pub enum Comparison {
    /// `var rel c` (one number or time).
    Single(VarId, Rel, Decimal),
    /// `Σ coef·var rel c` over two or more numbers (or one with a constant that has no
    /// finite decimal form).
    Linear(Vec<(VarId, Rat)>, Rel, Rat),
    /// Decided by the constants alone (when every name is set).
    Const(bool),
}

/// A comparison of two linear expressions, normalised to `Σ coef·var rel c`.
pub fn linear_comparison(cat: &Catalog, op: BinOp, lhs: &RExpr, rhs: &RExpr) -> Option<Comparison> {
    let rel = Rel::from_op(op)?;
    let l = linear(cat, lhs)?;
    let r = linear(cat, rhs)?;
    // (l - r) rel 0  →  Σ a·x rel -b
    let d = l.plus(r.scaled(Rat::ONE.checked_neg()?)?)?;
    let c = d.konst.checked_neg()?;
    let terms: Vec<(VarId, Rat)> = d.terms.into_iter().collect();
    match terms.as_slice() {
        [] => Some(Comparison::Const(match Rat::ZERO.compare(c)? {
            std::cmp::Ordering::Less => matches!(rel, Rel::Lt | Rel::Le | Rel::Ne),
            std::cmp::Ordering::Equal => matches!(rel, Rel::Le | Rel::Ge | Rel::Eq),
            std::cmp::Ordering::Greater => matches!(rel, Rel::Gt | Rel::Ge | Rel::Ne),
        })),
        [(v, a)] => {
            let k = c.checked_div(*a)?;
            let rel = if a.is_neg() { rel.flip() } else { rel };
            match k.to_dec() {
                Some(k) => Some(Comparison::Single(*v, rel, k)),
                None if cat.vars[*v].ty == Type::Number => {
                    Some(Comparison::Linear(vec![(*v, Rat::ONE)], rel, k))
                }
                None => None,
            }
        }
        _ => {
            // Times only against constants: a sum of times is not a time.
            if terms.iter().any(|(v, _)| cat.vars[*v].ty != Type::Number) {
                return None;
            }
            Some(Comparison::Linear(terms, rel, c))
        }
    }
}

/// `var rel c` from a comparison, if it is linear in one number or time.
pub fn numeric_comparison(
    cat: &Catalog,
    op: BinOp,
    lhs: &RExpr,
    rhs: &RExpr,
) -> Option<Result<(VarId, Rel, Decimal), bool>> {
    match linear_comparison(cat, op, lhs, rhs)? {
        Comparison::Single(v, rel, c) => Some(Ok((v, rel, c))),
        Comparison::Const(b) => Some(Err(b)),
        Comparison::Linear(..) => None,
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
                        let lit = Formula::Lit(
                            Atom::Eq {
                                var: *v,
                                value: val,
                            },
                            eq == positive,
                        );
                        return or_unset(cat, e, positive, lit);
                    }
                }
            }
            let lit = match linear_comparison(cat, *op, lhs, rhs) {
                Some(Comparison::Single(var, rel, c)) => Formula::Lit(
                    Atom::Num {
                        var,
                        rel: if positive { rel } else { rel.negate() },
                        c,
                    },
                    true,
                ),
                Some(Comparison::Linear(terms, rel, c)) => Formula::Lit(
                    Atom::Lin {
                        terms,
                        rel: if positive { rel } else { rel.negate() },
                        c,
                    },
                    true,
                ),
                Some(Comparison::Const(b)) => {
                    // Holds (when every name is set) or not, whatever the values.
                    let unset = unset_vars(cat, e);
                    return match (b, positive) {
                        (false, true) => Formula::Const(false),
                        (false, false) => Formula::Const(true),
                        (true, true) => Formula::And(
                            unset
                                .into_iter()
                                .map(|v| Formula::Lit(Atom::Unset(v), false))
                                .collect(),
                        ),
                        (true, false) => Formula::Or(
                            unset
                                .into_iter()
                                .map(|v| Formula::Lit(Atom::Unset(v), true))
                                .collect(),
                        ),
                    };
                }
                None => return opaque(positive),
            };
            // Names whose terms cancelled (`0 * x`, `x - x`) are still read: they must be set.
            let mut parts = vec![lit];
            let named: Vec<VarId> = match &parts[0] {
                Formula::Lit(Atom::Num { var, .. }, _) => vec![*var],
                Formula::Lit(Atom::Lin { terms, .. }, _) => terms.iter().map(|(v, _)| *v).collect(),
                _ => Vec::new(),
            };
            for v in unset_vars(cat, e) {
                if !named.contains(&v) {
                    parts.push(Formula::Lit(Atom::Unset(v), false));
                }
            }
            let lit = if parts.len() == 1 {
                parts.pop().expect("one")
            } else {
                Formula::And(parts)
            };
            or_unset(cat, e, positive, lit)
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
                or_unset(cat, e, positive, Formula::And(parts))
            }
        }
        _ => opaque(positive),
    }
}

/// The names of `e` that may be unset (every name but booleans, which read false).
fn unset_vars(cat: &Catalog, e: &RExpr) -> Vec<VarId> {
    let mut out = Vec::new();
    e.walk(&mut |n| {
        if let RKind::Var(v) = n.kind {
            if cat.vars[v].ty != Type::Bool && !out.contains(&v) {
                out.push(v);
            }
        }
    });
    out
}

/// A comparison under `not` also holds when a name it reads is unset (§4: the comparison is
/// false). Under no `not`, its literals require every name set.
fn or_unset(cat: &Catalog, e: &RExpr, positive: bool, lit: Formula) -> Formula {
    if positive {
        return lit;
    }
    let unset = unset_vars(cat, e);
    if unset.is_empty() {
        return lit;
    }
    let mut parts = vec![lit];
    parts.extend(
        unset
            .into_iter()
            .map(|v| Formula::Lit(Atom::Unset(v), true)),
    );
    Formula::Or(parts)
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
