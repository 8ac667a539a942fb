//! Analyses over the resolved model: tiers, the state graph's structure, must-facts, the
//! guard theory; and the driver that runs the rules on one workflow.

pub mod facts;
pub mod guards;
pub mod tier;

use crate::artifact::{self, Artifact, TestCoverage};
use crate::config::{Config, Env};
use crate::diagnostic::Diagnostic;
use crate::digest;
use crate::graph::StateGraph;
use crate::lock::Lock;
use crate::model::{Catalog, StateId, Workflow};
use crate::rules::{Ctx, WORKFLOW_RULES};

/// What the analysis of one workflow produced.
#[derive(Clone, Debug)]
pub struct WorkflowAnalysis {
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

/// Settings the analyses need from the caller.
pub struct Settings<'a> {
    pub env: Env,
    pub config: &'a Config,
    pub lock: Option<&'a Lock>,
    pub run_tests: bool,
    /// Keep the whole artifact. Without it only the digest is computed, transition by
    /// transition (a big workflow's artifact is then never whole in memory).
    pub keep_artifact: bool,
}

/// The state graph and what is known about its shape. Everything here is `O(V + E)` except
/// the facts and guards (see their modules).
pub struct Structure {
    pub graph: StateGraph,
    /// The initial state, when there is exactly one.
    pub initial: Option<StateId>,
    /// Reachable from the initial state (all false without one).
    pub reachable: Vec<bool>,
    /// Some terminal state is reachable from here.
    pub reaches_terminal: Vec<bool>,
    pub sccs: Vec<Vec<StateId>>,
    pub scc_of: Vec<usize>,
    pub facts: facts::Facts,
    pub guards: guards::GuardReport,
}

impl Structure {
    pub fn build(cat: &Catalog, wf: &Workflow) -> Structure {
        let graph = StateGraph::build(wf);
        let initial = wf.initial();
        let reachable = match initial {
            Some(i) => graph.forward(&[i]),
            None => vec![false; graph.len()],
        };
        let terminals: Vec<StateId> = (0..wf.states.len())
            .filter(|s| wf.states[*s].terminal)
            .collect();
        let reaches_terminal = graph.backward(&terminals);
        let (sccs, scc_of) = graph.sccs();
        let facts = facts::Facts::compute(cat, wf, &graph, initial, &reachable);
        let guards = guards::analyze(cat, wf);
        Structure {
            graph,
            initial,
            reachable,
            reaches_terminal,
            sccs,
            scc_of,
            facts,
            guards,
        }
    }

    /// Whether an edge between these states lies on a cycle.
    pub fn on_cycle(&self, from: StateId, to: StateId) -> bool {
        from == to || self.scc_of[from] == self.scc_of[to]
    }
}

/// The scenario tests of a workflow, run when its names resolve.
pub fn run_tests(cat: &Catalog, wf: &Workflow) -> Option<crate::sim::SuiteReport> {
    (!wf.has_name_errors).then(|| crate::sim::run_suite(cat, wf, tier::tiers(cat, wf).effective))
}

/// The sealed artifact of a workflow given its test results (coverage is part of it).
pub fn artifact_with(
    cat: &Catalog,
    wf: &Workflow,
    tests: Option<&crate::sim::SuiteReport>,
) -> Artifact {
    digest::seal(artifact::build(cat, wf, &coverage(wf, tests)))
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
    digest_streamed_from_model(cat, wf, tests)
}

/// [`digest_only`] for a workflow of any size: the artifact without its transitions, and
/// each transition made, hashed and dropped.
pub fn digest_streamed_from_model(
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

/// The content artifact of a workflow (its `digest` is what `keel digest` prints).
pub fn content_artifact(cat: &Catalog, wf: &Workflow) -> Artifact {
    artifact_with(cat, wf, run_tests(cat, wf).as_ref())
}

/// Runs every analysis and rule on one workflow.
pub fn analyze(cat: &Catalog, wf: &Workflow, s: &Settings) -> WorkflowAnalysis {
    let tiers = tier::tiers(cat, wf);
    let structure = Structure::build(cat, wf);
    let tests = run_tests(cat, wf);
    let (digest, artifact) = if s.keep_artifact {
        let mut a = artifact_with(cat, wf, tests.as_ref());
        // Neither is covered by the digest.
        a.policy = s.config.policy();
        a.checked_for = Some(s.env.into());
        (a.digest.clone(), Some(a))
    } else {
        (digest_only(cat, wf, tests.as_ref()), None)
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
    WorkflowAnalysis {
        id: wf.id.clone(),
        name_span: wf.name_span,
        digest,
        artifact,
        diagnostics,
        tests,
    }
}
