//! The rule catalogue (LANGUAGE.md §5): stable codes, names and default severities.
//! Each rule declares its entry with [`declare_rule!`] in its own file under `src/rules/`
//! (next to its long explanation); [`RULES`] is the list of those declarations, generated at
//! build time from the `declare_rule!` blocks (`build/rule_catalog.rs`) so that this module is
//! a leaf: every layer names its codes here (`codes::K001`), never from `rules`.

use crate::severity::Severity;

#[derive(Clone, Copy, Debug)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// An error in production, a warning in sandbox and staging (the `*` of §5).
    pub env_sensitive: bool,
    /// A control (LANGUAGE.md §8): never suppressed, lowered or baselined.
    pub control: bool,
    /// What a maintainer does instead of silencing the finding (shown for controls).
    pub remedy: &'static str,
    /// One line: when the rule fires.
    pub summary: &'static str,
}

/// Declares a rule in its own file under `src/rules/`: code, name, default severity, whether
/// it is a control (LANGUAGE.md §8, with the remedy a maintainer applies instead of silencing
/// it) and a one-line summary. Defines `RULE` (its [`RuleInfo`]) and `CODE` in that module;
/// [`RULES`] is the list of every declaration, collected in `src/rules/mod.rs`.
macro_rules! declare_rule {
    (
        code: $code:literal,
        name: $name:literal,
        severity: $severity:ident,
        $(env_sensitive: $env:literal,)?
        $(control: $control:literal, remedy: $remedy:literal,)?
        summary: $summary:literal $(,)?
    ) => {
        /// This rule's entry in the catalogue (`crate::codes::RULES`).
        pub const RULE: $crate::codes::RuleInfo = $crate::codes::RuleInfo {
            code: $code,
            name: $name,
            severity: $crate::severity::Severity::$severity,
            env_sensitive: $crate::codes::declare_rule!(@or $($env)? false),
            control: $crate::codes::declare_rule!(@or $($control)? false),
            remedy: $crate::codes::declare_rule!(@or $($remedy)? "fix the finding"),
            summary: $summary,
        };
        /// This rule's code.
        pub const CODE: &str = RULE.code;
    };
    (@or $value:literal $($default:literal)?) => {
        $value
    };
}
pub(crate) use declare_rule;

include!(concat!(env!("OUT_DIR"), "/rule_catalog.rs"));

/// Controls of LANGUAGE.md §8 that no rule implements yet: a `keel:allow` naming them is
/// still refused.
const UNDECLARED_CONTROLS: &[&str] = &["K210", "K305", "K306"];

/// Controls (LANGUAGE.md §8): the codes that decide whether the right people approved exactly
/// this content, at the right tier and version, for this environment. A `keel:allow` cannot
/// silence them, keel.toml cannot lower them, and baselines never record or hide them.
pub fn is_control(code: &str) -> bool {
    RULES.iter().any(|r| r.control && r.code == code) || UNDECLARED_CONTROLS.contains(&code)
}

/// What a maintainer does instead of silencing a control.
pub fn control_remedy(code: &str) -> &'static str {
    RULES
        .iter()
        .find(|r| r.code == code)
        .map_or("fix the finding", |r| r.remedy)
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
    /// The generated catalogue is the rule declarations, field by field, in the same order.
    #[test]
    fn catalogue_is_the_rule_declarations() {
        let declared = crate::rules::DECLARED;
        let generated: Vec<_> = super::RULES.iter().map(|r| r.code).collect();
        let listed: Vec<_> = declared.iter().map(|r| r.code).collect();
        assert_eq!(
            generated, listed,
            "src/rules/k*.rs files vs the rules! list"
        );
        for (g, d) in super::RULES.iter().zip(declared) {
            assert_eq!(g.code, d.code);
            assert_eq!(g.name, d.name, "{}", d.code);
            assert_eq!(g.severity, d.severity, "{}", d.code);
            assert_eq!(g.env_sensitive, d.env_sensitive, "{}", d.code);
            assert_eq!(g.control, d.control, "{}", d.code);
            assert_eq!(g.remedy, d.remedy, "{}", d.code);
            assert_eq!(g.summary, d.summary, "{}", d.code);
        }
        assert_eq!(super::K001, crate::rules::k001_syntax_error::CODE);
        assert_eq!(
            super::K006,
            crate::rules::k006_unjustified_suppression::CODE
        );
    }

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
