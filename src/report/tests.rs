//! The `keel test` report: per-test results (passed, failed with trace, skipped), coverage and
//! the test-related diagnostics, as JSON or human text. It formats what the checks produced; it
//! never runs or analyses anything.

use std::io::Write;

use serde::Serialize;

use crate::check::FileReport;
use crate::report::{self, human, json::JsonDiagnostic, Format, RunReport};

#[derive(Serialize)]
pub struct TestResult {
    pub file: String,
    pub workflow: String,
    pub name: String,
    pub kind: &'static str,
    /// `passed`, `failed` or `skipped` (names that do not resolve)
    pub status: &'static str,
    pub message: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub trace: Vec<String>,
}

#[derive(Serialize, Clone, Copy)]
pub struct TestSummary {
    pub tests: usize,
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Serialize)]
struct JsonDoc {
    tests: Vec<TestResult>,
    coverage: Vec<report::CoverageLine>,
    diagnostics: Vec<JsonDiagnostic>,
    summary: TestSummary,
}

/// One result per scenario test of every workflow, in file and source order.
pub fn collect(files: &[FileReport]) -> Vec<TestResult> {
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
                        out.push(TestResult {
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
                        out.push(TestResult {
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

impl TestSummary {
    /// Counts of `tests` by status, and the run's diagnostics counts.
    pub fn of(run: &RunReport, tests: &[TestResult]) -> TestSummary {
        let s = run.summary();
        let count = |st: &str| tests.iter().filter(|t| t.status == st).count();
        TestSummary {
            tests: tests.len(),
            passed: count("passed"),
            failed: count("failed"),
            skipped: count("skipped"),
            errors: s.errors,
            warnings: s.warnings,
        }
    }
}

/// The JSON report: exactly one object with `tests`, `coverage`, `diagnostics` and `summary`.
pub fn json(
    run: &RunReport,
    tests: Vec<TestResult>,
    summary: TestSummary,
    out: &mut dyn Write,
) -> std::io::Result<()> {
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
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
    writeln!(out)
}

/// The human report: one line per test (traces under failures), the other diagnostics,
/// coverage and the summary line.
pub fn human(
    run: &RunReport,
    tests: &[TestResult],
    summary: &TestSummary,
    format: Format,
    color: bool,
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
    let h = human::handler(format == Format::Human && color);
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
