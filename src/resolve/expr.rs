//! References, literals and expressions inside a workflow: names resolved to ids, values
//! typed against what the context expects.

use super::*;

impl WfResolver<'_> {
    pub(super) fn state_ref(&mut self, id: &ast::Ident) -> Ref<StateId> {
        let found = self.wf.state(&id.name);
        if found.is_none() {
            let names: Vec<&str> = self.wf.states.iter().map(|s| s.name.as_str()).collect();
            let help = match suggest(&id.name, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if names.is_empty() => {
                    "declare the workflow's states in a `states { ... }` block".to_string()
                }
                None => format!(
                    "the states are {}",
                    one_of(&names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>())
                ),
            };
            self.emit(
                errors::unknown_name(id.span, format!("unknown state `{}`", id.name))
                    .label("not a state of this workflow")
                    .help(help),
            );
        }
        Ref {
            id: found,
            name: id.name.clone(),
            span: id.span,
        }
    }

    pub(super) fn flag_ref(&mut self, id: &ast::Ident) -> Ref<FlagId> {
        let found = self.wf.flag(&id.name);
        if found.is_none() {
            let names: Vec<&str> = self.wf.flags.iter().map(|s| s.name.as_str()).collect();
            let help = match suggest(&id.name, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("declare it in the workflow: `flag {} default off`", id.name),
            };
            self.emit(
                errors::unknown_name(id.span, format!("unknown flag `{}`", id.name))
                    .label("not a flag of this workflow")
                    .help(help),
            );
        }
        Ref {
            id: found,
            name: id.name.clone(),
            span: id.span,
        }
    }

    pub(super) fn action_ref(&mut self, id: &ast::Ident) -> Ref<ActionId> {
        let found = self.cat.action(&id.name);
        if found.is_none() {
            let c: Vec<&str> = self.cat.actions.iter().map(|a| a.name.as_str()).collect();
            let d = unknown_catalog_name(self.lib, self.cat, "action", id, c);
            self.emit(d);
        }
        Ref {
            id: found,
            name: id.name.clone(),
            span: id.span,
        }
    }

    pub(super) fn event_ref(&mut self, id: &ast::Ident) -> Ref<EventId> {
        let found = self.cat.event(&id.name);
        if found.is_none() {
            let c: Vec<&str> = self.cat.events.iter().map(|a| a.name.as_str()).collect();
            let d = unknown_catalog_name(self.lib, self.cat, "event", id, c);
            self.emit(d);
        }
        Ref {
            id: found,
            name: id.name.clone(),
            span: id.span,
        }
    }

    pub(super) fn fact_ref(&mut self, id: &ast::Ident) -> Ref<VarId> {
        let mut found = self.cat.var(&id.name);
        match found {
            Some(v) if !self.cat.vars[v].fact => {
                let d = not_a_fact(&self.cat.vars[v], id.span);
                self.emit(d);
                found = None;
            }
            Some(_) => {}
            None => {
                let c: Vec<&str> = self
                    .cat
                    .vars
                    .iter()
                    .filter(|v| v.fact)
                    .map(|v| v.name.as_str())
                    .collect();
                let d = unknown_catalog_name(self.lib, self.cat, "fact", id, c);
                self.emit(d);
            }
        }
        Ref {
            id: found,
            name: id.name.clone(),
            span: id.span,
        }
    }

    /// An attribute, payload field or fact.
    pub(super) fn var_ref(&mut self, id: &ast::Ident) -> Ref<VarId> {
        let found = self.cat.var(&id.name);
        if found.is_none() {
            let c: Vec<&str> = self.cat.vars.iter().map(|v| v.name.as_str()).collect();
            let d = unknown_catalog_name(self.lib, self.cat, "attribute, field or fact", id, c);
            self.emit(d);
        }
        Ref {
            id: found,
            name: id.name.clone(),
            span: id.span,
        }
    }

    /// A deduplication key: an attribute or field.
    pub(super) fn key_ref(&mut self, id: &ast::Ident) -> Ref<VarId> {
        let mut r = self.var_ref(id);
        if let Some(v) = r.id {
            if self.cat.vars[v].fact {
                self.emit(
                    errors::type_mismatch(
                        id.span,
                        format!(
                            "`{}` is a fact; a key must be an attribute or a payload field",
                            id.name
                        ),
                    )
                    .label("a fact has no value to group by"),
                );
                r.id = None;
            }
        }
        r
    }

    /// Converts a literal, reporting K005 (and K002/K004 for a bare word that is not a member
    /// of the expected enum). Returns the value (None if invalid) and its type.
    pub(super) fn literal(
        &mut self,
        lit: &ast::Literal,
        expected: Option<&Type>,
    ) -> (Option<Value>, Option<Type>) {
        if let Some(sp) = lit.bad_escape {
            self.emit(bad_escape_diag(sp));
        }
        let bad = |this: &mut Self, msg: String, label: &str| {
            this.emit(errors::invalid_literal(lit.span, msg).label(label.to_string()));
        };
        match &lit.kind {
            LitKind::Number(d) => match literal::number(d, lit.negative) {
                Ok(v) => (Some(Value::Num(v)), Some(Type::Number)),
                Err(m) => {
                    bad(self, m, "number out of range");
                    (None, Some(Type::Number))
                }
            },
            LitKind::Percent(d) => match literal::percent(d) {
                Ok(v) => {
                    let v = v / Decimal::ONE_HUNDRED;
                    (
                        Some(Value::Num(if lit.negative { -v } else { v })),
                        Some(Type::Number),
                    )
                }
                Err(m) => {
                    bad(self, m, "percent above 100");
                    (None, Some(Type::Number))
                }
            },
            LitKind::Duration(d) => match literal::duration(d) {
                Ok(s) => (
                    Some(Value::Dur(if lit.negative {
                        -(s as i64)
                    } else {
                        s as i64
                    })),
                    Some(Type::Duration),
                ),
                Err(m) => {
                    bad(self, m, "invalid duration");
                    (None, Some(Type::Duration))
                }
            },
            LitKind::Timestamp(t) => match literal::timestamp(t) {
                Ok(ts) => (Some(Value::Time(ts)), Some(Type::Time)),
                Err(m) => {
                    bad(self, m, "invalid timestamp");
                    (None, Some(Type::Time))
                }
            },
            LitKind::Clock(c) => {
                if let Err(m) = literal::clock(c) {
                    bad(self, m, "invalid clock time");
                }
                (None, None)
            }
            LitKind::Str(s) => (Some(Value::Text(s.clone())), Some(Type::Text)),
            LitKind::Bool(b) => (Some(Value::Bool(*b)), Some(Type::Bool)),
            LitKind::Ident(name) => match expected {
                Some(Type::Enum(members)) => {
                    if members.contains(name) {
                        (Some(Value::Enum(name.clone())), expected.cloned())
                    } else {
                        self.unknown_member(name, lit.span, members);
                        (None, expected.cloned())
                    }
                }
                Some(other) => {
                    self.emit(
                        errors::type_mismatch(
                            lit.span,
                            format!(
                                "expected a {} value, found the word `{name}`",
                                other.describe()
                            ),
                        )
                        .label(format!("not a {}", other.describe()))
                        .help(match other {
                            Type::Text => format!("text values are quoted: \"{name}\""),
                            Type::Bool => "use `true` or `false`".to_string(),
                            _ => "only enum members are written as bare words".to_string(),
                        }),
                    );
                    (None, None)
                }
                None => (None, None),
            },
        }
    }

    pub(super) fn unknown_member(&mut self, name: &str, span: Span, members: &[String]) {
        let help = match suggest(name, members.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "the members are {}",
                one_of(&members.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>())
            ),
        };
        self.emit(
            errors::unknown_name(
                span,
                format!("`{name}` is not a member of enum({})", members.join(", ")),
            )
            .label("unknown enum member")
            .help(help),
        );
    }

    pub(super) fn is_bare_word(e: &ast::Expr) -> bool {
        match &e.kind {
            ExprKind::Name(id) => !id.name.contains('.'),
            ExprKind::Lit(l) => matches!(l.kind, LitKind::Ident(_)),
            ExprKind::Paren(inner) => Self::is_bare_word(inner),
            _ => false,
        }
    }

    /// A guard: must be a bool.
    pub(super) fn condition(&mut self, e: &ast::Expr) -> RExpr {
        let r = self.expr(e, Some(&Type::Bool));
        self.expect_bool(&r, "a condition must be true or false");
        r
    }

    pub(super) fn expect_bool(&mut self, r: &RExpr, why: &str) {
        if let Some(t) = &r.ty {
            if *t != Type::Bool {
                self.emit(
                    errors::type_mismatch(r.span, format!("{why}; this is {}", describe_ty(t)))
                        .label("not true or false")
                        .help("compare it with something, e.g. `trade.volume > 0`"),
                );
            }
        }
    }

    pub(super) fn expect_number(&mut self, r: &RExpr, what: &str) {
        if let Some(t) = &r.ty {
            if *t != Type::Number {
                self.emit(
                    errors::type_mismatch(
                        r.span,
                        format!("{what} works on numbers; this is {}", describe_ty(t)),
                    )
                    .label("not a number"),
                );
            }
        }
    }

    pub(super) fn expr(&mut self, e: &ast::Expr, expected: Option<&Type>) -> RExpr {
        match &e.kind {
            ExprKind::Paren(inner) => {
                let mut r = self.expr(inner, expected);
                r.span = e.span;
                r
            }
            ExprKind::Name(id) => self.name_expr(id, expected),
            ExprKind::Lit(l) => {
                let (v, ty) = self.literal(l, expected);
                RExpr {
                    kind: RKind::Lit(v, l.text()),
                    ty,
                    span: e.span,
                }
            }
            ExprKind::Not(inner) => {
                let r = self.expr(inner, Some(&Type::Bool));
                self.expect_bool(&r, "`not` negates a condition");
                RExpr {
                    kind: RKind::Not(Box::new(r)),
                    ty: Some(Type::Bool),
                    span: e.span,
                }
            }
            ExprKind::Neg(inner) => {
                let r = self.expr(inner, Some(&Type::Number));
                self.expect_number(&r, "`-`");
                RExpr {
                    kind: RKind::Neg(Box::new(r)),
                    ty: Some(Type::Number),
                    span: e.span,
                }
            }
            ExprKind::In { lhs, list } => {
                let l = self.expr(lhs, None);
                let mut items = Vec::new();
                for lit in list {
                    let (v, ty) = self.literal(lit, l.ty.as_ref());
                    if let (Some(lt), Some(t)) = (&l.ty, &ty) {
                        if !lt.agrees(t) {
                            self.emit(
                                errors::type_mismatch(
                                    lit.span,
                                    format!(
                                        "`{}` is {}, but `{}` is {}",
                                        lit.text(),
                                        describe_ty(t),
                                        self.short(&l),
                                        describe_ty(lt)
                                    ),
                                )
                                .label("wrong type for this list"),
                            );
                        }
                    }
                    items.push(RExpr {
                        kind: RKind::Lit(v, lit.text()),
                        ty,
                        span: lit.span,
                    });
                }
                RExpr {
                    kind: RKind::In {
                        lhs: Box::new(l),
                        list: items,
                    },
                    ty: Some(Type::Bool),
                    span: e.span,
                }
            }
            ExprKind::Binary { op, lhs, rhs, .. } => self.binary(*op, lhs, rhs, e.span),
        }
    }

    pub(super) fn binary(
        &mut self,
        op: BinOp,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        span: Span,
    ) -> RExpr {
        let (l, r) = match op {
            BinOp::And | BinOp::Or => {
                let l = self.expr(lhs, Some(&Type::Bool));
                let r = self.expr(rhs, Some(&Type::Bool));
                self.expect_bool(&l, &format!("`{}` joins conditions", op.as_str()));
                self.expect_bool(&r, &format!("`{}` joins conditions", op.as_str()));
                (l, r)
            }
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
                let l = self.expr(lhs, Some(&Type::Number));
                let r = self.expr(rhs, Some(&Type::Number));
                self.expect_number(&l, &format!("`{}`", op.as_str()));
                self.expect_number(&r, &format!("`{}`", op.as_str()));
                (l, r)
            }
            _ => {
                // Resolve the side that is not a bare word first, so a bare word can be read
                // as a member of the other side's enum.
                let (l, r) = if Self::is_bare_word(lhs) && !Self::is_bare_word(rhs) {
                    let r = self.expr(rhs, None);
                    let l = self.expr(lhs, r.ty.as_ref());
                    (l, r)
                } else {
                    let l = self.expr(lhs, None);
                    let r = self.expr(rhs, l.ty.as_ref());
                    (l, r)
                };
                if let (Some(lt), Some(rt)) = (&l.ty, &r.ty) {
                    if !lt.agrees(rt) {
                        let blame = if matches!(l.kind, RKind::Lit(..)) {
                            &l
                        } else {
                            &r
                        };
                        self.emit(
                            errors::type_mismatch(
                                blame.span,
                                format!(
                                    "cannot compare `{}` ({}) with `{}` ({})",
                                    self.short(&l),
                                    lt.describe(),
                                    self.short(&r),
                                    rt.describe()
                                ),
                            )
                            .label(format!(
                                "this is {}",
                                describe_ty(&blame.ty.clone().unwrap_or(Type::Bool))
                            ))
                            .help("both sides of a comparison have the same type"),
                        );
                    } else if !matches!(op, BinOp::Eq | BinOp::Ne) && !lt.is_ordered() {
                        self.emit(
                            errors::type_mismatch(
                                span,
                                format!(
                                    "`{}` orders numbers and times; `{}` is {}",
                                    op.as_str(),
                                    self.short(&l),
                                    describe_ty(lt)
                                ),
                            )
                            .label("not ordered")
                            .help("use `==`, `!=` or `in [...]` for text, bool and enum values"),
                        );
                    }
                }
                (l, r)
            }
        };
        let ty = if op.is_arith() {
            Some(Type::Number)
        } else {
            Some(Type::Bool)
        };
        RExpr {
            kind: RKind::Bin {
                op,
                lhs: Box::new(l),
                rhs: Box::new(r),
            },
            ty,
            span,
        }
    }

    pub(super) fn name_expr(&mut self, id: &ast::Ident, expected: Option<&Type>) -> RExpr {
        if let Some(Type::Enum(members)) = expected {
            if !id.name.contains('.') && members.contains(&id.name) {
                return RExpr {
                    kind: RKind::Lit(Some(Value::Enum(id.name.clone())), id.name.clone()),
                    ty: expected.cloned(),
                    span: id.span,
                };
            }
        }
        if let Some(v) = self.cat.var(&id.name) {
            return RExpr {
                kind: RKind::Var(v),
                ty: Some(self.cat.vars[v].ty.clone()),
                span: id.span,
            };
        }
        match expected {
            Some(Type::Enum(members)) if !id.name.contains('.') => {
                let members = members.clone();
                self.unknown_member(&id.name, id.span, &members);
            }
            _ => {
                let c: Vec<&str> = self.cat.vars.iter().map(|v| v.name.as_str()).collect();
                let d = unknown_catalog_name(self.lib, self.cat, "name", id, c);
                self.emit(d);
            }
        }
        RExpr {
            kind: RKind::Unresolved(id.name.clone()),
            ty: None,
            span: id.span,
        }
    }

    /// A short rendering of an expression for messages.
    pub(super) fn short(&self, e: &RExpr) -> String {
        match &e.kind {
            RKind::Lit(_, text) => text.clone(),
            RKind::Unresolved(n) => n.clone(),
            RKind::Var(v) => self.cat.vars[*v].name.clone(),
            _ => "the expression".to_string(),
        }
    }
}

pub(super) fn describe_ty(t: &Type) -> String {
    match t {
        Type::Enum(_) => format!("an {}", t.describe()),
        Type::Bool => "a bool".to_string(),
        Type::Number => "a number".to_string(),
        Type::Text => "text".to_string(),
        Type::Time => "a time".to_string(),
        Type::Duration => "a duration".to_string(),
    }
}
