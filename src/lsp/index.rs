//! Where every name of a document occurs: definitions and references, by what they name.
//! Built from the resolved model (and the AST for action bodies) once per analysis; serves go
//! to definition, find references, hover and rename-like features. `O(n log n)` to build.

use crate::ast::{self, ActionStmtKind, Item};
use crate::model::*;
use crate::span::Span;

/// What a name refers to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// A state of the `usize`-th workflow.
    State(usize, String),
    Flag(usize, String),
    Transition(usize, String),
    Test(usize, String),
    Metric(usize, String),
    /// A catalog name: attribute, fact, payload field, event or action.
    Name(String),
    Module(String),
}

#[derive(Clone, Debug)]
pub struct Occ {
    pub span: Span,
    pub key: Key,
    /// A definition (declaration) rather than a use.
    pub def: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Index {
    pub occs: Vec<Occ>,
}

impl Index {
    /// The narrowest occurrence covering `offset`.
    pub fn at(&self, offset: usize) -> Option<&Occ> {
        self.occs
            .iter()
            .filter(|o| (o.span.start as usize) <= offset && offset <= (o.span.end as usize))
            .min_by_key(|o| o.span.len())
    }

    pub fn of<'a>(&'a self, key: &'a Key) -> impl Iterator<Item = &'a Occ> + 'a {
        self.occs.iter().filter(move |o| o.key == *key)
    }

    pub fn definition(&self, key: &Key) -> Option<&Occ> {
        self.occs.iter().find(|o| o.def && o.key == *key)
    }
}

struct Builder {
    occs: Vec<Occ>,
}

impl Builder {
    fn add(&mut self, span: Span, key: Key, def: bool) {
        if !span.is_empty() {
            self.occs.push(Occ { span, key, def });
        }
    }

    fn state(&mut self, w: usize, r: &Ref<StateId>) {
        self.add(r.span, Key::State(w, r.name.clone()), false);
    }

    fn name<T>(&mut self, r: &Ref<T>) {
        self.add(r.span, Key::Name(r.name.clone()), false);
    }

    fn expr(&mut self, cat: &Catalog, e: &RExpr) {
        e.walk(&mut |n| match &n.kind {
            RKind::Var(v) => self.occs.push(Occ {
                span: n.span,
                key: Key::Name(cat.vars[*v].name.clone()),
                def: false,
            }),
            RKind::Unresolved(name) => self.occs.push(Occ {
                span: n.span,
                key: Key::Name(name.clone()),
                def: false,
            }),
            _ => {}
        });
    }
}

pub fn build(file: &ast::File, module: &Module) -> Index {
    let cat = &module.catalog;
    let mut b = Builder { occs: Vec::new() };
    for u in &file.uses {
        b.add(u.path.span, Key::Module(u.path.name.clone()), false);
    }
    catalog_items(&mut b, file);
    for (w, wf) in module.workflows.iter().enumerate() {
        workflow(&mut b, cat, w, wf);
    }
    b.occs.sort_by_key(|o| (o.span.start, o.span.end));
    Index { occs: b.occs }
}

/// The catalog definitions of this file, and the names inside action bodies.
fn catalog_items(b: &mut Builder, file: &ast::File) {
    for item in &file.items {
        match item {
            Item::Attribute(a) => b.add(a.name.span, Key::Name(a.name.name.clone()), true),
            Item::Fact(f) => b.add(f.name.span, Key::Name(f.name.name.clone()), true),
            Item::Event(e) => {
                b.add(e.name.span, Key::Name(e.name.name.clone()), true);
                for f in &e.fields {
                    b.add(f.name.span, Key::Name(f.name.name.clone()), true);
                }
            }
            Item::Action(a) => {
                b.add(a.name.span, Key::Name(a.name.name.clone()), true);
                for st in &a.stmts {
                    match &st.kind {
                        ActionStmtKind::IdempotentBy(n) | ActionStmtKind::Compensate(n) => {
                            b.add(n.span, Key::Name(n.name.clone()), false)
                        }
                        ActionStmtKind::Establishes(ns) | ActionStmtKind::Clears(ns) => {
                            for n in ns {
                                b.add(n.span, Key::Name(n.name.clone()), false);
                            }
                        }
                        ActionStmtKind::Effect { target, .. } => {
                            b.add(target.span, Key::Name(target.name.clone()), false)
                        }
                        ActionStmtKind::Risk(_) => {}
                    }
                }
            }
            Item::Workflow(_) => {}
        }
    }
}

/// One workflow's states, flags, transitions, overrides, invariants, rollback, monitoring and
/// tests.
fn workflow(b: &mut Builder, cat: &Catalog, w: usize, wf: &Workflow) {
    for s in &wf.states {
        b.add(s.name_span, Key::State(w, s.name.clone()), true);
        for r in &s.requires {
            b.name(r);
        }
    }
    for f in &wf.flags {
        b.add(f.span, Key::Flag(w, f.name.clone()), true);
    }
    for t in &wf.transitions {
        b.add(t.name_span, Key::Transition(w, t.name.clone()), true);
        b.state(w, &t.from);
        b.state(w, &t.to);
        b.name(&t.event);
        if let Some(f) = &t.behind {
            b.add(f.span, Key::Flag(w, f.name.clone()), false);
        }
        if let Guard::Expr(g) = &t.guard {
            b.expr(cat, g);
        }
        for c in &t.calls {
            b.name(&c.action);
            for a in &c.args {
                b.expr(cat, &a.value);
            }
        }
    }
    for o in &wf.overrides {
        for f in &o.from {
            b.state(w, f);
        }
        b.state(w, &o.to);
    }
    for i in &wf.invariants {
        match &i.body {
            InvariantBody::Guard(g) => b.expr(cat, g),
            InvariantBody::OncePer { action, key } => {
                b.name(action);
                b.name(key);
            }
        }
    }
    if let Some(r) = &wf.rollback {
        rollback(b, w, r);
    }
    if let Some(m) = &wf.monitor {
        for s in &m.stuck {
            b.state(w, &s.state);
        }
    }
    for t in &wf.tests {
        test(b, w, t);
    }
}

fn rollback(b: &mut Builder, w: usize, r: &Rollback) {
    for t in &r.triggers {
        match &t.metric {
            MetricRef::Queue(s) => b.state(w, s),
            MetricRef::Named(m) => b.add(m.span, Key::Metric(w, m.name.clone()), false),
        }
    }
    for m in &r.methods {
        match &m.kind {
            MethodKind::DisableRouteTo(s) => b.state(w, s),
            MethodKind::FlagOff(f) => b.add(f.span, Key::Flag(w, f.name.clone()), false),
            MethodKind::PreviousVersion(..) => {}
        }
    }
    for m in &r.maps {
        b.state(w, &m.from);
    }
    if let Some(rm) = &r.remediate {
        for rv in &rm.reverts {
            b.state(w, &rv.from);
            b.state(w, &rv.to);
        }
        for c in &rm.compensates {
            b.name(&c.action);
        }
        for m in &rm.manuals {
            b.name(&m.action);
        }
    }
}

fn test(b: &mut Builder, w: usize, t: &Test) {
    b.add(t.name_span, Key::Test(w, t.name.clone()), true);
    for st in &t.steps {
        match &st.kind {
            StepKind::Given(a) => a.iter().for_each(|x| b.name(&x.var)),
            StepKind::Start(s) => b.state(w, s),
            StepKind::Flag(f, _) => b.add(f.span, Key::Flag(w, f.name.clone()), false),
            StepKind::Event { event, payload, .. } => {
                b.name(event);
                payload.iter().for_each(|x| b.name(&x.var));
            }
            StepKind::Override { to, .. } => b.state(w, to),
            StepKind::Expect(e) => match e {
                Expect::State(s) => b.state(w, s),
                Expect::Action { action, .. } => b.name(action),
                Expect::Total { action, .. } => b.add(
                    Span::new(
                        action.span.start as usize,
                        action.span.start as usize + action.name.len(),
                    ),
                    Key::Name(action.name.clone()),
                    false,
                ),
                Expect::Fact(f) => b.name(f),
                Expect::Compare { var, .. } => b.name(var),
                Expect::Ignored => {}
            },
        }
    }
}

/// The workflow whose source span holds `offset`.
pub fn workflow_at(module: &Module, offset: usize) -> Option<usize> {
    module
        .workflows
        .iter()
        .position(|w| (w.span.start as usize) <= offset && offset <= (w.span.end as usize))
}
