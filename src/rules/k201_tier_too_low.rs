//! # K201 tier-too-low (error)
//!
//! **What it checks.** The declared tier is at least the tier the workflow's actions require.
//! Each action has a risk class; content needs Tier 1; routing, kyc and eligibility need
//! Tier 2; money, trading, commission and records need Tier 3. The required tier is the highest
//! over every called action, and the diagnostic points at the first call (in source order) of
//! an action of that highest tier. Every tier-dependent rule uses the effective tier (the
//! higher of declared and required), so a mis-tiered workflow escapes nothing. Unknown risk
//! fails safe: a call of an action that does not resolve, or declares no risk, counts as the
//! highest (Tier 3).
//!
//! **Why it matters.** The tier decides who must approve and what safety net is mandatory. A
//! KYC status change declared "Tier 1: content" would ship with an owner's and a maintainer's
//! approval only: no compliance sign-off, no rollback plan, no canary. This is how unapproved
//! Tier 3 releases happen.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v1 {
//!   tier 1
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
//!   }
//!   transition approve: Review -> Done on check.completed do kyc.set_status(approved)
//! }
//! ```

crate::codes::declare_rule! {
    code: "K201",
    name: "tier-too-low",
    severity: Error,
    control: true,
    remedy: "declare the tier the called actions require",
    summary: "declared tier below the tier the called actions require",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

fn tier_scope(tier: u8) -> &'static str {
    match tier {
        1 => "content and notifications",
        2 => "onboarding routing, KYC/AML state changes, lead distribution and bonus eligibility, and needs compliance approval and a rollback plan",
        _ => "anything that moves money, changes trading access, affects commissions or alters regulatory records, and needs finance_risk approval, a rollback with backout time and remediation, a release window and a canary",
    }
}

/// `O(calls)`, from the tier computation done once per workflow.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let t = ctx.tiers;
    let Some(cause) = &t.cause else { return Vec::new() };
    let declared = t.declared.unwrap_or(0);
    if declared >= t.required || (t.declared.is_none() && t.required == 1) {
        return Vec::new();
    }
    let mut d = Diagnostic::new(
        CODE,
        cause.span,
        match t.declared {
            Some(dt) => format!(
                "workflow `{}` declares Tier {dt}, but its actions require Tier {}",
                ctx.wf.id, t.required
            ),
            None => format!("workflow `{}` declares no tier, but its actions require Tier {}", ctx.wf.id, t.required),
        },
    )
    .label(match cause.risk {
        Some(r) if cause.understated => format!(
            "`{}` declares risk `{}`, but its effects need more (K208), so it counts as the highest (Tier 3)",
            cause.action,
            r.as_str()
        ),
        Some(r) => format!(
            "`{}` has risk `{}`, which needs Tier {}",
            cause.action,
            r.as_str(),
            t.required
        ),
        None => format!(
            "the risk of `{}` is unknown, so it counts as the highest (Tier 3)",
            cause.action
        ),
    })
    .help(format!(
        "declare `tier {}`: Tier {} covers {}",
        t.required,
        t.required,
        tier_scope(t.required)
    ));
    if let Some(decl) = &ctx.wf.declared_tier {
        d = d.with_label(decl.span, format!("declared Tier {} here", decl.value));
    }
    vec![d]
}
