//! `keel digest FILE...`: one line per workflow, `<id> sha256:<hex>`. A file that does not
//! parse has no digest: its syntax errors go to stderr and the exit code is 1.

use std::io::Write;
use std::path::PathBuf;

use super::files;
use super::session::Session;
use crate::check;

#[derive(clap::Args, Debug)]
pub struct DigestArgs {
    /// Workflow files (directories are searched for *.keel)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Use this keel.toml instead of the project's
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

pub fn run(a: DigestArgs) -> u8 {
    let (inputs, mut problems) = files::collect(&a.files);
    let mut session = Session::new(a.config.clone());
    let (loaded, more) = session.load(inputs);
    problems.extend(more);
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for l in &loaded {
        let Ok(module) = l.model("no digest") else {
            failed = true;
            continue;
        };
        for art in check::artifacts(&module) {
            if writeln!(out, "{} {}", art.id, art.digest).is_err() {
                return 2;
            }
        }
    }
    for p in &problems {
        eprintln!("error: {p}");
    }
    if !problems.is_empty() {
        2
    } else if failed {
        1
    } else {
        0
    }
}
