//! # K407 invalid-revert (warning)
//!
//! **What it checks.** Each `revert A -> B` in a remediation plan moves subjects back along
//! the workflow: `A` can be reached from `B`. Reported at the revert line.
//!
//! **Why it matters.** A revert rewrites client status in bulk. Reverting Approved to a state
//! that never leads to Approved invents a history the workflow cannot produce; the reverted
//! clients end up somewhere no transition expects them.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v1 {
//!   tier 2
//!   states {
//!     Pending initial
//!     Review
//!     Approved terminal
//!     Rejected terminal
//!   }
//!   transition submit: Pending -> Review on document.uploaded
//!   transition approve: Review -> Approved on check.completed when check.identity_ok
//!   transition reject: Review -> Rejected on check.completed when otherwise
//!   rollback {
//!     trigger queue(Review) > 200
//!     method disable route_to Review
//!     remediate {
//!       revert Approved -> Rejected
//!     }
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
//!     Pending initial
//!     Review
//!     Approved terminal
//!     Rejected terminal
//!   }
//!   transition submit: Pending -> Review on document.uploaded
//!   transition approve: Review -> Approved on check.completed when check.identity_ok
//!   transition reject: Review -> Rejected on check.completed when otherwise
//!   rollback {
//!     trigger queue(Review) > 200
//!     method disable route_to Review
//!     remediate {
//!       revert Approved -> Review
//!     }
//!   }
//! }
//! ```

crate::codes::declare_rule! {
    code: "K407",
    name: "invalid-revert",
    severity: Warning,
    summary: "a revert between states the workflow cannot move between",
}

use super::Ctx;
use crate::diagnostic::Diagnostic;

/// One `O(V + E)` search per revert.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(rm) = ctx.wf.rollback.as_ref().and_then(|r| r.remediate.as_ref()) else { return Vec::new() };
    let mut out = Vec::new();
    for rv in &rm.reverts {
        let (Some(a), Some(b)) = (rv.from.id, rv.to.id) else { continue };
        if ctx.structure.graph.forward(&[b])[a] {
            continue;
        }
        out.push(
            Diagnostic::new(CODE, rv.span, format!("`revert {} -> {}`: `{}` cannot be reached from `{}`", rv.from.name, rv.to.name, rv.from.name, rv.to.name))
                .label("no path of the workflow leads back to the reverted state")
                .help(format!("revert to a state `{}` is reached from, so reverted subjects can take the normal path again", rv.from.name)),
        );
    }
    out
}
