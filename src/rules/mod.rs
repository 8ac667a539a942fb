//! The rules: one file per rule; each file's doc comment is its `keel explain` text.
//! A rule reads the analysed workflow through [`Ctx`] and returns diagnostics; rules never
//! parse and never print.

use crate::analysis::tier::Tiers;
use crate::analysis::Structure;
use crate::config::{Config, Env};
use crate::diagnostic::Diagnostic;
use crate::lock::Lock;
use crate::model::{Catalog, Workflow};

/// Everything a workflow rule may read.
pub struct Ctx<'a> {
    pub cat: &'a Catalog,
    pub wf: &'a Workflow,
    pub tiers: &'a Tiers,
    pub structure: &'a Structure,
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

macro_rules! rules {
    ($($module:ident => $code:literal),* $(,)?) => {
        $(pub mod $module;)*
        /// Every workflow rule, in code order.
        pub const WORKFLOW_RULES: &[WorkflowRule] = &[
            $(WorkflowRule { code: $code, check: $module::check },)*
        ];
    };
}

rules! {
    k101_unreachable_state => "K101",
    k102_dead_end_state => "K102",
    k103_trap_states => "K103",
    k104_terminal_has_exit => "K104",
    k105_initial_state => "K105",
    k106_requires_not_established => "K106",
    k107_ambiguous_transitions => "K107",
    k108_unhandled_segment => "K108",
    k109_side_effect_in_cycle => "K109",
    k110_guard_too_complex => "K110",
}

impl Ctx<'_> {
    /// `Pending` or `Pending, Review and Manual`, in backticks.
    pub fn state_names(&self, states: &[crate::model::StateId]) -> String {
        let names: Vec<String> = states
            .iter()
            .map(|s| format!("`{}`", self.wf.states[*s].name))
            .collect();
        crate::diagnostic::all_of(&names)
    }
}

/// Rules that look at the file's own catalog definitions rather than a workflow.
pub fn file_rules(_cat: &Catalog) -> Vec<Diagnostic> {
    Vec::new()
}

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// The documentation of a rule (`keel explain` text), by code.
pub fn doc(code: &str) -> Option<&'static str> {
    RULE_DOCS
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, d)| *d)
}
