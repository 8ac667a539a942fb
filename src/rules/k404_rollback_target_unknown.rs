//! # K404 rollback-target-unknown (error in production, warning in sandbox and staging)
//!
//! **What it checks.** A rollback target exists: `previous_version vN` names a version that is
//! recorded in `keel.lock` and is below the current one; `disable route_to S` names a `manual`
//! state (an undefined name is K002). Reported at the method line.
//!
//! **Why it matters.** Rolling back to a version that was never released, or that does not
//! exist in the CRM, fails at the worst moment: during the incident. Routing to a state nobody
//! works on parks every client in a queue with no owner.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v4 {
//!   tier 2
//!   states {
//!     Review initial
//!     Done terminal
//!   }
//!   transition approve: Review -> Done on check.completed do kyc.set_status(approved)
//!   rollback {
//!     trigger queue(Review) > 200
//!     method previous_version v3
//!   }
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v4 {
//!   tier 2
//!   states {
//!     Review initial
//!     Done terminal
//!   }
//!   transition approve: Review -> Done on check.completed do kyc.set_status(approved)
//!   rollback {
//!     trigger queue(Review) > 200
//!     method previous_version v3
//!   }
//! }
//! ```
//!
//! ```toml keel.lock
//! [[published]]
//! id = "KYC_STATUS_v3"
//! digest = "sha256:2222222222222222222222222222222222222222222222222222222222222222"
//! states = ["Review", "Done"]
//! published_at = "2026-10-01T08:00:00Z"
//! ```

crate::codes::declare_rule! {
    code: "K404",
    name: "rollback-target-unknown",
    severity: Error,
    env_sensitive: true,
    summary: "a rollback target that is not published, not older, or not a manual state",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::model::MethodKind;

/// `O(methods · published)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(r) = &ctx.wf.rollback else { return Vec::new() };
    let mut out = Vec::new();
    for m in &r.methods {
        match &m.kind {
            MethodKind::PreviousVersion(Some(v), text, _) => {
                let id = format!("{}_{text}", ctx.wf.name);
                let published = ctx.lock.and_then(|l| l.get(&id)).is_some();
                let below = ctx.wf.version.is_some_and(|cur| *v < cur);
                if published && below {
                    continue;
                }
                let (msg, help) = if !below {
                    (
                        format!("rollback target `{id}` is not older than `{}`", ctx.wf.id),
                        "roll back to an earlier published version".to_string(),
                    )
                } else {
                    let known = ctx.lock.map(|l| l.versions(&ctx.wf.name)).unwrap_or_default();
                    (
                        format!("rollback target `{id}` is not in keel.lock"),
                        if known.is_empty() {
                            format!("no version of `{}` is published; publish one with `keel publish`, or roll back with `method disable route_to MANUAL_STATE` or `method flag F off`", ctx.wf.name)
                        } else {
                            format!(
                                "the published versions of `{}` are {}",
                                ctx.wf.name,
                                known.iter().map(|v| format!("v{v}")).collect::<Vec<_>>().join(", ")
                            )
                        },
                    )
                };
                out.push(Diagnostic::new(CODE, m.span, msg).label("unknown rollback target").help(help));
            }
            MethodKind::DisableRouteTo(s) => {
                let Some(id) = s.id else { continue };
                if ctx.wf.states[id].manual {
                    continue;
                }
                out.push(
                    Diagnostic::new(CODE, m.span, format!("rollback routes to `{}`, which is not a manual state", s.name))
                        .label("not a manual work queue")
                        .with_label(ctx.wf.states[id].span, "declared without `manual`")
                        .help("route to a state declared `manual` (a queue people work on), or mark this one `manual`"),
                );
            }
            _ => {}
        }
    }
    out
}
