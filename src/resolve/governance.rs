//! The governance statements: scope, changelog and approvals.

use super::*;

impl WfResolver<'_> {
    pub(super) fn scope(&mut self, s: &ast::Scope, span: Span) {
        let mut m = Scope {
            span,
            ..Default::default()
        };
        let mut seen = Seen::default();
        for it in &s.items {
            match &it.kind {
                ast::ScopeItemKind::Clients(w) => {
                    if self.once(&mut seen, "clients", it.span) {
                        m.clients = Some(Spanned {
                            value: w.text.clone(),
                            span: it.span,
                        });
                    }
                }
                ast::ScopeItemKind::Trades(w) => {
                    if self.once(&mut seen, "trades", it.span) {
                        m.trades = Some(Spanned {
                            value: w.text.clone(),
                            span: it.span,
                        });
                    }
                }
                ast::ScopeItemKind::Recalculation(ts) => {
                    if !self.once(&mut seen, "recalculation", it.span) {
                        continue;
                    }
                    let value = match ts {
                        None => Recalc::None,
                        Some(lit) => {
                            let (v, _) = self.literal(lit, None);
                            let t = match v {
                                Some(Value::Time(t)) => Some(t),
                                _ => None,
                            };
                            Recalc::Since(t, lit.text())
                        }
                    };
                    m.recalculation = Some(Spanned {
                        value,
                        span: it.span,
                    });
                }
                ast::ScopeItemKind::Regions(r) => {
                    for s in r {
                        let v = self.string(s).value;
                        m.regions.push(v);
                    }
                }
                ast::ScopeItemKind::Groups(g) => {
                    for s in g {
                        let v = self.string(s).value;
                        m.groups.push(v);
                    }
                }
            }
        }
        self.wf.scope = Some(m);
    }

    pub(super) fn changelog(&mut self, c: &ast::Changelog, span: Span) {
        let mut m = Changelog {
            span,
            ..Default::default()
        };
        let mut seen = Seen::default();
        for it in &c.items {
            let key: &'static str = match it.key.text.as_str() {
                "what" => "what",
                "why" => "why",
                "by" => "by",
                _ => "ticket",
            };
            if !self.once(&mut seen, key, it.span) {
                continue;
            }
            let v = Some(if key == "by" {
                self.person(&it.value)
            } else {
                self.string(&it.value)
            });
            match key {
                "what" => m.what = v,
                "why" => m.why = v,
                "by" => m.by = v,
                _ => m.ticket = v,
            }
        }
        self.wf.changelog = Some(m);
    }

    pub(super) fn approvals(&mut self, a: &ast::Approvals, span: Span) {
        let mut m = Approvals {
            entries: Vec::new(),
            span,
        };
        for e in &a.entries {
            let Some(role) = Role::parse(&e.role.text) else {
                continue;
            };
            let Some(decision) = Decision::parse(&e.decision.text) else {
                continue;
            };
            if let Some(first) = m.entries.iter().find(|x| x.role == role) {
                let first = first.span;
                self.emit(
                    errors::duplicate_definition(
                        e.span,
                        format!("the {} approval is given twice", role.as_str()),
                    )
                    .label("given again here")
                    .with_label(first, "first given here")
                    .help("one line per role; `keel approve` replaces a role's line"),
                );
                continue;
            }
            let (at, _) = self.literal(&e.at, None);
            let at = match at {
                Some(Value::Time(t)) => Some(t),
                _ => None,
            };
            let digest = e.digest.as_ref().map(|d| {
                let s = self.string(d);
                if let Err(msg) = literal::digest(&s.value) {
                    self.emit(
                        errors::invalid_literal(d.span, msg)
                            .label("not a content digest")
                            .help("let `keel approve` write approvals, or copy the digest `keel digest FILE` prints"),
                    );
                }
                s
            });
            let person = self.person(&e.person);
            m.entries.push(Approval {
                role,
                person,
                decision,
                at,
                at_text: e.at.text(),
                digest,
                span: e.span,
            });
        }
        self.wf.approvals = Some(m);
    }
}
