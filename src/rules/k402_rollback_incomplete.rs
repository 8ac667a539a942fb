//! # K402 rollback-incomplete (error)
//!
//! **What it checks.** A rollback has at least one measurable `trigger`, a `method`, and for
//! Tier 3 a `backout` time objective. Reported at the rollback block, naming what is missing.
//!
//! **Why it matters.** A plan without a trigger is never started; a plan without a method
//! cannot be executed; a Tier 3 plan without a backout objective has no deadline while money
//! keeps moving the wrong way.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v1 {
//!   tier 2
//!   states {
//!     Review initial
//!     Done terminal
//!   }
//!   transition approve: Review -> Done on check.completed do kyc.set_status(approved)
//!   rollback {
//!     trigger queue(Review) > 200
//!   }
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v1 {
//!   tier 2
//!   states {
//!     Review initial
//!     Done terminal
//!     Manual manual
//!   }
//!   transition approve: Review -> Done on check.completed do kyc.set_status(approved)
//!   rollback {
//!     trigger queue(Review) > 200
//!     method disable route_to Manual
//!   }
//! }
//! ```

crate::codes::declare_rule! {
    code: "K402",
    name: "rollback-incomplete",
    severity: Error,
    summary: "a rollback without trigger, method or (Tier 3) backout",
}

use super::Ctx;
use crate::diagnostic::{all_of, Diagnostic};

/// `O(1)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(r) = &ctx.wf.rollback else { return Vec::new() };
    let mut missing = Vec::new();
    if r.triggers.is_empty() {
        missing.push("a `trigger`".to_string());
    }
    if r.methods.is_empty() {
        missing.push("a `method`".to_string());
    }
    if ctx.tiers.effective >= 3 && r.backout.is_none() {
        missing.push("a `backout` time (Tier 3)".to_string());
    }
    if missing.is_empty() {
        return Vec::new();
    }
    vec![Diagnostic::new(
        CODE,
        r.span,
        format!("the rollback plan of `{}` has no {}", ctx.wf.id, all_of(&missing).replace("a `", "`")),
    )
    .label("incomplete rollback")
    .help("a rollback needs when (`trigger METRIC > LIMIT over 1h`), how (`method ...`) and, for Tier 3, how fast (`backout 15m`)")]
}
