//! The oracle's lowering: Workflows and their statements.

use keel::ast::*;
use keel::span::Span;
use keel::syntax::parser::Rule;

use super::{first, meaningful, unexpected, Lowerer, P};

impl Lowerer<'_> {
    // -----------------------------------------------------------------------------------
    // Workflows
    // -----------------------------------------------------------------------------------

    pub(crate) fn version(&self, p: &P) -> Version {
        Version {
            digits: p.as_str()[1..].to_string(),
            span: self.sp(p),
        }
    }

    pub(crate) fn workflow(&self, p: P) -> Workflow {
        let sp = self.sp(&p);
        let doc = self.doc(&p);
        let mut it = meaningful(p.into_inner());
        let name = self.ident(&it.next().unwrap());
        let version = self.version(&it.next().unwrap());
        let head_span = Span::new(sp.start as usize, version.span.end as usize);
        let stmts = it.map(|s| self.wf_stmt(s)).collect();
        Workflow {
            name,
            version,
            stmts,
            doc,
            span: sp,
            head_span,
        }
    }

    pub(crate) fn strings(&self, p: P) -> Vec<Str> {
        meaningful(p.into_inner())
            .map(|s| self.string(&s))
            .collect()
    }

    pub(crate) fn wf_stmt(&self, p: P) -> WfStmt {
        let sp = self.sp(&p);
        let rule = p.as_rule();
        let kind = match rule {
            Rule::title_stmt => WfStmtKind::Title(self.string(&first(p))),
            Rule::tier_stmt => WfStmtKind::Tier(self.word(&first(p))),
            Rule::subject_stmt => WfStmtKind::Subject(self.ident(&first(p))),
            Rule::owner_stmt => WfStmtKind::Owner(self.string(&first(p))),
            Rule::maintainer_stmt => WfStmtKind::Maintainer(self.string(&first(p))),
            Rule::environments_stmt => WfStmtKind::Environments(
                meaningful(p.into_inner()).map(|e| self.ident(&e)).collect(),
            ),
            Rule::flag_decl => {
                let mut it = meaningful(p.into_inner());
                let name = self.ident(&it.next().unwrap());
                let default = it.next().map(|w| self.word(&w));
                WfStmtKind::Flag(FlagDecl { name, default })
            }
            Rule::scope_block => WfStmtKind::Scope(self.scope(p)),
            Rule::changelog_block => {
                let items = meaningful(p.into_inner())
                    .map(|c| {
                        let csp = self.sp(&c);
                        let mut it = c.into_inner();
                        let key = self.word(&it.next().unwrap());
                        let value = self.string(&it.next().unwrap());
                        ChangelogItem {
                            key,
                            value,
                            span: csp,
                        }
                    })
                    .collect();
                WfStmtKind::Changelog(Changelog { items })
            }
            Rule::approvals_block => WfStmtKind::Approvals(Approvals {
                entries: meaningful(p.into_inner())
                    .map(|a| self.approval(a))
                    .collect(),
            }),
            Rule::states_block => WfStmtKind::States(States {
                states: meaningful(p.into_inner())
                    .map(|s| self.state_decl(s))
                    .collect(),
            }),
            Rule::transition => WfStmtKind::Transition(self.transition(p)),
            Rule::override_decl => {
                let mut states: Vec<Ident> = Vec::new();
                let mut role = None;
                for c in meaningful(p.into_inner()) {
                    match c.as_rule() {
                        Rule::state_name => states.push(self.ident(&c)),
                        Rule::string => role = Some(self.string(&c)),
                        _ => unexpected(&c),
                    }
                }
                let to = states.pop().unwrap();
                WfStmtKind::Override(Override {
                    from: states,
                    to,
                    role: role.unwrap(),
                })
            }
            Rule::invariant => {
                let mut it = meaningful(p.into_inner());
                let name = self.string(&it.next().unwrap());
                let body = it.next().unwrap();
                let body = match body.as_rule() {
                    Rule::once_per => {
                        let mut bi =
                            meaningful(body.into_inner()).filter(|c| c.as_rule() != Rule::kw_once);
                        let action = self.ident(&bi.next().unwrap());
                        let key = self.ident(&bi.next().unwrap());
                        InvariantBody::OncePer { action, key }
                    }
                    _ => InvariantBody::Guard(self.guard(body)),
                };
                WfStmtKind::Invariant(Invariant { name, body })
            }
            Rule::rollback_block => WfStmtKind::Rollback(Rollback {
                items: meaningful(p.into_inner())
                    .map(|c| self.rollback_item(c))
                    .collect(),
            }),
            Rule::release_block => WfStmtKind::Release(Release {
                items: meaningful(p.into_inner())
                    .map(|c| self.release_item(c))
                    .collect(),
            }),
            Rule::monitor_block => WfStmtKind::Monitor(Monitor {
                items: meaningful(p.into_inner())
                    .map(|c| self.monitor_item(c))
                    .collect(),
            }),
            Rule::access_block => WfStmtKind::Access(Access {
                items: meaningful(p.into_inner())
                    .map(|c| {
                        let csp = self.sp(&c);
                        let mut it = meaningful(c.into_inner());
                        let kind = self.word(&it.next().unwrap());
                        let roles = it.map(|s| self.string(&s)).collect();
                        AccessItem {
                            kind,
                            roles,
                            span: csp,
                        }
                    })
                    .collect(),
            }),
            Rule::test_block => WfStmtKind::Test(self.test(p)),
            _ => unexpected(&p),
        };
        WfStmt { kind, span: sp }
    }

    pub(crate) fn scope(&self, p: P) -> Scope {
        let items = meaningful(p.into_inner())
            .map(|c| {
                let csp = self.sp(&c);
                let kind = match c.as_rule() {
                    Rule::scope_clients => ScopeItemKind::Clients(self.word(&first(c))),
                    Rule::scope_trades => ScopeItemKind::Trades(self.word(&first(c))),
                    Rule::scope_recalc => {
                        let v = meaningful(c.into_inner()).next().unwrap();
                        match v.as_rule() {
                            Rule::kw_none => ScopeItemKind::Recalculation(None),
                            _ => ScopeItemKind::Recalculation(Some(self.scalar_token(&v))),
                        }
                    }
                    Rule::scope_regions => ScopeItemKind::Regions(self.strings(c)),
                    Rule::scope_groups => ScopeItemKind::Groups(self.strings(c)),
                    _ => unexpected(&c),
                };
                ScopeItem { kind, span: csp }
            })
            .collect();
        Scope { items }
    }

    pub(crate) fn approval(&self, p: P) -> Approval {
        let sp = self.sp(&p);
        let mut it = meaningful(p.into_inner());
        let role = self.word(&it.next().unwrap());
        let person = self.string(&it.next().unwrap());
        let decision = self.word(&it.next().unwrap());
        let at = self.scalar_token(&it.next().unwrap());
        let digest = it.next().map(|d| self.string(&d));
        Approval {
            role,
            person,
            decision,
            at,
            digest,
            span: sp,
        }
    }

    pub(crate) fn state_decl(&self, p: P) -> StateDecl {
        let sp = self.sp(&p);
        let mut it = meaningful(p.into_inner());
        let name = self.ident(&it.next().unwrap());
        let attrs = it
            .map(|a| {
                let asp = self.sp(&a);
                let kind = match a.as_rule() {
                    Rule::kw_initial => StateAttrKind::Initial,
                    Rule::kw_terminal => StateAttrKind::Terminal,
                    Rule::kw_manual => StateAttrKind::Manual,
                    Rule::sla_attr => StateAttrKind::Sla(self.scalar_token(&first(a))),
                    Rule::requires_attr => StateAttrKind::Requires(
                        meaningful(a.into_inner()).map(|f| self.ident(&f)).collect(),
                    ),
                    _ => unexpected(&a),
                };
                StateAttr { kind, span: asp }
            })
            .collect();
        StateDecl {
            name,
            attrs,
            span: sp,
        }
    }

    pub(crate) fn transition(&self, p: P) -> Transition {
        let mut it = meaningful(p.into_inner());
        let name = self.ident(&it.next().unwrap());
        let from = self.ident(&it.next().unwrap());
        let to = self.ident(&it.next().unwrap());
        let event = self.ident(&it.next().unwrap());
        let mut when = None;
        let mut behind = None;
        let mut calls = Vec::new();
        for c in it {
            match c.as_rule() {
                Rule::when_clause => {
                    let g = meaningful(c.into_inner()).next().unwrap();
                    when = Some(match g.as_rule() {
                        Rule::kw_otherwise => When::Otherwise(self.sp(&g)),
                        _ => When::Guard(self.guard(g)),
                    });
                }
                Rule::behind_clause => behind = Some(self.ident(&first(c))),
                Rule::do_clause => {
                    calls = meaningful(c.into_inner()).map(|k| self.call(k)).collect()
                }
                _ => unexpected(&c),
            }
        }
        Transition {
            name,
            from,
            to,
            event,
            when,
            behind,
            calls,
        }
    }

    pub(crate) fn call(&self, p: P) -> Call {
        let sp = self.sp(&p);
        let mut it = meaningful(p.into_inner());
        let action = self.ident(&it.next().unwrap());
        let args = it.next().map(|a| {
            meaningful(a.into_inner())
                .map(|arg| {
                    let asp = self.sp(&arg);
                    let mut name = None;
                    let mut value = None;
                    for c in meaningful(arg.into_inner()) {
                        match c.as_rule() {
                            Rule::param_name => name = Some(self.ident(&c)),
                            _ => value = Some(self.expr(c)),
                        }
                    }
                    Arg {
                        name,
                        value: value.unwrap(),
                        span: asp,
                    }
                })
                .collect()
        });
        Call {
            action,
            args,
            span: sp,
        }
    }
}
