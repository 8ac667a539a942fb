//! # K604 missing-idempotency-key (error)
//!
//! **What it checks.** Every action with money, commission or trading risk defined in the file
//! declares `idempotent by KEY`: the attribute or payload field (a withdrawal id, a trade id)
//! whose value identifies one real-world operation. Reported at the action definition.
//!
//! **Why it matters.** PSP and trading-platform webhooks are delivered at least once. With a
//! key, the CRM executes `withdrawal.approve` once per withdrawal id however often the event
//! arrives; without one, a retried webhook pays twice.
//!
//! ## Failing example
//!
//! ```keel
//! use std::ib
//!
//! action rebate.pay(amount: number) {
//!   risk commission
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
//! ```

crate::codes::declare_rule! {
    code: "K604",
    name: "missing-idempotency-key",
    severity: Error,
    summary: "a money/commission/trading action without `idempotent by`",
}

use crate::diagnostic::Diagnostic;
use crate::model::{Catalog, Origin};

/// `O(actions)`; looks at the file's own action definitions (the standard library's are
/// checked by its test suite).
pub fn check_catalog(cat: &Catalog) -> Vec<Diagnostic> {
    cat.actions
        .iter()
        .filter(|a| a.def.origin == Origin::File)
        .filter(|a| a.risk.is_some_and(|r| r.needs_key()) && a.idempotent_by.is_none())
        .map(|a| {
            Diagnostic::new(
                CODE,
                a.name_span,
                format!("{} action `{}` has no idempotency key", a.risk.map_or("", |r| r.as_str()), a.name),
            )
            .label("no `idempotent by`")
            .help("name the value that identifies one operation, e.g. `idempotent by withdrawal.id`, so a repeated event cannot run it twice")
        })
        .collect()
}
