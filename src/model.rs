//! The resolved model: the catalog of names a file can use, and each workflow with every
//! reference resolved to an id (or kept as written when it does not resolve, so the other
//! rules can still run and the digest is still defined).

use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

use crate::ast::BinOp;
use crate::span::Span;

pub type VarId = usize;
pub type EventId = usize;
pub type ActionId = usize;
pub type StateId = usize;
pub type FlagId = usize;
pub type TransitionId = usize;

/// Where a catalog definition comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A library module (`std::payments`, or a project module from the search path).
    Module(Arc<str>),
    /// The file being checked.
    File,
}

impl Origin {
    pub fn describe(&self) -> String {
        match self {
            Origin::Module(m) => format!("in {m}"),
            Origin::File => "in this file".to_string(),
        }
    }
}

/// A definition site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Def {
    pub origin: Origin,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Number,
    Text,
    Bool,
    Time,
    /// Members in declaration order.
    Enum(Arc<Vec<String>>),
    /// Only literals have this type (`15m`); no name does.
    Duration,
}

impl Type {
    /// Types agree when they are the same; enums when they have the same members.
    pub fn agrees(&self, other: &Type) -> bool {
        match (self, other) {
            (Type::Enum(a), Type::Enum(b)) => {
                let mut a: Vec<&String> = a.iter().collect();
                let mut b: Vec<&String> = b.iter().collect();
                a.sort();
                b.sort();
                a == b
            }
            (a, b) => a == b,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Type::Number => "number".into(),
            Type::Text => "text".into(),
            Type::Bool => "bool".into(),
            Type::Time => "time".into(),
            Type::Duration => "duration".into(),
            Type::Enum(m) => format!("enum({})", m.join(", ")),
        }
    }

    pub fn is_ordered(&self) -> bool {
        matches!(self, Type::Number | Type::Time | Type::Duration)
    }
}

/// A value-bearing name: an attribute, an event payload field, or a fact (a bool).
#[derive(Clone, Debug)]
pub struct Var {
    pub name: String,
    pub ty: Type,
    pub fact: bool,
    pub attribute: bool,
    /// Events that carry this name in their payload.
    pub fields_of: Vec<EventId>,
    pub doc: Option<String>,
    /// A fact's description string.
    pub description: Option<String>,
    pub defs: Vec<Def>,
}

impl Var {
    pub fn kind_word(&self) -> &'static str {
        if self.fact {
            "fact"
        } else if self.attribute {
            "attribute"
        } else {
            "field"
        }
    }
}

#[derive(Clone, Debug)]
pub struct Event {
    pub name: String,
    pub fields: Vec<VarId>,
    pub doc: Option<String>,
    pub def: Def,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Risk {
    Content,
    Routing,
    Kyc,
    Eligibility,
    Money,
    Trading,
    Commission,
    Records,
}

impl Risk {
    pub fn parse(s: &str) -> Option<Risk> {
        Some(match s {
            "content" => Risk::Content,
            "routing" => Risk::Routing,
            "kyc" => Risk::Kyc,
            "eligibility" => Risk::Eligibility,
            "money" => Risk::Money,
            "trading" => Risk::Trading,
            "commission" => Risk::Commission,
            "records" => Risk::Records,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Content => "content",
            Risk::Routing => "routing",
            Risk::Kyc => "kyc",
            Risk::Eligibility => "eligibility",
            Risk::Money => "money",
            Risk::Trading => "trading",
            Risk::Commission => "commission",
            Risk::Records => "records",
        }
    }

    /// The tier a workflow calling this action needs (LANGUAGE.md §4).
    pub fn tier(self) -> u8 {
        match self {
            Risk::Content => 1,
            Risk::Routing | Risk::Kyc | Risk::Eligibility => 2,
            Risk::Money | Risk::Trading | Risk::Commission | Risk::Records => 3,
        }
    }

    /// Money or commission: must not run unkeyed on a cycle (K109).
    pub fn moves_money(self) -> bool {
        matches!(self, Risk::Money | Risk::Commission)
    }

    /// Needs an idempotency key on its definition (K604).
    pub fn needs_key(self) -> bool {
        matches!(self, Risk::Money | Risk::Commission | Risk::Trading)
    }

    /// Needs a remediation entry when called from a Tier 3 workflow (K405).
    pub fn needs_remediation(self) -> bool {
        self.tier() == 3
    }
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub ty: Type,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Effect {
    pub adds: bool,
    pub target: VarId,
    pub param: usize,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Action {
    pub name: String,
    pub params: Vec<Param>,
    pub risk: Option<Risk>,
    pub idempotent_by: Option<VarId>,
    pub compensate: Option<ActionId>,
    pub establishes: Vec<VarId>,
    pub clears: Vec<VarId>,
    pub effects: Vec<Effect>,
    pub doc: Option<String>,
    pub def: Def,
    /// The span of the action's name (K604 points here).
    pub name_span: Span,
    /// The span of its `risk` statement (K208 points here).
    pub risk_span: Option<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sym {
    Var(VarId),
    Event(EventId),
    Action(ActionId),
}

/// Every catalog name visible to one file: its imported modules and its own definitions.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub vars: Vec<Var>,
    pub events: Vec<Event>,
    pub actions: Vec<Action>,
    pub by_name: HashMap<String, Sym>,
    /// Imported modules (closure of `use`), in load order.
    pub modules: Vec<Arc<str>>,
}

impl Catalog {
    pub fn var(&self, name: &str) -> Option<VarId> {
        match self.by_name.get(name) {
            Some(Sym::Var(v)) => Some(*v),
            _ => None,
        }
    }

    pub fn event(&self, name: &str) -> Option<EventId> {
        match self.by_name.get(name) {
            Some(Sym::Event(v)) => Some(*v),
            _ => None,
        }
    }

    pub fn action(&self, name: &str) -> Option<ActionId> {
        match self.by_name.get(name) {
            Some(Sym::Action(v)) => Some(*v),
            _ => None,
        }
    }
}

/// A reference as written, with what it resolved to (`None` when it did not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref<T> {
    pub id: Option<T>,
    pub name: String,
    pub span: Span,
}

/// A value the language can compute with.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    Num(Decimal),
    Text(String),
    Bool(bool),
    Time(jiff::Timestamp),
    Enum(String),
    /// Seconds.
    Dur(i64),
}

impl Value {
    pub fn ty_hint(&self) -> Option<Type> {
        match self {
            Value::Num(_) => Some(Type::Number),
            Value::Text(_) => Some(Type::Text),
            Value::Bool(_) => Some(Type::Bool),
            Value::Time(_) => Some(Type::Time),
            Value::Dur(_) => Some(Type::Duration),
            Value::Enum(_) => None,
        }
    }

    /// The value as Keel source.
    pub fn display(&self) -> String {
        match self {
            Value::Num(d) => d.normalize().to_string(),
            Value::Text(s) => crate::syntax::quote(s),
            Value::Bool(b) => b.to_string(),
            Value::Time(t) => t.to_string(),
            Value::Enum(m) => m.clone(),
            Value::Dur(s) => crate::literal::format_duration(*s as u64),
        }
    }
}

/// A resolved expression (parentheses dropped, types known where names resolved).
#[derive(Clone, Debug)]
pub struct RExpr {
    pub kind: RKind,
    pub ty: Option<Type>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum RKind {
    /// A constant. `None` when the literal was invalid (K005): its value is unknown.
    Lit(Option<Value>, String),
    Var(VarId),
    /// A name that did not resolve, as written.
    Unresolved(String),
    Not(Box<RExpr>),
    Neg(Box<RExpr>),
    Bin {
        op: BinOp,
        lhs: Box<RExpr>,
        rhs: Box<RExpr>,
    },
    In {
        lhs: Box<RExpr>,
        list: Vec<RExpr>,
    },
}

impl RExpr {
    /// Visits this node and every node below it, parents first.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a RExpr)) {
        f(self);
        match &self.kind {
            RKind::Not(e) | RKind::Neg(e) => e.walk(f),
            RKind::Bin { lhs, rhs, .. } => {
                lhs.walk(f);
                rhs.walk(f);
            }
            RKind::In { lhs, list } => {
                lhs.walk(f);
                for l in list {
                    l.walk(f);
                }
            }
            _ => {}
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Flag {
    pub name: String,
    pub default_on: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum Recalc {
    None,
    /// `since TS`; the timestamp is `None` when invalid.
    Since(Option<jiff::Timestamp>, String),
}

#[derive(Clone, Debug, Default)]
pub struct ScopeM {
    pub clients: Option<Spanned<String>>,
    pub trades: Option<Spanned<String>>,
    pub recalculation: Option<Spanned<Recalc>>,
    pub regions: Vec<String>,
    pub groups: Vec<String>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct ChangelogM {
    pub what: Option<Spanned<String>>,
    pub why: Option<Spanned<String>>,
    pub by: Option<Spanned<String>>,
    pub ticket: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Owner,
    Maintainer,
    Compliance,
    FinanceRisk,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Owner,
        Role::Maintainer,
        Role::Compliance,
        Role::FinanceRisk,
    ];

    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "owner" => Role::Owner,
            "maintainer" => Role::Maintainer,
            "compliance" => Role::Compliance,
            "finance_risk" => Role::FinanceRisk,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Maintainer => "maintainer",
            Role::Compliance => "compliance",
            Role::FinanceRisk => "finance_risk",
        }
    }

    /// The roles a tier requires (LANGUAGE.md §1).
    pub fn required_for(tier: u8) -> &'static [Role] {
        match tier {
            0 | 1 => &Role::ALL[..2],
            2 => &Role::ALL[..3],
            _ => &Role::ALL[..],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Approved,
    Rejected,
    ChangesRequested,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Decision> {
        Some(match s {
            "approved" => Decision::Approved,
            "rejected" => Decision::Rejected,
            "changes_requested" => Decision::ChangesRequested,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
            Decision::ChangesRequested => "changes_requested",
        }
    }
}

#[derive(Clone, Debug)]
pub struct ApprovalM {
    pub role: Role,
    pub person: Spanned<String>,
    pub decision: Decision,
    pub at: Option<jiff::Timestamp>,
    pub at_text: String,
    /// The `for "sha256:..."` digest; `value` is as written (validity checked by K005).
    pub digest: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct ApprovalsM {
    pub entries: Vec<ApprovalM>,
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
pub struct ArgM {
    /// The parameter it binds to, if resolved.
    pub param: Option<usize>,
    pub name: Option<String>,
    pub value: RExpr,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct CallM {
    pub action: Ref<ActionId>,
    pub args: Vec<ArgM>,
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
    pub calls: Vec<CallM>,
}

#[derive(Clone, Debug)]
pub struct OverrideM {
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
pub struct InvariantM {
    pub name: String,
    pub body: InvariantBody,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum MetricRef {
    Queue(Ref<StateId>),
    Named(Ref<usize>),
}

#[derive(Clone, Debug)]
pub struct Threshold {
    pub value: Decimal,
    pub percent: bool,
}

#[derive(Clone, Debug)]
pub struct TriggerM {
    pub metric: MetricRef,
    pub op: BinOp,
    pub threshold: Option<Threshold>,
    pub threshold_text: String,
    pub over: Option<u64>,
    pub over_text: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum MethodKind {
    /// The version number (`None` when out of range), as written.
    PreviousVersion(Option<u64>, String, Span),
    DisableRouteTo(Ref<StateId>),
    FlagOff(Ref<FlagId>),
}

#[derive(Clone, Debug)]
pub struct MethodM {
    pub kind: MethodKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct MapM {
    pub from: Ref<StateId>,
    /// A state of the rollback target (not of this version).
    pub to: Spanned<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct RevertM {
    pub from: Ref<StateId>,
    pub to: Ref<StateId>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct CompensateM {
    pub action: Ref<ActionId>,
    pub with: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct ManualM {
    pub action: Ref<ActionId>,
    pub note: String,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct RemediateM {
    pub identify: Vec<String>,
    pub reverts: Vec<RevertM>,
    pub compensates: Vec<CompensateM>,
    pub manuals: Vec<ManualM>,
    pub communicate: Vec<String>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct RollbackM {
    pub triggers: Vec<TriggerM>,
    pub methods: Vec<MethodM>,
    /// Seconds (`None` inside when invalid).
    pub backout: Option<Spanned<Option<u64>>>,
    pub maps: Vec<MapM>,
    pub remediate: Option<RemediateM>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct WindowM {
    /// 0 = Mon ... 6 = Sun; `None` when invalid.
    pub from_day: Option<u8>,
    pub to_day: Option<u8>,
    pub days_text: String,
    /// Minutes after midnight.
    pub start: Option<u16>,
    pub end: Option<u16>,
    pub zone: String,
    pub zone_valid: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct CanaryM {
    pub percent: Option<Decimal>,
    /// (`region` | `segment`, value)
    pub targets: Vec<(String, String)>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct ReleaseM {
    pub windows: Vec<WindowM>,
    pub canaries: Vec<CanaryM>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct StuckM {
    pub state: Ref<StateId>,
    pub after: Option<u64>,
    pub alert: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct MetricM {
    pub name: String,
    pub by: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Bound {
    pub value: Option<Decimal>,
    pub percent: bool,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct ExpectMetricM {
    pub name: String,
    pub low: Bound,
    pub high: Bound,
    pub per: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct MonitorM {
    pub stuck: Vec<StuckM>,
    pub metrics: Vec<MetricM>,
    pub expects: Vec<ExpectMetricM>,
    pub span: Span,
}

impl MonitorM {
    /// Every metric name declared by `metric` or `expect`, deduplicated, in order.
    pub fn metric_names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for n in self
            .metrics
            .iter()
            .map(|m| m.name.as_str())
            .chain(self.expects.iter().map(|e| e.name.as_str()))
        {
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }
}

#[derive(Clone, Debug)]
pub struct AccessEntry {
    /// `edit`, `publish` or `approve`.
    pub kind: String,
    pub roles: Vec<Spanned<String>>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct AccessM {
    pub entries: Vec<AccessEntry>,
    pub span: Span,
}

impl AccessM {
    pub fn roles(&self, kind: &str) -> Vec<&Spanned<String>> {
        self.entries
            .iter()
            .filter(|e| e.kind == kind)
            .flat_map(|e| e.roles.iter())
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TestKind {
    HappyPath,
    Boundary,
    Transition,
    Invariant,
    Idempotency,
    Override,
}

impl TestKind {
    pub const ALL: [TestKind; 6] = [
        TestKind::HappyPath,
        TestKind::Boundary,
        TestKind::Transition,
        TestKind::Invariant,
        TestKind::Idempotency,
        TestKind::Override,
    ];

    pub fn parse(s: &str) -> Option<TestKind> {
        Some(match s {
            "happy_path" => TestKind::HappyPath,
            "boundary" => TestKind::Boundary,
            "transition" => TestKind::Transition,
            "invariant" => TestKind::Invariant,
            "idempotency" => TestKind::Idempotency,
            "override" => TestKind::Override,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TestKind::HappyPath => "happy_path",
            TestKind::Boundary => "boundary",
            TestKind::Transition => "transition",
            TestKind::Invariant => "invariant",
            TestKind::Idempotency => "idempotency",
            TestKind::Override => "override",
        }
    }
}

/// `name: value` in `given` or an event payload.
#[derive(Clone, Debug)]
pub struct Assign {
    pub var: Ref<VarId>,
    /// `None` when the literal was invalid or did not type-check.
    pub value: Option<Value>,
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ExpectM {
    State(Ref<StateId>),
    Action {
        action: Ref<ActionId>,
        count: Option<u32>,
        /// `once`, `never` or `count N` as written.
        text: String,
    },
    Total {
        action: Ref<ActionId>,
        param: Option<usize>,
        /// `action.param` as written.
        name: String,
        op: BinOp,
        value: Option<Decimal>,
        text: String,
    },
    Fact(Ref<VarId>),
    Ignored,
    Compare {
        var: Ref<VarId>,
        op: BinOp,
        value: Option<Value>,
        text: String,
    },
}

#[derive(Clone, Debug)]
pub enum StepKind {
    Given(Vec<Assign>),
    Start(Ref<StateId>),
    Flag(Ref<FlagId>, bool),
    Event {
        event: Ref<EventId>,
        payload: Vec<Assign>,
        /// How many times it is delivered (`twice` = 2).
        times: u32,
    },
    Override {
        to: Ref<StateId>,
        role: String,
    },
    Expect(ExpectM),
}

#[derive(Clone, Debug)]
pub struct Step {
    pub kind: StepKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct TestM {
    pub name: String,
    pub kind: TestKind,
    pub steps: Vec<Step>,
    pub span: Span,
    pub name_span: Span,
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
    pub scope: Option<ScopeM>,
    pub changelog: Option<ChangelogM>,
    pub approvals: Option<ApprovalsM>,
    pub states: Vec<State>,
    pub transitions: Vec<Transition>,
    pub overrides: Vec<OverrideM>,
    pub invariants: Vec<InvariantM>,
    pub rollback: Option<RollbackM>,
    pub release: Option<ReleaseM>,
    pub monitor: Option<MonitorM>,
    pub access: Option<AccessM>,
    pub tests: Vec<TestM>,
    /// True when K002–K005 fired inside this workflow: its tests are not run.
    pub has_name_errors: bool,
    /// The suppressions that apply to it (LANGUAGE.md §8), sorted by statement then code:
    /// content, so the digest covers them.
    pub waivers: Vec<crate::artifact::WaiverA>,
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
    pub fn calls(&self) -> impl Iterator<Item = (TransitionId, &CallM)> {
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
