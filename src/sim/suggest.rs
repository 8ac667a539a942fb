//! `keel test --suggest`: drafts a test for every uncovered transition and untested boundary.
//!
//! Each draft reaches its target by a shortest path from the initial state (breadth-first over
//! transitions and declared overrides, in the spirit of XState's `getShortestPaths`). Every
//! transition on the way is fired with values that make exactly that transition hold (a
//! witness of its guard and of the negation of its siblings' guards, from the guard theory):
//! payload fields go into the event, other values into a `given` step, flags into `flag`
//! steps. The draft ends with `expect` lines for the state it reaches. Before it is printed,
//! each draft is run in the simulator and must pass and close its gap; drafts that do not are
//! reported as gaps Keel could not close.
//!
//! Cost: one guard-theory query per transition, one BFS over the graph (`O(V + E)`), and one
//! simulation per draft.

use std::collections::VecDeque;

use rust_decimal::Decimal;

use super::{run_test, Coverage, SuiteReport};
use crate::analysis::guards::{satisfy, transition_formula, Atom, Formula, Rel, Subject, Witness};
use crate::model::*;
use crate::span::Span;

/// A drafted test.
#[derive(Clone, Debug)]
pub struct Suggestion {
    pub name: String,
    pub kind: TestKind,
    /// What it closes: `transition resolve_reject` or `boundary withdrawal.amount < 1000`.
    pub closes: String,
    pub steps: Vec<StepKind>,
}

impl Suggestion {
    /// The test block, indented for pasting inside a workflow.
    pub fn text(&self, indent: &str) -> String {
        let mut s = format!(
            "{indent}test {} {} {{\n",
            crate::syntax::quote(&self.name),
            self.kind.as_str()
        );
        for st in &self.steps {
            s.push_str(&format!("{indent}  {}\n", crate::render::step(st)));
        }
        s.push_str(&format!("{indent}}}\n"));
        s
    }
}

/// What `--suggest` produced for one workflow.
#[derive(Clone, Debug, Default)]
pub struct Suggestions {
    pub tests: Vec<Suggestion>,
    /// Gaps no passing draft could be found for, with the reason.
    pub unclosed: Vec<String>,
}

/// One way to move between states in a test.
#[derive(Clone, Debug)]
enum Move {
    /// Fire a transition with these values.
    Fire(TransitionId, Witness),
    Override {
        override_: usize,
        to: StateId,
    },
}

fn sref<T: Copy>(id: T, name: &str) -> Ref<T> {
    Ref {
        id: Some(id),
        name: name.to_string(),
        span: Span::default(),
    }
}

/// The siblings of a transition: same state and event.
fn siblings(wf: &Workflow, t: TransitionId) -> Vec<TransitionId> {
    let tr = &wf.transitions[t];
    wf.transitions
        .iter()
        .enumerate()
        .filter(|(i, s)| *i != t && s.from.id == tr.from.id && s.event.id == tr.event.id)
        .map(|(i, _)| i)
        .collect()
}

fn negate(f: Formula) -> Formula {
    match f {
        Formula::Const(b) => Formula::Const(!b),
        Formula::Lit(a, p) => Formula::Lit(a, !p),
        Formula::And(v) => Formula::Or(v.into_iter().map(negate).collect()),
        Formula::Or(v) => Formula::And(v.into_iter().map(negate).collect()),
    }
}

/// A formula under which exactly transition `t` fires (its flag on, its guard true, and no
/// sibling enabled and true; for `otherwise`, no guarded sibling true). `extra` is conjoined.
fn exactly(cat: &Catalog, wf: &Workflow, t: TransitionId, extra: Vec<Formula>) -> Option<Formula> {
    let mut parts = extra;
    let sibs = siblings(wf, t);
    match transition_formula(cat, wf, t) {
        Some(f) => parts.push(f),
        None => {
            // Another `otherwise` sibling would make it ambiguous.
            if sibs
                .iter()
                .any(|s| transition_formula(cat, wf, *s).is_none())
            {
                return None;
            }
        }
    }
    for s in sibs {
        if let Some(f) = transition_formula(cat, wf, s) {
            parts.push(negate(f));
        }
    }
    Some(Formula::And(parts))
}

/// A formula under which no transition fires (the event is ignored).
fn none_fires(
    cat: &Catalog,
    wf: &Workflow,
    state: StateId,
    event: EventId,
    extra: Vec<Formula>,
) -> Option<Formula> {
    let mut parts = extra;
    for (i, t) in wf.transitions.iter().enumerate() {
        if t.from.id == Some(state) && t.event.id == Some(event) {
            match transition_formula(cat, wf, i) {
                Some(f) => parts.push(negate(f)),
                None => return None,
            }
        }
    }
    Some(Formula::And(parts))
}

fn usable(w: Witness) -> Option<Witness> {
    w.opaque.is_empty().then_some(w)
}

/// The test steps that deliver `event` with the values of a witness.
fn steps_for(cat: &Catalog, wf: &Workflow, event: EventId, w: &Witness) -> Vec<StepKind> {
    let mut out = Vec::new();
    let assign = |v: VarId, val: &Value| Assign {
        var: sref(v, &cat.vars[v].name),
        value: Some(val.clone()),
        text: val.display(),
        span: Span::default(),
    };
    type Pairs<'w> = Vec<&'w (VarId, Value)>;
    let (payload, given): (Pairs, Pairs) = w
        .values
        .iter()
        .partition(|(v, _)| cat.vars[*v].fields_of.contains(&event));
    if !given.is_empty() {
        out.push(StepKind::Given(
            given.iter().map(|(v, val)| assign(*v, val)).collect(),
        ));
    }
    for (f, on) in &w.flags {
        out.push(StepKind::Flag(sref(*f, &wf.flags[*f].name), *on));
    }
    out.push(StepKind::Event {
        event: sref(event, &cat.events[event].name),
        payload: payload.iter().map(|(v, val)| assign(*v, val)).collect(),
        times: 1,
    });
    out
}

/// Shortest ways to reach every state from the initial one.
fn paths(cat: &Catalog, wf: &Workflow, initial: StateId) -> Vec<Option<Vec<Move>>> {
    let mut moves: Vec<(StateId, StateId, Move)> = Vec::new();
    for (t, tr) in wf.transitions.iter().enumerate() {
        let (Some(a), Some(b)) = (tr.from.id, tr.to.id) else {
            continue;
        };
        if let Some(w) = exactly(cat, wf, t, Vec::new())
            .and_then(|f| satisfy(cat, &f))
            .and_then(usable)
        {
            moves.push((a, b, Move::Fire(t, w)));
        }
    }
    for (i, o) in wf.overrides.iter().enumerate() {
        let Some(to) = o.to.id else { continue };
        for f in o.from.iter().filter_map(|f| f.id) {
            moves.push((f, to, Move::Override { override_: i, to }));
        }
    }
    let mut best: Vec<Option<Vec<Move>>> = vec![None; wf.states.len()];
    best[initial] = Some(Vec::new());
    let mut queue = VecDeque::from([initial]);
    while let Some(s) = queue.pop_front() {
        let here = best[s].clone().unwrap_or_default();
        for (a, b, m) in &moves {
            if *a == s && best[*b].is_none() {
                let mut p = here.clone();
                p.push(m.clone());
                best[*b] = Some(p);
                queue.push_back(*b);
            }
        }
    }
    best
}

fn path_steps(cat: &Catalog, wf: &Workflow, path: &[Move]) -> Vec<StepKind> {
    let mut out = Vec::new();
    for m in path {
        match m {
            Move::Fire(t, w) => {
                let ev = wf.transitions[*t].event.id.expect("resolved");
                out.extend(steps_for(cat, wf, ev, w));
            }
            Move::Override { override_, to } => out.push(StepKind::Override {
                to: sref(*to, &wf.states[*to].name),
                role: wf.overrides[*override_].role.clone(),
            }),
        }
    }
    out
}

/// Merges adjacent `given` steps (later values win), so drafts read naturally.
fn tidy(steps: Vec<StepKind>) -> Vec<StepKind> {
    let mut out: Vec<StepKind> = Vec::new();
    for s in steps {
        if let (StepKind::Given(new), Some(StepKind::Given(prev))) = (&s, out.last_mut()) {
            for a in new {
                prev.retain(|p| p.var.id != a.var.id);
                prev.push(a.clone());
            }
            continue;
        }
        out.push(s);
    }
    out
}

/// Runs a draft; returns whether it passes and closes `closes`.
fn validate(
    cat: &Catalog,
    wf: &Workflow,
    tier: u8,
    steps: &[StepKind],
    closes: &dyn Fn(&Coverage) -> bool,
) -> bool {
    let t = Test {
        name: String::new(),
        kind: TestKind::Transition,
        steps: steps
            .iter()
            .map(|k| Step {
                kind: k.clone(),
                span: Span::default(),
            })
            .collect(),
        span: Span::default(),
        name_span: Span::default(),
    };
    let mut cov = Coverage::new(cat, wf, tier);
    let out = run_test(cat, wf, 0, &t, &mut cov);
    out.passed() && closes(&cov)
}

/// Numbers that effects subtract from, given a large start so invariants such as "balance
/// never negative" hold along the drafted path.
fn funding(cat: &Catalog, wf: &Workflow) -> Option<StepKind> {
    let mut targets: Vec<VarId> = Vec::new();
    for (_, c) in wf.calls() {
        let Some(a) = c.action.id else { continue };
        for e in &cat.actions[a].effects {
            if !e.adds && !targets.contains(&e.target) {
                targets.push(e.target);
            }
        }
    }
    (!targets.is_empty()).then(|| {
        StepKind::Given(
            targets
                .into_iter()
                .map(|v| Assign {
                    var: sref(v, &cat.vars[v].name),
                    value: Some(Value::Num(Decimal::from(1_000_000))),
                    text: "1000000".to_string(),
                    span: Span::default(),
                })
                .collect(),
        )
    })
}

/// Drafts tests for the gaps of a workflow's suite.
pub fn suggest(cat: &Catalog, wf: &Workflow, tier: u8, report: &SuiteReport) -> Suggestions {
    let mut out = Suggestions::default();
    let Some(initial) = wf.initial() else {
        if report.coverage.taken.iter().any(|t| !t) {
            out.unclosed
                .push("the workflow has no single initial state to start a test from".to_string());
        }
        return out;
    };
    let ways = paths(cat, wf, initial);
    let mut names: Vec<String> = wf.tests.iter().map(|t| t.name.clone()).collect();
    let mut unique = |base: String| {
        let mut name = base.clone();
        let mut k = 2;
        while names.contains(&name) {
            name = format!("{base} ({k})");
            k += 1;
        }
        names.push(name.clone());
        name
    };
    let expect_after = |to: Option<StateId>| expect_after(wf, to);
    let finish = |steps: Vec<StepKind>, closes: &dyn Fn(&Coverage) -> bool| {
        finish(cat, wf, tier, steps, closes)
    };
    // Transitions no test takes.
    for (t, taken) in report.coverage.taken.iter().enumerate() {
        if *taken {
            continue;
        }
        let tr = &wf.transitions[t];
        let closes = format!("transition {}", tr.name);
        let (Some(from), Some(ev)) = (tr.from.id, tr.event.id) else {
            continue;
        };
        let Some(path) = &ways[from] else {
            out.unclosed.push(format!(
                "{closes}: `{}` cannot be reached from the initial state",
                tr.from.name
            ));
            continue;
        };
        let Some(w) = exactly(cat, wf, t, Vec::new())
            .and_then(|f| satisfy(cat, &f))
            .and_then(usable)
        else {
            out.unclosed.push(format!(
                "{closes}: no values make it the only transition that holds"
            ));
            continue;
        };
        let mut steps = path_steps(cat, wf, path);
        steps.extend(steps_for(cat, wf, ev, &w));
        steps.push(expect_after(tr.to.id));
        match finish(steps, &|c: &Coverage| c.taken[t]) {
            Some(steps) => out.tests.push(Suggestion {
                name: unique(format!("takes {} (suggested)", tr.name)),
                kind: TestKind::Transition,
                closes,
                steps,
            }),
            None => out
                .unclosed
                .push(format!("{closes}: the drafted test does not pass")),
        }
    }
    // Boundaries not tested at the constant and on both sides.
    for (bi, b) in report.coverage.boundaries.iter().enumerate() {
        if b.covered() {
            continue;
        }
        let tr = &wf.transitions[b.transition];
        let closes = format!("boundary {} in {}", b.text, tr.name);
        let (Some(from), Some(ev)) = (tr.from.id, tr.event.id) else {
            continue;
        };
        let Some(path) = &ways[from] else {
            out.unclosed.push(format!(
                "{closes}: `{}` cannot be reached from the initial state",
                tr.from.name
            ));
            continue;
        };
        // Values to try: the constant, then one on each side.
        let mut drafted = Vec::new();
        for v in boundary_values(b) {
            let mut extra = vec![Formula::Lit(
                Atom::Num {
                    var: b.var,
                    rel: Rel::Eq,
                    c: v,
                },
                true,
            )];
            if let Some(f) = tr.behind.as_ref().and_then(|f| f.id) {
                extra.push(Formula::Lit(Atom::Bool(Subject::Flag(f)), true));
            }
            // Which transition fires at this value (or none)?
            let mut candidates: Vec<TransitionId> = vec![b.transition];
            candidates.extend(siblings(wf, b.transition));
            let found = candidates.iter().find_map(|k| {
                exactly(cat, wf, *k, extra.clone())
                    .and_then(|f| satisfy(cat, &f))
                    .and_then(usable)
                    .map(|w| (w, wf.transitions[*k].to.id))
            });
            let found = found.or_else(|| {
                none_fires(cat, wf, from, ev, extra.clone())
                    .and_then(|f| satisfy(cat, &f))
                    .and_then(usable)
                    .map(|w| (w, None))
            });
            let Some((w, to)) = found else { continue };
            let mut steps = path_steps(cat, wf, path);
            steps.extend(steps_for(cat, wf, ev, &w));
            steps.push(expect_after(to));
            let name = cat.vars[b.var].name.clone();
            if let Some(steps) = finish(steps, &|c: &Coverage| {
                let nb = &c.boundaries[bi];
                nb.at_constant || nb.seen_true || nb.seen_false
            }) {
                drafted.push((v, steps, name));
            }
        }
        // The drafts together must close the boundary.
        if !drafts_close(cat, wf, tier, &report.coverage.boundaries[bi], bi, &drafted) {
            out.unclosed.push(format!(
                "{closes}: no passing tests reach it at and around {}",
                b.c.normalize()
            ));
            continue;
        }
        for (v, steps, name) in drafted {
            out.tests.push(Suggestion {
                name: unique(format!(
                    "{name} = {} at the boundary of {} (suggested)",
                    v.normalize(),
                    tr.name
                )),
                kind: TestKind::Boundary,
                closes: closes.clone(),
                steps,
            });
        }
    }
    out
}

/// The step after a drafted event: expect the state it leads to (or nothing).
fn expect_after(wf: &Workflow, to: Option<StateId>) -> StepKind {
    match to {
        Some(s) => StepKind::Expect(Expect::State(sref(s, &wf.states[s].name))),
        None => StepKind::Expect(Expect::Ignored),
    }
}

/// The drafted steps if they pass and close what they are for, first as drafted, then with
/// the funding step in front.
fn finish(
    cat: &Catalog,
    wf: &Workflow,
    tier: u8,
    mut steps: Vec<StepKind>,
    closes: &dyn Fn(&Coverage) -> bool,
) -> Option<Vec<StepKind>> {
    if validate(cat, wf, tier, &steps, closes) {
        return Some(steps);
    }
    if let Some(fund) = funding(cat, wf) {
        steps.insert(0, fund);
        let steps = tidy(steps);
        if validate(cat, wf, tier, &steps, closes) {
            return Some(steps);
        }
    }
    None
}

/// Values to try for a boundary: the constant, then one on the side where the comparison
/// flips.
fn boundary_values(b: &super::Boundary) -> Vec<Decimal> {
    let step = if b.c.fract().is_zero() {
        Decimal::ONE
    } else {
        Decimal::new(5, 1)
    };
    let mut values = vec![b.c];
    let at_c = b.rel.holds(b.c, b.c);
    if let Some(v) = [b.c + step, b.c - step]
        .into_iter()
        .find(|v| b.rel.holds(*v, b.c) != at_c)
    {
        values.push(v);
    }
    values
}

/// Whether the drafted tests together cover boundary `bi` (starting from its coverage by the
/// existing tests, `start`).
fn drafts_close(
    cat: &Catalog,
    wf: &Workflow,
    tier: u8,
    start: &super::Boundary,
    bi: usize,
    drafted: &[(Decimal, Vec<StepKind>, String)],
) -> bool {
    let mut cov = Coverage::new(cat, wf, tier);
    let mut merged = start.clone();
    for (_, steps, _) in drafted {
        let t = Test {
            name: String::new(),
            kind: TestKind::Boundary,
            steps: steps
                .iter()
                .map(|k| Step {
                    kind: k.clone(),
                    span: Span::default(),
                })
                .collect(),
            span: Span::default(),
            name_span: Span::default(),
        };
        run_test(cat, wf, 0, &t, &mut cov);
        let nb = &cov.boundaries[bi];
        merged.at_constant |= nb.at_constant;
        merged.seen_true |= nb.seen_true;
        merged.seen_false |= nb.seen_false;
    }
    merged.covered()
}
