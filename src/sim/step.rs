//! Taking a transition: its actions (with idempotency), effects, established and cleared
//! facts, and the invariants after it.

use super::*;

impl Sim<'_> {
    pub(super) fn take(&mut self, t: TransitionId, span: Span) -> Result<(), Failure> {
        let tr = &self.wf.transitions[t];
        if let Some(c) = self.coverage.as_deref_mut() {
            c.taken[t] = true;
        }
        log!(
            self,
            "   transition {}: {} -> {}",
            tr.name,
            tr.from.name,
            tr.to.name
        );
        for c in &tr.calls {
            let Some(a) = c.action.id else { continue };
            let action = &self.cat.actions[a];
            let mut args: Vec<Option<Value>> = vec![None; action.params.len()];
            for arg in &c.args {
                let v = self
                    .eval(&arg.value, None)
                    .map_err(|m| Failure { span, message: m })?;
                if let (Some(p), Ev::Val(val)) = (arg.param, v) {
                    args[p] = Some(val);
                }
            }
            let shown = self.call_text(a, &args);
            let key = action
                .idempotent_by
                .and_then(|k| self.values.get(&k).cloned().map(|v| (k, v)));
            if let Some((k, kv)) = &key {
                if self.keys.contains(&(a, kv.clone())) {
                    log!(
                        self,
                        "   action {shown} deduplicated ({} = {} already done)",
                        self.name(*k),
                        kv.display()
                    );
                    self.calls.push(CallRecord {
                        action: a,
                        args,
                        executed: false,
                    });
                    continue;
                }
            }
            if let Some((_, kv)) = key {
                self.keys.insert((a, kv));
            }
            log!(self, "   action {shown} executed");
            for f in &action.establishes {
                if self.values.insert(*f, Value::Bool(true)) != Some(Value::Bool(true)) {
                    log!(self, "   fact {} established", self.name(*f));
                }
            }
            for f in &action.clears {
                if self.values.insert(*f, Value::Bool(false)) == Some(Value::Bool(true)) {
                    log!(self, "   fact {} cleared", self.name(*f));
                }
            }
            for e in &action.effects {
                let Some(Value::Num(amount)) = &args[e.param] else {
                    log!(
                        self,
                        "   {} unchanged: `{}` has no value",
                        self.name(e.target),
                        action.params[e.param].name
                    );
                    continue;
                };
                let before = match self.values.get(&e.target) {
                    Some(Value::Num(d)) => *d,
                    _ => Decimal::ZERO,
                };
                let after = if e.adds {
                    before.checked_add(*amount)
                } else {
                    before.checked_sub(*amount)
                };
                let Some(after) = after else {
                    return fail(span, format!("{} overflows", self.name(e.target)));
                };
                log!(
                    self,
                    "   {} {} -> {}",
                    self.name(e.target),
                    before.normalize(),
                    after.normalize()
                );
                self.values.insert(e.target, Value::Num(after));
            }
            for inv in &self.wf.invariants {
                if let InvariantBody::OncePer { action: ia, key } = &inv.body {
                    if let (Some(ia), Some(k)) = (ia.id, key.id) {
                        if ia == a {
                            if let Some(kv) = self.values.get(&k) {
                                self.key_log.push((k, a, kv.clone()));
                            }
                        }
                    }
                }
            }
            self.calls.push(CallRecord {
                action: a,
                args,
                executed: true,
            });
        }
        self.state = tr.to.id;
        Ok(())
    }

    pub(super) fn call_text(&self, a: ActionId, args: &[Option<Value>]) -> String {
        let action = &self.cat.actions[a];
        if action.params.is_empty() {
            return action.name.clone();
        }
        let parts: Vec<String> = action
            .params
            .iter()
            .zip(args)
            .map(|(p, v)| {
                format!(
                    "{}: {}",
                    p.name,
                    v.as_ref().map_or("unset".to_string(), Value::display)
                )
            })
            .collect();
        format!("{}({})", action.name, parts.join(", "))
    }

    pub(super) fn check_invariants(&mut self, span: Span) -> Result<(), Failure> {
        for inv in &self.wf.invariants {
            match &inv.body {
                InvariantBody::Guard(g) => {
                    if self.reads_unset(g) {
                        continue;
                    }
                    let r = self
                        .eval(g, None)
                        .map_err(|m| Failure { span, message: m })?;
                    if !r.truthy() {
                        let vars = self.vars_of(g);
                        let now: Vec<String> = vars
                            .iter()
                            .map(|v| format!("{} = {}", self.name(*v), self.show(*v)))
                            .collect();
                        let msg = format!(
                            "invariant \"{}\" broken: {} ({})",
                            inv.name,
                            crate::render::expr(self.cat, g),
                            now.join(", ")
                        );
                        log!(self, "   {msg}");
                        return fail(span, msg);
                    }
                }
                InvariantBody::OncePer { action, key } => {
                    let (Some(a), Some(k)) = (action.id, key.id) else {
                        continue;
                    };
                    // Group executed calls by the key's value when they ran; track as we go.
                    let mut per: BTreeMap<&Value, usize> = BTreeMap::new();
                    for (kk, ca, kv) in &self.key_log {
                        if *kk == k && *ca == a {
                            *per.entry(kv).or_default() += 1;
                        }
                    }
                    if let Some((kv, n)) = per.iter().find(|(_, n)| **n > 1) {
                        let msg = format!(
                            "invariant \"{}\" broken: `{}` ran {n} times for {} = {}",
                            inv.name,
                            action.name,
                            key.name,
                            kv.display()
                        );
                        log!(self, "   {msg}");
                        return fail(span, msg);
                    }
                }
            }
        }
        Ok(())
    }
}
