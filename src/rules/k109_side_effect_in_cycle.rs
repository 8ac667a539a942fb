//! # K109 side-effect-in-cycle (warning)
//!
//! **What it checks.** A transition that lies on a cycle of the state graph (a self-loop, or
//! both ends in one strongly connected component) does not call a money or commission action
//! whose definition lacks `idempotent by`. Reported at the call.
//!
//! **Why it matters.** A cycle runs again: every retried webhook, every re-opened review pass
//! goes through the same edge. Without an idempotency key the CRM cannot tell a retry from a
//! new payment, and the IB is paid twice for one trade.
//!
//! ## Failing example
//!
//! ```keel
//! use std::ib
//!
//! action rebate.pay(amount: number) {
//!   risk commission
//! }
//!
//! workflow REBATES v1 {
//!   states {
//!     Active initial
//!     Closed terminal
//!   }
//!   transition pay: Active -> Active on trade.closed do rebate.pay(amount: trade.volume)
//!   transition close: Active -> Closed on trading.requested
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::ib
//!
//! action rebate.pay(amount: number) {
//!   risk commission
//!   idempotent by trade.id
//! }
//!
//! workflow REBATES v1 {
//!   states {
//!     Active initial
//!     Closed terminal
//!   }
//!   transition pay: Active -> Active on trade.closed do rebate.pay(amount: trade.volume)
//!   transition close: Active -> Closed on trading.requested
//! }
//! ```

crate::codes::declare_rule! {
    code: "K109",
    name: "side-effect-in-cycle",
    severity: Warning,
    summary: "a money or commission action on a cycle without `idempotent by`",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(calls)` over the strongly connected components computed once per workflow.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let (wf, cat, st) = (ctx.wf, ctx.cat, ctx.structure);
    let mut out = Vec::new();
    for t in &wf.transitions {
        let (Some(from), Some(to)) = (t.from.id, t.to.id) else { continue };
        if !st.on_cycle(from, to) {
            continue;
        }
        for c in &t.calls {
            let Some(a) = c.action.id else { continue };
            let action = &cat.actions[a];
            let Some(risk) = action.risk else { continue };
            if !risk.moves_money() || action.idempotent_by.is_some() {
                continue;
            }
            let cycle = if from == to {
                format!("`{}` loops on `{}`", t.name, t.from.name)
            } else {
                format!("`{}` lies on a cycle through `{}` and `{}`", t.name, t.from.name, t.to.name)
            };
            out.push(
                Diagnostic::new(
                    CODE,
                    c.span,
                    format!("{} action `{}` runs on a cycle without an idempotency key", risk.as_str(), action.name),
                )
                .label(format!("{cycle}; a retry runs this again"))
                .help(format!(
                    "give `{}` a key in its definition (`idempotent by trade.id` or similar), so a repeated event cannot pay twice",
                    action.name
                )),
            );
        }
    }
    out
}
