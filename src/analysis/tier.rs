//! Required and effective tier (LANGUAGE.md §4): the required tier is the highest tier any
//! called action's risk needs; the effective tier is the higher of declared and required, and
//! every tier-dependent rule uses it. `O(calls)`.

use crate::model::{Catalog, Risk, Workflow};
use crate::span::Span;

/// The call that sets the required tier: the first call, in source order, of an action of the
/// highest risk tier.
#[derive(Clone, Debug)]
pub struct TierCause {
    pub action: String,
    pub risk: Risk,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Tiers {
    pub declared: Option<u8>,
    pub required: u8,
    pub effective: u8,
    pub cause: Option<TierCause>,
}

pub fn tiers(cat: &Catalog, wf: &Workflow) -> Tiers {
    let mut cause: Option<TierCause> = None;
    for (_, call) in wf.calls() {
        let Some(a) = call.action.id else { continue };
        let Some(risk) = cat.actions[a].risk else {
            continue;
        };
        if cause.as_ref().is_none_or(|c| risk.tier() > c.risk.tier()) {
            cause = Some(TierCause {
                action: cat.actions[a].name.clone(),
                risk,
                span: call.span,
            });
        }
    }
    let required = cause.as_ref().map_or(1, |c| c.risk.tier());
    let declared = wf.declared_tier.as_ref().map(|t| t.value);
    Tiers {
        declared,
        required,
        effective: declared.unwrap_or(1).max(required),
        cause,
    }
}
