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

mod audit;
mod catalog;
mod expr;
mod governance;
mod graph;
mod ops;
mod scenario;

pub use audit::*;
pub use catalog::*;
pub use expr::*;
pub use governance::*;
pub use graph::*;
pub use ops::*;
pub use scenario::*;

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

// ---------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------

/// Test-derived parts of the artifact, filled in by the simulator when tests can run.
#[derive(Clone, Debug, Default)]
pub struct TestCoverage {
    pub transitions: Option<Coverage>,
    pub boundaries: Option<Coverage>,
}

/// Builds the artifact of one workflow. The digest is left empty; [`crate::digest`] fills it.
pub fn build(cat: &model::Catalog, wf: &model::Workflow, coverage: &TestCoverage) -> Artifact {
    let mut a = build_head(cat, wf, coverage);
    a.transitions = wf.transitions.iter().map(|t| transition(cat, t)).collect();
    a
}

/// The artifact without its `transitions` (empty): with [`transition`], what the content
/// digest needs when the whole artifact is not kept (see `digest::digest_of_head`).
pub fn build_head(cat: &model::Catalog, wf: &model::Workflow, coverage: &TestCoverage) -> Artifact {
    let tiers = tier::tiers(cat, wf);
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
        approvals: governance::approvals(wf),
        changelog: wf.changelog.as_ref().map(governance::changelog),
        scope: wf.scope.as_ref().map(governance::scope),
        flags: graph::flags(wf),
        states: graph::states(wf),
        transitions: Vec::new(),
        overrides: graph::overrides(wf),
        invariants: graph::invariants(cat, wf),
        rollback: wf.rollback.as_ref().map(|r| rollback(cat, r)),
        release: wf.release.as_ref().map(ops::release),
        monitoring: ops::monitoring(wf),
        access: wf.access.as_ref().map(governance::access),
        tests: scenario::tests(wf, coverage),
        audit: audit_contract(),
        catalog: catalog_used(cat, wf),
        waivers: wf.waivers.clone(),
        policy: BTreeMap::new(),
        checked_for: None,
    }
}
