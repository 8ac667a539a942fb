//! Scenario tests: `given` assignments, steps and expectations.

use super::*;

impl WfResolver<'_> {
    pub(super) fn assign(&mut self, kv: &ast::Kv, event: Option<EventId>) -> Assign {
        let mut var = self.cat.var(&kv.name.name);
        match (var, event) {
            (None, Some(e)) => {
                let fields: Vec<&str> = self.cat.events[e]
                    .fields
                    .iter()
                    .map(|f| self.cat.vars[*f].name.as_str())
                    .collect();
                let help = match suggest(&kv.name.name, fields.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if fields.is_empty() => {
                        format!("`{}` has no payload", self.cat.events[e].name)
                    }
                    None => format!(
                        "its fields are {}",
                        one_of(&fields.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>())
                    ),
                };
                self.emit(
                    errors::unknown_name(
                        kv.name.span,
                        format!(
                            "unknown field `{}` of event `{}`",
                            kv.name.name, self.cat.events[e].name
                        ),
                    )
                    .label("not a payload field")
                    .help(help),
                );
            }
            (Some(v), Some(e)) if !self.cat.vars[v].fields_of.contains(&e) => {
                let fields: Vec<String> = self.cat.events[e]
                    .fields
                    .iter()
                    .map(|f| format!("`{}`", self.cat.vars[*f].name))
                    .collect();
                self.emit(
                    errors::unknown_name(
                        kv.name.span,
                        format!(
                            "`{}` is not a field of event `{}`",
                            kv.name.name, self.cat.events[e].name
                        ),
                    )
                    .label("not in this event's payload")
                    .help(if fields.is_empty() {
                        format!(
                            "`{}` has no payload; set `{}` in `given {{ ... }}`",
                            self.cat.events[e].name, kv.name.name
                        )
                    } else {
                        format!(
                            "its fields are {}; set other values in `given {{ ... }}`",
                            one_of(&fields)
                        )
                    }),
                );
                var = None;
            }
            (None, None) => {
                let c: Vec<&str> = self.cat.vars.iter().map(|v| v.name.as_str()).collect();
                let d = unknown_catalog_name(
                    self.lib,
                    self.cat,
                    "attribute, field or fact",
                    &kv.name,
                    c,
                );
                self.emit(d);
            }
            _ => {}
        }
        let ty = var.map(|v| self.cat.vars[v].ty.clone());
        let (value, vty) = self.literal(&kv.value, ty.as_ref());
        let mut value = value;
        if let (Some(want), Some(got)) = (&ty, &vty) {
            if !want.agrees(got) {
                self.emit(
                    errors::type_mismatch(
                        kv.value.span,
                        format!(
                            "`{}` is {}, but `{}` is {}",
                            kv.name.name,
                            describe_ty(want),
                            kv.value.text(),
                            describe_ty(got)
                        ),
                    )
                    .label(format!("expected {}", describe_ty(want))),
                );
                value = None;
            }
        }
        Assign {
            var: Ref {
                id: var,
                name: kv.name.name.clone(),
                span: kv.name.span,
            },
            value,
            text: kv.value.text(),
            span: kv.span,
        }
    }

    pub(super) fn test(&mut self, t: &ast::Test, span: Span) -> Test {
        let kind = TestKind::parse(&t.kind.text).unwrap_or(TestKind::Transition);
        let name = self.string(&t.name).value;
        let mut steps = Vec::new();
        for s in &t.stmts {
            use ast::TestStmtKind as T;
            let kind = match &s.kind {
                T::Given(kvs) => {
                    StepKind::Given(kvs.iter().map(|kv| self.assign(kv, None)).collect())
                }
                T::Start(st) => StepKind::Start(self.state_ref(st)),
                T::Flag { name, on } => StepKind::Flag(self.flag_ref(name), *on),
                T::Event {
                    name,
                    payload,
                    repeat,
                    ..
                } => {
                    let event = self.event_ref(name);
                    let payload = payload.iter().map(|kv| self.assign(kv, event.id)).collect();
                    let times = match repeat {
                        ast::Repeat::Once => 1,
                        ast::Repeat::Twice => 2,
                        ast::Repeat::Times(n) => match n.parse::<u64>() {
                            Ok(k) if (1..=MAX_TIMES).contains(&k) => k as u32,
                            _ => {
                                self.emit(
                                    errors::invalid_literal(
                                        s.span,
                                        format!("`times {n}` is out of range"),
                                    )
                                    .label(format!("deliver an event 1 to {MAX_TIMES} times"))
                                    .help("a test step repeats an event at most 1000 times"),
                                );
                                1
                            }
                        },
                    };
                    StepKind::Event {
                        event,
                        payload,
                        times,
                    }
                }
                T::Override { to, role } => StepKind::Override {
                    to: self.state_ref(to),
                    role: self.string(role).value,
                },
                T::Expect(e) => StepKind::Expect(self.expectation(e, s.span)),
            };
            steps.push(Step { kind, span: s.span });
        }
        Test {
            name,
            kind,
            steps,
            span,
            name_span: t.name.span,
        }
    }

    pub(super) fn expectation(&mut self, e: &ast::ExpectKind, span: Span) -> Expect {
        match e {
            ast::ExpectKind::State(s) => Expect::State(self.state_ref(s)),
            ast::ExpectKind::Fact(f) => Expect::Fact(self.fact_ref(f)),
            ast::ExpectKind::Ignored => Expect::Ignored,
            ast::ExpectKind::Action { action, count } => {
                let a = self.action_ref(action);
                let (count, text) = match count {
                    ast::ActionCount::Once => (Some(1), "once".to_string()),
                    ast::ActionCount::Never => (Some(0), "never".to_string()),
                    ast::ActionCount::Count(n) => match n.parse::<u32>() {
                        Ok(k) => (Some(k), format!("count {n}")),
                        Err(_) => {
                            self.emit(
                                errors::invalid_literal(
                                    span,
                                    format!("count `{n}` is out of range"),
                                )
                                .label("too large"),
                            );
                            (None, format!("count {n}"))
                        }
                    },
                };
                Expect::Action {
                    action: a,
                    count,
                    text,
                }
            }
            ast::ExpectKind::Total { name, op, value } => self.expect_total(name, *op, value),
            ast::ExpectKind::Compare { name, op, value } => {
                let var = self.var_ref(name);
                let ty = var.id.map(|v| self.cat.vars[v].ty.clone());
                let (v, vty) = self.literal(value, ty.as_ref());
                let mut v = v;
                if let (Some(want), Some(got)) = (&ty, &vty) {
                    if !want.agrees(got) {
                        self.emit(
                            errors::type_mismatch(
                                value.span,
                                format!(
                                    "`{}` is {}, but `{}` is {}",
                                    name.name,
                                    describe_ty(want),
                                    value.text(),
                                    describe_ty(got)
                                ),
                            )
                            .label(format!("expected {}", describe_ty(want))),
                        );
                        v = None;
                    } else if !matches!(op, BinOp::Eq | BinOp::Ne) && !want.is_ordered() {
                        self.emit(
                            errors::type_mismatch(
                                span,
                                format!(
                                    "`{}` orders numbers and times; `{}` is {}",
                                    op.as_str(),
                                    name.name,
                                    describe_ty(want)
                                ),
                            )
                            .label("not ordered"),
                        );
                    }
                }
                Expect::Compare {
                    var,
                    op: *op,
                    value: v,
                    text: value.text(),
                }
            }
        }
    }

    /// `expect total ACTION.PARAM op N`: the action and its numeric parameter resolved.
    fn expect_total(&mut self, name: &ast::Ident, op: BinOp, value: &ast::Literal) -> Expect {
        let (aname, pname) = name
            .name
            .rsplit_once('.')
            .unwrap_or((name.name.as_str(), ""));
        let aid = self.cat.action(aname);
        let mut param = None;
        match aid {
            None => {
                let c: Vec<&str> = self.cat.actions.iter().map(|a| a.name.as_str()).collect();
                let id = ast::Ident {
                    name: aname.to_string(),
                    span: Span::new(
                        name.span.start as usize,
                        name.span.start as usize + aname.len(),
                    ),
                };
                let mut d = unknown_catalog_name(self.lib, self.cat, "action", &id, c);
                d.help = Some(
                    format!(
                        "{} (`expect total` names ACTION.PARAM, e.g. `commission.pay.amount`)",
                        d.help.unwrap_or_default()
                    )
                    .trim_start()
                    .to_string()
                    .into(),
                );
                self.emit(d);
            }
            Some(a) => {
                let action = &self.cat.actions[a];
                param = action.params.iter().position(|p| p.name == pname);
                match param {
                    None => {
                        let names: Vec<&str> =
                            action.params.iter().map(|p| p.name.as_str()).collect();
                        let help = match suggest(pname, names.iter().copied()) {
                            Some(s) => format!("did you mean `{aname}.{s}`?"),
                            None if names.is_empty() => {
                                format!("`{aname}` has no parameters to total")
                            }
                            None => format!(
                                "its parameters are {}",
                                one_of(&names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>())
                            ),
                        };
                        self.emit(
                            errors::unknown_name(
                                name.span,
                                format!("`{aname}` has no parameter `{pname}`"),
                            )
                            .label("unknown parameter")
                            .help(help),
                        );
                    }
                    Some(p) if action.params[p].ty != Type::Number => {
                        let d = errors::type_mismatch(
                            name.span,
                            format!(
                                "parameter `{pname}` of `{aname}` is {}; totals add numbers",
                                action.params[p].ty.describe()
                            ),
                        )
                        .label("not a number");
                        self.emit(d);
                    }
                    _ => {}
                }
            }
        }
        let (v, _) = self.literal(value, Some(&Type::Number));
        let value_d = match v {
            Some(Value::Num(d)) => Some(d),
            _ => None,
        };
        Expect::Total {
            action: Ref {
                id: aid,
                name: aname.to_string(),
                span: name.span,
            },
            param,
            name: name.name.clone(),
            op,
            value: value_d,
            text: value.text(),
        }
    }

    /// A test: its name unique in the workflow, then the test itself.
    pub(super) fn test_stmt(
        &mut self,
        t: &ast::Test,
        span: Span,
        tests: &mut HashMap<String, Span>,
    ) {
        if let Some(first) = tests.get(t.name.value.as_str()) {
            let first = *first;
            self.emit(errors::declared_twice(
                t.name.span,
                format!("test {}", crate::syntax::quote(&t.name.value)),
                first,
                Some("test names are unique within a workflow"),
            ));
        } else {
            tests.insert(t.name.value.clone(), t.name.span);
        }
        let test = self.test(t, span);
        self.wf.tests.push(test);
    }
}
