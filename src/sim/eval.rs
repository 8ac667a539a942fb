//! Evaluating guards and effect values on the simulated subject, and checking a test's
//! expectations.

use super::*;

/// A value, or nothing yet.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Ev {
    Val(Value),
    Unset,
}

impl Ev {
    pub(super) fn truthy(&self) -> bool {
        matches!(self, Ev::Val(Value::Bool(true)))
    }
}

impl Sim<'_> {
    pub(super) fn vars_of(&self, e: &RExpr) -> Vec<VarId> {
        let mut out = Vec::new();
        e.walk(&mut |n| {
            if let RKind::Var(v) = n.kind {
                if !out.contains(&v) {
                    out.push(v);
                }
            }
        });
        out
    }

    pub(super) fn reads_unset(&self, e: &RExpr) -> bool {
        self.vars_of(e)
            .iter()
            .any(|v| !self.values.contains_key(v) && !self.cat.vars[*v].fact)
    }

    pub(super) fn eval(
        &mut self,
        e: &RExpr,
        transition: Option<TransitionId>,
    ) -> Result<Ev, String> {
        Ok(match &e.kind {
            RKind::Lit(Some(v), _) => Ev::Val(v.clone()),
            RKind::Lit(None, text) => return Err(format!("invalid literal `{text}`")),
            RKind::Var(v) => match self.values.get(v) {
                Some(x) => Ev::Val(x.clone()),
                // An unset fact or bool reads false.
                None if self.cat.vars[*v].ty == Type::Bool => Ev::Val(Value::Bool(false)),
                None => Ev::Unset,
            },
            RKind::Unresolved(n) => return Err(format!("unresolved name `{n}`")),
            RKind::Not(x) => Ev::Val(Value::Bool(!self.eval(x, transition)?.truthy())),
            RKind::Neg(x) => match self.eval(x, transition)? {
                Ev::Val(Value::Num(d)) => Ev::Val(Value::Num(-d)),
                _ => Ev::Unset,
            },
            RKind::In { lhs, list } => {
                let l = self.eval(lhs, transition)?;
                let mut hit = false;
                for item in list {
                    let v = self.eval(item, transition)?;
                    hit |= matches!((&l, &v), (Ev::Val(a), Ev::Val(b)) if values_eq(a, b));
                }
                Ev::Val(Value::Bool(hit))
            }
            RKind::Bin { op, lhs, rhs } => {
                // Both sides always: coverage counts comparisons `and`/`or` would skip.
                let l = self.eval(lhs, transition)?;
                let r = self.eval(rhs, transition)?;
                match op {
                    BinOp::And => Ev::Val(Value::Bool(l.truthy() && r.truthy())),
                    BinOp::Or => Ev::Val(Value::Bool(l.truthy() || r.truthy())),
                    BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => match (l, r) {
                        (Ev::Val(Value::Num(a)), Ev::Val(Value::Num(b))) => {
                            let out = match op {
                                BinOp::Add => a.checked_add(b),
                                BinOp::Sub => a.checked_sub(b),
                                BinOp::Mul => a.checked_mul(b),
                                _ => {
                                    if b.is_zero() {
                                        return Err(format!(
                                            "division by zero in `{}`",
                                            crate::render::expr(self.cat, e)
                                        ));
                                    }
                                    a.checked_div(b)
                                }
                            };
                            match out {
                                Some(d) => Ev::Val(Value::Num(d)),
                                None => {
                                    return Err(format!(
                                        "arithmetic overflow in `{}`",
                                        crate::render::expr(self.cat, e)
                                    ))
                                }
                            }
                        }
                        _ => Ev::Unset,
                    },
                    cmp => {
                        let result = match (&l, &r) {
                            (Ev::Val(a), Ev::Val(b)) => compare(*cmp, a, b),
                            _ => false,
                        };
                        if let Some(t) = transition {
                            if let Some(c) = self.coverage.as_deref_mut() {
                                c.observe(t, e.span, &self.values, result);
                            }
                        }
                        Ev::Val(Value::Bool(result))
                    }
                }
            }
        })
    }

    pub(super) fn expect(&mut self, e: &Expect, span: Span, at: usize) -> Result<(), Failure> {
        let text = crate::render::expectation(e);
        let outcome: Result<(), String> = match e {
            Expect::State(s) => {
                if self.state == s.id {
                    Ok(())
                } else {
                    Err(format!("the state is `{}`", self.state_name()))
                }
            }
            Expect::Action { action, count, .. } => {
                let n = self
                    .calls
                    .iter()
                    .filter(|c| c.executed && Some(c.action) == action.id)
                    .count();
                let dedup = self
                    .calls
                    .iter()
                    .filter(|c| !c.executed && Some(c.action) == action.id)
                    .count();
                if Some(n as u32) == *count {
                    Ok(())
                } else {
                    Err(format!(
                        "`{}` ran {n} time{}{}",
                        action.name,
                        if n == 1 { "" } else { "s" },
                        if dedup > 0 {
                            format!(" ({dedup} more deduplicated)")
                        } else {
                            String::new()
                        }
                    ))
                }
            }
            Expect::Total {
                action,
                param,
                op,
                value,
                name,
                ..
            } => {
                let (Some(a), Some(p), Some(want)) = (action.id, param, value) else {
                    return fail(span, format!("`expect {text}` cannot be evaluated"));
                };
                let total: Decimal = self
                    .calls
                    .iter()
                    .filter(|c| c.executed && c.action == a)
                    .filter_map(|c| match &c.args[*p] {
                        Some(Value::Num(d)) => Some(*d),
                        _ => None,
                    })
                    .sum();
                if compare(*op, &Value::Num(total), &Value::Num(*want)) {
                    Ok(())
                } else {
                    Err(format!("the total of {name} is {}", total.normalize()))
                }
            }
            Expect::Fact(f) => match f
                .id
                .map(|v| self.values.get(&v) == Some(&Value::Bool(true)))
            {
                Some(true) => Ok(()),
                _ => Err(format!("`{}` is not established", f.name)),
            },
            Expect::Ignored => match self.last_ignored {
                Some(true) => Ok(()),
                Some(false) => Err("the last event took a transition".to_string()),
                None => Err("no event was delivered".to_string()),
            },
            Expect::Compare { var, op, value, .. } => {
                let Some(v) = var.id else {
                    return fail(span, format!("`expect {text}` cannot be evaluated"));
                };
                match (self.values.get(&v), value) {
                    (Some(have), Some(want)) if compare(*op, have, want) => Ok(()),
                    (Some(have), _) => Err(format!("{} is {}", var.name, have.display())),
                    (None, _) if self.cat.vars[v].ty == Type::Bool => {
                        if value
                            .as_ref()
                            .is_some_and(|w| compare(*op, &Value::Bool(false), w))
                        {
                            Ok(())
                        } else {
                            Err(format!("{} is unset (reads false)", var.name))
                        }
                    }
                    (None, _) => Err(format!("{} is unset", var.name)),
                }
            }
        };
        match outcome {
            Ok(()) => {
                log!(self, "{at}. expect {text}: ok");
                Ok(())
            }
            Err(found) => {
                log!(self, "{at}. expect {text}: FAILED, {found}");
                fail(span, format!("expected {text}, but {found}"))
            }
        }
    }
}

fn values_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => x == y,
        _ => a == b,
    }
}

/// `a op b` for two values of one type (false for values that cannot be ordered).
pub fn compare(op: BinOp, a: &Value, b: &Value) -> bool {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (a, b) {
        (Value::Num(x), Value::Num(y)) => Some(x.cmp(y)),
        (Value::Time(x), Value::Time(y)) => Some(x.cmp(y)),
        (Value::Dur(x), Value::Dur(y)) => Some(x.cmp(y)),
        (Value::Text(x), Value::Text(y)) if matches!(op, BinOp::Eq | BinOp::Ne) => Some(x.cmp(y)),
        (Value::Enum(x), Value::Enum(y)) if matches!(op, BinOp::Eq | BinOp::Ne) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) if matches!(op, BinOp::Eq | BinOp::Ne) => Some(x.cmp(y)),
        _ => None,
    };
    let Some(ord) = ord else {
        return op == BinOp::Ne && a != b;
    };
    match op {
        BinOp::Eq => ord == Ordering::Equal,
        BinOp::Ne => ord != Ordering::Equal,
        BinOp::Lt => ord == Ordering::Less,
        BinOp::Le => ord != Ordering::Greater,
        BinOp::Gt => ord == Ordering::Greater,
        BinOp::Ge => ord != Ordering::Less,
        _ => false,
    }
}

/// Whether transition `t`'s guard (and its flag) holds for these values, every other NAME
/// unset, with the simulator's own rules. `None` for `otherwise` or when evaluation fails.
/// The guard analysis checks every witness with this before printing it.
pub fn transition_holds(
    cat: &Catalog,
    wf: &Workflow,
    values: &[(VarId, Value)],
    flags: &[(FlagId, bool)],
    t: TransitionId,
) -> Option<bool> {
    let mut sim = Sim::new(cat, wf, None, false);
    for (v, val) in values {
        sim.values.insert(*v, val.clone());
    }
    for (f, on) in flags {
        if let Some(slot) = sim.flags.get_mut(*f) {
            *slot = *on;
        }
    }
    let tr = &wf.transitions[t];
    if let Some(b) = &tr.behind {
        // An unknown flag is an error of its own: nothing to evaluate.
        if !sim.flags[b.id?] {
            return Some(false);
        }
    }
    match &tr.guard {
        Guard::Always => Some(true),
        Guard::Otherwise(_) => None,
        Guard::Expr(g) => sim.eval(g, None).ok().map(|r| r.truthy()),
    }
}
