//! # K602 missing-canary (error)
//!
//! **What it checks.** A Tier 3 workflow has a `canary`: a percentage and/or a region or
//! segment it is released to first (`canary 5% segment "IB-EU-SILVER"`). Reported at the release
//! block (or the workflow name when there is none).
//!
//! **Why it matters.** A canary limits the blast radius of a wrong payout rule to a few
//! percent of clients while monitoring and the rollback triggers get their chance to fire.
//!
//! ## Failing example
//!
//! ```keel
//! use std::payments
//!
//! workflow PAYOUT v1 {
//!   tier 3
//!   states {
//!     Requested initial
//!     Paid terminal
//!   }
//!   transition pay: Requested -> Paid on withdrawal.requested
//!     do withdrawal.approve(amount: withdrawal.amount)
//!   release {
//!     window Tue-Thu 02:00-05:00 "Europe/London"
//!   }
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::payments
//!
//! workflow PAYOUT v1 {
//!   tier 3
//!   states {
//!     Requested initial
//!     Paid terminal
//!   }
//!   transition pay: Requested -> Paid on withdrawal.requested
//!     do withdrawal.approve(amount: withdrawal.amount)
//!   release {
//!     window Tue-Thu 02:00-05:00 "Europe/London"
//!     canary 10% region "CY"
//!   }
//! }
//! ```

crate::codes::declare_rule! {
    code: "K602",
    name: "missing-canary",
    severity: Error,
    summary: "a Tier 3 workflow without a canary",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(1)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    if ctx.tiers.effective < 3 || ctx.wf.release.as_ref().is_some_and(|r| !r.canaries.is_empty()) {
        return Vec::new();
    }
    let span = ctx.wf.release.as_ref().map_or(ctx.wf.name_span, |r| r.span);
    vec![Diagnostic::new(CODE, span, format!("Tier 3 workflow `{}` has no canary", ctx.wf.id))
        .label(if ctx.wf.release.is_some() { "no `canary` in the release block" } else { "no `release` block" })
        .help("release to a small part first: `canary 5%`, `canary 10% region \"CY\"` or `canary segment \"IB-EU-SILVER\"`")]
}
