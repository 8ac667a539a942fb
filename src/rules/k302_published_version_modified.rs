//! # K302 published-version-modified (error)
//!
//! **What it checks.** A version recorded in `keel.lock` (by `keel publish`) still has the
//! digest it was published with, in the project's keel.lock and in every keel.lock above the
//! project's root up to the repository's (the nearest directory with `.git`). Reported at the
//! version.
//!
//! **Why it matters.** `NAME_vN` is an immutable id: CRM audit logs, incident reports and
//! partner statements refer to it. If v7 can change after release, nobody can say which rules
//! a commission was computed by. Changes go into a new version with a changelog.
//!
//! ## Failing example
//!
//! ```keel
//! use std::client
//! use std::notify
//!
//! workflow WELCOME v3 {
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
//!   changelog {
//!     what "New template"
//!     why "Marketing refresh"
//!     by "j.doe"
//!   }
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
    code: "K302",
    name: "published-version-modified",
    severity: Error,
    control: true,
    remedy: "give the changed workflow a higher version",
    summary: "the id is in keel.lock with another digest",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(published)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    // Every record of this id counts (a nested project also holds the keel.locks above it).
    let Some(p) = ctx.lock.and_then(|l| {
        l.published
            .iter()
            .find(|p| p.id == ctx.wf.id && p.digest != ctx.digest)
    }) else {
        return Vec::new();
    };
    let next = ctx.wf.version.map_or("a higher version".to_string(), |v| format!("v{}", v + 1));
    vec![Diagnostic::new(
        CODE,
        ctx.wf.version_span,
        format!("`{}` was published on {} and has changed since", ctx.wf.id, p.published_at),
    )
    .label(format!("published with {}, now {}", p.digest, ctx.digest))
    .help(format!(
        "a published version never changes: restore it, or make this `{}` with a changelog and publish that",
        next
    ))]
}
