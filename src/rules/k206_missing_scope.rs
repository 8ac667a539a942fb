//! # K206 missing-scope (error)
//!
//! **What it checks.** A workflow that calls a commission-risk action states its scope with
//! `clients` (new_only, existing_only or all), `trades` (new_only, historical or all) and
//! `recalculation` (none, or since a timestamp). Reported at the scope block (or the workflow
//! name when there is none), naming what is missing.
//!
//! **Why it matters.** "Gold rises from 4 to 5 per lot" means something different for new and
//! existing clients, and for trades closed before the release. An unstated scope is how a rate
//! change becomes a retroactive recalculation of last year's commissions, or a dispute with an
//! introducing broker about which trades qualify.
//!
//! ## Failing example
//!
//! ```keel
//! use std::ib
//!
//! workflow IB_RATES v1 {
//!   scope {
//!     clients existing_only
//!     recalculation none
//!   }
//!   states {
//!     Active initial
//!     Closed terminal
//!   }
//!   transition pay: Active -> Active on trade.closed do commission.pay(amount: trade.volume * 5)
//!   transition close: Active -> Closed on trading.requested
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::ib
//!
//! workflow IB_RATES v1 {
//!   scope {
//!     clients existing_only
//!     trades new_only
//!     recalculation none
//!   }
//!   states {
//!     Active initial
//!     Closed terminal
//!   }
//!   transition pay: Active -> Active on trade.closed do commission.pay(amount: trade.volume * 5)
//!   transition close: Active -> Closed on trading.requested
//! }
//! ```

crate::codes::declare_rule! {
    code: "K206",
    name: "missing-scope",
    severity: Error,
    control: true,
    remedy: "state `clients`, `trades` and `recalculation` in the scope block",
    summary: "a commission workflow without clients, trades and recalculation in its scope",
}

use super::Ctx;
use crate::diagnostic::{all_of, Diagnostic};
use crate::model::Risk;

/// `O(calls)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let Some((_, call)) = ctx
        .wf
        .calls()
        .find(|(_, c)| c.action.id.and_then(|a| ctx.cat.actions[a].risk) == Some(Risk::Commission))
    else {
        return Vec::new();
    };
    let scope = ctx.wf.scope.as_ref();
    let mut missing = Vec::new();
    if scope.is_none_or(|s| s.clients.is_none()) {
        missing.push("`clients`".to_string());
    }
    if scope.is_none_or(|s| s.trades.is_none()) {
        missing.push("`trades`".to_string());
    }
    if scope.is_none_or(|s| s.recalculation.is_none()) {
        missing.push("`recalculation`".to_string());
    }
    if missing.is_empty() {
        return Vec::new();
    }
    let span = scope.map_or(ctx.wf.name_span, |s| s.span);
    vec![Diagnostic::new(
        CODE,
        span,
        format!("commission workflow `{}` does not state its scope: {} missing", ctx.wf.id, all_of(&missing)),
    )
    .label(if scope.is_some() { "incomplete scope" } else { "no scope block" })
    .with_label(call.span, format!("`{}` affects commissions", call.action.name))
    .help("state who and what the change applies to, e.g. `scope { clients existing_only  trades new_only  recalculation none }`")]
}
