//! Graphviz DOT.

use super::*;

fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn render(a: &Artifact) -> String {
    let mut s = String::new();
    s.push_str(&format!("digraph {} {{\n", q(&a.id)));
    s.push_str(&format!(
        "  graph [label={}, labelloc=t, fontname=\"Helvetica\", fontcolor=\"{}\", rankdir=LR, nodesep=0.5, ranksep=1.2];\n",
        q(&title(a)),
        tier_color(a.tier)
    ));
    s.push_str("  node [shape=box, style=\"rounded\", fontname=\"Helvetica\", fontsize=11];\n");
    s.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for st in &a.states {
        let mut attrs = vec![format!("label={}", q(&state_lines(st).join("\n")))];
        if st.manual {
            attrs.push(format!(
                "style=\"rounded,dashed,filled\", fillcolor=\"{MANUAL_FILL}\""
            ));
        }
        if st.terminal {
            attrs.push("peripheries=2".to_string());
        }
        if st.initial {
            attrs.push("penwidth=2".to_string());
        }
        s.push_str(&format!("  {} [{}];\n", q(&st.name), attrs.join(", ")));
    }
    for st in a.states.iter().filter(|s| s.initial) {
        s.push_str("  \"__start\" [shape=point, width=0.12, label=\"\"];\n");
        s.push_str(&format!("  \"__start\" -> {};\n", q(&st.name)));
    }
    for t in &a.transitions {
        let color = risk_color(transition_risk(t));
        let bold = if transition_risk(t)
            .is_some_and(|r| matches!(r, "money" | "trading" | "commission" | "records"))
        {
            ", penwidth=2"
        } else {
            ""
        };
        s.push_str(&format!(
            "  {} -> {} [label={}, color=\"{color}\", fontcolor=\"{color}\"{bold}];\n",
            q(&t.from),
            q(&t.to),
            q(&edge_lines(t).join("\n"))
        ));
    }
    for o in &a.overrides {
        for f in &o.from {
            s.push_str(&format!(
                "  {} -> {} [label={}, style=dashed, color=\"{OVERRIDE_COLOR}\", fontcolor=\"{OVERRIDE_COLOR}\"];\n",
                q(f),
                q(&o.to),
                q(&format!("override by {}", o.by))
            ));
        }
    }
    s.push_str("}\n");
    s
}
