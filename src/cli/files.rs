//! Finding the files a command works on: explicit files as given, directories searched for
//! `*.keel` (hidden directories and `target` skipped, symlink loops detected), sorted.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A file to work on: the path to open and the path to show.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub display: String,
    pub path: PathBuf,
}

/// An I/O problem with a named path (exit code 2).
#[derive(Debug)]
pub struct IoProblem {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for IoProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

fn display(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// Collects inputs; problems are returned beside what could be found.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<IoProblem>) {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut seen_dirs = HashSet::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out, &mut problems, &mut seen_dirs, 0),
            Ok(_) => out.push(Input {
                display: display(p),
                path: p.clone(),
            }),
            Err(e) => problems.push(IoProblem {
                path: p.clone(),
                message: e.to_string(),
            }),
        }
    }
    let mut seen = HashSet::new();
    out.retain(|i| seen.insert(i.path.clone()));
    (out, problems)
}

fn walk(
    dir: &Path,
    out: &mut Vec<Input>,
    problems: &mut Vec<IoProblem>,
    seen: &mut HashSet<PathBuf>,
    depth: usize,
) {
    let canonical = match std::fs::canonicalize(dir) {
        Ok(c) => c,
        Err(e) => {
            problems.push(IoProblem {
                path: dir.to_path_buf(),
                message: e.to_string(),
            });
            return;
        }
    };
    if !seen.insert(canonical) {
        return; // already walked: a symlink loop or a repeated argument
    }
    if depth > 64 {
        problems.push(IoProblem {
            path: dir.to_path_buf(),
            message: "directories nested more than 64 deep".to_string(),
        });
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(IoProblem {
                path: dir.to_path_buf(),
                message: e.to_string(),
            });
            return;
        }
    };
    let mut children: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => children.push(e.path()),
            Err(e) => problems.push(IoProblem {
                path: dir.to_path_buf(),
                message: e.to_string(),
            }),
        }
    }
    children.sort();
    for child in children {
        let name = child
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        match std::fs::metadata(&child) {
            Ok(m) if m.is_dir() => {
                if name.starts_with('.') || name == "target" || name == "node_modules" {
                    continue;
                }
                walk(&child, out, problems, seen, depth + 1);
            }
            Ok(_) => {
                if child.extension().is_some_and(|e| e == "keel") {
                    out.push(Input {
                        display: display(&child),
                        path: child,
                    });
                }
            }
            Err(e) => {
                // A dangling symlink to a .keel file is a problem; anything else is ignored.
                if child.extension().is_some_and(|e| e == "keel") {
                    problems.push(IoProblem {
                        path: child,
                        message: e.to_string(),
                    });
                }
            }
        }
    }
}

/// Reads a file's bytes, naming the path on failure. A FIFO, device or socket is refused
/// without blocking (see [`crate::fsutil::read_regular`]).
pub fn read(input: &Input) -> Result<Vec<u8>, IoProblem> {
    let limit = crate::syntax::MAX_FILE_BYTES as u64 * 2;
    crate::fsutil::read_regular(&input.path, limit).map_err(|e| IoProblem {
        path: input.path.clone(),
        message: e.to_string(),
    })
}
