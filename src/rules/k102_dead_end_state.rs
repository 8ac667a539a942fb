//! # K102 dead-end-state (error)
//!
//! **What it checks.** Every state that is not `terminal` has at least one outgoing
//! transition or override. A non-terminal state with no way out is reported at its declaration.
//!
//! **Why it matters.** A subject that enters a dead end stays there forever: a withdrawal
//! "on hold" that nobody can release, a client parked in a KYC queue with no exit. These are
//! the stuck queues that turn into complaints and regulatory findings. If the state really is
//! final, mark it `terminal`.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow HOLDS v1 {
//!   states {
//!     Review initial
//!     OnHold
//!     Done terminal
//!   }
//!   transition hold: Review -> OnHold on aml.screening_done
//!   transition finish: Review -> Done on check.completed
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow HOLDS v1 {
//!   states {
//!     Review initial
//!     OnHold
//!     Done terminal
//!   }
//!   transition hold: Review -> OnHold on aml.screening_done
//!   transition release: OnHold -> Review on check.completed
//!   transition finish: Review -> Done on check.completed
//! }
//! ```

crate::codes::declare_rule! {
    code: "K102",
    name: "dead-end-state",
    severity: Error,
    summary: "a non-terminal state with no outgoing transition or override",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(V + E)`: one look at each state's outgoing edges.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let wf = ctx.wf;
    let mut has_exit = vec![false; wf.states.len()];
    for t in &wf.transitions {
        if let Some(f) = t.from.id {
            has_exit[f] = true;
        }
    }
    for o in &wf.overrides {
        for f in o.from.iter().filter_map(|f| f.id) {
            has_exit[f] = true;
        }
    }
    wf.states
        .iter()
        .enumerate()
        .filter(|(i, s)| !s.terminal && !has_exit[*i])
        .map(|(_, s)| {
            Diagnostic::new(CODE, s.span, format!("state `{}` is a dead end", s.name))
                .label("not terminal, and nothing leaves it")
                .help(format!(
                    "add a transition or an override out of `{}`, or mark it `terminal` if subjects are meant to stay there",
                    s.name
                ))
        })
        .collect()
}
