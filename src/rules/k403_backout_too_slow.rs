//! # K403 backout-too-slow (warning)
//!
//! **What it checks.** A Tier 3 rollback's `backout` is within the limit: 15 minutes by
//! default, or `[rollback] backout_limit` in keel.toml. Reported at the backout line.
//!
//! **Why it matters.** While a bad payout rule is live, every minute pays more money out.
//! Fifteen minutes is the budget the risk desk can absorb; a plan that needs 45 means a
//! re-deploy, not a switch, and should be redesigned (a feature flag backs out in seconds).
//!
//! ## Failing example
//!
//! ```keel
//! use std::payments
//!
//! workflow PAYOUT v1 {
//!   tier 3
//!   flag auto default on
//!   states {
//!     Requested initial
//!     Paid terminal
//!   }
//!   transition pay: Requested -> Paid on withdrawal.requested behind auto
//!     do withdrawal.approve(amount: withdrawal.amount)
//!   rollback {
//!     trigger queue(Requested) > 100
//!     method flag auto off
//!     backout 45m
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
//!   flag auto default on
//!   states {
//!     Requested initial
//!     Paid terminal
//!   }
//!   transition pay: Requested -> Paid on withdrawal.requested behind auto
//!     do withdrawal.approve(amount: withdrawal.amount)
//!   rollback {
//!     trigger queue(Requested) > 100
//!     method flag auto off
//!     backout 10m
//!   }
//! }
//! ```

crate::codes::declare_rule! {
    code: "K403",
    name: "backout-too-slow",
    severity: Warning,
    summary: "a Tier 3 backout above the limit",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::literal::format_duration;

/// `O(1)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    if ctx.tiers.effective < 3 {
        return Vec::new();
    }
    let Some(b) = ctx.wf.rollback.as_ref().and_then(|r| r.backout.as_ref()) else { return Vec::new() };
    let Some(secs) = b.value else { return Vec::new() };
    let limit = ctx.config.backout_limit;
    if secs <= limit {
        return Vec::new();
    }
    vec![Diagnostic::new(
        CODE,
        b.span,
        format!("backout of {} exceeds the Tier 3 limit of {}", format_duration(secs), format_duration(limit)),
    )
    .label(format!("money can move the wrong way for {}", format_duration(secs)))
    .help("back out faster, e.g. put the change behind a flag and use `method flag NAME off`; or raise `[rollback] backout_limit` in keel.toml if the risk desk agreed to it")]
}
