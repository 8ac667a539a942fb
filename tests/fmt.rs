//! `keel fmt`: snapshots of badly formatted fixtures; properties over every Keel file we have
//! (idempotent, parses, digest-, token-, comment-, doc- and directive-preserving); random
//! whitespace and comment mutations; and the command line through the built binary.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use keel::ast::{File, Item};
use keel::fmt::format_source;
use keel::syntax::lexer::{tokenize, TokKind};
use proptest::prelude::*;

fn fmt(src: &str) -> String {
    format_source(src).unwrap_or_else(|e| panic!("does not parse: {e:#?}\n{src}"))
}

// ---------------------------------------------------------------------------------------
// What formatting must preserve
// ---------------------------------------------------------------------------------------

/// `(id, digest)` of every workflow.
fn digests(src: &str) -> Vec<(String, String)> {
    let module = keel::check::model(
        &keel::source::SourceFile::new("t.keel", src),
        keel::stdlib::Library::embedded(),
    )
    .expect("parses");
    module
        .workflows
        .iter()
        .map(|w| {
            let art = keel::check::content_artifact(&module.catalog, w);
            (art.id, art.digest)
        })
        .collect()
}

/// The comment texts (trailing blanks aside), sorted: a multiset.
fn comments(src: &str) -> Vec<String> {
    let mut out: Vec<String> = tokenize(src)
        .iter()
        .filter(|t| t.kind == TokKind::Comment)
        .map(|t| t.text(src).trim_end().to_string())
        .collect();
    out.sort();
    out
}

/// Every token but comments, concatenated: formatting may only change what lies between.
fn content(src: &str) -> String {
    tokenize(src)
        .iter()
        .filter(|t| t.kind != TokKind::Comment && t.text(src) != "\u{FEFF}")
        .map(|t| t.text(src))
        .collect()
}

/// The text without its comments.
fn strip_comments(src: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    for t in tokenize(src).iter().filter(|t| t.kind == TokKind::Comment) {
        out.push_str(&src[at..t.span.start as usize]);
        at = t.span.end as usize;
    }
    out.push_str(&src[at..]);
    out
}

/// Each directive with the statement it applies to (by position among the anchors).
fn directive_targets(src: &str) -> Vec<(String, Option<usize>)> {
    let parsed = keel::syntax::parse(src).expect("parses");
    let anchors = keel::suppress::anchors(&parsed.ast);
    keel::suppress::directives(src, &parsed.trivia, &anchors)
        .iter()
        .map(|d| {
            let text = src[d.span.range()].trim_end().to_string();
            (
                text,
                d.target.and_then(|t| anchors.iter().position(|a| *a == t)),
            )
        })
        .collect()
}

/// The doc comment of every definition, in order.
fn docs(f: &File) -> Vec<Option<String>> {
    f.items
        .iter()
        .map(|i| match i {
            Item::Attribute(a) => a.doc.clone(),
            Item::Fact(d) => d.doc.clone(),
            Item::Event(e) => e.doc.clone(),
            Item::Action(a) => a.doc.clone(),
            Item::Workflow(w) => w.doc.clone(),
        })
        .collect()
}

fn parsed_docs(src: &str) -> Vec<Option<String>> {
    docs(&keel::syntax::parse(src).expect("parses").ast)
}

fn uses_crlf(src: &str) -> bool {
    src.find('\n').is_some_and(|i| src[..i].ends_with('\r'))
}

/// Asserts everything formatting guarantees about `out = format_source(src)`.
fn assert_faithful(name: &str, src: &str, out: &str) {
    assert!(
        keel::syntax::parse(out).is_ok(),
        "{name}: the output does not parse:\n{out}"
    );
    assert_eq!(fmt(out), out, "{name}: not idempotent");
    assert_eq!(digests(src), digests(out), "{name}: a digest changed");
    assert_eq!(comments(src), comments(out), "{name}: comments changed");
    assert_eq!(content(src), content(out), "{name}: tokens changed");
    assert_eq!(
        directive_targets(src),
        directive_targets(out),
        "{name}: a directive moved to another statement"
    );
    assert_eq!(
        parsed_docs(src),
        parsed_docs(out),
        "{name}: a doc comment moved"
    );
    let body = out.strip_prefix('\u{FEFF}').unwrap_or(out);
    if !body.is_empty() {
        let eol = if uses_crlf(src) { "\r\n" } else { "\n" };
        assert!(body.ends_with(eol), "{name}: no final newline");
        assert!(
            !body.ends_with(&format!("{eol}{eol}")),
            "{name}: more than one final newline"
        );
    }
    if uses_crlf(src) {
        assert!(
            !out.replace("\r\n", "").contains('\n'),
            "{name}: LF in CRLF output"
        );
    } else {
        assert!(!out.contains('\r'), "{name}: CR in LF output");
    }
}

// ---------------------------------------------------------------------------------------
// Fixtures and corpus
// ---------------------------------------------------------------------------------------

#[test]
fn fixtures_format_to_their_snapshots() {
    insta::glob!("fixtures/fmt/*.keel", |path| {
        let src = fs::read_to_string(path).unwrap();
        let out = fmt(&src);
        assert_faithful(&path.display().to_string(), &src, &out);
        insta::with_settings!({
            snapshot_path => path.parent().unwrap(),
            prepend_module_to_snapshot => false,
        }, {
            // Line endings are checked by `assert_faithful`; the snapshot shows LF.
            insta::assert_snapshot!("fmt", out.replace("\r\n", "\n"));
        });
    });
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shared conformance workflows, when this checkout sits beside them.
fn conformance_dir() -> PathBuf {
    root().join("../shared/conformance/clean")
}

/// Every `.keel` file we have that parses, with its text.
fn corpus() -> &'static [(String, String)] {
    static CORPUS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        common::keel_files_in(&[
            root().join("examples"),
            root().join("stdlib"),
            root().join("tests/fixtures"),
            conformance_dir(),
        ])
        .into_iter()
        .filter_map(|p| {
            let text = fs::read_to_string(&p).ok()?;
            keel::syntax::parse(&text).ok()?;
            Some((p.display().to_string(), text))
        })
        .collect()
    })
}

#[test]
fn every_keel_file_formats_faithfully() {
    assert!(corpus().len() >= 30, "corpus too small: {}", corpus().len());
    for (name, src) in corpus() {
        assert_faithful(name, src, &fmt(src));
    }
}

#[test]
fn shipped_and_conformance_files_are_already_canonical() {
    let paths = common::keel_files_in(&[
        root().join("examples"),
        root().join("stdlib"),
        conformance_dir(),
    ]);
    for p in paths {
        let src = fs::read_to_string(&p).unwrap();
        assert_eq!(
            fmt(&src),
            src,
            "{} is not in the canonical layout",
            p.display()
        );
    }
}

#[test]
fn files_that_do_not_parse_give_their_syntax_errors() {
    let errs = format_source("workflow W v1 { states { A initial }").unwrap_err();
    assert!(!errs.is_empty());
    assert!(errs.iter().all(|d| d.code == "K001"));
}

#[test]
fn a_byte_order_mark_is_kept() {
    let out = fmt("\u{FEFF}use std::kyc   \n");
    assert_eq!(out, "\u{FEFF}use std::kyc\n");
}

#[test]
fn a_long_chain_of_operators_formats() {
    // The longest chain the language allows formats on an ordinary (2 MiB) test thread.
    let n = keel::syntax::MAX_OPERATORS + 1;
    let guard = vec!["client.is_new"; n].join(" and ");
    let src = format!("workflow W v1 {{ invariant \"i\" {guard} }}");
    let out = fmt(&src);
    assert_eq!(fmt(&out), out);
}

#[test]
fn a_chain_past_the_limit_is_refused_not_overflowed() {
    let guard = vec!["client.is_new"; 50_000].join(" and ");
    let src = format!("workflow W v1 {{ invariant \"i\" {guard} }}");
    let errors = keel::fmt::format_source(&src).expect_err("too long");
    assert_eq!(errors[0].code, "K001");
    assert!(
        errors[0].message.contains("too long"),
        "{}",
        errors[0].message
    );
}

// ---------------------------------------------------------------------------------------
// Mutations: other blanks, extra comments, the same program
// ---------------------------------------------------------------------------------------

/// Blanks to put between two tokens that had some; the first ones hold a line break (needed
/// after a comment).
const BLANKS: [&str; 8] = ["\n", "\n\n", "\n    ", "\n\n\n\t", " ", "  ", "\t", " \t "];

/// Rewrites every run of blanks between tokens and inserts `// cN` comments, driven by
/// `choices`. Tokens written together stay together (`a.b`, `Mon-Thu`).
fn mutate(src: &str, choices: &[u8]) -> (String, usize) {
    let mut out = String::new();
    let mut at = 0;
    let mut prev_is_comment = false;
    let mut inserted = 0;
    let mut choice = choices.iter().copied().cycle();
    let tokens = tokenize(src);
    for t in &tokens {
        let gap = &src[at..t.span.start as usize];
        if !gap.is_empty() {
            let c = choice.next().unwrap_or(0);
            if c % 7 == 0 {
                out.push_str(if prev_is_comment { "\n" } else { " " });
                out.push_str(&format!("// c{inserted}\n"));
                inserted += 1;
            } else {
                let n = if prev_is_comment { 4 } else { BLANKS.len() };
                out.push_str(BLANKS[usize::from(c) % n]);
            }
        }
        out.push_str(t.text(src));
        at = t.span.end as usize;
        prev_is_comment = t.kind == TokKind::Comment;
    }
    out.push('\n');
    (out, inserted)
}

/// The layout with comments taken out (comments may break lines; nothing else may differ).
fn layout_without_comments(src: &str) -> String {
    fmt(&strip_comments(src)).replace("\r\n", "\n")
}

#[test]
fn extreme_mutations_of_every_file_format_faithfully() {
    // [0]: a comment in every gap; [1]: blank lines everywhere; [5]: one long line (but
    // for the line breaks comments need).
    for choices in [[0u8], [1], [5]] {
        for (name, original) in corpus() {
            let original = original.strip_prefix('\u{FEFF}').unwrap_or(original);
            let (mutant, inserted) = mutate(original, &choices);
            assert_eq!(inserted > 0, choices == [0], "{name}");
            let out = fmt(&mutant);
            assert_faithful(name, &mutant, &out);
            assert_eq!(digests(&out), digests(original), "{name}");
            assert_eq!(
                layout_without_comments(&out),
                layout_without_comments(original),
                "{name}"
            );
        }
    }
}

#[test]
fn mutation_rewrites_blanks_but_keeps_glued_tokens() {
    let (m, n) = mutate("a.b  Mon-Thu\n// x\nf(1)", &[0, 1, 2]);
    assert_eq!(n, 1);
    assert_eq!(m, "a.b // c0\nMon-Thu\n\n// x\n    f(1)\n");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_blanks_and_comments_format_to_the_same_program(
        which in any::<prop::sample::Index>(),
        choices in prop::collection::vec(any::<u8>(), 1..256),
    ) {
        let (name, original) = &corpus()[which.index(corpus().len())];
        let original = original.strip_prefix('\u{FEFF}').unwrap_or(original);
        let (mutant, inserted) = mutate(original, &choices);
        prop_assert!(keel::syntax::parse(&mutant).is_ok(), "{name}: mutant does not parse:\n{mutant}");
        let out = fmt(&mutant);
        assert_faithful(name, &mutant, &out);
        prop_assert_eq!(digests(&out), digests(original));
        prop_assert_eq!(comments(&out).len(), comments(original).len() + inserted);
        prop_assert_eq!(layout_without_comments(&out), layout_without_comments(original));
    }
}

// ---------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------

const UGLY: &str = "use std::kyc\nworkflow W v1 { states { A initial B terminal } }\n";
const PRETTY: &str =
    "use std::kyc\n\nworkflow W v1 {\n  states {\n    A initial\n    B terminal\n  }\n}\n";
const BROKEN: &str = "workflow W v1 { states { A initial }\n";

#[test]
fn cli_check_reports_rewrites_and_keeps_a_bom() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    fs::write(dir.join("ugly.keel"), UGLY).unwrap();
    fs::write(dir.join("pretty.keel"), PRETTY).unwrap();
    fs::write(dir.join("bom.keel"), format!("\u{FEFF}{UGLY}")).unwrap();

    let o = common::keel(&["fmt", "--check"], dir);
    assert_eq!(o.status.code(), Some(1), "{}", common::stderr(&o));
    assert_eq!(
        common::stdout(&o),
        "would reformat bom.keel\nwould reformat ugly.keel\n"
    );
    assert_eq!(fs::read_to_string(dir.join("ugly.keel")).unwrap(), UGLY);

    let o = common::keel(&["fmt"], dir);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert_eq!(
        common::stdout(&o),
        "formatted bom.keel\nformatted ugly.keel\n"
    );
    assert_eq!(fs::read_to_string(dir.join("ugly.keel")).unwrap(), PRETTY);
    assert_eq!(
        fs::read(dir.join("bom.keel")).unwrap(),
        format!("\u{FEFF}{PRETTY}").into_bytes()
    );

    let o = common::keel(&["fmt", "--check", "."], dir);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert_eq!(common::stdout(&o), "");
    let leftovers: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| !n.ends_with(".keel"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn cli_leaves_a_file_with_syntax_errors_untouched() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    fs::write(dir.join("broken.keel"), BROKEN).unwrap();
    fs::write(dir.join("ugly.keel"), UGLY).unwrap();
    for args in [&["fmt"][..], &["fmt", "--check"][..]] {
        let o = common::keel(args, dir);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = common::stderr(&o);
        assert!(err.contains("K001"), "{err}");
        assert!(err.contains("broken.keel"), "{err}");
        assert_eq!(fs::read_to_string(dir.join("broken.keel")).unwrap(), BROKEN);
    }
    // The other file was still formatted by the run without --check.
    assert_eq!(fs::read_to_string(dir.join("ugly.keel")).unwrap(), PRETTY);
}

#[test]
fn cli_io_problems_exit_2_naming_the_path() {
    let d = tempfile::tempdir().unwrap();
    let o = common::keel(&["fmt", "missing.keel"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).contains("missing.keel"));
}

#[test]
fn cli_leaves_a_file_that_is_not_utf8_untouched() {
    let d = tempfile::tempdir().unwrap();
    let bytes = b"use std::kyc \xff\n".to_vec();
    fs::write(d.path().join("latin1.keel"), &bytes).unwrap();
    let o = common::keel(&["fmt", "latin1.keel"], d.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(common::stderr(&o).contains("not valid UTF-8"));
    assert_eq!(fs::read(d.path().join("latin1.keel")).unwrap(), bytes);
}
