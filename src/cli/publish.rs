//! `keel publish [PATH...]`: records in keel.lock every workflow that passes the production
//! checks: always production (keel.toml's `[check] env` is not used), always with the
//! tests, never with a baseline; controls cannot be lowered by any keel.toml, including one
//! given with `--config` (a configuration error, exit 2). An existing entry is never rewritten: if one would change, nothing is written and
//! the exit code is 1. Concurrent runs are serialised by a lock on the project directory, and
//! keel.lock is replaced atomically.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::files;
use super::session::Session;
use crate::config::Env;
use crate::diagnostic::Severity;
use crate::lock::{Lock, Published};
use crate::report::human;

#[derive(clap::Args, Debug)]
pub struct PublishArgs {
    /// Files or directories (default: the current directory)
    pub paths: Vec<PathBuf>,
    /// Use this keel.toml instead of the project's
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

struct Candidate {
    id: String,
    digest: String,
    states: Vec<String>,
    file: String,
}

pub fn run(a: PublishArgs) -> u8 {
    let (inputs, problems) = files::collect(&a.paths);
    let mut session = Session::new(a.config.clone());
    let (loaded, more) = session.load(inputs);
    if let Some(p) = problems.iter().chain(more.iter()).next() {
        eprintln!("error: {p}");
        return 2;
    }
    let handler = human::handler(false);
    let mut failed = false;
    // Candidates grouped by the directory whose keel.lock records them.
    let mut by_root: BTreeMap<PathBuf, Vec<Candidate>> = BTreeMap::new();
    // Always production, always with the tests, never a baseline (LANGUAGE.md §8).
    let reports = Session::check_all(&loaded, Some(Env::Production), true, true, None);
    for (l, report) in loaded.iter().zip(reports) {
        let root = l
            .project
            .root
            .clone()
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
        for w in &report.workflows {
            let errors: Vec<&crate::diagnostic::Diagnostic> = report
                .diagnostics
                .iter()
                .filter(|d| {
                    d.severity == Severity::Error && d.workflow.as_ref().is_none_or(|x| *x == w.id)
                })
                .collect();
            if !errors.is_empty() {
                failed = true;
                for d in &errors {
                    eprint!("{}", human::render(&handler, &report.file, d));
                }
                eprintln!(
                    "error: {} does not pass the production checks ({} errors); not published",
                    w.id,
                    errors.len()
                );
                continue;
            }
            by_root.entry(root.clone()).or_default().push(Candidate {
                id: w.id.clone(),
                digest: w.digest.clone(),
                states: w
                    .artifact
                    .iter()
                    .flat_map(|a| a.states.iter().map(|s| s.name.clone()))
                    .collect(),
                file: report.file.path.clone(),
            });
        }
        if !report.parsed {
            failed = true;
            for d in &report.diagnostics {
                eprint!("{}", human::render(&handler, &report.file, d));
            }
            eprintln!(
                "error: {} does not parse; nothing in it is published",
                report.file.path
            );
        }
    }
    if failed {
        eprintln!("error: nothing published");
        return 1;
    }
    let mut code = 0;
    for (root, candidates) in by_root {
        match publish_into(&root, &candidates) {
            Ok(lines) => {
                for l in lines {
                    println!("{l}");
                }
            }
            Err((c, msg)) => {
                eprintln!("error: {msg}");
                code = code.max(c);
            }
        }
    }
    code
}

/// Adds the candidates to `root/keel.lock` under an exclusive lock of `root`.
fn publish_into(
    root: &std::path::Path,
    candidates: &[Candidate],
) -> Result<Vec<String>, (u8, String)> {
    let dir = std::fs::File::open(root).map_err(|e| (2, format!("{}: {e}", root.display())))?;
    dir.lock()
        .map_err(|e| (2, format!("{}: cannot lock: {e}", root.display())))?;
    let path = root.join("keel.lock");
    let mut text = if path.exists() {
        std::fs::read_to_string(&path)
            .map_err(|e| (2, format!("cannot read {}: {e}", path.display())))?
    } else {
        String::new()
    };
    let mut lock = Lock::parse(&text, &path).map_err(|e| (2, e))?;
    let mut out = Vec::new();
    let mut refusals = Vec::new();
    let now = crate::approve::now_utc();
    for c in candidates {
        match lock.get(&c.id) {
            Some(p) if p.digest == c.digest => out.push(format!("{} already published ({})", c.id, c.digest)),
            Some(p) => refusals.push(format!(
                "{} is already published with {} and {} now has {}; a published version never changes: give it a higher version",
                c.id, p.digest, c.file, c.digest
            )),
            None => {
                text = lock.insert_into_text(
                    &text,
                    Published {
                        id: c.id.clone(),
                        digest: c.digest.clone(),
                        states: c.states.clone(),
                        published_at: now.clone(),
                    },
                );
                out.push(format!("published {} {}", c.id, c.digest));
            }
        }
    }
    if !refusals.is_empty() {
        return Err((
            1,
            format!("{}\nerror: nothing published", refusals.join("\nerror: ")),
        ));
    }
    if out.iter().any(|l| l.starts_with("published ")) {
        crate::fsutil::write_atomic(&path, text.as_bytes()).map_err(|e| (2, e))?;
    }
    drop(dir);
    Ok(out)
}
