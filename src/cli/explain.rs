//! `keel explain [CODE]`: what a rule checks, why it matters, and a failing and a passing
//! example. Without a code, the catalogue of rules.

use crate::codes::{self, RULES};
use crate::diagnostic::suggest;

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// A rule code (`K106`) or name (`requires-not-established`); omit for the list
    pub code: Option<String>,
}

pub fn run(a: ExplainArgs) -> u8 {
    let Some(code) = a.code else {
        println!(
            "{:<6} {:<28} {:<8} when it fires",
            "code", "name", "severity"
        );
        for r in RULES {
            println!(
                "{:<6} {:<28} {:<8} {}{}",
                r.code,
                r.name,
                r.severity.as_str(),
                r.summary,
                if r.env_sensitive {
                    " (error in production only)"
                } else {
                    ""
                }
            );
        }
        println!("\nRun `keel explain CODE` for the full page.");
        return 0;
    };
    match codes::lookup(&code).and_then(|r| crate::rules::doc(r.code)) {
        Some(doc) => {
            print!("{doc}");
            0
        }
        None => {
            let names = RULES.iter().flat_map(|r| [r.code, r.name]);
            match suggest(&code, names) {
                Some(s) => eprintln!("error: no rule `{code}`; did you mean `{s}`?"),
                None => eprintln!("error: no rule `{code}`; `keel explain` lists them"),
            }
            2
        }
    }
}
