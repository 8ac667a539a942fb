//! # K502 uncovered-transition (warning)
//!
//! **What it checks.** Every transition is taken by at least one scenario test (steps of
//! failing tests count too). Reported at the transition. Not reported when tests do not run
//! (`--no-tests`, or names that do not resolve).
//!
//! **Why it matters.** An untested transition is a path to production nobody has walked: the
//! "reject" branch that was never exercised is the one that sends the wrong email to a
//! thousand clients. `keel test --suggest` writes a test that reaches it.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC v1 {
//!   states {
//!     Review initial
//!     Approved terminal
//!     Rejected terminal
//!   }
//!   transition approve: Review -> Approved on check.completed when check.identity_ok
//!   transition reject: Review -> Rejected on check.completed when otherwise
//!   test "approves" happy_path {
//!     event check.completed { check.identity_ok: true }
//!     expect state Approved
//!   }
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC v1 {
//!   states {
//!     Review initial
//!     Approved terminal
//!     Rejected terminal
//!   }
//!   transition approve: Review -> Approved on check.completed when check.identity_ok
//!   transition reject: Review -> Rejected on check.completed when otherwise
//!   test "approves" happy_path {
//!     event check.completed { check.identity_ok: true }
//!     expect state Approved
//!   }
//!   test "rejects" transition {
//!     event check.completed { check.identity_ok: false }
//!     expect state Rejected
//!   }
//! }
//! ```

crate::codes::declare_rule! {
    code: "K502",
    name: "uncovered-transition",
    severity: Warning,
    summary: "a transition no test takes",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(transitions)` over the coverage the simulator recorded.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(tests) = ctx.tests else { return Vec::new() };
    ctx.wf
        .transitions
        .iter()
        .zip(&tests.coverage.taken)
        .filter(|(_, taken)| !**taken)
        .map(|(t, _)| {
            Diagnostic::new(CODE, t.head_span, format!("no test takes transition `{}`", t.name))
                .label(format!("`{} -> {}` on `{}` is never exercised", t.from.name, t.to.name, t.event.name))
                .help("add a test that reaches it; `keel test --suggest` drafts one")
        })
        .collect()
}
