//! Go to definition, into the standard library too (written out once per version
//! into a private directory, so that editors can open it).

use serde_json::{json, Value};

use crate::lsp::convert::{self, pos_offset, uri_of};
use crate::lsp::document::{Analysis, Document};
use crate::lsp::index::Key;
use crate::model::*;
use crate::source::SourceFile;
use crate::span::Span;

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
            let cat = &a.module.catalog;
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
