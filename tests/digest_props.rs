//! Property tests of the content digest (LANGUAGE.md §4): random edits that change meaning
//! (constants, guards, actions, tests, waivers) change it; random edits that do not
//! (formatting, ordinary comments, `5000` vs `5000.0`, `60m` vs `1h`, keel.toml policy) keep
//! it.

mod common;

use proptest::prelude::*;

fn base() -> String {
    std::fs::read_to_string(common::examples_dir().join("payments/deposit_crediting.keel")).unwrap()
}

/// The digest of the file's only workflow, as `keel digest` computes it.
fn digest(text: &str) -> String {
    let file = keel::source::SourceFile::new("t.keel", text);
    let m = keel::check::model(&file, keel::stdlib::Library::embedded())
        .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    assert_eq!(m.workflows.len(), 1);
    keel::check::content_artifact(&m.catalog, &m.workflows[0]).digest
}

/// The digest `keel check` computes under a keel.toml with these rule levels.
fn digest_under(text: &str, toml: &str) -> String {
    let config =
        keel::config::Config::parse(toml, std::path::Path::new("keel.toml")).expect("valid");
    let project = keel::project::Project {
        config,
        ..Default::default()
    };
    let file = std::sync::Arc::new(keel::source::SourceFile::new("d.keel", text));
    let r = keel::check::check_file(
        file,
        &project,
        &keel::check::CheckOptions {
            env: keel::config::Env::Production,
            run_tests: true,
            keep_artifacts: true,
        },
    );
    r.workflows[0].digest.clone()
}

/// Line starts of the lines that begin a statement inside the workflow (where a comment or a
/// directive may go).
fn statement_lines(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with("workflow ") {
            inside = true;
        } else if inside
            && !t.is_empty()
            && !t.starts_with("//")
            && !t.starts_with('}')
            && !t.starts_with("when ")
            && !t.starts_with("do ")
            && !t.starts_with("behind ")
        {
            out.push(at);
        }
        at += line.len();
    }
    out
}

fn insert_at(text: &str, at: usize, what: &str) -> String {
    format!("{}{}{}", &text[..at], what, &text[at..])
}

#[derive(Debug, Clone)]
enum Meaning {
    Constant(u32),
    GuardOp,
    Action(String),
    TestValue(u32),
    TestName(String),
    Waiver(usize, String),
    WaiverReason(String),
}

fn meaning() -> impl Strategy<Value = Meaning> {
    prop_oneof![
        (0u32..100_000)
            .prop_filter("another constant", |n| *n != 5000)
            .prop_map(Meaning::Constant),
        Just(Meaning::GuardOp),
        "[a-z_]{1,12}"
            .prop_filter("another template", |s| s != "deposit_credited")
            .prop_map(Meaning::Action),
        (0u32..100_000)
            .prop_filter("another value", |n| *n != 250)
            .prop_map(Meaning::TestValue),
        "[a-z ]{1,20}".prop_map(Meaning::TestName),
        (any::<usize>(), "[a-z][a-z ]{0,19}").prop_map(|(i, r)| Meaning::Waiver(i, r)),
        "[a-z]{1,20}".prop_map(Meaning::WaiverReason),
    ]
}

#[derive(Debug, Clone)]
enum Cosmetic {
    Comment(usize, String),
    Indent(usize, usize),
    BlankLine(usize),
    DecimalSpelling(u8),
    DurationSpelling,
    Policy(Vec<(String, String)>),
}

fn cosmetic() -> impl Strategy<Value = Cosmetic> {
    let policy_code =
        prop::sample::select(vec!["K502", "K503", "K603", "K403", "K701", "K101", "K006"]);
    let level = prop::sample::select(vec!["off", "warning", "error"]);
    prop_oneof![
        (any::<usize>(), "[a-zA-Z0-9 ,.]{0,30}").prop_map(|(i, c)| Cosmetic::Comment(i, c)),
        (any::<usize>(), 1usize..6).prop_map(|(i, n)| Cosmetic::Indent(i, n)),
        any::<usize>().prop_map(Cosmetic::BlankLine),
        (1u8..4).prop_map(Cosmetic::DecimalSpelling),
        Just(Cosmetic::DurationSpelling),
        prop::collection::vec((policy_code, level), 0..4).prop_map(|v| Cosmetic::Policy(
            v.into_iter()
                .map(|(c, l)| (c.to_string(), l.to_string()))
                .collect()
        )),
    ]
}

/// A base with one waiver already in it (for edits of its reason).
fn with_waiver(text: &str) -> String {
    text.replacen(
        "  transition hold:",
        "  // keel:allow K502 -- covered by the nightly reconciliation\n  transition hold:",
        1,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn edits_of_meaning_change_the_digest(edit in meaning()) {
        let base = base();
        let (before, after) = match &edit {
            Meaning::Constant(n) => (base.clone(), base.replacen("deposit.amount <= 5000", &format!("deposit.amount <= {n}"), 1)),
            Meaning::GuardOp => (base.clone(), base.replacen("deposit.amount <= 5000", "deposit.amount < 5000", 1)),
            Meaning::Action(t) => (base.clone(), base.replacen("notify.email(\"deposit_credited\")", &format!("notify.email(\"{t}\")"), 1)),
            Meaning::TestValue(n) => (base.clone(), base.replacen("deposit.amount: 250 }", &format!("deposit.amount: {n} }}"), 1)),
            Meaning::TestName(n) => (base.clone(), base.replacen("\"a small deposit is credited at once\"", &format!("\"{n}\""), 1)),
            Meaning::Waiver(i, reason) => {
                let lines = statement_lines(&base);
                let at = lines[i % lines.len()];
                (base.clone(), insert_at(&base, at, &format!("// keel:allow K502 -- {reason}\n")))
            }
            Meaning::WaiverReason(r) => {
                let w = with_waiver(&base);
                (w.clone(), w.replacen("covered by the nightly reconciliation", r, 1))
            }
        };
        prop_assume!(before != after);
        prop_assert_ne!(digest(&before), digest(&after), "{:?}", edit);
    }

    #[test]
    fn edits_without_meaning_keep_the_digest(edits in prop::collection::vec(cosmetic(), 1..5)) {
        let base = base();
        let want = digest(&base);
        let mut text = base.clone();
        let mut toml = String::from("[rules]\n");
        for e in &edits {
            match e {
                Cosmetic::Comment(i, c) => {
                    let lines = statement_lines(&text);
                    let at = lines[i % lines.len()];
                    text = insert_at(&text, at, &format!("  // {c}\n"));
                }
                Cosmetic::Indent(i, n) => {
                    let lines = statement_lines(&text);
                    let at = lines[i % lines.len()];
                    text = insert_at(&text, at, &" ".repeat(*n));
                }
                Cosmetic::BlankLine(i) => {
                    let lines = statement_lines(&text);
                    let at = lines[i % lines.len()];
                    text = insert_at(&text, at, "\n");
                }
                Cosmetic::DecimalSpelling(zeros) => {
                    let z = "0".repeat(*zeros as usize);
                    text = text
                        .replace("deposit.amount <= 5000 ", &format!("deposit.amount <= 05000.{z} "))
                        .replace("deposit.amount: 5000 }", &format!("deposit.amount: 5000.{z} }}"))
                        .replace("deposit.amount: 250 }", &format!("deposit.amount: 0250.{z} }}"));
                }
                Cosmetic::DurationSpelling => {
                    text = text
                        .replace("Held sla 4h", "Held sla 240m")
                        .replace("Manual manual sla 2h", "Manual manual sla 7200s");
                }
                Cosmetic::Policy(levels) => {
                    for (c, l) in levels {
                        if !toml.contains(&format!("{c} =")) {
                            toml.push_str(&format!("{c} = \"{l}\"\n"));
                        }
                    }
                }
            }
        }
        prop_assert_eq!(digest(&text), want.clone(), "{:?}\n{}", edits, text);
        prop_assert_eq!(digest_under(&text, &toml), want, "{:?}\n{}", edits, toml);
    }
}

#[test]
fn a_directive_above_a_catalog_definition_is_a_waiver_of_every_workflow_of_the_file() {
    let base = base();
    let text = base.replacen(
        "event deposit.reviewed",
        "// keel:allow K603 -- reviews are monitored by the PSP\nevent deposit.reviewed",
        1,
    );
    let m = keel::check::model(
        &keel::source::SourceFile::new("t.keel", &text),
        keel::stdlib::Library::embedded(),
    )
    .expect("parses");
    let art = keel::check::content_artifact(&m.catalog, &m.workflows[0]);
    assert_eq!(art.waivers.len(), 1);
    assert_eq!(art.waivers[0].statement, "event deposit.reviewed");
    assert_eq!(art.waivers[0].code, "K603");
    assert_eq!(art.waivers[0].until, None);
    assert_ne!(art.digest, digest(&base));
    // A control named with it is no waiver.
    let text = base.replacen(
        "event deposit.reviewed",
        "// keel:allow K603 K202 -- reviews are monitored by the PSP\nevent deposit.reviewed",
        1,
    );
    let m = keel::check::model(
        &keel::source::SourceFile::new("t.keel", &text),
        keel::stdlib::Library::embedded(),
    )
    .expect("parses");
    let art = keel::check::content_artifact(&m.catalog, &m.workflows[0]);
    assert_eq!(
        art.waivers
            .iter()
            .map(|w| w.code.as_str())
            .collect::<Vec<_>>(),
        vec!["K603"]
    );
}

#[test]
fn long_decimals_that_a_double_cannot_tell_apart_still_digest_apart() {
    let base = base();
    let a = base.replacen(
        "deposit.amount <= 5000",
        "deposit.amount <= 1000000.0000000001",
        1,
    );
    let b = base.replacen(
        "deposit.amount <= 5000",
        "deposit.amount <= 1000000.0000000002",
        1,
    );
    assert_ne!(digest(&a), digest(&b));
}
