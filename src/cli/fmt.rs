//! `keel fmt [--check] [PATH...]`: rewrite files in the canonical layout (see [`crate::fmt`]).
//!
//! Without `--check`, every file whose layout changes is rewritten atomically (a byte-order
//! mark is kept) and `formatted PATH` is printed. With `--check` nothing is written;
//! `would reformat PATH` is printed per file and the exit code is 1 if any would change.
//! A file with syntax errors is left untouched: its K001 diagnostics go to stderr and the
//! exit code is 1. I/O problems name the path and exit 2.

use std::io::Write;
use std::path::PathBuf;

use super::files::{self, Input, IoProblem};
use crate::source::SourceFile;

#[derive(clap::Args, Debug)]
pub struct FmtArgs {
    /// Files or directories (default: the current directory)
    pub paths: Vec<PathBuf>,
    /// Write nothing; exit 1 if some file is not formatted
    #[arg(long)]
    pub check: bool,
}

/// What happened to one file.
enum Outcome {
    Unchanged,
    Changed,
    /// Syntax errors (or not UTF-8): reported, left untouched.
    Broken,
}

pub fn run(a: FmtArgs) -> u8 {
    let (inputs, mut problems) = files::collect(&a.paths);
    let mut changed = false;
    let mut broken = false;
    let mut out = std::io::stdout().lock();
    for input in &inputs {
        match format_file(input, a.check) {
            Ok(Outcome::Unchanged) => {}
            Ok(Outcome::Changed) => {
                changed = true;
                let verb = if a.check {
                    "would reformat"
                } else {
                    "formatted"
                };
                if writeln!(out, "{verb} {}", input.display).is_err() {
                    return 2;
                }
            }
            Ok(Outcome::Broken) => broken = true,
            Err(p) => problems.push(p),
        }
    }
    for p in &problems {
        eprintln!("error: {p}");
    }
    if !problems.is_empty() {
        2
    } else if broken || (a.check && changed) {
        1
    } else {
        0
    }
}

fn format_file(input: &Input, check: bool) -> Result<Outcome, IoProblem> {
    // Rewriting: one editor (fmt or approve) at a time; a second keel waits for the first.
    let _lock = if check {
        None
    } else {
        Some(
            crate::fsutil::lock_for_edit(&input.path).map_err(|e| IoProblem {
                path: input.path.clone(),
                message: e.reason(),
            })?,
        )
    };
    let bytes = files::read(input)?;
    let source = std::sync::Arc::new(SourceFile::from_bytes(input.display.clone(), &bytes));
    let formatted = match crate::check::parse(&source) {
        Ok(parsed) => crate::fmt::format_parsed(&source.text, &parsed),
        Err(why) => {
            super::session::refuse(&source, why, "left as it is");
            return Ok(Outcome::Broken);
        }
    };
    if formatted == *source.text {
        return Ok(Outcome::Unchanged);
    }
    if !check {
        let bom = if source.bom { "\u{FEFF}" } else { "" };
        let text = format!("{bom}{formatted}");
        crate::fsutil::write_file(
            &input.path,
            text.as_bytes(),
            crate::fsutil::Expect::Content(&bytes),
        )
        .map_err(|e| IoProblem {
            path: input.path.clone(),
            message: e.reason(),
        })?;
    }
    Ok(Outcome::Changed)
}
