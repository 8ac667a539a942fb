//! Governance: scope, changelog, approvals and access.

use super::*;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One suppression (`// keel:allow CODE -- reason [until DATE]`) of a code that is not a
/// control.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "WaiverA")]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The code waived (never a control).
    pub code: String,
    /// The statement it covers, as `kind name`: `transition instant`, `state Review`,
    /// `test "NAME"`, `block rollback`, `entry monitor 2`, `workflow ID`, `action A`, ...
    pub statement: String,
    pub reason: String,
    /// `YYYY-MM-DD` after which it no longer applies, or `null`.
    pub until: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Recalc {
    None,
    /// `since TS`; the timestamp is `None` when invalid.
    Since(Option<jiff::Timestamp>, String),
}

#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub clients: Option<Spanned<String>>,
    pub trades: Option<Spanned<String>>,
    pub recalculation: Option<Spanned<Recalc>>,
    pub regions: Vec<String>,
    pub groups: Vec<String>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Changelog {
    pub what: Option<Spanned<String>>,
    pub why: Option<Spanned<String>>,
    pub by: Option<Spanned<String>>,
    pub ticket: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Owner,
    Maintainer,
    Compliance,
    FinanceRisk,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Owner,
        Role::Maintainer,
        Role::Compliance,
        Role::FinanceRisk,
    ];

    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "owner" => Role::Owner,
            "maintainer" => Role::Maintainer,
            "compliance" => Role::Compliance,
            "finance_risk" => Role::FinanceRisk,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Maintainer => "maintainer",
            Role::Compliance => "compliance",
            Role::FinanceRisk => "finance_risk",
        }
    }

    /// The roles a tier requires (LANGUAGE.md §1).
    pub fn required_for(tier: u8) -> &'static [Role] {
        match tier {
            0 | 1 => &Role::ALL[..2],
            2 => &Role::ALL[..3],
            _ => &Role::ALL[..],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Approved,
    Rejected,
    ChangesRequested,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Decision> {
        Some(match s {
            "approved" => Decision::Approved,
            "rejected" => Decision::Rejected,
            "changes_requested" => Decision::ChangesRequested,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
            Decision::ChangesRequested => "changes_requested",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Approval {
    pub role: Role,
    pub person: Spanned<String>,
    pub decision: Decision,
    pub at: Option<jiff::Timestamp>,
    pub at_text: String,
    /// The `for "sha256:..."` digest; `value` is as written (validity checked by K005).
    pub digest: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Approvals {
    pub entries: Vec<Approval>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct AccessEntry {
    /// `edit`, `publish` or `approve`.
    pub kind: String,
    pub roles: Vec<Spanned<String>>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Access {
    pub entries: Vec<AccessEntry>,
    pub span: Span,
}

impl Access {
    pub fn roles(&self, kind: &str) -> Vec<&Spanned<String>> {
        self.entries
            .iter()
            .filter(|e| e.kind == kind)
            .flat_map(|e| e.roles.iter())
            .collect()
    }
}
