//! `keel diff OLD NEW [--format human|json]`: what changed between two versions of a workflow
//! and its blast radius. Exit 0 whether or not there are changes; 1 if a file does not parse.

use std::path::PathBuf;

use super::session::{self, Session};
use crate::check;
use crate::model::{Module, Workflow};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The old version's file
    pub old: PathBuf,
    /// The new version's file
    pub new: PathBuf,
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiffFormat,
    /// Which workflow (by name), when the files hold several
    #[arg(long)]
    pub workflow: Option<String>,
    /// Use this keel.toml instead of the project's
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// A file's model, or the exit code.
fn model(session: &mut Session, path: &std::path::Path) -> Result<Module, u8> {
    session::load_one(session, path)?.model("nothing compared")
}

pub fn run(a: DiffArgs) -> u8 {
    let mut session = Session::new(a.config.clone());
    let old = match model(&mut session, &a.old) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let new = match model(&mut session, &a.new) {
        Ok(x) => x,
        Err(c) => return c,
    };
    // The named workflow; else a file's only one; else the one named like the other file's
    // only one.
    let pick = |list: &[Workflow], other: &[Workflow]| -> Option<usize> {
        match &a.workflow {
            Some(w) => check::select(list, Some(w)).next(),
            None if list.len() == 1 => Some(0),
            None => list
                .iter()
                .position(|x| other.len() == 1 && x.name == other[0].name),
        }
    };
    let (Some(i), Some(j)) = (
        pick(&old.workflows, &new.workflows),
        pick(&new.workflows, &old.workflows),
    ) else {
        let names = |l: &[Workflow]| {
            l.iter()
                .map(|x| x.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        eprintln!(
            "error: choose the workflow to compare with --workflow (old has {}; new has {})",
            names(&old.workflows),
            names(&new.workflows)
        );
        return 2;
    };
    let (old, new) = (
        check::content_artifact(&old.catalog, &old.workflows[i]),
        check::content_artifact(&new.catalog, &new.workflows[j]),
    );
    let d = crate::diff::diff(&old, &new);
    match a.format {
        DiffFormat::Human => print!("{}", crate::diff::human(&d)),
        DiffFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&d).expect("diffs serialize")
        ),
    }
    0
}
