//! The standard library is Keel code: it parses, resolves without a diagnostic, documents
//! every definition and meets the STDLIB.md contract.

mod common;

use keel::model::{Risk, Type};
use keel::stdlib::{Library, EMBEDDED};

#[test]
fn every_module_parses_and_resolves_cleanly() {
    let lib = Library::embedded();
    for (path, file, _) in EMBEDDED {
        let m = lib.get(path).unwrap();
        let parsed = m
            .parsed
            .as_ref()
            .unwrap_or_else(|e| panic!("{file} does not parse: {e:#?}"));
        let src = format!("use {path}\n");
        let user = keel::syntax::parse(&src).unwrap();
        let (_, diags) = keel::resolve::resolve(user.ast, lib);
        assert!(diags.is_empty(), "{file}: {diags:#?}");
        // Checked like user code, its only findings are that its names are reserved: a file
        // may not redefine the standard library (K003, one per definition).
        let report = common::check_text(file, &m.source, keel::config::Env::Production, true);
        let definitions = parsed
            .ast
            .items
            .iter()
            .filter(|i| !matches!(i, keel::ast::Item::Workflow(_)))
            .count();
        assert!(
            report.diagnostics.len() == definitions
                && report
                    .diagnostics
                    .iter()
                    .all(|d| d.code == "K003" && d.message.contains(&format!("({path})"))),
            "{file}:\n{}",
            common::describe(&report)
        );
        for item in &parsed.ast.items {
            let (name, doc) = match item {
                keel::ast::Item::Attribute(a) => (&a.name.name, &a.doc),
                keel::ast::Item::Fact(f) => (&f.name.name, &f.doc),
                keel::ast::Item::Event(e) => (&e.name.name, &e.doc),
                keel::ast::Item::Action(a) => (&a.name.name, &a.doc),
                keel::ast::Item::Workflow(w) => (&w.name.name, &w.doc),
            };
            assert!(
                doc.as_ref().is_some_and(|d| !d.trim().is_empty()),
                "{file}: `{name}` has no doc comment"
            );
        }
    }
}

fn catalog(uses: &str) -> std::sync::Arc<keel::model::Catalog> {
    let p = keel::syntax::parse(uses).unwrap();
    let (m, d) = keel::resolve::resolve(p.ast, Library::embedded());
    assert!(d.is_empty());
    m.catalog
}

#[test]
fn meets_the_stdlib_contract() {
    let cat = catalog(
        "use std::client\nuse std::kyc\nuse std::payments\nuse std::ib\nuse std::bonus\nuse std::trading\nuse std::records\nuse std::notify\nuse std::tasks\n",
    );
    let action = |n: &str| &cat.actions[cat.action(n).unwrap_or_else(|| panic!("{n}"))];
    let var = |n: &str| &cat.vars[cat.var(n).unwrap_or_else(|| panic!("{n}"))];
    let key = |n: &str| action(n).idempotent_by.map(|v| cat.vars[v].name.clone());
    let comp = |n: &str| action(n).compensate.map(|a| cat.actions[a].name.clone());
    for (name, risk, k, c) in [
        ("kyc.verify_identity", Risk::Kyc, None, None),
        ("kyc.set_status", Risk::Kyc, None, None),
        (
            "withdrawal.approve",
            Risk::Money,
            Some("withdrawal.id"),
            Some("withdrawal.reverse"),
        ),
        (
            "withdrawal.reverse",
            Risk::Money,
            Some("withdrawal.id"),
            None,
        ),
        ("withdrawal.hold", Risk::Routing, None, None),
        (
            "deposit.credit",
            Risk::Money,
            Some("deposit.id"),
            Some("deposit.reverse"),
        ),
        (
            "commission.pay",
            Risk::Commission,
            Some("trade.id"),
            Some("commission.clawback"),
        ),
        (
            "commission.clawback",
            Risk::Commission,
            Some("trade.id"),
            None,
        ),
        ("bonus.check_eligibility", Risk::Eligibility, None, None),
        (
            "bonus.credit",
            Risk::Money,
            Some("client.id"),
            Some("bonus.revoke"),
        ),
        (
            "trading.enable",
            Risk::Trading,
            Some("client.id"),
            Some("trading.disable"),
        ),
        ("trading.disable", Risk::Trading, Some("client.id"), None),
        (
            "records.amend",
            Risk::Records,
            Some("client.id"),
            Some("records.restore"),
        ),
        ("notify.email", Risk::Content, None, None),
        ("notify.sms", Risk::Content, None, None),
        ("tasks.create", Risk::Content, None, None),
        ("leads.assign", Risk::Routing, None, None),
    ] {
        assert_eq!(action(name).risk, Some(risk), "{name}");
        assert_eq!(key(name).as_deref(), k, "{name}");
        assert_eq!(comp(name).as_deref(), c, "{name}");
    }
    assert_eq!(
        var("client.type").ty.describe(),
        "enum(retail, professional, prop_evaluation, prop_funded)"
    );
    assert_eq!(
        var("withdrawal.method").ty.describe(),
        "enum(card, bank_wire, crypto, ewallet)"
    );
    assert!(var("docs.identity_verified").fact);
    assert!(var("trading.enabled").fact);
    assert_eq!(var("client.balance").ty, Type::Number);
    assert!(var("withdrawal.amount").attribute && !var("withdrawal.amount").fields_of.is_empty());
    let approve = action("withdrawal.approve");
    assert_eq!(approve.effects.len(), 1);
    assert!(!approve.effects[0].adds);
    assert_eq!(cat.vars[approve.effects[0].target].name, "client.balance");
    let names: Vec<&str> = cat.events.iter().map(|e| e.name.as_str()).collect();
    for e in [
        "client.registered",
        "document.uploaded",
        "check.completed",
        "aml.screening_done",
        "deposit.received",
        "withdrawal.requested",
        "withdrawal.reviewed",
        "trade.closed",
        "bonus.claimed",
        "trading.requested",
    ] {
        assert!(names.contains(&e), "{e}");
    }
}

#[test]
fn use_is_transitive_and_unknown_modules_are_named() {
    let cat = catalog("use std::payments\n");
    assert!(
        cat.var("client.balance").is_some(),
        "std::payments uses std::client"
    );
    let p = keel::syntax::parse("use std::paymnts\n").unwrap();
    let (_, d) = keel::resolve::resolve(p.ast, Library::embedded());
    assert_eq!(d[0].code, "K002");
    assert_eq!(d[0].help.as_deref(), Some("did you mean `std::payments`?"));
}
