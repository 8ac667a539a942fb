//! # K209 unauthorized-approver (error in production, warning in sandbox and staging)
//!
//! **What it checks.** The `owner` approval is given by the workflow's declared `owner` and
//! the `maintainer` approval by its declared `maintainer`. Where keel.toml has a `[roles]`
//! table (keys `owner`, `maintainer`, `compliance`, `finance_risk`, each a list of names),
//! every approver for a role the table lists is one of its names, and the declared owner and
//! maintainer are in the `owner` and `maintainer` lists when the table has them. Names are
//! compared by identity key (NFKC, case folded, trimmed, UTS #39 confusable skeleton), so
//! `T.Nguyen` and `t.nguyen` are one person. Reported at the approval line (at the `owner` or
//! `maintainer` statement for a declared person missing from `[roles]`).
//!
//! **Why it matters.** An approval is only as good as the authority of whoever gave it. An
//! owner approval by "mallory" is no owner approval, and a compliance approval by someone
//! who is not in compliance is a signature without a mandate. K209 is a control: it cannot be
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
//!   owner "l.garcia"
//!   maintainer "j.doe"
//!   approvals {
//!     owner "mallory" approved at 2026-11-24T08:00:00Z
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
//! ```keel
//! use std::client
//! use std::notify
//!
//! workflow WELCOME v1 {
//!   tier 1
//!   owner "l.garcia"
//!   maintainer "j.doe"
//!   approvals {
//!     owner "L.Garcia" approved at 2026-11-24T08:00:00Z
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
    code: "K209",
    name: "unauthorized-approver",
    severity: Error,
    env_sensitive: true,
    control: true,
    remedy: "have the declared owner, maintainer or a listed approver approve with `keel approve`",
    summary: "an owner or maintainer approval not given by the declared person, or an approver not listed for the role in keel.toml [roles]",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::model::Role;
use crate::people::same_person;
use crate::syntax::quote;

/// `O(approvals × listed names)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let roles = &ctx.config.roles;
    let listed = |role: &str, name: &str| {
        roles
            .get(role)
            .is_none_or(|names| names.iter().any(|n| same_person(n, name)))
    };
    let config = ctx
        .config
        .path
        .as_ref()
        .map_or("keel.toml".to_string(), |p| p.display().to_string());
    if let Some(a) = &ctx.wf.approvals {
        for e in &a.entries {
            let who = &e.person.value;
            let declared = match e.role {
                Role::Owner => ctx.wf.owner.as_ref(),
                Role::Maintainer => ctx.wf.maintainer.as_ref(),
                _ => None,
            };
            if let Some(d) = declared {
                if !same_person(&d.value, who) {
                    out.push(
                        Diagnostic::new(
                            CODE,
                            e.span,
                            format!(
                                "the {} approval is given by {}, but the workflow's {} is {}",
                                e.role.as_str(),
                                quote(who),
                                e.role.as_str(),
                                quote(&d.value)
                            ),
                        )
                        .label(format!("not the declared {}", e.role.as_str()))
                        .with_label(d.span, format!("the declared {}", e.role.as_str()))
                        .help(format!(
                            "the {} approval must come from {}: ask them to approve with `keel approve FILE --as {} --by {}`",
                            e.role.as_str(),
                            quote(&d.value),
                            e.role.as_str(),
                            quote(&d.value)
                        )),
                    );
                    continue;
                }
            }
            if !listed(e.role.as_str(), who) {
                out.push(
                    Diagnostic::new(
                        CODE,
                        e.span,
                        format!(
                            "{} is not listed as an approver for {} in {config} [roles]",
                            quote(who),
                            e.role.as_str()
                        ),
                    )
                    .label(format!("not a listed {} approver", e.role.as_str()))
                    .help(format!(
                        "ask one of the people [roles] lists for {} to approve, or add {} to that list (a reviewed change of the repository's policy)",
                        e.role.as_str(),
                        quote(who)
                    )),
                );
            }
        }
    }
    for (role, declared) in [
        ("owner", ctx.wf.owner.as_ref()),
        ("maintainer", ctx.wf.maintainer.as_ref()),
    ] {
        let Some(d) = declared else { continue };
        if !listed(role, &d.value) {
            out.push(
                Diagnostic::new(
                    CODE,
                    d.span,
                    format!(
                        "the declared {role} {} is not listed for {role} in {config} [roles]",
                        quote(&d.value)
                    ),
                )
                .label(format!("not a listed {role}"))
                .help(format!(
                    "name one of the people [roles] lists for {role}, or add {} to that list",
                    quote(&d.value)
                )),
            );
        }
    }
    out
}
