//! Pest errors to K001 diagnostics: "expected `->`, found `Rejected`", in words, with the
//! syntax of the statement being written as help.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::lexer::{self, TokKind};
use super::parser::Rule;
use super::tables::{describe, keyword_text, template, GROUPS, RESERVED};
use crate::diagnostic::{one_of, suggest, Diagnostic};
use crate::span::Span;

/// The expected alternatives, in words, grouped and de-duplicated.
pub fn expected_phrases(positives: &[Rule]) -> Vec<String> {
    let mut rules: Vec<Rule> = positives.to_vec();
    let mut phrases: Vec<String> = Vec::new();
    for (phrase, members) in GROUPS {
        let hits = rules.iter().filter(|r| members.contains(r)).count();
        if hits >= 2 {
            rules.retain(|r| !members.contains(r));
            phrases.push(phrase.to_string());
        }
    }
    for r in rules {
        let d = describe(r).to_string();
        if !phrases.contains(&d) {
            phrases.push(d);
        }
    }
    // Keep "end of file" and `}` last: they are the least likely intent.
    phrases.sort_by_key(|p| (p == "end of file" || p == "`}`") as u8);
    phrases
}

/// Converts a pest error from parsing a piece of `src` that starts at byte `base` into
/// K001. `context` is the first word of the construct being parsed, for the help text.
pub fn to_diagnostic(
    src: &str,
    err: &Error<Rule>,
    base: usize,
    context: Option<&str>,
) -> Diagnostic {
    let pos = base
        + match err.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
    let positives: Vec<Rule> = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let found = lexer::token_at(src, pos);
    let (found_text, span) = match found {
        Some(t) => {
            let text = t.text(src);
            let shown = if t.kind == TokKind::Comment {
                "a comment".to_string()
            } else {
                format!("`{}`", truncate(text, 40))
            };
            (shown, t.span)
        }
        None => ("end of file".to_string(), Span::new(src.len(), src.len())),
    };
    // The error sits where the unexpected token starts (pest may report a position inside
    // the blanks before it).
    let span = if span.start as usize >= pos {
        span
    } else {
        Span::new(pos, pos)
    };
    let phrases = expected_phrases(&positives);
    let message = if phrases.is_empty() {
        format!("unexpected {found_text}")
    } else {
        format!("expected {}, found {found_text}", one_of(&phrases))
    };
    let label = if phrases.len() == 1 {
        format!("expected {} here", phrases[0])
    } else {
        "unexpected here".to_string()
    };
    let mut help: Option<String> = None;
    if let Some(t) = found {
        let text = t.text(src);
        if t.kind == TokKind::Word {
            let keywords: Vec<&str> = positives.iter().filter_map(|r| keyword_text(*r)).collect();
            if let Some(s) = suggest(text, keywords.iter().copied()) {
                help = Some(format!("did you mean `{s}`?"));
            } else if RESERVED.contains(&text)
                && positives.iter().any(|r| describe(*r).contains("name"))
            {
                let mut h = format!("`{text}` is a reserved word, so it cannot be a name here");
                if let Some(t) = context.and_then(template) {
                    h.push_str("; ");
                    h.push_str(t);
                }
                help = Some(h);
            }
        }
    }
    if help.is_none() && found.is_none() && positives.contains(&Rule::rbrace) {
        help = Some("every `{` needs a matching `}`; one is not closed".to_string());
    }
    if help.is_none() {
        help = context.and_then(template).map(str::to_string);
    }
    let help = help.unwrap_or_else(|| match found {
        None => "the file ends inside a construct: finish it, or remove the partial text".to_string(),
        Some(_) if context.is_none() || !phrases.is_empty() && phrases.iter().any(|p| p.contains("`workflow`")) => {
            "a file holds `use` lines, definitions (`attribute`, `fact`, `event`, `action`) and `workflow NAME vN { ... }` blocks; anything else is out of place".to_string()
        }
        Some(_) => "write what is expected here, or remove the unexpected text (`keel explain K001` lists the usual causes)".to_string(),
    });
    Diagnostic::new("K001", span, format!("syntax error: {message}"))
        .label(label)
        .help(help)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}
