//! The catalog of names a file can use: attributes, facts, events and actions, with
//! their types and declared risk.

use super::*;

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
