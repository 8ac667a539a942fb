//! Workflows: the header one-liners, scope, changelog, approvals, states, transitions,
//! overrides and invariants. Rollback, release, monitor and access are in [`super::ops`],
//! scenario tests in [`super::scenario`].

use super::expr::{
    block, block_with, call, expr, ident, idents, list, literal, string, strings, word,
};
use super::ops;
use super::printer::Printer;
use super::scenario;
use crate::ast::{
    Approval, ChangelogItem, Invariant, InvariantBody, Override, ScopeItem, ScopeItemKind,
    StateAttr, StateAttrKind, StateDecl, Transition, WfStmt, WfStmtKind, When, Workflow,
};

/// How a workflow statement is separated from its neighbours.
#[derive(PartialEq, Eq)]
enum Group {
    /// title, tier, subject, owner, maintainer, environments, flag: no blank line between
    /// consecutive ones.
    Header,
    /// Consecutive overrides stay together.
    Override,
    /// Consecutive invariants stay together.
    Invariant,
    /// Blocks, transitions and tests: a blank line on each side.
    Alone,
}

fn group(s: &WfStmt) -> Group {
    match s.kind {
        WfStmtKind::Title(_)
        | WfStmtKind::Tier(_)
        | WfStmtKind::Subject(_)
        | WfStmtKind::Owner(_)
        | WfStmtKind::Maintainer(_)
        | WfStmtKind::Environments(_)
        | WfStmtKind::Flag(_) => Group::Header,
        WfStmtKind::Override(_) => Group::Override,
        WfStmtKind::Invariant(_) => Group::Invariant,
        _ => Group::Alone,
    }
}

fn blank_between(a: &WfStmt, b: &WfStmt) -> bool {
    let (ga, gb) = (group(a), group(b));
    ga == Group::Alone || ga != gb
}

pub fn workflow(p: &mut Printer, w: &Workflow) {
    p.tok("workflow");
    ident(p, &w.name);
    p.raw_until(w.version.span.end as usize);
    block_with(p, &w.stmts, blank_between, stmt);
}

fn stmt(p: &mut Printer, s: &WfStmt) {
    p.tok(s.kind.keyword());
    match &s.kind {
        WfStmtKind::Title(t) | WfStmtKind::Owner(t) | WfStmtKind::Maintainer(t) => string(p, t),
        WfStmtKind::Tier(t) => word(p, t),
        WfStmtKind::Subject(label) => ident(p, label),
        WfStmtKind::Environments(envs) => idents(p, envs),
        WfStmtKind::Flag(f) => {
            ident(p, &f.name);
            if let Some(d) = &f.default {
                p.tok("default");
                word(p, d);
            }
        }
        WfStmtKind::Scope(sc) => block(p, &sc.items, scope_item),
        WfStmtKind::Changelog(c) => block(p, &c.items, changelog_item),
        WfStmtKind::Approvals(a) => block(p, &a.entries, approval),
        WfStmtKind::States(st) => block(p, &st.states, state),
        WfStmtKind::Transition(t) => transition(p, t),
        WfStmtKind::Override(o) => override_decl(p, o),
        WfStmtKind::Invariant(i) => invariant(p, i),
        WfStmtKind::Rollback(r) => ops::rollback(p, r),
        WfStmtKind::Release(r) => ops::release(p, r),
        WfStmtKind::Monitor(m) => ops::monitor(p, m),
        WfStmtKind::Access(a) => ops::access(p, a),
        WfStmtKind::Test(t) => scenario::test(p, t),
    }
}

fn scope_item(p: &mut Printer, it: &ScopeItem) {
    match &it.kind {
        ScopeItemKind::Clients(w) => {
            p.tok("clients");
            word(p, w);
        }
        ScopeItemKind::Trades(w) => {
            p.tok("trades");
            word(p, w);
        }
        ScopeItemKind::Recalculation(since) => {
            p.tok("recalculation");
            match since {
                Some(ts) => {
                    p.tok("since");
                    literal(p, ts);
                }
                None => p.tok("none"),
            }
        }
        ScopeItemKind::Regions(rs) => {
            p.tok("regions");
            strings(p, rs);
        }
        ScopeItemKind::Groups(gs) => {
            p.tok("groups");
            strings(p, gs);
        }
    }
}

fn changelog_item(p: &mut Printer, it: &ChangelogItem) {
    word(p, &it.key);
    string(p, &it.value);
}

fn approval(p: &mut Printer, a: &Approval) {
    word(p, &a.role);
    string(p, &a.person);
    word(p, &a.decision);
    p.tok("at");
    literal(p, &a.at);
    if let Some(d) = &a.digest {
        p.tok("for");
        string(p, d);
    }
}

/// `Name attr attr`: a state and its attributes on one line.
fn state(p: &mut Printer, s: &StateDecl) {
    ident(p, &s.name);
    for a in &s.attrs {
        state_attr(p, a);
    }
}

fn state_attr(p: &mut Printer, a: &StateAttr) {
    match &a.kind {
        StateAttrKind::Initial => p.tok("initial"),
        StateAttrKind::Terminal => p.tok("terminal"),
        StateAttrKind::Manual => p.tok("manual"),
        StateAttrKind::Sla(d) => {
            p.tok("sla");
            literal(p, d);
        }
        StateAttrKind::Requires(facts) => {
            p.tok("requires");
            idents(p, facts);
        }
    }
}

/// `transition NAME: FROM -> TO on EVENT`, then `when`, `behind` and `do` each on a
/// continuation line one level deeper.
fn transition(p: &mut Printer, t: &Transition) {
    ident(p, &t.name);
    p.glue();
    p.tok(":");
    ident(p, &t.from);
    p.tok("->");
    ident(p, &t.to);
    p.tok("on");
    ident(p, &t.event);
    p.indent();
    if let Some(when) = &t.when {
        p.line();
        p.tok("when");
        match when {
            When::Otherwise(_) => p.tok("otherwise"),
            When::Guard(g) => expr(p, g),
        }
    }
    if let Some(flag) = &t.behind {
        p.line();
        p.tok("behind");
        ident(p, flag);
    }
    if !t.calls.is_empty() {
        p.line();
        p.tok("do");
        list(p, &t.calls, call);
    }
    p.dedent();
}

/// `override A, B -> C by "role"` on one line.
fn override_decl(p: &mut Printer, o: &Override) {
    idents(p, &o.from);
    p.tok("->");
    ident(p, &o.to);
    p.tok("by");
    string(p, &o.role);
}

fn invariant(p: &mut Printer, i: &Invariant) {
    string(p, &i.name);
    match &i.body {
        InvariantBody::Guard(g) => expr(p, g),
        InvariantBody::OncePer { action, key } => {
            p.tok("once");
            ident(p, action);
            p.tok("per");
            ident(p, key);
        }
    }
}
