//! # K501 missing-test-category (error)
//!
//! **What it checks.** Tier 2 and 3 workflows have a scenario test of each required kind:
//! `happy_path`, `boundary` and `transition` for Tier 2; also `invariant` for Tier 3; also
//! `idempotency` when the workflow calls an action with an idempotency key; also `override`
//! when it declares overrides. Reported at the workflow name.
//!
//! **Why it matters.** These are the seed checklist every risky change must pass before
//! release: the normal case works, segment edges (the 1000.00 withdrawal) go the right way,
//! each move between states is exercised, the money invariants hold, a retried webhook does
//! not pay twice, and the manual override works when automation must be stopped.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v1 {
//!   tier 2
//!   states {
//!     Review initial
//!     Done terminal
//!   }
//!   transition approve: Review -> Done on check.completed do kyc.set_status(approved)
//!   test "approves" happy_path {
//!     event check.completed
//!     expect state Done
//!   }
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v1 {
//!   tier 2
//!   states {
//!     Review initial
//!     Done terminal
//!   }
//!   transition approve: Review -> Done on check.completed do kyc.set_status(approved)
//!   test "approves" happy_path {
//!     event check.completed
//!     expect state Done
//!   }
//!   test "approves with failed checks too" boundary {
//!     event check.completed { check.identity_ok: false, check.address_ok: false }
//!     expect state Done
//!   }
//!   test "review to done" transition {
//!     event check.completed
//!     expect action kyc.set_status once
//!   }
//! }
//! ```

crate::codes::declare_rule! {
    code: "K501",
    name: "missing-test-category",
    severity: Error,
    summary: "a required test category has no test",
}

use super::Ctx;
use crate::diagnostic::{all_of, Diagnostic};
use crate::model::TestKind;

/// `O(tests + calls)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let tier = ctx.tiers.effective;
    if tier < 2 {
        return Vec::new();
    }
    let mut required: Vec<(TestKind, &str)> = vec![
        (TestKind::HappyPath, "the normal case"),
        (TestKind::Boundary, "segment edges"),
        (TestKind::Transition, "moves between states"),
    ];
    if tier >= 3 {
        required.push((TestKind::Invariant, "the financial invariants"));
    }
    if ctx
        .wf
        .calls()
        .any(|(_, c)| c.action.id.is_some_and(|a| ctx.cat.actions[a].idempotent_by.is_some()))
    {
        required.push((TestKind::Idempotency, "a repeated event (it calls an action with an idempotency key)"));
    }
    if !ctx.wf.overrides.is_empty() {
        required.push((TestKind::Override, "the manual override (it declares overrides)"));
    }
    let missing: Vec<&(TestKind, &str)> = required
        .iter()
        .filter(|(k, _)| !ctx.wf.tests.iter().any(|t| t.kind == *k))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let kinds: Vec<String> = missing.iter().map(|(k, _)| format!("`{}`", k.as_str())).collect();
    let why: Vec<String> = missing.iter().map(|(k, w)| format!("{}: {w}", k.as_str())).collect();
    vec![Diagnostic::new(
        CODE,
        ctx.wf.name_span,
        format!("Tier {tier} workflow `{}` has no {} test", ctx.wf.id, all_of(&kinds)),
    )
    .label("required test categories are missing")
    .help(format!(
        "add a test of each kind ({}); `keel test --suggest` drafts tests for uncovered transitions and boundaries",
        why.join("; ")
    ))]
}
