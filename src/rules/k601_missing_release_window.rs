//! # K601 missing-release-window (error)
//!
//! **What it checks.** A Tier 3 workflow has a release `window`: days, a start and end clock
//! time, and an IANA time zone (`window Tue-Thu 02:00-05:00 "Europe/London"`). Reported at the
//! release block (or the workflow name when there is none).
//!
//! **Why it matters.** Money-moving changes go live when the desk is staffed and markets or
//! PSP settlement are quiet, not at Friday 17:55 before a weekend of unreviewed payouts. The
//! time zone makes "night" unambiguous for a team spread over Limassol and London.
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
//!     canary 5% region "CY"
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
//!     canary 5% region "CY"
//!   }
//! }
//! ```

crate::codes::declare_rule! {
    code: "K601",
    name: "missing-release-window",
    severity: Error,
    summary: "a Tier 3 workflow without a release window",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(1)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    if ctx.tiers.effective < 3 || ctx.wf.release.as_ref().is_some_and(|r| !r.windows.is_empty()) {
        return Vec::new();
    }
    let span = ctx.wf.release.as_ref().map_or(ctx.wf.name_span, |r| r.span);
    vec![Diagnostic::new(CODE, span, format!("Tier 3 workflow `{}` has no release window", ctx.wf.id))
        .label(if ctx.wf.release.is_some() { "no `window` in the release block" } else { "no `release` block" })
        .help("say when it may go live: `release { window Tue-Thu 02:00-05:00 \"Europe/London\" }`")]
}
