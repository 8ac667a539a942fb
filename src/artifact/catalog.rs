//! The catalog entries a workflow references, so a CRM can import it without Keel.

use super::*;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "FieldA")]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "EventA")]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub name: String,
    pub payload: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "EffectA")]
#[serde(deny_unknown_fields)]
pub struct Effect {
    /// `add` or `subtract`.
    pub op: String,
    pub target: String,
    pub param: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ActionDefA")]
#[serde(deny_unknown_fields)]
pub struct ActionDef {
    pub name: String,
    pub params: Vec<Field>,
    pub risk: Option<String>,
    pub idempotency_key: Option<String>,
    pub compensation: Option<String>,
    pub establishes: Vec<String>,
    pub clears: Vec<String>,
    pub effects: Vec<Effect>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "CatalogA")]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub events: Vec<Event>,
    /// Attributes and payload fields read by guards, arguments, keys and effects.
    pub values: Vec<Field>,
    pub facts: Vec<String>,
    pub actions: Vec<ActionDef>,
}

pub(super) fn ty_name(t: &model::Type) -> String {
    t.describe()
}

/// The catalog entries a workflow references, sorted by name.
pub(super) fn catalog_used(cat: &model::Catalog, wf: &model::Workflow) -> Catalog {
    let mut events = std::collections::BTreeSet::new();
    let mut vars = std::collections::BTreeSet::new();
    let mut actions = std::collections::BTreeSet::new();
    let expr_vars = |e: &model::RExpr, vars: &mut std::collections::BTreeSet<model::VarId>| {
        e.walk(&mut |n| {
            if let model::RKind::Var(v) = n.kind {
                vars.insert(v);
            }
        })
    };
    for t in &wf.transitions {
        if let Some(e) = t.event.id {
            events.insert(e);
        }
        if let model::Guard::Expr(g) = &t.guard {
            expr_vars(g, &mut vars);
        }
        for c in &t.calls {
            if let Some(a) = c.action.id {
                actions.insert(a);
                if let Some(k) = cat.actions[a].compensate {
                    actions.insert(k);
                }
            }
            for arg in &c.args {
                expr_vars(&arg.value, &mut vars);
            }
        }
    }
    for s in &wf.states {
        for r in &s.requires {
            if let Some(v) = r.id {
                vars.insert(v);
            }
        }
    }
    for i in &wf.invariants {
        match &i.body {
            model::InvariantBody::Guard(g) => expr_vars(g, &mut vars),
            model::InvariantBody::OncePer { action, key } => {
                if let Some(a) = action.id {
                    actions.insert(a);
                }
                if let Some(k) = key.id {
                    vars.insert(k);
                }
            }
        }
    }
    for a in &actions {
        let a = &cat.actions[*a];
        vars.extend(a.idempotent_by);
        vars.extend(a.establishes.iter().copied());
        vars.extend(a.clears.iter().copied());
        vars.extend(a.effects.iter().map(|e| e.target));
    }
    for e in &events {
        vars.extend(cat.events[*e].fields.iter().copied());
    }
    let mut ev: Vec<Event> = events
        .iter()
        .map(|e| Event {
            name: cat.events[*e].name.clone(),
            payload: cat.events[*e]
                .fields
                .iter()
                .map(|f| Field {
                    name: cat.vars[*f].name.clone(),
                    ty: ty_name(&cat.vars[*f].ty),
                })
                .collect(),
        })
        .collect();
    ev.sort_by(|a, b| a.name.cmp(&b.name));
    let mut values: Vec<Field> = vars
        .iter()
        .filter(|v| !cat.vars[**v].fact)
        .map(|v| Field {
            name: cat.vars[*v].name.clone(),
            ty: ty_name(&cat.vars[*v].ty),
        })
        .collect();
    values.sort_by(|a, b| a.name.cmp(&b.name));
    let mut facts: Vec<String> = vars
        .iter()
        .filter(|v| cat.vars[**v].fact)
        .map(|v| cat.vars[*v].name.clone())
        .collect();
    facts.sort();
    let mut acts: Vec<ActionDef> = actions
        .iter()
        .map(|a| {
            let a = &cat.actions[*a];
            ActionDef {
                name: a.name.clone(),
                params: a
                    .params
                    .iter()
                    .map(|p| Field {
                        name: p.name.clone(),
                        ty: ty_name(&p.ty),
                    })
                    .collect(),
                risk: a.risk.map(|r| r.as_str().to_string()),
                idempotency_key: a.idempotent_by.map(|v| cat.vars[v].name.clone()),
                compensation: a.compensate.map(|x| cat.actions[x].name.clone()),
                establishes: a
                    .establishes
                    .iter()
                    .map(|v| cat.vars[*v].name.clone())
                    .collect(),
                clears: a.clears.iter().map(|v| cat.vars[*v].name.clone()).collect(),
                effects: a
                    .effects
                    .iter()
                    .map(|e| Effect {
                        op: if e.adds { "add" } else { "subtract" }.to_string(),
                        target: cat.vars[e.target].name.clone(),
                        param: a.params[e.param].name.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    acts.sort_by(|a, b| a.name.cmp(&b.name));
    Catalog {
        events: ev,
        values,
        facts,
        actions: acts,
    }
}
