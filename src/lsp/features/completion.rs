//! Completion: keywords, names and states that fit where the cursor is, from the tokens
//! before it (works on broken text).

use serde_json::{json, Value};

use crate::lsp::convert::pos_offset;
use crate::lsp::document::Document;
use crate::lsp::index::{self};
use crate::model::*;
use crate::syntax::lexer::{self, TokKind};
use crate::syntax::{TOP_KEYWORDS, WF_KEYWORDS};

const TEST_KEYWORDS: &[&str] = crate::syntax::tables::starts::TEST;

const STATE_ATTRS: &[&str] = crate::syntax::tables::starts::STATE_ATTR;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    States,
    Events,
    Actions,
    Values,
    Facts,
    Flags,
    Modules,
    Members,
    Keywords(&'static [&'static str]),
}

fn item(label: &str, kind: u32, detail: Option<String>) -> Value {
    let mut v = json!({ "label": label, "kind": kind });
    if let Some(d) = detail {
        v["detail"] = json!(d);
    }
    v
}

/// What the cursor position asks for, from the tokens before it (works on broken text).
fn context(text: &str, off: usize) -> (Vec<Want>, Option<String>) {
    let toks: Vec<lexer::Token> = lexer::tokenize(&text[..off.min(text.len())])
        .into_iter()
        .filter(|t| t.kind != TokKind::Comment)
        .collect();
    // A word being typed is not context.
    let mut toks = toks;
    if let Some(last) = toks.last() {
        if last.span.end as usize == off && matches!(last.kind, TokKind::Word | TokKind::Number) {
            toks.pop();
            // `a.b.` splits into words and dots: drop the dotted prefix too.
            while toks.last().is_some_and(|t| {
                t.text(text) == "." || (t.kind == TokKind::Word && t.span.end as usize + 1 >= off)
            }) {
                toks.pop();
            }
        }
    }
    let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
    let last = words.last().copied().unwrap_or("");
    let prev = if words.len() >= 2 {
        words[words.len() - 2]
    } else {
        ""
    };
    let depth: i64 = words
        .iter()
        .map(|w| match *w {
            "{" => 1,
            "}" => -1,
            _ => 0,
        })
        .sum();
    // The innermost open block's keyword.
    let mut block = "";
    let mut d = 0i64;
    for i in (0..words.len()).rev() {
        match words[i] {
            "}" => d += 1,
            "{" if d == 0 => {
                block = if i >= 3 && words[i - 3] == "test" {
                    "test"
                } else if i >= 1 {
                    words[i - 1]
                } else {
                    ""
                };
                if i >= 2 && words[i - 2] == "workflow" {
                    block = "workflow";
                }
                break;
            }
            "{" => d -= 1,
            _ => {}
        }
    }
    // The enum attribute a comparison or list is about.
    let subject = |k: usize| -> Option<String> {
        let mut i = words.len().checked_sub(k)?;
        let mut parts = vec![words.get(i)?.to_string()];
        while i >= 2 && words[i - 1] == "." {
            parts.insert(0, words[i - 2].to_string());
            i -= 2;
        }
        Some(parts.join("."))
    };
    let in_do_list = {
        let stmt_start = words
            .iter()
            .rposition(|w| WF_KEYWORDS.contains(w))
            .unwrap_or(0);
        words[stmt_start..].contains(&"do") && matches!(last, "do" | ",")
    };
    let want = match last {
        "->" | "start" | "stuck" | "route_to" | "map" | "revert" => vec![Want::States],
        ":" if words.len() >= 3 && words[words.len() - 3] == "transition" => vec![Want::States],
        "state" if prev == "expect" => vec![Want::States],
        "on" => vec![Want::Events],
        "event" if block == "test" => vec![Want::Events],
        "do" => vec![Want::Actions],
        "," if in_do_list => vec![Want::Actions],
        "action" if prev == "expect" => vec![Want::Actions],
        "compensate" | "manual" | "total" => vec![Want::Actions],
        "behind" => vec![Want::Flags],
        "flag" if block == "test" => vec![Want::Flags],
        "use" => vec![Want::Modules],
        "requires" | "establishes" | "clears" => vec![Want::Facts],
        "fact" if prev == "expect" => vec![Want::Facts],
        "==" | "!=" => return (vec![Want::Members, Want::Values], subject(2)),
        "[" if prev == "in" => return (vec![Want::Members], subject(3)),
        "," if words
            .iter()
            .rposition(|w| *w == "[")
            .is_some_and(|i| !words[i..].contains(&"]")) =>
        {
            let open = words.iter().rposition(|w| *w == "[").unwrap_or(0);
            return (vec![Want::Members], subject(words.len() - open + 2));
        }
        "when" => vec![
            Want::Values,
            Want::Keywords(&[crate::syntax::tables::kw::OTHERWISE]),
        ],
        "and" | "or" | "not" | "(" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" => {
            vec![Want::Values]
        }
        "expect" => vec![
            Want::Keywords(crate::syntax::tables::starts::EXPECTATION),
            Want::Values,
        ],
        _ if depth <= 0 => vec![Want::Keywords(TOP_KEYWORDS)],
        _ if block == "workflow" => vec![Want::Keywords(WF_KEYWORDS)],
        _ if block == "test" => vec![Want::Keywords(TEST_KEYWORDS)],
        _ if block == "states" => vec![Want::Keywords(STATE_ATTRS)],
        _ if block == "given" || block == "{" => vec![Want::Values],
        _ => vec![Want::Keywords(WF_KEYWORDS)],
    };
    (want, None)
}

pub fn completion(doc: &Document, params: &Value) -> Value {
    let file = &doc.report.file;
    let off = pos_offset(file, params);
    let (wants, subject) = context(&file.text, off);
    let mut items: Vec<Value> = Vec::new();
    let a = doc.analysis();
    let w = a.and_then(|a| {
        index::workflow_at(&a.module, off).or((!a.module.workflows.is_empty()).then_some(0))
    });
    for want in wants {
        match (want, a) {
            (Want::Keywords(ks), _) => items.extend(ks.iter().map(|k| item(k, 14, None))),
            (Want::Modules, _) => items.extend(
                crate::stdlib::Library::embedded()
                    .names()
                    .map(|m| item(m, 9, None)),
            ),
            (Want::States, Some(a)) => {
                if let Some(w) = w {
                    items.extend(
                        a.module.workflows[w]
                            .states
                            .iter()
                            .map(|s| item(&s.name, 12, Some("state".into()))),
                    );
                }
            }
            (Want::Flags, Some(a)) => {
                if let Some(w) = w {
                    items.extend(
                        a.module.workflows[w]
                            .flags
                            .iter()
                            .map(|f| item(&f.name, 12, Some("flag".into()))),
                    );
                }
            }
            (Want::Events, Some(a)) => items.extend(
                a.module
                    .catalog
                    .events
                    .iter()
                    .map(|e| item(&e.name, 23, Some("event".into()))),
            ),
            (Want::Actions, Some(a)) => {
                let cat = &a.module.catalog;
                items.extend(cat.actions.iter().map(|x| {
                    item(
                        &x.name,
                        3,
                        Some(format!(
                            "action · risk {}",
                            x.risk.map_or("?", |r| r.as_str())
                        )),
                    )
                }))
            }
            (Want::Values, Some(a)) => {
                let cat = &a.module.catalog;
                items.extend(cat.vars.iter().map(|v| {
                    item(
                        &v.name,
                        if v.fact { 21 } else { 10 },
                        Some(format!("{} · {}", v.kind_word(), v.ty.describe())),
                    )
                }))
            }
            (Want::Facts, Some(a)) => {
                let cat = &a.module.catalog;
                items.extend(
                    cat.vars
                        .iter()
                        .filter(|v| v.fact)
                        .map(|v| item(&v.name, 21, Some("fact".into()))),
                )
            }
            (Want::Members, Some(a)) => {
                let cat = &a.module.catalog;
                if let Some(Type::Enum(ms)) = subject
                    .as_deref()
                    .and_then(|s| cat.var(s))
                    .map(|v| &cat.vars[v].ty)
                {
                    items.extend(ms.iter().map(|m| item(m, 20, Some("enum member".into()))));
                }
            }
            _ => {}
        }
    }
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i["label"].as_str().unwrap_or_default().to_string()));
    json!({ "isIncomplete": false, "items": items })
}
