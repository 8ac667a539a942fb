//! # K405 unremediated-side-effect (error)
//!
//! **What it checks.** In a Tier 3 workflow, every called action with money, commission,
//! trading or records risk has a remediation entry: `remediate { compensate ACTION }` (undone
//! by its compensating action) or `remediate { manual ACTION "how" }`. One diagnostic per
//! uncovered action, at the remediate block (or the rollback block, or the workflow name), with
//! its first call labelled.
//!
//! **Why it matters.** Rolling the workflow back does not roll the money back. Withdrawals
//! paid, commissions credited and trading accounts enabled under the bad version stay paid,
//! credited and enabled unless the plan says who reverses each of them and how.
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
//!   rollback {
//!     trigger queue(Requested) > 100
//!     method previous_version v1
//!     backout 10m
//!     remediate {
//!       identify by version, window
//!     }
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
//!   rollback {
//!     trigger queue(Requested) > 100
//!     method previous_version v1
//!     backout 10m
//!     remediate {
//!       identify by version, window
//!       compensate withdrawal.approve with "finance"
//!     }
//!   }
//! }
//! ```

crate::codes::declare_rule! {
    code: "K405",
    name: "unremediated-side-effect",
    severity: Error,
    summary: "a money/commission/trading/records action with no remediation entry (Tier 3)",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(calls + remediation entries)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    if ctx.tiers.effective < 3 {
        return Vec::new();
    }
    let r = ctx.wf.rollback.as_ref();
    let rem = r.and_then(|r| r.remediate.as_ref());
    let covered = |a: usize| {
        rem.is_some_and(|rm| {
            rm.compensates.iter().any(|c| c.action.id == Some(a)) || rm.manuals.iter().any(|m| m.action.id == Some(a))
        })
    };
    let anchor = rem.map(|x| x.span).or(r.map(|r| r.span)).unwrap_or(ctx.wf.name_span);
    let mut seen: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    for (_, call) in ctx.wf.calls() {
        let Some(a) = call.action.id else { continue };
        let action = &ctx.cat.actions[a];
        let Some(risk) = action.risk else { continue };
        if !risk.needs_remediation() || seen.contains(&a) || covered(a) {
            continue;
        }
        seen.push(a);
        let how = match action.compensate {
            Some(c) => format!(
                "add `compensate {}` to `remediate {{ }}` (its compensating action is `{}`), or `manual {} \"who fixes it and how\"`",
                action.name, ctx.cat.actions[c].name, action.name
            ),
            None => format!(
                "`{}` has no compensating action; add `manual {} \"who fixes it and how\"` to `remediate {{ }}`",
                action.name, action.name
            ),
        };
        out.push(
            Diagnostic::new(
                CODE,
                anchor,
                format!("{} side effect `{}` has no remediation", risk.as_str(), action.name),
            )
            .label(if rem.is_some() { "not covered by the remediation plan" } else { "no remediation plan" })
            .with_label(call.span, format!("`{}` is called here", action.name))
            .help(how),
        );
    }
    out
}
