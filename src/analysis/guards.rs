//! The guard theory behind K107 (ambiguous transitions) and K108 (unhandled segments).
//!
//! A guard is normalised over atoms: booleans (facts, bool attributes and fields, feature
//! flags), equality of enum and text values with constants (`in` is a disjunction of them),
//! comparisons of one number or time with a constant (arithmetic folded when it is linear in
//! one name: `trade.volume * 5 > 100` is `trade.volume > 20`), and opaque atoms for anything
//! else (compared as free booleans). Negation is pushed to the atoms (negation normal form),
//! then the guard is put in disjunctive normal form. A conjunction is satisfiable when, per
//! name, its constraints agree: an interval with open or closed ends (minus excluded points)
//! that is not empty; an enum member or a text value that is allowed; a boolean not required
//! both ways. A satisfiable conjunction yields a witness assignment.
//!
//! Bounds (documented limits, never exponential blow-up): a guard with more than
//! [`MAX_ATOMS`] atoms is not analysed (K110); a normal form may hold at most
//! [`MAX_CONJUNCTIONS`] conjunctions and a gap search at most [`MAX_STEPS`] merge steps.
//! Complexity per state+event pair with `k` transitions: `O(k² · c²)` merges for overlaps (at
//! most one finding per transition, naming its earliest overlapping sibling) and at most
//! `MAX_STEPS` for the gap, where `c ≤ MAX_CONJUNCTIONS`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::ast::BinOp;
use crate::model::{
    Catalog, EventId, FlagId, Guard, RExpr, RKind, StateId, TransitionId, Type, Value, VarId,
    Workflow,
};
use crate::span::Span;

/// The most atoms one guard may have and still be analysed.
pub const MAX_ATOMS: usize = 24;
/// The most conjunctions a normal form may hold.
pub const MAX_CONJUNCTIONS: usize = 4096;
/// The most merge steps a gap search may take per state+event pair.
pub const MAX_STEPS: usize = 200_000;

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

    fn negate(self) -> Rel {
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

#[derive(Clone, Debug, Default)]
struct Interval {
    lo: Option<(Decimal, bool)>,
    hi: Option<(Decimal, bool)>,
    excluded: Vec<Decimal>,
}

impl Interval {
    fn add(&mut self, rel: Rel, c: Decimal) {
        let tighten_lo = |lo: &mut Option<(Decimal, bool)>, c: Decimal, closed: bool| match lo {
            Some((v, cl)) if *v > c || (*v == c && !*cl) => {}
            _ => *lo = Some((c, closed)),
        };
        let tighten_hi = |hi: &mut Option<(Decimal, bool)>, c: Decimal, closed: bool| match hi {
            Some((v, cl)) if *v < c || (*v == c && !*cl) => {}
            _ => *hi = Some((c, closed)),
        };
        match rel {
            Rel::Gt => tighten_lo(&mut self.lo, c, false),
            Rel::Ge => tighten_lo(&mut self.lo, c, true),
            Rel::Lt => tighten_hi(&mut self.hi, c, false),
            Rel::Le => tighten_hi(&mut self.hi, c, true),
            Rel::Eq => {
                tighten_lo(&mut self.lo, c, true);
                tighten_hi(&mut self.hi, c, true);
            }
            Rel::Ne => self.excluded.push(c),
        }
    }

    fn ok(&self, v: Decimal) -> bool {
        let lo_ok = self
            .lo
            .is_none_or(|(l, closed)| v > l || (closed && v == l));
        let hi_ok = self
            .hi
            .is_none_or(|(h, closed)| v < h || (closed && v == h));
        lo_ok && hi_ok && !self.excluded.contains(&v)
    }

    /// A value inside, preferring round numbers.
    fn pick(&self) -> Option<Decimal> {
        let mut candidates: Vec<Decimal> = Vec::new();
        match (self.lo, self.hi) {
            (None, None) => candidates.extend([Decimal::ZERO, Decimal::ONE, Decimal::ONE_HUNDRED]),
            (Some((l, _)), None) => candidates.extend([
                l,
                l.floor() + Decimal::ONE,
                l.floor() + Decimal::TEN,
                l + Decimal::ONE_HUNDRED,
            ]),
            (None, Some((h, _))) => candidates.extend([
                h,
                h.ceil() - Decimal::ONE,
                h.ceil() - Decimal::TEN,
                h - Decimal::ONE_HUNDRED,
            ]),
            (Some((l, _)), Some((h, _))) => {
                candidates.extend([l, l.floor() + Decimal::ONE, h, h.ceil() - Decimal::ONE]);
                let mut mid = (l + h) / Decimal::TWO;
                for _ in 0..8 {
                    candidates.push(mid);
                    mid = (l + mid) / Decimal::TWO;
                }
            }
        }
        for ex in &self.excluded {
            candidates.push(*ex + Decimal::ONE);
            candidates.push(*ex - Decimal::ONE);
        }
        candidates
            .into_iter()
            .find(|c| self.ok(*c))
            .map(|c| c.normalize())
    }

    fn satisfiable(&self) -> bool {
        match (self.lo, self.hi) {
            (Some((l, lc)), Some((h, hc))) => {
                if l > h || (l == h && !(lc && hc)) {
                    return false;
                }
                if l == h {
                    return !self.excluded.contains(&l);
                }
                true
            }
            _ => true,
        }
    }
}

#[derive(Clone, Debug, Default)]
struct EqCons {
    must: Option<Value>,
    not: Vec<Value>,
}

/// The merged constraints of a satisfiable conjunction.
#[derive(Clone, Debug, Default)]
pub struct Constraints {
    bools: BTreeMap<Subject, bool>,
    nums: BTreeMap<VarId, Interval>,
    eqs: BTreeMap<VarId, EqCons>,
    /// Names in the order they were first constrained (for readable witnesses).
    order: Vec<Subject>,
}

impl Constraints {
    /// Merges a conjunction; `None` if it cannot hold.
    pub fn of(cat: &Catalog, c: &[(Atom, bool)]) -> Option<Constraints> {
        let mut k = Constraints::default();
        for (a, p) in c {
            if !k.add(cat, a, *p) {
                return None;
            }
        }
        Some(k)
    }

    fn note(&mut self, s: Subject) {
        if !self.order.contains(&s) {
            self.order.push(s);
        }
    }

    pub fn add(&mut self, cat: &Catalog, a: &Atom, positive: bool) -> bool {
        match a {
            Atom::Bool(s) => {
                self.note(s.clone());
                match self.bools.get(s) {
                    Some(v) => *v == positive,
                    None => {
                        self.bools.insert(s.clone(), positive);
                        true
                    }
                }
            }
            Atom::Num { var, rel, c } => {
                self.note(Subject::Var(*var));
                let rel = if positive { *rel } else { rel.negate() };
                let iv = self.nums.entry(*var).or_default();
                iv.add(rel, *c);
                iv.satisfiable()
            }
            Atom::Eq { var, value } => {
                self.note(Subject::Var(*var));
                let e = self.eqs.entry(*var).or_default();
                if positive {
                    match &e.must {
                        Some(m) if m != value => return false,
                        _ => e.must = Some(value.clone()),
                    }
                } else if !e.not.contains(value) {
                    e.not.push(value.clone());
                }
                match &e.must {
                    Some(m) => !e.not.contains(m),
                    None => match &cat.vars[*var].ty {
                        Type::Enum(members) => members
                            .iter()
                            .any(|m| !e.not.contains(&Value::Enum(m.clone()))),
                        _ => true,
                    },
                }
            }
        }
    }

    pub fn merge(&self, cat: &Catalog, c: &[(Atom, bool)]) -> Option<Constraints> {
        let mut k = self.clone();
        for (a, p) in c {
            if !k.add(cat, a, *p) {
                return None;
            }
        }
        Some(k)
    }

    /// A concrete assignment that satisfies the constraints.
    pub fn witness(&self, cat: &Catalog) -> Witness {
        let mut w = Witness::default();
        for s in &self.order {
            match s {
                Subject::Flag(f) => w.flags.push((*f, self.bools[s])),
                Subject::Opaque(text) => w.opaque.push((text.clone(), self.bools[s])),
                Subject::Var(v) => {
                    let var = &cat.vars[*v];
                    let value = if let Some(b) = self.bools.get(s) {
                        Some(Value::Bool(*b))
                    } else if let Some(iv) = self.nums.get(v) {
                        iv.pick().map(|d| match var.ty {
                            Type::Time => {
                                let ns = (d * Decimal::from(1_000_000_000)).trunc();
                                let ns: i128 = ns.try_into().unwrap_or(0);
                                Value::Time(
                                    jiff::Timestamp::from_nanosecond(ns).unwrap_or_default(),
                                )
                            }
                            _ => Value::Num(d),
                        })
                    } else {
                        self.eqs.get(v).map(|e| match (&e.must, &var.ty) {
                            (Some(m), _) => m.clone(),
                            (None, Type::Enum(members)) => members
                                .iter()
                                .map(|m| Value::Enum(m.clone()))
                                .find(|m| !e.not.contains(m))
                                .unwrap_or(Value::Enum(String::new())),
                            (None, _) => {
                                let mut i = 0;
                                loop {
                                    let cand = Value::Text(if i == 0 {
                                        "other".to_string()
                                    } else {
                                        format!("other{i}")
                                    });
                                    if !e.not.contains(&cand) {
                                        break cand;
                                    }
                                    i += 1;
                                }
                            }
                        })
                    };
                    if let Some(value) = value {
                        w.values.push((*v, value));
                    }
                }
            }
        }
        w
    }
}

/// An assignment that makes a formula hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Witness {
    pub values: Vec<(VarId, Value)>,
    pub flags: Vec<(FlagId, bool)>,
    pub opaque: Vec<(String, bool)>,
}

impl Witness {
    /// `ib.group = "IB-EU-GOLD", trade.volume = 100, flag auto_approve off`
    pub fn describe(&self, cat: &Catalog, wf: &Workflow) -> String {
        let mut parts: Vec<String> = self
            .values
            .iter()
            .map(|(v, val)| format!("{} = {}", cat.vars[*v].name, val.display()))
            .collect();
        parts.extend(self.flags.iter().map(|(f, on)| {
            format!(
                "flag {} {}",
                wf.flags[*f].name,
                if *on { "on" } else { "off" }
            )
        }));
        parts.extend(self.opaque.iter().map(|(t, b)| format!("`{t}` is {b}")));
        if parts.is_empty() {
            "any values".to_string()
        } else {
            parts.join(", ")
        }
    }
}

/// The effective guard of a transition as a formula (its flag conjoined), or `None` for
/// `otherwise`.
pub fn transition_formula(cat: &Catalog, wf: &Workflow, t: TransitionId) -> Option<Formula> {
    let tr = &wf.transitions[t];
    let g = match &tr.guard {
        Guard::Otherwise(_) => return None,
        Guard::Always => Formula::Const(true),
        Guard::Expr(e) => nnf(cat, e, true),
    };
    Some(match tr.behind.as_ref().and_then(|b| b.id) {
        Some(f) => Formula::And(vec![Formula::Lit(Atom::Bool(Subject::Flag(f)), true), g]),
        None => g,
    })
}

/// Two transitions of one state and event that can both hold.
#[derive(Clone, Debug)]
pub struct Overlap {
    /// The earliest sibling that overlaps `second`.
    pub first: TransitionId,
    pub second: TransitionId,
    pub witness: Witness,
    /// How many other earlier siblings overlap `second` too.
    pub others: usize,
}

/// A state and event whose guards leave a satisfiable gap.
#[derive(Clone, Debug)]
pub struct Gap {
    pub state: StateId,
    pub event: EventId,
    pub first: TransitionId,
    pub witness: Witness,
}

/// A guard too large to analyse.
#[derive(Clone, Debug)]
pub struct TooComplex {
    pub transition: TransitionId,
    pub span: Span,
    pub atoms: usize,
}

#[derive(Clone, Debug, Default)]
pub struct GuardReport {
    pub overlaps: Vec<Overlap>,
    pub gaps: Vec<Gap>,
    pub too_complex: Vec<TooComplex>,
    /// State+event pairs whose analysis hit a work bound (reported with K110 too).
    pub budget_exceeded: Vec<TransitionId>,
}

/// Analyses every state+event pair with at least one transition.
pub fn analyze(cat: &Catalog, wf: &Workflow) -> GuardReport {
    let mut groups: BTreeMap<(StateId, EventId), Vec<TransitionId>> = BTreeMap::new();
    for (i, t) in wf.transitions.iter().enumerate() {
        if let (Some(s), Some(e)) = (t.from.id, t.event.id) {
            groups.entry((s, e)).or_default().push(i);
        }
    }
    let mut report = GuardReport::default();
    for ((state, event), ts) in groups {
        pair(cat, wf, state, event, &ts, &mut report);
    }
    report
}

fn pair(
    cat: &Catalog,
    wf: &Workflow,
    state: StateId,
    event: EventId,
    ts: &[TransitionId],
    report: &mut GuardReport,
) {
    // Normal forms of each guard (None: otherwise); give up on the pair if one is too big.
    let mut forms: Vec<(TransitionId, Option<Formula>)> = Vec::new();
    for &t in ts {
        let f = transition_formula(cat, wf, t);
        if let Some(f) = &f {
            let atoms = f.atoms();
            if atoms > MAX_ATOMS {
                report.too_complex.push(TooComplex {
                    transition: t,
                    span: wf.transitions[t].head_span,
                    atoms,
                });
                return;
            }
        }
        forms.push((t, f));
    }
    let mut dnfs: Vec<(TransitionId, Option<Vec<Conj>>)> = Vec::new();
    for (t, f) in &forms {
        match f {
            None => dnfs.push((*t, None)),
            Some(f) => match dnf(cat, f) {
                Some(d) => dnfs.push((*t, Some(d))),
                None => {
                    report.budget_exceeded.push(*t);
                    return;
                }
            },
        }
    }
    // Overlaps between guarded siblings: one finding per transition that overlaps an earlier
    // sibling, naming the earliest one (with a witness) and counting the others. The
    // constraints of each conjunction are built once; a pair test is then merges only.
    let built: Vec<Option<Vec<(Constraints, &Conj)>>> = dnfs
        .iter()
        .map(|(_, d)| {
            d.as_ref().map(|d| {
                d.iter()
                    .filter_map(|c| Constraints::of(cat, c).map(|k| (k, c)))
                    .collect()
            })
        })
        .collect();
    let overlap = |i: usize, j: usize| -> Option<Constraints> {
        let (Some(a), Some(b)) = (&built[i], &dnfs[j].1) else {
            return None;
        };
        a.iter()
            .find_map(|(k, _)| b.iter().find_map(|cb| k.merge(cat, cb)))
    };
    for j in 1..dnfs.len() {
        if built[j].as_ref().is_none_or(|b| b.is_empty()) {
            continue;
        }
        let mut earliest: Option<(usize, Constraints)> = None;
        let mut others = 0usize;
        for i in 0..j {
            if earliest.is_some() {
                // Only counted: the cheaper test, no witness.
                if overlap(i, j).is_some() {
                    others += 1;
                }
            } else if let Some(m) = overlap(i, j) {
                earliest = Some((i, m));
            }
        }
        if let Some((i, m)) = earliest {
            report.overlaps.push(Overlap {
                first: dnfs[i].0,
                second: dnfs[j].0,
                witness: m.witness(cat),
                others,
            });
        }
    }
    // Negated guards of the non-otherwise siblings, for gaps and for `otherwise` pairs.
    let guarded: Vec<&(TransitionId, Option<Formula>)> =
        forms.iter().filter(|(_, f)| f.is_some()).collect();
    let mut negs: Vec<Vec<Conj>> = Vec::new();
    for (t, f) in &guarded {
        let neg = negate(f.as_ref().expect("guarded"));
        match dnf(cat, &neg) {
            Some(d) => negs.push(d),
            None => {
                report.budget_exceeded.push(*t);
                return;
            }
        }
    }
    let otherwise: Vec<TransitionId> = forms
        .iter()
        .filter(|(_, f)| f.is_none())
        .map(|(t, _)| *t)
        .collect();
    let none_holds = || {
        let mut steps = 0usize;
        search(cat, &negs, 0, Constraints::default(), &mut steps)
    };
    if otherwise.len() >= 2 {
        match none_holds() {
            Ok(Some(k)) => report.overlaps.push(Overlap {
                first: otherwise[0],
                second: otherwise[1],
                witness: k.witness(cat),
                others: otherwise.len() - 2,
            }),
            Ok(None) => {}
            Err(()) => report.budget_exceeded.push(otherwise[1]),
        }
    }
    if otherwise.is_empty() {
        match none_holds() {
            Ok(Some(k)) => report.gaps.push(Gap {
                state,
                event,
                first: ts[0],
                witness: k.witness(cat),
            }),
            Ok(None) => {}
            Err(()) => report.budget_exceeded.push(ts[0]),
        }
    }
}

fn negate(f: &Formula) -> Formula {
    match f {
        Formula::Const(b) => Formula::Const(!b),
        Formula::Lit(a, p) => Formula::Lit(a.clone(), !p),
        Formula::And(v) => Formula::Or(v.iter().map(negate).collect()),
        Formula::Or(v) => Formula::And(v.iter().map(negate).collect()),
    }
}

/// Picks one conjunction from each clause so that all agree (depth-first, bounded).
/// Depth-first search for one conjunction per clause (from clause `i` on) that agree with
/// `acc`, within the step budget. The stack is explicit: the depth is the number of siblings
/// of a state and event, which a workflow can make as large as it likes.
fn search(
    cat: &Catalog,
    clauses: &[Vec<Conj>],
    i: usize,
    acc: Constraints,
    steps: &mut usize,
) -> Result<Option<Constraints>, ()> {
    if i >= clauses.len() {
        return Ok(Some(acc));
    }
    // One frame per clause entered: the next conjunction to try, and the constraints before it.
    let mut stack: Vec<(usize, Constraints)> = vec![(0, acc)];
    while !stack.is_empty() {
        let depth = i + stack.len() - 1;
        let top = stack.len() - 1;
        let next = stack[top].0;
        let Some(c) = clauses[depth].get(next) else {
            stack.pop();
            continue;
        };
        stack[top].0 += 1;
        *steps += 1;
        if *steps > MAX_STEPS {
            return Err(());
        }
        if let Some(merged) = stack[top].1.merge(cat, c) {
            if depth + 1 == clauses.len() {
                return Ok(Some(merged));
            }
            stack.push((0, merged));
        }
    }
    Ok(None)
}

/// Whether a formula can hold, with a witness (used by tests and `keel test --suggest`).
pub fn satisfy(cat: &Catalog, f: &Formula) -> Option<Witness> {
    let d = dnf(cat, f)?;
    d.iter()
        .find_map(|c| Constraints::of(cat, c))
        .map(|k| k.witness(cat))
}
