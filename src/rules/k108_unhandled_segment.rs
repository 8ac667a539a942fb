//! # K108 unhandled-segment (warning at Tier 2, error at Tier 3)
//!
//! **What it checks.** For each state and event that has at least one transition, the guards
//! cover every case: some transition holds whatever the values. A gap is reported at the first
//! transition of that state and event, with a witness of values no guard accepts. Any
//! `otherwise` sibling closes the gap; `when otherwise` with no actions is the idiom for
//! "ignore the rest on purpose". A transition behind a flag does not hold while the flag is
//! off. Only assignments in which every name the guards read is set are considered
//! (LANGUAGE.md §9); numbers compared with each other (`a + b < 10`) are decided exactly. At
//! Tier 3 a gap is an error: an unhandled jurisdiction in a money-moving workflow must not
//! pass CI.
//!
//! **Why it matters.** An event that matches nothing is silently ignored: a screening result
//! for a segment nobody thought of leaves the client waiting in Review until the SLA breaks,
//! a withdrawal method added by the PSP never reaches a reviewer. Saying `otherwise` makes
//! the choice explicit and reviewable.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow SCREEN v1 {
//!   tier 2
//!   states {
//!     Review initial
//!     Blocked terminal
//!   }
//!   transition block: Review -> Blocked on aml.screening_done when aml.hit
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow SCREEN v1 {
//!   tier 2
//!   states {
//!     Review initial
//!     Blocked terminal
//!   }
//!   transition block: Review -> Blocked on aml.screening_done when aml.hit
//!   transition ignore_clear: Review -> Review on aml.screening_done when otherwise
//! }
//! ```

crate::codes::declare_rule! {
    code: "K108",
    name: "unhandled-segment",
    severity: Warning,
    summary: "a guard gap on a state and event (Tier 2/3)",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// Formats the gaps the guard analysis found (bounded per state+event pair).
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    if ctx.tiers.effective < 2 {
        return Vec::new();
    }
    let wf = ctx.wf;
    let severity = if ctx.tiers.effective >= 3 {
        crate::diagnostic::Severity::Error
    } else {
        crate::diagnostic::Severity::Warning
    };
    ctx.structure
        .guards
        .gaps
        .iter()
        .map(|g| {
            let first = &wf.transitions[g.first];
            let state = &wf.states[g.state];
            let event = &ctx.cat.events[g.event];
            let witness = g.witness.describe(ctx.cat, wf);
            Diagnostic::new(
                CODE,
                first.head_span,
                format!(
                    "no transition handles `{}` in state `{}` when {witness}",
                    event.name, state.name
                ),
            )
            .label("the guards of this state and event leave a gap")
            .help(format!(
                "handle the rest explicitly: `transition ...: {} -> ... on {} when otherwise` (with no actions to ignore it on purpose)",
                state.name, event.name
            ))
            .severity(severity)
        })
        .collect()
}
