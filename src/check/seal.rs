//! Sealing: a workflow's artifact built from the model and its test results, with its
//! digest, and what the build attaches beside the digest (policy, environment).

use crate::artifact::{self, Artifact, TestCoverage};
use crate::config::{Config, Env};
use crate::digest;
use crate::model::{Catalog, Module, Workflow};

use super::suite::run_tests;

/// The sealed artifact of a workflow given its test results (coverage is part of it).
pub fn artifact_with(
    cat: &Catalog,
    wf: &Workflow,
    tests: Option<&crate::sim::SuiteReport>,
) -> Artifact {
    digest::seal(artifact::build(cat, wf, &coverage(wf, tests)))
}

/// [`artifact_with`] plus what the digest does not cover: the project's policy and the
/// environment the workflow was checked for (what `keel build` writes).
pub fn artifact_for(
    cat: &Catalog,
    wf: &Workflow,
    tests: Option<&crate::sim::SuiteReport>,
    config: &Config,
    env: Env,
) -> Artifact {
    let mut a = artifact_with(cat, wf, tests);
    a.policy = config.policy();
    a.checked_for = Some(env.into());
    a
}

/// The test coverage an artifact states (none when the tests could not run).
fn coverage(wf: &Workflow, tests: Option<&crate::sim::SuiteReport>) -> TestCoverage {
    tests.map_or_else(TestCoverage::default, |t| t.coverage.to_artifact(wf))
}

/// The digest [`artifact_with`] would seal the artifact with.
pub fn digest_only(
    cat: &Catalog,
    wf: &Workflow,
    tests: Option<&crate::sim::SuiteReport>,
) -> String {
    if !digest::worth_streaming(wf.states.len(), wf.transitions.len()) {
        // Small: building the whole artifact and hashing it in one pass is faster.
        return artifact_with(cat, wf, tests).digest;
    }
    digest_streamed(cat, wf, tests)
}

/// [`digest_only`] for a workflow of any size: the artifact without its transitions, and
/// each transition made, hashed and dropped.
pub fn digest_streamed(
    cat: &Catalog,
    wf: &Workflow,
    tests: Option<&crate::sim::SuiteReport>,
) -> String {
    let head = artifact::build_head(cat, wf, &coverage(wf, tests));
    digest::digest_of_head(
        &head,
        wf.transitions.iter().map(|t| artifact::transition(cat, t)),
    )
}

/// The content artifact of a workflow, its tests run (its `digest` is what `keel digest`
/// prints).
pub fn content_artifact(cat: &Catalog, wf: &Workflow) -> Artifact {
    artifact_with(cat, wf, run_tests(cat, wf).as_ref())
}

/// The content artifact of every workflow of a module, in file order.
pub fn artifacts(module: &Module) -> Vec<Artifact> {
    module
        .workflows
        .iter()
        .map(|w| content_artifact(&module.catalog, w))
        .collect()
}
