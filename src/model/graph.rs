//! The state graph: flags, states, transitions with their guards and calls, overrides and
//! invariants.

use super::*;

#[derive(Clone, Debug)]
pub struct Flag {
    pub name: String,
    pub default_on: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct State {
    pub name: String,
    pub initial: bool,
    pub terminal: bool,
    pub manual: bool,
    /// Seconds; `None` when absent or invalid.
    pub sla: Option<u64>,
    pub has_sla: bool,
    pub requires: Vec<Ref<VarId>>,
    /// The whole declaration.
    pub span: Span,
    pub name_span: Span,
}

#[derive(Clone, Debug)]
pub enum Guard {
    /// No `when`: always holds.
    Always,
    Otherwise(Span),
    Expr(RExpr),
}

#[derive(Clone, Debug)]
pub struct Arg {
    /// The parameter it binds to, if resolved.
    pub param: Option<usize>,
    pub name: Option<String>,
    pub value: RExpr,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Call {
    pub action: Ref<ActionId>,
    pub args: Vec<Arg>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Transition {
    pub name: String,
    pub name_span: Span,
    /// The whole statement.
    pub span: Span,
    /// `transition NAME: FROM -> TO on EVENT` (where diagnostics about it point).
    pub head_span: Span,
    pub from: Ref<StateId>,
    pub to: Ref<StateId>,
    pub event: Ref<EventId>,
    pub guard: Guard,
    pub behind: Option<Ref<FlagId>>,
    pub calls: Vec<Call>,
}

#[derive(Clone, Debug)]
pub struct Override {
    pub from: Vec<Ref<StateId>>,
    pub to: Ref<StateId>,
    pub role: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum InvariantBody {
    Guard(RExpr),
    OncePer {
        action: Ref<ActionId>,
        key: Ref<VarId>,
    },
}

#[derive(Clone, Debug)]
pub struct Invariant {
    pub name: String,
    pub body: InvariantBody,
    pub span: Span,
}
