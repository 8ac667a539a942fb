//! `keel approve`: writes or replaces one role's approval line, bound to the current digest,
//! and changes no other byte of the file.

use crate::ast::{self, Item, WfStmtKind};
use crate::model::{Decision, Role};
use crate::span::Span;

/// One approval to record.
pub struct Approval<'a> {
    pub role: Role,
    pub person: &'a str,
    pub decision: Decision,
    /// RFC 3339, already validated.
    pub at: &'a str,
    pub digest: &'a str,
}

impl Approval<'_> {
    pub fn line(&self) -> String {
        format!(
            "{} {} {} at {} for \"{}\"",
            self.role.as_str(),
            crate::syntax::quote(self.person),
            self.decision.as_str(),
            self.at,
            self.digest
        )
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn indent_of(text: &str, at: usize) -> &str {
    let start = line_start(text, at);
    let rest = &text[start..];
    &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()]
}

/// The new text of a file with the approval recorded in workflow `wf` (the `wf`-th workflow
/// of the file). `text` is the file without a byte-order mark.
pub fn apply(text: &str, file: &ast::File, wf: usize, a: &Approval) -> String {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let w = file
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Workflow(w) => Some(w),
            _ => None,
        })
        .nth(wf)
        .expect("workflow index");
    let line = a.line();
    let splice = |at: Span, with: &str| {
        format!(
            "{}{}{}",
            &text[..at.start as usize],
            with,
            &text[at.end as usize..]
        )
    };
    // Replace the role's line, or add one to the block.
    if let Some((block, entries)) = w.stmts.iter().find_map(|s| match &s.kind {
        WfStmtKind::Approvals(ap) => Some((s.span, &ap.entries)),
        _ => None,
    }) {
        if let Some(e) = entries.iter().find(|e| e.role.text == a.role.as_str()) {
            return splice(e.span, &line);
        }
        let close = block.end as usize - 1; // the block's `}`
        let before_close = &text[line_start(text, close)..close];
        if before_close.trim().is_empty() {
            let indent = match entries.first() {
                Some(e) => indent_of(text, e.span.start as usize).to_string(),
                None => format!("{}  ", indent_of(text, block.start as usize)),
            };
            let at = line_start(text, close);
            return splice(Span::new(at, at), &format!("{indent}{line}{nl}"));
        }
        return splice(Span::new(close, close), &format!("{line} "));
    }
    // No approvals block: add one after the changelog, else after the header statements.
    let indent = w.stmts.first().map_or("  ".to_string(), |s| {
        indent_of(text, s.span.start as usize).to_string()
    });
    let anchor = w
        .stmts
        .iter()
        .rev()
        .find(|s| matches!(s.kind, WfStmtKind::Changelog(_)))
        .or_else(|| {
            w.stmts
                .iter()
                .take_while(|s| {
                    matches!(
                        s.kind,
                        WfStmtKind::Title(_)
                            | WfStmtKind::Tier(_)
                            | WfStmtKind::Subject(_)
                            | WfStmtKind::Owner(_)
                            | WfStmtKind::Maintainer(_)
                            | WfStmtKind::Environments(_)
                            | WfStmtKind::Flag(_)
                            | WfStmtKind::Scope(_)
                            | WfStmtKind::Changelog(_)
                    )
                })
                .last()
        });
    let body = format!("{indent}approvals {{{nl}{indent}  {line}{nl}{indent}}}{nl}");
    let (at, lead) = match anchor {
        // After the anchor's line, set off by a blank line.
        Some(s) => match text[s.span.end as usize..].find('\n') {
            Some(i) => (s.span.end as usize + i + 1, nl),
            None => (text.len(), if text.ends_with('\n') { nl } else { "\n\n" }),
        },
        // Right after the workflow's `{` line.
        None => {
            let open =
                w.head_span.end as usize + text[w.head_span.end as usize..].find('{').unwrap_or(0);
            match text[open..].find('\n') {
                Some(i) => (open + i + 1, ""),
                None => (open + 1, nl),
            }
        }
    };
    let block = format!("{lead}{body}");
    splice(Span::new(at, at), &block)
}

/// The current time in UTC, to the second, as RFC 3339.
pub fn now_utc() -> String {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second())
        .unwrap_or(now)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, role: Role) -> String {
        let p = crate::syntax::parse(text).unwrap();
        apply(
            text,
            &p.ast,
            0,
            &Approval {
                role,
                person: "c.lee",
                decision: Decision::Approved,
                at: "2026-11-25T10:00:00Z",
                digest: "sha256:ab",
            },
        )
    }

    #[test]
    fn replaces_only_the_roles_line() {
        let text = "workflow W v1 {\n  approvals {\n    owner \"a\" approved at 2026-11-20T10:00:00Z // keep\n    compliance \"x\" rejected at 2026-11-20T10:00:00Z\n  }\n}\n";
        let out = run(text, Role::Compliance);
        assert_eq!(
            out,
            text.replace(
                "compliance \"x\" rejected at 2026-11-20T10:00:00Z",
                "compliance \"c.lee\" approved at 2026-11-25T10:00:00Z for \"sha256:ab\""
            )
        );
    }

    #[test]
    fn adds_a_line_to_the_block() {
        let text = "workflow W v1 {\r\n  approvals {\r\n    owner \"a\" approved at 2026-11-20T10:00:00Z\r\n  }\r\n}\r\n";
        let out = run(text, Role::Compliance);
        assert_eq!(out, "workflow W v1 {\r\n  approvals {\r\n    owner \"a\" approved at 2026-11-20T10:00:00Z\r\n    compliance \"c.lee\" approved at 2026-11-25T10:00:00Z for \"sha256:ab\"\r\n  }\r\n}\r\n");
    }

    #[test]
    fn adds_a_block_after_the_changelog() {
        let text = "workflow W v1 {\n  tier 1\n  changelog { what \"x\" }\n  states { A initial terminal }\n}\n";
        let out = run(text, Role::Owner);
        assert_eq!(out, "workflow W v1 {\n  tier 1\n  changelog { what \"x\" }\n\n  approvals {\n    owner \"c.lee\" approved at 2026-11-25T10:00:00Z for \"sha256:ab\"\n  }\n  states { A initial terminal }\n}\n");
        assert!(crate::syntax::parse(&out).is_ok());
        let bare = "workflow W v1 {\n  states { A initial terminal }\n}\n";
        let out = run(bare, Role::Owner);
        assert!(crate::syntax::parse(&out).is_ok(), "{out}");
        assert!(
            out.starts_with("workflow W v1 {\n  approvals {\n    owner"),
            "{out}"
        );
    }
}
