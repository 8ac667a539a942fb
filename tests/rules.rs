//! Rule fixtures: each file under tests/fixtures/rules reports the code its name starts with;
//! the snapshot next to it shows the findings of that rule family (messages, spans, labels,
//! witnesses and counterexample paths).

mod common;

use keel::config::Env;

#[test]
fn rule_fixtures() {
    insta::glob!("fixtures/rules/*.keel", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let report = common::check_text(name, &text, Env::Production, false);
        let codes: Vec<String> = name
            .split('_')
            .take_while(|w| w.len() == 4 && w.starts_with('k'))
            .map(|w| w.to_uppercase())
            .collect();
        assert!(
            !codes.is_empty(),
            "{name}: name it after the codes it shows"
        );
        for c in &codes {
            assert!(
                report.diagnostics.iter().any(|d| d.code == c),
                "{name} must report {c}:\n{}",
                common::describe(&report)
            );
        }
        let family = &codes[0][..2];
        let mut shown = report;
        shown.diagnostics.retain(|d| d.code.starts_with(family));
        insta::with_settings!({
            snapshot_path => path.parent().unwrap(),
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!("findings", common::describe(&shown));
        });
    });
}
