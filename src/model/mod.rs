//! The resolved model: the catalog of names a file can use, and each workflow with every
//! reference resolved to an id (or kept as written when it does not resolve, so the other
//! rules can still run and the digest is still defined).

use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

use crate::ast::BinOp;
use crate::span::Span;

mod catalog;
mod expr;
mod governance;
mod graph;
mod ops;
mod scenario;

pub use catalog::*;
pub use expr::*;
pub use governance::*;
pub use graph::*;
pub use ops::*;
pub use scenario::*;

pub type VarId = usize;
pub type EventId = usize;
pub type ActionId = usize;
pub type StateId = usize;
pub type FlagId = usize;
pub type TransitionId = usize;

/// A reference as written, with what it resolved to (`None` when it did not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref<T> {
    pub id: Option<T>,
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// A resolved workflow.
#[derive(Clone, Debug, Default)]
pub struct Workflow {
    pub name: String,
    /// `None` when the version number is out of range.
    pub version: Option<u64>,
    pub version_text: String,
    /// `NAME_vN`
    pub id: String,
    pub span: Span,
    pub name_span: Span,
    pub version_span: Span,
    pub head_span: Span,
    pub doc: Option<String>,
    pub title: Option<Spanned<String>>,
    /// `None` when absent or invalid.
    pub declared_tier: Option<Spanned<u8>>,
    pub subject: Option<Spanned<String>>,
    pub owner: Option<Spanned<String>>,
    pub maintainer: Option<Spanned<String>>,
    pub environments: Vec<Spanned<String>>,
    pub flags: Vec<Flag>,
    pub scope: Option<Scope>,
    pub changelog: Option<Changelog>,
    pub approvals: Option<Approvals>,
    pub states: Vec<State>,
    pub transitions: Vec<Transition>,
    pub overrides: Vec<Override>,
    pub invariants: Vec<Invariant>,
    pub rollback: Option<Rollback>,
    pub release: Option<Release>,
    pub monitor: Option<Monitor>,
    pub access: Option<Access>,
    pub tests: Vec<Test>,
    /// True when K002–K005 fired inside this workflow: its tests are not run.
    pub has_name_errors: bool,
    /// The suppressions that apply to it (LANGUAGE.md §8), sorted by statement then code:
    /// content, so the digest covers them.
    pub waivers: Vec<Waiver>,
    /// State ids by name (see `add_state`); workflows may have tens of thousands of states.
    state_index: std::collections::HashMap<String, StateId>,
}

impl Workflow {
    pub fn state(&self, name: &str) -> Option<StateId> {
        self.state_index.get(name).copied()
    }

    /// Adds a state (names are unique; the resolver reports duplicates before adding).
    pub fn add_state(&mut self, state: State) -> StateId {
        let id = self.states.len();
        self.state_index.entry(state.name.clone()).or_insert(id);
        self.states.push(state);
        id
    }

    pub fn flag(&self, name: &str) -> Option<FlagId> {
        self.flags.iter().position(|f| f.name == name)
    }

    pub fn initial(&self) -> Option<StateId> {
        let mut it = self.states.iter().enumerate().filter(|(_, s)| s.initial);
        let first = it.next().map(|(i, _)| i);
        if it.next().is_some() {
            None
        } else {
            first
        }
    }

    /// Every resolved call in source order, with its transition.
    pub fn calls(&self) -> impl Iterator<Item = (TransitionId, &Call)> {
        self.transitions
            .iter()
            .enumerate()
            .flat_map(|(i, t)| t.calls.iter().map(move |c| (i, c)))
    }
}

/// One checked file: its catalog and its workflows.
#[derive(Clone, Debug, Default)]
pub struct Module {
    /// Shared with other files that import the same modules and define nothing themselves.
    pub catalog: Arc<Catalog>,
    pub workflows: Vec<Workflow>,
}
