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
    /// The scenario tests' results: `None` when tests are not run (`--no-tests`) or cannot
    /// run (names that do not resolve); K502–K504 need them.
    pub tests: Option<&'a crate::sim::SuiteReport>,
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
    k201_tier_too_low => "K201",
    k202_missing_approval => "K202",
    k203_approval_not_granted => "K203",
    k204_separation_of_duties => "K204",
    k205_stale_approval => "K205",
    k206_missing_scope => "K206",
    k207_missing_owner => "K207",
    k209_unauthorized_approver => "K209",
    k301_missing_changelog => "K301",
    k302_published_version_modified => "K302",
    k303_version_not_increased => "K303",
    k304_not_for_environment => "K304",
    k401_missing_rollback => "K401",
    k402_rollback_incomplete => "K402",
    k403_backout_too_slow => "K403",
    k404_rollback_target_unknown => "K404",
    k405_unremediated_side_effect => "K405",
    k406_rollback_orphans_states => "K406",
    k407_invalid_revert => "K407",
    k501_missing_test_category => "K501",
    k502_uncovered_transition => "K502",
    k503_uncovered_boundary => "K503",
    k504_test_failed => "K504",
    k601_missing_release_window => "K601",
    k602_missing_canary => "K602",
    k603_unmonitored_wait_state => "K603",
    k605_missing_manual_override => "K605",
    k701_missing_access => "K701",
    k702_excessive_privilege => "K702",
}

pub mod k208_understated_risk;
pub mod k604_missing_idempotency_key;

// Front-end codes: reported by syntax, resolve and suppress; documented here.
pub mod k001_syntax_error;
pub mod k002_unknown_name;
pub mod k003_duplicate_definition;
pub mod k004_type_mismatch;
pub mod k005_invalid_literal;
pub mod k006_unjustified_suppression;

impl Ctx<'_> {
    /// Where approval findings point: the approvals block, else the workflow name.
    pub fn approvals_anchor(&self) -> crate::span::Span {
        self.wf
            .approvals
            .as_ref()
            .map_or(self.wf.name_span, |a| a.span)
    }

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
pub fn file_rules(cat: &Catalog) -> Vec<Diagnostic> {
    let mut out = k604_missing_idempotency_key::check_catalog(cat);
    out.extend(k208_understated_risk::check_catalog(cat));
    out
}

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// The documentation of a rule (`keel explain` text), by code.
pub fn doc(code: &str) -> Option<&'static str> {
    RULE_DOCS
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, d)| *d)
}
