//! The grammar's tables, generated at build time from `grammar/keel.pest` by
//! `build/grammar.rs`: keywords (`kw::*`), punctuation (`punct::*`), closed word sets
//! (`words::*`), reserved words, the keywords that start each construct (`starts::*`), and
//! what K001 messages and help say about each rule (`describe`, `GROUPS`, `TEMPLATES`).
//! See docs/grammar.md.

use super::parser::Rule;
use crate::ast::WfStmtKind;

include!(concat!(env!("OUT_DIR"), "/grammar_tables.rs"));

/// The syntax of the construct that starts with `first_word`, as help.
pub fn template(first_word: &str) -> Option<&'static str> {
    TEMPLATES
        .iter()
        .find(|(k, _)| *k == first_word)
        .map(|(_, t)| *t)
}

/// Defined here rather than in `ast` (which does not know the grammar): the keywords are
/// the grammar's.
impl WfStmtKind {
    /// The keyword that starts the statement.
    pub fn keyword(&self) -> &'static str {
        match self {
            WfStmtKind::Title(_) => kw::TITLE,
            WfStmtKind::Tier(_) => kw::TIER,
            WfStmtKind::Subject(_) => kw::SUBJECT,
            WfStmtKind::Owner(_) => kw::OWNER,
            WfStmtKind::Maintainer(_) => kw::MAINTAINER,
            WfStmtKind::Environments(_) => kw::ENVIRONMENTS,
            WfStmtKind::Flag(_) => kw::FLAG,
            WfStmtKind::Scope(_) => kw::SCOPE,
            WfStmtKind::Changelog(_) => kw::CHANGELOG,
            WfStmtKind::Approvals(_) => kw::APPROVALS,
            WfStmtKind::States(_) => kw::STATES,
            WfStmtKind::Transition(_) => kw::TRANSITION,
            WfStmtKind::Override(_) => kw::OVERRIDE,
            WfStmtKind::Invariant(_) => kw::INVARIANT,
            WfStmtKind::Rollback(_) => kw::ROLLBACK,
            WfStmtKind::Release(_) => kw::RELEASE,
            WfStmtKind::Monitor(_) => kw::MONITOR,
            WfStmtKind::Access(_) => kw::ACCESS,
            WfStmtKind::Test(_) => kw::TEST,
        }
    }
}
