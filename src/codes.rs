//! The rule catalogue (LANGUAGE.md §5): stable codes, names and default severities.
//! The long explanation of each rule lives in its file under `src/rules/`.

use crate::severity::Severity;

#[derive(Clone, Copy, Debug)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// An error in production, a warning in sandbox and staging (the `*` of §5).
    pub env_sensitive: bool,
    /// One line: when the rule fires.
    pub summary: &'static str,
}

const fn r(
    code: &'static str,
    name: &'static str,
    severity: Severity,
    env_sensitive: bool,
    summary: &'static str,
) -> RuleInfo {
    RuleInfo {
        code,
        name,
        severity,
        env_sensitive,
        summary,
    }
}

use Severity::{Error as E, Warning as W};

pub const RULES: &[RuleInfo] = &[
    r("K001", "syntax-error", E, false, "the file does not parse"),
    r("K002", "unknown-name", E, false, "an unresolved state, action, event, attribute, fact, flag, module or enum member"),
    r("K003", "duplicate-definition", E, false, "a name defined twice in its namespace, a workflow id defined twice among the files of one check, or a redefinition of a standard-library name"),
    r("K004", "type-mismatch", E, false, "a guard, argument or test value of the wrong type"),
    r("K005", "invalid-literal", E, false, "a bad timestamp, duration, percent above 100, clock time, time zone or digest; a number with more than 15 significant digits; a person name with a control or format character or letters of more than one script"),
    r("K006", "unjustified-suppression", W, false, "a `keel:allow` comment without a reason, or one that suppresses nothing; always an error on a directive naming a control"),
    r("K101", "unreachable-state", E, false, "a state with no path from the initial state"),
    r("K102", "dead-end-state", E, false, "a non-terminal state with no outgoing transition or override"),
    r("K103", "trap-states", W, false, "states from which no terminal state can be reached"),
    r("K104", "terminal-has-exit", E, false, "a terminal state with an outgoing transition"),
    r("K105", "initial-state", E, false, "not exactly one initial state"),
    r("K106", "requires-not-established", E, false, "a state's required fact is not established on every path into it"),
    r("K107", "ambiguous-transitions", E, false, "overlapping guards on the same state and event"),
    r("K108", "unhandled-segment", W, false, "a guard gap on a state and event (Tier 2/3)"),
    r("K109", "side-effect-in-cycle", W, false, "a money or commission action on a cycle without `idempotent by`"),
    r("K110", "guard-too-complex", W, false, "a guard too large for the ambiguity and gap analysis"),
    r("K201", "tier-too-low", E, false, "declared tier below the tier the called actions require"),
    r("K202", "missing-approval", E, true, "a required approver role has no entry"),
    r("K203", "approval-not-granted", E, true, "a required role's decision is rejected or changes_requested"),
    r("K204", "separation-of-duties", E, false, "one person in two approver roles, or the changelog author approving as compliance or finance_risk"),
    r("K205", "stale-approval", E, true, "an approval is not bound to the current content digest"),
    r("K206", "missing-scope", E, false, "a commission workflow without clients, trades and recalculation in its scope"),
    r("K207", "missing-owner", E, false, "no owner or no maintainer"),
    r("K208", "understated-risk", E, false, "an action whose declared risk is below what its effects show"),
    r("K209", "unauthorized-approver", E, true, "an owner or maintainer approval not given by the declared person, or an approver not listed for the role in keel.toml [roles]"),
    r("K301", "missing-changelog", E, false, "a version above v1 without what, why and by"),
    r("K302", "published-version-modified", E, false, "the id is in keel.lock with another digest"),
    r("K303", "version-not-increased", E, false, "a new version that is not above the highest published one"),
    r("K304", "not-for-environment", E, false, "the workflow's `environments` list lacks the environment checked"),
    r("K401", "missing-rollback", E, false, "a Tier 2/3 workflow without a rollback block"),
    r("K402", "rollback-incomplete", E, false, "a rollback without trigger, method or (Tier 3) backout"),
    r("K403", "backout-too-slow", W, false, "a Tier 3 backout above the limit"),
    r("K404", "rollback-target-unknown", E, true, "a rollback target that is not published, not older, or not a manual state"),
    r("K405", "unremediated-side-effect", E, false, "a money/commission/trading/records action with no remediation entry (Tier 3)"),
    r("K406", "rollback-orphans-states", E, false, "current states missing from the rollback target and not mapped"),
    r("K407", "invalid-revert", W, false, "a revert between states the workflow cannot move between"),
    r("K501", "missing-test-category", E, false, "a required test category has no test"),
    r("K502", "uncovered-transition", W, false, "a transition no test takes"),
    r("K503", "uncovered-boundary", W, false, "a numeric guard comparison not tested at its constant and on both outcomes"),
    r("K504", "test-failed", E, false, "a scenario test fails"),
    r("K601", "missing-release-window", E, false, "a Tier 3 workflow without a release window"),
    r("K602", "missing-canary", E, false, "a Tier 3 workflow without a canary"),
    r("K603", "unmonitored-wait-state", W, false, "a waiting state with neither an SLA nor a stuck alert (Tier 2/3)"),
    r("K604", "missing-idempotency-key", E, false, "a money/commission/trading action without `idempotent by`"),
    r("K605", "missing-manual-override", E, false, "a state from which no override reaches a manual state (Tier 2/3)"),
    r("K701", "missing-access", E, false, "a Tier 2/3 workflow without an access block"),
    r("K702", "excessive-privilege", W, false, "a role that can both publish and approve"),
];

/// Controls (LANGUAGE.md §8): the codes that decide whether the right people approved exactly
/// this content, at the right tier and version, for this environment. A `keel:allow` cannot
/// silence them, keel.toml cannot lower them, and baselines never record or hide them.
pub fn is_control(code: &str) -> bool {
    let Some(n) = code
        .strip_prefix('K')
        .filter(|d| d.len() == 3)
        .and_then(|d| d.parse::<u16>().ok())
    else {
        return false;
    };
    (1..=5).contains(&n) || (201..=210).contains(&n) || (301..=306).contains(&n)
}

/// What a maintainer does instead of silencing a control.
pub fn control_remedy(code: &str) -> &'static str {
    match code {
        "K001" => "fix the syntax error",
        "K002" => "declare the name or `use` the module that defines it",
        "K003" => "rename or remove the second definition",
        "K004" => "give the value the type the operand or parameter has",
        "K005" => "write a valid literal",
        "K201" => "declare the tier the called actions require",
        "K202" | "K203" => "record the approval with `keel approve FILE --as ROLE --by PERSON`",
        "K204" => "ask a different person to approve that role",
        "K205" => "ask the approvers to approve the current content again with `keel approve`",
        "K206" => "state `clients`, `trades` and `recalculation` in the scope block",
        "K207" => "declare an `owner` and a `maintainer`",
        "K208" => "declare the risk the action's effects show",
        "K209" => "have the declared owner, maintainer or a listed approver approve with `keel approve`",
        "K301" => "write the changelog's what, why and by",
        "K302" | "K303" => "give the changed workflow a higher version",
        "K304" => "add the environment to the workflow's `environments` list, or check for an environment it is meant for",
        _ => "fix the finding",
    }
}

pub fn info(code: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// Looks a rule up by code (`K106`) or by name (`requires-not-established`).
pub fn lookup(key: &str) -> Option<&'static RuleInfo> {
    info(key).or_else(|| RULES.iter().find(|r| r.name == key))
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_unique_and_sorted() {
        let codes: Vec<_> = super::RULES.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn controls_are_the_codes_of_section_8() {
        for c in ["K001", "K005", "K201", "K208", "K209", "K301", "K304"] {
            assert!(super::is_control(c), "{c}");
        }
        for c in ["K006", "K101", "K200", "K211", "K307", "K502", "K1", "X202"] {
            assert!(!super::is_control(c), "{c}");
        }
    }
}
