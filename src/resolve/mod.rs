//! Name and type resolution: AST → model. Reports K002 (unknown names, with suggestions),
//! K003 (duplicates), K004 (type mismatches) and K005 (invalid literals). Everything that does
//! not resolve is kept as written so that other rules still run and the digest is defined.
//!
//! This file holds the entry points and the per-workflow driver (`WfResolver::stmt`); the
//! language areas live in [`catalog`] (the file's names), [`expr`] (references, literals,
//! expressions), [`graph`] (states, transitions, calls), [`governance`] (scope, changelog,
//! approvals), [`ops`] (rollback, release, monitoring), [`scenario`] (tests) and
//! [`errors`] (every diagnostic constructor).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::ast::{self, BinOp, ExprKind, LitKind};
use crate::diagnostic::{one_of, suggest, Diagnostic};
use crate::literal;
use crate::model::*;
use crate::span::Span;
use crate::stdlib::{LibModule, Library};

mod catalog;
mod errors;
mod expr;
mod governance;
mod graph;
mod ops;
mod scenario;

use catalog::{article, defines, file_catalog};
use errors::{bad_escape_diag, not_a_fact, reserved_name, unknown_catalog_name};
use expr::describe_ty;

/// The environments Keel knows (`--env`).
pub const ENVIRONMENTS: [&str; 3] = ["sandbox", "staging", "production"];
/// The most deliveries one test step may ask for (`times N`).
pub const MAX_TIMES: u64 = 1000;

/// Resolves one file against the library, consuming the syntax tree: each workflow
/// statement is freed as soon as it is resolved, so that the tree and the model are never
/// both whole in memory (batch checks of big files). A caller that needs the tree afterwards
/// clones it.
pub fn resolve(mut file: ast::File, lib: &Library) -> (Module, Vec<Diagnostic>) {
    let (cat, file_errors, mut diags) = file_catalog(&file, lib);
    let items = std::mem::take(&mut file.items);
    drop(file);
    let mut workflows = Vec::new();
    for item in items {
        if let ast::Item::Workflow(w) = item {
            let mut r = WfResolver::new(&cat, lib);
            r.workflow(w);
            diags.extend(r.finish(file_errors, &mut workflows));
        }
    }
    (
        Module {
            catalog: cat,
            workflows,
        },
        diags,
    )
}

// ---------------------------------------------------------------------------------------
// Workflows
// ---------------------------------------------------------------------------------------

struct WfResolver<'c> {
    cat: &'c Catalog,
    lib: &'c Library,
    diags: Vec<Diagnostic>,
    wf: Workflow,
    /// Declared metric names (monitor `metric` and `expect`).
    metrics: Vec<String>,
}

/// Remembers the first occurrence of a one-per-workflow statement.
#[derive(Default)]
struct Seen {
    first: HashMap<&'static str, Span>,
}

/// What the statements of a workflow have declared so far, for duplicate checks.
#[derive(Default)]
struct Names {
    seen: Seen,
    transitions: HashMap<String, Span>,
    tests: HashMap<String, Span>,
}

impl<'c> WfResolver<'c> {
    fn emit(&mut self, d: Diagnostic) {
        if errors::is_name_error(d.code) {
            self.wf.has_name_errors = true;
        }
        let id = self.wf.id.clone();
        self.diags.push(d.in_workflow(&id));
    }

    fn once(&mut self, seen: &mut Seen, what: &'static str, span: Span) -> bool {
        if let Some(first) = seen.first.get(what) {
            let first = *first;
            self.emit(
                errors::duplicate_definition(
                    span,
                    format!("`{what}` is given twice in this workflow"),
                )
                .label("given again here")
                .with_label(first, "first given here")
                .help(format!("keep one `{what}`")),
            );
            false
        } else {
            seen.first.insert(what, span);
            true
        }
    }

    fn string(&mut self, s: &ast::Str) -> Spanned<String> {
        if let Some(sp) = s.bad_escape {
            self.emit(bad_escape_diag(sp));
        }
        Spanned {
            value: s.value.clone(),
            span: s.span,
        }
    }

    /// A person name (owner, maintainer, changelog `by`, approver): K005 when it has a
    /// control or format character or letters of more than one script (LANGUAGE.md §8).
    fn person(&mut self, s: &ast::Str) -> Spanned<String> {
        let v = self.string(s);
        if let Err(why) = crate::people::check_name(&v.value) {
            self.emit(
                errors::invalid_literal(s.span, format!("invalid person name {}: {why}", crate::syntax::quote(&v.value)))
                    .label("not a plain name")
                    .help("write the name as plain text in one script, without invisible characters; people are compared by identity key, so a look-alike name is refused"),
            );
        }
        v
    }

    fn new(cat: &'c Catalog, lib: &'c Library) -> WfResolver<'c> {
        WfResolver {
            cat,
            lib,
            diags: Vec::new(),
            wf: Workflow::default(),
            metrics: Vec::new(),
        }
    }

    /// The workflow's header and every name it declares (states, flags, metrics), so that
    /// references may point forward.
    fn declare(&mut self, w: &ast::Workflow) {
        self.wf.name = w.name.name.clone();
        self.wf.version_text = w.version.digits.clone();
        self.wf.id = format!("{}_v{}", w.name.name, w.version.digits);
        self.wf.span = w.span;
        self.wf.name_span = w.name.span;
        self.wf.version_span = w.version.span;
        self.wf.head_span = w.head_span;
        self.wf.doc = w.doc.clone();
        match w.version.digits.parse::<u64>() {
            Ok(v) => self.wf.version = Some(v),
            Err(_) => self.emit(
                errors::invalid_literal(
                    w.version.span,
                    format!("version `v{}` is out of range", w.version.digits),
                )
                .label("too large")
                .help("versions are whole numbers up to 18446744073709551615"),
            ),
        }
        // Names first, so that references may point forward.
        for st in &w.stmts {
            match &st.kind {
                ast::WfStmtKind::States(s) => {
                    for decl in &s.states {
                        if let Some(first) = self.wf.state(&decl.name.name) {
                            let first = self.wf.states[first].name_span;
                            self.emit(errors::declared_twice(
                                decl.name.span,
                                format!("state `{}`", decl.name.name),
                                first,
                                Some("state names are unique within a workflow"),
                            ));
                            continue;
                        }
                        self.wf.add_state(State {
                            name: decl.name.name.clone(),
                            initial: false,
                            terminal: false,
                            manual: false,
                            sla: None,
                            has_sla: false,
                            requires: Vec::new(),
                            span: decl.span,
                            name_span: decl.name.span,
                        });
                    }
                }
                ast::WfStmtKind::Flag(f) => {
                    if let Some(first) = self.wf.flags.iter().find(|x| x.name == f.name.name) {
                        let first = first.span;
                        self.emit(errors::declared_twice(
                            f.name.span,
                            format!("flag `{}`", f.name.name),
                            first,
                            None,
                        ));
                        continue;
                    }
                    self.wf.flags.push(Flag {
                        name: f.name.name.clone(),
                        default_on: f.default.as_ref().is_some_and(|d| d.text == "on"),
                        span: f.name.span,
                    });
                }
                ast::WfStmtKind::Monitor(m) => {
                    let mut kinds: HashMap<String, (bool, Span)> = HashMap::new();
                    for it in &m.items {
                        let (name, is_metric) = match &it.kind {
                            ast::MonitorItemKind::Metric { name, .. } => (name, true),
                            ast::MonitorItemKind::Expect { name, .. } => (name, false),
                            _ => continue,
                        };
                        let key = (name.name.clone(), is_metric);
                        if let Some((_, first)) = kinds.get(&format!("{}{}", key.0, key.1)) {
                            let first = *first;
                            self.emit(errors::declared_twice(
                                name.span,
                                format!("metric `{}`", name.name),
                                first,
                                Some("`metric N` and `expect N` may both name N once"),
                            ));
                            continue;
                        }
                        kinds.insert(format!("{}{}", key.0, key.1), (is_metric, name.span));
                        if !self.metrics.contains(&name.name) {
                            self.metrics.push(name.name.clone());
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Resolves a workflow, freeing each statement once it is resolved.
    fn workflow(&mut self, mut w: ast::Workflow) {
        self.declare(&w);
        let stmts = std::mem::take(&mut w.stmts);
        drop(w);
        self.reserve(&stmts);
        let mut names = Names::default();
        for st in stmts {
            self.stmt(&st, &mut names);
        }
    }

    /// Sizes the transitions exactly: on a big workflow, the slack of a doubling vector is
    /// megabytes.
    fn reserve(&mut self, stmts: &[ast::WfStmt]) {
        let n = stmts
            .iter()
            .filter(|s| matches!(s.kind, ast::WfStmtKind::Transition(_)))
            .count();
        self.wf.transitions.reserve_exact(n);
    }

    /// The resolved workflow, added to `out`, and the diagnostics.
    fn finish(self, file_errors: bool, out: &mut Vec<Workflow>) -> Vec<Diagnostic> {
        let mut wf = self.wf;
        wf.has_name_errors |= file_errors;
        out.push(wf);
        self.diags
    }

    fn stmt(&mut self, st: &ast::WfStmt, names: &mut Names) {
        let Names {
            seen,
            transitions,
            tests,
        } = names;
        use ast::WfStmtKind as K;
        match &st.kind {
            K::Title(s) => {
                if self.once(seen, "title", st.span) {
                    self.wf.title = Some(self.string(s));
                }
            }
            K::Tier(w) => {
                self.tier(w, st.span, seen);
            }
            K::Subject(id) => {
                if self.once(seen, "subject", st.span) {
                    self.wf.subject = Some(Spanned {
                        value: id.name.clone(),
                        span: id.span,
                    });
                }
            }
            K::Owner(s) => {
                if self.once(seen, "owner", st.span) {
                    self.wf.owner = Some(self.person(s));
                }
            }
            K::Maintainer(s) => {
                if self.once(seen, "maintainer", st.span) {
                    self.wf.maintainer = Some(self.person(s));
                }
            }
            K::Environments(envs) => {
                self.environments(envs, st.span, seen);
            }
            K::Flag(_) => {}
            K::Scope(s) => {
                if self.once(seen, "scope", st.span) {
                    self.scope(s, st.span);
                }
            }
            K::Changelog(c) => {
                if self.once(seen, "changelog", st.span) {
                    self.changelog(c, st.span);
                }
            }
            K::Approvals(a) => {
                if self.once(seen, "approvals", st.span) {
                    self.approvals(a, st.span);
                }
            }
            K::States(s) => {
                for decl in &s.states {
                    self.state_attrs(decl);
                }
            }
            K::Transition(t) => {
                self.transition_stmt(t, st.span, transitions);
            }
            K::Override(o) => {
                self.override_stmt(o, st.span);
            }
            K::Invariant(inv) => {
                self.invariant(inv, st.span);
            }
            K::Rollback(r) => {
                if self.once(seen, "rollback", st.span) {
                    self.rollback(r, st.span);
                }
            }
            K::Release(r) => {
                if self.once(seen, "release", st.span) {
                    self.release(r, st.span);
                }
            }
            K::Monitor(m) => {
                if self.once(seen, "monitor", st.span) {
                    self.monitor(m, st.span);
                }
            }
            K::Access(a) => {
                self.access(a, st.span, seen);
            }
            K::Test(t) => {
                self.test_stmt(t, st.span, tests);
            }
        }
    }
}

/// `commission.pay(amount: number)`
pub fn signature(a: &Action) -> String {
    let params: Vec<String> = a
        .params
        .iter()
        .map(|p| format!("{}: {}", p.name, p.ty.describe()))
        .collect();
    format!("the signature is `{}({})`", a.name, params.join(", "))
}
