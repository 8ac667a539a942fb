//! Emitters: one per output format, behind one [`Reporter`] trait. Emitters only format what
//! the analyses produced; they never analyse.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod tests;

use std::io::{self, Write};

use crate::check::FileReport;
use crate::config::Env;

/// Everything one run of `keel check` produced.
pub struct RunReport {
    pub files: Vec<FileReport>,
    pub env: Env,
    /// Whether the scenario tests were run (their coverage is then reported).
    pub tests_run: bool,
    /// Whether warnings fail the run (`--deny warnings` or keel.toml).
    pub deny_warnings: bool,
    /// Paths that could not be read (each already reported on stderr); the run fails with 2.
    pub unread: usize,
}

/// Coverage and test results of one workflow.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CoverageLine {
    pub file: String,
    pub workflow: String,
    pub transitions: Ratio,
    pub boundaries: Ratio,
    pub tests: TestCount,
}

#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct Ratio {
    pub covered: usize,
    pub total: usize,
}

#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct TestCount {
    pub passed: usize,
    pub failed: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub workflows: usize,
    pub errors: usize,
    pub warnings: usize,
    pub suppressed: usize,
}

impl RunReport {
    /// Per workflow whose tests ran: transition and boundary coverage and test counts.
    pub fn coverage(&self) -> Vec<CoverageLine> {
        if !self.tests_run {
            return Vec::new();
        }
        let mut out = Vec::new();
        for f in &self.files {
            for w in &f.workflows {
                let Some(t) = &w.tests else { continue };
                out.push(CoverageLine {
                    file: f.file.path.clone(),
                    workflow: w.id.clone(),
                    transitions: Ratio {
                        covered: t.coverage.transitions_covered(),
                        total: t.coverage.taken.len(),
                    },
                    boundaries: Ratio {
                        covered: t.coverage.boundaries_covered(),
                        total: t.coverage.boundaries.len(),
                    },
                    tests: TestCount {
                        passed: t.passed(),
                        failed: t.failed(),
                    },
                });
            }
        }
        out
    }

    /// Whether the run fails: errors, warnings when they are denied, or unread paths.
    pub fn failed(&self) -> bool {
        let s = self.summary();
        s.errors > 0 || (self.deny_warnings && s.warnings > 0) || self.unread > 0
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            files: self.files.len(),
            ..Summary::default()
        };
        for f in &self.files {
            s.workflows += f.workflows.len();
            s.errors += f.errors();
            s.warnings += f.warnings();
            s.suppressed += f.suppressed;
        }
        s
    }
}

pub trait Reporter {
    fn report(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()>;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

pub fn reporter(format: Format, color: bool) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(human::Human { color }),
        Format::Json => Box::new(json::Json),
        Format::Sarif => Box::new(sarif::Sarif),
        Format::Github => Box::new(github::Github),
    }
}
