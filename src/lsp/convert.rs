//! Positions (UTF-16, as LSP counts them) and `file://` URIs.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::source::SourceFile;
use crate::span::Span;

/// An LSP position `{line, character}` of a byte offset. The editor's text keeps a leading
/// byte-order mark (one UTF-16 unit on line 0) that the analysed text does not.
pub fn position(file: &SourceFile, offset: usize) -> Value {
    let (line, mut character) = file.lines().utf16_position(&file.text, offset);
    if file.bom && line == 0 {
        character += 1;
    }
    json!({ "line": line, "character": character })
}

pub fn range(file: &SourceFile, span: Span) -> Value {
    json!({ "start": position(file, span.start as usize), "end": position(file, span.end as usize) })
}

/// The byte offset of an LSP position (clamped to the text; never panics).
pub fn offset(file: &SourceFile, pos: &Value) -> usize {
    let line = pos
        .get("line")
        .and_then(Value::as_u64)
        .unwrap_or(0)
        .min(u32::MAX as u64) as u32;
    let ch = pos
        .get("character")
        .and_then(Value::as_u64)
        .unwrap_or(0)
        .min(u32::MAX as u64) as u32;
    // The editor counts the byte-order mark on line 0 (see `position`).
    let ch = if file.bom && line == 0 {
        ch.saturating_sub(1)
    } else {
        ch
    };
    file.lines().offset_of_utf16(&file.text, line, ch)
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The path of a `file://` URI (percent-decoded), if it is one.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file:///home/x` or `file://localhost/home/x`
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    let s = String::from_utf8(out).ok()?;
    // `file:///C:/x` on Windows.
    let s = if s.len() > 3 && s.as_bytes()[0] == b'/' && s.as_bytes()[2] == b':' {
        s[1..].to_string()
    } else {
        s
    };
    Some(PathBuf::from(s))
}

/// A `file://` URI for a path.
pub fn path_to_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::from("file://");
    let s = abs.to_string_lossy().replace('\\', "/");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The byte offset of a request's `position`.
pub fn pos_offset(file: &SourceFile, params: &Value) -> usize {
    offset(file, params.get("position").unwrap_or(&Value::Null))
}

/// A request's `textDocument.uri` (empty without one).
pub fn uri_of(params: &Value) -> String {
    params
        .pointer("/textDocument/uri")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_round_trip() {
        let p = PathBuf::from("/tmp/a b/ç.keel");
        let u = path_to_uri(&p);
        assert_eq!(u, "file:///tmp/a%20b/%C3%A7.keel");
        assert_eq!(uri_to_path(&u), Some(p));
        assert_eq!(uri_to_path("untitled:1"), None);
        assert_eq!(uri_to_path("file:///x%2"), Some(PathBuf::from("/x%2")));
    }
}
