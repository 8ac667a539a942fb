//! Suppression directives: `// keel:allow K502 K503 -- reason [until YYYY-MM-DD]` silences
//! those codes for the statement that follows (a state, transition, override, block, or a
//! whole workflow). A directive without a reason, or one that silences nothing, is K006.

use crate::ast::{self, Item, WfStmtKind};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::span::Span;
use crate::syntax::trivia::{CommentKind, Trivia};

/// A parsed directive.
#[derive(Clone, Debug)]
pub struct Directive {
    pub span: Span,
    pub codes: Vec<&'static str>,
    pub reason: Option<String>,
    /// `YYYY-MM-DD`, if given.
    pub until: Option<jiff::civil::Date>,
    /// Problems with the directive itself (each becomes a K006).
    pub problems: Vec<String>,
    /// The statement it applies to.
    pub target: Option<Span>,
}

/// Statement spans a directive can attach to. `O(statements)`.
pub fn anchors(file: &ast::File) -> Vec<Span> {
    let mut out = Vec::new();
    for u in &file.uses {
        out.push(u.span);
    }
    for item in &file.items {
        out.push(item.span());
        let Item::Workflow(w) = item else { continue };
        for st in &w.stmts {
            out.push(st.span);
            match &st.kind {
                WfStmtKind::States(s) => out.extend(s.states.iter().map(|d| d.span)),
                WfStmtKind::Scope(s) => out.extend(s.items.iter().map(|i| i.span)),
                WfStmtKind::Changelog(c) => out.extend(c.items.iter().map(|i| i.span)),
                WfStmtKind::Approvals(a) => out.extend(a.entries.iter().map(|i| i.span)),
                WfStmtKind::Rollback(r) => {
                    for it in &r.items {
                        out.push(it.span);
                        if let ast::RollbackItemKind::Remediate(items) = &it.kind {
                            out.extend(items.iter().map(|i| i.span));
                        }
                    }
                }
                WfStmtKind::Release(r) => out.extend(r.items.iter().map(|i| i.span)),
                WfStmtKind::Monitor(m) => out.extend(m.items.iter().map(|i| i.span)),
                WfStmtKind::Access(a) => out.extend(a.items.iter().map(|i| i.span)),
                WfStmtKind::Test(t) => out.extend(t.stmts.iter().map(|i| i.span)),
                _ => {}
            }
        }
    }
    out.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    out
}

/// Today's date in UTC (`KEEL_TODAY=YYYY-MM-DD` overrides it, for reproducible runs).
pub fn today() -> jiff::civil::Date {
    if let Ok(s) = std::env::var("KEEL_TODAY") {
        if let Ok(d) = s.parse::<jiff::civil::Date>() {
            return d;
        }
    }
    jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
}

/// Parses every directive of a file and finds what each applies to.
pub fn directives(src: &str, trivia: &Trivia, anchors: &[Span]) -> Vec<Directive> {
    trivia
        .comments
        .iter()
        .filter(|c| c.kind == CommentKind::Directive)
        .map(|c| {
            let mut d = parse(&c.body, c.span);
            // The statement that follows: the first anchor starting at the next token.
            let after = &src[c.span.end as usize..];
            let mut pos = c.span.end as usize;
            let mut rest = after;
            loop {
                let trimmed = rest.trim_start();
                pos += rest.len() - trimmed.len();
                if trimmed.starts_with("//") {
                    let line_end = trimmed.find('\n').unwrap_or(trimmed.len());
                    pos += line_end;
                    rest = &trimmed[line_end..];
                } else {
                    break;
                }
            }
            let i = anchors.partition_point(|a| (a.start as usize) < pos);
            d.target = anchors.get(i).filter(|a| a.start as usize == pos).copied();
            d
        })
        .collect()
}

fn parse(body: &str, span: Span) -> Directive {
    let text = body.trim_start().trim_start_matches("keel:allow").trim();
    let (codes_part, reason_part) = match text.split_once("--") {
        Some((a, b)) => (a, Some(b.trim())),
        None => (text, None),
    };
    let mut d = Directive {
        span,
        codes: Vec::new(),
        reason: None,
        until: None,
        problems: Vec::new(),
        target: None,
    };
    for word in codes_part.split(|c: char| c.is_whitespace() || c == ',') {
        if word.is_empty() {
            continue;
        }
        match codes::lookup(word) {
            Some(info) => d.codes.push(info.code),
            None => d.problems.push(format!("`{word}` is not a rule code")),
        }
    }
    if d.codes.is_empty() && d.problems.is_empty() {
        d.problems.push("it names no rule code".to_string());
    }
    if let Some(reason) = reason_part {
        let mut reason = reason.to_string();
        if let Some((before, date)) = reason.rsplit_once(" until ") {
            match date.trim().parse::<jiff::civil::Date>() {
                Ok(dt) => {
                    d.until = Some(dt);
                    reason = before.trim().to_string();
                }
                Err(_) => d.problems.push(format!(
                    "`until {}` is not a date (YYYY-MM-DD)",
                    date.trim()
                )),
            }
        } else if let Some(date) = reason.strip_prefix("until ") {
            if date.trim().parse::<jiff::civil::Date>().is_ok() {
                reason.clear();
            }
        }
        if !reason.is_empty() {
            d.reason = Some(reason);
        }
    }
    d
}

/// Applies directives to a file's diagnostics: removes what they silence, adds K006 for
/// directives that are unjustified, malformed, misplaced or unused. Returns the number of
/// diagnostics silenced.
pub fn apply(
    diags: &mut Vec<Diagnostic>,
    directives: &[Directive],
    today: jiff::civil::Date,
) -> usize {
    let mut suppressed = 0;
    let mut k006 = Vec::new();
    for d in directives {
        let expired = d.until.is_some_and(|u| u < today);
        let mut used = false;
        if d.reason.is_some() && !expired {
            if let Some(target) = d.target {
                diags.retain(|x| {
                    let hit = d.codes.contains(&x.code)
                        && x.code != "K006"
                        && target.start <= x.span.start
                        && x.span.start < target.end.max(target.start + 1);
                    if hit {
                        used = true;
                        suppressed += 1;
                    }
                    !hit
                });
            }
        }
        let (message, label, help) = if !d.problems.is_empty() {
            (
                format!("malformed suppression: {}", d.problems.join("; ")),
                "this directive".to_string(),
                "write `// keel:allow K502 -- why this is acceptable [until YYYY-MM-DD]`",
            )
        } else if d.reason.is_none() {
            (
                "suppression without a reason".to_string(),
                "no `-- reason` given, so nothing is suppressed".to_string(),
                "add the reason after `--`: `// keel:allow K502 -- covered by the nightly reconciliation`",
            )
        } else if expired {
            continue; // The silenced diagnostics are back; that is the signal.
        } else if d.target.is_none() {
            (
                "suppression that applies to nothing".to_string(),
                "not directly above a statement".to_string(),
                "put the directive on the line right above the state, transition, override or block it is for",
            )
        } else if !used {
            (
                format!(
                    "suppression of {} that suppresses nothing",
                    d.codes.join(" ")
                ),
                "nothing here to suppress".to_string(),
                "remove the directive, or move it above the statement the finding points at",
            )
        } else {
            continue;
        };
        k006.push(
            Diagnostic::new("K006", d.span, message)
                .label(label)
                .help(help),
        );
    }
    diags.extend(k006);
    suppressed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_reason_and_expiry() {
        let d = parse(
            " keel:allow K502 K503 -- covered nightly until 2026-12-31",
            Span::default(),
        );
        assert_eq!(d.codes, vec!["K502", "K503"]);
        assert_eq!(d.reason.as_deref(), Some("covered nightly"));
        assert_eq!(d.until, Some(jiff::civil::date(2026, 12, 31)));
        assert!(d.problems.is_empty());
        let d = parse(" keel:allow K502", Span::default());
        assert!(d.reason.is_none());
        let d = parse(" keel:allow K999 -- x", Span::default());
        assert_eq!(d.problems.len(), 1);
        let d = parse(" keel:allow uncovered-transition -- named", Span::default());
        assert_eq!(d.codes, vec!["K502"]);
    }
}
