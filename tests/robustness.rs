//! Never panic, never hang, never lose a byte: arbitrary and mutated input, the explicit
//! limits, encodings and line endings, I/O failures (unreadable paths, symlink loops, an
//! output directory that cannot be made, a full disk), and a sweep of thousands of broken
//! workflows through the command line. The fuzz targets (fuzz/) go further; their crash
//! inputs, if any are found, are added to `fuzz_regressions` below.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use keel::check::{check_file, CheckOptions, FileReport};
use keel::config::Env;
use keel::diagnostic::Severity;
use keel::project::Project;
use keel::source::SourceFile;
use proptest::prelude::*;

use common::{keel, stderr, stdout};

fn check_bytes(bytes: &[u8]) -> FileReport {
    let file = Arc::new(SourceFile::from_bytes("t.keel", bytes));
    check_file(
        file,
        &Project::default(),
        &CheckOptions {
            env: Env::Production,
            run_tests: true,
            keep_artifacts: true,
        },
    )
}

/// What every report must be: diagnostics with a known code, a message, a span inside the
/// text, and help for syntax errors; a file that does not parse has at least one error.
fn well_formed(r: &FileReport) -> Result<(), String> {
    let len = r.file.text.len();
    for d in &r.diagnostics {
        if keel::codes::info(d.code).is_none() {
            return Err(format!("unknown code {}", d.code));
        }
        if d.message.is_empty() {
            return Err(format!("{} without a message", d.code));
        }
        if d.span.start > d.span.end || d.span.end as usize > len {
            return Err(format!("{} span {:?} outside 0..{len}", d.code, d.span));
        }
        if d.code == "K001" && d.help.is_none() {
            return Err(format!("K001 without help: {}", d.message));
        }
    }
    if !r.parsed && !r.diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err("a file that does not parse has no error".into());
    }
    Ok(())
}

/// Every `.keel` file of the repository's examples and test fixtures.
fn sources() -> &'static [String] {
    static SOURCES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    SOURCES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out: Vec<String> =
            common::keel_files_in(&[root.join("examples"), root.join("tests/fixtures")])
                .iter()
                .map(|p| fs::read_to_string(p).unwrap())
                .collect();
        out.sort();
        out
    })
}

const TOKENS: &[&str] = &[
    "",
    " ",
    "\n",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "->",
    ":",
    ",",
    "\"",
    "\"x\"",
    "//c\n",
    "///d\n",
    "1",
    "-",
    "0.5",
    "99999999999999999999999999999",
    "15m",
    "100%",
    "200%",
    "2026-13-45T99:00:00Z",
    "22:00",
    "Mon-Fri",
    "when",
    "otherwise",
    "not",
    "and",
    "or",
    "in",
    "==",
    "<",
    "x.y",
    "initial",
    "terminal",
    "manual",
    "do",
    "on",
    "behind",
    "transition",
    "states",
    "test",
    "workflow",
    "v0",
    "v2",
    "tier 3",
    "expect",
    "given",
    "event",
    "state",
    "approvals",
    "owner",
    "rollback",
    "release",
    "monitor",
    "access",
    "override",
    "flag",
    "invariant",
    "once",
    "per",
    "sla",
    "requires",
    "times",
    "twice",
    "\u{FEFF}",
    "é",
    "\r\n",
    "\t",
    "\\",
    "keel:allow",
    "// keel:allow(K502) reason\n",
];

/// A mutation of a real file: delete, duplicate, replace or insert at a byte range.
fn mutate(src: &str, at: usize, len: usize, op: usize, tok: &str) -> String {
    let mut start = at % (src.len() + 1);
    while !src.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + len).min(src.len());
    while !src.is_char_boundary(end) {
        end -= 1;
    }
    match op % 4 {
        0 => format!("{}{}", &src[..start], &src[end..]),
        1 => format!("{}{}{}", &src[..end], &src[start..end], &src[end..]),
        2 => format!("{}{}{}", &src[..start], tok, &src[end..]),
        _ => format!("{}{}{}", &src[..start], tok, &src[start..]),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_give_diagnostics_not_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let r = check_bytes(&bytes);
        if let Err(e) = well_formed(&r) {
            prop_assert!(false, "{}", e);
        }
    }

    #[test]
    fn token_soup_gives_diagnostics_not_panics(picks in prop::collection::vec(0usize..TOKENS.len(), 0..200)) {
        let text: String = picks.iter().map(|&i| TOKENS[i]).collect::<Vec<_>>().join(" ");
        let r = check_bytes(text.as_bytes());
        if let Err(e) = well_formed(&r) {
            prop_assert!(false, "{}\n---\n{}", e, text);
        }
    }

    #[test]
    fn mutated_workflows_give_diagnostics_not_panics(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<usize>(), 0usize..24, 0usize..4, 0usize..TOKENS.len()), 1..4),
    ) {
        let files = sources();
        let mut text = files[pick.index(files.len())].clone();
        for (at, len, op, tok) in edits {
            text = mutate(&text, at, len, op, TOKENS[tok]);
        }
        let r = check_bytes(text.as_bytes());
        if let Err(e) = well_formed(&r) {
            prop_assert!(false, "{}\n---\n{}", e, text);
        }
    }
}

// -------------------------------------------------------------------------------------------
// Limits: each with its own diagnostic, none a crash or a stall
// -------------------------------------------------------------------------------------------

fn only_k001(r: &FileReport) -> &str {
    assert!(!r.parsed);
    assert_eq!(r.diagnostics.len(), 1, "{:#?}", r.diagnostics);
    assert_eq!(r.diagnostics[0].code, "K001");
    &r.diagnostics[0].message
}

fn guard_file(guard: &str) -> String {
    format!("use std::client\nuse std::kyc\nworkflow T v1 {{\n  states {{\n    A initial\n    B terminal\n  }}\n  transition go: A -> B on check.completed when {guard}\n}}\n")
}

#[test]
fn long_operator_chains_are_refused_at_the_limit() {
    let max = keel::syntax::MAX_OPERATORS;
    // At the limit: `max` operators (half comparisons, half `and`) parse.
    let atoms: Vec<String> = (0..max / 2)
        .map(|i| format!("client.balance > {i}"))
        .collect();
    let at_limit = guard_file(&atoms.join(" and "));
    assert!(keel::syntax::parse(&at_limit).is_ok());
    // Past it, in every operator family and with nesting: a K001 on the operator that passes
    // the limit, on a default (2 MiB) test thread, however long the chain.
    for n in [max + 1, 10_000, 200_000] {
        for (op, atom) in [
            (" and ", "client.is_new"),
            (" or ", "client.is_new"),
            (" + ", "1"),
            (" * ", "2"),
        ] {
            let chain = vec![atom; n + 1].join(op);
            let guard = if atom == "client.is_new" {
                chain
            } else {
                format!("client.balance > {chain}")
            };
            let r = check_bytes(guard_file(&format!("not ({guard})")).as_bytes());
            let m = only_k001(&r);
            assert!(m.contains("expression is too long"), "{m}");
            well_formed(&r).unwrap();
        }
    }
}

#[test]
fn deep_nesting_is_refused_at_the_limit() {
    for (open, close) in [("(", ")"), ("not (", ")"), ("-(", ")")] {
        let depth = 100_000;
        let guard = format!(
            "{}client.balance > 1{}",
            open.repeat(depth),
            close.repeat(depth)
        );
        let r = check_bytes(guard_file(&guard).as_bytes());
        assert!(only_k001(&r).contains("nesting is too deep"));
        // Unbalanced, too.
        let r = check_bytes(guard_file(&open.repeat(depth)).as_bytes());
        assert!(!r.parsed);
        well_formed(&r).unwrap();
    }
}

#[test]
fn oversized_files_are_refused() {
    let mut text = guard_file("client.is_new");
    text.push_str(&"// padding\n".repeat(keel::syntax::MAX_FILE_BYTES / 11 + 1));
    let r = check_bytes(text.as_bytes());
    assert!(only_k001(&r).contains("file is too large"));
}

#[test]
fn guards_past_the_atom_limit_are_reported_not_analysed() {
    let atoms: Vec<String> = (0..40)
        .map(|i| format!("(client.balance > {i} or client.country == \"c{i}\")"))
        .collect();
    let r = check_bytes(guard_file(&atoms.join(" and ")).as_bytes());
    assert!(r.parsed);
    assert!(
        r.diagnostics.iter().any(|d| d.code == "K110"),
        "{:#?}",
        r.diagnostics
    );
}

#[test]
fn numbers_out_of_range_are_invalid_literals() {
    let text = guard_file("client.balance > 999999999999999999999999999999999999999");
    let r = check_bytes(text.as_bytes());
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "K005")
        .expect("a K005");
    assert!(d.message.contains("significant digits"), "{}", d.message);
}

// -------------------------------------------------------------------------------------------
// Encodings and line endings
// -------------------------------------------------------------------------------------------

#[test]
fn bom_and_crlf_check_like_plain_text() {
    for text in sources().iter().take(12) {
        let plain = check_bytes(text.as_bytes());
        let crlf = text.replace('\n', "\r\n");
        let mut bom = "\u{FEFF}".as_bytes().to_vec();
        bom.extend(crlf.as_bytes());
        let both = check_bytes(&bom);
        let codes = |r: &FileReport| {
            r.diagnostics
                .iter()
                .map(|d| {
                    let at = r.file.line_col(d.span.start as usize);
                    (d.code, at.line, d.message.clone())
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(&plain), codes(&both), "{text}");
    }
}

#[test]
fn digests_ignore_bom_and_crlf() {
    let text = &fs::read_to_string(common::examples_dir().join("kyc/aml_screening.keel")).unwrap();
    let d = common::tmp_dir();
    fs::write(d.path().join("a.keel"), text).unwrap();
    let mut bom = "\u{FEFF}".as_bytes().to_vec();
    bom.extend(text.replace('\n', "\r\n").as_bytes());
    fs::write(d.path().join("b.keel"), bom).unwrap();
    let a = keel(&["digest", "a.keel"], d.path());
    let b = keel(&["digest", "b.keel"], d.path());
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(stdout(&a), stdout(&b));
}

// -------------------------------------------------------------------------------------------
// I/O: exit 2 naming the path, nothing half-written
// -------------------------------------------------------------------------------------------

fn clean_example() -> PathBuf {
    common::examples_dir().join("onboarding/lead_welcome.keel")
}

#[test]
fn symlink_loops_and_missing_paths_exit_2_naming_the_path() {
    let d = common::tmp_dir();
    let p = d.path();
    fs::copy(clean_example(), p.join("ok.keel")).unwrap();
    std::os::unix::fs::symlink("b.keel", p.join("a.keel")).unwrap();
    std::os::unix::fs::symlink("a.keel", p.join("b.keel")).unwrap();
    fs::create_dir(p.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", p.join("sub/up")).unwrap();
    let o = keel(&["check", "."], p);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("a.keel") && err.contains("b.keel"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // The readable file was still checked (once, despite the directory loop).
    assert!(stdout(&o).contains("1 file"), "{}", stdout(&o));

    let o = keel(&["check", "missing.keel"], p);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.keel"));
}

#[test]
fn special_files_are_refused_not_read() {
    let d = common::tmp_dir();
    let fifo = d.path().join("pipe.keel");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipping the FIFO case");
        return;
    }
    // Reading a FIFO nobody writes to would block forever.
    let o = common::keel_within_20s(&["check", "."], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("pipe.keel: not a regular file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unreadable_files_exit_2_naming_the_path() {
    use std::os::unix::fs::PermissionsExt;
    let d = common::tmp_dir();
    let f = d.path().join("secret.keel");
    fs::copy(clean_example(), &f).unwrap();
    fs::set_permissions(&f, fs::Permissions::from_mode(0o000)).unwrap();
    // As root, permissions do not stop reads; a path through a plain file fails for anyone.
    fs::write(d.path().join("plain"), "x").unwrap();
    let target = if fs::read(&f).is_ok() {
        "plain/secret.keel"
    } else {
        "secret.keel"
    };
    let o = keel(&["check", target], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(target), "{}", stderr(&o));
    // And the mode-000 file itself, for a user the permissions apply to.
    if target != "secret.keel" {
        fs::set_permissions(&f, fs::Permissions::from_mode(0o000)).unwrap();
        fs::create_dir(d.path().join("closed")).unwrap();
        fs::copy(clean_example(), d.path().join("closed/w.keel")).unwrap();
        fs::set_permissions(d.path().join("closed"), fs::Permissions::from_mode(0o000)).unwrap();
        if let Some(o) = common::keel_unprivileged(&["check", "secret.keel", "closed"], d.path()) {
            assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
            let err = stderr(&o);
            assert!(
                err.contains("secret.keel") && err.contains("closed"),
                "{err}"
            );
        }
        fs::set_permissions(d.path().join("closed"), fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn an_output_directory_that_cannot_be_made_exits_2_and_writes_nothing() {
    let d = common::tmp_dir();
    fs::copy(clean_example(), d.path().join("w.keel")).unwrap();
    fs::copy(
        common::examples_dir().join("keel.toml"),
        d.path().join("keel.toml"),
    )
    .unwrap();
    fs::write(d.path().join("plain-file"), "not a directory").unwrap();
    let o = keel(&["build", "--out", "plain-file/out", "w.keel"], d.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("plain-file/out"), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(d.path().join("plain-file")).unwrap(),
        "not a directory"
    );
}

/// Runs keel with the file size limit at 1 KiB, as if the disk were full (`EFBIG`).
fn keel_on_a_full_disk(args: &[&str], cwd: &Path) -> std::process::Output {
    let script = format!(
        "trap '' XFSZ; ulimit -f 2; exec \"$0\" {}",
        args.iter()
            .map(|a| format!("'{a}'"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(common::keel_bin())
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_full_disk_exits_2_and_leaves_every_file_as_it_was() {
    let d = common::tmp_dir();
    let p = d.path();
    for f in ["keel.toml", "keel.lock"] {
        fs::copy(common::examples_dir().join(f), p.join(f)).unwrap();
    }
    fs::copy(
        common::examples_dir().join("kyc/aml_screening.keel"),
        p.join("w.keel"),
    )
    .unwrap();
    fs::create_dir(p.join("out")).unwrap();
    let before = listing(p);

    // build: the artifact (several KiB) cannot be written.
    let o = keel_on_a_full_disk(&["build", "--out", "out", "w.keel"], p);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("out/"), "{}", stderr(&o));
    assert!(
        listing(&p.join("out")).is_empty(),
        "no partial artifact, no temp file"
    );

    // approve rewrites the workflow file; fmt too (after a change that needs formatting).
    let o = keel_on_a_full_disk(
        &["approve", "w.keel", "--as", "owner", "--by", "someone.else"],
        p,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("w.keel"), "{}", stderr(&o));
    let mut messy = fs::read_to_string(p.join("w.keel")).unwrap();
    messy = messy.replacen("states {", "states     {", 1);
    fs::write(p.join("w.keel"), &messy).unwrap();
    let o = keel_on_a_full_disk(&["fmt", "w.keel"], p);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(p.join("w.keel")).unwrap(), messy);
    fs::write(
        p.join("w.keel"),
        &before.iter().find(|(n, _)| n == "w.keel").unwrap().1,
    )
    .unwrap();
    assert_eq!(
        listing(p),
        before,
        "every file as it was, no temp file left"
    );
}

// -------------------------------------------------------------------------------------------
// The sweep: thousands of broken workflows through the command line
// -------------------------------------------------------------------------------------------

/// A small deterministic generator (the sweep must be the same on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn a_sweep_of_thousands_of_broken_workflows_prints_only_diagnostics() {
    let d = common::tmp_dir();
    let files = sources();
    let mut r = Lcg(7);
    let n = 3000;
    for i in 0..n {
        let mut text = files[r.next() % files.len()].clone();
        for _ in 0..1 + r.next() % 3 {
            text = mutate(
                &text,
                r.next(),
                r.next() % 24,
                r.next(),
                TOKENS[r.next() % TOKENS.len()],
            );
        }
        fs::write(d.path().join(format!("m{i:04}.keel")), text).unwrap();
    }
    let start = std::time::Instant::now();
    let o = keel(&["check", "--format", "json", "."], d.path());
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "only diagnostics: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("one JSON document");
    assert_eq!(v["summary"]["files"], n);
    for diag in v["diagnostics"].as_array().unwrap() {
        assert!(
            diag["code"]
                .as_str()
                .is_some_and(|c| keel::codes::info(c).is_some()),
            "{diag}"
        );
        assert!(diag["line"].as_u64().is_some_and(|l| l >= 1), "{diag}");
        assert!(
            diag["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{diag}"
        );
    }
    // And through the human reporter and the formatter.
    let o = keel(&["check", "."], d.path());
    assert!(matches!(o.status.code(), Some(0 | 1)));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let o = keel(&["fmt", "--check", "."], d.path());
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(
        start.elapsed() < std::time::Duration::from_secs(120),
        "the sweep hangs somewhere: {:?}",
        start.elapsed()
    );
}

// -------------------------------------------------------------------------------------------
// Inputs the fuzz targets found (fuzz/README.md): each must stay a diagnostic
// -------------------------------------------------------------------------------------------

#[test]
fn fuzz_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    for e in entries {
        let p = e.unwrap().path();
        let bytes = fs::read(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("lsp-") {
            let mut out = Vec::new();
            keel::lsp::serve(&mut std::io::Cursor::new(&bytes), &mut out);
        } else {
            let r = check_bytes(&bytes);
            well_formed(&r).unwrap_or_else(|e| panic!("{name}: {e}"));
            if let Ok(f) = keel::fmt::format_source(&r.file.text) {
                assert_eq!(keel::fmt::format_source(&f).as_ref(), Ok(&f), "{name}");
            }
        }
    }
}

// -------------------------------------------------------------------------------------------
// approve changes nothing but its own line
// -------------------------------------------------------------------------------------------

fn digests(text: &str) -> Vec<String> {
    let p = keel::syntax::parse(text).expect("parses");
    let (m, _) = keel::resolve::resolve(p.ast, keel::stdlib::Library::embedded());
    m.workflows
        .iter()
        .map(|w| keel::check::content_artifact(&m.catalog, w).digest)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn approve_changes_only_its_own_line(
        pick in any::<prop::sample::Index>(),
        wf_pick in any::<prop::sample::Index>(),
        role in 0usize..4,
        decision in 0usize..3,
        person in "[a-zA-Z0-9 ._@\"\\\\é-]{1,24}",
        crlf in any::<bool>(),
    ) {
        use keel::model::{Decision, Role};
        let candidates: Vec<&String> = sources()
            .iter()
            .filter(|t| keel::syntax::parse(t).is_ok_and(|p| p.ast.items.iter().any(|i| matches!(i, keel::ast::Item::Workflow(_)))))
            .collect();
        let base = candidates[pick.index(candidates.len())];
        let text = if crlf { base.replace("\r\n", "\n").replace('\n', "\r\n") } else { base.clone() };
        let parsed = keel::syntax::parse(&text).unwrap();
        let n = parsed.ast.items.iter().filter(|i| matches!(i, keel::ast::Item::Workflow(_))).count();
        let wf = wf_pick.index(n);
        let approval = keel::approve::Approval {
            role: Role::ALL[role],
            person: &person,
            decision: [Decision::Approved, Decision::Rejected, Decision::ChangesRequested][decision],
            at: "2026-11-25T10:00:00Z",
            digest: "sha256:0000000000000000000000000000000000000000000000000000000000000000",
        };
        let out = keel::approve::apply(&text, &parsed.ast, wf, &approval);
        // Still parses, with the same content digests (approvals are not content).
        prop_assert_eq!(digests(&text), digests(&out));
        // One region changed: at most one old line, and the new lines are the approval line,
        // plus the block's braces (after a blank line) when there was no block.
        let (a, b): (Vec<&str>, Vec<&str>) = (text.split_inclusive('\n').collect(), out.split_inclusive('\n').collect());
        let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
        let (old, new) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
        let line = approval.line();
        prop_assert!(old.len() <= 1, "{:?} -> {:?}", old, new);
        prop_assert!((1..=4).contains(&new.len()), "{:?} -> {:?}", old, new);
        prop_assert!(new.iter().any(|l| l.contains(&line)), "{:?}", new);
        for l in new.iter() {
            let t = l.trim();
            prop_assert!(l.contains(&line) || t == "approvals {" || t == "}" || t.is_empty(), "{:?}", new);
            prop_assert!(!crlf || l.ends_with("\r\n") || !l.ends_with('\n'), "line endings kept: {:?}", l);
        }
    }
}

// -------------------------------------------------------------------------------------------
// publish adds its own entry to keel.lock and changes nothing else
// -------------------------------------------------------------------------------------------

fn lock_entry(name: &str, version: u64, odd: bool) -> String {
    if odd {
        format!(
            "[[ published ]] # {name}\nid=\"{name}_v{version}\"\nstates = [ \"A\",\"B\" ]\ndigest = \"sha256:{version:02x}\"\npublished_at = \"2026-01-01T00:00:00Z\"\n"
        )
    } else {
        format!(
            "[[published]]\nid = \"{name}_v{version}\"\ndigest = \"sha256:{version:02x}\"\nstates = [\"A\"]\npublished_at = \"2026-01-01T00:00:00Z\"\n"
        )
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn publish_changes_only_its_own_lines(
        existing in prop::collection::btree_set((0usize..4, 1u64..6), 0..8),
        decorations in prop::collection::vec((any::<bool>(), 0usize..4), 8),
        header in any::<bool>(),
        new in (0usize..5, 1u64..7),
        crlf in any::<bool>(),
    ) {
        const NAMES: [&str; 5] = ["AB", "KYC", "KYC_EDD", "W", "ZED"];
        let new_id = format!("{}_v{}", NAMES[new.0], new.1);
        let mut text = String::new();
        if header {
            text.push_str("# keel.lock: published versions\n\n");
        }
        // Existing entries in the file's (possibly unsorted) order, each with its own comments
        // and formatting.
        for (i, (n, v)) in existing.iter().rev().enumerate() {
            prop_assume!(format!("{}_v{}", NAMES[*n], v) != new_id);
            let (odd, comments) = decorations[i % decorations.len()];
            for c in 0..comments {
                text.push_str(&format!("# note {c}\n"));
            }
            text.push_str(&lock_entry(NAMES[*n], *v, odd));
            text.push('\n');
        }
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let mut lock = keel::lock::Lock::parse(&text, std::path::Path::new("keel.lock")).unwrap();
        let before = lock.clone();
        let entry = keel::lock::Published {
            id: new_id.clone(),
            digest: "sha256:ff".into(),
            states: vec!["New".into(), "Done \"x\"".into()],
            published_at: "2026-11-25T10:00:00Z".into(),
        };
        let out = lock.insert_into_text(&text, entry.clone());
        // The file parses to the old entries plus the new one.
        let parsed = keel::lock::Lock::parse(&out, std::path::Path::new("keel.lock")).unwrap();
        prop_assert_eq!(&parsed, &lock);
        let mut expected: Vec<_> = before.published.clone();
        expected.push(entry);
        let mut got = parsed.published.clone();
        expected.sort_by(|a, b| a.id.cmp(&b.id));
        got.sort_by(|a, b| a.id.cmp(&b.id));
        prop_assert_eq!(got, expected);
        // Line by line: the old lines, in order, with only new lines between them, and those
        // are the new table (and a blank separator).
        let (a, b): (Vec<&str>, Vec<&str>) = (text.split_inclusive('\n').collect(), out.split_inclusive('\n').collect());
        let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
        prop_assert_eq!(prefix + suffix, a.len(), "an old line changed:\n{}\n---\n{}", text, out);
        let added = &b[prefix..b.len() - suffix];
        prop_assert!(added.iter().any(|l| l.contains(&format!("id = \"{new_id}\""))), "{:?}", added);
        prop_assert!(added.len() <= 7, "{:?}", added);
        for l in added {
            prop_assert!(!text.contains("\r\n") || l.ends_with("\r\n"), "line endings kept: {:?}", l);
        }
    }
}
