//! `keel fmt`: the one canonical layout of a Keel file.
//!
//! The formatter re-prints the typed AST of a file that parses. Only blanks change: every
//! token is printed exactly as written (literals and strings are copied from the source, so
//! an unusual escape or `007` stays as it is), in the same order, and every comment stays in
//! the same gap between the same two tokens. Parentheses are kept where the user wrote them
//! and never added. Formatting is therefore idempotent, preserves every content digest, and
//! keeps doc comments and `// keel:allow` directives attached to what they were attached to.
//!
//! # Layout
//!
//! - Indentation is two spaces per level; there is no maximum line width (nothing wraps).
//! - Top level: `use`s one per line, grouped; consecutive `attribute`s, `fact`s and
//!   `event`s are likewise grouped per kind; every other pair of neighbours (a group and the
//!   next, an `action`, a `workflow`) is separated by exactly one blank line.
//! - Blocks are `name {`, one entry per line one level deeper, `}`; an empty block is `{}`.
//!   Each state sits on one line with its attributes; so does each entry of scope,
//!   changelog, approvals, rollback, remediate, release, monitor, access, and each test step.
//! - In a workflow, the header one-liners (title, tier, subject, owner, maintainer,
//!   environments, flag) are grouped without blank lines, consecutive overrides form one
//!   group, consecutive invariants another; every block, transition and test stands alone.
//!   Between two statements there is a blank line unless both belong to the same group.
//! - `transition NAME: FROM -> TO on EVENT`, then `when …`, `behind …` and `do …`, each on
//!   its own continuation line two spaces deeper.
//! - Single spaces around binary operators and after commas; `f(a, b)`, `enum(a, b)`,
//!   `queue(S)`, `x in [a, b]`, `{ k: v, k2: v2 }` for given and payload maps (`{}` when
//!   empty), `name: type`, `Mon-Thu 22:00-23:30`, `0..10`, `-5`.
//! - A file ends with exactly one newline. CRLF input (judged by its first line break)
//!   gives CRLF output; a leading byte-order mark is kept.
//!
//! # Comments
//!
//! - A comment that shares its line with code stays at the end of the printed line of the
//!   token before it (one space before `//`).
//! - A comment on its own line stays on its own line, just before the token that followed
//!   it, indented like that token's line (like the block's entries before a closing `}`).
//! - Where a comment falls inside a construct printed on one line (an expression, a map),
//!   the line breaks after the comment and the construct continues two spaces deeper.
//! - Blank lines are the layout's, except around own-line comments: a blank line the source
//!   has before or after a comment (between statements) is kept, several become one.
//!
//! See `docs/formatting.md` for the user-facing description.

mod expr;
mod file;
mod ops;
mod printer;
mod scenario;
mod workflow;

use crate::diagnostic::Diagnostic;
use crate::syntax;

/// The canonical layout of a file that parses; its K001 diagnostics otherwise.
pub fn format_source(src: &str) -> Result<String, Vec<Diagnostic>> {
    Ok(format_parsed(src, &syntax::parse(src)?))
}

/// The canonical layout of `src`, given its parse (see [`crate::check::parse`]).
pub fn format_parsed(src: &str, parsed: &syntax::Parsed) -> String {
    let mut p = printer::Printer::new(src, &parsed.trivia.comments);
    file::file(&mut p, &parsed.ast);
    let (text, faithful) = p.finish();
    // Every token is checked against the source as it is printed; should the printer ever
    // disagree with the parser, the file is left as it was rather than risk its meaning.
    debug_assert!(faithful, "the formatter lost its place in the source");
    if !faithful {
        return src.to_string();
    }
    let bom = if src.starts_with('\u{FEFF}') {
        "\u{FEFF}"
    } else {
        ""
    };
    let text = if uses_crlf(src) {
        text.replace('\n', "\r\n")
    } else {
        text
    };
    format!("{bom}{text}")
}

/// Whether the text's first line break is `\r\n`.
fn uses_crlf(src: &str) -> bool {
    src.find('\n').is_some_and(|i| src[..i].ends_with('\r'))
}

#[cfg(test)]
mod tests {
    use super::format_source;

    #[test]
    fn keeps_tokens_and_trailing_comments() {
        let src = "workflow W v1 { states { A initial // first\n B terminal } }";
        let out = format_source(src).unwrap();
        assert_eq!(
            out,
            "workflow W v1 {\n  states {\n    A initial // first\n    B terminal\n  }\n}\n"
        );
    }

    #[test]
    fn breaks_a_line_at_a_comment_inside_an_expression() {
        let src = "workflow W v1 { invariant \"i\" a and // why\n b }\n";
        let out = format_source(src).unwrap();
        assert_eq!(
            out,
            "workflow W v1 {\n  invariant \"i\" a and // why\n    b\n}\n"
        );
        assert_eq!(format_source(&out).unwrap(), out);
    }

    #[test]
    fn empty_and_comment_only_files() {
        assert_eq!(format_source("").unwrap(), "");
        assert_eq!(format_source(" \n\n").unwrap(), "");
        assert_eq!(format_source("// a\n\n\n// b").unwrap(), "// a\n\n// b\n");
    }

    #[test]
    fn crlf_in_crlf_out() {
        let out = format_source("use std::kyc\r\nuse std::client\r\n").unwrap();
        assert_eq!(out, "use std::kyc\r\nuse std::client\r\n");
    }
}
