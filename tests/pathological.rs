//! Pathological input never crashes or hangs, and output stays linear (issue 14): a
//! 200,000-state chain (generated here, not committed), a diagnostic past column 65,535, a
//! 100,000-argument line, 3,000 overlapping transitions, a state attribute given twice,
//! character columns in human output.

mod common;

use common::{check_text, keel, stderr, stdout};
use keel::config::Env;
use std::fs;

/// `n` states in a line, one transition between neighbours.
pub fn chain(n: usize) -> String {
    let mut s = String::with_capacity(n * 64);
    s.push_str("use std::client\nworkflow CHAIN v1 {\n  states {\n    S0 initial\n");
    for i in 1..n - 1 {
        s.push_str(&format!("    S{i}\n"));
    }
    s.push_str(&format!("    S{} terminal\n  }}\n", n - 1));
    for i in 0..n - 1 {
        s.push_str(&format!(
            "  transition t{i}: S{i} -> S{} on client.registered\n",
            i + 1
        ));
    }
    s.push_str("}\n");
    s
}

/// Runs `f` on a thread with a small stack: an analysis that recursed once per state would
/// overflow it long before 200,000 states.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no stack overflow")
}

#[test]
fn a_200000_state_chain_checks_tests_and_builds() {
    let text = chain(200_000);
    assert!(text.len() < keel::syntax::MAX_FILE_BYTES);
    // In process, on a 1 MiB stack: the check and the language server's analysis.
    let t = text.clone();
    let report = on_small_stack(move || check_text("chain.keel", &t, Env::Production, true));
    assert!(report.parsed);
    assert_eq!(report.workflows.len(), 1);
    let t = text.clone();
    let published = on_small_stack(move || {
        let mut s = keel::lsp::Server::new();
        s.open("file:///nonexistent/chain.keel", t, 1);
        s.docs.values().all(|d| d.current.is_some())
    });
    assert!(published);
    // Through the binary: every command ends with a verdict, never a signal.
    let d = common::tmp_dir();
    fs::write(d.path().join("chain.keel"), &text).unwrap();
    // (`keel test` checks too; one run keeps the debug-build suite fast.)
    let o = keel(&["test", "chain.keel"], d.path());
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "keel test: {:?} {}",
        o.status,
        stderr(&o)
    );
}

#[test]
fn a_diagnostic_past_column_65535_renders() {
    let title = "x".repeat(70_000);
    let text = format!(
        "use std::client\nworkflow B v1 {{\n  title \"{title}\" tier 1 tier 2\n  states {{\n    New initial\n    Done terminal\n  }}\n  transition go: New -> Done on client.registered\n}}\n"
    );
    let d = common::tmp_dir();
    fs::write(d.path().join("b.keel"), &text).unwrap();
    let o = keel(&["check", "b.keel"], d.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    // The header gives the column in characters; the excerpt is a window, not the line.
    assert!(out.contains("[b.keel:3:70019]"), "{out}");
    assert!(out.len() < 4_000, "{} bytes of output", out.len());
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn a_100000_argument_line_stays_linear() {
    let args = vec!["zz"; 100_000].join(", ");
    let text = format!(
        "use std::client\nuse std::notify\nworkflow A v1 {{\n  states {{\n    New initial\n    Done terminal\n  }}\n  transition go: New -> Done on client.registered\n    do notify.email({args})\n}}\n"
    );
    let d = common::tmp_dir();
    fs::write(d.path().join("a.keel"), &text).unwrap();
    let start = std::time::Instant::now();
    let o = keel(&["check", "a.keel"], d.path());
    let took = start.elapsed();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let findings = out.matches("K002(").count();
    assert!(findings >= 100_000, "{findings} findings");
    // Each finding shows a bounded window of the 400 KB line.
    assert!(
        out.len() < findings * 1_000,
        "{} bytes for {findings} findings",
        out.len()
    );
    eprintln!("100,000-argument line: {took:?} (debug build)");
}

#[test]
fn k107_reports_one_finding_per_transition() {
    let n = 3_000;
    let mut text = String::from(
        "use std::ib\nworkflow RATES v1 {\n  states {\n    Active initial\n    Closed terminal\n  }\n",
    );
    for i in 0..n {
        text.push_str(&format!(
            "  transition t{i}: Active -> Active on trade.closed when trade.volume > {i}\n"
        ));
    }
    text.push_str(
        "  transition close: Active -> Closed on trade.closed when trade.volume <= 0\n}\n",
    );
    let start = std::time::Instant::now();
    let report = check_text("rates.keel", &text, Env::Production, false);
    let took = start.elapsed();
    let k107: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "K107")
        .collect();
    // t1..t2999 each overlap t0 (and every earlier one).
    assert_eq!(k107.len(), n - 1);
    let last = k107
        .iter()
        .find(|d| d.message.contains("`t2999`"))
        .expect("t2999 is reported");
    assert!(last.message.contains("`t0`"), "{}", last.message);
    assert!(
        last.label.contains("2998 more earlier transitions"),
        "{}",
        last.label
    );
    eprintln!("3,000 overlapping transitions: {took:?} (debug build)");
}

#[test]
fn a_state_attribute_given_twice_is_k003() {
    let text = "use std::client\nworkflow S v1 {\n  states {\n    New initial sla 4h sla 1m\n    Done terminal terminal\n  }\n  transition go: New -> Done on client.registered\n}\n";
    let report = check_text("s.keel", text, Env::Sandbox, false);
    let k003: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "K003")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        k003,
        [
            "state `New` has `sla` twice",
            "state `Done` has `terminal` twice"
        ]
    );
}

#[test]
fn human_columns_count_characters_like_json() {
    let text = "use std::client\nworkflow E v1 {\n  title \"ééé\" tier 1 tier 2\n  states {\n    New initial\n    Done terminal\n  }\n  transition go: New -> Done on client.registered\n}\n";
    let d = common::tmp_dir();
    fs::write(d.path().join("e.keel"), text).unwrap();
    let o = keel(&["check", "--format", "json", "e.keel"], d.path());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let k003 = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "K003")
        .expect("K003");
    let (line, col) = (
        k003["line"].as_u64().unwrap(),
        k003["column"].as_u64().unwrap(),
    );
    assert_eq!((line, col), (3, 22));
    let o = keel(&["check", "e.keel"], d.path());
    assert!(
        stdout(&o).contains(&format!("[e.keel:{line}:{col}]")),
        "{}",
        stdout(&o)
    );
}
