//! Scenario tests: `test "name" kind {` with one step per line `}`.

use super::expr::{block, ident, inline_map, literal, string, word};
use super::printer::Printer;
use crate::ast::{ActionCount, ExpectKind, Kv, Repeat, Test, TestStmt, TestStmtKind};

pub fn test(p: &mut Printer, t: &Test) {
    string(p, &t.name);
    word(p, &t.kind);
    block(p, &t.stmts, step);
}

/// `name: value`
fn kv(p: &mut Printer, kv: &Kv) {
    ident(p, &kv.name);
    p.glue();
    p.tok(":");
    literal(p, &kv.value);
}

fn step(p: &mut Printer, s: &TestStmt) {
    match &s.kind {
        TestStmtKind::Given(kvs) => {
            p.tok("given");
            inline_map(p, kvs, kv);
        }
        TestStmtKind::Start(state) => {
            p.tok("start");
            ident(p, state);
        }
        TestStmtKind::Flag { name, on } => {
            p.tok("flag");
            ident(p, name);
            p.tok(if *on { "on" } else { "off" });
        }
        TestStmtKind::Event {
            name,
            payload,
            braces,
            repeat,
        } => {
            p.tok("event");
            ident(p, name);
            if *braces {
                inline_map(p, payload, kv);
            }
            match repeat {
                Repeat::Once => {}
                Repeat::Twice => p.tok("twice"),
                Repeat::Times(n) => {
                    p.tok("times");
                    p.tok(n);
                }
            }
        }
        TestStmtKind::Override { to, role } => {
            p.tok("override");
            p.tok("->");
            ident(p, to);
            p.tok("by");
            string(p, role);
        }
        TestStmtKind::Expect(e) => {
            p.tok("expect");
            expect(p, e);
        }
    }
}

fn expect(p: &mut Printer, e: &ExpectKind) {
    match e {
        ExpectKind::State(state) => {
            p.tok("state");
            ident(p, state);
        }
        ExpectKind::Action { action, count } => {
            p.tok("action");
            ident(p, action);
            match count {
                ActionCount::Once => p.tok("once"),
                ActionCount::Never => p.tok("never"),
                ActionCount::Count(n) => {
                    p.tok("count");
                    p.tok(n);
                }
            }
        }
        ExpectKind::Total { name, op, value } => {
            p.tok("total");
            ident(p, name);
            p.tok(op.as_str());
            literal(p, value);
        }
        ExpectKind::Fact(fact) => {
            p.tok("fact");
            ident(p, fact);
        }
        ExpectKind::Ignored => p.tok("ignored"),
        ExpectKind::Compare { name, op, value } => {
            ident(p, name);
            p.tok(op.as_str());
            literal(p, value);
        }
    }
}
