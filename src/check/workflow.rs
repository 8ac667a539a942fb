//! The per-workflow driver: the analyses a workflow's rules read, its scenario tests, its
//! digest (or whole sealed artifact), then every workflow rule.

use crate::analysis::{tier, Structure};
use crate::artifact::Artifact;
use crate::config::{Config, Env};
use crate::diagnostic::Diagnostic;
use crate::lock::Lock;
use crate::model::{Catalog, Workflow};
use crate::rules::{Ctx, WORKFLOW_RULES};

use super::seal;
use super::suite::run_tests;

/// What checking one workflow produced.
#[derive(Clone, Debug)]
pub struct WorkflowReport {
    pub id: String,
    /// Where the workflow's name is (cross-file findings point here).
    pub name_span: crate::span::Span,
    /// The content digest.
    pub digest: String,
    /// The sealed artifact, unless the caller asked for the digest only
    /// ([`Settings::keep_artifact`]).
    pub artifact: Option<Artifact>,
    /// The workflow's findings (a file check moves them into the file report's list).
    pub diagnostics: Vec<Diagnostic>,
    /// The scenario tests' results, when they could run (no name errors).
    pub tests: Option<crate::sim::SuiteReport>,
}

/// Settings the driver needs from the caller.
pub struct Settings<'a> {
    pub env: Env,
    pub config: &'a Config,
    pub lock: Option<&'a Lock>,
    pub run_tests: bool,
    /// Keep the whole artifact. Without it only the digest is computed, transition by
    /// transition (a big workflow's artifact is then never whole in memory).
    pub keep_artifact: bool,
}

/// Runs every analysis and rule on one workflow.
pub fn check_workflow(cat: &Catalog, wf: &Workflow, s: &Settings) -> WorkflowReport {
    let tiers = tier::tiers(cat, wf);
    let structure = Structure::build(cat, wf, crate::sim::witness_holds);
    let tests = run_tests(cat, wf);
    let (digest, artifact) = if s.keep_artifact {
        let a = seal::artifact_for(cat, wf, tests.as_ref(), s.config, s.env);
        (a.digest.clone(), Some(a))
    } else {
        (seal::digest_only(cat, wf, tests.as_ref()), None)
    };
    let ctx = Ctx {
        cat,
        wf,
        tiers: &tiers,
        structure: &structure,
        env: s.env,
        config: s.config,
        lock: s.lock,
        digest: &digest,
        tests: if s.run_tests { tests.as_ref() } else { None },
    };
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for rule in WORKFLOW_RULES {
        // Moved, not copied: one rule can find tens of thousands on a big workflow.
        let mut found = (rule.check)(&ctx);
        for d in &mut found {
            d.workflow = Some(wf.id.clone());
        }
        if diagnostics.is_empty() {
            diagnostics = found;
        } else {
            diagnostics.append(&mut found);
        }
    }
    WorkflowReport {
        id: wf.id.clone(),
        name_span: wf.name_span,
        digest,
        artifact,
        diagnostics,
        tests,
    }
}
