//! # K701 missing-access (error)
//!
//! **What it checks.** Tier 2 and 3 workflows state their access model: which roles may
//! `edit`, `publish` and `approve` (`access { edit "crm.admin" publish "crm.release" approve
//! "compliance" }`). Reported at the workflow name.
//!
//! **Why it matters.** Least privilege is a licence condition for regulated brokers. The
//! access model travels in the artifact so the CRM enforces who may change, release and sign
//! off a KYC or payments automation.
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
//!   transition approve: Review -> Done on check.completed
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
//!   }
//!   transition approve: Review -> Done on check.completed
//!   access {
//!     edit "crm.admin"
//!     publish "crm.release"
//!     approve "compliance"
//!   }
//! }
//! ```

crate::codes::declare_rule! {
    code: "K701",
    name: "missing-access",
    severity: Error,
    summary: "a Tier 2/3 workflow without an access block",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// `O(1)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    if ctx.tiers.effective < 2 || ctx.wf.access.is_some() {
        return Vec::new();
    }
    vec![Diagnostic::new(CODE, ctx.wf.name_span, format!("Tier {} workflow `{}` has no access model", ctx.tiers.effective, ctx.wf.id))
        .label("no `access` block")
        .help("say who may change, release and sign off: `access { edit \"crm.admin\"  publish \"crm.release\"  approve \"compliance\" }`")]
}
