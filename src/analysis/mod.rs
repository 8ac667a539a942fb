//! Analyses over the resolved model: tiers, the state graph, facts, guards; and the driver
//! that runs the rules on one workflow.

pub mod tier;

use crate::artifact::{self, Artifact, TestCoverage};
use crate::config::{Config, Env};
use crate::diagnostic::Diagnostic;
use crate::digest;
use crate::lock::Lock;
use crate::model::{Catalog, Workflow};
use crate::rules::{Ctx, WORKFLOW_RULES};

/// What the analysis of one workflow produced.
#[derive(Clone, Debug)]
pub struct WorkflowAnalysis {
    pub id: String,
    /// The sealed artifact (its `digest` is the content digest).
    pub artifact: Artifact,
    pub diagnostics: Vec<Diagnostic>,
}

/// Settings the analyses need from the caller.
pub struct Settings<'a> {
    pub env: Env,
    pub config: &'a Config,
    pub lock: Option<&'a Lock>,
    pub run_tests: bool,
}

/// The content digest of a workflow (what `keel digest` prints).
pub fn content_artifact(cat: &Catalog, wf: &Workflow) -> Artifact {
    let coverage = TestCoverage::default();
    digest::seal(artifact::build(cat, wf, &coverage))
}

/// Runs every analysis and rule on one workflow.
pub fn analyze(cat: &Catalog, wf: &Workflow, s: &Settings) -> WorkflowAnalysis {
    let tiers = tier::tiers(cat, wf);
    let artifact = content_artifact(cat, wf);
    let ctx = Ctx {
        cat,
        wf,
        tiers: &tiers,
        env: s.env,
        config: s.config,
        lock: s.lock,
        digest: &artifact.digest,
    };
    let mut diagnostics = Vec::new();
    for rule in WORKFLOW_RULES {
        for d in (rule.check)(&ctx) {
            diagnostics.push(d.in_workflow(&wf.id));
        }
    }
    WorkflowAnalysis {
        id: wf.id.clone(),
        artifact,
        diagnostics,
    }
}
