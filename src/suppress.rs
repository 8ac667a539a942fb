//! Suppression directives: `// keel:allow K502 K503 -- reason [until YYYY-MM-DD]` silences
//! those codes for the statement that follows (a state, transition, override, block, or a
//! whole workflow). A directive without a reason, or one that silences nothing, is K006.

use crate::ast::{self, Item, WfStmtKind};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity};
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
    /// Its `until` is not one valid `YYYY-MM-DD` date: it suppresses nothing (K006).
    pub bad_until: bool,
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

/// What each statement a directive can attach to is called in an artifact's `waivers`
/// (LANGUAGE.md §8: `workflow ID`, `state S`, `transition T`, `override S,S->M`, `test "NAME"`,
/// `invariant "NAME"`, `block KEYWORD`, `entry KEYWORD N`, `action A`, `event E`), with the
/// span of the workflow it belongs to (`None` for a catalog definition of the file, whose
/// waivers every workflow of the file lists).
pub fn statements(file: &ast::File) -> Vec<(Span, Option<Span>, String)> {
    use crate::syntax::quote;
    let mut out = Vec::new();
    for item in &file.items {
        let w = match item {
            Item::Workflow(w) => w,
            Item::Action(a) => {
                out.push((a.span, None, format!("action {}", a.name.name)));
                continue;
            }
            Item::Event(e) => {
                out.push((e.span, None, format!("event {}", e.name.name)));
                continue;
            }
            Item::Attribute(a) => {
                out.push((a.span, None, format!("attribute {}", a.name.name)));
                continue;
            }
            Item::Fact(f) => {
                out.push((f.span, None, format!("fact {}", f.name.name)));
                continue;
            }
        };
        let ws = Some(w.span);
        out.push((
            w.span,
            ws,
            format!("workflow {}_v{}", w.name.name, w.version.digits),
        ));
        let entries = |out: &mut Vec<(Span, Option<Span>, String)>, kw: &str, spans: &[Span]| {
            for (i, sp) in spans.iter().enumerate() {
                out.push((*sp, ws, format!("entry {kw} {}", i + 1)));
            }
        };
        for st in &w.stmts {
            let name = match &st.kind {
                WfStmtKind::Transition(t) => format!("transition {}", t.name.name),
                WfStmtKind::Override(o) => format!(
                    "override {}->{}",
                    o.from
                        .iter()
                        .map(|f| f.name.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                    o.to.name
                ),
                WfStmtKind::Invariant(i) => format!("invariant {}", quote(&i.name.value)),
                WfStmtKind::Test(t) => format!("test {}", quote(&t.name.value)),
                k => format!("block {}", k.keyword()),
            };
            out.push((st.span, ws, name));
            match &st.kind {
                WfStmtKind::States(s) => {
                    for d in &s.states {
                        out.push((d.span, ws, format!("state {}", d.name.name)));
                    }
                }
                WfStmtKind::Scope(s) => entries(
                    &mut out,
                    "scope",
                    &s.items.iter().map(|i| i.span).collect::<Vec<_>>(),
                ),
                WfStmtKind::Changelog(c) => entries(
                    &mut out,
                    "changelog",
                    &c.items.iter().map(|i| i.span).collect::<Vec<_>>(),
                ),
                WfStmtKind::Approvals(a) => entries(
                    &mut out,
                    "approvals",
                    &a.entries.iter().map(|i| i.span).collect::<Vec<_>>(),
                ),
                WfStmtKind::Rollback(r) => {
                    entries(
                        &mut out,
                        "rollback",
                        &r.items.iter().map(|i| i.span).collect::<Vec<_>>(),
                    );
                    for it in &r.items {
                        if let ast::RollbackItemKind::Remediate(items) = &it.kind {
                            entries(
                                &mut out,
                                "remediate",
                                &items.iter().map(|i| i.span).collect::<Vec<_>>(),
                            );
                        }
                    }
                }
                WfStmtKind::Release(r) => entries(
                    &mut out,
                    "release",
                    &r.items.iter().map(|i| i.span).collect::<Vec<_>>(),
                ),
                WfStmtKind::Monitor(m) => entries(
                    &mut out,
                    "monitor",
                    &m.items.iter().map(|i| i.span).collect::<Vec<_>>(),
                ),
                WfStmtKind::Access(a) => entries(
                    &mut out,
                    "access",
                    &a.items.iter().map(|i| i.span).collect::<Vec<_>>(),
                ),
                WfStmtKind::Test(t) => entries(
                    &mut out,
                    &format!("test {}", quote(&t.name.value)),
                    &t.stmts.iter().map(|i| i.span).collect::<Vec<_>>(),
                ),
                _ => {}
            }
        }
    }
    out
}

/// The waivers of a file's directives: one per code that is not a control, of every
/// directive that gives a reason and stands above a statement, expired or not (they are
/// covered by the digest as written). Each comes with the span of its workflow (`None`: a
/// catalog definition's, listed by every workflow of the file).
pub fn waivers(
    file: &ast::File,
    directives: &[Directive],
) -> Vec<(Option<Span>, crate::model::Waiver)> {
    if directives.is_empty() {
        return Vec::new();
    }
    let names = statements(file);
    let mut out = Vec::new();
    for d in directives {
        let (Some(target), Some(reason)) = (d.target, &d.reason) else {
            continue;
        };
        let Some((_, wf, statement)) = names.iter().find(|(sp, _, _)| *sp == target) else {
            continue;
        };
        for code in d.codes.iter().filter(|c| !codes::is_control(c)) {
            out.push((
                *wf,
                crate::model::Waiver {
                    code: code.to_string(),
                    statement: statement.clone(),
                    reason: reason.clone(),
                    until: d.until.map(|u| u.to_string()),
                },
            ));
        }
    }
    out
}

/// Gives each workflow of a module its waivers (sorted by statement, then code).
pub fn attach_waivers(
    module: &mut crate::model::Module,
    waivers: &[(Option<Span>, crate::model::Waiver)],
) {
    if waivers.is_empty() {
        return;
    }
    for wf in &mut module.workflows {
        let mut mine: Vec<crate::model::Waiver> = waivers
            .iter()
            .filter(|(w, _)| w.is_none_or(|w| w == wf.span))
            .map(|(_, x)| x.clone())
            .collect();
        mine.sort_by(|a, b| {
            (&a.statement, &a.code, &a.reason, &a.until).cmp(&(
                &b.statement,
                &b.code,
                &b.reason,
                &b.until,
            ))
        });
        wf.waivers = mine;
    }
}

static REAL_DATE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// From now on [`today`] is the real date and `KEEL_TODAY` is not used: `keel build` and
/// `keel publish` make what is imported, so an expired waiver cannot be brought back by
/// setting the date.
pub fn use_real_date() {
    REAL_DATE.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// `KEEL_TODAY`, when it is set and used (`keel check`, `keel test`): an ISO date
/// (`YYYY-MM-DD`), else an error that names it (a usage error, exit 2).
pub fn keel_today() -> Result<Option<jiff::civil::Date>, String> {
    if REAL_DATE.load(std::sync::atomic::Ordering::Relaxed) {
        return Ok(None);
    }
    match std::env::var("KEEL_TODAY") {
        Ok(s) => iso_date(&s).map(Some).ok_or_else(|| {
            format!("KEEL_TODAY=\"{s}\" is not a date: write it as YYYY-MM-DD (e.g. KEEL_TODAY=2026-11-25), or unset it")
        }),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err("KEEL_TODAY is not a date: write it as YYYY-MM-DD, or unset it".to_string())
        }
    }
}

/// A calendar date written exactly `YYYY-MM-DD` (`2026-02-30`, `2020-1-1` and
/// `2026-01-01T00:00` are not).
pub fn iso_date(s: &str) -> Option<jiff::civil::Date> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    s.parse::<jiff::civil::Date>().ok()
}

/// Today's date in UTC (`KEEL_TODAY=YYYY-MM-DD` overrides it for `keel check` and `keel test`,
/// for reproducible runs; never for `keel build` and `keel publish`).
pub fn today() -> jiff::civil::Date {
    if let Ok(Some(d)) = keel_today() {
        return d;
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
        bad_until: false,
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
        let (reason, until) = split_until(reason);
        match until {
            Ok(u) => d.until = u,
            Err(problem) => {
                d.problems.push(problem);
                d.bad_until = true;
            }
        }
        // A directive whose expiry cannot be read expires never: it suppresses nothing.
        if !reason.is_empty() && !d.bad_until {
            d.reason = Some(reason);
        }
    }
    d
}

/// The reason and the `until` date of a directive's text after `--`: `until` at most once
/// (any case counts as one), in lower case, as the last but one word, followed by one
/// `YYYY-MM-DD` calendar date. `Err`: the problem (the directive then suppresses nothing).
fn split_until(text: &str) -> (String, Result<Option<jiff::civil::Date>, String>) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let at: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].eq_ignore_ascii_case("until"))
        .collect();
    let Some(&i) = at.first() else {
        return (text.to_string(), Ok(None));
    };
    let reason = words[..i].join(" ");
    if at.len() > 1 {
        return (reason, Err("`until` is given more than once".to_string()));
    }
    let date = words[i + 1..].join(" ");
    if words[i] != "until" {
        return (
            reason,
            Err(format!("`{}` must be written `until`", words[i])),
        );
    }
    match (words.len() == i + 2, iso_date(&date)) {
        (true, Some(dt)) => (reason, Ok(Some(dt))),
        _ => (
            reason,
            Err(format!(
                "`until {date}` is not a calendar date written YYYY-MM-DD"
            )),
        ),
    }
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
        // A control named in a directive suppresses nothing and is itself an error.
        for code in d.codes.iter().filter(|c| codes::is_control(c)) {
            k006.push(
                Diagnostic::new(
                    crate::codes::K006,
                    d.span,
                    format!("{code} is a control and cannot be suppressed"),
                )
                .label(format!("{code} is still reported"))
                .help(format!(
                    "{code} is a control: {} (a `keel:allow`, keel.toml or a baseline never silences a control; `keel explain {code}`)",
                    codes::control_remedy(code)
                ))
                .pin(Severity::Error),
            );
        }
        let waivable: Vec<&str> = d
            .codes
            .iter()
            .copied()
            .filter(|c| !codes::is_control(c))
            .collect();
        if waivable.is_empty() && d.problems.is_empty() && !d.codes.is_empty() {
            continue;
        }
        if d.reason.is_some() && !expired {
            if let Some(target) = d.target {
                diags.retain(|x| {
                    let hit = waivable.contains(&x.code)
                        && x.code != crate::codes::K006
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
        let (message, label, help) = if d.bad_until {
            (
                format!("malformed suppression: {}", d.problems.join("; ")),
                "its expiry cannot be read, so it suppresses nothing".to_string(),
                "end the reason with `until` (once, in lower case) and a real calendar date written YYYY-MM-DD, e.g. `// keel:allow K502 -- covered nightly until 2026-12-31`, or leave `until` out",
            )
        } else if !d.problems.is_empty() {
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
                    waivable.join(" ")
                ),
                "nothing here to suppress".to_string(),
                "remove the directive, or move it above the statement the finding points at",
            )
        } else {
            continue;
        };
        k006.push(
            Diagnostic::new(crate::codes::K006, d.span, message)
                .label(label)
                .help(help),
        );
    }
    diags.extend(k006);
    suppressed
}

/// The waivers of the `[library]` modules a file imports (`modules`: its catalog's module
/// paths): a `keel:allow` above a module's action or event is content of every workflow that
/// imports the module (statement `action A` / `event E`, LANGUAGE.md §8), so the workflow's
/// artifact lists it and its digest covers it.
pub fn module_waivers(
    lib: &crate::stdlib::Library,
    modules: &[std::sync::Arc<str>],
) -> Vec<(Option<crate::span::Span>, crate::model::Waiver)> {
    let mut out = Vec::new();
    for path in modules {
        let Some(m) = lib.get(path) else { continue };
        if m.embedded {
            continue;
        }
        let Ok(parsed) = &m.parsed else { continue };
        let anchors = anchors(&parsed.ast);
        let directives = directives(&m.source, &parsed.trivia, &anchors);
        out.extend(
            waivers(&parsed.ast, &directives)
                .into_iter()
                // Only catalog definitions: a module's own workflows are not its importers'.
                .filter(|(wf, _)| wf.is_none()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_until_that_is_not_one_iso_date_suppresses_nothing() {
        for text in [
            "covered nightly until 2026-02-30",
            "covered nightly until 2026-13-01",
            "covered nightly until 2020-1-1",
            "covered nightly until tomorrow",
            "covered nightly Until 2026-12-31",
            "covered nightly UNTIL 2026-12-31",
            "covered until 2026-12-31 until 2027-12-31",
            "covered nightly until 2026-12-31 really",
            "covered nightly until 2026-12-31T00:00",
        ] {
            let d = parse(&format!(" keel:allow K502 -- {text}"), Span::default());
            assert!(d.bad_until && d.reason.is_none(), "{text}: {d:?}");
            assert!(d.until.is_none(), "{text}");
        }
        let d = parse(
            " keel:allow K502 -- covered nightly until 2026-12-31",
            Span::default(),
        );
        assert!(!d.bad_until && d.problems.is_empty());
        assert_eq!(d.reason.as_deref(), Some("covered nightly"));
    }

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
