//! A whole file and the catalog items: `use`, `attribute`, `fact`, `event`, `action`.

use super::expr::{block, ident, idents, inline_map, parens, string, word};
use super::printer::Printer;
use super::workflow::workflow;
use crate::ast::{
    ActionDef, ActionStmt, ActionStmtKind, AttributeDef, EventDef, FactDef, File, Item, TypeExpr,
    TypeKind, Use,
};

/// A top-level entry; `use`s may be interleaved with items, so both are kept in source order.
enum Top<'a> {
    Use(&'a Use),
    Item(&'a Item),
}

impl Top<'_> {
    fn start(&self) -> u32 {
        match self {
            Top::Use(u) => u.span.start,
            Top::Item(i) => i.span().start,
        }
    }

    /// One-line entries of one kind (`use`, `attribute`, `fact`, `event`) are grouped with no
    /// blank line between them; `action` and `workflow` blocks always stand apart.
    fn group(&self) -> Option<u8> {
        match self {
            Top::Use(_) => Some(0),
            Top::Item(Item::Attribute(_)) => Some(1),
            Top::Item(Item::Fact(_)) => Some(2),
            Top::Item(Item::Event(_)) => Some(3),
            Top::Item(Item::Action(_) | Item::Workflow(_)) => None,
        }
    }
}

pub fn file(p: &mut Printer, f: &File) {
    let mut tops: Vec<Top> = f.uses.iter().map(Top::Use).collect();
    tops.extend(f.items.iter().map(Top::Item));
    tops.sort_by_key(Top::start);
    let mut prev: Option<Option<u8>> = None;
    for top in &tops {
        let group = top.group();
        match prev {
            Some(g) if g.is_some() && g == group => p.line(),
            Some(_) => p.blank(),
            None => p.line(),
        }
        prev = Some(group);
        match top {
            Top::Use(u) => use_decl(p, u),
            Top::Item(item) => self::item(p, item),
        }
    }
}

fn use_decl(p: &mut Printer, u: &Use) {
    p.tok("use");
    ident(p, &u.path);
}

fn item(p: &mut Printer, item: &Item) {
    match item {
        Item::Attribute(a) => attribute(p, a),
        Item::Fact(f) => fact(p, f),
        Item::Event(e) => event(p, e),
        Item::Action(a) => action(p, a),
        Item::Workflow(w) => workflow(p, w),
    }
}

/// `number`, `text`, `bool`, `time` or `enum(a, b)`.
pub fn type_expr(p: &mut Printer, t: &TypeExpr) {
    match &t.kind {
        TypeKind::Number => p.tok("number"),
        TypeKind::Text => p.tok("text"),
        TypeKind::Bool => p.tok("bool"),
        TypeKind::Time => p.tok("time"),
        TypeKind::Enum(members) => {
            p.tok("enum");
            parens(p, members, ident);
        }
    }
}

/// `name: type` (attributes, payload fields, parameters).
fn typed(p: &mut Printer, name: &crate::ast::Ident, ty: &TypeExpr) {
    ident(p, name);
    p.glue();
    p.tok(":");
    type_expr(p, ty);
}

fn attribute(p: &mut Printer, a: &AttributeDef) {
    p.tok("attribute");
    typed(p, &a.name, &a.ty);
}

fn fact(p: &mut Printer, f: &FactDef) {
    p.tok("fact");
    ident(p, &f.name);
    if let Some(d) = &f.description {
        string(p, d);
    }
}

fn event(p: &mut Printer, e: &EventDef) {
    p.tok("event");
    ident(p, &e.name);
    if e.braces {
        inline_map(p, &e.fields, |p, f| typed(p, &f.name, &f.ty));
    }
}

fn action(p: &mut Printer, a: &ActionDef) {
    p.tok("action");
    ident(p, &a.name);
    if let Some(params) = &a.params {
        parens(p, params, |p, param| typed(p, &param.name, &param.ty));
    }
    block(p, &a.stmts, action_stmt);
}

fn action_stmt(p: &mut Printer, s: &ActionStmt) {
    match &s.kind {
        ActionStmtKind::Risk(w) => {
            p.tok("risk");
            word(p, w);
        }
        ActionStmtKind::IdempotentBy(key) => {
            p.tok("idempotent");
            p.tok("by");
            ident(p, key);
        }
        ActionStmtKind::Compensate(a) => {
            p.tok("compensate");
            ident(p, a);
        }
        ActionStmtKind::Establishes(facts) => {
            p.tok("establishes");
            idents(p, facts);
        }
        ActionStmtKind::Clears(facts) => {
            p.tok("clears");
            idents(p, facts);
        }
        ActionStmtKind::Effect {
            adds,
            target,
            param,
        } => {
            p.tok(if *adds { "adds" } else { "subtracts" });
            ident(p, target);
            ident(p, param);
        }
    }
}
