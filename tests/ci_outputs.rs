//! CI formats: SARIF 2.1.0 (validated against the OASIS schema) and GitHub workflow commands.

mod common;

use common::{keel, stdout};
use std::path::Path;

fn case_dir() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(common::examples_dir().join("kyc/aml_screening.keel")).unwrap();
    // Several findings, with labels: an overlap, stale approvals, an unknown name.
    let broken = text
        .replace(
            "    when otherwise\n    do kyc.set_status(approved), notify.email(\"aml_cleared\")",
            "    when check.address_ok\n    do kyc.set_status(approved), notify.email(\"aml_cleared\")",
        )
        .replace("kyc.set_status(rejected)", "kyc.set_state(rejected)");
    std::fs::write(d.path().join("a b%.keel"), broken).unwrap();
    d
}

#[test]
fn sarif_is_valid_and_complete() {
    let d = case_dir();
    let o = keel(&["check", "--format", "sarif", "a b%.keel"], d.path());
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sarif-schema-2.1.0.json");
    if schema_path.exists() {
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    } else {
        eprintln!("note: ../shared/sarif-schema-2.1.0.json not present; schema validation skipped");
    }
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), keel::codes::RULES.len());
    assert!(rules.iter().all(|r| r["help"]["text"]
        .as_str()
        .unwrap()
        .contains("**Why it matters.**")));
    let results = run["results"].as_array().unwrap();
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"K107") && codes.contains(&"K002") && codes.contains(&"K205"),
        "{codes:?}"
    );
    let k107 = results.iter().find(|r| r["ruleId"] == "K107").unwrap();
    assert_eq!(
        rules[k107["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "K107"
    );
    assert_eq!(
        k107["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "a%20b%25.keel"
    );
    assert!(
        k107["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            > 1
    );
    assert!(!k107["relatedLocations"].as_array().unwrap().is_empty());
    assert_eq!(
        k107["partialFingerprints"]["keel/v1"]
            .as_str()
            .unwrap()
            .len(),
        64
    );
    // keel test speaks SARIF too.
    let o = keel(&["test", "--format", "sarif", "a b%.keel"], d.path());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["version"], "2.1.0");
}

#[test]
fn github_annotations_are_escaped() {
    assert_eq!(
        keel::report::github::escape_data("50% off\nnext\r"),
        "50%25 off%0Anext%0D"
    );
    assert_eq!(
        keel::report::github::escape_property("a:b,c%"),
        "a%3Ab%2Cc%25"
    );
    let d = case_dir();
    let o = keel(&["check", "--format", "github", "a b%.keel"], d.path());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::error file=a b%25.keel,line=")
                && l.contains("title=K107 ambiguous-transitions::")),
        "{out}"
    );
    assert!(lines
        .iter()
        .filter(|l| l.starts_with("::"))
        .all(|l| !l.contains('\r')));
    assert!(lines.last().unwrap().starts_with("keel: 1 files"));
}
