//! `keel build [PATH...] --out DIR`: the full check (tests included, no baseline) for the
//! environment of `--env` (production without it; keel.toml's `[check] env` is not used),
//! then one `NAME_vN.json` artifact per workflow, which records that environment as
//! `checked_for`. Nothing is written unless every file passes; files
//! are written to temporary names first and renamed into place, so the directory never holds
//! a partial artifact.

use std::path::PathBuf;

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
    if let Err(e) = std::fs::create_dir_all(&a.out) {
        eprintln!("error: {}: {e}", a.out.display());
        return 2;
    }
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (path, json) in &outputs {
        let tmp = path.with_extension(format!("json.keel-tmp-{}", std::process::id()));
        if let Err(e) = write_synced(&tmp, json.as_bytes()) {
            for (t, _) in &staged {
                let _ = std::fs::remove_file(t);
            }
            let _ = std::fs::remove_file(&tmp);
            eprintln!("error: {}: {e}; nothing was written", tmp.display());
            return 2;
        }
        staged.push((tmp, path.clone()));
    }
    for (tmp, path) in &staged {
        if let Err(e) = std::fs::rename(tmp, path) {
            for (t, _) in &staged {
                let _ = std::fs::remove_file(t);
            }
            eprintln!("error: {}: {e}", path.display());
            return 2;
        }
    }
    for (path, _) in &outputs {
        println!("wrote {}", path.display());
    }
    0
}

fn write_synced(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}
