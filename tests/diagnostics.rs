//! Every front-end error (K001–K006) has a fixture whose snapshot shows the exact spans,
//! messages, labels and help; each fixture must report the code its name starts with.

mod common;

use keel::config::Env;

#[test]
fn front_end_error_fixtures() {
    insta::glob!("fixtures/diagnostics/*.keel", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let report = common::check_text(
            path.file_name().unwrap().to_str().unwrap(),
            &text,
            Env::Production,
            false,
        );
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let code = stem[..4].to_uppercase();
        assert!(
            report.diagnostics.iter().any(|d| d.code == code),
            "{stem} must report {code}:\n{}",
            common::describe(&report)
        );
        let mut front = report;
        front.diagnostics.retain(|d| d.code <= "K006");
        let text = format!(
            "{}\n---- rendered ----\n{}",
            common::describe(&front),
            common::render(&front)
        );
        insta::with_settings!({
            snapshot_path => path.parent().unwrap(),
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!("diagnostics", text);
        });
    });
}

#[test]
fn syntax_errors_stop_every_other_rule() {
    let report = common::check_text(
        "x.keel",
        "use std::kyc\nworkflow A v1 {\n  tier 1\n  states { A initial }\n  transition t: A -> on document.uploaded\n  transition u: A -> Nowhere on nothing\n}\n",
        Env::Production,
        true,
    );
    assert!(!report.parsed);
    assert!(report.diagnostics.iter().all(|d| d.code == "K001"));
    assert_eq!(report.diagnostics.len(), 1);
}

#[test]
fn invalid_literals_keep_their_statement() {
    // The SLA is invalid (K005) but the state still has one, so no rule may treat it as
    // missing; the workflow is otherwise complete.
    let report = common::check_text(
        "x.keel",
        "workflow A v1 {\n  states { A initial sla 5x B terminal }\n}\n",
        Env::Production,
        false,
    );
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"K005"), "{codes:?}");
}
