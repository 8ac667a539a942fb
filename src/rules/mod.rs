//! The rules: one file per rule; each file's doc comment is its `keel explain` text.
//! A rule reads the analysed workflow through [`Ctx`] and returns diagnostics; rules never
//! parse and never print.

use crate::analysis::tier::Tiers;
use crate::analysis::Structure;
use crate::codes::RuleInfo;
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

/// Declares every rule module, in code order, with how the rule runs: `front_end` (reported
/// by syntax, resolve or suppress; documented here), `workflow` (a [`WorkflowRule`] with a
/// `check` function) or `catalog` (looks at the file's catalog, see [`file_rules`]).
macro_rules! rules {
    ($($module:ident: $kind:ident),* $(,)?) => {
        $(pub mod $module;)*
        /// Every rule's declaration, in code order (the catalogue `crate::codes::RULES`).
        pub const DECLARED: &[RuleInfo] = &[$($module::RULE,)*];
        /// (module name, declaration) of every rule: the file `src/rules/{module}.rs`.
        pub const MODULES: &[(&str, &RuleInfo)] = &[$((stringify!($module), &$module::RULE),)*];
        rules!(@workflow [] $($module: $kind,)*);
    };
    (@workflow [$($acc:tt)*] $module:ident: workflow, $($rest:tt)*) => {
        rules!(@workflow [$($acc)* WorkflowRule { code: $module::CODE, check: $module::check },] $($rest)*);
    };
    (@workflow [$($acc:tt)*] $module:ident: $kind:ident, $($rest:tt)*) => {
        rules!(@workflow [$($acc)*] $($rest)*);
    };
    (@workflow [$($acc:tt)*]) => {
        /// Every workflow rule, in code order.
        pub const WORKFLOW_RULES: &[WorkflowRule] = &[$($acc)*];
    };
}

rules! {
    k001_syntax_error: front_end,
    k002_unknown_name: front_end,
    k003_duplicate_definition: front_end,
    k004_type_mismatch: front_end,
    k005_invalid_literal: front_end,
    k006_unjustified_suppression: front_end,
    k101_unreachable_state: workflow,
    k102_dead_end_state: workflow,
    k103_trap_states: workflow,
    k104_terminal_has_exit: workflow,
    k105_initial_state: workflow,
    k106_requires_not_established: workflow,
    k107_ambiguous_transitions: workflow,
    k108_unhandled_segment: workflow,
    k109_side_effect_in_cycle: workflow,
    k110_guard_too_complex: workflow,
    k201_tier_too_low: workflow,
    k202_missing_approval: workflow,
    k203_approval_not_granted: workflow,
    k204_separation_of_duties: workflow,
    k205_stale_approval: workflow,
    k206_missing_scope: workflow,
    k207_missing_owner: workflow,
    k208_understated_risk: catalog,
    k209_unauthorized_approver: workflow,
    k301_missing_changelog: workflow,
    k302_published_version_modified: workflow,
    k303_version_not_increased: workflow,
    k304_not_for_environment: workflow,
    k401_missing_rollback: workflow,
    k402_rollback_incomplete: workflow,
    k403_backout_too_slow: workflow,
    k404_rollback_target_unknown: workflow,
    k405_unremediated_side_effect: workflow,
    k406_rollback_orphans_states: workflow,
    k407_invalid_revert: workflow,
    k501_missing_test_category: workflow,
    k502_uncovered_transition: workflow,
    k503_uncovered_boundary: workflow,
    k504_test_failed: workflow,
    k601_missing_release_window: workflow,
    k602_missing_canary: workflow,
    k603_unmonitored_wait_state: workflow,
    k604_missing_idempotency_key: catalog,
    k605_missing_manual_override: workflow,
    k701_missing_access: workflow,
    k702_excessive_privilege: workflow,
}

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
