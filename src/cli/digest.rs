//! `keel digest FILE...`: one line per workflow, `<id> sha256:<hex>`. A file that does not
//! parse has no digest: its syntax errors go to stderr and the exit code is 1.

use std::io::Write;
use std::path::PathBuf;

use super::files;
use super::session::Session;
use crate::analysis;
use crate::report::human;
use crate::syntax;

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
    let handler = human::handler(false);
    for l in &loaded {
        if let Some(d) = l.source.utf8_diagnostic() {
            eprint!("{}", human::render(&handler, &l.source, &d));
            eprintln!("error: {}: not valid UTF-8; no digest", l.source.path);
            failed = true;
            continue;
        }
        let parsed = match syntax::parse(&l.source.text) {
            Ok(p) => p,
            Err(errors) => {
                for d in &errors {
                    eprint!("{}", human::render(&handler, &l.source, d));
                }
                eprintln!("error: {}: does not parse; no digest", l.source.path);
                failed = true;
                continue;
            }
        };
        let (module, _) =
            crate::suppress::resolve_parsed(&l.source.text, &parsed, &l.project.library);
        for wf in &module.workflows {
            let art = analysis::content_artifact(&module.catalog, wf);
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
