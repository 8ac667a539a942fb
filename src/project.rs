//! Projects: the root (the nearest directory at or above a checked file that holds
//! `keel.toml` or `keel.lock`), its configuration, its lock and its module library.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::lock::Lock;
use crate::stdlib::Library;

#[derive(Clone, Debug)]
pub struct Project {
    pub root: Option<PathBuf>,
    pub config: Config,
    pub lock: Option<Lock>,
    pub library: Arc<Library>,
}

impl Default for Project {
    fn default() -> Project {
        Project {
            root: None,
            config: Config::default(),
            lock: None,
            library: Arc::new(Library::embedded().clone()),
        }
    }
}

/// The nearest directory at or above `start` holding `keel.toml` or `keel.lock`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    let abs = std::path::absolute(start).ok()?;
    let mut dir: Option<&Path> = Some(abs.as_path());
    while let Some(d) = dir {
        if d.join("keel.toml").is_file() || d.join("keel.lock").is_file() {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    None
}

/// The directory a path's project is looked up from (the path itself for a directory).
pub fn lookup_dir(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }
}

/// A published version is published: a project nested in another (its own keel.toml or
/// keel.lock below a directory with a keel.lock) is also held to the versions every keel.lock
/// above its root records (K302/K303), up to the nearest directory containing `.git` (or the
/// filesystem root). Their entries follow the project's own; `keel publish` still writes only
/// the project's own keel.lock.
fn with_ancestor_locks(lock: Option<Lock>, root: Option<&Path>) -> Result<Option<Lock>, String> {
    let Some(root) = root else { return Ok(lock) };
    if root.join(".git").exists() {
        return Ok(lock);
    }
    let Ok(abs) = std::path::absolute(root) else {
        return Ok(lock);
    };
    let mut lock = lock;
    let mut dir = abs.parent();
    while let Some(d) = dir {
        let f = d.join("keel.lock");
        if f.is_file() {
            let outer = Lock::load(&f)?;
            lock.get_or_insert_with(Lock::default)
                .published
                .extend(outer.published);
        }
        if d.join(".git").exists() {
            break;
        }
        dir = d.parent();
    }
    Ok(lock)
}

impl Project {
    /// Loads the project at `root` (or the defaults without one). `config_override` replaces
    /// the root's keel.toml, except for what may only be raised ([`Config::over_project`]). Errors name the file.
    pub fn load(root: Option<PathBuf>, config_override: Option<&Path>) -> Result<Project, String> {
        let config = match (config_override, &root) {
            // --config may raise a control, never lower it: the project's own keel.toml
            // still holds its [roles] and raised controls (LANGUAGE.md §8).
            (Some(p), Some(r)) if r.join("keel.toml").is_file() => {
                Config::load(p)?.over_project(&Config::load(&r.join("keel.toml"))?)
            }
            (Some(p), _) => Config::load(p)?,
            (None, Some(r)) if r.join("keel.toml").is_file() => Config::load(&r.join("keel.toml"))?,
            _ => Config::default(),
        };
        let lock = match &root {
            Some(r) if r.join("keel.lock").is_file() => Some(Lock::load(&r.join("keel.lock"))?),
            _ => None,
        };
        let lock = with_ancestor_locks(lock, root.as_deref())?;
        let library = if config.library_paths.is_empty() {
            Arc::new(Library::embedded().clone())
        } else {
            Arc::new(
                Library::with_search_path(&config.library_paths).map_err(|e| {
                    match &config.path {
                        Some(c) => format!("{e} (keel.toml: {} [library] paths)", c.display()),
                        None => e,
                    }
                })?,
            )
        };
        Ok(Project {
            root,
            config,
            lock,
            library,
        })
    }
}
