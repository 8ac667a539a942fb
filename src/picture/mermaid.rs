//! Mermaid `stateDiagram-v2` (renders in GitHub and GitLab pull requests).

use super::*;

/// Mermaid labels may not contain `:`, `;` or `#`-entities reliably; keep them plain.
fn plain(s: &str) -> String {
    s.replace([':', ';'], " ").replace('"', "'")
}

pub fn render(a: &Artifact) -> String {
    let mut s = String::from("stateDiagram-v2\n");
    s.push_str(&format!("  %% {}\n", plain(&title(a))));
    for st in &a.states {
        let lines = state_lines(st);
        if lines.len() > 1 {
            s.push_str(&format!(
                "  state \"{}\" as {}\n",
                plain(&lines.join("<br/>")),
                st.name
            ));
        }
    }
    for st in a.states.iter().filter(|s| s.initial) {
        s.push_str(&format!("  [*] --> {}\n", st.name));
    }
    for t in &a.transitions {
        s.push_str(&format!(
            "  {} --> {}: {}\n",
            t.from,
            t.to,
            plain(&edge_lines(t).join(" · "))
        ));
    }
    for o in &a.overrides {
        for f in &o.from {
            s.push_str(&format!(
                "  {} --> {}: override by {}\n",
                f,
                o.to,
                plain(&o.by)
            ));
        }
    }
    for st in a.states.iter().filter(|s| s.terminal) {
        s.push_str(&format!("  {} --> [*]\n", st.name));
    }
    s.push_str(&format!(
        "  classDef manual fill:{MANUAL_FILL},stroke-dasharray: 5 5\n"
    ));
    s.push_str(&format!(
        "  classDef tier stroke:{},stroke-width:2px\n",
        tier_color(a.tier)
    ));
    let manual: Vec<&str> = a
        .states
        .iter()
        .filter(|s| s.manual)
        .map(|s| s.name.as_str())
        .collect();
    if !manual.is_empty() {
        s.push_str(&format!("  class {} manual\n", manual.join(",")));
    }
    let initial: Vec<&str> = a
        .states
        .iter()
        .filter(|s| s.initial)
        .map(|s| s.name.as_str())
        .collect();
    if !initial.is_empty() {
        s.push_str(&format!("  class {} tier\n", initial.join(",")));
    }
    s
}
