//! The artifact: deterministic builds that validate against the committed JSON Schema, a
//! digest equal to `keel digest`, and nothing written when a check fails.

mod common;

use common::{keel, stderr, stdout};
use std::fs;
use std::path::Path;

fn schema() -> serde_json::Value {
    serde_json::from_str(&keel::cli::schema::schema_json()).unwrap()
}

/// docs/artifact.schema.json is `keel schema`; `KEEL_UPDATE_DOCS=1` regenerates it.
#[test]
fn committed_schema_is_in_sync() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/artifact.schema.json");
    let now = keel::cli::schema::schema_json();
    if std::env::var_os("KEEL_UPDATE_DOCS").is_some() {
        fs::write(&path, &now).unwrap();
    }
    assert_eq!(
        fs::read_to_string(&path).unwrap_or_default(),
        now,
        "run `KEEL_UPDATE_DOCS=1 cargo test --test artifact`"
    );
    let o = keel(&["schema"], Path::new("."));
    assert_eq!(stdout(&o), now);
    assert!(jsonschema::meta::is_valid(&schema()));
}

fn build(dir: &Path, out: &str) -> (i32, String) {
    let o = keel(&["build", "examples", "--out", out], dir);
    (o.status.code().unwrap(), stderr(&o))
}

fn copy_examples(to: &Path) {
    let from = common::examples_dir();
    let mut stack = vec![from.clone()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(&from).unwrap();
            let dest = to.join("examples").join(rel);
            if p.is_dir() {
                fs::create_dir_all(&dest).unwrap();
                stack.push(p);
            } else {
                fs::create_dir_all(dest.parent().unwrap()).unwrap();
                fs::copy(&p, &dest).unwrap();
            }
        }
    }
}

#[test]
fn builds_are_deterministic_and_schema_valid() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    copy_examples(a.path());
    copy_examples(b.path());
    assert_eq!(build(a.path(), "out").0, 0);
    assert_eq!(build(b.path(), "elsewhere/deeper").0, 0);
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let mut names: Vec<String> = fs::read_dir(a.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "AML_SCREENING_v3.json",
            "DEPOSIT_CREDITING_v5.json",
            "LEAD_WELCOME_v2.json"
        ]
    );
    for n in &names {
        let one = fs::read(a.path().join("out").join(n)).unwrap();
        let two = fs::read(b.path().join("elsewhere/deeper").join(n)).unwrap();
        assert_eq!(one, two, "{n} differs between builds");
        let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{n}: {errors:?}");
        // No paths, no clock.
        let text = String::from_utf8(one).unwrap();
        assert!(!text.contains(&a.path().display().to_string()));
        assert!(!text.contains("examples/"));
        // The digest is what `keel digest` prints.
        let file = match v["workflow"].as_str().unwrap() {
            "AML_SCREENING" => "examples/kyc/aml_screening.keel",
            "DEPOSIT_CREDITING" => "examples/payments/deposit_crediting.keel",
            _ => "examples/onboarding/lead_welcome.keel",
        };
        let o = keel(&["digest", file], a.path());
        assert_eq!(
            stdout(&o).split_whitespace().nth(1),
            v["digest"].as_str(),
            "{n}"
        );
        let art: keel::artifact::Artifact = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(keel::digest::digest_of(&art), art.digest);
        assert_eq!(art.format, "keel.artifact/v1");
    }
}

#[test]
fn artifacts_carry_what_a_crm_needs() {
    let a = tempfile::tempdir().unwrap();
    copy_examples(a.path());
    assert_eq!(build(a.path(), "out").0, 0);
    let v: serde_json::Value =
        serde_json::from_slice(&fs::read(a.path().join("out/DEPOSIT_CREDITING_v5.json")).unwrap())
            .unwrap();
    assert_eq!(v["tier"], 3);
    assert_eq!(v["required_tier"], 3);
    let instant = v["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "instant")
        .unwrap();
    assert_eq!(instant["behind"], "instant_credit");
    assert_eq!(instant["guard"]["kind"], "and");
    assert_eq!(instant["guard"]["args"][0]["kind"], "compare");
    assert_eq!(instant["guard"]["args"][0]["op"], "<=");
    assert_eq!(instant["guard"]["args"][0]["right"]["value"], 5000);
    let credit = &instant["actions"][0];
    assert_eq!(credit["risk"], "money");
    assert_eq!(credit["idempotency_key"], "deposit.id");
    assert_eq!(credit["compensation"], "deposit.reverse");
    assert_eq!(v["tests"]["transition_coverage"]["covered"], 6);
    assert_eq!(v["tests"]["by_category"]["idempotency"], 1);
    let alerts = v["monitoring"]["stuck_alerts"].as_array().unwrap();
    assert!(alerts
        .iter()
        .any(|a| a["state"] == "Held" && a["source"] == "declared"));
    assert!(alerts
        .iter()
        .any(|a| a["state"] == "Received" && a["source"] == "sla" && a["after_seconds"] == 900));
    assert!(v["audit"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["name"] == "conditions"));
    assert_eq!(
        v["release"]["windows"][0]["days"],
        serde_json::json!(["Tue", "Wed", "Thu"])
    );
}

#[test]
fn a_failing_build_writes_nothing() {
    let a = tempfile::tempdir().unwrap();
    copy_examples(a.path());
    fs::create_dir_all(a.path().join("out")).unwrap();
    fs::write(a.path().join("out/keep.txt"), "untouched").unwrap();
    let f = a.path().join("examples/onboarding/lead_welcome.keel");
    let text = fs::read_to_string(&f).unwrap();
    fs::write(&f, text.replace("welcome_partner", "welcome_partner2")).unwrap(); // stale approvals
    let (code, err) = build(a.path(), "out");
    assert_eq!(code, 1, "{err}");
    let names: Vec<String> = fs::read_dir(a.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names, ["keep.txt"]);
    assert_eq!(
        fs::read_to_string(a.path().join("out/keep.txt")).unwrap(),
        "untouched"
    );
}

#[cfg(unix)]
#[test]
fn an_unwritable_output_directory_is_exit_2_and_leaves_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let a = tempfile::tempdir().unwrap();
    copy_examples(a.path());
    let out = a.path().join("ro");
    fs::create_dir_all(&out).unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).unwrap();
    // Root can write anywhere: then the build runs as `nobody`, for whom the permissions hold.
    let probe = out.join("probe");
    let o = if fs::write(&probe, "x").is_ok() {
        fs::remove_file(&probe).unwrap();
        match common::keel_unprivileged(&["build", "examples", "--out", "ro"], a.path()) {
            Some(o) => o,
            None => {
                eprintln!("skipped: running as root without a way to drop privileges");
                return;
            }
        }
    } else {
        keel(&["build", "examples", "--out", "ro"], a.path())
    };
    let (code, err) = (o.status.code(), stderr(&o));
    fs::set_permissions(&out, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("ro: cannot create a staging directory")
            && err.contains("nothing new was written to ro"),
        "{err}"
    );
    assert_eq!(fs::read_dir(&out).unwrap().count(), 0);
}

/// The digest's input as a third party computes it: the artifact as written to disk, read
/// back, the fields the digest leaves out removed, serialized by an independent RFC 8785
/// implementation.
fn jcs_reference(a: &keel::artifact::Artifact) -> String {
    let mut v: serde_json::Value =
        serde_json::from_str(&keel::digest::to_file_json(a)).expect("artifacts are JSON");
    keel::digest::strip_for_digest(&mut v);
    let jcs = serde_json_canonicalizer::to_string(&v).expect("JCS");
    // The same through the in-memory value.
    assert_eq!(
        serde_json_canonicalizer::to_string(&keel::digest::digest_value(a)).unwrap(),
        jcs
    );
    jcs
}

#[test]
fn the_fast_canonical_json_is_rfc_8785() {
    let sources: Vec<String> = common::keel_files_in(&[
        common::examples_dir(),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
    ])
    .iter()
    .map(|p| fs::read_to_string(p).unwrap())
    .collect();
    let mut n = 0;
    for src in sources {
        let file = keel::source::SourceFile::new("t.keel", &src);
        let Ok(m) = keel::check::model(&file, keel::stdlib::Library::embedded()) else {
            continue;
        };
        for w in &m.workflows {
            let a = keel::check::content_artifact(&m.catalog, w);
            // The digest computed transition by transition, without the whole artifact.
            let tests = keel::check::run_tests(&m.catalog, w);
            assert_eq!(
                keel::check::seal::digest_streamed(&m.catalog, w, tests.as_ref()),
                a.digest,
                "{}",
                w.id
            );
            assert_eq!(
                keel::check::seal::digest_only(&m.catalog, w, tests.as_ref()),
                a.digest
            );
            // One pass or streamed (big workflows): the same bytes hashed.
            assert_eq!(
                keel::digest::digest_streamed(&a),
                keel::digest::digest_whole(&a)
            );
            assert_eq!(
                keel::digest::canonical_json(&a),
                jcs_reference(&a),
                "{}",
                w.id
            );
            // The digest splices in the constant audit contract; it must hash the same bytes.
            let reference = |a: &keel::artifact::Artifact| {
                let json = jcs_reference(a);
                format!("sha256:{}", keel::digest::sha256_hex(json.as_bytes()))
            };
            assert_eq!(keel::digest::digest_of(&a), reference(&a), "{}", w.id);
            let mut foreign = a.clone();
            foreign.audit.retention_days += 1;
            assert_eq!(
                keel::digest::digest_of(&foreign),
                reference(&foreign),
                "{}",
                w.id
            );
            assert_eq!(
                keel::digest::digest_streamed(&foreign),
                reference(&foreign),
                "{}",
                w.id
            );
            n += 1;
        }
    }
    assert!(n > 20, "{n}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Numbers and strings as an independent RFC 8785 implementation writes them, for any
    /// double (random bit patterns: tiny, huge, integral, negative) and any text.
    #[test]
    fn canonical_numbers_and_strings_are_rfc_8785(bits in proptest::prelude::any::<u64>(), text in ".{0,12}", small in -1_000_000i64..1_000_000, scale in 0u32..12) {
        let f = f64::from_bits(bits);
        proptest::prop_assume!(f.is_finite());
        let decimal = small as f64 / 10f64.powi(scale as i32);
        let v = serde_json::json!({"b": [f, decimal, -0.0, 1e-6, 1e21, 9007199254740993u64], "a": text, "\u{1}": null});
        proptest::prop_assert_eq!(
            keel::canonical::to_string(&v, &[]).unwrap(),
            serde_json_canonicalizer::to_string(&v).unwrap()
        );
    }
}
