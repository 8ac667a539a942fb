//! Emitters: one per output format, behind one [`Reporter`] trait. Emitters only format what
//! the analyses produced; they never analyse.

pub mod human;
pub mod json;

use std::io::{self, Write};

use crate::check::FileReport;
use crate::config::Env;

/// Everything one run of `keel check` produced.
pub struct RunReport {
    pub files: Vec<FileReport>,
    pub env: Env,
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
}

pub fn reporter(format: Format, color: bool) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(human::Human { color }),
        Format::Json => Box::new(json::Json),
    }
}
