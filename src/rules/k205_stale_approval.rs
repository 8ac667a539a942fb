//! # K205 stale-approval (error in production, warning in sandbox and staging)
//!
//! **What it checks.** Every approval is bound to the workflow's current content digest: its
//! `for "sha256:…"` equals what `keel digest` prints now. An approval without `for`, or with
//! another digest, is stale. The digest covers everything the workflow means (states, guards,
//! actions with their resolved risk, rollback, tests, ...) and nothing it does not
//! (formatting, comments, the approvals themselves), so reformatting keeps approvals valid and
//! any real edit invalidates them. `keel:allow` directives are waivers and part of the
//! content: adding, changing or removing one stales the approvals. Reported at the approvals
//! block, with each stale entry labelled. Digests of artifacts from before this Keel (v1
//! digests) change once on upgrade: re-approve the workflows (see docs/digest.md).
//!
//! **Why it matters.** Approvals bound to content are Keel's answer to "approved on Monday,
//! edited on Tuesday, released on Wednesday". Without the binding, a reviewer's signature
//! silently covers changes they never saw, such as an SLA cut from 24h to 12h.
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
//!     owner "l.garcia" approved at 2026-11-24T08:00:00Z for "sha256:0000000000000000000000000000000000000000000000000000000000000000"
//!     maintainer "j.doe" approved at 2026-11-24T08:05:00Z
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
//! In examples, an approval line without `for` is bound to the example's current digest, as
//! `keel approve` would write it.
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
    code: "K205",
    name: "stale-approval",
    severity: Error,
    env_sensitive: true,
    control: true,
    remedy: "ask the approvers to approve the current content again with `keel approve`",
    summary: "an approval is not bound to the current content digest",
}

use super::Ctx;
use crate::diagnostic::{all_of, Diagnostic};

/// `O(approvals)`; the digest is computed once per workflow.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(a) = &ctx.wf.approvals else { return Vec::new() };
    let stale: Vec<&crate::model::Approval> = a
        .entries
        .iter()
        .filter(|e| e.digest.as_ref().is_none_or(|d| d.value != ctx.digest))
        .collect();
    if stale.is_empty() {
        return Vec::new();
    }
    let roles: Vec<String> = stale.iter().map(|e| format!("`{}`", e.role.as_str())).collect();
    let mut d = Diagnostic::new(
        CODE,
        a.span,
        format!(
            "the {} approval{} of `{}` {} not bound to the current content",
            all_of(&roles),
            if stale.len() == 1 { "" } else { "s" },
            ctx.wf.id,
            if stale.len() == 1 { "is" } else { "are" }
        ),
    )
    .label(format!("the current digest is {}", ctx.digest));
    for e in &stale {
        d = d.with_label(
            e.span,
            match &e.digest {
                None => "approved without a digest".to_string(),
                Some(_) => "approved for other content".to_string(),
            },
        );
    }
    vec![d.help(format!(
        "the workflow changed after these approvals (or they were never bound to it); ask the approvers to review `keel diff` and re-approve: `keel approve FILE --as {} --by PERSON` (after upgrading from a Keel that wrote v1 digests, every digest changes once: the digest is now RFC 8785 and covers waivers)",
        stale[0].role.as_str()
    ))]
}
