//! Governance in the artifact: waivers, approvals, changelog, scope and access.

use super::*;

/// One suppression of a code that is not a control: defined with the model (the resolver
/// records them), serialized into the artifact as it is.
pub use crate::model::Waiver;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ApprovalA")]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// `owner`, `maintainer`, `compliance` or `finance_risk`.
    pub role: String,
    pub person: String,
    /// `approved`, `rejected` or `changes_requested`.
    pub decision: String,
    /// RFC 3339 timestamp as written.
    pub at: String,
    /// The content digest the approval was given for.
    pub digest: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ChangelogA")]
#[serde(deny_unknown_fields)]
pub struct Changelog {
    pub what: Option<String>,
    pub why: Option<String>,
    pub by: Option<String>,
    pub ticket: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ScopeA")]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// `new_only`, `existing_only` or `all`.
    pub clients: Option<String>,
    /// `new_only`, `historical` or `all`.
    pub trades: Option<String>,
    /// `none`, or an RFC 3339 timestamp from which history is recalculated.
    pub recalculation: Option<String>,
    pub regions: Vec<String>,
    pub groups: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "AccessA")]
#[serde(deny_unknown_fields)]
pub struct Access {
    pub edit: Vec<String>,
    pub publish: Vec<String>,
    pub approve: Vec<String>,
}

/// The artifact's `approvals`.
pub(super) fn approvals(wf: &model::Workflow) -> Vec<Approval> {
    wf.approvals
        .iter()
        .flat_map(|a| a.entries.iter())
        .map(|a| Approval {
            role: a.role.as_str().to_string(),
            person: a.person.value.clone(),
            decision: a.decision.as_str().to_string(),
            at: a.at_text.clone(),
            digest: a.digest.as_ref().map(|d| d.value.clone()),
        })
        .collect()
}

/// The artifact's `changelog`.
pub(super) fn changelog(c: &model::Changelog) -> Changelog {
    Changelog {
        what: c.what.as_ref().map(|s| s.value.clone()),
        why: c.why.as_ref().map(|s| s.value.clone()),
        by: c.by.as_ref().map(|s| s.value.clone()),
        ticket: c.ticket.as_ref().map(|s| s.value.clone()),
    }
}

/// The artifact's `scope`.
pub(super) fn scope(s: &model::Scope) -> Scope {
    Scope {
        clients: s.clients.as_ref().map(|c| c.value.clone()),
        trades: s.trades.as_ref().map(|c| c.value.clone()),
        recalculation: s.recalculation.as_ref().map(|r| match &r.value {
            model::Recalc::None => "none".to_string(),
            model::Recalc::Since(Some(t), _) => t.to_string(),
            model::Recalc::Since(None, text) => text.clone(),
        }),
        regions: s.regions.clone(),
        groups: s.groups.clone(),
    }
}

/// The artifact's `access`.
pub(super) fn access(a: &model::Access) -> Access {
    let roles = |k: &str| a.roles(k).iter().map(|r| r.value.clone()).collect();
    Access {
        edit: roles("edit"),
        publish: roles("publish"),
        approve: roles("approve"),
    }
}
