//! The artifact CRM platforms import (LANGUAGE.md §7): one deterministic JSON document per
//! workflow. The types here are the contract; `keel schema` derives its JSON Schema from them.
//! Nothing here depends on file names, paths, lines or columns, and nothing on the clock.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::analysis::tier;
use crate::ast::BinOp;
use crate::model;
use crate::render;

pub const FORMAT: &str = "keel.artifact/v1";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Artifact {
    /// Always `keel.artifact/v1`.
    pub format: String,
    /// The immutable version id, `NAME_vN`.
    pub id: String,
    pub workflow: String,
    /// `None` only when the version number was out of range.
    pub version: Option<u64>,
    /// `sha256:` + hex SHA-256 of this document without `approvals` and `digest`.
    pub digest: String,
    pub title: Option<String>,
    /// The effective tier: the higher of declared and required.
    pub tier: u8,
    pub declared_tier: Option<u8>,
    /// The highest tier any called action's risk needs.
    pub required_tier: u8,
    pub subject: Option<String>,
    pub owner: Option<String>,
    pub maintainer: Option<String>,
    pub environments: Vec<String>,
    pub approvals: Vec<Approval>,
    pub changelog: Option<Changelog>,
    pub scope: Option<Scope>,
    pub flags: Vec<Flag>,
    pub states: Vec<State>,
    pub transitions: Vec<Transition>,
    pub overrides: Vec<Override>,
    pub invariants: Vec<Invariant>,
    pub rollback: Option<Rollback>,
    pub release: Option<Release>,
    pub monitoring: Monitoring,
    pub access: Option<Access>,
    pub tests: Tests,
    pub audit: Audit,
    /// The catalog entries this workflow uses, so a CRM can import it without Keel.
    pub catalog: Catalog,
    /// The suppressions that apply to this workflow, sorted by statement then code: part of
    /// the approved content (the digest covers them).
    pub waivers: Vec<Waiver>,
    /// The repository's policy: keel.toml rule levels below a rule's default severity
    /// (`{"K502": "off"}`). Not covered by the digest.
    pub policy: BTreeMap<String, String>,
    /// The environment `keel build` checked the workflow for (`null` when no build made
    /// it). Not covered by the digest; a CRM imports into production only artifacts checked
    /// for production.
    pub checked_for: Option<CheckedFor>,
}

/// An environment an artifact was checked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckedFor {
    Sandbox,
    Staging,
    Production,
}

impl From<crate::config::Env> for CheckedFor {
    fn from(e: crate::config::Env) -> CheckedFor {
        match e {
            crate::config::Env::Sandbox => CheckedFor::Sandbox,
            crate::config::Env::Staging => CheckedFor::Staging,
            crate::config::Env::Production => CheckedFor::Production,
        }
    }
}

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

/// A guard or value as an expression tree a rule engine evaluates without parsing Keel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ExprA")]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Expr {
    /// All of `args` hold.
    And {
        args: Vec<Expr>,
    },
    /// Any of `args` holds.
    Or {
        args: Vec<Expr>,
    },
    Not {
        arg: Box<Expr>,
    },
    /// `op` is one of `==`, `!=`, `<`, `<=`, `>`, `>=`.
    Compare {
        op: String,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `value` equals one of `set`.
    In {
        value: Box<Expr>,
        set: Vec<Expr>,
    },
    /// `op` is one of `+`, `-`, `*`, `/`.
    Arith {
        op: String,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Neg {
        arg: Box<Expr>,
    },
    /// A boolean fact about the subject.
    Fact {
        name: String,
    },
    /// A subject attribute or event payload field (one value when both exist).
    Value {
        name: String,
        #[serde(rename = "type")]
        ty: String,
    },
    /// A constant: numbers as JSON numbers, times as RFC 3339 strings, durations in seconds.
    Const {
        #[serde(rename = "type")]
        ty: String,
        value: serde_json::Value,
    },
    /// A name that did not resolve (only in artifacts of failing checks, e.g. `keel digest`).
    Unresolved {
        name: String,
    },
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "TriggerA")]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// A metric from the monitoring section, or `queue(STATE)`.
    pub metric: String,
    pub op: String,
    pub threshold: serde_json::Value,
    pub percent: bool,
    pub over_seconds: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "MethodA")]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Method {
    /// Re-deploy an earlier published version.
    PreviousVersion { version: String },
    /// Disable the workflow and route subjects to a manual state.
    DisableRouteTo { state: String },
    /// Switch a feature flag off.
    FlagOff { flag: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "StateMapA")]
#[serde(deny_unknown_fields)]
pub struct StateMap {
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "RemediationA")]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    /// How impacted records are found: `version`, `window`, `segment`.
    pub identify_by: Vec<String>,
    pub revert: Vec<StateMap>,
    /// Side effects undone by their compensating action.
    pub compensate: Vec<Compensation>,
    /// Side effects fixed by hand.
    pub manual: Vec<Manual>,
    pub communicate: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "CompensationA")]
#[serde(deny_unknown_fields)]
pub struct Compensation {
    pub action: String,
    /// The compensating action from the catalog.
    pub using: Option<String>,
    /// Who carries it out.
    pub with: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ManualA")]
#[serde(deny_unknown_fields)]
pub struct Manual {
    pub action: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "RollbackA")]
#[serde(deny_unknown_fields)]
pub struct Rollback {
    pub triggers: Vec<Trigger>,
    pub methods: Vec<Method>,
    pub backout_seconds: Option<u64>,
    pub state_map: Vec<StateMap>,
    pub remediation: Option<Remediation>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "WindowA")]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// Days in order, `Mon` … `Sun` (a range is expanded).
    pub days: Vec<String>,
    /// `HH:MM`, local to `time_zone`.
    pub start: Option<String>,
    pub end: Option<String>,
    /// IANA time zone name.
    pub time_zone: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "CanaryA")]
#[serde(deny_unknown_fields)]
pub struct Canary {
    pub percent: Option<serde_json::Value>,
    pub regions: Vec<String>,
    pub segments: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ReleaseA")]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub windows: Vec<Window>,
    pub canaries: Vec<Canary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "StuckAlertA")]
#[serde(deny_unknown_fields)]
pub struct StuckAlert {
    pub state: String,
    pub after_seconds: Option<u64>,
    /// Who is alerted (`None` for alerts derived from an SLA: route to the owner).
    pub alert: Option<String>,
    /// `declared` (a `stuck` entry) or `sla` (derived from the state's SLA).
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "MetricA")]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub name: String,
    pub by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ExpectationA")]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub metric: String,
    pub low: serde_json::Value,
    pub high: serde_json::Value,
    pub percent: bool,
    /// `hour`, `day`, or `None` (per run).
    pub per: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "MonitoringA")]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// Declared `stuck` alerts and alerts derived from SLAs of states without one.
    pub stuck_alerts: Vec<StuckAlert>,
    pub metrics: Vec<Metric>,
    pub expectations: Vec<Expectation>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "AccessA")]
#[serde(deny_unknown_fields)]
pub struct Access {
    pub edit: Vec<String>,
    pub publish: Vec<String>,
    pub approve: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "TestCaseA")]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    pub name: String,
    pub kind: String,
    /// The steps as Keel source, one per line.
    pub steps: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "CoverageA")]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    pub covered: u32,
    pub total: u32,
    /// Names (transitions) or `transition: comparison` (boundaries) not covered.
    pub uncovered: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "TestsA")]
#[serde(deny_unknown_fields)]
pub struct Tests {
    pub total: u32,
    /// Number of tests per category.
    pub by_category: BTreeMap<String, u32>,
    pub cases: Vec<TestCase>,
    /// Transition coverage by the scenario tests (`None` when they could not run).
    pub transition_coverage: Option<Coverage>,
    /// Boundary coverage of numeric guard comparisons (`None` when they could not run).
    pub boundary_coverage: Option<Coverage>,
}

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "FieldA")]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "EventA")]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub name: String,
    pub payload: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "EffectA")]
#[serde(deny_unknown_fields)]
pub struct Effect {
    /// `add` or `subtract`.
    pub op: String,
    pub target: String,
    pub param: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ActionDefA")]
#[serde(deny_unknown_fields)]
pub struct ActionDef {
    pub name: String,
    pub params: Vec<Field>,
    pub risk: Option<String>,
    pub idempotency_key: Option<String>,
    pub compensation: Option<String>,
    pub establishes: Vec<String>,
    pub clears: Vec<String>,
    pub effects: Vec<Effect>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "CatalogA")]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub events: Vec<Event>,
    /// Attributes and payload fields read by guards, arguments, keys and effects.
    pub values: Vec<Field>,
    pub facts: Vec<String>,
    pub actions: Vec<ActionDef>,
}

// ---------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------

/// Test-derived parts of the artifact, filled in by the simulator when tests can run.
#[derive(Clone, Debug, Default)]
pub struct TestCoverage {
    pub transitions: Option<Coverage>,
    pub boundaries: Option<Coverage>,
}

fn ty_name(t: &model::Type) -> String {
    t.describe()
}

/// A number literal's value as a JSON number: an integer when it is one (and safe in every
/// JSON reader, below 2^53), else the double nearest to it, which for the at most 15
/// significant digits a literal may have (K005) writes back as exactly its digits.
pub fn num_json(d: &rust_decimal::Decimal) -> serde_json::Value {
    let d = d.normalize();
    if d.fract().is_zero() && d.scale() == 0 {
        if let Ok(i) = i64::try_from(d.mantissa()) {
            if i.unsigned_abs() < (1u64 << 53) {
                return serde_json::Value::from(i);
            }
        }
    }
    // Correctly rounded (parsing the decimal text), unlike mantissa / 10^scale.
    match d.to_string().parse::<f64>() {
        Ok(f) if f.is_finite() => serde_json::Value::from(f),
        _ => serde_json::Value::String(d.to_string()),
    }
}

fn const_of(v: &model::Value, ty: Option<&model::Type>) -> Expr {
    let (t, value) = match v {
        model::Value::Num(d) => ("number".to_string(), num_json(d)),
        model::Value::Text(s) => ("text".to_string(), serde_json::Value::from(s.clone())),
        model::Value::Bool(b) => ("bool".to_string(), serde_json::Value::from(*b)),
        model::Value::Time(t) => ("time".to_string(), serde_json::Value::from(t.to_string())),
        model::Value::Enum(m) => (
            ty.map_or("enum".to_string(), ty_name),
            serde_json::Value::from(m.clone()),
        ),
        model::Value::Dur(s) => ("duration".to_string(), serde_json::Value::from(*s)),
    };
    Expr::Const { ty: t, value }
}

pub fn expr(cat: &model::Catalog, e: &model::RExpr) -> Expr {
    match &e.kind {
        model::RKind::Lit(Some(v), _) => const_of(v, e.ty.as_ref()),
        model::RKind::Lit(None, text) => Expr::Unresolved { name: text.clone() },
        model::RKind::Var(v) => {
            let var = &cat.vars[*v];
            if var.fact {
                Expr::Fact {
                    name: var.name.clone(),
                }
            } else {
                Expr::Value {
                    name: var.name.clone(),
                    ty: ty_name(&var.ty),
                }
            }
        }
        model::RKind::Unresolved(n) => Expr::Unresolved { name: n.clone() },
        model::RKind::Not(x) => Expr::Not {
            arg: Box::new(expr(cat, x)),
        },
        model::RKind::Neg(x) => Expr::Neg {
            arg: Box::new(expr(cat, x)),
        },
        model::RKind::In { lhs, list } => Expr::In {
            value: Box::new(expr(cat, lhs)),
            set: list.iter().map(|l| expr(cat, l)).collect(),
        },
        model::RKind::Bin { op, lhs, rhs } => match op {
            BinOp::And | BinOp::Or => {
                let mut args = Vec::new();
                flatten(cat, *op, e, &mut args);
                if *op == BinOp::And {
                    Expr::And { args }
                } else {
                    Expr::Or { args }
                }
            }
            o if o.is_comparison() => Expr::Compare {
                op: o.as_str().to_string(),
                left: Box::new(expr(cat, lhs)),
                right: Box::new(expr(cat, rhs)),
            },
            o => Expr::Arith {
                op: o.as_str().to_string(),
                left: Box::new(expr(cat, lhs)),
                right: Box::new(expr(cat, rhs)),
            },
        },
    }
}

fn flatten(cat: &model::Catalog, op: BinOp, e: &model::RExpr, out: &mut Vec<Expr>) {
    match &e.kind {
        model::RKind::Bin { op: o, lhs, rhs } if *o == op => {
            flatten(cat, op, lhs, out);
            flatten(cat, op, rhs, out);
        }
        _ => out.push(expr(cat, e)),
    }
}

fn call(cat: &model::Catalog, c: &model::Call) -> ActionCall {
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

fn expand_days(w: &model::Window) -> Vec<String> {
    match (w.from_day, w.to_day) {
        (Some(a), Some(b)) => {
            let mut out = Vec::new();
            let mut d = a;
            loop {
                out.push(crate::literal::DAYS[d as usize].to_string());
                if d == b || out.len() == 7 {
                    break;
                }
                d = (d + 1) % 7;
            }
            out
        }
        _ => vec![w.days_text.clone()],
    }
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

/// Builds the artifact of one workflow. The digest is left empty; [`crate::digest`] fills it.
pub fn build(cat: &model::Catalog, wf: &model::Workflow, coverage: &TestCoverage) -> Artifact {
    let mut a = build_head(cat, wf, coverage);
    a.transitions = wf.transitions.iter().map(|t| transition(cat, t)).collect();
    a
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

/// The artifact without its `transitions` (empty): with [`transition`], what the content
/// digest needs when the whole artifact is not kept (see `digest::digest_of_head`).
pub fn build_head(cat: &model::Catalog, wf: &model::Workflow, coverage: &TestCoverage) -> Artifact {
    let tiers = tier::tiers(cat, wf);
    let state_name = |r: &model::Ref<model::StateId>| r.name.clone();
    let mut by_category: BTreeMap<String, u32> = model::TestKind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), 0))
        .collect();
    for t in &wf.tests {
        *by_category.entry(t.kind.as_str().to_string()).or_default() += 1;
    }
    let declared_stuck: Vec<&str> = wf
        .monitor
        .iter()
        .flat_map(|m| m.stuck.iter().map(|s| s.state.name.as_str()))
        .collect();
    let mut stuck_alerts: Vec<StuckAlert> = wf
        .monitor
        .iter()
        .flat_map(|m| m.stuck.iter())
        .map(|s| StuckAlert {
            state: s.state.name.clone(),
            after_seconds: s.after,
            alert: Some(s.alert.clone()),
            source: "declared".to_string(),
        })
        .collect();
    for s in &wf.states {
        if s.has_sla && !s.terminal && !declared_stuck.contains(&s.name.as_str()) {
            stuck_alerts.push(StuckAlert {
                state: s.name.clone(),
                after_seconds: s.sla,
                alert: None,
                source: "sla".to_string(),
            });
        }
    }
    Artifact {
        format: FORMAT.to_string(),
        id: wf.id.clone(),
        workflow: wf.name.clone(),
        version: wf.version,
        digest: String::new(),
        title: wf.title.as_ref().map(|t| t.value.clone()),
        tier: tiers.effective,
        declared_tier: tiers.declared,
        required_tier: tiers.required,
        subject: wf.subject.as_ref().map(|s| s.value.clone()),
        owner: wf.owner.as_ref().map(|s| s.value.clone()),
        maintainer: wf.maintainer.as_ref().map(|s| s.value.clone()),
        environments: wf.environments.iter().map(|e| e.value.clone()).collect(),
        approvals: wf
            .approvals
            .iter()
            .flat_map(|a| a.entries.iter())
            .map(|a| Approval {
                role: a.role.as_str().to_string(),
                person: a.person.value.clone(),
                decision: a.decision.as_str().to_string(),
                at: a.at_text.clone(),
                digest: a.digest.as_ref().map(|d| d.value.clone()),
            })
            .collect(),
        changelog: wf.changelog.as_ref().map(|c| Changelog {
            what: c.what.as_ref().map(|s| s.value.clone()),
            why: c.why.as_ref().map(|s| s.value.clone()),
            by: c.by.as_ref().map(|s| s.value.clone()),
            ticket: c.ticket.as_ref().map(|s| s.value.clone()),
        }),
        scope: wf.scope.as_ref().map(|s| Scope {
            clients: s.clients.as_ref().map(|c| c.value.clone()),
            trades: s.trades.as_ref().map(|c| c.value.clone()),
            recalculation: s.recalculation.as_ref().map(|r| match &r.value {
                model::Recalc::None => "none".to_string(),
                model::Recalc::Since(Some(t), _) => t.to_string(),
                model::Recalc::Since(None, text) => text.clone(),
            }),
            regions: s.regions.clone(),
            groups: s.groups.clone(),
        }),
        flags: wf
            .flags
            .iter()
            .map(|f| Flag {
                name: f.name.clone(),
                default_on: f.default_on,
            })
            .collect(),
        states: wf
            .states
            .iter()
            .map(|s| State {
                name: s.name.clone(),
                initial: s.initial,
                terminal: s.terminal,
                manual: s.manual,
                sla_seconds: s.sla,
                requires: s.requires.iter().map(|r| r.name.clone()).collect(),
            })
            .collect(),
        transitions: Vec::new(),
        overrides: wf
            .overrides
            .iter()
            .map(|o| Override {
                from: o.from.iter().map(state_name).collect(),
                to: state_name(&o.to),
                by: o.role.clone(),
            })
            .collect(),
        invariants: wf
            .invariants
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
            .collect(),
        rollback: wf.rollback.as_ref().map(|r| rollback(cat, r)),
        release: wf.release.as_ref().map(|r| Release {
            windows: r
                .windows
                .iter()
                .map(|w| Window {
                    days: expand_days(w),
                    start: w.start.map(crate::literal::format_clock),
                    end: w.end.map(crate::literal::format_clock),
                    time_zone: w.zone.clone(),
                })
                .collect(),
            canaries: r
                .canaries
                .iter()
                .map(|c| Canary {
                    percent: c.percent.as_ref().map(num_json),
                    regions: c
                        .targets
                        .iter()
                        .filter(|t| t.0 == "region")
                        .map(|t| t.1.clone())
                        .collect(),
                    segments: c
                        .targets
                        .iter()
                        .filter(|t| t.0 == "segment")
                        .map(|t| t.1.clone())
                        .collect(),
                })
                .collect(),
        }),
        monitoring: Monitoring {
            stuck_alerts,
            metrics: wf
                .monitor
                .iter()
                .flat_map(|m| m.metrics.iter())
                .map(|m| Metric {
                    name: m.name.clone(),
                    by: m.by.clone(),
                })
                .collect(),
            expectations: wf
                .monitor
                .iter()
                .flat_map(|m| m.expects.iter())
                .map(|e| Expectation {
                    metric: e.name.clone(),
                    low: bound_json(&e.low),
                    high: bound_json(&e.high),
                    percent: e.low.percent || e.high.percent,
                    per: e.per.clone(),
                })
                .collect(),
        },
        access: wf.access.as_ref().map(|a| {
            let roles = |k: &str| a.roles(k).iter().map(|r| r.value.clone()).collect();
            Access {
                edit: roles("edit"),
                publish: roles("publish"),
                approve: roles("approve"),
            }
        }),
        tests: Tests {
            total: wf.tests.len() as u32,
            by_category,
            cases: wf
                .tests
                .iter()
                .map(|t| TestCase {
                    name: t.name.clone(),
                    kind: t.kind.as_str().to_string(),
                    steps: t.steps.iter().map(|s| render::step(&s.kind)).collect(),
                })
                .collect(),
            transition_coverage: coverage.transitions.clone(),
            boundary_coverage: coverage.boundaries.clone(),
        },
        audit: audit_contract(),
        catalog: catalog_used(cat, wf),
        waivers: wf.waivers.clone(),
        policy: BTreeMap::new(),
        checked_for: None,
    }
}

fn bound_json(b: &model::Bound) -> serde_json::Value {
    match &b.value {
        Some(d) => num_json(d),
        None => serde_json::Value::from(b.text.clone()),
    }
}

fn rollback(cat: &model::Catalog, r: &model::Rollback) -> Rollback {
    Rollback {
        triggers: r
            .triggers
            .iter()
            .map(|t| Trigger {
                metric: match &t.metric {
                    model::MetricRef::Queue(s) => format!("queue({})", s.name),
                    model::MetricRef::Named(n) => n.name.clone(),
                },
                op: t.op.as_str().to_string(),
                threshold: t
                    .threshold
                    .as_ref()
                    .map_or(serde_json::Value::from(t.threshold_text.clone()), |x| {
                        num_json(&x.value)
                    }),
                percent: t.threshold.as_ref().is_some_and(|x| x.percent),
                over_seconds: t.over,
            })
            .collect(),
        methods: r
            .methods
            .iter()
            .map(|m| match &m.kind {
                model::MethodKind::PreviousVersion(_, text, _) => Method::PreviousVersion {
                    version: text.clone(),
                },
                model::MethodKind::DisableRouteTo(s) => Method::DisableRouteTo {
                    state: s.name.clone(),
                },
                model::MethodKind::FlagOff(f) => Method::FlagOff {
                    flag: f.name.clone(),
                },
            })
            .collect(),
        backout_seconds: r.backout.as_ref().and_then(|b| b.value),
        state_map: r
            .maps
            .iter()
            .map(|m| StateMap {
                from: m.from.name.clone(),
                to: m.to.value.clone(),
            })
            .collect(),
        remediation: r.remediate.as_ref().map(|rm| Remediation {
            identify_by: rm.identify.clone(),
            revert: rm
                .reverts
                .iter()
                .map(|x| StateMap {
                    from: x.from.name.clone(),
                    to: x.to.name.clone(),
                })
                .collect(),
            compensate: rm
                .compensates
                .iter()
                .map(|c| Compensation {
                    action: c.action.name.clone(),
                    using: c
                        .action
                        .id
                        .and_then(|a| cat.actions[a].compensate)
                        .map(|x| cat.actions[x].name.clone()),
                    with: c.with.clone(),
                })
                .collect(),
            manual: rm
                .manuals
                .iter()
                .map(|m| Manual {
                    action: m.action.name.clone(),
                    note: m.note.clone(),
                })
                .collect(),
            communicate: rm.communicate.clone(),
        }),
    }
}

/// The catalog entries a workflow references, sorted by name.
fn catalog_used(cat: &model::Catalog, wf: &model::Workflow) -> Catalog {
    let mut events = std::collections::BTreeSet::new();
    let mut vars = std::collections::BTreeSet::new();
    let mut actions = std::collections::BTreeSet::new();
    let expr_vars = |e: &model::RExpr, vars: &mut std::collections::BTreeSet<model::VarId>| {
        e.walk(&mut |n| {
            if let model::RKind::Var(v) = n.kind {
                vars.insert(v);
            }
        })
    };
    for t in &wf.transitions {
        if let Some(e) = t.event.id {
            events.insert(e);
        }
        if let model::Guard::Expr(g) = &t.guard {
            expr_vars(g, &mut vars);
        }
        for c in &t.calls {
            if let Some(a) = c.action.id {
                actions.insert(a);
                if let Some(k) = cat.actions[a].compensate {
                    actions.insert(k);
                }
            }
            for arg in &c.args {
                expr_vars(&arg.value, &mut vars);
            }
        }
    }
    for s in &wf.states {
        for r in &s.requires {
            if let Some(v) = r.id {
                vars.insert(v);
            }
        }
    }
    for i in &wf.invariants {
        match &i.body {
            model::InvariantBody::Guard(g) => expr_vars(g, &mut vars),
            model::InvariantBody::OncePer { action, key } => {
                if let Some(a) = action.id {
                    actions.insert(a);
                }
                if let Some(k) = key.id {
                    vars.insert(k);
                }
            }
        }
    }
    for a in &actions {
        let a = &cat.actions[*a];
        vars.extend(a.idempotent_by);
        vars.extend(a.establishes.iter().copied());
        vars.extend(a.clears.iter().copied());
        vars.extend(a.effects.iter().map(|e| e.target));
    }
    for e in &events {
        vars.extend(cat.events[*e].fields.iter().copied());
    }
    let mut ev: Vec<Event> = events
        .iter()
        .map(|e| Event {
            name: cat.events[*e].name.clone(),
            payload: cat.events[*e]
                .fields
                .iter()
                .map(|f| Field {
                    name: cat.vars[*f].name.clone(),
                    ty: ty_name(&cat.vars[*f].ty),
                })
                .collect(),
        })
        .collect();
    ev.sort_by(|a, b| a.name.cmp(&b.name));
    let mut values: Vec<Field> = vars
        .iter()
        .filter(|v| !cat.vars[**v].fact)
        .map(|v| Field {
            name: cat.vars[*v].name.clone(),
            ty: ty_name(&cat.vars[*v].ty),
        })
        .collect();
    values.sort_by(|a, b| a.name.cmp(&b.name));
    let mut facts: Vec<String> = vars
        .iter()
        .filter(|v| cat.vars[**v].fact)
        .map(|v| cat.vars[*v].name.clone())
        .collect();
    facts.sort();
    let mut acts: Vec<ActionDef> = actions
        .iter()
        .map(|a| {
            let a = &cat.actions[*a];
            ActionDef {
                name: a.name.clone(),
                params: a
                    .params
                    .iter()
                    .map(|p| Field {
                        name: p.name.clone(),
                        ty: ty_name(&p.ty),
                    })
                    .collect(),
                risk: a.risk.map(|r| r.as_str().to_string()),
                idempotency_key: a.idempotent_by.map(|v| cat.vars[v].name.clone()),
                compensation: a.compensate.map(|x| cat.actions[x].name.clone()),
                establishes: a
                    .establishes
                    .iter()
                    .map(|v| cat.vars[*v].name.clone())
                    .collect(),
                clears: a.clears.iter().map(|v| cat.vars[*v].name.clone()).collect(),
                effects: a
                    .effects
                    .iter()
                    .map(|e| Effect {
                        op: if e.adds { "add" } else { "subtract" }.to_string(),
                        target: cat.vars[e.target].name.clone(),
                        param: a.params[e.param].name.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    acts.sort_by(|a, b| a.name.cmp(&b.name));
    Catalog {
        events: ev,
        values,
        facts,
        actions: acts,
    }
}
