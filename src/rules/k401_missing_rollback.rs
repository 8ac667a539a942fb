//! # K401 missing-rollback (error)
//!
//! **What it checks.** Tier 2 and Tier 3 workflows have a `rollback` block. Reported at the
//! workflow name.
//!
//! **Why it matters.** Every KYC, routing or payment change needs a rehearsed way back before
//! it ships: when the approval rate halves at 9 a.m., the team should be executing a plan, not
//! writing one while clients wait in the queue.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v1 {
//!   tier 2
//!   states {
//!     Review initial
//!     Done terminal
//!   }
//!   transition approve: Review -> Done on check.completed do kyc.set_status(approved)
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
//!     Review initial
//!     Done terminal
//!     Manual manual
//!   }
//!   transition approve: Review -> Done on check.completed do kyc.set_status(approved)
//!   rollback {
//!     trigger queue(Review) > 200
//!     method disable route_to Manual
//!   }
//! }
//! ```

crate::codes::declare_rule! {
    code: "K401",
    name: "missing-rollback",
    severity: Error,
    summary: "a Tier 2/3 workflow without a rollback block",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(1)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    if ctx.tiers.effective < 2 || ctx.wf.rollback.is_some() {
        return Vec::new();
    }
    vec![Diagnostic::new(
        CODE,
        ctx.wf.name_span,
        format!("Tier {} workflow `{}` has no rollback plan", ctx.tiers.effective, ctx.wf.id),
    )
    .label("no `rollback` block")
    .help("add `rollback { trigger METRIC > LIMIT  method previous_version vN|disable route_to MANUAL_STATE|flag F off  backout 15m  remediate { ... } }`")]
}
