//! The command line, driven through the built binary: outputs, streams and exit codes.

mod common;

use common::{keel, stderr, stdout};
use std::fs;

const CLEAN: &str = r#"use std::client
use std::notify

workflow HELLO v1 {
  tier 1
  owner "a.owner"
  maintainer "b.maintainer"
  approvals {
    owner "a.owner" approved at 2026-11-20T10:00:00Z
    maintainer "b.maintainer" approved at 2026-11-20T11:00:00Z
  }
  states {
    New initial
    Done terminal
  }
  transition greet: New -> Done on client.registered
    do notify.email("hello")
}
"#;

fn clean() -> String {
    common::bind_approvals(CLEAN)
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn json_output_has_exactly_the_documented_shape() {
    let d = tmp();
    fs::write(
        d.path().join("bad.keel"),
        CLEAN.replace("notify.email", "notify.mail"),
    )
    .unwrap();
    let o = keel(
        &["check", "--format", "json", "--no-tests", "bad.keel"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let obj = v.as_object().unwrap();
    assert_eq!(obj.keys().collect::<Vec<_>>(), ["diagnostics", "summary"]);
    let diag = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "K002")
        .expect("a K002");
    let mut keys: Vec<&str> = diag
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "code",
            "column",
            "end_column",
            "end_line",
            "file",
            "help",
            "labels",
            "line",
            "message",
            "name",
            "severity",
            "workflow"
        ]
    );
    assert_eq!(diag["name"], "unknown-name");
    assert_eq!(diag["severity"], "error");
    assert_eq!(diag["file"], "bad.keel");
    assert_eq!(diag["line"], 17);
    assert_eq!(diag["column"], 8);
    assert_eq!(diag["end_column"], 19);
    assert_eq!(diag["workflow"], "HELLO_v1");
    assert_eq!(diag["help"], "did you mean `notify.email`?");
    let mut skeys: Vec<&str> = v["summary"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    skeys.sort();
    assert_eq!(
        skeys,
        ["errors", "files", "suppressed", "warnings", "workflows"]
    );
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["summary"]["workflows"], 1);
}

#[test]
fn exit_codes_and_streams() {
    let d = tmp();
    fs::write(d.path().join("ok.keel"), clean()).unwrap();
    // A clean file: exit 0, the summary on stdout, nothing on stderr.
    let o = keel(&["check", "--no-tests", "ok.keel"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("0 errors"), "{}", stdout(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    // A missing path: exit 2, the path named on stderr.
    let o = keel(&["check", "missing.keel"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.keel"), "{}", stderr(&o));
    // A usage error: exit 2.
    let o = keel(&["check", "--format", "yaml"], d.path());
    assert_eq!(o.status.code(), Some(2));
    // A syntax error: exit 1, human report on stdout.
    fs::write(
        d.path().join("broken.keel"),
        "workflow X v1 { states { A initial terminal }",
    )
    .unwrap();
    let o = keel(&["check", "broken.keel"], d.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("K001"), "{}", stdout(&o));
    assert!(stdout(&o).contains("expected"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("EOI"), "{}", stdout(&o));
}

#[test]
fn no_colour_when_not_a_terminal() {
    let d = tmp();
    fs::write(d.path().join("b.keel"), "workflow X v1 {").unwrap();
    let o = std::process::Command::new(common::keel_bin())
        .args(["check", "b.keel"])
        .current_dir(d.path())
        .output()
        .unwrap();
    assert!(
        !stdout(&o).contains('\u{1b}'),
        "escape codes in piped output"
    );
}

#[test]
fn directories_are_walked_for_keel_files() {
    let d = tmp();
    fs::create_dir_all(d.path().join("a/b")).unwrap();
    fs::create_dir_all(d.path().join(".hidden")).unwrap();
    fs::write(d.path().join("a/one.keel"), clean()).unwrap();
    fs::write(
        d.path().join("a/b/two.keel"),
        common::bind_approvals(&CLEAN.replace("HELLO", "HELLO_TWO")),
    )
    .unwrap();
    fs::write(d.path().join("a/notes.txt"), "workflow {").unwrap();
    fs::write(d.path().join(".hidden/x.keel"), "broken").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.path().join("a"), d.path().join("a/b/loop")).unwrap();
    let o = keel(&["check", "--format", "json", "--no-tests"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(v["summary"]["workflows"], 2);
}

#[test]
fn deny_warnings_and_config_levels() {
    let d = tmp();
    let warn = clean().replace(
        "  transition greet",
        "  // keel:allow K101\n  transition greet",
    );
    fs::write(d.path().join("w.keel"), &warn).unwrap();
    let o = keel(
        &["check", "--no-tests", "--format", "json", "w.keel"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["summary"]["warnings"], 1, "{}", stdout(&o));
    let o = keel(
        &["check", "--no-tests", "--deny", "warnings", "w.keel"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    // The summary line agrees with the exit code.
    let last = stdout(&o).lines().last().unwrap_or_default().to_string();
    assert!(
        last.starts_with("failed: ") && last.ends_with("1 warning (warnings denied)"),
        "{last}"
    );
    let o = keel(&["check", "--no-tests", "w.keel", "missing.keel"], d.path());
    assert_eq!(o.status.code(), Some(2));
    let last = stdout(&o).lines().last().unwrap_or_default().to_string();
    assert!(
        last.starts_with("failed: 1 file") && last.ends_with("; 1 path could not be read"),
        "{last}"
    );
    assert!(stderr(&o).contains("missing.keel"), "{}", stderr(&o));
    fs::write(d.path().join("strict.toml"), "[rules]\nK006 = \"error\"\n").unwrap();
    let o = keel(
        &["check", "--no-tests", "--config", "strict.toml", "w.keel"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    fs::write(
        d.path().join("keel.toml"),
        "[rules]\nunjustified-suppression = \"off\"\n",
    )
    .unwrap();
    let o = keel(
        &["check", "--no-tests", "--format", "json", "w.keel"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["summary"]["warnings"], 0);
    // A broken keel.toml is a usage error naming the file.
    fs::write(d.path().join("keel.toml"), "[rules]\nK999 = \"off\"\n").unwrap();
    let o = keel(&["check", "w.keel"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("keel.toml") && stderr(&o).contains("K999"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn non_utf8_files_are_a_diagnostic_not_a_crash() {
    let d = tmp();
    let mut bytes = CLEAN.as_bytes().to_vec();
    bytes.splice(20..20, [0xff, 0xfe]);
    fs::write(d.path().join("latin.keel"), bytes).unwrap();
    let o = keel(&["check", "--format", "json", "latin.keel"], d.path());
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "K001");
    assert!(v["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("UTF-8"));
}

#[test]
fn digest_prints_one_line_per_workflow() {
    let d = tmp();
    let two = format!(
        "{CLEAN}\n{}",
        CLEAN
            .replace("use std::client\nuse std::notify\n", "")
            .replace("HELLO", "AGAIN")
    );
    fs::write(d.path().join("two.keel"), two).unwrap();
    let o = keel(&["digest", "two.keel"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("HELLO_v1 sha256:"));
    assert!(lines[1].starts_with("AGAIN_v1 sha256:"));
    assert_eq!(lines[0].len(), "HELLO_v1 sha256:".len() + 64);
}

#[test]
fn digest_ignores_formatting_and_comments_but_not_meaning() {
    let d = tmp();
    let digest = |text: &str| {
        fs::write(d.path().join("w.keel"), text).unwrap();
        let o = keel(&["digest", "w.keel"], d.path());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o).split_whitespace().nth(1).unwrap().to_string()
    };
    let base = digest(CLEAN);
    let reformatted = CLEAN
        .replace(
            "  tier 1\n",
            "  // why tier 1: content only\n      tier     1   // trailing\n",
        )
        .replace("\n", "\r\n")
        .replace("states {\n", "states {   ");
    assert_eq!(digest(&reformatted), base);
    assert_eq!(digest(&format!("\u{feff}{CLEAN}")), base);
    // Semantic changes change it.
    assert_ne!(digest(&CLEAN.replace("\"hello\"", "\"hello2\"")), base);
    assert_ne!(digest(&CLEAN.replace("tier 1", "tier 2")), base);
    assert_ne!(
        digest(&CLEAN.replace("Done terminal", "Done terminal sla 1h")),
        base
    );
    // Approvals are not part of the content.
    let approved = CLEAN.replace(
        "    owner \"a.owner\" approved at 2026-11-20T10:00:00Z\n",
        "    owner \"a.owner\" rejected at 2026-11-21T10:00:00Z for \"sha256:0000000000000000000000000000000000000000000000000000000000000000\"\n",
    );
    assert_ne!(approved, CLEAN);
    assert_eq!(digest(&approved), base);
    // A name that does not resolve is digested as written.
    let unresolved = digest(&CLEAN.replace("notify.email", "notify.mail"));
    assert_ne!(unresolved, base);
}

#[test]
fn digest_fails_for_a_file_that_does_not_parse() {
    let d = tmp();
    fs::write(d.path().join("b.keel"), "workflow X v1 {").unwrap();
    let o = keel(&["digest", "b.keel"], d.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("K001"), "{}", stderr(&o));
}
