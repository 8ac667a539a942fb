//! Must-facts dataflow (LANGUAGE.md §4) and its counterexample paths (K106).
//!
//! Facts known after an edge = facts at its source ∪ facts its guard asserts (a bare fact;
//! both sides of `and`; only what every branch of `or` asserts; nothing under `not`), then
//! each called action in order adds what it `establishes` and removes what it `clears`
//! (the order the simulator runs them in). Facts known at a state = the intersection over
//! incoming edges from reachable states; the initial state starts empty; a state with no
//! reachable predecessor is vacuously "all facts".
//!
//! Complexity: the greatest fixpoint is a worklist over reachable states; each state's set only
//! shrinks, so with `F` facts each edge is re-examined at most `F + 1` times, each time in
//! `O(F / 64)`: `O((V + E) · F²/64)`, linear in states and transitions for a given catalog.
//! A counterexample is one breadth-first search over (state × fact-present) pairs, `O(V + E)`.

use std::collections::VecDeque;

use crate::ast::BinOp;
use crate::graph::{EdgeKind, StateGraph};
use crate::model::{Catalog, Guard, RExpr, RKind, StateId, VarId, Workflow};

/// A set of catalog variables (facts), as bits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bits(Vec<u64>);

impl Bits {
    pub fn empty(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }

    pub fn full(n: usize) -> Bits {
        let mut b = Bits(vec![u64::MAX; n.div_ceil(64)]);
        if !n.is_multiple_of(64) {
            if let Some(last) = b.0.last_mut() {
                *last = (1u64 << (n % 64)) - 1;
            }
        }
        b
    }

    pub fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    pub fn clear(&mut self, i: usize) {
        self.0[i / 64] &= !(1 << (i % 64));
    }

    pub fn has(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }

    pub fn and_with(&mut self, o: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            *a &= b;
        }
    }

    pub fn or_with(&mut self, o: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            *a |= b;
        }
    }
}

/// Facts a guard asserts when it holds.
pub fn asserted(cat: &Catalog, e: &RExpr, out: &mut Bits) {
    match &e.kind {
        RKind::Var(v) if cat.vars[*v].fact => out.set(*v),
        RKind::Bin {
            op: BinOp::And,
            lhs,
            rhs,
        } => {
            asserted(cat, lhs, out);
            asserted(cat, rhs, out);
        }
        RKind::Bin {
            op: BinOp::Or,
            lhs,
            rhs,
        } => {
            let n = cat.vars.len();
            let mut a = Bits::empty(n);
            let mut b = Bits::empty(n);
            asserted(cat, lhs, &mut a);
            asserted(cat, rhs, &mut b);
            a.and_with(&b);
            out.or_with(&a);
        }
        _ => {}
    }
}

/// The effect of one edge on a fact set.
pub fn transfer(cat: &Catalog, wf: &Workflow, kind: EdgeKind, input: &Bits) -> Bits {
    let mut out = input.clone();
    if let EdgeKind::Transition(t) = kind {
        let t = &wf.transitions[t];
        if let Guard::Expr(g) = &t.guard {
            asserted(cat, g, &mut out);
        }
        for c in &t.calls {
            if let Some(a) = c.action.id {
                for f in &cat.actions[a].establishes {
                    out.set(*f);
                }
                for f in &cat.actions[a].clears {
                    out.clear(*f);
                }
            }
        }
    }
    out
}

/// Whether one fact holds after an edge, given whether it held before.
fn transfer_one(cat: &Catalog, wf: &Workflow, kind: EdgeKind, fact: VarId, before: bool) -> bool {
    let mut b = Bits::empty(cat.vars.len());
    if before {
        b.set(fact);
    }
    transfer(cat, wf, kind, &b).has(fact)
}

/// The facts known at every state.
pub struct Facts {
    /// `None` for states no path reaches (vacuously all facts).
    pub at: Vec<Option<Bits>>,
}

impl Facts {
    pub fn compute(
        cat: &Catalog,
        wf: &Workflow,
        g: &StateGraph,
        initial: Option<StateId>,
        reachable: &[bool],
    ) -> Facts {
        let n = cat.vars.len();
        let mut at: Vec<Option<Bits>> = (0..g.len())
            .map(|s| reachable[s].then(|| Bits::full(n)))
            .collect();
        let Some(init) = initial else {
            return Facts {
                at: vec![None; g.len()],
            };
        };
        at[init] = Some(Bits::empty(n));
        let mut queue: VecDeque<StateId> = (0..g.len()).filter(|s| reachable[*s]).collect();
        let mut queued: Vec<bool> = reachable.to_vec();
        while let Some(s) = queue.pop_front() {
            queued[s] = false;
            let Some(input) = at[s].clone() else { continue };
            for (t, e) in g.out(s) {
                if t == init {
                    continue;
                }
                let out = transfer(cat, wf, e.kind, &input);
                let cur = at[t]
                    .as_mut()
                    .expect("successor of a reachable state is reachable");
                let before = cur.clone();
                cur.and_with(&out);
                if *cur != before && !queued[t] {
                    queued[t] = true;
                    queue.push_back(t);
                }
            }
        }
        Facts { at }
    }
}

/// One step of a counterexample path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub from: StateId,
    pub to: StateId,
    pub kind: EdgeKind,
    pub span: crate::span::Span,
}

/// The shortest path from the initial state that takes `last` (an edge out of `src`) with
/// `fact` absent after it, or `None` if there is none.
pub fn counterexample(
    cat: &Catalog,
    wf: &Workflow,
    g: &StateGraph,
    initial: StateId,
    fact: VarId,
    src: StateId,
    last: Step,
) -> Option<Vec<Step>> {
    // Nodes are (state, fact present); BFS from (initial, false).
    let idx = |s: StateId, h: bool| s * 2 + usize::from(h);
    let mut parent: Vec<Option<(usize, Step)>> = vec![None; g.len() * 2];
    let mut seen = vec![false; g.len() * 2];
    let start = idx(initial, false);
    seen[start] = true;
    let mut queue = VecDeque::from([start]);
    let mut goal = None;
    while let Some(node) = queue.pop_front() {
        let (s, h) = (node / 2, node % 2 == 1);
        if s == src && !transfer_one(cat, wf, last.kind, fact, h) {
            goal = Some(node);
            break;
        }
        for (t, e) in g.out(s) {
            let nh = if t == initial {
                false
            } else {
                transfer_one(cat, wf, e.kind, fact, h)
            };
            let next = idx(t, nh);
            if !seen[next] {
                seen[next] = true;
                parent[next] = Some((
                    node,
                    Step {
                        from: s,
                        to: t,
                        kind: e.kind,
                        span: e.span,
                    },
                ));
                queue.push_back(next);
            }
        }
    }
    let mut node = goal?;
    let mut path = vec![last];
    while let Some((prev, step)) = parent[node] {
        path.push(step);
        node = prev;
    }
    path.reverse();
    Some(path)
}

/// `Pending -submit-> Review -override(ops.kyc)-> Manual`
pub fn describe_path(wf: &Workflow, path: &[Step]) -> String {
    let mut s = String::new();
    if let Some(first) = path.first() {
        s.push_str(&wf.states[first.from].name);
    }
    for step in path {
        let via = match step.kind {
            EdgeKind::Transition(t) => wf.transitions[t].name.clone(),
            EdgeKind::Override(o) => format!(
                "override by {}",
                crate::syntax::quote(&wf.overrides[o].role)
            ),
        };
        s.push_str(&format!(" -{via}-> {}", wf.states[step.to].name));
    }
    s
}
