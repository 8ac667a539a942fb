//! The merged constraints of a conjunction (intervals, allowed values, booleans), whether
//! they can hold, and a witness assignment when they can.

use super::*;

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
    /// Linear comparisons over two or more numbers (or awkward constants).
    lins: Vec<LinCons>,
    /// Names required set (true) or unset (false).
    set: BTreeMap<VarId, bool>,
    /// Only assignments where every name is set (K108, and payload fields for K107).
    forbid_unset: bool,
    /// Names in the order they were first constrained (for readable witnesses).
    order: Vec<Subject>,
}

/// `Σ coef·var rel c`.
type LinCons = (Vec<(VarId, Rat)>, Rel, Rat);

/// The outcome of the linear part: values for the names it involves, or why not.
enum LinOutcome {
    Sat(BTreeMap<VarId, Rat>),
    Unsat,
    Unknown,
}

impl Constraints {
    /// Constraints in which the given names are set (the event's payload fields), and, with
    /// `all_set`, every name is.
    pub fn seeded(set: impl IntoIterator<Item = VarId>, all_set: bool) -> Constraints {
        Constraints {
            set: set.into_iter().map(|v| (v, true)).collect(),
            forbid_unset: all_set,
            ..Constraints::default()
        }
    }

    fn require(&mut self, v: VarId, set: bool) -> bool {
        if !set && self.forbid_unset {
            return false;
        }
        *self.set.entry(v).or_insert(set) == set
    }

    fn in_lins(&self, v: VarId) -> bool {
        self.lins
            .iter()
            .any(|(t, _, _)| t.iter().any(|(x, _)| *x == v))
    }

    /// Decides the linear comparisons together with the intervals of their names.
    fn linear(&self) -> LinOutcome {
        let mut vars: Vec<VarId> = Vec::new();
        for (t, _, _) in &self.lins {
            for (v, _) in t {
                if !vars.contains(v) {
                    vars.push(*v);
                }
            }
        }
        if vars.is_empty() {
            return LinOutcome::Sat(BTreeMap::new());
        }
        let n = vars.len();
        let idx = |v: VarId| vars.iter().position(|x| *x == v).expect("collected");
        let mut rows: Vec<linear::Row> = Vec::new();
        // `!=` constraints: (coefs, konst), each split into `<` or `>`.
        let mut nes: Vec<(Vec<Rat>, Rat)> = Vec::new();
        let unit = |i: usize| {
            let mut c = vec![Rat::ZERO; n];
            c[i] = Rat::ONE;
            c
        };
        let mut push = |coefs: Vec<Rat>, rel: Rel, k: Rat, nes: &mut Vec<(Vec<Rat>, Rat)>| {
            if rel == Rel::Ne {
                nes.push((coefs, k));
                true
            } else if let Some(r) = linear::rows_of(coefs, rel, k) {
                rows.extend(r);
                true
            } else {
                false
            }
        };
        for (t, rel, c) in &self.lins {
            let mut coefs = vec![Rat::ZERO; n];
            for (v, a) in t {
                coefs[idx(*v)] = *a;
            }
            if !push(coefs, *rel, *c, &mut nes) {
                return LinOutcome::Unknown;
            }
        }
        for (i, v) in vars.iter().enumerate() {
            let Some(iv) = self.nums.get(v) else { continue };
            for (b, rel_open, rel_closed) in [(iv.lo, Rel::Gt, Rel::Ge), (iv.hi, Rel::Lt, Rel::Le)]
            {
                if let Some((d, closed)) = b {
                    let Some(k) = Rat::from_dec(d) else {
                        return LinOutcome::Unknown;
                    };
                    let rel = if closed { rel_closed } else { rel_open };
                    if !push(unit(i), rel, k, &mut nes) {
                        return LinOutcome::Unknown;
                    }
                }
            }
            for d in &iv.excluded {
                let Some(k) = Rat::from_dec(*d) else {
                    return LinOutcome::Unknown;
                };
                nes.push((unit(i), k));
            }
        }
        if nes.len() > linear::MAX_SPLITS {
            return LinOutcome::Unknown;
        }
        let mut unknown = false;
        for mask in 0u32..(1u32 << nes.len()) {
            let mut rs = rows.clone();
            for (bit, (coefs, k)) in nes.iter().enumerate() {
                let rel = if mask & (1 << bit) == 0 {
                    Rel::Lt
                } else {
                    Rel::Gt
                };
                match linear::rows_of(coefs.clone(), rel, *k) {
                    Some(r) => rs.extend(r),
                    None => return LinOutcome::Unknown,
                }
            }
            match linear::decide(n, rs) {
                linear::Decision::Sat(vals) => {
                    return LinOutcome::Sat(vars.iter().copied().zip(vals).collect())
                }
                linear::Decision::Unsat => {}
                linear::Decision::Unknown => unknown = true,
            }
        }
        if unknown {
            LinOutcome::Unknown
        } else {
            LinOutcome::Unsat
        }
    }

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
                if !self.require(*var, true) {
                    return false;
                }
                let rel = if positive { *rel } else { rel.negate() };
                let iv = self.nums.entry(*var).or_default();
                iv.add(rel, *c);
                if !iv.satisfiable() {
                    return false;
                }
                !self.in_lins(*var) || !matches!(self.linear(), LinOutcome::Unsat)
            }
            Atom::Lin { terms, rel, c } => {
                for (v, _) in terms {
                    self.note(Subject::Var(*v));
                    if !self.require(*v, true) {
                        return false;
                    }
                }
                let rel = if positive { *rel } else { rel.negate() };
                self.lins.push((terms.clone(), rel, *c));
                !matches!(self.linear(), LinOutcome::Unsat)
            }
            Atom::Unset(v) => {
                self.note(Subject::Var(*v));
                self.require(*v, !positive)
            }
            Atom::Eq { var, value } => {
                self.note(Subject::Var(*var));
                if !self.require(*var, true) {
                    return false;
                }
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

    /// A concrete assignment that satisfies the constraints (`None` when the linear part is
    /// undecided or has no value with a finite decimal form).
    pub fn witness(&self, cat: &Catalog) -> Option<Witness> {
        let lin = match self.linear() {
            LinOutcome::Sat(m) => m,
            _ => return None,
        };
        let mut w = Witness::default();
        for s in &self.order {
            match s {
                Subject::Flag(f) => w.flags.push((*f, self.bools[s])),
                Subject::Opaque(text) => w.opaque.push((text.clone(), self.bools[s])),
                Subject::Var(v) => {
                    let var = &cat.vars[*v];
                    if self.set.get(v) == Some(&false) {
                        w.unset.push(*v);
                        continue;
                    }
                    let value = if let Some(b) = self.bools.get(s) {
                        Some(Value::Bool(*b))
                    } else if let Some(r) = lin.get(v) {
                        Some(Value::Num(r.to_dec()?))
                    } else if let Some(b) = self.bools.get(s) {
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
                    match value {
                        Some(value) => w.values.push((*v, value)),
                        // A number whose interval has no round value: no witness is claimed.
                        None if self.nums.contains_key(v) => return None,
                        // Required set but otherwise free: any value of its type.
                        None if self.set.get(v) == Some(&true) => {
                            let any = match &var.ty {
                                Type::Number => Some(Value::Num(Decimal::ZERO)),
                                Type::Time => Some(Value::Time(jiff::Timestamp::UNIX_EPOCH)),
                                Type::Text => Some(Value::Text("other".to_string())),
                                Type::Enum(m) => m.first().map(|m| Value::Enum(m.clone())),
                                _ => None,
                            };
                            match any {
                                Some(value) => w.values.push((*v, value)),
                                None => return None,
                            }
                        }
                        None => {}
                    }
                }
            }
        }
        Some(w)
    }
}

/// An assignment that makes a formula hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Witness {
    pub values: Vec<(VarId, Value)>,
    pub flags: Vec<(FlagId, bool)>,
    pub opaque: Vec<(String, bool)>,
    /// Names without a value.
    pub unset: Vec<VarId>,
}

impl Witness {
    /// `ib.group = "IB-EU-GOLD", trade.volume = 100, flag auto_approve off`
    pub fn describe(&self, cat: &Catalog, wf: &Workflow) -> String {
        let mut parts: Vec<String> = self
            .values
            .iter()
            .map(|(v, val)| format!("{} = {}", cat.vars[*v].name, val.display()))
            .collect();
        parts.extend(
            self.unset
                .iter()
                .map(|v| format!("{} unset", cat.vars[*v].name)),
        );
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
