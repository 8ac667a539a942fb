//! The rules: one file per rule; each file's doc comment is its `keel explain` text.
//! A rule reads the analysed workflow through [`Ctx`] and returns diagnostics; rules never
//! parse and never print.

use crate::analysis::tier::Tiers;
use crate::config::{Config, Env};
use crate::diagnostic::Diagnostic;
use crate::lock::Lock;
use crate::model::{Catalog, Workflow};

/// Everything a workflow rule may read.
pub struct Ctx<'a> {
    pub cat: &'a Catalog,
    pub wf: &'a Workflow,
    pub tiers: &'a Tiers,
    pub env: Env,
    pub config: &'a Config,
    pub lock: Option<&'a Lock>,
    /// The workflow's current content digest.
    pub digest: &'a str,
}

pub type Check = fn(&Ctx) -> Vec<Diagnostic>;

/// A rule that looks at one workflow.
pub struct WorkflowRule {
    pub code: &'static str,
    pub check: Check,
}

/// Every workflow rule, in code order.
pub const WORKFLOW_RULES: &[WorkflowRule] = &[];

/// Rules that look at the file's own catalog definitions rather than a workflow.
pub fn file_rules(_cat: &Catalog) -> Vec<Diagnostic> {
    Vec::new()
}
