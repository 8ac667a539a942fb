//! # K301 missing-changelog (error)
//!
//! **What it checks.** Every version above `v1` has a changelog with `what` changed, `why`, and
//! `by` whom, none of them empty or only whitespace. Reported at the changelog block (or the workflow name when there is none).
//!
//! **Why it matters.** A version is a change to how clients are treated or paid. The audit
//! trail regulators and partners ask for ("why did the approval rate drop on the 14th?") starts
//! with what changed, why, and who did it; the ticket links it to the decision.
//!
//! ## Failing example
//!
//! ```keel
//! use std::client
//! use std::notify
//!
//! workflow WELCOME v4 {
//!   tier 1
//!   changelog {
//!     what "New subject line"
//!   }
//!   states {
//!     New initial
//!     Welcomed terminal
//!   }
//!   transition welcome: New -> Welcomed on client.registered do notify.email("welcome_v4")
//! }
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
//!     what "New subject line"
//!     why "MKT-12: the old one was flagged as spam"
//!     by "j.doe"
//!   }
//!   states {
//!     New initial
//!     Welcomed terminal
//!   }
//!   transition welcome: New -> Welcomed on client.registered do notify.email("welcome_v4")
//! }
//! ```

crate::codes::declare_rule! {
    code: "K301",
    name: "missing-changelog",
    severity: Error,
    control: true,
    remedy: "write the changelog's what, why and by",
    summary: "a version above v1 without what, why and by",
}

use super::Ctx;
use crate::diagnostic::{all_of, Diagnostic};

/// `O(1)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    if ctx.wf.version.is_none_or(|v| v <= 1) {
        return Vec::new();
    }
    let c = ctx.wf.changelog.as_ref();
    // An empty or whitespace-only entry says nothing: it is missing.
    let blank = |e: &Option<crate::model::Spanned<String>>| {
        e.as_ref().is_none_or(|s| s.value.trim().is_empty())
    };
    let mut missing = Vec::new();
    if c.is_none_or(|c| blank(&c.what)) {
        missing.push("`what`".to_string());
    }
    if c.is_none_or(|c| blank(&c.why)) {
        missing.push("`why`".to_string());
    }
    if c.is_none_or(|c| blank(&c.by)) {
        missing.push("`by`".to_string());
    }
    if missing.is_empty() {
        return Vec::new();
    }
    vec![Diagnostic::new(
        CODE,
        c.map_or(ctx.wf.name_span, |c| c.span),
        format!("`{}` has no changelog {}", ctx.wf.id, all_of(&missing)),
    )
    .label(if c.is_some() { "incomplete changelog" } else { "no changelog" })
    .help("say what changed, why and by whom: `changelog { what \"...\" why \"...\" by \"...\" ticket \"...\" }`")]
}
