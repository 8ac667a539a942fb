//! The state graph: state attributes, transitions and the action calls on them.

use super::*;

impl WfResolver<'_> {
    pub(super) fn duration_of(&mut self, lit: &ast::Literal) -> Option<u64> {
        match self.literal(lit, None) {
            (Some(Value::Dur(s)), _) if s >= 0 => Some(s as u64),
            (None, _) => None,
            _ => {
                self.emit(
                    errors::invalid_literal(
                        lit.span,
                        format!("`{}` is not a duration", lit.text()),
                    )
                    .label("expected a duration such as 15m"),
                );
                None
            }
        }
    }

    pub(super) fn state_attrs(&mut self, decl: &ast::StateDecl) {
        let Some(sid) = self.wf.state(&decl.name.name) else {
            return;
        };
        if self.wf.states[sid].span != decl.span {
            return; // a duplicate declaration, already reported
        }
        // An attribute given twice (`sla 4h sla 1m`) is K003: which one would hold?
        let mut first: Vec<(&'static str, Span)> = Vec::new();
        for a in &decl.attrs {
            let word = match &a.kind {
                ast::StateAttrKind::Initial => "initial",
                ast::StateAttrKind::Terminal => "terminal",
                ast::StateAttrKind::Manual => "manual",
                ast::StateAttrKind::Sla(_) => "sla",
                ast::StateAttrKind::Requires(_) => continue,
            };
            match first.iter().find(|(w, _)| *w == word) {
                Some(&(_, at)) => self.emit(
                    errors::duplicate_definition(
                        a.span,
                        format!("state `{}` has `{word}` twice", decl.name.name),
                    )
                    .label("given again here")
                    .with_label(at, "first given here")
                    .help(format!("keep one `{word}`")),
                ),
                None => first.push((word, a.span)),
            }
        }
        for a in &decl.attrs {
            match &a.kind {
                ast::StateAttrKind::Initial => self.wf.states[sid].initial = true,
                ast::StateAttrKind::Terminal => self.wf.states[sid].terminal = true,
                ast::StateAttrKind::Manual => self.wf.states[sid].manual = true,
                ast::StateAttrKind::Sla(d) => {
                    let v = self.duration_of(d);
                    self.wf.states[sid].has_sla = true;
                    self.wf.states[sid].sla = v;
                }
                ast::StateAttrKind::Requires(facts) => {
                    for f in facts {
                        let r = self.fact_ref(f);
                        self.wf.states[sid].requires.push(r);
                    }
                }
            }
        }
    }

    pub(super) fn transition(&mut self, t: &ast::Transition, span: Span) -> Transition {
        let from = self.state_ref(&t.from);
        let to = self.state_ref(&t.to);
        let event = self.event_ref(&t.event);
        let guard = match &t.when {
            None => Guard::Always,
            Some(ast::When::Otherwise(sp)) => Guard::Otherwise(*sp),
            Some(ast::When::Guard(g)) => Guard::Expr(self.condition(g)),
        };
        let behind = t.behind.as_ref().map(|b| self.flag_ref(b));
        let calls = t.calls.iter().map(|c| self.call(c)).collect();
        Transition {
            name: t.name.name.clone(),
            name_span: t.name.span,
            span,
            head_span: Span::new(span.start as usize, t.event.span.end as usize),
            from,
            to,
            event,
            guard,
            behind,
            calls,
        }
    }

    pub(super) fn call(&mut self, c: &ast::Call) -> Call {
        let action = self.action_ref(&c.action);
        let mut args: Vec<Arg> = Vec::new();
        let given = c.args.as_deref().unwrap_or(&[]);
        let Some(aid) = action.id else {
            for a in given {
                // A bare word may be an enum member of the unknown action's parameter: do not
                // report it as a second error.
                let value = if Self::is_bare_word(&a.value) {
                    RExpr {
                        kind: RKind::Unresolved(crate::render::bare_word(&a.value)),
                        ty: None,
                        span: a.value.span,
                    }
                } else {
                    self.expr(&a.value, None)
                };
                args.push(Arg {
                    param: None,
                    name: a.name.as_ref().map(|n| n.name.clone()),
                    value,
                    span: a.span,
                });
            }
            return Call {
                action,
                args,
                span: c.span,
            };
        };
        let params = &self.cat.actions[aid].params;
        let mut bound: Vec<bool> = vec![false; params.len()];
        for (i, a) in given.iter().enumerate() {
            let pidx = match &a.name {
                Some(n) => {
                    let p = params.iter().position(|p| p.name == n.name);
                    if p.is_none() {
                        let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
                        let help = match suggest(&n.name, names.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None if names.is_empty() => {
                                format!("`{}` takes no arguments", c.action.name)
                            }
                            None => format!(
                                "its parameters are {}",
                                one_of(&names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>())
                            ),
                        };
                        self.emit(
                            errors::unknown_name(
                                n.span,
                                format!("`{}` has no parameter `{}`", c.action.name, n.name),
                            )
                            .label("unknown parameter")
                            .help(help),
                        );
                    }
                    p
                }
                None if i < params.len() => Some(i),
                None => {
                    self.emit(
                        errors::type_mismatch(
                            a.span,
                            format!(
                                "`{}` takes {} argument{}, but more are given",
                                c.action.name,
                                params.len(),
                                if params.len() == 1 { "" } else { "s" }
                            ),
                        )
                        .label("extra argument")
                        .help(signature(&self.cat.actions[aid])),
                    );
                    None
                }
            };
            let expected = pidx.map(|p| params[p].ty.clone());
            let value = self.expr(&a.value, expected.as_ref());
            if let (Some(p), Some(want), Some(got)) = (pidx, &expected, &value.ty) {
                if !want.agrees(got) {
                    self.emit(
                        errors::type_mismatch(
                            value.span,
                            format!(
                                "argument `{}` of `{}` is {}, but this is {}",
                                params[p].name,
                                c.action.name,
                                describe_ty(want),
                                describe_ty(got)
                            ),
                        )
                        .label(format!("expected {}", describe_ty(want)))
                        .help(signature(&self.cat.actions[aid])),
                    );
                }
            }
            if let Some(p) = pidx {
                if bound[p] {
                    self.emit(
                        errors::duplicate_definition(
                            a.span,
                            format!("argument `{}` is given twice", params[p].name),
                        )
                        .label("given again here"),
                    );
                }
                bound[p] = true;
            }
            args.push(Arg {
                param: pidx,
                name: a.name.as_ref().map(|n| n.name.clone()),
                value,
                span: a.span,
            });
        }
        let missing: Vec<String> = params
            .iter()
            .zip(&bound)
            .filter(|(_, b)| !**b)
            .map(|(p, _)| format!("`{}`", p.name))
            .collect();
        if !missing.is_empty() {
            self.emit(
                errors::type_mismatch(
                    c.span,
                    format!(
                        "`{}` is missing {} {}",
                        c.action.name,
                        if missing.len() == 1 {
                            "argument"
                        } else {
                            "arguments"
                        },
                        crate::diagnostic::all_of(&missing)
                    ),
                )
                .label("missing arguments")
                .help(signature(&self.cat.actions[aid])),
            );
        }
        Call {
            action,
            args,
            span: c.span,
        }
    }

    /// A transition statement: its name unique in the workflow, then the transition itself.
    pub(super) fn transition_stmt(
        &mut self,
        t: &ast::Transition,
        span: Span,
        transitions: &mut HashMap<String, Span>,
    ) {
        if let Some(first) = transitions.get(t.name.name.as_str()) {
            let first = *first;
            self.emit(errors::declared_twice(
                t.name.span,
                format!("transition `{}`", t.name.name),
                first,
                Some("transition names are unique within a workflow"),
            ));
        } else {
            transitions.insert(t.name.name.clone(), t.name.span);
        }
        let tr = self.transition(t, span);
        self.wf.transitions.push(tr);
    }

    /// An `override` statement.
    pub(super) fn override_stmt(&mut self, o: &ast::Override, span: Span) {
        let from = o.from.iter().map(|s| self.state_ref(s)).collect();
        let to = self.state_ref(&o.to);
        let role = self.string(&o.role).value;
        self.wf.overrides.push(Override {
            from,
            to,
            role,
            span,
        });
    }

    /// An `invariant` statement.
    pub(super) fn invariant(&mut self, inv: &ast::Invariant, span: Span) {
        let name = self.string(&inv.name).value;
        let body = match &inv.body {
            ast::InvariantBody::Guard(g) => InvariantBody::Guard(self.condition(g)),
            ast::InvariantBody::OncePer { action, key } => InvariantBody::OncePer {
                action: self.action_ref(action),
                key: self.key_ref(key),
            },
        };
        self.wf.invariants.push(Invariant { name, body, span });
    }
}
