//! The production parser (`keel::syntax::fast`) against the grammar: on every file in the
//! repository and on mutations of them, it accepts exactly what pest accepts (within the
//! nesting limit) and builds the AST that pest's pairs lowered by the oracle
//! (`tests/oracle/`) give, spans and comments included.

mod common;
mod oracle;

use oracle::Oracle;

use proptest::prelude::*;

fn keel_files() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [
        root.join("examples"),
        root.join("stdlib"),
        root.join("tests/fixtures"),
        root.join("../shared/conformance"),
    ];
    common::keel_files_in(&dirs)
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((
                p.display().to_string(),
                text.trim_start_matches('\u{feff}').to_string(),
            ))
        })
        .collect()
}

/// Whether `src` nests deeper than `MAX_NESTING` (refused before any parse).
fn too_deep(src: &str) -> bool {
    let tokens = keel::syntax::lexer::tokenize(src);
    keel::syntax::lexer::max_nesting(src, &tokens).0 > keel::syntax::MAX_NESTING
}

/// Checks the two parsers agree on `src`; returns whether they accepted it.
fn agree(src: &str) -> Result<bool, String> {
    let fast = keel::syntax::fast::parse(src);
    match (fast, oracle::parse(src)) {
        (Some(Ok((f, trivia))), Oracle::Parsed(p, p_trivia)) => {
            let (a, b) = (
                format!("{:?}", trivia.comments),
                format!("{:?}", p_trivia.comments),
            );
            if a != b {
                return Err(format!("comments differ:\nfast: {a}\npest: {b}"));
            }
            let (a, b) = (format!("{f:?}"), format!("{p:?}"));
            if a != b {
                let at = a
                    .bytes()
                    .zip(b.bytes())
                    .position(|(x, y)| x != y)
                    .unwrap_or(0);
                return Err(format!(
                    "ASTs differ near {}:\nfast: {}\npest: {}",
                    at,
                    &a[at.saturating_sub(200)..(at + 200).min(a.len())],
                    &b[at.saturating_sub(200)..(at + 200).min(b.len())]
                ));
            }
            Ok(true)
        }
        (Some(Err(a)), Oracle::TooLong(b)) if a == b => Ok(true),
        (None, Oracle::Rejected) => Ok(false),
        (None, _) if too_deep(src) => Ok(false),
        (None, _) => Err("pest accepts what the fast path rejects".to_string()),
        (Some(_), Oracle::Rejected) => Err("the fast path accepted what pest rejects".to_string()),
        (Some(a), b) => Err(format!(
            "different outcomes:\nfast: {:?}\npest: {:?}",
            a.map(|_| ()),
            b
        )),
    }
}

#[test]
fn the_fast_path_agrees_with_pest_on_every_file() {
    let mut accepted = 0;
    for (name, text) in keel_files() {
        let accepted_here = agree(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            accepted_here,
            keel::syntax::parse(&text).is_ok(),
            "{name}: `parse` disagrees with the parsers"
        );
        accepted += accepted_here as usize;
    }
    assert!(accepted > 40, "{accepted}");
}

fn corpus() -> &'static [String] {
    static CORPUS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| {
        keel_files()
            .into_iter()
            .map(|(_, t)| t)
            .filter(|t| matches!(oracle::parse(t), Oracle::Parsed(..)))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Byte-level mutations of valid files: delete, duplicate or replace a span with a token.
    #[test]
    fn mutated_files_agree(pick in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), len in 0usize..12, op in 0usize..4, tok in prop::sample::select(vec!["", " ", "->", ":", ",", "{", "}", "(", ")", "\"", "1", "-", "1.5%", "15m", "2026-01-01T00:00:00Z", "when", "otherwise", "not", "and", "or", "in", "[", "]", "==", "<", "x.y", "initial", "//c\n", "\n", "do", "on", "..", "v2", "22:00"])) {
        let files = corpus();
        let src = &files[pick.index(files.len())];
        let mut start = at.index(src.len().max(1));
        while !src.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(src.len());
        while !src.is_char_boundary(end) { end -= 1; }
        let mutated = match op {
            0 => format!("{}{}", &src[..start], &src[end..]),
            1 => format!("{}{}{}", &src[..end], &src[start..end], &src[end..]),
            2 => format!("{}{}{}", &src[..start], tok, &src[end..]),
            _ => format!("{}{}{}", &src[..start], tok, &src[start..]),
        };
        if let Err(e) = agree(&mutated) {
            prop_assert!(false, "{}\n---\n{}", e, mutated);
        }
        // Error recovery asks the fast path about single items of broken files.
        let from_workflow = &mutated[mutated.find("workflow").unwrap_or(0)..];
        prop_assert!(
            keel::syntax::fast::accepts_item(from_workflow) == oracle::accepts_item(from_workflow) || too_deep(from_workflow),
            "the parsers disagree on an item:\n{}", from_workflow
        );
    }
}

/// Expressions past `MAX_OPERATORS`, in each position an expression can take: both parsers
/// report the same operator.
#[test]
fn the_operator_limit_is_passed_at_the_same_operator() {
    let n = keel::syntax::MAX_OPERATORS;
    let chain = |op: &str, k: usize| vec!["x"; k + 1].join(op);
    let guards = [
        chain(" or ", n + 1),
        chain(" and ", n + 1),
        chain(" + ", n + 1),
        format!("{} > 1", chain(" * ", n)),
        format!("({}) or y", chain(" - ", n + 3)),
        format!("not {} == {}", chain(" / ", n / 2), chain(" + ", n / 2)),
        chain(" or ", n),
    ];
    for (i, g) in guards.iter().enumerate() {
        let mut files = vec![
            format!("workflow W v1 {{ transition t: A -> B on e when {g} }}"),
            format!("workflow W v1 {{ invariant \"i\" {g} }}"),
        ];
        if !g.contains(|c: char| "oan(>=".contains(c)) {
            // Call arguments are expressions (arithmetic only).
            files.push(format!(
                "workflow W v1 {{ transition t: A -> B on e do f(a: {g}, b: {g}) }}"
            ));
        }
        for f in files {
            let accepted = agree(&f).unwrap_or_else(|e| panic!("case {i}: {e}"));
            assert!(accepted, "case {i}: {f}");
        }
        match (keel::syntax::fast::parse_guard(g), oracle::parse_guard(g)) {
            (Some(Ok((a, _))), Ok(Ok(b))) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
            (Some(Err(a)), Ok(Err(b))) => assert_eq!(a, b, "case {i}"),
            (a, b) => panic!("case {i}: {:?} / {b:?}", a.map(|r| r.is_ok())),
        }
    }
}

/// `parse_guard` reads the grammar's `guard` rule as pest does, trailing text and all.
#[test]
fn guards_parse_as_pest_parses_them() {
    for g in [
        "a or b and not c",
        "x in [a, -1, 2.5%] and y",
        "a b",
        " a",
        "// c\na",
        "a or",
        "(a",
        "a < -1 // note",
        "not not (x + y * z) >= 2",
        "",
    ] {
        let fast = keel::syntax::fast::parse_guard(g).map(|r| r.map(|(e, _)| format!("{e:?}")));
        let pest = oracle::parse_guard(g)
            .ok()
            .map(|r| r.map(|e| format!("{e:?}")));
        assert_eq!(fast, pest, "{g:?}");
    }
}
