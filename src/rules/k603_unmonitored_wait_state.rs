//! # K603 unmonitored-wait-state (warning)
//!
//! **What it checks.** In Tier 2 and 3 workflows, every state that is neither terminal nor
//! initial has an `sla` or a `stuck STATE after ... alert "team"` entry in the monitor block.
//! Reported at the state's declaration.
//!
//! **Why it matters.** Waiting states are where clients get stuck: a KYC review nobody picks
//! up, a withdrawal held for a reviewer who is on leave. An SLA turns into a stuck-queue alert
//! in the artifact; without one, the first signal is the complaint.
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
//!   }
//!   transition submit: Pending -> Review on document.uploaded
//!   transition approve: Review -> Done on check.completed
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
//!     Review sla 24h
//!     Done terminal
//!   }
//!   transition submit: Pending -> Review on document.uploaded
//!   transition approve: Review -> Done on check.completed
//! }
//! ```

crate::codes::declare_rule! {
    code: "K603",
    name: "unmonitored-wait-state",
    severity: Warning,
    summary: "a waiting state with neither an SLA nor a stuck alert (Tier 2/3)",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(V + stuck alerts)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    if ctx.tiers.effective < 2 {
        return Vec::new();
    }
    let stuck: Vec<usize> = ctx
        .wf
        .monitor
        .iter()
        .flat_map(|m| m.stuck.iter().filter_map(|s| s.state.id))
        .collect();
    ctx.wf
        .states
        .iter()
        .enumerate()
        .filter(|(i, s)| !s.terminal && !s.initial && !s.has_sla && !stuck.contains(i))
        .map(|(_, s)| {
            Diagnostic::new(CODE, s.span, format!("nobody is alerted when subjects wait too long in `{}`", s.name))
                .label("no `sla` and no stuck alert")
                .help(format!(
                    "give it an SLA (`{} sla 24h`) or add `stuck {} after 24h alert \"team\"` to the monitor block",
                    s.name, s.name
                ))
        })
        .collect()
}
