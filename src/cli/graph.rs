//! `keel graph FILE [--format dot|mermaid|svg]`: the state graph as a picture for reviews.

use std::io::Write;
use std::path::PathBuf;

use super::files::Input;
use super::session::Session;
use crate::report::human;
use crate::{analysis, picture, syntax};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Svg,
}

#[derive(clap::Args, Debug)]
pub struct GraphArgs {
    /// The workflow file
    pub file: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value = "dot")]
    pub format: GraphFormat,
    /// Which workflow, when the file holds several (its id or name)
    #[arg(long)]
    pub workflow: Option<String>,
    /// Write to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Use this keel.toml instead of the project's
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

pub fn run(a: GraphArgs) -> u8 {
    let mut session = Session::new(a.config.clone());
    let (mut loaded, problems) = session.load(vec![Input {
        display: a.file.display().to_string(),
        path: a.file.clone(),
    }]);
    if let Some(p) = problems.first() {
        eprintln!("error: {p}");
        return 2;
    }
    let l = loaded.remove(0);
    let parsed = match syntax::parse(&l.source.text) {
        Ok(p) => p,
        Err(errors) => {
            let h = human::handler(false);
            for d in &errors {
                eprint!("{}", human::render(&h, &l.source, d));
            }
            return 1;
        }
    };
    let (module, _) = crate::suppress::resolve_parsed(&l.source.text, &parsed, &l.project.library);
    let chosen: Vec<_> = module
        .workflows
        .iter()
        .filter(|w| {
            a.workflow
                .as_ref()
                .is_none_or(|x| w.id == *x || w.name == *x)
        })
        .collect();
    if chosen.is_empty() {
        eprintln!(
            "error: {} has no workflow{}",
            l.source.path,
            a.workflow
                .as_ref()
                .map_or(String::new(), |w| format!(" `{w}`"))
        );
        return 2;
    }
    if chosen.len() > 1 && a.format == GraphFormat::Svg {
        let ids: Vec<&str> = chosen.iter().map(|w| w.id.as_str()).collect();
        eprintln!(
            "error: {} holds several workflows ({}); choose one with --workflow",
            l.source.path,
            ids.join(", ")
        );
        return 2;
    }
    let text: String = chosen
        .iter()
        .map(|w| {
            let art = analysis::content_artifact(&module.catalog, w);
            match a.format {
                GraphFormat::Dot => picture::dot::render(&art),
                GraphFormat::Mermaid => picture::mermaid::render(&art),
                GraphFormat::Svg => picture::svg::render(&art),
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    match &a.output {
        Some(p) => match crate::fsutil::write_atomic(p, text.as_bytes()) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e}");
                2
            }
        },
        None => {
            let mut out = std::io::stdout().lock();
            if out
                .write_all(text.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                return 2;
            }
            0
        }
    }
}
