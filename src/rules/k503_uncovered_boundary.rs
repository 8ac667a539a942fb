//! # K503 uncovered-boundary (warning)
//!
//! **What it checks.** In Tier 2 and 3 transition guards, every comparison of a number with a
//! constant is tested at its boundary: the tests together evaluate it with the value exactly at
//! the constant, and see it both hold and not hold. Arithmetic is folded: for
//! `trade.volume * 5 > 100` the boundary is `trade.volume = 20`. Reported at the comparison.
//!
//! **Why it matters.** Off-by-one limits are the classic money bug: "< 1000" versus "<= 1000"
//! decides whether a 1000.00 withdrawal is paid automatically. Only a test at exactly the limit
//! tells the two apart.
//!
//! ## Failing example
//!
//! ```keel
//! use std::payments
//!
//! workflow PAYOUT v1 {
//!   tier 2
//!   states {
//!     Requested initial
//!     Auto terminal
//!     Review terminal
//!   }
//!   transition auto: Requested -> Auto on withdrawal.requested when withdrawal.amount < 1000
//!   transition review: Requested -> Review on withdrawal.requested when otherwise
//!   test "small" happy_path {
//!     event withdrawal.requested { withdrawal.amount: 10 }
//!     expect state Auto
//!   }
//!   test "large" transition {
//!     event withdrawal.requested { withdrawal.amount: 5000 }
//!     expect state Review
//!   }
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::payments
//!
//! workflow PAYOUT v1 {
//!   tier 2
//!   states {
//!     Requested initial
//!     Auto terminal
//!     Review terminal
//!   }
//!   transition auto: Requested -> Auto on withdrawal.requested when withdrawal.amount < 1000
//!   transition review: Requested -> Review on withdrawal.requested when otherwise
//!   test "small" happy_path {
//!     event withdrawal.requested { withdrawal.amount: 10 }
//!     expect state Auto
//!   }
//!   test "exactly the limit goes to review" boundary {
//!     event withdrawal.requested { withdrawal.amount: 1000 }
//!     expect state Review
//!   }
//! }
//! ```

crate::codes::declare_rule! {
    code: "K503",
    name: "uncovered-boundary",
    severity: Warning,
    summary: "a numeric guard comparison not tested at its constant and on both outcomes",
}

use super::Ctx;
use crate::diagnostic::{all_of, Diagnostic};

/// `O(boundaries)` over the coverage the simulator recorded.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(tests) = ctx.tests else { return Vec::new() };
    tests
        .coverage
        .boundaries
        .iter()
        .filter(|b| !b.covered())
        .map(|b| {
            let t = &ctx.wf.transitions[b.transition];
            Diagnostic::new(CODE, b.span, format!("boundary of `{}` in `{}` is not tested", b.text, t.name))
                .label(format!("needs {}", all_of(&b.missing(ctx.cat))))
                .help(format!(
                    "test {} = {} and a value on each side; `keel test --suggest` drafts the tests",
                    ctx.cat.vars[b.var].name,
                    b.c.normalize()
                ))
        })
        .collect()
}
