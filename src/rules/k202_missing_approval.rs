//! # K202 missing-approval (error in production, warning in sandbox and staging)
//!
//! **What it checks.** Every approver role the effective tier requires has an entry in the
//! `approvals` block: owner and maintainer for Tier 1, plus compliance for Tier 2, plus
//! finance_risk for Tier 3. Reported at the approvals block (or the workflow name when there is
//! none), naming the missing roles.
//!
//! **Why it matters.** Each role stands for a control: compliance for the regulatory reading,
//! finance_risk for the money at stake. A Tier 3 commission change released without
//! finance_risk is exactly the "small change" that double-pays introducing brokers.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v1 {
//!   tier 2
//!   owner "m.ortiz"
//!   maintainer "j.doe"
//!   approvals {
//!     owner "m.ortiz" approved at 2026-11-20T10:00:00Z
//!     maintainer "j.doe" approved at 2026-11-20T11:00:00Z
//!   }
//!   states {
//!     Review initial
//!     Done terminal
//!   }
//!   transition approve: Review -> Done on check.completed do kyc.set_status(approved)
//! }
//! ```
//!
//! ## Passing example
//!
//! In examples, an approval line without `for` is bound to the example's current digest, as
//! `keel approve` would write it.
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v1 {
//!   tier 2
//!   owner "m.ortiz"
//!   maintainer "j.doe"
//!   approvals {
//!     owner "m.ortiz" approved at 2026-11-20T10:00:00Z
//!     maintainer "j.doe" approved at 2026-11-20T11:00:00Z
//!     compliance "c.lee" approved at 2026-11-21T09:30:00Z
//!   }
//!   states {
//!     Review initial
//!     Done terminal
//!   }
//!   transition approve: Review -> Done on check.completed do kyc.set_status(approved)
//! }
//! ```

crate::codes::declare_rule! {
    code: "K202",
    name: "missing-approval",
    severity: Error,
    env_sensitive: true,
    control: true,
    remedy: "record the approval with `keel approve FILE --as ROLE --by PERSON`",
    summary: "a required approver role has no entry",
}

use super::Ctx;
use crate::diagnostic::{all_of, Diagnostic};
use crate::model::Role;

/// `O(approvals)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let tier = ctx.tiers.effective;
    let have: Vec<Role> = ctx
        .wf
        .approvals
        .iter()
        .flat_map(|a| a.entries.iter().map(|e| e.role))
        .collect();
    let missing: Vec<String> = Role::required_for(tier)
        .iter()
        .filter(|r| !have.contains(r))
        .map(|r| format!("`{}`", r.as_str()))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let span = ctx.approvals_anchor();
    vec![Diagnostic::new(
        CODE,
        span,
        format!("Tier {tier} workflow `{}` has no {} approval", ctx.wf.id, all_of(&missing)),
    )
    .label(format!("Tier {tier} needs {}", all_of(&Role::required_for(tier).iter().map(|r| format!("`{}`", r.as_str())).collect::<Vec<_>>())))
    .help(format!(
        "have each role review the change, then record it: `keel approve FILE --as {} --by PERSON`",
        missing[0].trim_matches('`')
    ))]
}
