//! `keel graph FILE [--format dot|mermaid|svg]`: the state graph as a picture for reviews.

use std::io::Write;
use std::path::PathBuf;

use super::session::{self, Session};
use crate::{check, picture};

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
    let l = match session::load_one(&mut session, &a.file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let module = match l.model("no graph") {
        Ok(m) => m,
        Err(code) => return code,
    };
    let wanted = a.workflow.as_deref();
    // An SVG holds one picture; the text formats one per workflow.
    let chosen: Vec<usize> = if a.format == GraphFormat::Svg {
        match session::select_one(&l.source.path, &module.workflows, wanted) {
            Ok(i) => vec![i],
            Err(code) => return code,
        }
    } else {
        check::select(&module.workflows, wanted).collect()
    };
    if chosen.is_empty() {
        // What the selector says about a file without the wanted workflow.
        return session::select_one(&l.source.path, &module.workflows, wanted)
            .err()
            .unwrap_or(2);
    }
    let text: String = chosen
        .iter()
        .map(|i| {
            let art = check::content_artifact(&module.catalog, &module.workflows[*i]);
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
