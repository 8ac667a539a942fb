//! # K702 excessive-privilege (warning)
//!
//! **What it checks.** No role in the access model may both `publish` and `approve`.
//! Reported at the access block, with both grants labelled.
//!
//! **Why it matters.** A role that approves its own releases defeats the approval: the same
//! people decide a change is safe and push it live. Keeping the release and sign-off roles
//! apart is the separation of duties auditors test.
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
//!   transition approve: Review -> Done on check.completed
//!   access {
//!     edit "crm.admin"
//!     publish "crm.release", "compliance"
//!     approve "compliance"
//!   }
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
//!   transition approve: Review -> Done on check.completed
//!   access {
//!     edit "crm.admin"
//!     publish "crm.release"
//!     approve "compliance"
//!   }
//! }
//! ```

crate::codes::declare_rule! {
    code: "K702",
    name: "excessive-privilege",
    severity: Warning,
    summary: "a role that can both publish and approve",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(roles²)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(a) = &ctx.wf.access else { return Vec::new() };
    let publish = a.roles("publish");
    let approve = a.roles("approve");
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for p in &publish {
        if seen.contains(&p.value.as_str()) {
            continue;
        }
        if let Some(ap) = approve.iter().find(|x| x.value == p.value) {
            seen.push(&p.value);
            out.push(
                Diagnostic::new(CODE, a.span, format!("role {} can both publish and approve `{}`", crate::syntax::quote(&p.value), ctx.wf.id))
                    .label("publish and approve should be held by different roles")
                    .with_label(p.span, "may publish")
                    .with_label(ap.span, "may approve")
                    .help(format!("keep {} in one of the two lists", crate::syntax::quote(&p.value))),
            );
        }
    }
    out
}
