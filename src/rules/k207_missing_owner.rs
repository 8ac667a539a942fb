//! # K207 missing-owner (error)
//!
//! **What it checks.** Every workflow names an `owner` (accountable for what it does to
//! clients) and a `maintainer` (accountable for how it is built). Reported at the workflow
//! name.
//!
//! **Why it matters.** When a deposit rule misfires at 2 a.m., someone has to be paged and
//! someone has to decide. An automation without named owners is the one nobody dares to
//! switch off, and nobody signs off when it changes.
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
//!   states {
//!     New initial
//!     Welcomed terminal
//!   }
//!   transition welcome: New -> Welcomed on client.registered do notify.email("welcome")
//! }
//! ```

crate::codes::declare_rule! {
    code: "K207",
    name: "missing-owner",
    severity: Error,
    control: true,
    remedy: "declare an `owner` and a `maintainer`",
    summary: "no owner or no maintainer",
}

use super::Ctx;
use crate::diagnostic::{all_of, Diagnostic};

/// `O(1)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let mut missing = Vec::new();
    if ctx.wf.owner.is_none() {
        missing.push("an `owner`".to_string());
    }
    if ctx.wf.maintainer.is_none() {
        missing.push("a `maintainer`".to_string());
    }
    if missing.is_empty() {
        return Vec::new();
    }
    vec![Diagnostic::new(CODE, ctx.wf.name_span, format!("workflow `{}` has no {}", ctx.wf.id, all_of(&missing).replace("an `", "`").replace("a `", "`")))
        .label(format!("names no {}", all_of(&missing).replace("an `", "`").replace("a `", "`")))
        .help("name the accountable people: `owner \"person\"` and `maintainer \"person\"`")]
}
