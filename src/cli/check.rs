//! `keel check [PATH...]`: parse, analyse and test; print diagnostics; exit 0, 1 or 2.

use std::io::Write;
use std::path::PathBuf;

use super::files;
use super::session::Session;
use super::{CommonArgs, Deny};
use crate::baseline::Baseline;
use crate::config::Env;
use crate::report::{self, RunReport};

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or directories (default: the current directory)
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Leave out the findings recorded in this baseline file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings as the baseline (then exit 0)
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
}

pub fn run(a: CheckArgs) -> u8 {
    if let Err(e) = crate::suppress::keel_today() {
        eprintln!("error: {e}");
        return 2;
    }
    let (inputs, mut problems) = files::collect(&a.paths);
    let mut session = Session::new(a.common.config.clone());
    let (loaded, more) = session.load(inputs);
    problems.extend(more);
    let flag_env: Option<Env> = a.common.env.map(Env::from);
    let deny_warnings = a.common.deny == Some(Deny::Warnings)
        || loaded.iter().any(|l| l.project.config.deny_warnings);
    let run_env = Session::run_env(flag_env, &loaded);
    // A check needs each workflow's digest, not its artifact.
    let files = Session::check_all(&loaded, flag_env, !a.common.no_tests, false, a.common.jobs);
    let mut files: Vec<crate::check::FileReport> = files;
    if let Some(path) = &a.write_baseline {
        for p in &problems {
            eprintln!("error: {p}");
        }
        if !problems.is_empty() {
            return 2;
        }
        let b = Baseline::of(&files);
        if let Err(e) = crate::fsutil::write_atomic(path, b.to_json().as_bytes()) {
            eprintln!("error: {e}");
            return 2;
        }
        eprintln!("wrote {} findings to {}", b.findings.len(), path.display());
        return 0;
    }
    if let Some(path) = &a.baseline {
        match Baseline::load(path) {
            Ok(b) => {
                b.apply(&mut files);
            }
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        }
    }
    let run = RunReport {
        files,
        env: run_env,
        tests_run: !a.common.no_tests,
        deny_warnings,
        unread: problems.len(),
    };
    let reporter = report::reporter(a.common.format, super::stdout_color());
    let mut out = super::stdout();
    if let Err(e) = reporter.report(&run, &mut out).and_then(|_| out.flush()) {
        eprintln!("error: cannot write the report: {e}");
        return 2;
    }
    for p in &problems {
        eprintln!("error: {p}");
    }
    if !problems.is_empty() {
        2
    } else if run.failed() {
        1
    } else {
        0
    }
}
