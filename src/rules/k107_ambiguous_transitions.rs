//! # K107 ambiguous-transitions (error)
//!
//! **What it checks.** No two transitions from the same state on the same event can both
//! hold. Keel decides this from the guards alone (see `analysis::guards`): booleans and facts,
//! enum and text equality and `in`, numeric and time comparisons with constants as intervals,
//! feature flags, and comparisons of linear expressions over numbers (`withdrawal.amount <=
//! client.balance`, `a + b < 10`) decided exactly over the rationals. Names other than the
//! event's payload fields may be unset (a comparison reading an unset name is false, so
//! `not (x > 5)` and `not (x <= 5)` overlap when `x` is unset; the witness says `x unset`).
//! Every witness is evaluated by the simulator before it is printed. An overlap is reported at the later transition, with a witness: values
//! under which both guards hold. A transition that overlaps several earlier siblings gets one
//! finding, naming the earliest of them and counting the others (3,000 overlapping siblings
//! give 3,000 findings, not 4.5 million). Two `otherwise` siblings overlap whenever no other sibling
//! holds.
//!
//! **Why it matters.** Keel workflows have no "first match wins": the CRM must know exactly
//! one next step. An overlap means the outcome depends on rule order inside the CRM import:
//! a withdrawal both auto-approved and sent to review, a trade paying the gold and the silver
//! commission, a client approved by a fast track that skips the address check.
//!
//! ## Failing example
//!
//! ```keel
//! use std::ib
//!
//! workflow RATES v1 {
//!   states {
//!     Active initial
//!     Closed terminal
//!   }
//!   transition gold: Active -> Active on trade.closed when trade.volume > 10
//!   transition silver: Active -> Active on trade.closed when trade.volume > 5
//!   transition close: Active -> Closed on trade.closed when trade.volume <= 5
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::ib
//!
//! workflow RATES v1 {
//!   states {
//!     Active initial
//!     Closed terminal
//!   }
//!   transition gold: Active -> Active on trade.closed when trade.volume > 10
//!   transition silver: Active -> Active on trade.closed when trade.volume > 5 and trade.volume <= 10
//!   transition close: Active -> Closed on trade.closed when trade.volume <= 5
//! }
//! ```

crate::codes::declare_rule! {
    code: "K107",
    name: "ambiguous-transitions",
    severity: Error,
    summary: "overlapping guards on the same state and event",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// The guard analysis runs once per workflow, bounded per state+event pair (see
/// `analysis::guards`); this rule only formats its overlaps.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let wf = ctx.wf;
    ctx.structure
        .guards
        .overlaps
        .iter()
        .map(|o| {
            let (a, b) = (&wf.transitions[o.first], &wf.transitions[o.second]);
            let (first, second) = if a.span.start <= b.span.start { (a, b) } else { (b, a) };
            let witness = o.witness.describe(ctx.cat, wf);
            Diagnostic::new(
                CODE,
                second.head_span,
                format!(
                    "transitions `{}` and `{}` both match `{}` in state `{}` when {witness}",
                    first.name, second.name, second.event.name, second.from.name
                ),
            )
            .label(match o.others {
                0 => format!("`{}` matches", second.name),
                n => format!(
                    "`{}` matches; so do {n} more earlier transition{} on `{}` (one finding per transition)",
                    second.name,
                    if n == 1 { "" } else { "s" },
                    second.event.name
                ),
            })
            .with_label(first.head_span, format!("`{}` matches too", first.name))
            .help(format!(
                "exactly one transition may match; make the guards exclusive (for example add `and not (...)` to `{}`), or merge the two",
                second.name
            ))
        })
        .collect()
}
