//! The grammar's tables, generated at build time from `grammar/keel.pest` by
//! `build/grammar.rs`: keywords (`kw::*`), punctuation (`punct::*`), closed word sets
//! (`words::*`), reserved words, the keywords that start each construct (`starts::*`), and
//! what K001 messages and help say about each rule (`describe`, `GROUPS`, `TEMPLATES`).
//! See docs/grammar.md.

use super::parser::Rule;

include!(concat!(env!("OUT_DIR"), "/grammar_tables.rs"));

/// The syntax of the construct that starts with `first_word`, as help.
pub fn template(first_word: &str) -> Option<&'static str> {
    TEMPLATES
        .iter()
        .find(|(k, _)| *k == first_word)
        .map(|(_, t)| *t)
}
