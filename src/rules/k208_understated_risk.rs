//! # K208 understated-risk (error)
//!
//! **What it checks.** An action's declared `risk` is not below what its own statements show:
//! an action that `adds` to or `subtracts` from an attribute moves value and needs risk
//! `money` or `commission`; an action of risk `content` may have no effect at all (no
//! `adds`, `subtracts`, `establishes` or `clears`) and no `compensate` action. Reported at
//! the action's `risk` line (at its name when it declares none). Checked for the actions a
//! file defines; the standard library's are correct by construction.
//!
//! **Why it matters.** The tier, and with it who must approve, is inferred from the risk of
//! the called actions. An action that credits a balance but calls itself `content` turns a
//! deposit workflow into a Tier 1 change that needs no finance_risk approval, no rollback
//! and no canary. K208 is a control: it cannot be suppressed or configured away.
//!
//! ## Failing example
//!
//! ```keel
//! use std::client
//!
//! action desk.credit(amount: number) {
//!   risk content
//!   idempotent by client.id
//!   adds client.balance amount
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::client
//!
//! action desk.credit(amount: number) {
//!   risk money
//!   idempotent by client.id
//!   adds client.balance amount
//! }
//! ```

crate::codes::declare_rule! {
    code: "K208",
    name: "understated-risk",
    severity: Error,
    control: true,
    remedy: "declare the risk the action's effects show",
    summary: "an action whose declared risk is below what its effects show",
}

use crate::diagnostic::Diagnostic;
use crate::model::{Catalog, Origin, Risk};

/// `O(actions)`.
pub fn check_catalog(cat: &Catalog) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in cat.actions.iter().filter(|a| a.def.origin == Origin::File) {
        let Some(risk) = a.risk else { continue };
        let at = a.risk_span.unwrap_or(a.name_span);
        if let Some(e) = a.effects.first() {
            if !matches!(risk, Risk::Money | Risk::Commission) {
                out.push(
                    Diagnostic::new(
                        CODE,
                        at,
                        format!(
                            "action `{}` changes `{}` but declares risk `{}`",
                            a.name,
                            cat.vars[e.target].name,
                            risk.as_str()
                        ),
                    )
                    .label(format!("risk `{}` understates it", risk.as_str()))
                    .with_label(e.span, "a numeric effect: it moves value")
                    .help("an action that adds to or subtracts from a value moves money or commission: declare `risk money` (or `risk commission`), which makes its workflows Tier 3"),
                );
                continue;
            }
        }
        if risk == Risk::Content {
            let what = if !a.establishes.is_empty() {
                Some("establishes facts")
            } else if !a.clears.is_empty() {
                Some("clears facts")
            } else if a.compensate.is_some() {
                Some("has a compensating action")
            } else {
                None
            };
            if let Some(what) = what {
                out.push(
                    Diagnostic::new(
                        CODE,
                        at,
                        format!("action `{}` {what} but declares risk `content`", a.name),
                    )
                    .label("risk `content` understates it")
                    .help("`content` is for messages and notifications, which change nothing about the subject: declare the risk of what it changes (routing, kyc, eligibility, money, trading, commission or records)"),
                );
            }
        }
    }
    out
}
