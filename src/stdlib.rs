//! The module library: the standard library embedded in the binary (`stdlib/std/*.keel`),
//! optionally extended or overridden by project directories named in keel.toml.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::diagnostic::Diagnostic;
use crate::syntax::{self, Parsed};

/// The embedded standard library: (module path, file name, source).
pub const EMBEDDED: &[(&str, &str, &str)] = &[
    (
        "std::bonus",
        "stdlib/std/bonus.keel",
        include_str!("../stdlib/std/bonus.keel"),
    ),
    (
        "std::client",
        "stdlib/std/client.keel",
        include_str!("../stdlib/std/client.keel"),
    ),
    (
        "std::ib",
        "stdlib/std/ib.keel",
        include_str!("../stdlib/std/ib.keel"),
    ),
    (
        "std::kyc",
        "stdlib/std/kyc.keel",
        include_str!("../stdlib/std/kyc.keel"),
    ),
    (
        "std::notify",
        "stdlib/std/notify.keel",
        include_str!("../stdlib/std/notify.keel"),
    ),
    (
        "std::payments",
        "stdlib/std/payments.keel",
        include_str!("../stdlib/std/payments.keel"),
    ),
    (
        "std::prop",
        "stdlib/std/prop.keel",
        include_str!("../stdlib/std/prop.keel"),
    ),
    (
        "std::psp",
        "stdlib/std/psp.keel",
        include_str!("../stdlib/std/psp.keel"),
    ),
    (
        "std::records",
        "stdlib/std/records.keel",
        include_str!("../stdlib/std/records.keel"),
    ),
    (
        "std::tasks",
        "stdlib/std/tasks.keel",
        include_str!("../stdlib/std/tasks.keel"),
    ),
    (
        "std::trading",
        "stdlib/std/trading.keel",
        include_str!("../stdlib/std/trading.keel"),
    ),
];

/// One importable module.
#[derive(Debug)]
pub struct LibModule {
    /// `std::payments`
    pub path: Arc<str>,
    /// Where it comes from: `stdlib/std/payments.keel` (embedded) or a file on disk.
    pub file: String,
    pub source: Arc<str>,
    /// The parse, or its syntax errors.
    pub parsed: Result<Parsed, Vec<Diagnostic>>,
    pub embedded: bool,
}

/// The modules `use` can name.
#[derive(Debug, Clone)]
pub struct Library {
    modules: BTreeMap<String, Arc<LibModule>>,
    /// Catalogs already built from sets of this library's modules (see `resolve`).
    pub(crate) catalogs: CatalogCache,
}

/// Catalogs by the module paths they were built from. Belongs to one library: a clone starts
/// empty, because a clone is made to add or replace modules.
#[derive(Default)]
pub(crate) struct CatalogCache(pub(crate) std::sync::Mutex<CatalogMap>);

type CatalogMap = std::collections::HashMap<Vec<Arc<str>>, Arc<crate::model::Catalog>>;

impl Clone for CatalogCache {
    fn clone(&self) -> Self {
        CatalogCache::default()
    }
}

impl std::fmt::Debug for CatalogCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CatalogCache")
    }
}

impl Library {
    /// The embedded standard library alone (parsed once per process).
    pub fn embedded() -> &'static Library {
        static LIB: OnceLock<Library> = OnceLock::new();
        LIB.get_or_init(|| {
            let modules = EMBEDDED
                .iter()
                .map(|(path, file, src)| {
                    let m = LibModule {
                        path: Arc::from(*path),
                        file: file.to_string(),
                        source: Arc::from(*src),
                        parsed: syntax::parse(src),
                        embedded: true,
                    };
                    (path.to_string(), Arc::new(m))
                })
                .collect();
            Library {
                modules,
                catalogs: CatalogCache::default(),
            }
        })
    }

    /// The standard library plus every `*.keel` file under the given directories, named by
    /// its relative path (`dir/acme/psp.keel` is `acme::psp`; `dir/std/x.keel` overrides
    /// `std::x`).
    ///
    /// The standard library cannot be redefined (LANGUAGE.md §8): a directory that provides a
    /// module under `std::` is an error (a configuration error, exit 2).
    pub fn with_search_path(dirs: &[PathBuf]) -> Result<Library, String> {
        let mut lib = Library::embedded().clone();
        for dir in dirs {
            let mut files = Vec::new();
            collect_keel(dir, dir, &mut files, 0)
                .map_err(|(p, e)| format!("cannot read module directory {}: {e}", p.display()))?;
            files.sort();
            for (module, path) in files {
                if module == "std" || module.starts_with("std::") {
                    return Err(format!(
                        "{}: a [library] module cannot be `{module}`: the standard library is embedded in Keel and cannot be replaced; name the module after your organisation (e.g. `acme::{}`)",
                        path.display(),
                        module.rsplit("::").next().unwrap_or("payments")
                    ));
                }
                // A FIFO or device named `*.keel` is refused without blocking.
                let limit = crate::syntax::MAX_FILE_BYTES as u64;
                let text = crate::fsutil::read_text(&path, limit)
                    .map_err(|e| format!("cannot read module {}: {e}", path.display()))?;
                let m = LibModule {
                    path: Arc::from(module.as_str()),
                    file: path.display().to_string(),
                    parsed: syntax::parse(&text),
                    source: Arc::from(text.as_str()),
                    embedded: false,
                };
                lib.modules.insert(module, Arc::new(m));
            }
        }
        Ok(lib)
    }

    /// Every attribute, fact, event and action the embedded standard library defines, with
    /// the module that defines it (payload fields are not definitions).
    pub fn reserved() -> &'static std::collections::HashMap<String, &'static str> {
        static NAMES: OnceLock<std::collections::HashMap<String, &'static str>> = OnceLock::new();
        NAMES.get_or_init(|| {
            let mut out = std::collections::HashMap::new();
            for (path, _, _) in EMBEDDED {
                let Some(m) = Library::embedded().get(path) else {
                    continue;
                };
                let Ok(p) = &m.parsed else { continue };
                for item in &p.ast.items {
                    let name = match item {
                        crate::ast::Item::Attribute(a) => &a.name.name,
                        crate::ast::Item::Fact(f) => &f.name.name,
                        crate::ast::Item::Event(e) => &e.name.name,
                        crate::ast::Item::Action(a) => &a.name.name,
                        crate::ast::Item::Workflow(_) => continue,
                    };
                    out.entry(name.clone()).or_insert(*path);
                }
            }
            out
        })
    }

    pub fn get(&self, path: &str) -> Option<&Arc<LibModule>> {
        self.modules.get(path)
    }

    pub fn modules(&self) -> impl Iterator<Item = &Arc<LibModule>> {
        self.modules.values()
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.modules.keys().map(String::as_str)
    }
}

fn collect_keel(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, PathBuf)>,
    depth: usize,
) -> Result<(), (PathBuf, std::io::Error)> {
    if depth > 16 {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| (dir.to_path_buf(), e))?;
        let path = entry.path();
        let ft = entry.file_type().map_err(|e| (path.clone(), e))?;
        if ft.is_dir() {
            collect_keel(root, &path, out, depth + 1)?;
        } else if path.extension().is_some_and(|e| e == "keel") {
            let rel = path.strip_prefix(root).unwrap_or(&path).with_extension("");
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect();
            if parts.iter().all(|p| {
                !p.is_empty()
                    && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !p.starts_with(|c: char| c.is_ascii_digit())
            }) {
                out.push((parts.join("::"), path));
            }
        }
    }
    Ok(())
}
