//! Hover: what the name, action, state, transition or test under the cursor is.

use serde_json::{json, Value};

use crate::analysis::Structure;
use crate::lsp::convert::{self, pos_offset};
use crate::lsp::document::{Analysis, Document};
use crate::lsp::index::Key;
use crate::model::*;

fn md(text: String) -> Value {
    json!({ "contents": { "kind": "markdown", "value": text } })
}

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
    let module = &a.module;
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
    let structure = Structure::build(&module.catalog, wf, crate::sim::witness_holds);
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
    let cat = &a.module.catalog;
    let text = match &occ.key {
        Key::Name(n) => name_hover(cat, n),
        Key::State(w, n) => state_hover(a, *w, n),
        Key::Flag(w, n) => a.module.workflows[*w]
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
        Key::Transition(w, n) => a.module.workflows[*w]
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
