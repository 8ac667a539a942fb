//! Exact linear real arithmetic for guards: rationals over `i128` (every overflow is
//! "undecided", never a guess) and Fourier–Motzkin elimination with strict and non-strict
//! inequalities, with a satisfying assignment by back-substitution. See
//! docs/deciding-guards.md for why this and not an LP crate.

use std::cmp::Ordering;

use rust_decimal::Decimal;

/// The most rows one elimination may hold before the answer is "undecided".
pub const MAX_ROWS: usize = 4096;
/// The most `!=` constraints split into `<` or `>` per decision (2^n cases).
pub const MAX_SPLITS: usize = 8;

/// An exact rational `n / d` with `d > 0` and `gcd(n, d) = 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rat {
    n: i128,
    d: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Rat {
    pub const ZERO: Rat = Rat { n: 0, d: 1 };
    pub const ONE: Rat = Rat { n: 1, d: 1 };

    pub fn new(n: i128, d: i128) -> Option<Rat> {
        if d == 0 {
            return None;
        }
        let g = gcd(n, d).max(1);
        let (mut n, mut d) = (n / g, d / g);
        if d < 0 {
            n = n.checked_neg()?;
            d = d.checked_neg()?;
        }
        Some(Rat { n, d })
    }

    pub fn int(n: i128) -> Rat {
        Rat { n, d: 1 }
    }

    pub fn from_dec(x: Decimal) -> Option<Rat> {
        let x = x.normalize();
        Rat::new(x.mantissa(), 10i128.checked_pow(x.scale())?)
    }

    /// The decimal value, if it has a finite decimal expansion that `Decimal` holds.
    pub fn to_dec(self) -> Option<Decimal> {
        let mut d = self.d;
        let mut k = 0u32;
        while d % 2 == 0 || d % 5 == 0 {
            d /= if d % 2 == 0 { 2 } else { 5 };
            k += 1;
        }
        if d != 1 || k > 28 {
            return None;
        }
        let scale = 10i128.checked_pow(k)?;
        let m = self.n.checked_mul(scale / self.d)?;
        Decimal::try_from_i128_with_scale(m, k)
            .ok()
            .map(|x| x.normalize())
    }

    pub fn is_zero(self) -> bool {
        self.n == 0
    }

    pub fn is_neg(self) -> bool {
        self.n < 0
    }

    pub fn checked_neg(self) -> Option<Rat> {
        Some(Rat {
            n: self.n.checked_neg()?,
            d: self.d,
        })
    }

    pub fn checked_add(self, o: Rat) -> Option<Rat> {
        let g = gcd(self.d, o.d).max(1);
        let l = (self.d / g).checked_mul(o.d)?;
        let a = self.n.checked_mul(l / self.d)?;
        let b = o.n.checked_mul(l / o.d)?;
        Rat::new(a.checked_add(b)?, l)
    }

    pub fn checked_sub(self, o: Rat) -> Option<Rat> {
        self.checked_add(o.checked_neg()?)
    }

    pub fn checked_mul(self, o: Rat) -> Option<Rat> {
        let g1 = gcd(self.n, o.d).max(1);
        let g2 = gcd(o.n, self.d).max(1);
        Rat::new(
            (self.n / g1).checked_mul(o.n / g2)?,
            (self.d / g2).checked_mul(o.d / g1)?,
        )
    }

    pub fn checked_div(self, o: Rat) -> Option<Rat> {
        if o.is_zero() {
            return None;
        }
        self.checked_mul(Rat::new(o.d, o.n)?)
    }

    pub fn compare(self, o: Rat) -> Option<Ordering> {
        Some(self.n.checked_mul(o.d)?.cmp(&o.n.checked_mul(self.d)?))
    }

    fn floor(self) -> i128 {
        self.n.div_euclid(self.d)
    }
}

/// `Σ coefs[i]·x[i] < konst` (strict) or `≤ konst`.
#[derive(Clone, Debug)]
pub struct Row {
    pub coefs: Vec<Rat>,
    pub konst: Rat,
    pub strict: bool,
}

/// The outcome of a decision.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    Sat(Vec<Rat>),
    Unsat,
    /// Overflow or a work bound: neither answer is claimed.
    Unknown,
}

/// A bound on one variable: the value and whether it is strict.
type Bound = Option<(Rat, bool)>;

fn within(v: Rat, lo: Bound, hi: Bound) -> Option<bool> {
    if let Some((l, s)) = lo {
        match v.compare(l)? {
            Ordering::Less => return Some(false),
            Ordering::Equal if s => return Some(false),
            _ => {}
        }
    }
    if let Some((h, s)) = hi {
        match v.compare(h)? {
            Ordering::Greater => return Some(false),
            Ordering::Equal if s => return Some(false),
            _ => {}
        }
    }
    Some(true)
}

/// Values between the bounds with a finite decimal expansion, round numbers first.
fn picks(lo: Bound, hi: Bound) -> Option<Vec<Rat>> {
    let mut out: Vec<Rat> = Vec::new();
    let add = |c: Rat, out: &mut Vec<Rat>| -> Option<()> {
        if within(c, lo, hi)? && !out.contains(&c) {
            out.push(c);
        }
        Some(())
    };
    let mut cands: Vec<Rat> = (0..=3).flat_map(|d| [Rat::int(d), Rat::int(-d)]).collect();
    for b in [lo, hi].into_iter().flatten() {
        let f = b.0.floor();
        for d in -3i128..=3 {
            cands.push(Rat::int(f.checked_add(d)?));
        }
    }
    for c in cands {
        add(c, &mut out)?;
    }
    if let Some(first) = pick(lo, hi) {
        add(first, &mut out)?;
    }
    Some(out)
}

/// A value between the bounds with a finite decimal expansion, preferring round numbers.
fn pick(lo: Bound, hi: Bound) -> Option<Rat> {
    let mut cands: Vec<Rat> = vec![Rat::ZERO];
    if let Some((l, _)) = lo {
        cands.extend([Rat::int(l.floor()), Rat::int(l.floor().checked_add(1)?)]);
    }
    if let Some((h, _)) = hi {
        cands.extend([Rat::int(h.floor()), Rat::int(h.floor().checked_sub(1)?)]);
    }
    for c in cands {
        if within(c, lo, hi)? {
            return Some(c);
        }
    }
    // Decimals just above the lower bound (or below the upper one).
    for k in 1..=12u32 {
        let scale = 10i128.pow(k);
        let s = Rat::int(scale);
        let c = match (lo, hi) {
            (Some((l, _)), _) => Rat::new(l.checked_mul(s)?.floor().checked_add(1)?, scale)?,
            (None, Some((h, _))) => Rat::new(h.checked_mul(s)?.floor().checked_sub(1)?, scale)?,
            (None, None) => Rat::ZERO,
        };
        if within(c, lo, hi)? {
            return Some(c);
        }
    }
    // A closed bound that is itself a decimal.
    for b in [lo, hi].into_iter().flatten() {
        if !b.1 && b.0.to_dec().is_some() && within(b.0, lo, hi)? {
            return Some(b.0);
        }
    }
    None
}

/// Decides a system of rows over `n` variables by Fourier–Motzkin elimination.
pub fn decide(n: usize, rows: Vec<Row>) -> Decision {
    match eliminate(n, rows) {
        Some(d) => d,
        None => Decision::Unknown,
    }
}

fn eliminate(n: usize, rows: Vec<Row>) -> Option<Decision> {
    // stages[k]: the rows over x0..=xk, before xk is eliminated.
    let mut stages: Vec<Vec<Row>> = vec![Vec::new(); n];
    let mut cur = rows;
    for k in (0..n).rev() {
        let mut next: Vec<Row> = Vec::new();
        let (mut pos, mut neg): (Vec<&Row>, Vec<&Row>) = (Vec::new(), Vec::new());
        for r in &cur {
            match r.coefs[k].compare(Rat::ZERO)? {
                Ordering::Greater => pos.push(r),
                Ordering::Less => neg.push(r),
                Ordering::Equal => next.push(r.clone()),
            }
        }
        for p in &pos {
            for q in &neg {
                // p/a_p + q/|a_q|: the coefficient of xk cancels.
                let sp = Rat::ONE.checked_div(p.coefs[k])?;
                let sq = Rat::ONE.checked_div(q.coefs[k].checked_neg()?)?;
                let mut coefs = Vec::with_capacity(n);
                for j in 0..n {
                    coefs.push(if j == k {
                        Rat::ZERO
                    } else {
                        p.coefs[j]
                            .checked_mul(sp)?
                            .checked_add(q.coefs[j].checked_mul(sq)?)?
                    });
                }
                next.push(Row {
                    coefs,
                    konst: p
                        .konst
                        .checked_mul(sp)?
                        .checked_add(q.konst.checked_mul(sq)?)?,
                    strict: p.strict || q.strict,
                });
                if next.len() > MAX_ROWS {
                    return None;
                }
            }
        }
        // Rows left with no variable: decide them now.
        let mut kept = Vec::with_capacity(next.len());
        for r in next {
            if r.coefs.iter().all(|c| c.is_zero()) {
                let ok = match Rat::ZERO.compare(r.konst)? {
                    Ordering::Less => true,
                    Ordering::Equal => !r.strict,
                    Ordering::Greater => false,
                };
                if !ok {
                    return Some(Decision::Unsat);
                }
            } else {
                kept.push(r);
            }
        }
        stages[k] = std::mem::replace(&mut cur, kept);
    }
    for r in &cur {
        let ok = match Rat::ZERO.compare(r.konst)? {
            Ordering::Less => true,
            Ordering::Equal => !r.strict,
            Ordering::Greater => false,
        };
        if !ok {
            return Some(Decision::Unsat);
        }
    }
    // Back-substitution: x0 from its own rows, then x1 given x0, and so on; when a later
    // variable has no decimal value (`3y = x` with x = 1), earlier choices are revised
    // (bounded).
    let mut vals: Vec<Rat> = vec![Rat::ZERO; n];
    let mut budget = 2000usize;
    match back(&stages, 0, &mut vals, &mut budget)? {
        true => Some(Decision::Sat(vals)),
        false => None,
    }
}

/// Replaces `bound` by `b` when `b` is tighter: further in the `better` direction, or equal
/// and strict where the bound is not. `None` on overflow.
fn tighten(bound: &mut Bound, b: Rat, strict: bool, better: Ordering) -> Option<()> {
    let tighter = match *bound {
        None => true,
        Some((cur, s)) => {
            let o = b.compare(cur)?;
            o == better || (o == Ordering::Equal && strict && !s)
        }
    };
    if tighter {
        *bound = Some((b, strict));
    }
    Some(())
}

fn back(stages: &[Vec<Row>], k: usize, vals: &mut Vec<Rat>, budget: &mut usize) -> Option<bool> {
    if k == stages.len() {
        return Some(true);
    }
    if *budget == 0 {
        return Some(false);
    }
    *budget -= 1;
    let (mut lo, mut hi): (Bound, Bound) = (None, None);
    for r in &stages[k] {
        let a = r.coefs[k];
        if a.is_zero() {
            continue;
        }
        let mut rest = r.konst;
        for (j, v) in vals.iter().enumerate().take(k) {
            rest = rest.checked_sub(r.coefs[j].checked_mul(*v)?)?;
        }
        let b = rest.checked_div(a)?;
        if a.is_neg() {
            // x >= b (or >).
            tighten(&mut lo, b, r.strict, Ordering::Greater)?;
        } else {
            tighten(&mut hi, b, r.strict, Ordering::Less)?;
        }
    }
    for c in picks(lo, hi)? {
        vals[k] = c;
        if back(stages, k + 1, vals, budget)? {
            return Some(true);
        }
    }
    Some(false)
}

/// `Σ coefs·x rel konst` for a relation, as rows (`!=` is not a row: the caller splits it).
pub fn rows_of(coefs: Vec<Rat>, rel: super::Rel, konst: Rat) -> Option<Vec<Row>> {
    use super::Rel;
    let negd = |c: &[Rat]| {
        c.iter()
            .map(|x| x.checked_neg())
            .collect::<Option<Vec<Rat>>>()
    };
    Some(match rel {
        Rel::Lt | Rel::Le => vec![Row {
            coefs,
            konst,
            strict: rel == Rel::Lt,
        }],
        Rel::Gt | Rel::Ge => vec![Row {
            coefs: negd(&coefs)?,
            konst: konst.checked_neg()?,
            strict: rel == Rel::Gt,
        }],
        Rel::Eq => vec![
            Row {
                coefs: negd(&coefs)?,
                konst: konst.checked_neg()?,
                strict: false,
            },
            Row {
                coefs,
                konst,
                strict: false,
            },
        ],
        Rel::Ne => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(c: &[i128], k: i128, strict: bool) -> Row {
        Row {
            coefs: c.iter().map(|x| Rat::int(*x)).collect(),
            konst: Rat::int(k),
            strict,
        }
    }

    #[test]
    fn strict_complements_do_not_overlap() {
        // a - b <= 0 and b - a < 0  (a <= b and a > b)
        let d = decide(2, vec![row(&[1, -1], 0, false), row(&[-1, 1], 0, true)]);
        assert_eq!(d, Decision::Unsat);
    }

    #[test]
    fn a_witness_satisfies_every_row() {
        // x + y < 10, x >= 3, y > 6.5 (as 2y > 13)
        let rows = vec![
            row(&[1, 1], 10, true),
            row(&[-1, 0], -3, false),
            row(&[0, -2], -13, true),
        ];
        let Decision::Sat(v) = decide(2, rows.clone()) else {
            panic!("satisfiable")
        };
        for r in &rows {
            let mut s = Rat::ZERO;
            for (c, x) in r.coefs.iter().zip(&v) {
                s = s.checked_add(c.checked_mul(*x).unwrap()).unwrap();
            }
            let o = s.compare(r.konst).unwrap();
            assert!(
                o == Ordering::Less || (!r.strict && o == Ordering::Equal),
                "{v:?}"
            );
        }
    }

    #[test]
    fn equality_points_are_exact() {
        // 3x = 1 and x > 0: x = 1/3 has no decimal form, so the answer is undecided, not sat.
        let d = decide(1, vec![row(&[3], 1, false), row(&[-3], -1, false)]);
        assert_eq!(d, Decision::Unknown);
        let d = decide(1, vec![row(&[3], 1, true), row(&[-3], -1, true)]);
        assert_eq!(d, Decision::Unsat);
    }

    #[test]
    fn rationals_round_trip() {
        let x = Rat::from_dec(Decimal::new(125, 2)).unwrap();
        assert_eq!(x, Rat::new(5, 4).unwrap());
        assert_eq!(x.to_dec(), Some(Decimal::new(125, 2)));
        assert_eq!(Rat::new(1, 3).unwrap().to_dec(), None);
        assert_eq!(Rat::int(i128::MAX).checked_add(Rat::ONE), None);
    }
}
