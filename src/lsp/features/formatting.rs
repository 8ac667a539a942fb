//! Formatting: the whole document in `keel fmt`'s layout, as one edit.

use serde_json::{json, Value};

use crate::lsp::convert;
use crate::lsp::document::Document;
use crate::span::Span;

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
