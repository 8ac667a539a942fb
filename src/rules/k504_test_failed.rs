//! # K504 test-failed (error)
//!
//! **What it checks.** Every scenario test passes in the simulator: each `expect` holds at the
//! moment it stands, every event matches at most one transition, every `override` is one the
//! workflow declares (for that state and role), and the invariants hold after every step.
//! Reported at the failing `expect` (or the event or override that failed), with a trace of the
//! test: each event, the transition taken or why none was, actions executed or deduplicated,
//! and fact and number changes. Run by `keel test`, and by `keel check` unless `--no-tests`.
//!
//! **Why it matters.** The tests are the executable form of what the approvers signed off: "a
//! 250 card withdrawal leaves 4750". A failing test is a change that does something other than
//! what was approved.
//!
//! ## Failing example
//!
//! ```keel
//! use std::client
//! use std::payments
//!
//! workflow PAYOUT v1 {
//!   states {
//!     Requested initial
//!     Paid terminal
//!   }
//!   transition pay: Requested -> Paid on withdrawal.requested
//!     do withdrawal.approve(amount: withdrawal.amount)
//!   test "pays" happy_path {
//!     given { client.balance: 5000 }
//!     event withdrawal.requested { withdrawal.id: "w1", withdrawal.amount: 250 }
//!     expect client.balance == 4700
//!   }
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::client
//! use std::payments
//!
//! workflow PAYOUT v1 {
//!   states {
//!     Requested initial
//!     Paid terminal
//!   }
//!   transition pay: Requested -> Paid on withdrawal.requested
//!     do withdrawal.approve(amount: withdrawal.amount)
//!   test "pays" happy_path {
//!     given { client.balance: 5000 }
//!     event withdrawal.requested { withdrawal.id: "w1", withdrawal.amount: 250 }
//!     expect client.balance == 4750
//!   }
//! }
//! ```

crate::codes::declare_rule! {
    code: "K504",
    name: "test-failed",
    severity: Error,
    summary: "a scenario test fails",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// One diagnostic per failed test of the simulator's run.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(tests) = ctx.tests else { return Vec::new() };
    tests
        .outcomes
        .iter()
        .filter_map(|o| {
            let f = o.failure.as_ref()?;
            let t = &ctx.wf.tests[o.index];
            Some(
                Diagnostic::new(CODE, f.span, format!("test {} failed: {}", crate::syntax::quote(&o.name), f.message))
                    .label("fails here")
                    .with_label(t.name_span, format!("{} test", o.kind.as_str()))
                    .help(format!("trace:\n{}", o.trace.join("\n"))),
            )
        })
        .collect()
}
