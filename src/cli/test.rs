//! `keel test [PATH...] [--junit FILE] [--suggest]`: runs the scenario tests; reports results,
//! traces of failures, coverage, and the test-related diagnostics (K001–K005, K501–K504).

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::session::Session;
use super::{files, CommonArgs, Deny};
use crate::check::FileReport;
use crate::config::Env;
use crate::report::{self, human, json::JsonDiagnostic, Format, RunReport};

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

#[derive(Serialize)]
struct JsonTest {
    file: String,
    workflow: String,
    name: String,
    kind: &'static str,
    /// `passed`, `failed` or `skipped` (names that do not resolve)
    status: &'static str,
    message: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    trace: Vec<String>,
}

#[derive(Serialize, Clone, Copy)]
struct TestSummary {
    tests: usize,
    passed: usize,
    failed: usize,
    skipped: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonDoc {
    tests: Vec<JsonTest>,
    coverage: Vec<report::CoverageLine>,
    diagnostics: Vec<JsonDiagnostic>,
    summary: TestSummary,
}

fn collect_tests(files: &[FileReport]) -> Vec<JsonTest> {
    let mut out = Vec::new();
    for f in files {
        for w in &f.workflows {
            match &w.tests {
                Some(r) => {
                    for o in &r.outcomes {
                        let at = o
                            .failure
                            .as_ref()
                            .map(|x| f.file.line_col(x.span.start as usize));
                        out.push(JsonTest {
                            file: f.file.path.clone(),
                            workflow: w.id.clone(),
                            name: o.name.clone(),
                            kind: o.kind.as_str(),
                            status: if o.passed() { "passed" } else { "failed" },
                            message: o.failure.as_ref().map(|x| x.message.clone()),
                            line: at.map(|a| a.line),
                            column: at.map(|a| a.column),
                            trace: if o.passed() {
                                Vec::new()
                            } else {
                                o.trace.clone()
                            },
                        });
                    }
                }
                None => {
                    for c in w.artifact.iter().flat_map(|a| &a.tests.cases) {
                        out.push(JsonTest {
                            file: f.file.path.clone(),
                            workflow: w.id.clone(),
                            name: c.name.clone(),
                            kind: crate::model::TestKind::parse(&c.kind)
                                .map_or("transition", |k| k.as_str()),
                            status: "skipped",
                            message: Some(
                                "names that do not resolve (K002-K005) keep the tests from running"
                                    .into(),
                            ),
                            line: None,
                            column: None,
                            trace: Vec::new(),
                        });
                    }
                }
            }
        }
    }
    out
}

pub fn run(a: TestArgs) -> u8 {
    let (inputs, mut problems) = files::collect(&a.paths);
    let mut session = Session::new(a.common.config.clone());
    let (loaded, more) = session.load(inputs);
    problems.extend(more);
    let flag_env: Option<Env> = a.common.env.map(Env::from);
    let run_env = Session::run_env(flag_env, &loaded);
    let sources: Vec<_> = loaded
        .iter()
        .map(|l| (l.source.clone(), l.project.clone()))
        .collect();
    let mut files: Vec<FileReport> =
        Session::check_all(&loaded, flag_env, true, true, a.common.jobs);
    for f in &mut files {
        f.diagnostics.retain(|d| is_test_code(d.code));
    }
    for p in &problems {
        eprintln!("error: {p}");
    }
    if a.suggest {
        return suggest(&sources, &files, problems.is_empty());
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
    let tests = collect_tests(&run.files);
    let s = run.summary();
    let summary = TestSummary {
        tests: tests.len(),
        passed: tests.iter().filter(|t| t.status == "passed").count(),
        failed: tests.iter().filter(|t| t.status == "failed").count(),
        skipped: tests.iter().filter(|t| t.status == "skipped").count(),
        errors: s.errors,
        warnings: s.warnings,
    };
    let mut out = super::stdout();
    let written = match a.common.format {
        Format::Json => {
            let doc = JsonDoc {
                diagnostics: run
                    .files
                    .iter()
                    .flat_map(|f| {
                        f.diagnostics
                            .iter()
                            .map(|d| JsonDiagnostic::new(&f.file, d))
                    })
                    .collect(),
                coverage: run.coverage(),
                tests,
                summary,
            };
            serde_json::to_writer_pretty(&mut out, &doc)
                .map_err(std::io::Error::other)
                .and_then(|_| writeln!(out))
        }
        Format::Sarif | Format::Github => {
            report::reporter(a.common.format, false).report(&run, &mut out)
        }
        other => human_report(&run, &tests, &summary, other, &mut out),
    };
    if written.and_then(|_| out.flush()).is_err() {
        return 2;
    }
    if !problems.is_empty() {
        2
    } else if summary.failed > 0 || run.failed() {
        1
    } else {
        0
    }
}

fn human_report(
    run: &RunReport,
    tests: &[JsonTest],
    summary: &TestSummary,
    format: Format,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut current = String::new();
    for t in tests {
        if t.workflow != current {
            current = t.workflow.clone();
            writeln!(out, "{} ({})", t.workflow, t.file)?;
        }
        match t.status {
            "passed" => writeln!(out, "  ok    {} ({})", t.name, t.kind)?,
            "skipped" => writeln!(out, "  skip  {} ({})", t.name, t.kind)?,
            _ => {
                writeln!(
                    out,
                    "  FAIL  {} ({}) at {}:{}: {}",
                    t.name,
                    t.kind,
                    t.line.unwrap_or(0),
                    t.column.unwrap_or(0),
                    t.message.as_deref().unwrap_or("")
                )?;
                for l in &t.trace {
                    writeln!(out, "        {l}")?;
                }
            }
        }
    }
    if !tests.is_empty() {
        writeln!(out)?;
    }
    let h = human::handler(format == Format::Human && super::stdout_color());
    for f in &run.files {
        for d in &f.diagnostics {
            if d.code == "K504" {
                continue; // shown above with its trace
            }
            write!(out, "{}", human::render(&h, &f.file, d))?;
            writeln!(out)?;
        }
    }
    for c in run.coverage() {
        writeln!(
            out,
            "coverage: {}: transitions {}/{}, boundaries {}/{}",
            c.workflow,
            c.transitions.covered,
            c.transitions.total,
            c.boundaries.covered,
            c.boundaries.total
        )?;
    }
    writeln!(
        out,
        "{}: {} tests, {} passed, {} failed{}; {} errors, {} warnings{}",
        if summary.failed > 0 || run.failed() {
            "failed"
        } else {
            "ok"
        },
        summary.tests,
        summary.passed,
        summary.failed,
        if summary.skipped > 0 {
            format!(", {} skipped", summary.skipped)
        } else {
            String::new()
        },
        summary.errors,
        summary.warnings,
        if run.unread > 0 {
            format!("; {} could not be read", human::plural(run.unread, "path"))
        } else if run.deny_warnings && summary.errors == 0 && summary.warnings > 0 {
            " (warnings denied)".to_string()
        } else {
            String::new()
        }
    )?;
    Ok(())
}

type Sources = [(
    std::sync::Arc<crate::source::SourceFile>,
    std::sync::Arc<crate::project::Project>,
)];

fn suggest(sources: &Sources, files: &[FileReport], io_ok: bool) -> u8 {
    let mut out = std::io::stdout().lock();
    let mut gaps = 0;
    let mut unclosed = 0;
    for ((src, project), f) in sources.iter().zip(files) {
        let Ok(parsed) = crate::syntax::parse(&src.text) else {
            continue;
        };
        let (module, _) = crate::suppress::resolve_parsed(&src.text, &parsed, &project.library);
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
    eprintln!(
        "{gaps} tests drafted{}",
        if unclosed > 0 {
            format!(", {unclosed} gaps left open")
        } else {
            String::new()
        }
    );
    if io_ok {
        0
    } else {
        2
    }
}
