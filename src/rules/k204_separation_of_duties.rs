//! # K204 separation-of-duties (error)
//!
//! **What it checks.** One person fills at most one approver role, and the author of the
//! change (the changelog's `by`) does not approve as compliance or finance_risk. Reported at
//! the later entry of that person. People are compared by identity key (NFKC, case folded,
//! trimmed, UTS #39 confusable skeleton): `T.Nguyen`, `t.nguyen` and a Cyrillic look-alike are
//! one person.
//!
//! **Why it matters.** Four approvals by three people are three approvals. The four-eyes
//! principle regulators expect, and that protects the firm against one person's mistake or
//! fraud, needs the control roles to be held by someone other than the author.
//!
//! ## Failing example
//!
//! ```keel
//! use std::client
//! use std::notify
//!
//! workflow WELCOME v1 {
//!   tier 1
//!   owner "j.doe"
//!   maintainer "j.doe"
//!   approvals {
//!     owner "j.doe" approved at 2026-11-24T08:00:00Z
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
    code: "K204",
    name: "separation-of-duties",
    severity: Error,
    control: true,
    remedy: "ask a different person to approve that role",
    summary: "one person in two approver roles, or the changelog author approving as compliance or finance_risk",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::model::Role;
use crate::people::same_person;

/// `O(approvals²)` with at most four approvals.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(a) = &ctx.wf.approvals else { return Vec::new() };
    let author = ctx.wf.changelog.as_ref().and_then(|c| c.by.as_ref());
    let mut out = Vec::new();
    for (i, e) in a.entries.iter().enumerate() {
        let earlier = a.entries[..i]
            .iter()
            .find(|x| same_person(&x.person.value, &e.person.value));
        let is_author = author.is_some_and(|au| same_person(&au.value, &e.person.value))
            && matches!(e.role, Role::Compliance | Role::FinanceRisk);
        if earlier.is_none() && !is_author {
            continue;
        }
        let who = crate::syntax::quote(&e.person.value);
        let mut d = match earlier {
            Some(first) => Diagnostic::new(
                CODE,
                e.span,
                format!("{who} approves as both {} and {}", first.role.as_str(), e.role.as_str()),
            )
            .label(format!("{who} again, as {}", e.role.as_str()))
            .with_label(first.span, format!("{who} as {}", first.role.as_str())),
            None => Diagnostic::new(
                CODE,
                e.span,
                format!("{who} wrote the change and approves it as {}", e.role.as_str()),
            )
            .label(format!("the author approving as {}", e.role.as_str())),
        };
        if is_author && earlier.is_some() {
            d.message.push_str(", and wrote the change");
        }
        if let Some(au) = author.filter(|au| same_person(&au.value, &e.person.value)) {
            d = d.with_label(au.span, "the changelog names them as the author");
        }
        out.push(d.help(format!(
            "each approver role needs a different person, and {} must not be the author; ask another {} to review",
            if matches!(e.role, Role::Compliance | Role::FinanceRisk) { e.role.as_str() } else { "compliance or finance_risk" },
            e.role.as_str()
        )));
    }
    out
}
