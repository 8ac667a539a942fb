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

    /// `tier N`: 1, 2 or 3, once.
    pub(super) fn tier(&mut self, w: &ast::Word, span: Span, seen: &mut Seen) {
        if !self.once(seen, "tier", span) {
            return;
        }
        match w.text.as_str() {
            "1" | "2" | "3" => {
                self.wf.declared_tier = Some(Spanned {
                    value: w.text.parse().unwrap_or(1),
                    span,
                })
            }
            _ => self.emit(
                errors::invalid_literal(w.span, format!("`{}` is not a tier", w.text))
                    .label("not 1, 2 or 3")
                    .help("Tier 1 is content and notifications, Tier 2 onboarding, KYC and routing, Tier 3 anything that moves money, changes trading access, affects commissions or alters regulatory records"),
            ),
        }
    }

    /// `environments ...`: known environment names, once.
    pub(super) fn environments(&mut self, envs: &[ast::Ident], span: Span, seen: &mut Seen) {
        if !self.once(seen, "environments", span) {
            return;
        }
        for e in envs {
            if !ENVIRONMENTS.contains(&e.name.as_str()) {
                let help = suggest(&e.name, ENVIRONMENTS)
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        "the environments are sandbox, staging and production".into()
                    });
                self.emit(
                    errors::unknown_name(e.span, format!("unknown environment `{}`", e.name))
                        .label("not an environment")
                        .help(help),
                );
            }
            self.wf.environments.push(Spanned {
                value: e.name.clone(),
                span: e.span,
            });
        }
    }

    /// The access block, once.
    pub(super) fn access(&mut self, a: &ast::Access, span: Span, seen: &mut Seen) {
        if self.once(seen, "access", span) {
            let entries = a
                .items
                .iter()
                .map(|it| AccessEntry {
                    kind: it.kind.text.clone(),
                    roles: it.roles.iter().map(|r| self.string(r)).collect(),
                    span: it.span,
                })
                .collect();
            self.wf.access = Some(Access { entries, span });
        }
    }
}
