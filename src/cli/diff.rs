//! `keel diff OLD NEW [--format human|json]`: what changed between two versions of a workflow
//! and its blast radius. Exit 0 whether or not there are changes; 1 if a file does not parse.

use std::path::PathBuf;

use super::files::Input;
use super::session::Session;
use crate::report::human;
use crate::{analysis, syntax};

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

fn artifacts(
    session: &mut Session,
    path: &std::path::Path,
) -> Result<Vec<crate::artifact::Artifact>, u8> {
    let (mut loaded, problems) = session.load(vec![Input {
        display: path.display().to_string(),
        path: path.to_path_buf(),
    }]);
    if let Some(p) = problems.first() {
        eprintln!("error: {p}");
        return Err(2);
    }
    let l = loaded.remove(0);
    let parsed = syntax::parse(&l.source.text).map_err(|errors| {
        let h = human::handler(false);
        for d in &errors {
            eprint!("{}", human::render(&h, &l.source, d));
        }
        1u8
    })?;
    let (module, _) = crate::suppress::resolve_parsed(&l.source.text, &parsed, &l.project.library);
    Ok(module
        .workflows
        .iter()
        .map(|w| analysis::content_artifact(&module.catalog, w))
        .collect())
}

pub fn run(a: DiffArgs) -> u8 {
    let mut session = Session::new(a.config.clone());
    let old = match artifacts(&mut session, &a.old) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let new = match artifacts(&mut session, &a.new) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let pick = |list: &[crate::artifact::Artifact],
                other: &[crate::artifact::Artifact]|
     -> Option<usize> {
        match &a.workflow {
            Some(w) => list.iter().position(|x| x.workflow == *w || x.id == *w),
            None if list.len() == 1 => Some(0),
            None => list
                .iter()
                .position(|x| other.len() == 1 && x.workflow == other[0].workflow),
        }
    };
    let (Some(i), Some(j)) = (pick(&old, &new), pick(&new, &old)) else {
        let names = |l: &[crate::artifact::Artifact]| {
            l.iter()
                .map(|x| x.id.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        eprintln!(
            "error: choose the workflow to compare with --workflow (old has {}; new has {})",
            names(&old),
            names(&new)
        );
        return 2;
    };
    let d = crate::diff::diff(&old[i], &new[j]);
    match a.format {
        DiffFormat::Human => print!("{}", crate::diff::human(&d)),
        DiffFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&d).expect("diffs serialize")
        ),
    }
    0
}
