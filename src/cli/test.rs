//! `keel test [PATH...] [--junit FILE] [--suggest]`: runs the scenario tests; reports results,
//! traces of failures, coverage, and the test-related diagnostics (K001–K005, K501–K504).

use std::io::Write;
use std::path::PathBuf;

use super::session::{Loaded, Session};
use super::{files, CommonArgs, Deny};
use crate::check::FileReport;
use crate::config::Env;
use crate::report::{self, tests::TestSummary, Format, RunReport};

#[derive(clap::Args, Debug)]
pub struct TestArgs {
    /// Files or directories (default: the current directory)
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Also write the results as JUnit XML to this file
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Print a ready-to-paste test for every uncovered transition and boundary
    #[arg(long)]
    pub suggest: bool,
}

fn is_test_code(code: &str) -> bool {
    code <= "K005" || code.starts_with("K5")
}

pub fn run(a: TestArgs) -> u8 {
    if let Err(e) = crate::suppress::keel_today() {
        eprintln!("error: {e}");
        return 2;
    }
    let (inputs, mut problems) = files::collect(&a.paths);
    let mut session = Session::new(a.common.config.clone());
    let (loaded, more) = session.load(inputs);
    problems.extend(more);
    let flag_env: Option<Env> = a.common.env.map(Env::from);
    let run_env = Session::run_env(flag_env, &loaded);
    let mut files: Vec<FileReport> =
        Session::check_all(&loaded, flag_env, true, true, a.common.jobs);
    for f in &mut files {
        f.diagnostics.retain(|d| is_test_code(d.code));
    }
    for p in &problems {
        eprintln!("error: {p}");
    }
    if a.suggest {
        return suggest(&loaded, &files, problems.is_empty());
    }
    if let Some(path) = &a.junit {
        if let Err(e) = crate::fsutil::write_atomic(path, report::junit::render(&files).as_bytes())
        {
            eprintln!("error: {e}");
            return 2;
        }
    }
    let deny = a.common.deny == Some(Deny::Warnings)
        || loaded.iter().any(|l| l.project.config.deny_warnings);
    let run = RunReport {
        files,
        env: run_env,
        tests_run: true,
        deny_warnings: deny,
        unread: problems.len(),
    };
    let tests = report::tests::collect(&run.files);
    let summary = TestSummary::of(&run, &tests);
    let failed = summary.failed > 0;
    let mut out = super::stdout();
    let written = match a.common.format {
        Format::Json => report::tests::json(&run, tests, summary, &mut out),
        Format::Sarif | Format::Github => {
            report::reporter(a.common.format, false).report(&run, &mut out)
        }
        other => report::tests::human(
            &run,
            &tests,
            &summary,
            other,
            super::stdout_color(),
            &mut out,
        ),
    };
    if written.and_then(|_| out.flush()).is_err() {
        return 2;
    }
    if !problems.is_empty() {
        2
    } else if failed || run.failed() {
        1
    } else {
        0
    }
}

/// Drafts tests for every gap; a file without a model is refused as every command refuses it
/// ([`Loaded::model`]).
fn suggest(loaded: &[Loaded], files: &[FileReport], io_ok: bool) -> u8 {
    let mut out = std::io::stdout().lock();
    let mut gaps = 0;
    let mut unclosed = 0;
    let mut refused = 0;
    for (l, f) in loaded.iter().zip(files) {
        let src = &l.source;
        let Ok(module) = l.model("no tests drafted") else {
            refused += 1;
            continue;
        };
        for (wf, analysis) in module.workflows.iter().zip(&f.workflows) {
            let Some(report) = &analysis.tests else {
                let _ = writeln!(
                    out,
                    "// {} ({}): fix the names that do not resolve before drafting tests\n",
                    wf.id, src.path
                );
                continue;
            };
            let tier = crate::analysis::tier::tiers(&module.catalog, wf).effective;
            let s = crate::sim::suggest::suggest(&module.catalog, wf, tier, report);
            if s.tests.is_empty() && s.unclosed.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "// Suggested by `keel test --suggest` for {} ({}): paste inside `workflow {} v{} {{ ... }}`.",
                wf.id, src.path, wf.name, wf.version_text
            );
            for t in &s.tests {
                gaps += 1;
                let _ = writeln!(out, "  // closes {}", t.closes);
                let _ = write!(out, "{}", t.text("  "));
            }
            for u in &s.unclosed {
                unclosed += 1;
                let _ = writeln!(out, "  // not closed: {u}");
            }
            let _ = writeln!(out);
        }
    }
    // A run whose every file was refused drafted nothing from nothing: its refusals say it.
    if refused == 0 || refused < loaded.len() {
        eprintln!(
            "{gaps} tests drafted{}",
            if unclosed > 0 {
                format!(", {unclosed} gaps left open")
            } else {
                String::new()
            }
        );
    }
    if !io_ok {
        2
    } else if refused > 0 {
        1
    } else {
        0
    }
}
