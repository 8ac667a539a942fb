//! Required and effective tier (LANGUAGE.md §4): the required tier is the highest tier any
//! called action's risk needs; the effective tier is the higher of declared and required, and
//! every tier-dependent rule uses it. Unknown risk fails safe (LANGUAGE.md §8): a call of an
//! action that does not resolve, or that declares no risk, counts as the highest risk
//! (Tier 3). `O(calls)`.

use crate::model::{Catalog, Risk, Workflow};
use crate::span::Span;

/// The call that sets the required tier: the first call, in source order, of an action of the
/// highest risk tier.
#[derive(Clone, Debug)]
pub struct TierCause {
    pub action: String,
    /// `None`: the action does not resolve or declares no risk (counted as Tier 3).
    pub risk: Option<Risk>,
    pub span: Span,
    /// The declared risk understates the action's effects (K208): it counts as Tier 3.
    pub understated: bool,
}

impl TierCause {
    pub fn tier(&self) -> u8 {
        if self.understated {
            return 3;
        }
        self.risk.map_or(3, Risk::tier)
    }
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
        let risk = call.action.id.and_then(|a| cat.actions[a].risk);
        let understated = call
            .action
            .id
            .and_then(|a| understated_tier(&cat.actions[a]));
        let tier = risk.map_or(3, Risk::tier).max(understated.unwrap_or(0));
        if cause.as_ref().is_none_or(|c| tier > c.tier()) {
            cause = Some(TierCause {
                action: call.action.name.clone(),
                risk,
                span: call.span,
                understated: understated.is_some(),
            });
        }
    }
    let required = cause.as_ref().map_or(1, TierCause::tier);
    let declared = wf.declared_tier.as_ref().map(|t| t.value);
    Tiers {
        declared,
        required,
        effective: declared.unwrap_or(1).max(required),
        cause,
    }
}

/// The tier an action's own statements need when its declared risk understates them (what
/// K208 reports), whatever module defines it: understated risk fails safe, so such an action
/// counts as the highest risk (Tier 3) in the required tier (K201) and can never lower it.
/// `None` when the declared risk covers its effects (or it declares none: unknown risk is
/// Tier 3 anyway).
pub fn understated_tier(a: &crate::model::Action) -> Option<u8> {
    let risk = a.risk?;
    let numeric = !a.effects.is_empty()
        && !matches!(
            risk,
            crate::model::Risk::Money | crate::model::Risk::Commission
        );
    let content_changes = risk == crate::model::Risk::Content
        && (!a.establishes.is_empty() || !a.clears.is_empty() || a.compensate.is_some());
    (numeric || content_changes).then_some(3)
}
