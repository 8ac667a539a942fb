//! Each rule's documentation (its `keel explain` text) carries a failing and a passing example;
//! the failing one must report the rule and the passing one must not.

mod common;

use keel::config::Env;

/// The ```keel block after `heading`, and a ```toml keel.lock block after it, if any.
fn example(doc: &str, heading: &str) -> Option<(String, Option<String>)> {
    let at = doc.find(heading)?;
    let rest = &doc[at..];
    let start = rest.find("```keel\n")? + "```keel\n".len();
    let end = start + rest[start..].find("```")?;
    let code = rest[start..end].to_string();
    let next_heading = rest[1..].find("\n## ").map_or(rest.len(), |i| i + 1);
    let lock = rest[end..next_heading]
        .find("```toml keel.lock\n")
        .map(|i| {
            let s = end + i + "```toml keel.lock\n".len();
            let e = s + rest[s..].find("```").unwrap();
            rest[s..e].to_string()
        });
    Some((code, lock))
}

fn codes_of(code: &str, text: &str, lock: Option<&str>) -> Vec<&'static str> {
    let text = &if keel::syntax::parse(text).is_ok() {
        common::bind_approvals(text)
    } else {
        text.to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("example.keel");
    std::fs::write(&path, text).unwrap();
    if let Some(l) = lock {
        std::fs::write(dir.path().join("keel.lock"), l).unwrap();
    }
    let project = keel::project::Project::load(keel::project::find_root(dir.path()), None).unwrap();
    let file = std::sync::Arc::new(keel::source::SourceFile::new(format!("{code}.keel"), text));
    let report = keel::check::check_file(
        file,
        &project,
        &keel::check::CheckOptions {
            env: Env::Production,
            run_tests: true,
            keep_artifacts: true,
        },
    );
    report.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn every_documented_example_behaves_as_its_page_says() {
    let mut checked = 0;
    for (code, doc) in keel::rules::RULE_DOCS {
        assert!(
            doc.starts_with(&format!("# {code} ")),
            "{code}: the page starts with its code"
        );
        let info =
            keel::codes::info(code).unwrap_or_else(|| panic!("{code} is not in the catalogue"));
        assert!(
            doc.contains(info.name),
            "{code}: the page names the rule `{}`",
            info.name
        );
        for section in [
            "**What it checks.**",
            "**Why it matters.**",
            "## Failing example",
            "## Passing example",
        ] {
            assert!(doc.contains(section), "{code}: missing {section}");
        }
        let (fail, fail_lock) = example(doc, "## Failing example").expect("failing example");
        let got = codes_of(code, &fail, fail_lock.as_deref());
        assert!(
            got.contains(code),
            "{code}: the failing example must report {code}, got {got:?}"
        );
        let (pass, pass_lock) = example(doc, "## Passing example").expect("passing example");
        let got = codes_of(code, &pass, pass_lock.as_deref());
        assert!(
            !got.contains(code),
            "{code}: the passing example must not report {code}, got {got:?}"
        );
        checked += 1;
    }
    assert!(checked >= 10);
}

fn index() -> String {
    let mut s = String::from(
        "# Rules\n\nGenerated from `src/rules/` (the same text `keel explain CODE` prints). Severities marked * are errors with `--env production` (the default) and warnings in sandbox and staging. Configure levels in keel.toml `[rules]`.\n\n| code | name | severity | fires when |\n|---|---|---|---|\n",
    );
    for r in keel::codes::RULES {
        s.push_str(&format!(
            "| [{}]({}.md) | {} | {}{} | {} |\n",
            r.code,
            r.code,
            r.name,
            r.severity.as_str(),
            if r.env_sensitive { "*" } else { "" },
            r.summary
        ));
    }
    s
}

/// docs/rules/CODE.md is the rule's `keel explain` text; `KEEL_UPDATE_DOCS=1` regenerates.
#[test]
fn docs_rules_pages_are_generated_from_the_rules() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let update = std::env::var_os("KEEL_UPDATE_DOCS").is_some();
    let mut pages: Vec<(String, String)> = keel::rules::RULE_DOCS
        .iter()
        .map(|(c, d)| (format!("{c}.md"), d.to_string()))
        .collect();
    pages.push(("README.md".to_string(), index()));
    for (name, text) in pages {
        let path = dir.join(&name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else {
            let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(on_disk == text, "docs/rules/{name} is out of date: run `KEEL_UPDATE_DOCS=1 cargo test --test rule_docs`");
        }
    }
}

#[test]
fn every_rule_in_the_catalogue_has_a_page() {
    for r in keel::codes::RULES {
        assert!(
            keel::rules::doc(r.code).is_some(),
            "{} has no documentation in src/rules/",
            r.code
        );
    }
}

/// The catalogue is the rules' declarations: each `src/rules/kNNN_name.rs` declares the code
/// and name its file is named after, its page's heading states the declared name and
/// severity, and docs/rules/ holds exactly one page per declared rule.
#[test]
fn declarations_catalogue_and_pages_agree() {
    let declared: Vec<&str> = keel::rules::MODULES.iter().map(|(_, r)| r.code).collect();
    let catalogue: Vec<&str> = keel::codes::RULES.iter().map(|r| r.code).collect();
    let documented: Vec<&str> = keel::rules::RULE_DOCS.iter().map(|(c, _)| *c).collect();
    assert_eq!(declared, catalogue);
    assert_eq!(documented, catalogue);
    for (module, r) in keel::rules::MODULES {
        assert_eq!(
            *module,
            format!("{}_{}", r.code.to_lowercase(), r.name.replace('-', "_")),
            "src/rules/{module}.rs declares {} {}",
            r.code,
            r.name
        );
        let doc = keel::rules::doc(r.code).unwrap();
        let heading = format!("# {} {} ({}", r.code, r.name, r.severity.as_str());
        assert!(
            doc.starts_with(&heading),
            "{}: the page starts with `{heading}`",
            r.code
        );
        assert_eq!(
            doc.lines().next().unwrap().contains("in production"),
            r.env_sensitive,
            "{}: the heading says whether the severity depends on the environment",
            r.code
        );
        assert!(
            !r.summary.is_empty() && !r.summary.contains('\n'),
            "{}",
            r.code
        );
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    pages.sort();
    let expected: Vec<String> = catalogue.iter().map(|c| format!("{c}.md")).collect();
    assert_eq!(
        pages, expected,
        "docs/rules/ has one page per declared rule"
    );
}

/// The controls are those of LANGUAGE.md §8 (K001–K005, K201–K210, K301–K306); the
/// declarations mark the implemented ones and each carries a remedy.
#[test]
fn declared_controls_are_those_of_section_8() {
    let in_section_8 =
        |n: u16| (1..=5).contains(&n) || (201..=210).contains(&n) || (301..=306).contains(&n);
    for n in 0..1000u16 {
        let code = format!("K{n:03}");
        assert_eq!(keel::codes::is_control(&code), in_section_8(n), "{code}");
    }
    for r in keel::codes::RULES {
        let n: u16 = r.code[1..].parse().unwrap();
        assert_eq!(
            r.control,
            in_section_8(n),
            "{} declares control: {}",
            r.code,
            r.control
        );
        assert_eq!(
            r.remedy != "fix the finding",
            r.control,
            "{}: a control names its remedy",
            r.code
        );
    }
    let declared: Vec<&str> = keel::codes::RULES
        .iter()
        .filter(|r| r.control)
        .map(|r| r.code)
        .collect();
    assert_eq!(declared.len(), 5 + 9 + 4);
}
