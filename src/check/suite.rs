//! A workflow's scenario tests, as the checks and the artifacts state them.

use crate::analysis::tier;
use crate::model::{Catalog, Workflow};

/// The scenario tests of a workflow, run when its names resolve.
pub fn run_tests(cat: &Catalog, wf: &Workflow) -> Option<crate::sim::SuiteReport> {
    (!wf.has_name_errors).then(|| crate::sim::run_suite(cat, wf, tier::tiers(cat, wf).effective))
}
