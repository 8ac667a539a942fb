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
use crate::diagnostic::Diagnostic;
use crate::report::human;
use crate::source::SourceFile;
use crate::span::Span;

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
    let bytes = files::read(input)?;
    let source = std::sync::Arc::new(SourceFile::from_bytes(input.display.clone(), &bytes));
    if let Some(at) = source.invalid_utf8_at {
        let d = Diagnostic::new("K001", Span::new(at, at + 1), "file is not valid UTF-8")
            .label("the first byte that is not UTF-8")
            .help("save the file as UTF-8");
        report_broken(&source, &[d]);
        return Ok(Outcome::Broken);
    }
    let formatted = match crate::fmt::format_source(&source.text) {
        Ok(f) => f,
        Err(diagnostics) => {
            report_broken(&source, &diagnostics);
            return Ok(Outcome::Broken);
        }
    };
    if formatted == *source.text {
        return Ok(Outcome::Unchanged);
    }
    if !check {
        let bom = if source.bom { "\u{FEFF}" } else { "" };
        let text = format!("{bom}{formatted}");
        crate::fsutil::write_atomic(&input.path, text.as_bytes()).map_err(|message| {
            // `write_atomic` names the path itself; `IoProblem` adds it again.
            let prefix = format!("{}: ", input.path.display());
            IoProblem {
                path: input.path.clone(),
                message: message
                    .strip_prefix(&prefix)
                    .unwrap_or(&message)
                    .to_string(),
            }
        })?;
    }
    Ok(Outcome::Changed)
}

fn report_broken(source: &std::sync::Arc<SourceFile>, diagnostics: &[Diagnostic]) {
    let handler = human::handler(false);
    for d in diagnostics {
        eprint!("{}", human::render(&handler, source, d));
    }
    eprintln!("error: {}: does not parse; left as it is", source.path);
}
