//! Build-time generation (see docs/grammar.md):
//! - `rule_docs.rs`: each rule's documentation (the `//!` comment at the top of
//!   `src/rules/kNNN_*.rs`), embedded for `keel explain`;
//! - `rule_catalog.rs`: the rule catalogue and one constant per code, read from each rule's
//!   `declare_rule!` block (included by `src/codes.rs`);
//! - `grammar_tables.rs`: keyword, reserved-word, punctuation, word-set and statement-start
//!   tables, K001 rule descriptions, groups and syntax templates, all read from
//!   `grammar/keel.pest` with `pest_meta`.

#[path = "build/grammar.rs"]
mod grammar;
#[path = "build/rule_catalog.rs"]
mod rule_catalog;
#[path = "build/rule_docs.rs"]
mod rule_docs;

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let out = Path::new(&out);
    rule_docs::generate(Path::new("src/rules"), &out.join("rule_docs.rs"));
    rule_catalog::generate(Path::new("src/rules"), &out.join("rule_catalog.rs"));
    grammar::generate(
        Path::new("grammar/keel.pest"),
        &out.join("grammar_tables.rs"),
    );
}
