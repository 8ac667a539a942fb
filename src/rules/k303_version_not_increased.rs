//! # K303 version-not-increased (error)
//!
//! **What it checks.** A version that is not in `keel.lock` is above the highest published
//! version of the same workflow. Only checked when some version of the workflow is published.
//! Reported at the version.
//!
//! **Why it matters.** Versions order what ran when. A "new" v5 after v6 went live makes
//! rollback targets, incident timelines and the CRM's import history ambiguous.
//!
//! ## Failing example
//!
//! ```keel
//! use std::client
//! use std::notify
//!
//! workflow WELCOME v2 {
//!   tier 1
//!   states {
//!     New initial
//!     Welcomed terminal
//!   }
//!   transition welcome: New -> Welcomed on client.registered do notify.email("welcome")
//! }
//! ```
//!
//! ```toml keel.lock
//! [[published]]
//! id = "WELCOME_v3"
//! digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111"
//! states = ["New", "Welcomed"]
//! published_at = "2026-10-01T08:00:00Z"
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::client
//! use std::notify
//!
//! workflow WELCOME v4 {
//!   tier 1
//!   states {
//!     New initial
//!     Welcomed terminal
//!   }
//!   transition welcome: New -> Welcomed on client.registered do notify.email("welcome")
//! }
//! ```
//!
//! ```toml keel.lock
//! [[published]]
//! id = "WELCOME_v3"
//! digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111"
//! states = ["New", "Welcomed"]
//! published_at = "2026-10-01T08:00:00Z"
//! ```

crate::codes::declare_rule! {
    code: "K303",
    name: "version-not-increased",
    severity: Error,
    control: true,
    remedy: "give the changed workflow a higher version",
    summary: "a new version that is not above the highest published one",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(published)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(lock) = ctx.lock else { return Vec::new() };
    let Some(v) = ctx.wf.version else { return Vec::new() };
    if lock.get(&ctx.wf.id).is_some() {
        return Vec::new();
    }
    let Some(&highest) = lock.versions(&ctx.wf.name).last() else { return Vec::new() };
    if v > highest {
        return Vec::new();
    }
    vec![Diagnostic::new(
        CODE,
        ctx.wf.version_span,
        format!("`{}` is not above the highest published version, v{highest}", ctx.wf.id),
    )
    .label(format!("v{highest} of `{}` is already published", ctx.wf.name))
    .help(format!("number the new version `v{}`", highest + 1))]
}
