//! # K105 initial-state (error)
//!
//! **What it checks.** A workflow has exactly one `initial` state. Reported at the workflow's
//! name, with every initial state labelled when there are several.
//!
//! **Why it matters.** The initial state is where every new subject (client, deposit, trade)
//! enters. With none, the CRM cannot start the workflow at all; with two, which one a new
//! deposit lands in depends on import order, and reachability, facts and tests mean nothing.
//!
//! ## Failing example
//!
//! ```keel
//! use std::client
//!
//! workflow START v1 {
//!   states {
//!     New initial
//!     Imported initial
//!     Done terminal
//!   }
//!   transition a: New -> Done on client.registered
//!   transition b: Imported -> Done on client.registered
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::client
//!
//! workflow START v1 {
//!   states {
//!     New initial
//!     Done terminal
//!   }
//!   transition a: New -> Done on client.registered
//! }
//! ```

crate::codes::declare_rule! {
    code: "K105",
    name: "initial-state",
    severity: Error,
    summary: "not exactly one initial state",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(V)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let wf = ctx.wf;
    let initials: Vec<&crate::model::State> = wf.states.iter().filter(|s| s.initial).collect();
    match initials.len() {
        1 => Vec::new(),
        0 => vec![Diagnostic::new(CODE, wf.name_span, format!("workflow `{}` has no initial state", wf.id))
            .label("no state is marked `initial`")
            .help("mark the state where new subjects enter with `initial`, e.g. `Pending initial`")],
        n => {
            let mut d = Diagnostic::new(CODE, wf.name_span, format!("workflow `{}` has {n} initial states", wf.id))
                .label("exactly one state may be `initial`")
                .help("keep `initial` on the one state where new subjects enter");
            for s in initials {
                d = d.with_label(s.span, format!("`{}` is initial", s.name));
            }
            vec![d]
        }
    }
}
