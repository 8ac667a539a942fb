//! Writes the benchmark corpus to disk, approvals bound to each workflow's digest (so the
//! corpus is clean, as a real repository would be):
//!
//! ```sh
//! cargo run --release --example gen_corpus -- /tmp/keel-corpus
//! target/release/keel check --no-tests /tmp/keel-corpus/c1000
//! ```
//!
//! Writes `c1`, `c100`, `c1000` (1, 100 and 1,000 workflows, one per file),
//! `big2000.keel`, `big20000.keel` (one workflow with that many states) and `bands.keel`
//! (guard-heavy). The same seed always gives the same bytes.

#[path = "../benches/corpus.rs"]
mod corpus;

use keel::approve::{apply, Approval};
use keel::model::Decision;

/// Binds every approval of every workflow in `text` to its digest.
fn bind(text: &str) -> String {
    let mut text = text.to_string();
    let file = keel::source::SourceFile::new("corpus.keel", &text);
    let module = keel::check::model(&file, keel::stdlib::Library::embedded())
        .expect("generated workflows parse");
    for (i, wf) in module.workflows.iter().enumerate() {
        let digest = keel::check::content_artifact(&module.catalog, wf).digest;
        for a in wf.approvals.iter().flat_map(|a| a.entries.iter()) {
            let p = keel::syntax::parse(&text).expect("still parses");
            text = apply(
                &text,
                &p.ast,
                i,
                &Approval {
                    role: a.role,
                    person: &a.person.value,
                    decision: Decision::Approved,
                    at: &a.at_text,
                    digest: &digest,
                },
            );
        }
    }
    text
}

fn main() {
    let out = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "keel-corpus".into()),
    );
    for n in [1u64, 100, 1000] {
        let dir = out.join(format!("c{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in corpus::corpus(n, 42) {
            std::fs::write(dir.join(name), bind(&text)).unwrap();
        }
    }
    for n in [2_000usize, 20_000] {
        std::fs::write(out.join(format!("big{n}.keel")), corpus::big_workflow(n)).unwrap();
    }
    std::fs::write(out.join("bands.keel"), corpus::guard_heavy(50, 30)).unwrap();
    eprintln!("wrote the corpus to {}", out.display());
}
