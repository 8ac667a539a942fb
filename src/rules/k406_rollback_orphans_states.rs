//! # K406 rollback-orphans-states (error)
//!
//! **What it checks.** When the rollback target (`previous_version vN`) is in `keel.lock`,
//! every current state either exists in that version (the lock records its states) or is
//! mapped with `map STATE -> TARGET_STATE` to a state that does. Reported at the method line,
//! with each orphaned state labelled.
//!
//! **Why it matters.** Rolling back to v11 while 300 clients sit in v12's new "Escalated"
//! state leaves them in a state v11 does not know: they vanish from every queue. The map says
//! where they go.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v4 {
//!   tier 2
//!   states {
//!     Review initial
//!     Escalated
//!     Done terminal
//!   }
//!   transition escalate: Review -> Escalated on aml.screening_done
//!   transition approve: Review -> Done on check.completed
//!   transition back: Escalated -> Review on check.completed
//!   rollback {
//!     trigger queue(Review) > 200
//!     method previous_version v3
//!   }
//! }
//! ```
//!
//! ```toml keel.lock
//! [[published]]
//! id = "KYC_STATUS_v3"
//! digest = "sha256:2222222222222222222222222222222222222222222222222222222222222222"
//! states = ["Review", "Done"]
//! published_at = "2026-10-01T08:00:00Z"
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC_STATUS v4 {
//!   tier 2
//!   states {
//!     Review initial
//!     Escalated
//!     Done terminal
//!   }
//!   transition escalate: Review -> Escalated on aml.screening_done
//!   transition approve: Review -> Done on check.completed
//!   transition back: Escalated -> Review on check.completed
//!   rollback {
//!     trigger queue(Review) > 200
//!     method previous_version v3
//!     map Escalated -> Review
//!   }
//! }
//! ```
//!
//! ```toml keel.lock
//! [[published]]
//! id = "KYC_STATUS_v3"
//! digest = "sha256:2222222222222222222222222222222222222222222222222222222222222222"
//! states = ["Review", "Done"]
//! published_at = "2026-10-01T08:00:00Z"
//! ```

crate::codes::declare_rule! {
    code: "K406",
    name: "rollback-orphans-states",
    severity: Error,
    summary: "current states missing from the rollback target and not mapped",
}

use super::Ctx;
use crate::diagnostic::{all_of, Diagnostic};
use crate::model::MethodKind;

/// `O(states · target states)`.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let Some(r) = &ctx.wf.rollback else { return Vec::new() };
    let mut out = Vec::new();
    for m in &r.methods {
        let MethodKind::PreviousVersion(Some(_), text, _) = &m.kind else { continue };
        let id = format!("{}_{text}", ctx.wf.name);
        let Some(target) = ctx.lock.and_then(|l| l.get(&id)) else { continue };
        let has = |s: &str| target.states.iter().any(|t| t == s);
        let orphans: Vec<&crate::model::State> = ctx
            .wf
            .states
            .iter()
            .filter(|s| !has(&s.name) && !r.maps.iter().any(|mp| mp.from.name == s.name))
            .collect();
        let bad_maps: Vec<&crate::model::Map> = r.maps.iter().filter(|mp| !has(&mp.to.value)).collect();
        if !orphans.is_empty() {
            let names: Vec<String> = orphans.iter().map(|s| format!("`{}`", s.name)).collect();
            let mut d = Diagnostic::new(
                CODE,
                m.span,
                format!("rolling back to `{id}` orphans {}: that version has no such state", all_of(&names)),
            )
            .label(format!("`{id}` has states {}", target.states.join(", ")));
            for s in &orphans {
                d = d.with_label(s.span, format!("`{}` does not exist in `{id}`", s.name));
            }
            out.push(d.help(format!(
                "say where their subjects go: `map {} -> {}` in the rollback block",
                orphans[0].name,
                target.states.first().map_or("STATE", String::as_str)
            )));
        }
        for mp in bad_maps {
            out.push(
                Diagnostic::new(CODE, mp.span, format!("`map {} -> {}` targets a state `{id}` does not have", mp.from.name, mp.to.value))
                    .label(format!("`{id}` has states {}", target.states.join(", ")))
                    .help("map to one of the target version's states"),
            );
        }
    }
    out
}
