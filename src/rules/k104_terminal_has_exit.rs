//! # K104 terminal-has-exit (error)
//!
//! **What it checks.** A `terminal` state has no outgoing transition and is not the source of
//! an override. Reported at the state's declaration, with the exits as labels.
//!
//! **Why it matters.** `terminal` is a promise to downstream systems: a "Paid" withdrawal or a
//! "Closed" account will not change again, so reconciliation and reporting can treat it as
//! final. An exit out of a terminal state breaks that promise: a paid withdrawal that can be
//! paid again, a rejected client that can drift back into onboarding.
//!
//! ## Failing example
//!
//! ```keel
//! use std::payments
//!
//! workflow PAYOUT v1 {
//!   states {
//!     Requested initial
//!     Paid terminal
//!   }
//!   transition pay: Requested -> Paid on withdrawal.requested
//!   transition repay: Paid -> Paid on withdrawal.reviewed
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::payments
//!
//! workflow PAYOUT v1 {
//!   states {
//!     Requested initial
//!     Paid terminal
//!   }
//!   transition pay: Requested -> Paid on withdrawal.requested
//! }
//! ```

crate::codes::declare_rule! {
    code: "K104",
    name: "terminal-has-exit",
    severity: Error,
    summary: "a terminal state with an outgoing transition",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(V + E)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let wf = ctx.wf;
    let mut out = Vec::new();
    for (i, s) in wf.states.iter().enumerate() {
        if !s.terminal {
            continue;
        }
        let mut exits: Vec<(crate::span::Span, String)> = wf
            .transitions
            .iter()
            .filter(|t| t.from.id == Some(i))
            .map(|t| (t.head_span, format!("transition `{}` leaves it", t.name)))
            .collect();
        exits.extend(
            wf.overrides
                .iter()
                .filter(|o| o.from.iter().any(|f| f.id == Some(i)))
                .map(|o| (o.span, "an override leaves it".to_string())),
        );
        if exits.is_empty() {
            continue;
        }
        let mut d = Diagnostic::new(CODE, s.span, format!("terminal state `{}` has an exit", s.name))
            .label("declared terminal here")
            .help(format!(
                "a terminal state is final; remove the exit, or drop `terminal` if `{}` is not final",
                s.name
            ));
        for (span, msg) in exits {
            d = d.with_label(span, msg);
        }
        out.push(d);
    }
    out
}
