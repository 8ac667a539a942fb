//! `[library]` modules are checked with the workflows that use them (LANGUAGE.md §8): a
//! module's own findings (K002, K003, K004, K006, K208, …) are reported once per run,
//! attributed to the module's file, and fail the check, build or publish like any other file's,
//! whether or not the module's directory is among the checked paths.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::check::FileReport;
use crate::project::Project;
use crate::source::SourceFile;

/// A `[library]` module file to check with the run: its source and the project whose library
/// it was loaded from.
pub struct LibraryFile {
    pub source: Arc<SourceFile>,
    pub project: Arc<Project>,
}

/// The project (non-embedded) modules the checked files use, each once, in first-use order,
/// leaving out those that are themselves among the checked files (`checked`: the inputs'
/// paths). `used`: each checked file's project and report, in input order.
pub fn used_modules<'a>(
    used: impl Iterator<Item = (&'a Arc<Project>, &'a FileReport)>,
    checked: impl Iterator<Item = &'a std::path::Path>,
) -> Vec<LibraryFile> {
    let mut seen: HashSet<PathBuf> = checked.map(identity).collect();
    let mut out = Vec::new();
    for (project, report) in used {
        for path in &report.modules {
            let Some(m) = project.library.get(path) else {
                continue;
            };
            if m.embedded || !seen.insert(identity(std::path::Path::new(&m.file))) {
                continue;
            }
            out.push(LibraryFile {
                source: Arc::new(SourceFile::new(display(&m.file), &m.source)),
                project: project.clone(),
            });
        }
    }
    out
}

/// What a module's report contributes to the run: its findings, not its workflows (a module's
/// workflows are not built or published from a module; they are when its file is checked).
pub fn as_library_report(mut report: FileReport) -> FileReport {
    report.workflows.clear();
    report
}

/// The module's path relative to the working directory when it is under it (as the inputs are
/// shown), else as the library found it.
fn display(file: &str) -> String {
    let p = std::path::Path::new(file);
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(&cwd).ok().map(|r| r.display().to_string()))
        .unwrap_or_else(|| file.to_string())
}

fn identity(p: &std::path::Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| std::path::absolute(p).unwrap_or(p.to_path_buf()))
}
