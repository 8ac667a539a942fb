//! The language features: hover, go to definition (into the standard library too), find
//! references, completion, document symbols, formatting and quick fixes. Each reads the
//! document's analysis (the last good one while the text has syntax errors).

use serde_json::{json, Value};

use super::convert;
use super::index::{self, Key};
use super::server::{Analysis, Document};
use crate::analysis::Structure;
use crate::model::*;
use crate::source::SourceFile;
use crate::span::Span;
use crate::syntax::lexer::{self, TokKind};
use crate::syntax::{TOP_KEYWORDS, WF_KEYWORDS};

fn pos_offset(file: &SourceFile, params: &Value) -> usize {
    convert::offset(file, params.get("position").unwrap_or(&Value::Null))
}

fn uri_of(params: &Value) -> String {
    params
        .pointer("/textDocument/uri")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn md(text: String) -> Value {
    json!({ "contents": { "kind": "markdown", "value": text } })
}

// -------------------------------------------------------------------------------------------
// Hover
// -------------------------------------------------------------------------------------------

fn action_hover(cat: &Catalog, a: &Action) -> String {
    let params: Vec<String> = a
        .params
        .iter()
        .map(|p| format!("{}: {}", p.name, p.ty.describe()))
        .collect();
    let mut s = format!("```keel\naction {}({})\n```\n", a.name, params.join(", "));
    match a.risk {
        Some(r) => s.push_str(&format!(
            "- **risk** `{}`: needs **Tier {}**\n",
            r.as_str(),
            r.tier()
        )),
        None => s.push_str("- **risk** not declared\n"),
    }
    match a.idempotent_by {
        Some(k) => s.push_str(&format!("- **idempotent by** `{}`\n", cat.vars[k].name)),
        None if a.risk.is_some_and(|r| r.needs_key()) => {
            s.push_str("- **no idempotency key** (K604)\n")
        }
        None => {}
    }
    if let Some(c) = a.compensate {
        s.push_str(&format!("- **compensated by** `{}`\n", cat.actions[c].name));
    }
    if !a.establishes.is_empty() {
        let f: Vec<String> = a
            .establishes
            .iter()
            .map(|v| format!("`{}`", cat.vars[*v].name))
            .collect();
        s.push_str(&format!("- **establishes** {}\n", f.join(", ")));
    }
    if !a.clears.is_empty() {
        let f: Vec<String> = a
            .clears
            .iter()
            .map(|v| format!("`{}`", cat.vars[*v].name))
            .collect();
        s.push_str(&format!("- **clears** {}\n", f.join(", ")));
    }
    for e in &a.effects {
        s.push_str(&format!(
            "- **{}** `{}` by `{}`\n",
            if e.adds { "adds to" } else { "subtracts from" },
            cat.vars[e.target].name,
            a.params[e.param].name
        ));
    }
    if let Origin::Module(m) = &a.def.origin {
        s.push_str(&format!("\nfrom `{m}`\n"));
    }
    if let Some(d) = &a.doc {
        s.push_str(&format!("\n{d}\n"));
    }
    s
}

fn name_hover(cat: &Catalog, name: &str) -> Option<String> {
    match cat.by_name.get(name)? {
        Sym::Action(a) => Some(action_hover(cat, &cat.actions[*a])),
        Sym::Event(e) => {
            let ev = &cat.events[*e];
            let fields: Vec<String> = ev
                .fields
                .iter()
                .map(|f| format!("{}: {}", cat.vars[*f].name, cat.vars[*f].ty.describe()))
                .collect();
            let mut s = format!(
                "```keel\nevent {}{}\n```\n",
                ev.name,
                if fields.is_empty() {
                    String::new()
                } else {
                    format!(" {{ {} }}", fields.join(", "))
                }
            );
            if let Some(d) = &ev.doc {
                s.push_str(&format!("\n{d}\n"));
            }
            Some(s)
        }
        Sym::Var(v) => {
            let var = &cat.vars[*v];
            let mut s = if var.fact {
                format!("```keel\nfact {}\n```\n", var.name)
            } else {
                format!(
                    "```keel\n{} {}: {}\n```\n",
                    if var.attribute { "attribute" } else { "field" },
                    var.name,
                    var.ty.describe()
                )
            };
            if !var.fields_of.is_empty() {
                let evs: Vec<String> = var
                    .fields_of
                    .iter()
                    .map(|e| format!("`{}`", cat.events[*e].name))
                    .collect();
                s.push_str(&format!("- carried by {}\n", evs.join(", ")));
            }
            if let Some(d) = var.doc.as_ref().or(var.description.as_ref()) {
                s.push_str(&format!("\n{d}\n"));
            }
            Some(s)
        }
    }
}

fn state_hover(a: &Analysis, w: usize, name: &str) -> Option<String> {
    let module = &a.checked.module;
    let wf = &module.workflows[w];
    let sid = wf.state(name)?;
    let st = &wf.states[sid];
    let mut kinds = Vec::new();
    for (on, word) in [
        (st.initial, "initial"),
        (st.terminal, "terminal"),
        (st.manual, "manual"),
    ] {
        if on {
            kinds.push(word);
        }
    }
    let mut s = format!(
        "**state** `{}`{}\n",
        st.name,
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        }
    );
    if let Some(sla) = st.sla {
        s.push_str(&format!(
            "- **sla** {}\n",
            crate::literal::format_duration(sla)
        ));
    }
    if !st.requires.is_empty() {
        let r: Vec<String> = st
            .requires
            .iter()
            .map(|r| format!("`{}`", r.name))
            .collect();
        s.push_str(&format!("- **requires** {}\n", r.join(", ")));
    }
    let structure = Structure::build(&module.catalog, wf);
    match &structure.facts.at[sid] {
        Some(bits) => {
            let known: Vec<String> = module
                .catalog
                .vars
                .iter()
                .enumerate()
                .filter(|(i, v)| v.fact && bits.has(*i))
                .map(|(_, v)| format!("`{}`", v.name))
                .collect();
            s.push_str(&format!(
                "- **facts known here** (on every path): {}\n",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ));
        }
        None => s.push_str("- unreachable from the initial state: no facts are known\n"),
    }
    Some(s)
}

pub fn hover(doc: &Document, params: &Value) -> Value {
    let Some(a) = doc.analysis() else {
        return Value::Null;
    };
    let off = pos_offset(&a.source, params);
    let Some(occ) = a.index.at(off) else {
        return Value::Null;
    };
    let cat = &a.checked.module.catalog;
    let text = match &occ.key {
        Key::Name(n) => name_hover(cat, n),
        Key::State(w, n) => state_hover(a, *w, n),
        Key::Flag(w, n) => a.checked.module.workflows[*w]
            .flags
            .iter()
            .find(|f| f.name == *n)
            .map(|f| {
                format!(
                    "**flag** `{}`, default {}",
                    f.name,
                    if f.default_on { "on" } else { "off" }
                )
            }),
        Key::Transition(w, n) => a.checked.module.workflows[*w]
            .transitions
            .iter()
            .find(|t| t.name == *n)
            .map(|t| {
                let mut s = format!(
                    "**transition** `{}`: `{}` -> `{}` on `{}`\n",
                    t.name, t.from.name, t.to.name, t.event.name
                );
                if let Some(g) = crate::render::guard(cat, &t.guard) {
                    s.push_str(&format!("- when `{g}`\n"));
                }
                for c in &t.calls {
                    let risk = c
                        .action
                        .id
                        .and_then(|x| cat.actions[x].risk)
                        .map_or("unknown".to_string(), |r| r.as_str().to_string());
                    s.push_str(&format!("- `{}` ({risk})\n", crate::render::call(cat, c)));
                }
                s
            }),
        Key::Module(m) => Some(format!("**module** `{m}`")),
        Key::Test(_, n) => Some(format!("**test** {}", crate::syntax::quote(n))),
        Key::Metric(_, n) => Some(format!("**metric** `{n}`")),
    };
    match text {
        Some(t) => {
            let mut v = md(t);
            v["range"] = convert::range(&doc.report.file, occ.span);
            v
        }
        None => Value::Null,
    }
}

// -------------------------------------------------------------------------------------------
// Definition and references
// -------------------------------------------------------------------------------------------

/// The standard library written out so editors can open it (once per version), in a private
/// directory of this user (see [`private_dir`]); `None` when there is none to be had.
fn stdlib_path(module: &str) -> Option<std::path::PathBuf> {
    let (_, file, src) = crate::stdlib::EMBEDDED
        .iter()
        .find(|(m, _, _)| *m == module)?;
    let dir = private_dir()?.join(format!("stdlib-{}", env!("CARGO_PKG_VERSION")));
    let path = dir.join(file.trim_start_matches("stdlib/"));
    let limit = src.len() as u64 + 1;
    if crate::fsutil::read_text(&path, limit).ok().as_deref() != Some(*src) {
        std::fs::create_dir_all(path.parent()?).ok()?;
        crate::fsutil::write_atomic(&path, src.as_bytes()).ok()?;
    }
    Some(path)
}

/// `keel-UID` in `$XDG_RUNTIME_DIR` (else the temporary directory), created with mode 0700 and
/// used only if it is a real directory (not a link) owned by this user that no one else can
/// enter: another user cannot plant a link there to make the server write through it.
#[cfg(unix)]
pub(crate) fn private_dir() -> Option<std::path::PathBuf> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt};
    let uid = unsafe { libc::geteuid() };
    let base = std::env::var_os("XDG_RUNTIME_DIR")
        .map(std::path::PathBuf::from)
        .filter(|p| p.is_absolute())
        .unwrap_or_else(std::env::temp_dir);
    let dir = base.join(format!("keel-{uid}"));
    let _ = std::fs::DirBuilder::new().mode(0o700).create(&dir);
    let meta = std::fs::symlink_metadata(&dir).ok()?;
    let private = meta.file_type().is_dir() && meta.uid() == uid && meta.mode() & 0o077 == 0;
    if !private {
        eprintln!(
            "keel lsp: {} is not a private directory of this user; the standard library is not written out",
            dir.display()
        );
        return None;
    }
    Some(dir)
}

#[cfg(not(unix))]
pub(crate) fn private_dir() -> Option<std::path::PathBuf> {
    None
}

fn location_in_module(a: &Analysis, module: &str, span: Span) -> Option<Value> {
    let lib = crate::stdlib::Library::embedded();
    let m = lib.get(module)?;
    let path = if m.embedded {
        stdlib_path(module)?
    } else {
        std::path::PathBuf::from(&m.file)
    };
    let file = SourceFile::new(m.file.clone(), &m.source);
    let _ = a;
    Some(json!({ "uri": convert::path_to_uri(&path), "range": convert::range(&file, span) }))
}

fn definition_of(a: &Analysis, uri: &str, key: &Key) -> Option<Value> {
    if let Some(d) = a.index.definition(key) {
        return Some(json!({ "uri": uri, "range": convert::range(&a.source, d.span) }));
    }
    match key {
        Key::Name(n) => {
            let cat = &a.checked.module.catalog;
            let def = match cat.by_name.get(n)? {
                Sym::Var(v) => cat.vars[*v].defs.first()?.clone(),
                Sym::Event(e) => cat.events[*e].def.clone(),
                Sym::Action(x) => Def {
                    origin: cat.actions[*x].def.origin.clone(),
                    span: cat.actions[*x].name_span,
                },
            };
            match def.origin {
                Origin::Module(m) => location_in_module(a, &m, def.span),
                Origin::File => {
                    Some(json!({ "uri": uri, "range": convert::range(&a.source, def.span) }))
                }
            }
        }
        Key::Module(m) => {
            let lib = crate::stdlib::Library::embedded();
            let lm = lib.get(m)?;
            let path = if lm.embedded {
                stdlib_path(m)?
            } else {
                std::path::PathBuf::from(&lm.file)
            };
            Some(
                json!({ "uri": convert::path_to_uri(&path), "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } } }),
            )
        }
        _ => None,
    }
}

pub fn definition(doc: &Document, params: &Value) -> Value {
    let Some(a) = doc.analysis() else {
        return Value::Null;
    };
    let off = pos_offset(&a.source, params);
    let Some(occ) = a.index.at(off) else {
        return Value::Null;
    };
    definition_of(a, &uri_of(params), &occ.key).unwrap_or(Value::Null)
}

pub fn references(doc: &Document, params: &Value) -> Value {
    let Some(a) = doc.analysis() else {
        return Value::Null;
    };
    let off = pos_offset(&a.source, params);
    let Some(occ) = a.index.at(off) else {
        return json!([]);
    };
    let include_decl = params
        .pointer("/context/includeDeclaration")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let uri = uri_of(params);
    let refs: Vec<Value> = a
        .index
        .of(&occ.key)
        .filter(|o| include_decl || !o.def)
        .map(|o| json!({ "uri": uri, "range": convert::range(&a.source, o.span) }))
        .collect();
    Value::Array(refs)
}

// -------------------------------------------------------------------------------------------
// Completion
// -------------------------------------------------------------------------------------------

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
        index::workflow_at(&a.checked.module, off)
            .or((!a.checked.module.workflows.is_empty()).then_some(0))
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
                        a.checked.module.workflows[w]
                            .states
                            .iter()
                            .map(|s| item(&s.name, 12, Some("state".into()))),
                    );
                }
            }
            (Want::Flags, Some(a)) => {
                if let Some(w) = w {
                    items.extend(
                        a.checked.module.workflows[w]
                            .flags
                            .iter()
                            .map(|f| item(&f.name, 12, Some("flag".into()))),
                    );
                }
            }
            (Want::Events, Some(a)) => items.extend(
                a.checked
                    .module
                    .catalog
                    .events
                    .iter()
                    .map(|e| item(&e.name, 23, Some("event".into()))),
            ),
            (Want::Actions, Some(a)) => {
                let cat = &a.checked.module.catalog;
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
                let cat = &a.checked.module.catalog;
                items.extend(cat.vars.iter().map(|v| {
                    item(
                        &v.name,
                        if v.fact { 21 } else { 10 },
                        Some(format!("{} · {}", v.kind_word(), v.ty.describe())),
                    )
                }))
            }
            (Want::Facts, Some(a)) => {
                let cat = &a.checked.module.catalog;
                items.extend(
                    cat.vars
                        .iter()
                        .filter(|v| v.fact)
                        .map(|v| item(&v.name, 21, Some("fact".into()))),
                )
            }
            (Want::Members, Some(a)) => {
                let cat = &a.checked.module.catalog;
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

// -------------------------------------------------------------------------------------------
// Symbols, formatting, quick fixes
// -------------------------------------------------------------------------------------------

fn symbol(
    file: &SourceFile,
    name: &str,
    kind: u32,
    span: Span,
    sel: Span,
    children: Vec<Value>,
) -> Value {
    let mut v = json!({
        "name": name,
        "kind": kind,
        "range": convert::range(file, span.to(sel)),
        "selectionRange": convert::range(file, sel),
    });
    if !children.is_empty() {
        v["children"] = Value::Array(children);
    }
    v
}

pub fn symbols(doc: &Document, _params: &Value) -> Value {
    let Some(a) = doc.analysis() else {
        return json!([]);
    };
    let file = &a.source;
    let mut out = Vec::new();
    for item in &a.checked.parsed.ast.items {
        match item {
            crate::ast::Item::Attribute(x) => {
                out.push(symbol(file, &x.name.name, 7, x.span, x.name.span, vec![]))
            }
            crate::ast::Item::Fact(x) => {
                out.push(symbol(file, &x.name.name, 14, x.span, x.name.span, vec![]))
            }
            crate::ast::Item::Event(x) => {
                out.push(symbol(file, &x.name.name, 24, x.span, x.name.span, vec![]))
            }
            crate::ast::Item::Action(x) => {
                out.push(symbol(file, &x.name.name, 12, x.span, x.name.span, vec![]))
            }
            crate::ast::Item::Workflow(_) => {}
        }
    }
    for wf in &a.checked.module.workflows {
        let mut children = Vec::new();
        children.extend(
            wf.states
                .iter()
                .map(|s| symbol(file, &s.name, 22, s.span, s.name_span, vec![])),
        );
        children.extend(
            wf.transitions
                .iter()
                .map(|t| symbol(file, &t.name, 24, t.span, t.name_span, vec![])),
        );
        children.extend(
            wf.tests
                .iter()
                .map(|t| symbol(file, &t.name, 6, t.span, t.name_span, vec![])),
        );
        out.push(symbol(file, &wf.id, 5, wf.span, wf.name_span, children));
    }
    Value::Array(out)
}

/// Quick fixes for the diagnostics in the request's range: "did you mean" replacements,
/// removing an unjustified suppression, and an explicit `otherwise` for an unhandled segment.
pub fn code_actions(doc: &Document, params: &Value) -> Value {
    let file = &doc.report.file;
    let uri = uri_of(params);
    let start = convert::offset(file, params.pointer("/range/start").unwrap_or(&Value::Null));
    let end = convert::offset(file, params.pointer("/range/end").unwrap_or(&Value::Null));
    let mut out = Vec::new();
    for d in &doc.report.diagnostics {
        if (d.span.end as usize) < start || (d.span.start as usize) > end {
            continue;
        }
        let diag = json!({ "range": convert::range(file, d.span), "message": d.message, "code": d.code, "source": "keel" });
        let mut edit = |title: String, span: Span, text: String| {
            out.push(json!({
                "title": title,
                "kind": "quickfix",
                "diagnostics": [diag.clone()],
                "isPreferred": true,
                "edit": { "changes": { uri.clone(): [{ "range": convert::range(file, span), "newText": text }] } },
            }));
        };
        if let Some(s) = d
            .help
            .as_deref()
            .and_then(|h| h.strip_prefix("did you mean `"))
            .and_then(|h| h.strip_suffix("`?"))
        {
            edit(format!("Replace with `{s}`"), d.span, s.to_string());
        }
        if d.code == "K006" {
            let line_start = file.text[..d.span.start as usize]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let line_end = file.text[d.span.end as usize..]
                .find('\n')
                .map_or(file.text.len(), |i| d.span.end as usize + i + 1);
            if file.text[line_start..d.span.start as usize]
                .trim()
                .is_empty()
            {
                edit(
                    "Remove this suppression".into(),
                    Span::new(line_start, line_end),
                    String::new(),
                );
            }
        }
        if d.code == "K108" {
            // "no transition handles `EVENT` in state `STATE` when ..."
            let names: Vec<&str> = d.message.split('`').skip(1).step_by(2).collect();
            if let [event, state, ..] = names[..] {
                let line_start = file.text[..d.span.start as usize]
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
                let indent: String = file.text[line_start..]
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .collect();
                let name = format!("{}_{}_rest", state.to_lowercase(), event.replace('.', "_"));
                edit(
                    format!("Ignore the rest of `{event}` in `{state}` explicitly (`when otherwise`)"),
                    Span::new(line_start, line_start),
                    format!("{indent}transition {name}: {state} -> {state} on {event}\n{indent}  when otherwise\n\n"),
                );
            }
        }
    }
    Value::Array(out)
}

/// The whole document in `keel fmt`'s layout, as one edit (none when it already is, or when
/// the text does not parse).
pub fn formatting(doc: &Document, _params: &Value) -> Value {
    let file = &doc.report.file;
    match crate::fmt::format_source(&file.text) {
        Ok(formatted) if formatted != *file.text => json!([{
            "range": convert::range(file, Span::new(0, file.text.len())),
            "newText": formatted,
        }]),
        Ok(_) => json!([]),
        Err(_) => Value::Null,
    }
}
