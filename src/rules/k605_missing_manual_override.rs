//! # K605 missing-manual-override (error)
//!
//! **What it checks.** In Tier 2 and 3 workflows, every state that is neither terminal nor
//! manual is the source of an override to a `manual` state. Reported at the state's
//! declaration.
//!
//! **Why it matters.** Automation fails in ways nobody foresaw: a PSP outage, a sanctions list
//! update, a client on the phone. Operations must be able to take any live case out of the
//! automation and into a queue people work on, by a named role, with the move recorded.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v1 {
//!   tier 2
//!   states {
//!     Pending initial
//!     Review
//!     Done terminal
//!     Manual manual
//!   }
//!   transition submit: Pending -> Review on document.uploaded
//!   transition approve: Review -> Done on check.completed
//!   transition resolve: Manual -> Done on check.completed
//!   override Pending -> Manual by "ops.kyc"
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v1 {
//!   tier 2
//!   states {
//!     Pending initial
//!     Review
//!     Done terminal
//!     Manual manual
//!   }
//!   transition submit: Pending -> Review on document.uploaded
//!   transition approve: Review -> Done on check.completed
//!   transition resolve: Manual -> Done on check.completed
//!   override Pending, Review -> Manual by "ops.kyc"
//! }
//! ```

crate::codes::declare_rule! {
    code: "K605",
    name: "missing-manual-override",
    severity: Error,
    summary: "a state from which no override reaches a manual state (Tier 2/3)",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(V + overrides)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    if ctx.tiers.effective < 2 {
        return Vec::new();
    }
    let wf = ctx.wf;
    let mut covered = vec![false; wf.states.len()];
    for o in &wf.overrides {
        if o.to.id.is_some_and(|t| wf.states[t].manual) {
            for f in o.from.iter().filter_map(|f| f.id) {
                covered[f] = true;
            }
        }
    }
    let manual: Vec<&str> = wf.states.iter().filter(|s| s.manual).map(|s| s.name.as_str()).collect();
    wf.states
        .iter()
        .enumerate()
        .filter(|(i, s)| !s.terminal && !s.manual && !covered[*i])
        .map(|(_, s)| {
            let help = match manual.first() {
                Some(m) => format!("let a role take it over: `override {} -> {m} by \"ops.team\"`", s.name),
                None => format!(
                    "declare a manual queue (`Manual manual sla 8h`) and `override {} -> Manual by \"ops.team\"`",
                    s.name
                ),
            };
            Diagnostic::new(CODE, s.span, format!("no override takes `{}` to a manual state", s.name))
                .label("operations cannot take these cases over by hand")
                .help(help)
        })
        .collect()
}
