//! # K101 unreachable-state (error)
//!
//! **What it checks.** Every state can be reached from the initial state by following
//! transitions and overrides. A state no path reaches is reported at its declaration.
//!
//! **Why it matters.** An unreachable state is dead configuration: a review queue nobody can
//! be routed to, or an approval step that was meant to run and silently never does. In a KYC
//! flow it usually means a transition was deleted or retargeted and the escalation path that
//! compliance signed off on no longer exists.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow ESCALATION v1 {
//!   states {
//!     Pending initial
//!     Escalated
//!     Done terminal
//!   }
//!   transition finish: Pending -> Done on check.completed
//!   transition back: Escalated -> Done on check.completed
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow ESCALATION v1 {
//!   states {
//!     Pending initial
//!     Escalated
//!     Done terminal
//!   }
//!   transition escalate: Pending -> Escalated on aml.screening_done
//!   transition finish: Pending -> Done on check.completed
//!   transition back: Escalated -> Done on check.completed
//! }
//! ```

crate::codes::declare_rule! {
    code: "K101",
    name: "unreachable-state",
    severity: Error,
    summary: "a state with no path from the initial state",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(V)` over the reachability computed once per workflow.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let s = ctx.structure;
    let Some(init) = s.initial else {
        return Vec::new(); // K105 reports the missing or repeated initial state
    };
    ctx.wf
        .states
        .iter()
        .enumerate()
        .filter(|(i, _)| !s.reachable[*i])
        .map(|(_, st)| {
            Diagnostic::new(CODE, st.span, format!("state `{}` is unreachable", st.name))
                .label(format!("no path leads here from `{}`", ctx.wf.states[init].name))
                .help(format!(
                    "add a transition or override into `{}`, or remove the state",
                    st.name
                ))
        })
        .collect()
}
