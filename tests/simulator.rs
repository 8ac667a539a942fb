//! The scenario simulator: traces of the standard library's actions computed by hand, the
//! semantics of LANGUAGE.md §4 (deduplication, unset values, invariants, overrides, flags),
//! coverage, JUnit output, and the `--suggest` round trip.

mod common;

use keel::config::Env;
use keel::sim::SuiteReport;

fn suite(src: &str) -> (keel::model::Module, Vec<SuiteReport>) {
    let p = keel::syntax::parse(src).unwrap_or_else(|e| panic!("{e:?}"));
    let (m, d) = keel::resolve::resolve(p.ast, keel::stdlib::Library::embedded());
    assert!(d.is_empty(), "{d:#?}");
    let reports = m
        .workflows
        .iter()
        .map(|w| {
            let mut r = keel::check::run_tests(&m.catalog, w).expect("tests run");
            // Passing tests keep no trace; these tests read them, so write them, and check
            // that the traced run ends as the untraced one did.
            for o in &mut r.outcomes {
                let (failure, trace) = keel::sim::trace(&m.catalog, w, &w.tests[o.index]);
                assert_eq!(
                    failure.map(|f| (f.span, f.message)),
                    o.failure.clone().map(|f| (f.span, f.message)),
                    "{}",
                    o.name
                );
                if o.passed() {
                    assert!(o.trace.is_empty());
                    o.trace = trace;
                } else {
                    assert_eq!(o.trace, trace);
                }
            }
            r
        })
        .collect();
    (m, reports)
}

fn one(src: &str) -> SuiteReport {
    suite(src).1.remove(0)
}

const MONEY: &str = r#"
use std::client
use std::payments
use std::kyc
use std::trading
use std::bonus

workflow MONEY v1 {
  tier 3
  states {
    Start initial
    Mid
    End terminal
  }
  transition pay: Start -> Mid on withdrawal.requested
    do withdrawal.approve(amount: withdrawal.amount), kyc.verify_identity, trading.enable
  transition credit: Mid -> Mid on deposit.received
    do deposit.credit(amount: deposit.amount), bonus.credit(amount: 5)
  transition reset: Mid -> End on check.completed
    do kyc.reset_documents, trading.disable
  test "hand-computed trace" happy_path {
    given { client.balance: 100, client.id: "c1" }
    event withdrawal.requested { withdrawal.id: "w1", withdrawal.amount: 30 }
    expect client.balance == 70
    expect fact docs.identity_verified
    expect fact trading.enabled
    event deposit.received { deposit.id: "d1", deposit.amount: 50 } twice
    expect client.balance == 120
    expect client.bonus_balance == 5
    expect action deposit.credit once
    expect action bonus.credit once
    event deposit.received { deposit.id: "d2", deposit.amount: 1 }
    expect total deposit.credit.amount == 51
    event check.completed
    expect state End
  }
}
"#;

#[test]
fn stdlib_actions_follow_their_definitions() {
    let r = one(MONEY);
    let o = &r.outcomes[0];
    assert!(o.passed(), "{:#?}", o);
    let want = [
        "1. given { client.balance: 100, client.id: \"c1\" }",
        "2. event withdrawal.requested { withdrawal.id: \"w1\", withdrawal.amount: 30 }",
        "   transition pay: Start -> Mid",
        "   action withdrawal.approve(amount: 30) executed",
        "   client.balance 100 -> 70",
        "   action kyc.verify_identity executed",
        "   fact docs.identity_verified established",
        "   action trading.enable executed",
        "   fact trading.enabled established",
        "3. expect client.balance == 70: ok",
        "4. expect fact docs.identity_verified: ok",
        "5. expect fact trading.enabled: ok",
        "6. event deposit.received { deposit.id: \"d1\", deposit.amount: 50 } (delivery 1 of 2)",
        "   transition credit: Mid -> Mid",
        "   action deposit.credit(amount: 50) executed",
        "   client.balance 70 -> 120",
        "   action bonus.credit(amount: 5) executed",
        "   client.bonus_balance 0 -> 5",
        "6. event deposit.received { deposit.id: \"d1\", deposit.amount: 50 } (delivery 2 of 2)",
        "   transition credit: Mid -> Mid",
        "   action deposit.credit(amount: 50) deduplicated (deposit.id = \"d1\" already done)",
        "   action bonus.credit(amount: 5) deduplicated (client.id = \"c1\" already done)",
    ];
    assert_eq!(&o.trace[..want.len()], &want[..]);
    assert!(o
        .trace
        .contains(&"   fact docs.identity_verified cleared".to_string()));
    assert!(o
        .trace
        .contains(&"   fact trading.enabled cleared".to_string()));
    assert_eq!(r.coverage.transitions_covered(), 3);
}

fn wf(body: &str) -> String {
    format!("use std::client\nuse std::payments\nuse std::kyc\nworkflow T v1 {{\n  flag f default off\n  states {{\n    A initial\n    B\n    C terminal\n    M manual\n  }}\n{body}\n}}\n")
}

fn outcome(body: &str) -> keel::sim::TestOutcome {
    one(&wf(body)).outcomes.remove(0)
}

#[test]
fn unset_values_read_as_the_language_says() {
    // Comparisons with unset are false, an unset bool reads false, effects start from 0,
    // an invariant that reads an unset value holds, and an unset key never deduplicates.
    let o = outcome(
        r#"  invariant "never negative" client.balance >= 0 or client.is_new
  transition big: A -> B on withdrawal.requested when withdrawal.amount > 10 or not client.risk_flag
    do withdrawal.approve(amount: withdrawal.amount)
  transition again: B -> B on withdrawal.requested do withdrawal.approve(amount: withdrawal.amount)
  test "t" happy_path {
    given { client.is_new: true }
    event withdrawal.requested { withdrawal.amount: 5 }
    expect state B
    expect client.balance == -5
    event withdrawal.requested
    event withdrawal.requested
    expect action withdrawal.approve count 3
    expect total withdrawal.approve.amount == 15
  }"#,
    );
    assert!(o.passed(), "{:#?}", o.trace);
}

#[test]
fn invariants_ambiguity_and_overrides_fail_tests() {
    let o = outcome(
        r#"  invariant "never negative" client.balance >= 0
  transition pay: A -> B on withdrawal.requested do withdrawal.approve(amount: withdrawal.amount)
  test "t" invariant {
    given { client.balance: 10 }
    event withdrawal.requested { withdrawal.id: "w", withdrawal.amount: 11 }
    expect state B
  }"#,
    );
    let f = o.failure.unwrap();
    assert!(
        f.message.contains("invariant \"never negative\" broken"),
        "{}",
        f.message
    );
    assert!(f.message.contains("client.balance = -1"), "{}", f.message);
    let o = outcome(
        r#"  invariant "one payout" once withdrawal.approve per withdrawal.id
  transition pay: A -> A on withdrawal.requested do withdrawal.approve(amount: 1)
  test "t" idempotency {
    event withdrawal.requested { withdrawal.id: "w" }
    event withdrawal.requested { withdrawal.id: "w2" }
    expect action withdrawal.approve count 2
  }"#,
    );
    assert!(o.passed(), "keyed calls with distinct keys: {:#?}", o.trace);
    let o = outcome(
        r#"  transition x: A -> B on check.completed when check.identity_ok
  transition y: A -> C on check.completed when check.address_ok
  test "t" transition {
    event check.completed { check.identity_ok: true, check.address_ok: true }
  }"#,
    );
    assert!(o.failure.unwrap().message.starts_with("ambiguous"));
    let body = r#"  transition x: A -> B on check.completed
  override A, B -> M by "ops"
  test "t" override {
    override -> M by "sales"
  }"#;
    let f = outcome(body).failure.unwrap();
    assert!(
        f.message.contains("only \"ops\" may override"),
        "{}",
        f.message
    );
    let f = outcome(&body.replace("override -> M by \"sales\"", "override -> C by \"ops\""))
        .failure
        .unwrap();
    assert!(f.message.contains("no declared override"), "{}", f.message);
    let o = outcome(&body.replace(
        "override -> M by \"sales\"",
        "event check.completed\n    override -> M by \"ops\"\n    expect state M",
    ));
    assert!(o.passed(), "{:#?}", o.trace);
}

#[test]
fn flags_otherwise_ignored_and_repeats() {
    let o = outcome(
        r#"  transition fast: A -> C on withdrawal.requested behind f
  transition slow: A -> B on withdrawal.requested when otherwise
  transition stay: B -> B on check.completed when check.identity_ok
  test "t" transition {
    event withdrawal.requested
    expect state B
    event check.completed { check.identity_ok: false } times 3
    expect ignored
    event check.completed
    expect ignored
    event check.completed { check.identity_ok: true }
    expect state B
    flag f on
    start A
    event withdrawal.requested
    expect state C
  }"#,
    );
    assert!(o.passed(), "{:#?}", o.trace);
    // Payload fields persist for the rest of the test.
    let o = outcome(
        r#"  transition one: A -> B on withdrawal.requested
  transition two: B -> C on withdrawal.reviewed when withdrawal.amount > 100
  test "t" transition {
    event withdrawal.requested { withdrawal.amount: 500 }
    event withdrawal.reviewed
    expect state C
    expect withdrawal.amount == 500
  }"#,
    );
    assert!(o.passed(), "{:#?}", o.trace);
}

#[test]
fn coverage_counts_every_comparison_evaluated() {
    let r = one(&wf(
        r#"  transition a: A -> B on withdrawal.requested when withdrawal.amount < 100 and client.balance > 0 behind f
  transition b: A -> C on withdrawal.requested when withdrawal.amount >= 100 or client.balance > 50
  test "short-circuit still counts" boundary {
    given { client.balance: 50 }
    event withdrawal.requested { withdrawal.amount: 100 }
    expect state C
    expect state A
  }"#,
    )
    .replace("workflow T v1 {", "workflow T v1 {\n  tier 2"));
    let b = &r.coverage.boundaries;
    assert_eq!(b.len(), 4);
    // `a` is behind a flag that is off: its comparisons are not evaluated.
    assert!(!b[0].at_constant && !b[0].seen_true && !b[0].seen_false);
    // `client.balance > 50` is evaluated although the left side of `or` already held, and in
    // a test that fails afterwards.
    let bal = b.iter().find(|x| x.text == "client.balance > 50").unwrap();
    assert!(bal.at_constant && bal.seen_false && !bal.seen_true);
    let amt = b
        .iter()
        .find(|x| x.text == "withdrawal.amount >= 100")
        .unwrap();
    assert!(amt.at_constant && amt.seen_true);
    assert!(!r.outcomes[0].passed());
}

#[test]
fn junit_output_parses_back() {
    let d = tempfile::tempdir().unwrap();
    let text = MONEY.replace("expect client.balance == 70", "expect client.balance == 71")
        + "\nworkflow BROKEN v1 {\n  states { A initial terminal }\n  test \"skipped <one>\" happy_path { event nosuch.event }\n}\n";
    std::fs::write(d.path().join("m.keel"), text).unwrap();
    let o = common::keel(&["test", "--junit", "out.xml", "m.keel"], d.path());
    assert_eq!(o.status.code(), Some(1));
    let xml = std::fs::read_to_string(d.path().join("out.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("2"));
    assert_eq!(root.attribute("failures"), Some("1"));
    assert_eq!(root.attribute("skipped"), Some("1"));
    let cases: Vec<roxmltree::Node> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases[0].attribute("classname"), Some("MONEY_v1"));
    let failure = cases[0]
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(failure
        .attribute("message")
        .unwrap()
        .contains("client.balance is 70"));
    assert!(failure.text().unwrap().contains("m.keel:"));
    assert_eq!(cases[1].attribute("name"), Some("skipped <one>"));
    assert!(cases[1].children().any(|n| n.has_tag_name("skipped")));
    // Deterministic: the same run writes the same bytes.
    let _ = common::keel(&["test", "--junit", "out2.xml", "m.keel"], d.path());
    assert_eq!(
        std::fs::read_to_string(d.path().join("out2.xml")).unwrap(),
        xml
    );
}

/// Every clean workflow we ship (and the shared conformance ones, when present).
fn clean_sources() -> Vec<(String, String)> {
    let shared =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/clean");
    common::keel_files_in(&[common::examples_dir(), shared])
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.display().to_string(), text)
        })
        .collect()
}

/// Removes the `k`-th test block of the text.
fn without_test(src: &str, k: usize) -> Option<String> {
    let starts: Vec<usize> = src
        .match_indices("\n  test \"")
        .map(|(i, _)| i + 1)
        .collect();
    let s = *starts.get(k)?;
    let e = s + src[s..].find("\n  }\n")? + 5;
    Some(format!("{}{}", &src[..s], &src[e..]))
}

fn gaps(report: &keel::check::FileReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| matches!(d.code, "K502" | "K503" | "K504"))
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

#[test]
fn suggested_tests_pass_and_close_the_gaps() {
    let mut exercised = 0;
    for (name, src) in clean_sources() {
        let full = common::check_text(&name, &src, Env::Sandbox, true);
        assert!(
            gaps(&full).is_empty(),
            "{name} is not fully covered: {:?}",
            gaps(&full)
        );
        let mut k = 0;
        while let Some(cut) = without_test(&src, k) {
            k += 1;
            let before = common::check_text(&name, &cut, Env::Sandbox, true);
            if gaps(&before).is_empty() {
                continue;
            }
            let parsed = keel::syntax::parse(&cut).unwrap();
            let (m, _) = keel::resolve::resolve(parsed.ast, keel::stdlib::Library::embedded());
            let wf = &m.workflows[0];
            let report = keel::check::run_tests(&m.catalog, wf).unwrap();
            let tier = keel::analysis::tier::tiers(&m.catalog, wf).effective;
            let s = keel::sim::suggest::suggest(&m.catalog, wf, tier, &report);
            assert!(
                s.unclosed.is_empty(),
                "{name} without test {k}: {:?}",
                s.unclosed
            );
            let block: String = s.tests.iter().map(|t| t.text("  ")).collect();
            let end = cut.rfind('}').unwrap();
            let pasted = format!("{}{}{}", &cut[..end], block, &cut[end..]);
            let after = common::check_text(&name, &pasted, Env::Sandbox, true);
            assert!(after.parsed, "{pasted}");
            assert!(
                gaps(&after).is_empty(),
                "{name} without test {k}: still {:?}\n{block}",
                gaps(&after)
            );
            exercised += 1;
        }
    }
    assert!(exercised >= 5, "the round trip ran on {exercised} cuts");
}
