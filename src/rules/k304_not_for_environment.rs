//! # K304 not-for-environment (error)
//!
//! **What it checks.** A workflow with an `environments` list is checked only for the
//! environments it lists: checking it for another (`keel check --env production`, the
//! default, `keel build`, and always `keel publish`) reports K304 at the `environments`
//! statement. A workflow without a list is meant for every environment.
//!
//! **Why it matters.** `environments sandbox` says a workflow was never meant to reach
//! clients. Without this check the list had no effect: a sandbox experiment could be built
//! and published for production with nobody noticing. K304 is a control: it cannot be
//! suppressed or configured away.
//!
//! ## Failing example
//!
//! ```keel
//! use std::client
//! use std::notify
//!
//! workflow WELCOME v1 {
//!   tier 1
//!   environments sandbox
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
//!   environments sandbox, production
//!   states {
//!     New initial
//!     Welcomed terminal
//!   }
//!   transition welcome: New -> Welcomed on client.registered do notify.email("welcome")
//! }
//! ```

crate::codes::declare_rule! {
    code: "K304",
    name: "not-for-environment",
    severity: Error,
    control: true,
    remedy: "add the environment to the workflow's `environments` list, or check for an environment it is meant for",
    summary: "the workflow's `environments` list lacks the environment checked",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::span::Span;

/// `O(environments)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let envs = &ctx.wf.environments;
    let (Some(first), Some(last)) = (envs.first(), envs.last()) else {
        return Vec::new();
    };
    let want = ctx.env.as_str();
    if envs.iter().any(|e| e.value == want) {
        return Vec::new();
    }
    let listed: Vec<&str> = envs.iter().map(|e| e.value.as_str()).collect();
    vec![Diagnostic::new(
        CODE,
        Span::new(first.span.start as usize, last.span.end as usize),
        format!(
            "workflow `{}` is not meant for {want}: its environments are {}",
            ctx.wf.id,
            listed.join(", ")
        ),
    )
    .label(format!("{want} is not listed"))
    .help(format!(
        "add `{want}` to the `environments` list if the workflow is meant for it (its approvers then see that), or check it for an environment it lists with `--env {}`",
        listed[0]
    ))]
}
