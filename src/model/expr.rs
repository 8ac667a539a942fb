//! Values and resolved expressions.

use super::*;

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
