//! The commands that work on a file's syntax tree or model (fmt, digest, approve, graph, diff,
//! `test --suggest`) share one pipeline: on the same edge input they give the same error and
//! the same exit code.

mod common;

use common::{keel, stderr, stdout};
use std::fs;

const GOOD: &str = r#"use std::client
use std::notify

workflow HELLO v1 {
  tier 1
  owner "a.owner"
  maintainer "b.maintainer"
  states {
    New initial
    Done terminal
  }
  transition greet: New -> Done on client.registered
    do notify.email("hello")
}
"#;

/// Each command on `w.keel`, and what it says it did not do.
const COMMANDS: [(&[&str], &str); 6] = [
    (&["fmt", "w.keel"], "left as it is"),
    (&["digest", "w.keel"], "no digest"),
    (
        &["approve", "w.keel", "--as", "owner", "--by", "a.owner"],
        "nothing approved",
    ),
    (&["graph", "w.keel"], "no graph"),
    (&["diff", "w.keel", "w.keel"], "nothing compared"),
    (&["test", "--suggest", "w.keel"], "no tests drafted"),
];

/// Runs every command on a fresh copy of `bytes`; returns (exit code, stdout, stderr) each.
fn run_all(bytes: &[u8]) -> Vec<(Option<i32>, String, String)> {
    COMMANDS
        .iter()
        .map(|(args, _)| {
            let d = tempfile::tempdir().unwrap();
            fs::write(d.path().join("w.keel"), bytes).unwrap();
            let o = keel(args, d.path());
            (o.status.code(), stdout(&o), stderr(&o))
        })
        .collect()
}

/// Every command refuses the file with exit code 1, nothing on stdout, and the same stderr
/// up to the last line's consequence.
fn assert_refused_alike(bytes: &[u8], why: &str) {
    let runs = run_all(bytes);
    let mut first: Option<String> = None;
    for ((args, consequence), (code, out, err)) in COMMANDS.iter().zip(&runs) {
        assert_eq!(*code, Some(1), "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} wrote to stdout: {out}");
        assert!(err.contains("K001"), "{args:?}: {err}");
        let last = format!("error: w.keel: {why}; {consequence}\n");
        assert!(err.ends_with(&last), "{args:?}: {err}");
        let common = err[..err.len() - consequence.len() - 1].to_string();
        match &first {
            None => first = Some(common),
            Some(f) => assert_eq!(&common, f, "{args:?} says something else"),
        }
    }
}

#[test]
fn invalid_utf8_is_refused_alike() {
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.splice(40..40, [0xff, 0xfe]);
    assert_refused_alike(&bytes, "not valid UTF-8");
}

#[test]
fn a_file_that_does_not_parse_is_refused_alike() {
    assert_refused_alike(b"workflow X v1 {", "does not parse");
    assert_refused_alike(
        GOOD.replace("states {", "states {{").as_bytes(),
        "does not parse",
    );
}

#[test]
fn a_workflow_that_does_not_resolve_is_worked_on_alike() {
    // A name that does not resolve is digested (and drawn, compared, approved) as written.
    let text = GOOD.replace("notify.email", "notify.mail");
    for ((args, _), (code, out, err)) in COMMANDS.iter().zip(run_all(text.as_bytes())) {
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(!err.contains("error"), "{args:?}: {err}");
        // (fmt has nothing to say about a file already in its layout.)
        assert!(
            args[0] == "fmt" || !out.is_empty(),
            "{args:?} wrote nothing"
        );
    }
}

#[test]
fn a_missing_file_is_exit_code_2_naming_it() {
    for (args, _) in COMMANDS {
        let d = tempfile::tempdir().unwrap();
        let o = keel(args, d.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stdout(&o).is_empty(), "{args:?}");
        assert!(
            stderr(&o).starts_with("error: w.keel"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn the_workflow_selector_is_shared() {
    let two = format!(
        "{GOOD}\n{}",
        GOOD.replace("HELLO v1", "BYE v1")
            .split("\n\n")
            .nth(1)
            .unwrap()
    );
    for args in [
        &["approve", "w.keel", "--as", "owner", "--by", "a.owner"][..],
        &["graph", "w.keel", "--format", "svg"][..],
    ] {
        let d = tempfile::tempdir().unwrap();
        fs::write(d.path().join("w.keel"), &two).unwrap();
        let o = keel(args, d.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(
            stderr(&o),
            "error: w.keel holds several workflows (HELLO_v1, BYE_v1); choose one with --workflow\n",
            "{args:?}"
        );
        let mut named = args.to_vec();
        named.extend(["--workflow", "NOPE"]);
        let o = keel(&named, d.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&o),
            "error: w.keel has no workflow `NOPE`\n",
            "{args:?}"
        );
        let mut named = args.to_vec();
        named.extend(["--workflow", "BYE"]);
        let o = keel(&named, d.path());
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
}
