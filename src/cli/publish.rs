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
use crate::fsutil;
use crate::lock::{split_id, Lock, Published};
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
    // Waivers expire by the real date when publishing: KEEL_TODAY is not used.
    crate::suppress::use_real_date();
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
    for (l, report) in loaded.iter().zip(reports.iter()) {
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
    // The [library] modules the workflows use, checked after the inputs: their errors hold
    // back the whole publish (a module's findings are its users' findings, §8).
    for report in reports.iter().skip(loaded.len()) {
        if report.errors() > 0 {
            failed = true;
            for d in &report.diagnostics {
                eprint!("{}", human::render(&handler, &report.file, d));
            }
            eprintln!(
                "error: module {} does not pass the production checks ({} errors)",
                report.file.path,
                report.errors()
            );
        }
    }
    if failed {
        eprintln!("error: nothing published");
        return 1;
    }
    match publish_all(&by_root) {
        Ok(lines) => {
            for l in lines {
                println!("{l}");
            }
            0
        }
        Err((c, msg)) => {
            eprintln!("error: {msg}");
            c
        }
    }
}

/// One project's keel.lock, locked, read and with the new entries spliced in.
struct Pending {
    path: PathBuf,
    /// What was read (`None`: there was no keel.lock).
    old: Option<String>,
    new: String,
    changed: bool,
}

/// Publishes into every project's keel.lock, or into none. Each project directory and its
/// keel.lock (the link's target, when it is a symlink shared by several projects) are locked
/// for the whole run, in a stable order; the K302/K303 checks are run again on what keel.lock
/// holds under the lock (another publish may have recorded versions since the check); only when
/// every project passes is anything written.
fn publish_all(by_root: &BTreeMap<PathBuf, Vec<Candidate>>) -> Result<Vec<String>, (u8, String)> {
    // Held until the end: the directory locks and the keel.lock locks.
    let mut dir_locks = Vec::new();
    let mut file_locks = Vec::new();
    let mut pending = Vec::new();
    let mut out = Vec::new();
    let mut refusals = Vec::new();
    let now = crate::approve::now_utc();
    for (root, candidates) in by_root {
        let dir = std::fs::File::open(root).map_err(|e| (2, format!("{}: {e}", root.display())))?;
        dir.lock()
            .map_err(|e| (2, format!("{}: cannot lock: {e}", root.display())))?;
        dir_locks.push(dir);
        let path = root.join("keel.lock");
        let exists = std::fs::symlink_metadata(&path).is_ok();
        if exists {
            file_locks.push(fsutil::lock_for_edit(&path).map_err(|e| (2, e.to_string()))?);
        }
        let old = if exists {
            Some(
                fsutil::read_text(&path, fsutil::PROJECT_FILE_LIMIT)
                    .map_err(|e| (2, format!("cannot read {}: {e}", path.display())))?,
            )
        } else {
            None
        };
        let mut text = old.clone().unwrap_or_default();
        let mut lock = Lock::parse(&text, &path).map_err(|e| (2, e))?;
        let mut changed = false;
        // Lower versions first, so that v3 and v5 published together both go in.
        let mut ordered: Vec<&Candidate> = candidates.iter().collect();
        ordered.sort_by_key(|c| {
            (
                split_id(&c.id).map(|(n, v)| (n.to_string(), v)),
                c.id.clone(),
            )
        });
        for c in ordered {
            if let Some(p) = lock.get(&c.id) {
                if p.digest == c.digest {
                    out.push(format!("{} already published ({})", c.id, c.digest));
                } else {
                    refusals.push(format!(
                        "{} is already published with {} and {} now has {} (K302); a published version never changes: give it a higher version",
                        c.id, p.digest, c.file, c.digest
                    ));
                }
                continue;
            }
            if let Some((name, v)) = split_id(&c.id) {
                if let Some(&highest) = lock.versions(name).last() {
                    if v <= highest {
                        refusals.push(format!(
                            "{} is not above the highest published version of {name}, v{highest}, in {} (K303); number it v{}",
                            c.id,
                            path.display(),
                            highest + 1
                        ));
                        continue;
                    }
                }
            }
            text = lock.insert_into_text(
                &text,
                Published {
                    id: c.id.clone(),
                    digest: c.digest.clone(),
                    states: c.states.clone(),
                    published_at: now.clone(),
                },
            );
            changed = true;
            out.push(format!("published {} {}", c.id, c.digest));
        }
        pending.push(Pending {
            path,
            old,
            new: text,
            changed,
        });
    }
    if !refusals.is_empty() {
        return Err((
            1,
            format!("{}\nerror: nothing published", refusals.join("\nerror: ")),
        ));
    }
    // Every project passed: write each keel.lock; if one cannot be written, put back the
    // ones already written (still under the lock).
    let mut written: Vec<&Pending> = Vec::new();
    for p in pending.iter().filter(|p| p.changed) {
        let expect = match &p.old {
            Some(o) => fsutil::Expect::Content(o.as_bytes()),
            None => fsutil::Expect::Absent,
        };
        if let Err(e) = fsutil::write_file(&p.path, p.new.as_bytes(), expect) {
            let mut msg = e.to_string();
            for w in written.iter().rev() {
                let undo = match &w.old {
                    Some(o) => fsutil::write_file(
                        &w.path,
                        o.as_bytes(),
                        fsutil::Expect::Content(w.new.as_bytes()),
                    ),
                    None => std::fs::remove_file(&w.path).map_err(|e| fsutil::WriteError::Io {
                        path: w.path.clone(),
                        message: e.to_string(),
                    }),
                };
                if let Err(u) = undo {
                    msg.push_str(&format!(
                        "\nerror: {u}; it holds this run's entries and could not be put back"
                    ));
                }
            }
            msg.push_str("\nerror: nothing published");
            return Err((2, msg));
        }
        written.push(p);
    }
    drop(file_locks);
    drop(dir_locks);
    Ok(out)
}
