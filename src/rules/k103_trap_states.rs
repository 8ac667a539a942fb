//! # K103 trap-states (warning)
//!
//! **What it checks.** From every reachable state some `terminal` state can still be reached.
//! States from which none can are reported once per strongly connected group, at the first
//! state of the group (states already reported as unreachable or as dead ends are left to
//! K101 and K102).
//!
//! **Why it matters.** A trap is a loop with no exit: a client bounced between "Review" and
//! "Docs requested" forever, an IB account cycling through suspensions without ever being
//! closed or resumed for good. Each pass may send emails, create tasks or move money again.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow LOOP v1 {
//!   states {
//!     Pending initial
//!     Review
//!     Docs
//!     Done terminal
//!   }
//!   transition start: Pending -> Review on document.uploaded
//!   transition ask: Review -> Docs on check.completed
//!   transition again: Docs -> Review on document.uploaded
//!   transition skip: Pending -> Done on aml.screening_done
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow LOOP v1 {
//!   states {
//!     Pending initial
//!     Review
//!     Docs
//!     Done terminal
//!   }
//!   transition start: Pending -> Review on document.uploaded
//!   transition ask: Review -> Docs on check.completed when not check.identity_ok
//!   transition pass: Review -> Done on check.completed when otherwise
//!   transition again: Docs -> Review on document.uploaded
//!   transition skip: Pending -> Done on aml.screening_done
//! }
//! ```

crate::codes::declare_rule! {
    code: "K103",
    name: "trap-states",
    severity: Warning,
    summary: "states from which no terminal state can be reached",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(V + E)`: backward reachability from the terminal states and Tarjan's SCCs, both
/// computed once per workflow.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let s = ctx.structure;
    let wf = ctx.wf;
    let mut out = Vec::new();
    let mut groups: Vec<&Vec<usize>> = s
        .sccs
        .iter()
        .filter(|c| c.iter().all(|&st| s.reachable[st] && !s.reaches_terminal[st]))
        .collect();
    groups.sort_by_key(|c| wf.states[c[0]].span.start);
    for group in groups {
        // A lone dead end is K102's.
        if group.len() == 1 && s.graph.out(group[0]).next().is_none() {
            continue;
        }
        let first = group[0];
        let mut d = if group.len() == 1 {
            Diagnostic::new(
                CODE,
                wf.states[first].span,
                format!("state `{}` can never reach a terminal state", wf.states[first].name),
            )
            .label("every path from here stays out of the terminal states")
        } else {
            Diagnostic::new(
                CODE,
                wf.states[first].span,
                format!(
                    "states {} form a trap: none of them can reach a terminal state",
                    ctx.state_names(group)
                ),
            )
            .label("subjects that enter this group never leave it")
        };
        for &other in &group[1..] {
            d = d.with_label(wf.states[other].span, "part of the same trap");
        }
        out.push(d.help(
            "add a way out to a terminal state (or to a state that reaches one), for example an override to a manual queue that can close the case",
        ));
    }
    out
}
