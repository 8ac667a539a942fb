//! Per-run state shared by the subcommands: projects by root (loaded once each) and reading
//! inputs into source files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::files::{self, Input, IoProblem};
use crate::check::{self, check_file, CheckOptions, FileReport};
use crate::config::Env;
use crate::model::{Module, Workflow};
use crate::project::{self, Project};
use crate::source::SourceFile;

#[derive(Default)]
pub struct Session {
    pub config_override: Option<PathBuf>,
    projects: HashMap<Option<PathBuf>, Arc<Project>>,
    /// Project root of each directory already looked up.
    roots: HashMap<PathBuf, Option<PathBuf>>,
}

/// A file ready to check: its source and its project.
pub struct Loaded {
    pub input: Input,
    pub source: Arc<SourceFile>,
    pub project: Arc<Project>,
}

impl Session {
    pub fn new(config_override: Option<PathBuf>) -> Session {
        Session {
            config_override,
            projects: HashMap::new(),
            roots: HashMap::new(),
        }
    }

    /// The project a path belongs to. Errors (a broken keel.toml or keel.lock) name the file.
    pub fn project_for(&mut self, path: &Path) -> Result<Arc<Project>, String> {
        let dir = project::lookup_dir(path);
        let root = match self.roots.get(&dir) {
            Some(r) => r.clone(),
            None => {
                let r = project::find_root(&dir);
                self.roots.insert(dir, r.clone());
                r
            }
        };
        if let Some(p) = self.projects.get(&root) {
            return Ok(p.clone());
        }
        let p = Arc::new(Project::load(
            root.clone(),
            self.config_override.as_deref(),
        )?);
        self.projects.insert(root, p.clone());
        Ok(p)
    }

    /// Reads every input; unreadable files and broken project files become problems.
    pub fn load(&mut self, inputs: Vec<Input>) -> (Vec<Loaded>, Vec<IoProblem>) {
        let mut out = Vec::new();
        let mut problems = Vec::new();
        for input in inputs {
            let project = match self.project_for(&input.path) {
                Ok(p) => p,
                Err(message) => {
                    problems.push(IoProblem {
                        path: input.path.clone(),
                        message,
                    });
                    continue;
                }
            };
            match files::read(&input) {
                Ok(bytes) => out.push(Loaded {
                    source: Arc::new(SourceFile::from_bytes(input.display.clone(), &bytes)),
                    input,
                    project,
                }),
                Err(p) => problems.push(p),
            }
        }
        (out, problems)
    }

    /// Checks every loaded file, on `jobs` threads (default: one per core), keeping the input
    /// order. Files are independent; the only shared state is the read-only project.
    pub fn check_all(
        loaded: &[Loaded],
        flag_env: Option<Env>,
        run_tests: bool,
        keep_artifacts: bool,
        jobs: Option<u16>,
    ) -> Vec<FileReport> {
        use rayon::prelude::*;
        let check_one = |l: &Loaded| {
            let opts = CheckOptions {
                env: Session::env_for(flag_env, &l.project),
                run_tests,
                keep_artifacts,
            };
            check_file(l.source.clone(), &l.project, &opts)
        };
        // Worker threads get the main thread's stack size: deep (but legal) input may recurse.
        let mut pool = rayon::ThreadPoolBuilder::new().stack_size(8 << 20);
        if let Some(n) = jobs {
            pool = pool.num_threads(n as usize);
        }
        let mut reports: Vec<FileReport> = match pool.build() {
            Ok(pool) => pool.install(|| loaded.par_iter().map(check_one).collect()),
            // No pool could be made: check on this thread.
            Err(_) => loaded.iter().map(check_one).collect(),
        };
        // The [library] modules the files use are checked with them, once each (§8).
        let modules = crate::library_check::used_modules(
            loaded.iter().zip(&reports).map(|(l, r)| (&l.project, r)),
            loaded.iter().map(|l| l.input.path.as_path()),
        );
        for m in modules {
            let opts = CheckOptions {
                env: Session::env_for(flag_env, &m.project),
                run_tests,
                keep_artifacts: false,
            };
            let report = check_file(m.source, &m.project, &opts);
            reports.push(crate::library_check::as_library_report(report));
        }
        crate::check::cross_file(&mut reports);
        reports
    }

    /// The environment of a run: the flag, else the first file's project, else production.
    pub fn run_env(flag: Option<Env>, loaded: &[Loaded]) -> Env {
        match loaded.first() {
            Some(l) => Session::env_for(flag, &l.project),
            None => flag.unwrap_or(Env::Production),
        }
    }

    /// The environment: the flag, else the project's keel.toml, else production.
    pub fn env_for(flag: Option<Env>, project: &Project) -> Env {
        flag.or(project.config.env).unwrap_or(Env::Production)
    }
}

impl Loaded {
    /// The file's model ([`check::model`]). A file without one (not UTF-8, syntax errors) has
    /// its diagnostics written to stderr, then `error: PATH: WHY; CONSEQUENCE`, and is exit
    /// code 1: every command that works on the model refuses such a file the same way.
    pub fn model(&self, consequence: &str) -> Result<Module, u8> {
        check::model(&self.source, &self.project.library)
            .map_err(|why| self.refuse(why, consequence))
    }

    /// Writes why the file has no model to stderr (see [`Loaded::model`]); exit code 1.
    pub fn refuse(&self, why: check::Unparsed, consequence: &str) -> u8 {
        refuse(&self.source, why, consequence)
    }
}

/// Writes a file's K001 diagnostics to stderr, then `error: PATH: WHY; CONSEQUENCE`; exit
/// code 1. Every command refuses a file without a syntax tree this way.
pub fn refuse(source: &Arc<SourceFile>, why: check::Unparsed, consequence: &str) -> u8 {
    let h = crate::report::human::handler(false);
    for d in &why.diagnostics {
        eprint!("{}", crate::report::human::render(&h, source, d));
    }
    eprintln!("error: {}: {}; {consequence}", source.path, why.reason());
    1
}

/// Reads the one file a command works on (exit code 2 naming the path when it cannot be).
pub fn load_one(session: &mut Session, path: &Path) -> Result<Loaded, u8> {
    let (mut loaded, problems) = session.load(vec![Input {
        display: path.display().to_string(),
        path: path.to_path_buf(),
    }]);
    if let Some(p) = problems.first() {
        eprintln!("error: {p}");
        return Err(2);
    }
    Ok(loaded.remove(0))
}

/// The one workflow of a file that `wanted` names ([`check::select`]); without a name, the
/// file's only workflow. Otherwise exit code 2 with a line saying what the file holds.
pub fn select_one(path: &str, workflows: &[Workflow], wanted: Option<&str>) -> Result<usize, u8> {
    let chosen: Vec<usize> = check::select(workflows, wanted).collect();
    match chosen.as_slice() {
        [one] => Ok(*one),
        [] => {
            eprintln!(
                "error: {path} has no workflow{}",
                wanted.map_or(String::new(), |w| format!(" `{w}`"))
            );
            Err(2)
        }
        _ => {
            let ids: Vec<&str> = chosen.iter().map(|i| workflows[*i].id.as_str()).collect();
            eprintln!(
                "error: {path} holds several workflows ({}); choose one with --workflow",
                ids.join(", ")
            );
            Err(2)
        }
    }
}
