//! Quick fixes: "did you mean" replacements, removing an unjustified suppression, and an
//! explicit `otherwise` for an unhandled segment.

use serde_json::{json, Value};

use crate::lsp::convert::{self, uri_of};
use crate::lsp::document::Document;
use crate::span::Span;

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
