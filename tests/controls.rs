//! Controls that cannot be bypassed (LANGUAGE.md §8): every bypass of issue 13, tried the way
//! a hurried maintainer would, is refused with a diagnostic that says what to do instead.

mod common;

use common::{keel, stderr, stdout};
use std::fs;
use std::path::Path;

/// A copy of the bundled examples (keel.toml, keel.lock and the three workflows).
fn examples() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let src = common::examples_dir();
    for f in ["keel.toml", "keel.lock"] {
        fs::copy(src.join(f), d.path().join(f)).unwrap();
    }
    for sub in ["kyc", "onboarding", "payments"] {
        fs::create_dir_all(d.path().join(sub)).unwrap();
        for e in fs::read_dir(src.join(sub)).unwrap() {
            let p = e.unwrap().path();
            fs::copy(&p, d.path().join(sub).join(p.file_name().unwrap())).unwrap();
        }
    }
    d
}

const DEPOSIT: &str = "payments/deposit_crediting.keel";

fn read(d: &Path, rel: &str) -> String {
    fs::read_to_string(d.join(rel)).unwrap()
}

fn write(d: &Path, rel: &str, text: &str) {
    if let Some(p) = d.join(rel).parent() {
        fs::create_dir_all(p).unwrap();
    }
    fs::write(d.join(rel), text).unwrap();
}

/// The text without its approvals block.
fn without_approvals(text: &str) -> String {
    let start = text.find("  approvals {").unwrap();
    let end = start + text[start..].find("  }\n").unwrap() + 4;
    format!("{}{}", &text[..start], &text[end..])
}

fn check(d: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let mut a = vec!["check", "--format", "json"];
    a.extend_from_slice(args);
    let o = keel(&a, d);
    let v = serde_json::from_str(&stdout(&o)).unwrap_or(serde_json::Value::Null);
    (o.status.code().unwrap(), v, stderr(&o))
}

fn diags<'a>(v: &'a serde_json::Value, code: &str) -> Vec<&'a serde_json::Value> {
    v["diagnostics"]
        .as_array()
        .map(|a| a.iter().filter(|d| d["code"] == code).collect())
        .unwrap_or_default()
}

fn approve(d: &Path, file: &str, role: &str, by: &str, at: &str) -> std::process::Output {
    keel(&["approve", file, "--as", role, "--by", by, "--at", at], d)
}

/// Approves every role of the deposit workflow as the examples' script does.
fn approve_deposit(d: &Path) {
    for (role, by, at) in [
        ("owner", "a.kim", "2026-11-22T09:00:00Z"),
        ("maintainer", "t.nguyen", "2026-11-22T09:10:00Z"),
        ("compliance", "c.lee", "2026-11-22T12:00:00Z"),
        ("finance_risk", "r.patel", "2026-11-22T15:00:00Z"),
    ] {
        let o = approve(d, DEPOSIT, role, by, at);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
}

#[test]
fn examples_pass_as_shipped() {
    let d = examples();
    let (code, v, err) = check(d.path(), &["."]);
    assert_eq!(code, 0, "{v} {err}");
}

#[test]
fn allow_of_k202_is_k006_error_and_suppresses_nothing_and_publish_refuses() {
    let d = examples();
    let text = without_approvals(&read(d.path(), DEPOSIT)).replace(
        "workflow DEPOSIT_CREDITING v5 {",
        "// keel:allow K202 -- approvals tracked in Jira\nworkflow DEPOSIT_CREDITING v5 {",
    );
    write(d.path(), DEPOSIT, &text);
    let (code, v, _) = check(d.path(), &["--env", "production", DEPOSIT]);
    assert_eq!(code, 1, "{v}");
    assert!(!diags(&v, "K202").is_empty(), "K202 still reported: {v}");
    let k006 = diags(&v, "K006");
    assert_eq!(k006.len(), 1, "{v}");
    assert_eq!(k006[0]["severity"], "error");
    assert!(k006[0]["message"]
        .as_str()
        .unwrap()
        .contains("K202 is a control and cannot be suppressed"));
    assert!(k006[0]["help"].as_str().unwrap().contains("keel approve"));
    assert_eq!(v["summary"]["suppressed"], 0);
    // No configuration makes that K006 a warning, or off.
    write(d.path(), "keel.toml", "[rules]\nK006 = \"off\"\n");
    let (_, v, _) = check(d.path(), &[DEPOSIT]);
    assert_eq!(diags(&v, "K006")[0]["severity"], "error", "{v}");
    // Publishing refuses and writes nothing.
    let lock_before = read(d.path(), "keel.lock");
    let o = keel(&["publish", DEPOSIT], d.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("K202"), "{}", stderr(&o));
    assert_eq!(read(d.path(), "keel.lock"), lock_before);
}

#[test]
fn allow_of_k205_after_an_edit_does_not_hide_the_stale_approval() {
    let d = examples();
    let text = read(d.path(), DEPOSIT)
        .replace("deposit.amount <= 5000", "deposit.amount <= 50000")
        .replace(
            "  approvals {",
            "  // keel:allow K205 -- the limit change was agreed by phone\n  approvals {",
        );
    write(d.path(), DEPOSIT, &text);
    let (code, v, _) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 1);
    assert!(!diags(&v, "K205").is_empty(), "{v}");
    assert!(diags(&v, "K006")
        .iter()
        .any(|d| d["severity"] == "error" && d["message"].as_str().unwrap().contains("K205")));
}

#[test]
fn keel_toml_and_config_flag_cannot_lower_a_control() {
    let d = examples();
    write(d.path(), "evil.toml", "[rules]\nK202 = \"off\"\n");
    let text = without_approvals(&read(d.path(), DEPOSIT));
    write(d.path(), DEPOSIT, &text);
    let lock_before = read(d.path(), "keel.lock");
    let o = keel(&["publish", "--config", "evil.toml", DEPOSIT], d.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("evil.toml") && err.contains("K202") && err.contains("control"),
        "{err}"
    );
    assert_eq!(read(d.path(), "keel.lock"), lock_before);
    // The project's keel.toml likewise, for check too; a warning is lowering as well.
    for entry in [
        "K202 = \"off\"",
        "K202 = \"warning\"",
        "K002 = \"off\"",
        "stale-approval = \"off\"",
    ] {
        write(d.path(), "keel.toml", &format!("[rules]\n{entry}\n"));
        let o = keel(&["check", DEPOSIT], d.path());
        assert_eq!(o.status.code(), Some(2), "{entry}");
        assert!(stderr(&o).contains("keel.toml"), "{}", stderr(&o));
    }
    // Raising is fine.
    write(d.path(), "keel.toml", "[rules]\nK202 = \"error\"\n");
    let (code, _, err) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn an_unresolved_money_action_counts_as_tier_3() {
    let text = r#"use std::client
use std::notify

workflow PAYOUT v1 {
  tier 1
  owner "a.kim"
  maintainer "t.nguyen"
  states {
    New initial
    Paid terminal
  }
  // keel:allow K002 -- the payments module is loaded by the CRM
  transition pay: New -> Paid on client.registered
    do deposit.credit(amount: 100), notify.email("paid")
}
"#;
    let r = common::check_text("payout.keel", text, keel::config::Env::Production, true);
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"K002"), "{codes:?}");
    assert!(codes.contains(&"K006"), "{codes:?}");
    assert!(codes.contains(&"K201"), "unknown risk is Tier 3: {codes:?}");
    let k201 = r.diagnostics.iter().find(|d| d.code == "K201").unwrap();
    assert!(k201.label.contains("unknown"), "{}", k201.label);
    let m = keel::check::model(
        &keel::source::SourceFile::new("t.keel", text),
        keel::stdlib::Library::embedded(),
    )
    .expect("parses");
    let art = keel::check::content_artifact(&m.catalog, &m.workflows[0]);
    assert_eq!(art.required_tier, 3);
    assert_eq!(art.tier, 3);
    let call = &art.transitions[0].actions[0];
    assert_eq!(call.risk, None);
    assert_eq!(call.risk_tier, Some(3));
}

#[test]
fn the_standard_library_cannot_be_redefined() {
    // A [library] module under std:: is a configuration error.
    let d = examples();
    write(
        d.path(),
        "keel.toml",
        "[check]\nenv = \"production\"\n[library]\npaths = [\"lib\"]\n",
    );
    write(
        d.path(),
        "lib/std/payments.keel",
        "action deposit.credit(amount: number) {\n  risk content\n}\n",
    );
    let o = keel(&["check", DEPOSIT], d.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("std::payments") && err.contains("lib"),
        "{err}"
    );
    // A project module that redefines a stdlib action: K003 at the `use`.
    fs::remove_dir_all(d.path().join("lib/std")).unwrap();
    write(
        d.path(),
        "lib/acme/psp.keel",
        "action deposit.credit(amount: number) {\n  risk content\n}\n",
    );
    let text = read(d.path(), DEPOSIT)
        .replace("use std::payments\n", "use std::payments\nuse acme::psp\n");
    write(d.path(), DEPOSIT, &text);
    let (code, v, _) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 1);
    let k003 = diags(&v, "K003");
    assert!(
        k003.iter()
            .any(|d| d["help"].as_str().unwrap().contains("std::payments")),
        "{v}"
    );
    // Also through another project module.
    fs::remove_file(d.path().join("lib/acme/psp.keel")).unwrap();
    write(
        d.path(),
        "lib/acme/base.keel",
        "attribute client.balance: number\n",
    );
    write(d.path(), "lib/acme/psp.keel", "use acme::base\n");
    let (code, v, _) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 1);
    assert!(
        diags(&v, "K003")
            .iter()
            .any(|d| d["help"].as_str().unwrap().contains("std::client")),
        "{v}"
    );
    // A local definition, with or without the module in use.
    for uses in ["use std::client\n", "use std::client\nuse std::payments\n"] {
        let text = format!("{uses}action deposit.credit(amount: number) {{\n  risk content\n}}\n");
        let r = common::check_text("local.keel", &text, keel::config::Env::Production, true);
        let d = r.diagnostics.iter().find(|d| d.code == "K003");
        let d = d.unwrap_or_else(|| panic!("{uses}: {:?}", r.diagnostics));
        assert!(
            d.help.as_deref().unwrap_or("").contains("std::payments"),
            "{:?}",
            d.help
        );
    }
    // Payload fields are not definitions: an event may carry a stdlib attribute's name.
    let ok = "use std::client\nevent desk.moved { client.country: text }\n";
    let r = common::check_text("ok.keel", ok, keel::config::Env::Production, true);
    assert!(
        r.diagnostics.iter().all(|d| d.code != "K003"),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn a_content_action_that_credits_a_balance_is_k208() {
    let text = "use std::client\n\naction desk.credit(amount: number) {\n  risk content\n  idempotent by client.id\n  adds client.balance amount\n}\n";
    let r = common::check_text("desk.keel", text, keel::config::Env::Production, true);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "K208")
        .expect("K208");
    assert_eq!(d.severity, keel::diagnostic::Severity::Error);
    // Labelled at the risk line.
    assert_eq!(
        &text[d.span.start as usize..d.span.end as usize],
        "risk content"
    );
    // Suppressing it is a control suppression.
    let waived = text.replace(
        "  risk content",
        "  // keel:allow K208 -- it is only a display balance\n  risk content",
    );
    let r = common::check_text("desk.keel", &waived, keel::config::Env::Production, true);
    assert!(r.diagnostics.iter().any(|d| d.code == "K208"));
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.code == "K006" && d.severity == keel::diagnostic::Severity::Error));
}

#[test]
fn people_are_compared_by_identity_key() {
    let d = examples();
    // The changelog author (t.nguyen) approving as compliance with another spelling.
    for spelling in ["T.Nguyen", "t.nguyen ", "\u{FF54}.nguyen"] {
        let text = read(d.path(), DEPOSIT).replace(
            "compliance \"c.lee\"",
            &format!("compliance \"{spelling}\""),
        );
        write(d.path(), DEPOSIT, &text);
        let (_, v, _) = check(d.path(), &[DEPOSIT]);
        assert!(!diags(&v, "K204").is_empty(), "{spelling:?}: {v}");
        write(d.path(), DEPOSIT, &read(&common::examples_dir(), DEPOSIT));
    }
    // An invisible character is K005 (and still the same person for K204).
    let text =
        read(d.path(), DEPOSIT).replace("compliance \"c.lee\"", "compliance \"t.nguyen\u{200B}\"");
    write(d.path(), DEPOSIT, &text);
    let (_, v, _) = check(d.path(), &[DEPOSIT]);
    assert!(
        diags(&v, "K005")
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("U+200B")),
        "{v}"
    );
    assert!(!diags(&v, "K204").is_empty(), "{v}");
    // Mixed scripts are K005.
    let text = read(&common::examples_dir(), DEPOSIT)
        .replace("owner \"a.kim\"\n", "owner \"a.k\u{0456}m\"\n");
    write(d.path(), DEPOSIT, &text);
    let (_, v, _) = check(d.path(), &[DEPOSIT]);
    assert!(!diags(&v, "K005").is_empty(), "{v}");
}

#[test]
fn approve_refuses_invisible_names_and_future_timestamps() {
    let d = examples();
    let before = read(d.path(), DEPOSIT);
    let o = approve(
        d.path(),
        DEPOSIT,
        "compliance",
        "c.lee\u{200B}",
        "2026-11-22T12:00:00Z",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("U+200B"), "{}", stderr(&o));
    let o = approve(
        d.path(),
        DEPOSIT,
        "compliance",
        "c.l\u{0435}e",
        "2026-11-22T12:00:00Z",
    );
    assert_eq!(o.status.code(), Some(2), "mixed script");
    let future = (jiff::Timestamp::now() + jiff::SignedDuration::from_secs(3600)).to_string();
    let o = approve(d.path(), DEPOSIT, "compliance", "c.lee", &future);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("future"), "{}", stderr(&o));
    assert_eq!(read(d.path(), DEPOSIT), before, "nothing written");
    // Up to five minutes ahead is clock skew, not a lie.
    let soon = (jiff::Timestamp::now() + jiff::SignedDuration::from_secs(120)).to_string();
    let o = approve(d.path(), DEPOSIT, "compliance", "c.lee", &soon);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn owner_and_maintainer_approvals_by_someone_else_are_k209() {
    let d = examples();
    approve_deposit(d.path());
    let o = approve(
        d.path(),
        DEPOSIT,
        "owner",
        "mallory",
        "2026-11-23T09:00:00Z",
    );
    assert_eq!(o.status.code(), Some(0));
    let (code, v, _) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 1);
    let k209 = diags(&v, "K209");
    assert_eq!(k209.len(), 1, "{v}");
    assert!(k209[0]["message"].as_str().unwrap().contains("mallory"));
    // The declared owner with another case is the owner.
    let o = approve(d.path(), DEPOSIT, "owner", "A.Kim", "2026-11-23T09:00:00Z");
    assert_eq!(o.status.code(), Some(0));
    let (code, v, _) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 0, "{v}");
    // [roles] lists who may approve each role.
    let toml = read(d.path(), "keel.toml");
    write(
        d.path(),
        "keel.toml",
        &format!("{toml}\n[roles]\ncompliance = [\"a.okafor\"]\n"),
    );
    let (code, v, _) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 1);
    assert!(
        diags(&v, "K209")
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("c.lee")),
        "{v}"
    );
    write(
        d.path(),
        "keel.toml",
        &format!("{toml}\n[roles]\ncompliance = [\"C.Lee\"]\nowner = [\"j.doe\"]\n"),
    );
    let (_, v, _) = check(d.path(), &[DEPOSIT]);
    let k209 = diags(&v, "K209");
    assert!(
        k209.len() == 2
            && k209.iter().all(|d| d["message"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("a.kim")),
        "the owner approval and the declared owner: {v}"
    );
}

#[test]
fn long_decimals_are_k005_and_numbers_digest_by_value() {
    let d = examples();
    let base = read(d.path(), DEPOSIT);
    write(
        d.path(),
        DEPOSIT,
        &base.replace(
            "deposit.amount <= 5000",
            "deposit.amount <= 1000000.0000000001",
        ),
    );
    let (code, v, _) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 1);
    assert!(
        diags(&v, "K005").iter().any(|d| d["message"]
            .as_str()
            .unwrap()
            .contains("significant digits")),
        "{v}"
    );
    // `5000` and `5000.0`, `60m` and `1h`, in guards and test values: one digest.
    let digest = |text: &str| {
        write(d.path(), DEPOSIT, text);
        let o = keel(&["digest", DEPOSIT], d.path());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let plain = digest(&base);
    let spelled = base
        .replace("deposit.amount <= 5000", "deposit.amount <= 5000.0")
        .replace("deposit.amount: 5000", "deposit.amount: 05000.00");
    assert_ne!(spelled, base);
    assert_eq!(digest(&spelled), plain);
    let changed = base.replace("deposit.amount <= 5000", "deposit.amount <= 5001");
    assert_ne!(digest(&changed), plain);
}

#[test]
fn init_invents_no_approvals() {
    let d = tempfile::tempdir().unwrap();
    let o = keel(&["init", "."], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let wf = read(d.path(), "workflows/welcome.keel");
    assert!(!wf.contains("approvals"), "{wf}");
    assert!(stdout(&o).contains("keel approve"), "{}", stdout(&o));
    let (code, v, _) = check(d.path(), &["."]);
    assert_eq!(code, 1);
    assert!(!diags(&v, "K202").is_empty(), "{v}");
}

#[test]
fn environments_restrict_where_a_workflow_may_go() {
    let d = examples();
    let text = read(d.path(), DEPOSIT).replace(
        "environments sandbox, staging, production",
        "environments sandbox",
    );
    write(d.path(), DEPOSIT, &text);
    let (code, v, _) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 1);
    let k304 = diags(&v, "K304");
    assert_eq!(k304.len(), 1, "{v}");
    assert_eq!(k304[0]["line"], 16);
    let (_, v, _) = check(d.path(), &["--env", "sandbox", DEPOSIT]);
    assert!(diags(&v, "K304").is_empty(), "{v}");
    let o = keel(&["publish", DEPOSIT], d.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("K304"), "{}", stderr(&o));
}

#[test]
fn one_workflow_id_in_two_files_is_k003() {
    let d = examples();
    write(d.path(), "payments/copy.keel", &read(d.path(), DEPOSIT));
    let (code, v, _) = check(d.path(), &["."]);
    assert_eq!(code, 1);
    let k003 = diags(&v, "K003");
    assert_eq!(k003.len(), 1, "{v}");
    assert!(k003[0]["message"]
        .as_str()
        .unwrap()
        .contains("also defined in"));
    let o = keel(&["publish", "."], d.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn build_records_checked_for_from_env_only_and_always_runs_tests() {
    let d = examples();
    write(
        d.path(),
        "keel.toml",
        "[check]\nenv = \"sandbox\"\n[rules]\nK502 = \"off\"\n",
    );
    let out = d.path().join("out");
    let o = keel(&["build", ".", "--out", out.to_str().unwrap()], d.path());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let art: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("DEPOSIT_CREDITING_v5.json")).unwrap())
            .unwrap();
    assert_eq!(art["checked_for"], "production");
    assert_eq!(art["policy"], serde_json::json!({"K502": "off"}));
    assert_eq!(art["waivers"], serde_json::json!([]));
    let o = keel(
        &[
            "build",
            DEPOSIT,
            "--env",
            "staging",
            "--out",
            out.to_str().unwrap(),
        ],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    let staged: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("DEPOSIT_CREDITING_v5.json")).unwrap())
            .unwrap();
    assert_eq!(staged["checked_for"], "staging");
    // Neither the environment nor the policy is part of the digest.
    assert_eq!(staged["digest"], art["digest"]);
    let o = keel(
        &["build", ".", "--no-tests", "--out", out.to_str().unwrap()],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn waivers_are_content_and_stale_the_approvals() {
    let d = examples();
    let (code, _, _) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 0);
    let text = read(d.path(), DEPOSIT).replace(
        "  transition hold:",
        "  // keel:allow K502 -- held deposits are covered by the nightly reconciliation until 2027-01-31\n  transition hold:",
    );
    write(d.path(), DEPOSIT, &text);
    let (code, v, _) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 1);
    assert!(
        !diags(&v, "K205").is_empty(),
        "a new waiver stales the approvals: {v}"
    );
    approve_deposit(d.path());
    let out = d.path().join("out");
    let o = keel(
        &["build", DEPOSIT, "--out", out.to_str().unwrap()],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let art: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("DEPOSIT_CREDITING_v5.json")).unwrap())
            .unwrap();
    assert_eq!(
        art["waivers"],
        serde_json::json!([{
            "code": "K502",
            "statement": "transition hold",
            "reason": "held deposits are covered by the nightly reconciliation",
            "until": "2027-01-31"
        }])
    );
    // Changing the reason is a change of content too.
    let text = read(d.path(), DEPOSIT).replace("nightly reconciliation", "weekly reconciliation");
    write(d.path(), DEPOSIT, &text);
    let (_, v, _) = check(d.path(), &[DEPOSIT]);
    assert!(!diags(&v, "K205").is_empty(), "{v}");
}

#[test]
fn baselines_never_hide_controls_and_edits_bring_findings_back() {
    let d = examples();
    let base = without_approvals(&read(d.path(), DEPOSIT));
    // A warning finding (K603) and a control (K202).
    let text = base.replace("    backout 5m", "    backout 20m");
    write(d.path(), DEPOSIT, &text);
    let (_, v, _) = check(d.path(), &[DEPOSIT]);
    assert!(
        !diags(&v, "K403").is_empty() && !diags(&v, "K202").is_empty(),
        "{v}"
    );
    let o = keel(&["check", DEPOSIT, "--write-baseline", "b.json"], d.path());
    assert_eq!(o.status.code(), Some(0));
    let b = read(d.path(), "b.json");
    assert!(b.contains("K403") && !b.contains("K202"), "{b}");
    let (_, v, _) = check(d.path(), &[DEPOSIT, "--baseline", "b.json"]);
    assert!(diags(&v, "K403").is_empty(), "{v}");
    assert!(
        !diags(&v, "K202").is_empty(),
        "a control is never hidden: {v}"
    );
    // A hand-edited baseline that names the control hides nothing either.
    let forged = b.replace("\"K403\"", "\"K202\"");
    write(d.path(), "forged.json", &forged);
    let (_, v, _) = check(d.path(), &[DEPOSIT, "--baseline", "forged.json"]);
    assert!(!diags(&v, "K202").is_empty(), "{v}");
    // An edit of the workflow's content brings the baselined finding back.
    write(
        d.path(),
        DEPOSIT,
        &text.replace("deposit.amount <= 5000", "deposit.amount <= 9000"),
    );
    let (_, v, _) = check(d.path(), &[DEPOSIT, "--baseline", "b.json"]);
    assert!(!diags(&v, "K403").is_empty(), "{v}");
    // Build and publish ignore baselines (they take no such flag).
    let o = keel(
        &["build", DEPOSIT, "--baseline", "b.json", "--out", "o"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(2));
}

/// A project whose workflow calls an action of a `[library]` module (`lib/acme/msg.keel`).
fn library_project(action: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "keel.toml", "[library]\npaths = [\"lib\"]\n");
    write(
        d.path(),
        "lib/acme/msg.keel",
        &format!("use std::client\n\n{action}"),
    );
    write(
        d.path(),
        "workflows/goodwill.keel",
        r#"use std::client
use std::payments
use acme::msg

workflow GOODWILL v1 {
  title "Goodwill"
  tier 1
  owner "a.kim"
  maintainer "t.nguyen"
  states {
    A initial
    B terminal
  }
  transition go: A -> B on deposit.received do acme.goodwill(amount: deposit.amount)
  test "credits" happy_path {
    event deposit.received { deposit.id: "d", deposit.amount: 500 }
    expect state B
  }
}
"#,
    );
    d
}

#[test]
fn library_modules_are_checked_with_the_workflows_that_use_them() {
    let credit = "/// A goodwill note (and, quietly, a credit).\naction acme.goodwill(amount: number) {\n  risk content\n  adds client.balance amount\n}\n";
    let d = library_project(credit);
    // Only the workflows' directory is checked: the module's K208 is still reported, at the
    // module's file, and the understated action counts as Tier 3 (K201).
    let (code, v, _) = check(d.path(), &["workflows"]);
    assert_eq!(code, 1, "{v}");
    let k208 = diags(&v, "K208");
    assert_eq!(k208.len(), 1, "{v}");
    assert_eq!(k208[0]["file"], "lib/acme/msg.keel");
    let k201 = diags(&v, "K201");
    assert_eq!(k201.len(), 1, "{v}");
    assert!(k201[0]["message"]
        .as_str()
        .unwrap()
        .contains("require Tier 3"));
    // Checking the module's directory too reports it once.
    let (_, v, _) = check(d.path(), &["workflows", "lib"]);
    assert_eq!(diags(&v, "K208").len(), 1, "{v}");
    let (_, v, _) = check(d.path(), &["lib", "workflows"]);
    assert_eq!(diags(&v, "K208").len(), 1, "{v}");
    // build fails and writes nothing.
    let out = d.path().join("out");
    let o = keel(
        &["build", "workflows", "--out", out.to_str().unwrap()],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(!out.exists());

    // A module's unknown compensation is its K002 (it used to become `compensation: null`).
    let note =
        "action acme.goodwill(amount: number) {\n  risk routing\n  compensate acme.unnote\n}\n";
    let d = library_project(note);
    let (code, v, _) = check(d.path(), &["workflows"]);
    assert_eq!(code, 1, "{v}");
    let k002 = diags(&v, "K002");
    assert_eq!(k002.len(), 1, "{v}");
    assert_eq!(k002[0]["file"], "lib/acme/msg.keel");
    // publish refuses too, even with the workflow approved: the module's error is its users'.
    for (role, by) in [("owner", "a.kim"), ("maintainer", "t.nguyen")] {
        let o = approve(
            d.path(),
            "workflows/goodwill.keel",
            role,
            by,
            "2026-11-22T09:00:00Z",
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let o = keel(&["publish", "workflows"], d.path());
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("lib/acme/msg.keel"), "{}", stderr(&o));
    assert!(!d.path().join("keel.lock").exists());
    // A correct module adds nothing (the workflow lacks only its approvals).
    let fine = "action acme.goodwill(amount: number) {\n  risk content\n}\n";
    let d = library_project(fine);
    let (_, v, _) = check(d.path(), &["workflows"]);
    let all = v["diagnostics"].as_array().unwrap();
    assert!(all.iter().all(|x| x["code"] == "K202"), "{v}");
}

#[test]
fn a_config_flag_cannot_drop_the_projects_roles() {
    let d = examples();
    approve_deposit(d.path());
    let toml = read(d.path(), "keel.toml");
    write(
        d.path(),
        "keel.toml",
        &format!("{toml}\n[roles]\ncompliance = [\"a.okafor\"]\n"),
    );
    write(d.path(), "other.toml", "# nothing\n");
    let (code, v, _) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 1);
    assert_eq!(diags(&v, "K209").len(), 1, "{v}");
    // --config replaces the project's settings, but not its [roles]: K209 still holds.
    let (code, v, _) = check(d.path(), &["--config", "other.toml", DEPOSIT]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(diags(&v, "K209").len(), 1, "{v}");
    let out = d.path().join("out");
    let o = keel(
        &[
            "build",
            "--config",
            "other.toml",
            DEPOSIT,
            "--out",
            out.to_str().unwrap(),
        ],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    // Both lists apply: an approver must be in each.
    write(
        d.path(),
        "other.toml",
        "[roles]\ncompliance = [\"c.lee\", \"a.okafor\"]\n",
    );
    let (_, v, _) = check(d.path(), &["--config", "other.toml", DEPOSIT]);
    assert_eq!(diags(&v, "K209").len(), 1, "{v}");
    write(
        d.path(),
        "keel.toml",
        &format!("{toml}\n[roles]\ncompliance = [\"c.lee\"]\n"),
    );
    let (code, v, _) = check(d.path(), &["--config", "other.toml", DEPOSIT]);
    assert_eq!(code, 0, "{v}");
}

fn keel_on(d: &Path, today: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(common::keel_bin())
        .args(args)
        .current_dir(d)
        .env("NO_COLOR", "1")
        .env("KEEL_TODAY", today)
        .output()
        .unwrap()
}

#[test]
fn keel_today_cannot_bring_back_an_expired_waiver_in_build_or_publish() {
    let d = examples();
    // A transition no test takes (K502, an error in the examples), waived until 2026-01-01.
    let text = read(d.path(), DEPOSIT).replace(
        "  transition manual_reject:",
        "  // keel:allow K502 -- covered by the nightly reconciliation until 2026-01-01\n  transition manual_hold: Manual -> Held on deposit.received\n\n  transition manual_reject:",
    );
    write(d.path(), DEPOSIT, &text);
    approve_deposit(d.path());
    // keel check honours KEEL_TODAY (the waiver applies on 2025-12-31)...
    let o = keel_on(d.path(), "2025-12-31", &["check", DEPOSIT]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    // ...keel build and keel publish use the real date: the waiver has expired.
    let out = d.path().join("out");
    let o = keel_on(
        d.path(),
        "2025-12-31",
        &["build", DEPOSIT, "--out", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("K502"), "{}", stdout(&o));
    let lock = read(d.path(), "keel.lock");
    let o = keel_on(d.path(), "2025-12-31", &["publish", DEPOSIT]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(read(d.path(), "keel.lock"), lock);
    // An invalid KEEL_TODAY is a usage error, not silently today.
    for bad in ["2026-02-30", "tomorrow", "2026-1-1", ""] {
        for cmd in ["check", "test"] {
            let o = keel_on(d.path(), bad, &[cmd, DEPOSIT]);
            assert_eq!(o.status.code(), Some(2), "{cmd} {bad}: {}", stderr(&o));
            assert!(stderr(&o).contains("KEEL_TODAY"), "{}", stderr(&o));
        }
    }
}

#[test]
fn a_malformed_until_suppresses_nothing_and_is_k006() {
    let d = examples();
    for until in [
        "until 2026-02-30",
        "until 2026-13-01",
        "until 2020-1-1",
        "until tomorrow",
        "Until 2099-01-01",
        "until 2099-01-01 until 2099-02-01",
    ] {
        let text = read(&common::examples_dir(), DEPOSIT).replace(
            "  transition manual_reject:",
            &format!("  // keel:allow K502 -- covered by the nightly reconciliation {until}\n  transition manual_hold: Manual -> Held on deposit.received\n\n  transition manual_reject:"),
        );
        write(d.path(), DEPOSIT, &text);
        let (code, v, _) = check(d.path(), &[DEPOSIT]);
        assert_eq!(code, 1, "{until}: {v}");
        assert_eq!(diags(&v, "K502").len(), 1, "{until}: {v}");
        let k006 = diags(&v, "K006");
        assert_eq!(k006.len(), 1, "{until}: {v}");
        assert!(
            k006[0]["help"].as_str().unwrap().contains("YYYY-MM-DD"),
            "{v}"
        );
        assert_eq!(v["summary"]["suppressed"], 0, "{until}: {v}");
    }
}

#[test]
fn waivers_in_a_library_module_are_content_of_the_workflows_that_use_it() {
    const WF: &str = "workflows/goodwill.keel";
    let action =
        "/// A goodwill note.\naction acme.goodwill(amount: number) {\n  risk content\n}\n";
    let d = library_project(action);
    let approve_both = |d: &Path| {
        for (role, by) in [("owner", "a.kim"), ("maintainer", "t.nguyen")] {
            let o = approve(d, WF, role, by, "2026-11-22T09:00:00Z");
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        }
    };
    approve_both(d.path());
    let (code, v, _) = check(d.path(), &[WF]);
    assert_eq!(code, 0, "{v}");
    // A waiver added in the module, not in the workflow's file, stales its approvals.
    write(
        d.path(),
        "lib/acme/msg.keel",
        &format!("use std::client\n\n// keel:allow K604 -- the PSP deduplicates notes\n{action}"),
    );
    let (code, v, _) = check(d.path(), &[WF]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(diags(&v, "K205").len(), 1, "{v}");
    // Once re-approved, the artifact lists it.
    approve_both(d.path());
    let out = d.path().join("out");
    let o = keel(&["build", WF, "--out", out.to_str().unwrap()], d.path());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let art: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("GOODWILL_v1.json")).unwrap()).unwrap();
    assert_eq!(
        art["waivers"],
        serde_json::json!([{
            "code": "K604",
            "statement": "action acme.goodwill",
            "reason": "the PSP deduplicates notes",
            "until": null
        }])
    );
}

#[test]
fn blank_changelog_entries_are_k301() {
    let d = examples();
    let orig = read(d.path(), DEPOSIT);
    for (from, to) in [
        (
            "what \"Instant credit limit rises from 2000 to 5000\"",
            "what \"\"",
        ),
        (
            "why \"OPS-512: reviewers spend most of their day on small deposits\"",
            "why \"  \"",
        ),
        ("by \"t.nguyen\"\n    ticket", "by \" \"\n    ticket"),
    ] {
        assert!(orig.contains(from));
        write(d.path(), DEPOSIT, &orig.replace(from, to));
        let (code, v, _) = check(d.path(), &[DEPOSIT]);
        assert_eq!(code, 1, "{to}: {v}");
        assert_eq!(diags(&v, "K301").len(), 1, "{to}: {v}");
    }
}

#[test]
fn one_version_written_two_ways_is_k003() {
    let d = examples();
    let copy = read(d.path(), DEPOSIT).replace(
        "workflow DEPOSIT_CREDITING v5",
        "workflow DEPOSIT_CREDITING v05",
    );
    assert!(copy.contains("v05"));
    write(d.path(), "payments/copy.keel", &copy);
    let (code, v, _) = check(d.path(), &["payments"]);
    assert_eq!(code, 1);
    let k003 = diags(&v, "K003");
    assert_eq!(k003.len(), 1, "{v}");
    assert!(
        k003[0]["message"]
            .as_str()
            .unwrap()
            .contains("also defined in"),
        "{v}"
    );
}

#[test]
fn a_rule_set_by_code_and_by_name_is_a_configuration_error() {
    let d = examples();
    let toml = read(d.path(), "keel.toml");
    write(
        d.path(),
        "keel.toml",
        &toml.replace(
            "[rules]\n",
            "[rules]\nmissing-release-window = \"off\"\nK601 = \"error\"\n",
        ),
    );
    let (code, _, err) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("keel.toml") && err.contains("missing-release-window") && err.contains("K601"),
        "{err}"
    );
}

#[test]
fn a_nested_project_is_held_to_the_keel_locks_above_it() {
    let d = examples();
    let lock = read(d.path(), "keel.lock");
    write(
        d.path(),
        "keel.lock",
        &format!("{lock}\n[[published]]\nid = \"DEPOSIT_CREDITING_v5\"\ndigest = \"sha256:{}\"\nstates = [\"Received\"]\npublished_at = \"2026-11-01T09:00:00Z\"\n", "0".repeat(64)),
    );
    // An empty keel.toml makes payments/ a project of its own, with no keel.lock.
    write(d.path(), "payments/keel.toml", "");
    let (code, v, _) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(diags(&v, "K302").len(), 1, "{v}");
    let o = keel(&["publish", DEPOSIT], d.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!d.path().join("payments/keel.lock").exists());
    // A keel.lock of its own that records the current content does not hide the outer record.
    let o = keel(&["digest", DEPOSIT], d.path());
    let digest = stdout(&o).split_whitespace().nth(1).unwrap().to_string();
    write(
        d.path(),
        "payments/keel.lock",
        &format!("[[published]]\nid = \"DEPOSIT_CREDITING_v5\"\ndigest = \"{digest}\"\nstates = [\"Received\"]\npublished_at = \"2026-12-01T09:00:00Z\"\n"),
    );
    let (code, v, _) = check(d.path(), &[DEPOSIT]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(diags(&v, "K302").len(), 1, "{v}");
    fs::remove_file(d.path().join("payments/keel.lock")).unwrap();
    // A repository boundary (.git) ends the search.
    fs::create_dir(d.path().join("payments/.git")).unwrap();
    let (_, v, _) = check(d.path(), &[DEPOSIT]);
    assert!(diags(&v, "K302").is_empty(), "{v}");
}
