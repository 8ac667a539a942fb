//! `keel diff`: a semantic diff of two versions of a workflow, computed on their artifacts (so
//! formatting and comments never show up) and presented for reviewers: guards and actions as
//! Keel text, lists matched by name, and the blast radius of the change.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value as J};

use crate::artifact::{self, Artifact};
use crate::picture::guard_text;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<J>,
    pub new: Option<J>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Change {
    /// `states`, `transitions`, `tier`, `rollback`, ...
    pub area: String,
    /// The named item within the area (a state, a transition, a test), if any.
    pub item: Option<String>,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    pub fields: Vec<FieldChange>,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct BlastRadius {
    /// States whose behaviour changes (edited states, and the ends of edited transitions).
    pub states: Vec<String>,
    /// Conditions of edited transitions: who is affected (`ib.group == "IB-EU-GOLD"`).
    pub segments: Vec<String>,
    /// Risk classes of the actions on edited transitions, old and new.
    pub risk_classes: Vec<String>,
    /// Whether money-moving logic changed (money risk actions, their guards or definitions).
    pub money: bool,
    /// Whether commission logic changed.
    pub commission: bool,
    /// Whether trading access logic changed.
    pub trading: bool,
    /// The effective tier, if it changed: `[old, new]`.
    pub tier: Option<[u8; 2]>,
    /// Scope regions and groups of the new version (the clients in play).
    pub scope: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Side {
    pub id: String,
    pub digest: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Diff {
    pub old: Side,
    pub new: Side,
    pub changes: Vec<Change>,
    pub blast_radius: BlastRadius,
}

/// The reviewer's view of an artifact: guards and calls as Keel text; derived and constant
/// parts left out.
fn view(a: &Artifact) -> Map<String, J> {
    let mut v = serde_json::to_value(a).expect("artifacts serialize");
    let obj = v.as_object_mut().expect("object");
    for key in ["digest", "audit", "format", "id", "catalog"] {
        obj.remove(key);
    }
    if let Some(J::Array(ts)) = obj.get_mut("transitions") {
        for (t, art) in ts.iter_mut().zip(&a.transitions) {
            let t = t.as_object_mut().expect("transition");
            t.insert(
                "guard".into(),
                art.guard
                    .as_ref()
                    .map_or(J::Null, |g| J::from(guard_text(g))),
            );
            let calls: Vec<J> = art
                .actions
                .iter()
                .map(|c| {
                    let args: Vec<String> = c
                        .args
                        .iter()
                        .map(|x| match &x.param {
                            Some(p) => format!("{p}: {}", guard_text(&x.value)),
                            None => guard_text(&x.value),
                        })
                        .collect();
                    let call = if args.is_empty() {
                        c.action.clone()
                    } else {
                        format!("{}({})", c.action, args.join(", "))
                    };
                    J::from(format!(
                        "{call} [{}]",
                        c.risk.as_deref().unwrap_or("unknown risk")
                    ))
                })
                .collect();
            t.insert("actions".into(), J::Array(calls));
        }
    }
    if let Some(J::Array(is)) = obj.get_mut("invariants") {
        for (i, art) in is.iter_mut().zip(&a.invariants) {
            if let crate::artifact::Invariant::Condition { condition, .. } = art {
                i.as_object_mut()
                    .expect("invariant")
                    .insert("condition".into(), J::from(guard_text(condition)));
            }
        }
    }
    // Action definitions the workflow uses: risk, key and compensation matter to reviewers.
    let defs: Map<String, J> = a
        .catalog
        .actions
        .iter()
        .map(|d| {
            (
                d.name.clone(),
                serde_json::json!({"risk": d.risk, "idempotency_key": d.idempotency_key, "compensation": d.compensation}),
            )
        })
        .collect();
    obj.insert("action_definitions".into(), J::Object(defs));
    obj.clone()
}

fn name_of(v: &J) -> Option<String> {
    let o = v.as_object()?;
    for k in ["name", "role", "id"] {
        if let Some(J::String(s)) = o.get(k) {
            return Some(s.clone());
        }
    }
    if let (Some(J::String(to)), Some(J::String(by))) = (o.get("to"), o.get("by")) {
        return Some(format!("-> {to} by {by}"));
    }
    None
}

/// Field-level differences of two values.
fn fields(path: &str, a: &J, b: &J, out: &mut Vec<FieldChange>) {
    if a == b {
        return;
    }
    match (a, b) {
        (J::Object(x), J::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                fields(
                    &p,
                    x.get(k).unwrap_or(&J::Null),
                    y.get(k).unwrap_or(&J::Null),
                    out,
                );
            }
        }
        _ => out.push(FieldChange {
            field: path.to_string(),
            old: (!a.is_null()).then(|| a.clone()),
            new: (!b.is_null()).then(|| b.clone()),
        }),
    }
}

fn area_changes(area: &str, a: &J, b: &J, out: &mut Vec<Change>) {
    if a == b {
        return;
    }
    let named = |v: &J| -> Option<Vec<(String, J)>> {
        let arr = v.as_array()?;
        arr.iter()
            .map(|x| name_of(x).map(|n| (n, x.clone())))
            .collect()
    };
    match (named(a), named(b)) {
        (Some(xs), Some(ys)) if a.is_array() && b.is_array() => {
            // Looked up by name: a workflow may have tens of thousands of states.
            let by_name = |v: &[(String, J)]| -> std::collections::HashMap<String, usize> {
                let mut m = std::collections::HashMap::with_capacity(v.len());
                for (i, (n, _)) in v.iter().enumerate() {
                    m.entry(n.clone()).or_insert(i);
                }
                m
            };
            let (xi, yi) = (by_name(&xs), by_name(&ys));
            for (n, x) in &xs {
                match yi.get(n).map(|&i| &ys[i]) {
                    None => out.push(Change {
                        area: area.into(),
                        item: Some(n.clone()),
                        change: "removed",
                        fields: own_fields(x),
                    }),
                    Some((_, y)) if x != y => {
                        let mut f = Vec::new();
                        fields("", x, y, &mut f);
                        out.push(Change {
                            area: area.into(),
                            item: Some(n.clone()),
                            change: "changed",
                            fields: f,
                        });
                    }
                    _ => {}
                }
            }
            for (n, y) in &ys {
                if !xi.contains_key(n) {
                    out.push(Change {
                        area: area.into(),
                        item: Some(n.clone()),
                        change: "added",
                        fields: own_fields(y),
                    });
                }
            }
        }
        _ => {
            let mut f = Vec::new();
            match (a, b) {
                (J::Object(_), J::Object(_)) => fields("", a, b, &mut f),
                _ => f.push(FieldChange {
                    field: String::new(),
                    old: (!a.is_null()).then(|| a.clone()),
                    new: (!b.is_null()).then(|| b.clone()),
                }),
            }
            let change = if a.is_null() {
                "added"
            } else if b.is_null() {
                "removed"
            } else {
                "changed"
            };
            out.push(Change {
                area: area.into(),
                item: None,
                change,
                fields: f,
            });
        }
    }
}

fn own_fields(v: &J) -> Vec<FieldChange> {
    let mut f = Vec::new();
    fields("", &J::Null, v, &mut f);
    if let J::Object(o) = v {
        f = o
            .iter()
            .filter(|(k, v)| {
                !v.is_null()
                    && *k != "name"
                    && v.as_array().is_none_or(|a| !a.is_empty())
                    && **v != J::Bool(false)
            })
            .map(|(k, v)| FieldChange {
                field: k.clone(),
                old: None,
                new: Some(v.clone()),
            })
            .collect();
    }
    f
}

/// The conditions in a guard tree, as text (`trade.volume > 0`, `ib.group == "GOLD"`).
fn segments(e: &artifact::Expr, out: &mut BTreeSet<String>) {
    match e {
        artifact::Expr::And { args } | artifact::Expr::Or { args } => {
            args.iter().for_each(|a| segments(a, out))
        }
        artifact::Expr::Not { arg } => segments(arg, out),
        artifact::Expr::Compare { .. }
        | artifact::Expr::In { .. }
        | artifact::Expr::Fact { .. }
        | artifact::Expr::Value { .. } => {
            out.insert(guard_text(e));
        }
        _ => {}
    }
}

/// Compares two artifacts of (usually) the same workflow.
pub fn diff(old: &Artifact, new: &Artifact) -> Diff {
    let changes = changes(old, new);
    let blast = blast_radius(old, new, &changes);
    Diff {
        old: Side {
            id: old.id.clone(),
            digest: old.digest.clone(),
        },
        new: Side {
            id: new.id.clone(),
            digest: new.digest.clone(),
        },
        changes,
        blast_radius: blast,
    }
}

/// The changes between two artifacts, area by area in the order of [`diff`].
fn changes(old: &Artifact, new: &Artifact) -> Vec<Change> {
    let (a, b) = (view(old), view(new));
    let order = [
        "workflow",
        "version",
        "title",
        "tier",
        "declared_tier",
        "required_tier",
        "subject",
        "owner",
        "maintainer",
        "environments",
        "flags",
        "scope",
        "changelog",
        "states",
        "transitions",
        "overrides",
        "invariants",
        "action_definitions",
        "rollback",
        "release",
        "monitoring",
        "access",
        "approvals",
        "tests",
    ];
    let mut changes = Vec::new();
    for area in order {
        let (x, y) = (
            a.get(area).unwrap_or(&J::Null),
            b.get(area).unwrap_or(&J::Null),
        );
        if area == "tests" {
            // Cases by name; the summary counts follow from them.
            area_changes(
                "tests",
                x.get("cases").unwrap_or(&J::Null),
                y.get("cases").unwrap_or(&J::Null),
                &mut changes,
            );
            for k in ["transition_coverage", "boundary_coverage"] {
                area_changes(
                    &format!("tests.{k}"),
                    x.get(k).unwrap_or(&J::Null),
                    y.get(k).unwrap_or(&J::Null),
                    &mut changes,
                );
            }
            continue;
        }
        if area == "action_definitions" {
            let (xo, yo) = (
                x.as_object().cloned().unwrap_or_default(),
                y.as_object().cloned().unwrap_or_default(),
            );
            for (name, xv) in &xo {
                if let Some(yv) = yo.get(name) {
                    if xv != yv {
                        let mut f = Vec::new();
                        fields("", xv, yv, &mut f);
                        changes.push(Change {
                            area: "action definitions".into(),
                            item: Some(name.clone()),
                            change: "changed",
                            fields: f,
                        });
                    }
                }
            }
            continue;
        }
        area_changes(area, x, y, &mut changes);
    }
    changes
}

/// What the changes touch: states, guard segments, risk classes, tier and scope.
fn blast_radius(old: &Artifact, new: &Artifact, changes: &[Change]) -> BlastRadius {
    let mut blast = BlastRadius::default();
    let mut states: BTreeSet<String> = BTreeSet::new();
    let mut segs: BTreeSet<String> = BTreeSet::new();
    let mut risks: BTreeSet<String> = BTreeSet::new();
    // Transitions and overrides of both versions by name (changes name them; one change per
    // item, so a scan per change would be quadratic on big workflows).
    let mut transitions: std::collections::HashMap<&str, Vec<&crate::artifact::Transition>> =
        std::collections::HashMap::new();
    for t in old.transitions.iter().chain(&new.transitions) {
        transitions.entry(t.name.as_str()).or_default().push(t);
    }
    let mut overrides: std::collections::HashMap<String, Vec<&crate::artifact::Override>> =
        std::collections::HashMap::new();
    for o in old.overrides.iter().chain(&new.overrides) {
        overrides
            .entry(format!("-> {} by {}", o.to, o.by))
            .or_default()
            .push(o);
    }
    for c in changes {
        let Some(item) = &c.item else { continue };
        match c.area.as_str() {
            "states" => {
                states.insert(item.clone());
            }
            "transitions" => {
                for t in transitions.get(item.as_str()).into_iter().flatten() {
                    states.insert(t.from.clone());
                    states.insert(t.to.clone());
                    if let Some(g) = &t.guard {
                        segments(g, &mut segs);
                    }
                    risks.extend(t.actions.iter().filter_map(|x| x.risk.clone()));
                }
            }
            "overrides" => {
                for o in overrides.get(item).into_iter().flatten() {
                    states.extend(o.from.iter().cloned());
                    states.insert(o.to.clone());
                }
            }
            "action definitions" => {
                for d in old
                    .catalog
                    .actions
                    .iter()
                    .chain(&new.catalog.actions)
                    .filter(|d| d.name == *item)
                {
                    risks.extend(d.risk.clone());
                }
            }
            _ => {}
        }
    }
    blast.money = risks.contains("money");
    blast.commission = risks.contains("commission");
    blast.trading = risks.contains("trading");
    blast.states = states.into_iter().collect();
    blast.segments = segs.into_iter().collect();
    blast.risk_classes = risks.into_iter().collect();
    if old.tier != new.tier {
        blast.tier = Some([old.tier, new.tier]);
    }
    if let Some(s) = &new.scope {
        blast.scope = s
            .regions
            .iter()
            .map(|r| format!("region {r}"))
            .chain(s.groups.iter().map(|g| format!("group {g}")))
            .collect();
    }
    blast
}

fn show(v: &Option<J>) -> String {
    match v {
        None => "(none)".to_string(),
        Some(J::Array(a)) if a.is_empty() => "(none)".to_string(),
        Some(J::String(s)) => s.clone(),
        Some(J::Array(a)) if a.iter().all(|x| x.is_string()) => a
            .iter()
            .map(|x| x.as_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Some(v) => v.to_string(),
    }
}

/// The diff for a reviewer.
pub fn human(d: &Diff) -> String {
    let mut s = format!("keel diff: {} -> {}\n", d.old.id, d.new.id);
    if d.changes.is_empty() {
        s.push_str("no semantic changes (formatting and comments do not count)\n");
        return s;
    }
    s.push_str(&format!("  digest {} -> {}\n", d.old.digest, d.new.digest));
    let mut area = "";
    for c in &d.changes {
        if c.area != area {
            area = &c.area;
            s.push_str(&format!("\n{area}\n"));
        }
        let mark = match c.change {
            "added" => "+",
            "removed" => "-",
            _ => "~",
        };
        match &c.item {
            Some(item) => s.push_str(&format!("  {mark} {item}\n")),
            None if c.fields.len() == 1 && c.fields[0].field.is_empty() => {
                s.push_str(&format!(
                    "  {mark} {} -> {}\n",
                    show(&c.fields[0].old),
                    show(&c.fields[0].new)
                ));
                continue;
            }
            None => {}
        }
        for f in &c.fields {
            let field = if f.field.is_empty() {
                "value"
            } else {
                &f.field
            };
            match c.change {
                "added" => s.push_str(&format!("      {field}: {}\n", show(&f.new))),
                "removed" => s.push_str(&format!(
                    "      {field}: {}\n",
                    show(&f.new.clone().or(f.old.clone()))
                )),
                _ => s.push_str(&format!(
                    "      {field}: {} -> {}\n",
                    show(&f.old),
                    show(&f.new)
                )),
            }
        }
    }
    let b = &d.blast_radius;
    s.push_str("\nblast radius\n");
    let list = |v: &[String]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    s.push_str(&format!("  states: {}\n", list(&b.states)));
    s.push_str(&format!("  segments: {}\n", list(&b.segments)));
    if !b.scope.is_empty() {
        s.push_str(&format!("  scope: {}\n", b.scope.join(", ")));
    }
    s.push_str(&format!("  risk classes: {}\n", list(&b.risk_classes)));
    s.push_str(&format!(
        "  money logic: {}; commission logic: {}; trading access: {}\n",
        if b.money { "CHANGED" } else { "unchanged" },
        if b.commission { "CHANGED" } else { "unchanged" },
        if b.trading { "CHANGED" } else { "unchanged" }
    ));
    if let Some([o, n]) = b.tier {
        s.push_str(&format!("  tier: {o} -> {n}\n"));
    }
    s
}
