//! `keel build [PATH...] --out DIR`: the full check (tests included, no baseline) for the
//! environment of `--env` (production without it; keel.toml's `[check] env` is not used),
//! then one `NAME_vN.json` artifact per workflow, which records that environment as
//! `checked_for`. Nothing is written unless every file passes; files
//! are written to temporary names first and renamed into place, so the directory never holds
//! a partial artifact.

use std::path::{Path, PathBuf};

use super::session::Session;
use super::{files, CommonArgs, Deny};

use crate::config::Env;
use crate::report::{self, RunReport};

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// Files or directories (default: the current directory)
    pub paths: Vec<PathBuf>,
    /// Where to write the artifacts
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
}

pub fn run(a: BuildArgs) -> u8 {
    // Waivers expire by the real date in a build: KEEL_TODAY is not used.
    crate::suppress::use_real_date();
    if a.common.no_tests {
        eprintln!("error: keel build always runs the scenario tests (an artifact states its test results); --no-tests is for keel check");
        return 2;
    }
    let (inputs, mut problems) = files::collect(&a.paths);
    let mut session = Session::new(a.common.config.clone());
    let (loaded, more) = session.load(inputs);
    problems.extend(more);
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("error: {p}");
        }
        return 2;
    }
    // The environment comes from --env alone, never keel.toml (LANGUAGE.md §8): the
    // artifact records it as `checked_for`.
    let run_env = a.common.env.map_or(Env::Production, Env::from);
    let deny = a.common.deny == Some(Deny::Warnings)
        || loaded.iter().any(|l| l.project.config.deny_warnings);
    let files = Session::check_all(&loaded, Some(run_env), true, true, a.common.jobs);
    let run = RunReport {
        files,
        env: run_env,
        tests_run: true,
        deny_warnings: deny,
        unread: 0,
    };
    if run.failed() {
        let reporter = report::reporter(a.common.format, super::stdout_color());
        let mut out = super::stdout();
        let _ = reporter
            .report(&run, &mut out)
            .and_then(|_| std::io::Write::flush(&mut out));
        eprintln!(
            "error: the checks failed; nothing was written to {}",
            a.out.display()
        );
        return 1;
    }
    // Everything passed: stage every artifact, then move them into place.
    let mut outputs: Vec<(PathBuf, String)> = Vec::new();
    for f in &run.files {
        for w in &f.workflows {
            let name = format!("{}.json", w.id);
            if outputs
                .iter()
                .any(|(p, _)| p.file_name().is_some_and(|n| n == name.as_str()))
            {
                eprintln!(
                    "error: two workflows have the id {}; nothing was written",
                    w.id
                );
                return 1;
            }
            let Some(artifact) = &w.artifact else {
                unreachable!("the build keeps artifacts")
            };
            outputs.push((a.out.join(name), crate::digest::to_file_json(artifact)));
        }
    }
    match install(&a.out, &outputs) {
        Ok(()) => {
            for (path, _) in &outputs {
                println!("wrote {}", path.display());
            }
            0
        }
        Err(msg) => {
            eprintln!(
                "error: {msg}; nothing new was written to {}",
                a.out.display()
            );
            2
        }
    }
}

/// Writes every artifact into a temporary directory (inside an existing `out`, beside a new
/// one), then moves them into `out`
/// only when all are written. A new `out` is the staging directory renamed into place; into an
/// existing one the artifacts are renamed one by one, and if one cannot be, the ones already
/// moved are taken back out (and the files they replaced put back), so that on failure `out`
/// holds what it held before. Errors name the artifact.
fn install(out: &Path, outputs: &[(PathBuf, String)]) -> Result<(), String> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    let out_exists = match std::fs::metadata(out) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => return Err(format!("{}: not a directory", out.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(format!("{}: {e}", out.display())),
    };
    // Into an existing `out` the artifacts are staged inside it (renames within one directory;
    // its parent may be someone else's); a new `out` is staged beside it and renamed whole.
    let stage_in = if out_exists {
        out.to_path_buf()
    } else {
        parent.clone()
    };
    let stage = tempfile::Builder::new()
        .prefix(".keel-build-")
        .tempdir_in(&stage_in)
        .map_err(|e| {
            format!(
                "{}: cannot create a staging directory: {e}",
                stage_in.display()
            )
        })?;
    for (path, json) in outputs {
        let name = path.file_name().unwrap_or_default();
        write_synced(&stage.path().join(name), json.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if !out_exists {
        let staged = stage.keep();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // A temporary directory is private (0700); --out gets the usual permissions.
            let _ = std::fs::set_permissions(&staged, std::fs::Permissions::from_mode(0o755));
        }
        return match std::fs::rename(&staged, out) {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staged);
                Err(format!("{}: {e}", out.display()))
            }
        };
    }
    let backups = stage.path().join(".replaced");
    std::fs::create_dir(&backups).map_err(|e| format!("{}: {e}", stage.path().display()))?;
    // (artifact path, whether a previous file was moved to the backups)
    let mut done: Vec<(&Path, bool)> = Vec::new();
    let mut failure = None;
    for (path, _) in outputs {
        let name = path.file_name().unwrap_or_default();
        let backup = backups.join(name);
        let had_old = match std::fs::symlink_metadata(path) {
            Ok(m) if m.is_dir() => {
                failure = Some(format!("{}: is a directory", path.display()));
                break;
            }
            Ok(_) => match std::fs::rename(path, &backup) {
                Ok(()) => true,
                Err(e) => {
                    failure = Some(format!("{}: {e}", path.display()));
                    break;
                }
            },
            Err(_) => false,
        };
        if let Err(e) = std::fs::rename(stage.path().join(name), path) {
            if had_old {
                let _ = std::fs::rename(&backup, path);
            }
            failure = Some(format!("{}: {e}", path.display()));
            break;
        }
        done.push((path, had_old));
    }
    let Some(msg) = failure else {
        if let Ok(d) = std::fs::File::open(out) {
            let _ = d.sync_all();
        }
        return Ok(());
    };
    for (path, had_old) in done.iter().rev() {
        let name = path.file_name().unwrap_or_default();
        let _ = std::fs::remove_file(path);
        if *had_old {
            let _ = std::fs::rename(backups.join(name), path);
        }
    }
    Err(msg)
}

fn write_synced(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}
