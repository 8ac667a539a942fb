//! Governance through the binary: approvals bound to content, publishing, explain, baselines
//! and environment-sensitive severities.

mod common;

use common::{keel, production_project as project, stderr, stdout, GREETING as WF};
use std::fs;
use std::path::Path;

fn json(dir: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let mut a = vec!["check", "--format", "json"];
    a.extend_from_slice(args);
    let o = keel(&a, dir);
    (
        o.status.code().unwrap(),
        serde_json::from_str(&stdout(&o))
            .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o))),
    )
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn approve_binds_to_content_and_changes_only_its_line() {
    let d = project();
    let f = d.path().join("w.keel");
    fs::write(&f, WF).unwrap();
    let (code, v) = json(d.path(), &["w.keel"]);
    assert_eq!(code, 1);
    assert!(codes(&v).contains(&"K202".to_string()));
    for (role, who) in [("owner", "l.garcia"), ("maintainer", "j.doe")] {
        let o = keel(
            &[
                "approve",
                "w.keel",
                "--as",
                role,
                "--by",
                who,
                "--at",
                "2026-11-25T09:00:00Z",
            ],
            d.path(),
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(
            stdout(&o).contains("GREETING_v1 approved"),
            "{}",
            stdout(&o)
        );
    }
    let approved = fs::read_to_string(&f).unwrap();
    let (code, v) = json(d.path(), &["w.keel"]);
    assert_eq!(code, 0, "{v}");
    // Only the approval lines were added.
    let added: Vec<&str> = approved
        .lines()
        .filter(|l| !WF.lines().any(|w| w == *l))
        .collect();
    assert_eq!(added.len(), 3, "{added:?}"); // the block's opening line and two approvals
    assert!(added
        .iter()
        .all(|l| l.contains("approvals {") || l.contains("for \"sha256:") || l.trim() == "}"));
    // Re-approving replaces the role's line in place.
    let o = keel(
        &[
            "approve",
            "w.keel",
            "--as",
            "owner",
            "--by",
            "l.garcia",
            "--decision",
            "rejected",
            "--at",
            "2026-11-25T10:00:00Z",
        ],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    let again = fs::read_to_string(&f).unwrap();
    assert_eq!(again.lines().count(), approved.lines().count());
    assert!(again.contains("owner \"l.garcia\" rejected at 2026-11-25T10:00:00Z"));
    let (_, v) = json(d.path(), &["w.keel"]);
    assert!(codes(&v).contains(&"K203".to_string()), "{v}");
    // An edit after approval makes the approvals stale; formatting does not.
    let o = keel(
        &[
            "approve",
            "w.keel",
            "--as",
            "owner",
            "--by",
            "l.garcia",
            "--at",
            "2026-11-25T10:00:00Z",
        ],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    let text = fs::read_to_string(&f).unwrap();
    fs::write(
        &f,
        text.replace("  tier 1\n", "  // reformatted\n    tier    1\n"),
    )
    .unwrap();
    assert_eq!(json(d.path(), &["w.keel"]).0, 0);
    fs::write(&f, text.replace("\"hello\"", "\"hello_v2\"")).unwrap();
    let (code, v) = json(d.path(), &["w.keel"]);
    assert_eq!(code, 1);
    assert!(codes(&v).contains(&"K205".to_string()));
    // In sandbox the same findings are warnings.
    let (code, v) = json(d.path(), &["--env", "sandbox", "w.keel"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
}

#[test]
fn approve_keeps_bom_and_crlf() {
    let d = project();
    let f = d.path().join("w.keel");
    let crlf = format!("\u{feff}{}", WF.replace('\n', "\r\n"));
    fs::write(&f, &crlf).unwrap();
    let o = keel(
        &["approve", "w.keel", "--as", "owner", "--by", "l.garcia"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = fs::read_to_string(&f).unwrap();
    assert!(out.starts_with('\u{feff}'));
    assert!(
        !out.replace("\r\n", "").contains('\n'),
        "only CRLF line endings"
    );
    assert!(out.contains("owner \"l.garcia\" approved at 20"));
    // Bad arguments are usage errors that touch nothing.
    let o = keel(
        &[
            "approve",
            "w.keel",
            "--as",
            "owner",
            "--by",
            "x",
            "--at",
            "2026-02-30T00:00:00Z",
        ],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&f).unwrap(), out);
}

fn approve_all(dir: &Path, file: &str) {
    for (role, who) in [("owner", "l.garcia"), ("maintainer", "j.doe")] {
        let o = keel(
            &[
                "approve",
                file,
                "--as",
                role,
                "--by",
                who,
                "--at",
                "2026-11-25T09:00:00Z",
            ],
            dir,
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
}

#[test]
fn publish_records_once_and_never_rewrites() {
    let d = project();
    fs::write(d.path().join("w.keel"), WF).unwrap();
    // Unapproved: the production checks fail, nothing is written.
    let o = keel(&["publish", "w.keel"], d.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(!d.path().join("keel.lock").exists());
    approve_all(d.path(), "w.keel");
    let o = keel(&["publish", "w.keel"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("published GREETING_v1 sha256:"));
    let lock = fs::read_to_string(d.path().join("keel.lock")).unwrap();
    assert!(
        lock.contains("id = \"GREETING_v1\"") && lock.contains("states = [\"New\", \"Done\"]"),
        "{lock}"
    );
    let o = keel(&["publish", "w.keel"], d.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("already published"));
    assert_eq!(
        fs::read_to_string(d.path().join("keel.lock")).unwrap(),
        lock
    );
    // Changing the published version: check reports K302, publish refuses.
    let text = fs::read_to_string(d.path().join("w.keel")).unwrap();
    let changed = text.replace("\"hello\"", "\"hi\"");
    fs::write(d.path().join("w.keel"), &changed).unwrap();
    approve_all(d.path(), "w.keel");
    let (_, v) = json(d.path(), &["w.keel"]);
    assert!(codes(&v).contains(&"K302".to_string()), "{v}");
    let o = keel(&["publish", "w.keel"], d.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("K302") && stderr(&o).contains("nothing published"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(d.path().join("keel.lock")).unwrap(),
        lock
    );
    // A new version must be higher (K303), and with a changelog (K301).
    let v0 = changed.replace("GREETING v1", "GREETING v0");
    fs::write(d.path().join("w.keel"), &v0).unwrap();
    assert!(codes(&json(d.path(), &["w.keel"]).1).contains(&"K303".to_string()));
    let v2 = changed.replace("GREETING v1", "GREETING v2");
    fs::write(d.path().join("w.keel"), &v2).unwrap();
    let c = codes(&json(d.path(), &["w.keel"]).1);
    assert!(
        !c.contains(&"K303".to_string()) && c.contains(&"K301".to_string()),
        "{c:?}"
    );
}

#[test]
fn concurrent_publishes_both_land() {
    let d = project();
    for name in ["ONE", "TWO", "THREE", "FOUR"] {
        let f = format!("{}.keel", name.to_lowercase());
        fs::write(d.path().join(&f), WF.replace("GREETING", name)).unwrap();
        approve_all(d.path(), &f);
    }
    // A hand-written header survives: publish only adds its own tables.
    fs::write(
        d.path().join("keel.lock"),
        "# Published versions (keel publish).\n",
    )
    .unwrap();
    let children: Vec<std::process::Child> = ["one.keel", "two.keel", "three.keel", "four.keel"]
        .iter()
        .map(|f| {
            std::process::Command::new(common::keel_bin())
                .args(["publish", f])
                .current_dir(d.path())
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let lock = fs::read_to_string(d.path().join("keel.lock")).unwrap();
    assert!(
        lock.starts_with("# Published versions (keel publish).\n\n[[published]]\n"),
        "{lock}"
    );
    for name in ["ONE", "TWO", "THREE", "FOUR"] {
        assert!(lock.contains(&format!("id = \"{name}_v1\"")), "{lock}");
    }
}

#[test]
fn explain_every_code() {
    let d = tempfile::tempdir().unwrap();
    for r in keel::codes::RULES {
        let o = keel(&["explain", r.code], d.path());
        assert_eq!(o.status.code(), Some(0), "{}", r.code);
        assert!(
            stdout(&o).starts_with(&format!("# {} {}", r.code, r.name)),
            "{}",
            stdout(&o)
        );
    }
    let o = keel(&["explain", "requires-not-established"], d.path());
    assert!(stdout(&o).starts_with("# K106"));
    let o = keel(&["explain", "K10"], d.path());
    assert_eq!(o.status.code(), Some(2));
    let o = keel(&["explain"], d.path());
    assert!(stdout(&o).lines().count() > keel::codes::RULES.len());
}

#[test]
fn a_baseline_hides_known_findings_only() {
    let d = project();
    // A warning (K603: a waiting state without an SLA) besides the missing approvals.
    let wf = WF
        .replace("    New initial\n", "    New initial\n    Waiting\n")
        .replace(
            "  test \"greets\"",
            "  transition wait: Waiting -> Done on client.registered\n  test \"greets\"",
        );
    fs::write(d.path().join("w.keel"), &wf).unwrap();
    let (_, v) = json(d.path(), &["w.keel"]);
    let before = codes(&v);
    assert!(before.contains(&"K202".to_string()), "{v}");
    let o = keel(
        &["check", "--write-baseline", "keel-baseline.json", "w.keel"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (code, v) = json(d.path(), &["--baseline", "keel-baseline.json", "w.keel"]);
    // The control (K202) is never baselined; everything else is hidden.
    assert_eq!(code, 1, "{v}");
    assert_eq!(codes(&v), vec!["K202"], "{v}");
    assert!(v["summary"]["suppressed"].as_u64().unwrap() >= 1);
    // A new problem is still reported (and the edit brings the old findings back).
    fs::write(
        d.path().join("w.keel"),
        wf.replace("  owner \"l.garcia\"\n", ""),
    )
    .unwrap();
    let (code, v) = json(d.path(), &["--baseline", "keel-baseline.json", "w.keel"]);
    assert_eq!(code, 1);
    let after = codes(&v);
    assert!(after.contains(&"K207".to_string()), "{v}");
    assert!(
        before
            .iter()
            .filter(|c| *c != "K202")
            .all(|c| after.contains(c)),
        "{v}"
    );
}
