//! The typed syntax tree. Every node owns its data and carries the span it was parsed from.
//! Literals keep their text as written; the resolver validates and converts them (K005).

use crate::span::Span;

/// An identifier or a dotted name, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal: the decoded value, the raw text and any bad escape found while decoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str {
    pub value: String,
    pub span: Span,
    /// The span of the first unknown escape, if any (K005).
    pub bad_escape: Option<Span>,
}

/// A word from a closed set (`money`, `approved`, `new_only`, ...), validated by the grammar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct File {
    pub uses: Vec<Use>,
    pub items: Vec<Item>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Use {
    /// `std::payments` as written; `segments` are its parts.
    pub path: Ident,
    pub segments: Vec<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum Item {
    Attribute(AttributeDef),
    Fact(FactDef),
    Event(EventDef),
    Action(ActionDef),
    Workflow(Workflow),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Attribute(d) => d.span,
            Item::Fact(d) => d.span,
            Item::Event(d) => d.span,
            Item::Action(d) => d.span,
            Item::Workflow(w) => w.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeKind {
    Number,
    Text,
    Bool,
    Time,
    Enum(Vec<Ident>),
}

#[derive(Clone, Debug)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct AttributeDef {
    pub name: Ident,
    pub ty: TypeExpr,
    pub doc: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct FactDef {
    pub name: Ident,
    pub description: Option<Str>,
    pub doc: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct FieldDecl {
    pub name: Ident,
    pub ty: TypeExpr,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct EventDef {
    pub name: Ident,
    pub fields: Vec<FieldDecl>,
    /// Whether the payload braces were written (`event x {}` vs `event x`).
    pub braces: bool,
    pub doc: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: Ident,
    pub ty: TypeExpr,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ActionStmtKind {
    Risk(Word),
    IdempotentBy(Ident),
    Compensate(Ident),
    Establishes(Vec<Ident>),
    Clears(Vec<Ident>),
    /// `adds NAME param` (true) or `subtracts NAME param` (false).
    Effect {
        adds: bool,
        target: Ident,
        param: Ident,
    },
}

#[derive(Clone, Debug)]
pub struct ActionStmt {
    pub kind: ActionStmtKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct ActionDef {
    pub name: Ident,
    /// `None` when no parentheses were written.
    pub params: Option<Vec<Param>>,
    pub stmts: Vec<ActionStmt>,
    pub doc: Option<String>,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------
// Workflows
// ---------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
pub struct Version {
    /// The digits after `v`, as written.
    pub digits: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Workflow {
    pub name: Ident,
    pub version: Version,
    pub stmts: Vec<WfStmt>,
    pub doc: Option<String>,
    pub span: Span,
    /// The span of `workflow NAME vN` (where workflow-level diagnostics point).
    pub head_span: Span,
}

#[derive(Clone, Debug)]
pub struct WfStmt {
    pub kind: WfStmtKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum WfStmtKind {
    Title(Str),
    Tier(Word),
    Subject(Ident),
    Owner(Str),
    Maintainer(Str),
    Environments(Vec<Ident>),
    Flag(FlagDecl),
    Scope(Scope),
    Changelog(Changelog),
    Approvals(Approvals),
    States(States),
    Transition(Transition),
    Override(Override),
    Invariant(Invariant),
    Rollback(Rollback),
    Release(Release),
    Monitor(Monitor),
    Access(Access),
    Test(Test),
}

#[derive(Clone, Debug)]
pub struct FlagDecl {
    pub name: Ident,
    /// `default on|off`, if written.
    pub default: Option<Word>,
}

#[derive(Clone, Debug)]
pub struct Scope {
    pub items: Vec<ScopeItem>,
}

#[derive(Clone, Debug)]
pub enum ScopeItemKind {
    Clients(Word),
    Trades(Word),
    /// `recalculation none` (None) or `recalculation since TS` (Some).
    Recalculation(Option<Literal>),
    Regions(Vec<Str>),
    Groups(Vec<Str>),
}

#[derive(Clone, Debug)]
pub struct ScopeItem {
    pub kind: ScopeItemKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Changelog {
    pub items: Vec<ChangelogItem>,
}

#[derive(Clone, Debug)]
pub struct ChangelogItem {
    /// `what`, `why`, `by` or `ticket`.
    pub key: Word,
    pub value: Str,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Approvals {
    pub entries: Vec<Approval>,
}

#[derive(Clone, Debug)]
pub struct Approval {
    pub role: Word,
    pub person: Str,
    pub decision: Word,
    pub at: Literal,
    pub digest: Option<Str>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct States {
    pub states: Vec<StateDecl>,
}

#[derive(Clone, Debug)]
pub enum StateAttrKind {
    Initial,
    Terminal,
    Manual,
    Sla(Literal),
    Requires(Vec<Ident>),
}

#[derive(Clone, Debug)]
pub struct StateAttr {
    pub kind: StateAttrKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct StateDecl {
    pub name: Ident,
    pub attrs: Vec<StateAttr>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum When {
    Otherwise(Span),
    Guard(Expr),
}

#[derive(Clone, Debug)]
pub struct Transition {
    pub name: Ident,
    pub from: Ident,
    pub to: Ident,
    pub event: Ident,
    pub when: Option<When>,
    pub behind: Option<Ident>,
    pub calls: Vec<Call>,
}

#[derive(Clone, Debug)]
pub struct Call {
    pub action: Ident,
    /// `None` when no parentheses were written.
    pub args: Option<Vec<Arg>>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Arg {
    pub name: Option<Ident>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Override {
    pub from: Vec<Ident>,
    pub to: Ident,
    pub role: Str,
}

#[derive(Clone, Debug)]
pub enum InvariantBody {
    Guard(Expr),
    OncePer { action: Ident, key: Ident },
}

#[derive(Clone, Debug)]
pub struct Invariant {
    pub name: Str,
    pub body: InvariantBody,
}

// ---------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }

    pub fn from_cmp(text: &str) -> BinOp {
        match text {
            "==" => BinOp::Eq,
            "!=" => BinOp::Ne,
            "<" => BinOp::Lt,
            "<=" => BinOp::Le,
            ">" => BinOp::Gt,
            _ => BinOp::Ge,
        }
    }

    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        )
    }

    pub fn is_arith(self) -> bool {
        matches!(self, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div)
    }

    /// Binding strength, for printing with the fewest parentheses.
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 4,
            BinOp::Add | BinOp::Sub => 5,
            BinOp::Mul | BinOp::Div => 6,
        }
    }
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Binary {
        op: BinOp,
        op_span: Span,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Not(Box<Expr>),
    Neg(Box<Expr>),
    In {
        lhs: Box<Expr>,
        list: Vec<Literal>,
    },
    Paren(Box<Expr>),
    /// A dotted or plain name (a plain one may turn out to be an enum member).
    Name(Ident),
    Lit(Literal),
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LitKind {
    /// Digits as written (without sign).
    Number(String),
    /// The number before `%`.
    Percent(String),
    /// Digits and unit as written (`15m`; the unit is validated later).
    Duration(String),
    Timestamp(String),
    Str(String),
    Bool(bool),
    /// A bare identifier in a value position: an enum member or a name.
    Ident(String),
    /// `HH:MM` as written.
    Clock(String),
}

#[derive(Clone, Debug)]
pub struct Literal {
    pub kind: LitKind,
    /// A leading `-` (numbers, percents and durations only).
    pub negative: bool,
    pub span: Span,
    /// For strings: the span of a bad escape (K005).
    pub bad_escape: Option<Span>,
}

impl Literal {
    /// The literal as it would be written canonically.
    pub fn text(&self) -> String {
        let sign = if self.negative { "-" } else { "" };
        match &self.kind {
            LitKind::Number(s) => format!("{sign}{s}"),
            LitKind::Percent(s) => format!("{sign}{s}%"),
            LitKind::Duration(s) => format!("{sign}{s}"),
            LitKind::Timestamp(s) | LitKind::Ident(s) | LitKind::Clock(s) => s.clone(),
            LitKind::Str(s) => crate::literal::quote(s),
            LitKind::Bool(b) => b.to_string(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Rollback, release, monitoring, access
// ---------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
pub struct Rollback {
    pub items: Vec<RollbackItem>,
}

#[derive(Clone, Debug)]
pub enum Metric {
    Queue(Ident),
    Named(Ident),
}

#[derive(Clone, Debug)]
pub enum Method {
    PreviousVersion(Version),
    DisableRouteTo(Ident),
    FlagOff(Ident),
}

#[derive(Clone, Debug)]
pub enum RollbackItemKind {
    Trigger {
        metric: Metric,
        op: BinOp,
        threshold: Literal,
        over: Option<Literal>,
    },
    Method(Method),
    Backout(Literal),
    Map {
        from: Ident,
        to: Ident,
    },
    Remediate(Vec<RemediateItem>),
}

#[derive(Clone, Debug)]
pub struct RollbackItem {
    pub kind: RollbackItemKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum RemediateItemKind {
    Identify(Vec<Word>),
    Revert { from: Ident, to: Ident },
    Compensate { action: Ident, with: Option<Str> },
    Manual { action: Ident, note: Str },
    Communicate(Str),
}

#[derive(Clone, Debug)]
pub struct RemediateItem {
    pub kind: RemediateItemKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Release {
    pub items: Vec<ReleaseItem>,
}

#[derive(Clone, Debug)]
pub struct Target {
    /// `region` or `segment`.
    pub kind: Word,
    pub value: Str,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ReleaseItemKind {
    Window {
        from_day: Ident,
        to_day: Option<Ident>,
        start: Literal,
        end: Literal,
        zone: Str,
    },
    Canary {
        percent: Option<Literal>,
        targets: Vec<Target>,
    },
}

#[derive(Clone, Debug)]
pub struct ReleaseItem {
    pub kind: ReleaseItemKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Monitor {
    pub items: Vec<MonitorItem>,
}

#[derive(Clone, Debug)]
pub enum MonitorItemKind {
    Stuck {
        state: Ident,
        after: Literal,
        alert: Str,
    },
    Metric {
        name: Ident,
        by: Option<Ident>,
    },
    Expect {
        name: Ident,
        low: Literal,
        high: Literal,
        per: Option<Word>,
    },
}

#[derive(Clone, Debug)]
pub struct MonitorItem {
    pub kind: MonitorItemKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Access {
    pub items: Vec<AccessItem>,
}

#[derive(Clone, Debug)]
pub struct AccessItem {
    /// `edit`, `publish` or `approve`.
    pub kind: Word,
    pub roles: Vec<Str>,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
pub struct Test {
    pub name: Str,
    pub kind: Word,
    pub stmts: Vec<TestStmt>,
}

#[derive(Clone, Debug)]
pub struct Kv {
    pub name: Ident,
    pub value: Literal,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Repeat {
    Once,
    Twice,
    Times(String),
}

#[derive(Clone, Debug)]
pub enum ActionCount {
    Once,
    Never,
    Count(String),
}

#[derive(Clone, Debug)]
pub enum ExpectKind {
    State(Ident),
    Action {
        action: Ident,
        count: ActionCount,
    },
    Total {
        name: Ident,
        op: BinOp,
        value: Literal,
    },
    Fact(Ident),
    Ignored,
    Compare {
        name: Ident,
        op: BinOp,
        value: Literal,
    },
}

#[derive(Clone, Debug)]
pub enum TestStmtKind {
    Given(Vec<Kv>),
    Start(Ident),
    Flag {
        name: Ident,
        on: bool,
    },
    Event {
        name: Ident,
        payload: Vec<Kv>,
        braces: bool,
        repeat: Repeat,
    },
    Override {
        to: Ident,
        role: Str,
    },
    Expect(ExpectKind),
}

#[derive(Clone, Debug)]
pub struct TestStmt {
    pub kind: TestStmtKind,
    pub span: Span,
}
