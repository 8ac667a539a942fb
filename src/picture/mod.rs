//! `keel graph`: the state graph as a picture reviewers read in a pull request, drawn from the
//! artifact (so it shows exactly what ships). Three emitters: Graphviz DOT, Mermaid, and SVG
//! laid out by Keel itself (no external programs).
//!
//! Conventions in every format: the tier colours the title (green 1, amber 2, red 3); each
//! transition is coloured and tagged by the highest risk class of its actions; manual states
//! are dashed and blue; overrides are dashed purple edges naming the role; the initial state
//! has an entry arrow, terminal states a double border; a state's `requires` facts and SLA
//! are printed under its name.

pub mod dot;
pub mod mermaid;
pub mod svg;

use crate::artifact::{self, Artifact};

/// The colour of a tier.
pub fn tier_color(tier: u8) -> &'static str {
    match tier {
        1 => "#15803d",
        2 => "#b45309",
        _ => "#b91c1c",
    }
}

/// The colour of a risk class.
pub fn risk_color(risk: Option<&str>) -> &'static str {
    match risk {
        Some("money" | "trading" | "commission" | "records") => "#b91c1c",
        Some("routing" | "kyc" | "eligibility") => "#b45309",
        Some(_) => "#4b5563",
        None => "#374151",
    }
}

pub const OVERRIDE_COLOR: &str = "#7c3aed";
pub const MANUAL_FILL: &str = "#e0f2fe";

/// The riskiest class among a transition's actions (by tier, first in order on ties).
pub fn transition_risk(t: &artifact::Transition) -> Option<&str> {
    let mut best: Option<(&str, u8)> = None;
    for a in &t.actions {
        if let (Some(r), Some(tier)) = (a.risk.as_deref(), a.risk_tier) {
            if best.is_none_or(|(_, bt)| tier > bt) {
                best = Some((r, tier));
            }
        }
    }
    best.map(|(r, _)| r)
}

/// `Review · sla 24h` style detail lines of a state.
pub fn state_lines(s: &crate::artifact::State) -> Vec<String> {
    let mut lines = vec![s.name.clone()];
    let mut tags = Vec::new();
    if s.manual {
        tags.push("manual".to_string());
    }
    if let Some(sla) = s.sla_seconds {
        tags.push(format!("sla {}", crate::literal::format_duration(sla)));
    }
    if !tags.is_empty() {
        lines.push(tags.join(" · "));
    }
    if !s.requires.is_empty() {
        lines.push(format!("requires {}", s.requires.join(", ")));
    }
    lines
}

/// A short rendering of a guard tree (for edge labels).
pub fn guard_text(e: &artifact::Expr) -> String {
    fn go(e: &artifact::Expr, out: &mut String, top: bool) {
        match e {
            artifact::Expr::And { args } | artifact::Expr::Or { args } => {
                let sep = if matches!(e, artifact::Expr::And { .. }) {
                    " and "
                } else {
                    " or "
                };
                if !top {
                    out.push('(');
                }
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(sep);
                    }
                    go(a, out, false);
                }
                if !top {
                    out.push(')');
                }
            }
            artifact::Expr::Not { arg } => {
                out.push_str("not ");
                go(arg, out, false);
            }
            artifact::Expr::Compare { op, left, right }
            | artifact::Expr::Arith { op, left, right } => {
                go(left, out, false);
                out.push_str(&format!(" {op} "));
                go(right, out, false);
            }
            artifact::Expr::In { value, set } => {
                go(value, out, false);
                out.push_str(" in [");
                for (i, s) in set.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    go(s, out, false);
                }
                out.push(']');
            }
            artifact::Expr::Neg { arg } => {
                out.push('-');
                go(arg, out, false);
            }
            artifact::Expr::Fact { name }
            | artifact::Expr::Value { name, .. }
            | artifact::Expr::Unresolved { name } => out.push_str(name),
            artifact::Expr::Const { ty, value } => match (ty.as_str(), value) {
                ("text", serde_json::Value::String(s)) => out.push_str(&crate::syntax::quote(s)),
                (_, serde_json::Value::String(s)) => out.push_str(s),
                (_, v) => out.push_str(&v.to_string()),
            },
        }
    }
    let mut s = String::new();
    go(e, &mut s, true);
    s
}

/// The label of a transition edge: `name · event [risk]` and its condition.
pub fn edge_lines(t: &artifact::Transition) -> Vec<String> {
    let mut head = format!("{} · {}", t.name, t.event);
    if let Some(r) = transition_risk(t) {
        head.push_str(&format!(" [{r}]"));
    }
    let mut lines = vec![head];
    if let Some(g) = &t.guard {
        let mut g = guard_text(g);
        if g.chars().count() > 48 {
            g = g.chars().take(47).collect::<String>() + "…";
        }
        lines.push(format!("when {g}"));
    } else if t.otherwise {
        lines.push("when otherwise".to_string());
    }
    if let Some(b) = &t.behind {
        lines.push(format!("behind {b}"));
    }
    lines
}

/// The title line: `KYC_ROUTING_v12 · Tier 2 (declared 1, required 2)`.
pub fn title(a: &Artifact) -> String {
    let mut t = format!("{} · Tier {}", a.id, a.tier);
    if a.declared_tier != Some(a.tier) {
        t.push_str(&format!(
            " (declared {}, required {})",
            a.declared_tier
                .map_or("none".to_string(), |d| d.to_string()),
            a.required_tier
        ));
    }
    t
}
