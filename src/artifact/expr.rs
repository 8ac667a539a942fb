//! Guards and values as expression trees a rule engine evaluates without parsing Keel.

use super::*;

/// A guard or value as an expression tree a rule engine evaluates without parsing Keel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ExprA")]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Expr {
    /// All of `args` hold.
    And {
        args: Vec<Expr>,
    },
    /// Any of `args` holds.
    Or {
        args: Vec<Expr>,
    },
    Not {
        arg: Box<Expr>,
    },
    /// `op` is one of `==`, `!=`, `<`, `<=`, `>`, `>=`.
    Compare {
        op: String,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `value` equals one of `set`.
    In {
        value: Box<Expr>,
        set: Vec<Expr>,
    },
    /// `op` is one of `+`, `-`, `*`, `/`.
    Arith {
        op: String,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Neg {
        arg: Box<Expr>,
    },
    /// A boolean fact about the subject.
    Fact {
        name: String,
    },
    /// A subject attribute or event payload field (one value when both exist).
    Value {
        name: String,
        #[serde(rename = "type")]
        ty: String,
    },
    /// A constant: numbers as JSON numbers, times as RFC 3339 strings, durations in seconds.
    Const {
        #[serde(rename = "type")]
        ty: String,
        value: serde_json::Value,
    },
    /// A name that did not resolve (only in artifacts of failing checks, e.g. `keel digest`).
    Unresolved {
        name: String,
    },
}

/// A number literal's value as a JSON number: an integer when it is one (and safe in every
/// JSON reader, below 2^53), else the double nearest to it, which for the at most 15
/// significant digits a literal may have (K005) writes back as exactly its digits.
pub fn num_json(d: &rust_decimal::Decimal) -> serde_json::Value {
    let d = d.normalize();
    if d.fract().is_zero() && d.scale() == 0 {
        if let Ok(i) = i64::try_from(d.mantissa()) {
            if i.unsigned_abs() < (1u64 << 53) {
                return serde_json::Value::from(i);
            }
        }
    }
    // Correctly rounded (parsing the decimal text), unlike mantissa / 10^scale.
    match d.to_string().parse::<f64>() {
        Ok(f) if f.is_finite() => serde_json::Value::from(f),
        _ => serde_json::Value::String(d.to_string()),
    }
}

pub(super) fn const_of(v: &model::Value, ty: Option<&model::Type>) -> Expr {
    let (t, value) = match v {
        model::Value::Num(d) => ("number".to_string(), num_json(d)),
        model::Value::Text(s) => ("text".to_string(), serde_json::Value::from(s.clone())),
        model::Value::Bool(b) => ("bool".to_string(), serde_json::Value::from(*b)),
        model::Value::Time(t) => ("time".to_string(), serde_json::Value::from(t.to_string())),
        model::Value::Enum(m) => (
            ty.map_or("enum".to_string(), ty_name),
            serde_json::Value::from(m.clone()),
        ),
        model::Value::Dur(s) => ("duration".to_string(), serde_json::Value::from(*s)),
    };
    Expr::Const { ty: t, value }
}

pub fn expr(cat: &model::Catalog, e: &model::RExpr) -> Expr {
    match &e.kind {
        model::RKind::Lit(Some(v), _) => const_of(v, e.ty.as_ref()),
        model::RKind::Lit(None, text) => Expr::Unresolved { name: text.clone() },
        model::RKind::Var(v) => {
            let var = &cat.vars[*v];
            if var.fact {
                Expr::Fact {
                    name: var.name.clone(),
                }
            } else {
                Expr::Value {
                    name: var.name.clone(),
                    ty: ty_name(&var.ty),
                }
            }
        }
        model::RKind::Unresolved(n) => Expr::Unresolved { name: n.clone() },
        model::RKind::Not(x) => Expr::Not {
            arg: Box::new(expr(cat, x)),
        },
        model::RKind::Neg(x) => Expr::Neg {
            arg: Box::new(expr(cat, x)),
        },
        model::RKind::In { lhs, list } => Expr::In {
            value: Box::new(expr(cat, lhs)),
            set: list.iter().map(|l| expr(cat, l)).collect(),
        },
        model::RKind::Bin { op, lhs, rhs } => match op {
            BinOp::And | BinOp::Or => {
                let mut args = Vec::new();
                flatten(cat, *op, e, &mut args);
                if *op == BinOp::And {
                    Expr::And { args }
                } else {
                    Expr::Or { args }
                }
            }
            o if o.is_comparison() => Expr::Compare {
                op: o.as_str().to_string(),
                left: Box::new(expr(cat, lhs)),
                right: Box::new(expr(cat, rhs)),
            },
            o => Expr::Arith {
                op: o.as_str().to_string(),
                left: Box::new(expr(cat, lhs)),
                right: Box::new(expr(cat, rhs)),
            },
        },
    }
}

pub(super) fn flatten(cat: &model::Catalog, op: BinOp, e: &model::RExpr, out: &mut Vec<Expr>) {
    match &e.kind {
        model::RKind::Bin { op: o, lhs, rhs } if *o == op => {
            flatten(cat, op, lhs, out);
            flatten(cat, op, rhs, out);
        }
        _ => out.push(expr(cat, e)),
    }
}
