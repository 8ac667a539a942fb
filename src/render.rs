//! Model → Keel source snippets: expressions, calls and test steps, written canonically.
//! Used by messages, the artifact (test cases, coverage entries), `keel test --suggest` and
//! `keel diff`. Literals are written from their values, not as typed: `5000.0` and `05000`
//! are `5000`, `60m` is `1h`, so that the artifact (and its digest) depends on meaning only.

use crate::ast::BinOp;
use crate::model::*;

/// An expression with the fewest parentheses that keep its meaning.
pub fn expr(cat: &Catalog, e: &RExpr) -> String {
    let mut out = String::new();
    write_expr(cat, e, 0, &mut out);
    out
}

fn prec(e: &RExpr) -> u8 {
    match &e.kind {
        RKind::Bin { op, .. } => op.precedence(),
        RKind::Not(_) => 3,
        RKind::In { .. } => 4,
        RKind::Neg(_) => 7,
        _ => 9,
    }
}

fn write_expr(cat: &Catalog, e: &RExpr, min: u8, out: &mut String) {
    let p = prec(e);
    let paren = p < min;
    if paren {
        out.push('(');
    }
    match &e.kind {
        RKind::Lit(v, text) => out.push_str(&literal(v.as_ref(), text)),
        RKind::Var(v) => out.push_str(&cat.vars[*v].name),
        RKind::Unresolved(n) => out.push_str(n),
        RKind::Not(x) => {
            out.push_str("not ");
            write_expr(cat, x, 3, out);
        }
        RKind::Neg(x) => {
            out.push('-');
            write_expr(cat, x, 7, out);
        }
        RKind::In { lhs, list } => {
            write_expr(cat, lhs, 5, out);
            out.push_str(" in [");
            for (i, l) in list.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(cat, l, 0, out);
            }
            out.push(']');
        }
        RKind::Bin { op, lhs, rhs } => {
            // Comparisons do not chain; arithmetic and boolean operators are left-associative.
            let (lmin, rmin) = if op.is_comparison() {
                (p + 1, p + 1)
            } else {
                (p, p + 1)
            };
            write_expr(cat, lhs, lmin, out);
            out.push(' ');
            out.push_str(op.as_str());
            out.push(' ');
            write_expr(cat, rhs, rmin, out);
        }
    }
    if paren {
        out.push(')');
    }
}

/// `commission.pay(amount: trade.volume * 5)`
pub fn call(cat: &Catalog, c: &Call) -> String {
    if c.args.is_empty() {
        return c.action.name.clone();
    }
    let args: Vec<String> = c
        .args
        .iter()
        .map(|a| match &a.name {
            Some(n) => format!("{n}: {}", expr(cat, &a.value)),
            None => expr(cat, &a.value),
        })
        .collect();
    format!("{}({})", c.action.name, args.join(", "))
}

pub fn guard(cat: &Catalog, g: &Guard) -> Option<String> {
    match g {
        Guard::Always => None,
        Guard::Otherwise(_) => Some("otherwise".to_string()),
        Guard::Expr(e) => Some(expr(cat, e)),
    }
}

/// A literal written canonically from its value (as written when it has none).
pub fn literal(v: Option<&Value>, text: &str) -> String {
    let Some(v) = v else {
        return text.to_string();
    };
    match v {
        Value::Num(d) => {
            let n = number(d);
            if text.ends_with('%') {
                format!("{n}%")
            } else {
                n
            }
        }
        Value::Text(s) => crate::syntax::quote(s),
        Value::Bool(b) => b.to_string(),
        Value::Time(t) => t.to_string(),
        Value::Enum(m) => m.clone(),
        Value::Dur(secs) => duration(*secs),
    }
}

/// A number in its shortest decimal form: `5000`, `0.5`, `-2.25`.
pub fn number(d: &rust_decimal::Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() {
        "0".to_string()
    } else {
        n.to_string()
    }
}

/// A duration in the largest exact unit: `3600` seconds is `1h`.
pub fn duration(secs: i64) -> String {
    if secs < 0 {
        return format!("-{}", crate::literal::format_duration(secs.unsigned_abs()));
    }
    crate::literal::format_duration(secs as u64)
}

fn assigns(a: &[Assign], out: &mut String) {
    for (i, x) in a.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&x.var.name);
        out.push_str(": ");
        out.push_str(&literal(x.value.as_ref(), &x.text));
    }
}

/// One test step as it is written in a test block.
pub fn step(s: &StepKind) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(48);
    match s {
        StepKind::Given(a) => {
            out.push_str("given { ");
            assigns(a, &mut out);
            out.push_str(" }");
        }
        StepKind::Start(st) => {
            out.push_str("start ");
            out.push_str(&st.name);
        }
        StepKind::Flag(f, on) => {
            out.push_str("flag ");
            out.push_str(&f.name);
            out.push_str(if *on { " on" } else { " off" });
        }
        StepKind::Event {
            event,
            payload,
            times,
        } => {
            out.push_str("event ");
            out.push_str(&event.name);
            if !payload.is_empty() {
                out.push_str(" { ");
                assigns(payload, &mut out);
                out.push_str(" }");
            }
            match times {
                1 => {}
                2 => out.push_str(" twice"),
                n => {
                    let _ = write!(out, " times {n}");
                }
            }
        }
        StepKind::Override { to, role } => {
            out.push_str("override -> ");
            out.push_str(&to.name);
            out.push_str(" by ");
            out.push_str(&crate::syntax::quote(role));
        }
        StepKind::Expect(e) => {
            out.push_str("expect ");
            out.push_str(&expectation(e));
        }
    }
    out
}

pub fn expectation(e: &Expect) -> String {
    match e {
        Expect::State(s) => format!("state {}", s.name),
        Expect::Action { action, text, .. } => format!("action {} {text}", action.name),
        Expect::Total {
            name,
            op,
            value,
            text,
            ..
        } => format!(
            "total {name} {} {}",
            op.as_str(),
            value.as_ref().map_or_else(|| text.clone(), number)
        ),
        Expect::Fact(f) => format!("fact {}", f.name),
        Expect::Ignored => "ignored".to_string(),
        Expect::Compare {
            var,
            op,
            value,
            text,
        } => format!(
            "{} {} {}",
            var.name,
            op.as_str(),
            literal(value.as_ref(), text)
        ),
    }
}

pub fn op_word(op: BinOp) -> &'static str {
    op.as_str()
}

/// The text of a bare word expression (`approved`, `(approved)`).
pub fn bare_word(e: &crate::ast::Expr) -> String {
    match &e.kind {
        crate::ast::ExprKind::Name(id) => id.name.clone(),
        crate::ast::ExprKind::Lit(l) => l.text(),
        crate::ast::ExprKind::Paren(inner) => bare_word(inner),
        _ => String::new(),
    }
}
