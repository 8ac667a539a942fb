//! The state graph in the artifact: flags, states, transitions with their action calls,
//! overrides and invariants.

use super::*;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "FlagA")]
#[serde(deny_unknown_fields)]
pub struct Flag {
    pub name: String,
    pub default_on: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "StateA")]
#[serde(deny_unknown_fields)]
pub struct State {
    pub name: String,
    pub initial: bool,
    pub terminal: bool,
    /// A manual work queue (overrides route here).
    pub manual: bool,
    pub sla_seconds: Option<u64>,
    /// Facts that must hold on every path into the state.
    pub requires: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ArgA")]
#[serde(deny_unknown_fields)]
pub struct Arg {
    /// The parameter bound, if known.
    pub param: Option<String>,
    pub value: Expr,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ActionCallA")]
#[serde(deny_unknown_fields)]
pub struct ActionCall {
    pub action: String,
    /// The action's resolved risk class.
    pub risk: Option<String>,
    /// The tier that risk requires.
    pub risk_tier: Option<u8>,
    pub args: Vec<Arg>,
    /// The attribute or field whose value deduplicates calls.
    pub idempotency_key: Option<String>,
    /// The action that undoes this one.
    pub compensation: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "TransitionA")]
#[serde(deny_unknown_fields)]
pub struct Transition {
    pub name: String,
    pub from: String,
    pub to: String,
    pub event: String,
    /// `None` when the transition has no `when`, or is `otherwise`.
    pub guard: Option<Expr>,
    /// Holds exactly when no enabled sibling guard (same state and event) holds.
    pub otherwise: bool,
    /// The feature flag that must be on.
    pub behind: Option<String>,
    pub actions: Vec<ActionCall>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "OverrideA")]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub from: Vec<String>,
    pub to: String,
    /// The role allowed to move a subject by hand.
    pub by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "InvariantA")]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Invariant {
    /// The condition holds after every step.
    Condition { name: String, condition: Expr },
    /// No value of `per` has more than one executed call of `action`.
    OncePer {
        name: String,
        action: String,
        per: String,
    },
}

pub(super) fn call(cat: &model::Catalog, c: &model::Call) -> ActionCall {
    let a = c.action.id.map(|a| &cat.actions[a]);
    ActionCall {
        action: c.action.name.clone(),
        risk: a.and_then(|a| a.risk).map(|r| r.as_str().to_string()),
        // Unknown risk fails safe: the highest tier.
        risk_tier: Some(a.and_then(|a| a.risk).map_or(3, |r| r.tier())),
        args: c
            .args
            .iter()
            .map(|arg| Arg {
                param: match (arg.param, a) {
                    (Some(p), Some(a)) => Some(a.params[p].name.clone()),
                    _ => arg.name.clone(),
                },
                value: expr(cat, &arg.value),
            })
            .collect(),
        idempotency_key: a
            .and_then(|a| a.idempotent_by)
            .map(|v| cat.vars[v].name.clone()),
        compensation: a
            .and_then(|a| a.compensate)
            .map(|x| cat.actions[x].name.clone()),
    }
}

/// One transition as the artifact states it.
pub fn transition(cat: &model::Catalog, t: &crate::model::Transition) -> Transition {
    Transition {
        name: t.name.clone(),
        from: t.from.name.clone(),
        to: t.to.name.clone(),
        event: t.event.name.clone(),
        guard: match &t.guard {
            model::Guard::Expr(e) => Some(expr(cat, e)),
            _ => None,
        },
        otherwise: matches!(t.guard, model::Guard::Otherwise(_)),
        behind: t.behind.as_ref().map(|b| b.name.clone()),
        actions: t.calls.iter().map(|c| call(cat, c)).collect(),
    }
}

/// The artifact's `flags`.
pub(super) fn flags(wf: &model::Workflow) -> Vec<Flag> {
    wf.flags
        .iter()
        .map(|f| Flag {
            name: f.name.clone(),
            default_on: f.default_on,
        })
        .collect()
}

/// The artifact's `states`.
pub(super) fn states(wf: &model::Workflow) -> Vec<State> {
    wf.states
        .iter()
        .map(|s| State {
            name: s.name.clone(),
            initial: s.initial,
            terminal: s.terminal,
            manual: s.manual,
            sla_seconds: s.sla,
            requires: s.requires.iter().map(|r| r.name.clone()).collect(),
        })
        .collect()
}

/// The artifact's `overrides`.
pub(super) fn overrides(wf: &model::Workflow) -> Vec<Override> {
    let state_name = |r: &model::Ref<model::StateId>| r.name.clone();
    wf.overrides
        .iter()
        .map(|o| Override {
            from: o.from.iter().map(state_name).collect(),
            to: state_name(&o.to),
            by: o.role.clone(),
        })
        .collect()
}

/// The artifact's `invariants`.
pub(super) fn invariants(cat: &model::Catalog, wf: &model::Workflow) -> Vec<Invariant> {
    wf.invariants
        .iter()
        .map(|i| match &i.body {
            model::InvariantBody::Guard(g) => Invariant::Condition {
                name: i.name.clone(),
                condition: expr(cat, g),
            },
            model::InvariantBody::OncePer { action, key } => Invariant::OncePer {
                name: i.name.clone(),
                action: action.name.clone(),
                per: key.name.clone(),
            },
        })
        .collect()
}
