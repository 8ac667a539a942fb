//! Snapshots of `keel graph` (dot, mermaid, svg) and `keel diff` (human, json), and the new
//! repository `keel init` writes.

mod common;

use common::{keel, stdout};
use std::path::Path;

#[test]
fn graph_snapshots() {
    insta::glob!("fixtures/graph/*.keel", |path| {
        let dir = path.parent().unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        for format in ["dot", "mermaid", "svg"] {
            let o = keel(&["graph", name, "--format", format], dir);
            assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
            let out = stdout(&o);
            if format == "svg" {
                let doc = roxmltree::Document::parse(&out).expect("well-formed SVG");
                assert_eq!(doc.root_element().tag_name().name(), "svg");
            }
            insta::with_settings!({
                snapshot_path => path.parent().unwrap(),
                prepend_module_to_snapshot => false,
                snapshot_suffix => format!("{name}.{format}"),
            }, {
                insta::assert_snapshot!("graph", out);
            });
        }
    });
}

#[test]
fn diff_snapshots() {
    insta::glob!("fixtures/diff/*.old.keel", |path| {
        let dir = path.parent().unwrap();
        let old = path.file_name().unwrap().to_str().unwrap();
        let new = old.replace(".old.", ".new.");
        let human = stdout(&keel(&["diff", old, &new], dir));
        let json = stdout(&keel(&["diff", old, &new, "--format", "json"], dir));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        if old.starts_with("formatting_only") {
            assert!(v["changes"].as_array().unwrap().is_empty(), "{human}");
        } else {
            assert!(!v["changes"].as_array().unwrap().is_empty());
        }
        insta::with_settings!({
            snapshot_path => path.parent().unwrap(),
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!("diff", format!("{human}\n---- json ----\n{json}"));
        });
    });
}

#[test]
fn the_rate_change_is_commission_logic_in_gold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let o = keel(
        &[
            "diff",
            "ib_rate_change.old.keel",
            "ib_rate_change.new.keel",
            "--format",
            "json",
        ],
        &dir,
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let b = &v["blast_radius"];
    assert_eq!(b["commission"], true);
    assert_eq!(b["money"], false);
    assert!(b["segments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s == "ib.group == \"IB-EU-GOLD\""));
    assert!(b["states"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s == "Suspended"));
    let changes = v["changes"].as_array().unwrap();
    let gold = changes.iter().find(|c| c["item"] == "pay_gold").unwrap();
    assert_eq!(gold["change"], "changed");
    assert_eq!(gold["fields"][0]["field"], "actions");
    assert!(changes
        .iter()
        .any(|c| c["item"] == "resume" && c["change"] == "added"));
}

#[test]
fn init_makes_a_repository_that_passes() {
    let d = tempfile::tempdir().unwrap();
    let o = keel(&["init", "repo"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let repo = d.path().join("repo");
    for f in [
        "keel.toml",
        "workflows/welcome.keel",
        ".github/workflows/keel.yml",
    ] {
        assert!(repo.join(f).is_file(), "{f}");
    }
    // Nobody has approved the example yet: the check says so until its people approve it.
    let o = keel(&["check", "--format", "json", "."], &repo);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["K202"], "{v}");
    for (role, by) in [("owner", "a.owner"), ("maintainer", "b.maintainer")] {
        let o = keel(
            &[
                "approve",
                "workflows/welcome.keel",
                "--as",
                role,
                "--by",
                by,
            ],
            &repo,
        );
        assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    }
    let o = keel(&["check", "--format", "json", "."], &repo);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = keel(&["test", "."], &repo);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // A second init refuses and changes nothing.
    let before = std::fs::read_to_string(repo.join("workflows/welcome.keel")).unwrap();
    let o = keel(&["init", "repo"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(repo.join("workflows/welcome.keel")).unwrap(),
        before
    );
}
