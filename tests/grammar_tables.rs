//! The tables generated from grammar/keel.pest (`keel::syntax::tables`, see docs/grammar.md)
//! against the pest parser compiled from the same file: the build script's reading of the
//! grammar (keyword texts, reserved words, which keywords can start each construct) must be
//! what pest actually does.

use keel::syntax::parser::{KeelParser, Rule};
use keel::syntax::tables::{self, starts, KEYWORDS, RESERVED};
use pest::Parser;

/// Where pest stops on `text` with `rule`: `None` if it parses.
fn stop(rule: Rule, text: &str) -> Option<usize> {
    match KeelParser::parse(rule, text) {
        Ok(_) => None,
        Err(e) => Some(match e.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        }),
    }
}

#[test]
fn every_keyword_rule_matches_its_text_and_only_as_a_word() {
    assert!(KEYWORDS.len() > 100, "{}", KEYWORDS.len());
    for (rule, text) in KEYWORDS {
        let pairs = KeelParser::parse(*rule, text).unwrap_or_else(|e| panic!("{rule:?}: {e}"));
        assert_eq!(pairs.as_str(), *text, "{rule:?}");
        assert!(stop(*rule, &format!("{text}_x")).is_some(), "{rule:?}");
        assert_eq!(tables::keyword_text(*rule), Some(*text));
        assert_eq!(tables::describe(*rule), format!("`{text}`"));
    }
}

#[test]
fn reserved_words_are_exactly_the_keywords_that_are_never_names() {
    for (_, text) in KEYWORDS {
        let is_name = KeelParser::parse(Rule::ident, text).is_ok();
        assert_eq!(!is_name, RESERVED.contains(text), "`{text}`");
    }
}

/// For each table, a text that puts pest where the construct starts: a keyword of the table
/// gets pest past it, any other keyword stops pest right there.
#[test]
fn the_statement_starts_are_what_pest_accepts_there() {
    let w = "workflow W v1 { ";
    let cases: Vec<(&str, Rule, String, &[&str])> = vec![
        ("TOP", Rule::file, String::new(), starts::TOP),
        (
            "WORKFLOW",
            Rule::wf_stmt_only,
            String::new(),
            starts::WORKFLOW,
        ),
        (
            "TEST",
            Rule::file,
            format!("{w}test \"t\" happy_path {{ "),
            starts::TEST,
        ),
        ("ACTION", Rule::file, "action a { ".into(), starts::ACTION),
        ("SCOPE", Rule::file, format!("{w}scope {{ "), starts::SCOPE),
        (
            "CHANGELOG",
            Rule::file,
            format!("{w}changelog {{ "),
            starts::CHANGELOG,
        ),
        (
            "ROLLBACK",
            Rule::file,
            format!("{w}rollback {{ "),
            starts::ROLLBACK,
        ),
        (
            "REMEDIATE",
            Rule::file,
            format!("{w}rollback {{ remediate {{ "),
            starts::REMEDIATE,
        ),
        (
            "RELEASE",
            Rule::file,
            format!("{w}release {{ "),
            starts::RELEASE,
        ),
        (
            "MONITOR",
            Rule::file,
            format!("{w}monitor {{ "),
            starts::MONITOR,
        ),
    ];
    for (name, rule, prefix, table) in cases {
        assert!(!table.is_empty(), "{name}");
        for (_, word) in KEYWORDS {
            let text = format!("{prefix}{word} ");
            let past = stop(rule, &text).is_none_or(|p| p > prefix.len());
            assert_eq!(
                past,
                table.contains(word),
                "{name}: `{word}` after {prefix:?}"
            );
        }
    }
}

#[test]
fn templates_belong_to_items_and_workflow_statements() {
    for (word, _) in tables::TEMPLATES {
        assert!(
            starts::TOP.contains(word) || starts::WORKFLOW.contains(word),
            "{word}"
        );
    }
    for word in starts::WORKFLOW_ONLY {
        assert!(starts::WORKFLOW.contains(word), "{word}");
    }
}
