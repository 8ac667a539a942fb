//! # K106 requires-not-established (error)
//!
//! **What it checks.** For every state with `requires F`, fact `F` is established on every
//! path into it. Keel computes the facts known at each state (a must-analysis over all paths
//! from the initial state: guards that test a fact assert it, actions `establishes` and
//! `clears` facts, unreachable predecessors do not count). One diagnostic is reported per
//! transition or override that can enter the state without the fact, naming the missing
//! facts and showing the shortest counterexample path from the initial state.
//!
//! **Why it matters.** `requires` is how a compliance rule becomes a proof: "no client reaches
//! Approved without verified identity and address". A new fast-track transition or a manual
//! override that skips the verification step is exactly the change that slips through review;
//! K106 shows the path an auditor would find.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC v1 {
//!   states {
//!     Pending initial
//!     Review
//!     Approved terminal requires docs.identity_verified, docs.address_verified
//!   }
//!   transition submit: Pending -> Review on document.uploaded do kyc.verify_identity
//!   transition approve: Review -> Approved on check.completed
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC v1 {
//!   states {
//!     Pending initial
//!     Review
//!     Approved terminal requires docs.identity_verified, docs.address_verified
//!   }
//!   transition submit: Pending -> Review on document.uploaded do kyc.verify_identity
//!   transition approve: Review -> Approved on check.completed do kyc.verify_address
//! }
//! ```

crate::codes::declare_rule! {
    code: "K106",
    name: "requires-not-established",
    severity: Error,
    summary: "a state's required fact is not established on every path into it",
}

use super::Ctx;
use crate::analysis::facts::{self, Step};
use crate::diagnostic::{all_of, Diagnostic};
use crate::graph::EdgeKind;

/// The dataflow is computed once per workflow (see `analysis::facts`); here each edge into a
/// state with `requires` is checked in `O(F/64)`, and each violation costs one `O(V + E)`
/// search for its counterexample.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let (wf, cat, st) = (ctx.wf, ctx.cat, ctx.structure);
    let Some(init) = st.initial else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(s) = wf.states.get(init) {
        let req: Vec<String> = s.requires.iter().map(|r| format!("`{}`", r.name)).collect();
        if !req.is_empty() && s.requires.iter().any(|r| r.id.is_some()) {
            out.push(
                Diagnostic::new(CODE, s.span, format!("initial state `{}` requires {}", s.name, all_of(&req)))
                    .label("new subjects enter here with no facts established")
                    .help("move the requirement to a later state, after the step that establishes it"),
            );
        }
    }
    for (to, state) in wf.states.iter().enumerate() {
        if state.requires.is_empty() || to == init {
            continue;
        }
        let mut edges: Vec<(usize, &crate::graph::Edge)> = st.graph.incoming(to).filter(|(from, _)| st.reachable[*from]).collect();
        edges.sort_by_key(|(from, e)| (e.span.start, *from));
        let mut reported: Vec<crate::span::Span> = Vec::new();
        for (from, edge) in edges {
            if reported.contains(&edge.span) {
                continue; // one diagnostic per transition or override
            }
            let Some(known) = &st.facts.at[from] else { continue };
            let after = facts::transfer(cat, wf, edge.kind, known);
            let missing: Vec<&crate::model::Ref<usize>> = state
                .requires
                .iter()
                .filter(|r| r.id.is_some_and(|f| !after.has(f)))
                .collect();
            if missing.is_empty() {
                continue;
            }
            reported.push(edge.span);
            let names: Vec<String> = missing.iter().map(|r| format!("`{}`", r.name)).collect();
            let via = match edge.kind {
                EdgeKind::Transition(t) => format!("transition `{}`", wf.transitions[t].name),
                EdgeKind::Override(_) => format!("the override from `{}`", wf.states[from].name),
            };
            let last = Step { from, to, kind: edge.kind, span: edge.span };
            let path = facts::counterexample(cat, wf, &st.graph, init, missing[0].id.unwrap_or_default(), from, last);
            let mut d = Diagnostic::new(
                CODE,
                edge.span,
                format!(
                    "{via} can enter `{}` without {}",
                    state.name,
                    all_of(&names)
                ),
            )
            .label(format!("`{}` requires {}", state.name, all_of(&names)));
            if let Some(path) = &path {
                d.message.push_str(&format!(": {}", facts::describe_path(wf, path)));
                for (k, step) in path.iter().enumerate() {
                    if step.span == edge.span {
                        continue;
                    }
                    let single = facts::describe_path(wf, std::slice::from_ref(step));
                    d = d.with_label(step.span, format!("step {}: {single}", k + 1));
                }
            }
            d = d.with_label(state.span, "the requirement is declared here");
            let establishers: Vec<String> = cat
                .actions
                .iter()
                .filter(|a| missing.iter().any(|m| m.id.is_some_and(|f| a.establishes.contains(&f))))
                .map(|a| format!("`{}`", a.name))
                .collect();
            let help = if establishers.is_empty() {
                format!("establish {} on every path into `{}`, or test for it in the guard", all_of(&names), state.name)
            } else {
                format!(
                    "call {} on this path (which establish{} {}), or test for it in the guard",
                    if missing.len() > 1 {
                        all_of(&establishers)
                    } else {
                        crate::diagnostic::one_of(&establishers)
                    },
                    if establishers.len() == 1 { "es" } else { "" },
                    all_of(&names)
                )
            };
            out.push(d.help(help));
        }
    }
    out
}
