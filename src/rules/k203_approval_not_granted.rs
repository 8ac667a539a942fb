//! # K203 approval-not-granted (error in production, warning in sandbox and staging)
//!
//! **What it checks.** No required approver role decided `rejected` or `changes_requested`.
//! One diagnostic per such entry, at the approvals block, with the entry labelled.
//!
//! **Why it matters.** A recorded rejection is a control that fired. Shipping over it, because
//! the other three roles approved, is the failure a compliance audit looks for first.
//!
//! ## Failing example
//!
//! ```keel
//! use std::client
//! use std::notify
//!
//! workflow WELCOME v1 {
//!   tier 1
//!   owner "l.garcia"
//!   maintainer "j.doe"
//!   approvals {
//!     owner "l.garcia" approved at 2026-11-24T08:00:00Z
//!     maintainer "j.doe" changes_requested at 2026-11-24T08:05:00Z
//!   }
//!   states {
//!     New initial
//!     Welcomed terminal
//!   }
//!   transition welcome: New -> Welcomed on client.registered do notify.email("welcome")
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::client
//! use std::notify
//!
//! workflow WELCOME v1 {
//!   tier 1
//!   owner "l.garcia"
//!   maintainer "j.doe"
//!   approvals {
//!     owner "l.garcia" approved at 2026-11-24T08:00:00Z
//!     maintainer "j.doe" approved at 2026-11-24T08:05:00Z
//!   }
//!   states {
//!     New initial
//!     Welcomed terminal
//!   }
//!   transition welcome: New -> Welcomed on client.registered do notify.email("welcome")
//! }
//! ```

crate::codes::declare_rule! {
    code: "K203",
    name: "approval-not-granted",
    severity: Error,
    env_sensitive: true,
    control: true,
    remedy: "record the approval with `keel approve FILE --as ROLE --by PERSON`",
    summary: "a required role's decision is rejected or changes_requested",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::model::{Decision, Role};

/// `O(approvals)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let required = Role::required_for(ctx.tiers.effective);
    let Some(a) = &ctx.wf.approvals else { return Vec::new() };
    a.entries
        .iter()
        .filter(|e| required.contains(&e.role) && e.decision != Decision::Approved)
        .map(|e| {
            Diagnostic::new(
                CODE,
                a.span,
                format!(
                    "the {} approval of `{}` is `{}`, not `approved`",
                    e.role.as_str(),
                    ctx.wf.id,
                    e.decision.as_str()
                ),
            )
            .label("a required approval is not granted")
            .with_label(e.span, format!("{} {} decided `{}`", e.role.as_str(), crate::syntax::quote(&e.person.value), e.decision.as_str()))
            .help(format!(
                "address the {}'s concerns, then ask for a new decision: `keel approve FILE --as {} --by {}`",
                e.role.as_str(),
                e.role.as_str(),
                crate::syntax::quote(&e.person.value)
            ))
        })
        .collect()
}
