//! The hand-written fast path of the parser against pest, the reference: whenever the fast
//! path accepts a file, pest accepts it too and the two ASTs are identical (spans included);
//! and on the repository's valid files the fast path accepts everything pest does.

mod common;

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

/// Checks the two parsers agree on `src`; returns whether the fast path accepted it.
fn agree(src: &str) -> Result<bool, String> {
    let fast = keel::syntax::fast::parse(src);
    let pest = keel::syntax::parse_with_pest(src);
    match (fast, pest) {
        (Some((f, trivia)), Ok(p)) => {
            let (a, b) = (
                format!("{:?}", trivia.comments),
                format!("{:?}", p.trivia.comments),
            );
            if a != b {
                return Err(format!("comments differ:\nfast: {a}\npest: {b}"));
            }
            let (a, b) = (format!("{f:?}"), format!("{:?}", p.ast));
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
        (Some(_), Err(e)) => Err(format!(
            "the fast path accepted what pest rejects: {:?}",
            e[0].message
        )),
        (None, _) => Ok(false),
    }
}

#[test]
fn the_fast_path_agrees_with_pest_on_every_file() {
    let mut accepted = 0;
    for (name, text) in keel_files() {
        let fast_ok = agree(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Whatever `parse` accepts (pest, within the nesting limit), the fast path accepts.
        let accepted_at_all = keel::syntax::parse(&text).is_ok();
        assert!(
            fast_ok || !accepted_at_all,
            "{name}: pest accepts it but the fast path does not (it would be slow)"
        );
        accepted += fast_ok as usize;
    }
    assert!(accepted > 40, "{accepted}");
}

fn corpus() -> &'static [String] {
    static CORPUS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| {
        keel_files()
            .into_iter()
            .map(|(_, t)| t)
            .filter(|t| keel::syntax::parse_with_pest(t).is_ok())
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
            !keel::syntax::fast::accepts_item(from_workflow) || keel::syntax::pest_accepts_item(from_workflow),
            "the fast path accepts an item pest rejects:\n{}", from_workflow
        );
    }
}
