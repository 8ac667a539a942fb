//! Document symbols: the file's definitions and workflows with their states, transitions
//! and tests.

use serde_json::{json, Value};

use crate::lsp::convert;
use crate::lsp::document::Document;
use crate::source::SourceFile;
use crate::span::Span;

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
    for item in &a.ast.items {
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
    for wf in &a.module.workflows {
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
