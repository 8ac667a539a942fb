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

mod constraints;
mod formula;
pub mod linear;

pub use linear::Rat;

pub use constraints::*;
pub use formula::*;

/// The most atoms one guard may have and still be analysed.
pub const MAX_ATOMS: usize = 24;
/// The most conjunctions a normal form may hold.
pub const MAX_CONJUNCTIONS: usize = 4096;
/// The most merge steps a gap search may take per state+event pair.
pub const MAX_STEPS: usize = 200_000;

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

/// How a witness is checked before it is reported: whether transition `t`'s guard holds under
/// the witness's values (every other name unset), `None` when it cannot be evaluated. The
/// simulator's own evaluator (`sim::witness_holds`), passed in by the caller so that the
/// analyses do not depend on the simulator.
pub type Holds = fn(&Catalog, &Workflow, &Witness, TransitionId) -> Option<bool>;

/// Analyses every state+event pair with at least one transition.
pub fn analyze(cat: &Catalog, wf: &Workflow, holds: Holds) -> GuardReport {
    let mut groups: BTreeMap<(StateId, EventId), Vec<TransitionId>> = BTreeMap::new();
    for (i, t) in wf.transitions.iter().enumerate() {
        if let (Some(s), Some(e)) = (t.from.id, t.event.id) {
            groups.entry((s, e)).or_default().push(i);
        }
    }
    let mut report = GuardReport::default();
    for ((state, event), ts) in groups {
        pair(cat, wf, state, event, &ts, &mut report, holds);
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
    holds: Holds,
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
    // §9: the event's payload fields are set; any other name may be unset (K107), while the
    // gap search (K108) considers only assignments in which every name is set.
    let fields = cat.events[event].fields.clone();
    let base = Constraints::seeded(fields.iter().copied(), false);
    let built: Vec<Option<Vec<(Constraints, &Conj)>>> = dnfs
        .iter()
        .map(|(_, d)| {
            d.as_ref().map(|d| {
                d.iter()
                    .filter_map(|c| base.merge(cat, c).map(|k| (k, c)))
                    .collect()
            })
        })
        .collect();
    let overlap = |i: usize, j: usize| -> Option<Constraints> {
        let (Some(a), Some(b)) = (&built[i], &dnfs[j].1) else {
            return None;
        };
        a.iter().find_map(|(k, _)| {
            // An undecided conjunction (no witness) does not hide a decided one.
            b.iter()
                .find_map(|cb| k.merge(cat, cb).filter(|m| m.witness(cat).is_some()))
        })
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
            let (first, second) = (dnfs[i].0, dnfs[j].0);
            // A witness is printed only if the simulator agrees that both guards hold.
            if let Some(witness) = m
                .witness(cat)
                .filter(|w| verified(cat, wf, w, &[first, second], &[], holds))
            {
                report.overlaps.push(Overlap {
                    first,
                    second,
                    witness,
                    others,
                });
            }
        }
    }
    gaps(
        (cat, wf),
        (state, event),
        ts,
        &forms,
        &fields,
        report,
        holds,
    );
}

/// The `otherwise` pairs and the gap of one state and event: assignments under which no
/// guarded sibling holds.
fn gaps(
    (cat, wf): (&Catalog, &Workflow),
    (state, event): (StateId, EventId),
    ts: &[TransitionId],
    forms: &[(TransitionId, Option<Formula>)],
    fields: &[VarId],
    report: &mut GuardReport,
    holds: Holds,
) {
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
    let guarded_ids: Vec<TransitionId> = guarded.iter().map(|(t, _)| *t).collect();
    let none_holds = |all_set: bool| {
        let mut steps = 0usize;
        let start = Constraints::seeded(fields.iter().copied(), all_set);
        search(cat, &negs, 0, start, &mut steps)
    };
    if otherwise.len() >= 2 {
        match none_holds(false) {
            Ok(Some(k)) => {
                if let Some(witness) = k
                    .witness(cat)
                    .filter(|w| verified(cat, wf, w, &[], &guarded_ids, holds))
                {
                    report.overlaps.push(Overlap {
                        first: otherwise[0],
                        second: otherwise[1],
                        witness,
                        others: otherwise.len() - 2,
                    })
                }
            }
            Ok(None) => {}
            Err(()) => report.budget_exceeded.push(otherwise[1]),
        }
    }
    if otherwise.is_empty() {
        match none_holds(true) {
            Ok(Some(k)) => {
                if let Some(witness) = k
                    .witness(cat)
                    .filter(|w| verified(cat, wf, w, &[], &guarded_ids, holds))
                {
                    report.gaps.push(Gap {
                        state,
                        event,
                        first: ts[0],
                        witness,
                    })
                }
            }
            Ok(None) => {}
            Err(()) => report.budget_exceeded.push(ts[0]),
        }
    }
}

/// Whether the simulator, given the witness's values (every other name unset), finds that
/// every transition of `hold` holds and none of `fail` does. A witness that relies on an
/// opaque atom cannot be evaluated; it says so when printed and is let through. A witness
/// the simulator contradicts is a bug in the analysis: never printed (debug builds stop).
fn verified(
    cat: &Catalog,
    wf: &Workflow,
    w: &Witness,
    hold: &[TransitionId],
    fail: &[TransitionId],
    eval: Holds,
) -> bool {
    if !w.opaque.is_empty() {
        return true;
    }
    // `None`: the guard cannot be evaluated at all (an invalid literal or unresolved name,
    // already an error of its own); only a definite contradiction rejects the witness.
    let holds = |t: &TransitionId| eval(cat, wf, w, *t);
    let ok =
        hold.iter().all(|t| holds(t) != Some(false)) && fail.iter().all(|t| holds(t) != Some(true));
    debug_assert!(
        ok || !exact_enough(w),
        "witness contradicted by the simulator: {w:?} for {:?} / {:?}",
        hold.iter()
            .map(|t| (&wf.transitions[*t].name, holds(t)))
            .collect::<Vec<_>>(),
        fail.iter()
            .map(|t| (&wf.transitions[*t].name, holds(t)))
            .collect::<Vec<_>>()
    );
    ok
}

/// Witnesses of time comparisons are rounded to nanoseconds; only those may disagree with
/// the simulator without a bug (and they are dropped, not printed).
fn exact_enough(w: &Witness) -> bool {
    !w.values.iter().any(|(_, v)| matches!(v, Value::Time(_)))
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
                if merged.witness(cat).is_some() {
                    return Ok(Some(merged));
                }
                continue;
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
        .filter_map(|c| Constraints::of(cat, c))
        .find_map(|k| k.witness(cat))
}
