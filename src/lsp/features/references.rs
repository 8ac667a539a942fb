//! Find references: every occurrence of the name under the cursor.

use serde_json::{json, Value};

use crate::lsp::convert::{self, pos_offset, uri_of};
use crate::lsp::document::Document;

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
