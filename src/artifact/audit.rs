//! The audit contract: the execution-log record every run of the workflow must emit.

use super::*;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "AuditFieldA")]
#[serde(deny_unknown_fields)]
pub struct AuditField {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub description: String,
}

/// The execution-log record every run of the workflow must emit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "AuditA")]
#[serde(deny_unknown_fields)]
pub struct Audit {
    /// The record format, `keel.audit/v1`.
    pub record: String,
    /// One record per delivered event, including ignored ones.
    pub emit: String,
    pub fields: Vec<AuditField>,
    /// How long the record must be kept (regulatory minimum), in days.
    pub retention_days: u32,
}

/// The audit contract: the same for every workflow of this format.
pub fn audit_contract() -> Audit {
    let f = |name: &str, ty: &str, description: &str| AuditField {
        name: name.to_string(),
        ty: ty.to_string(),
        description: description.to_string(),
    };
    Audit {
        record: "keel.audit/v1".to_string(),
        emit: "one record per delivered event, including events that matched no transition, and per manual override".to_string(),
        fields: vec![
            f("workflow_id", "text", "the workflow version id, NAME_vN"),
            f("workflow_version", "number", "the version number N"),
            f("digest", "text", "the content digest of the artifact that ran"),
            f("environment", "text", "sandbox, staging or production"),
            f("subject_id", "text", "the id of the subject (client, withdrawal, ...) the event is about"),
            f("event", "text", "the event name, or `override` for a manual override"),
            f("event_payload", "object", "the payload fields of the event as received"),
            f("state_before", "text", "the subject's state when the event arrived"),
            f("conditions", "array", "every guard evaluated: transition name, the values it read, and its result"),
            f("transition", "text|null", "the transition taken, or null when the event was ignored"),
            f("override_by", "text|null", "the role that moved the subject by hand, for overrides"),
            f("actions", "array", "every action of the transition: name, arguments, idempotency key value, and `executed` or `deduplicated`"),
            f("state_after", "text", "the subject's state after the step"),
            f("timestamp", "time", "when the step ran, RFC 3339 in UTC"),
        ],
        retention_days: 5 * 365,
    }
}
