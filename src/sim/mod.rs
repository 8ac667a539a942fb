//! The scenario simulator (LANGUAGE.md §4). Runs a workflow's tests on a model of one subject:
//! values from `given` and event payloads, facts, feature flags, the current state, and a log
//! of executed and deduplicated action calls. Produces pass/fail with a readable trace, and
//! the transition and boundary coverage of the whole suite.
//!
//! Cost: each delivered event evaluates the guards of the transitions leaving the current
//! state on that event (`O(guard size)` each), then runs the chosen transition's actions.

pub mod coverage;
pub mod suggest;

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;

use crate::ast::BinOp;
use crate::model::*;
use crate::span::Span;

pub use coverage::{Boundary, Coverage};

/// A value, or nothing yet.
#[derive(Clone, Debug, PartialEq)]
enum Ev {
    Val(Value),
    Unset,
}

impl Ev {
    fn truthy(&self) -> bool {
        matches!(self, Ev::Val(Value::Bool(true)))
    }
}

/// One executed or deduplicated call.
#[derive(Clone, Debug)]
pub struct CallRecord {
    pub action: ActionId,
    /// Argument values by parameter (`None`: unset or not given).
    pub args: Vec<Option<Value>>,
    pub executed: bool,
}

/// Why a test failed.
#[derive(Clone, Debug)]
pub struct Failure {
    /// The step that failed (an `expect`, or the event or override that could not run).
    pub span: Span,
    pub message: String,
}

/// The outcome of one test.
#[derive(Clone, Debug)]
pub struct TestOutcome {
    pub index: usize,
    pub name: String,
    pub kind: TestKind,
    pub failure: Option<Failure>,
    /// The readable trace, one line per observation.
    pub trace: Vec<String>,
}

impl TestOutcome {
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

/// Everything the test suite of a workflow produced.
#[derive(Clone, Debug, Default)]
pub struct SuiteReport {
    pub outcomes: Vec<TestOutcome>,
    pub coverage: Coverage,
}

impl SuiteReport {
    pub fn passed(&self) -> usize {
        self.outcomes.iter().filter(|o| o.passed()).count()
    }

    pub fn failed(&self) -> usize {
        self.outcomes.len() - self.passed()
    }
}

/// Runs every test of a workflow. The caller makes sure the workflow has no name errors.
pub fn run_suite(cat: &Catalog, wf: &Workflow, tier: u8) -> SuiteReport {
    let mut coverage = Coverage::new(cat, wf, tier);
    let outcomes = wf
        .tests
        .iter()
        .enumerate()
        .map(|(i, t)| run_test(cat, wf, i, t, &mut coverage))
        .collect();
    SuiteReport { outcomes, coverage }
}

/// Runs one test, recording coverage.
pub fn run_test(
    cat: &Catalog,
    wf: &Workflow,
    index: usize,
    t: &Test,
    coverage: &mut Coverage,
) -> TestOutcome {
    // Most tests pass and nobody reads their trace: run without one, and run a failing test
    // again (the simulator is deterministic) to write the trace that explains it.
    let failure = Sim::new(cat, wf, Some(coverage), false).run(&t.steps).err();
    let trace = match failure {
        None => Vec::new(),
        Some(_) => trace(cat, wf, t).1,
    };
    TestOutcome {
        index,
        name: t.name.clone(),
        kind: t.kind,
        failure,
        trace,
    }
}

/// Adds a line to the trace, formatting it only when the trace is kept.
macro_rules! log {
    ($sim:expr, $($arg:tt)*) => {
        if $sim.tracing {
            let line = format!($($arg)*);
            $sim.trace.push(line);
        }
    };
}

/// Runs one test again with its readable trace kept (the outcome and the trace; coverage is
/// not recorded). `run_test` keeps traces of failing tests only.
pub fn trace(cat: &Catalog, wf: &Workflow, t: &Test) -> (Option<Failure>, Vec<String>) {
    let mut sim = Sim::new(cat, wf, None, true);
    let failure = sim.run(&t.steps).err();
    (failure, sim.trace)
}

struct Sim<'a> {
    cat: &'a Catalog,
    wf: &'a Workflow,
    /// Where taken transitions and boundary observations go (`None` on a re-run).
    coverage: Option<&'a mut Coverage>,
    /// Whether to keep the readable trace (only failing tests show one).
    tracing: bool,
    values: HashMap<VarId, Value>,
    flags: Vec<bool>,
    state: Option<StateId>,
    calls: Vec<CallRecord>,
    /// (action, key value) pairs already executed.
    keys: HashSet<(ActionId, Value)>,
    last_ignored: Option<bool>,
    trace: Vec<String>,
    /// (key, action, the key's value when the action ran) for `once A per K` invariants.
    key_log: Vec<(VarId, ActionId, Value)>,
}

fn fail<T>(span: Span, message: impl Into<String>) -> Result<T, Failure> {
    Err(Failure {
        span,
        message: message.into(),
    })
}

impl<'a> Sim<'a> {
    fn new(
        cat: &'a Catalog,
        wf: &'a Workflow,
        coverage: Option<&'a mut Coverage>,
        tracing: bool,
    ) -> Sim<'a> {
        Sim {
            cat,
            wf,
            coverage,
            tracing,
            values: HashMap::new(),
            flags: wf.flags.iter().map(|f| f.default_on).collect(),
            state: wf.initial(),
            calls: Vec::new(),
            keys: HashSet::new(),
            last_ignored: None,
            trace: Vec::new(),
            key_log: Vec::new(),
        }
    }

    fn name(&self, v: VarId) -> &str {
        &self.cat.vars[v].name
    }

    fn state_name(&self) -> &str {
        self.state
            .map_or("(none)", |s| self.wf.states[s].name.as_str())
    }

    fn show(&self, v: VarId) -> String {
        match self.values.get(&v) {
            Some(x) => x.display(),
            None => "unset".to_string(),
        }
    }

    fn run(&mut self, steps: &[Step]) -> Result<(), Failure> {
        for (n, step) in steps.iter().enumerate() {
            let at = n + 1;
            match &step.kind {
                StepKind::Given(assigns) => {
                    for a in assigns {
                        if let (Some(v), Some(val)) = (a.var.id, &a.value) {
                            self.values.insert(v, val.clone());
                        }
                    }
                    log!(self, "{at}. {}", crate::render::step(&step.kind));
                }
                StepKind::Start(s) => {
                    self.state = s.id;
                    log!(self, "{at}. start in {}", s.name);
                }
                StepKind::Flag(f, on) => {
                    if let Some(id) = f.id {
                        self.flags[id] = *on;
                    }
                    log!(
                        self,
                        "{at}. flag {} {}",
                        f.name,
                        if *on { "on" } else { "off" }
                    );
                }
                StepKind::Event {
                    event,
                    payload,
                    times,
                } => {
                    for k in 0..*times {
                        let suffix = if *times > 1 {
                            format!(" (delivery {} of {times})", k + 1)
                        } else {
                            String::new()
                        };
                        log!(
                            self,
                            "{at}. {}{suffix}",
                            crate::render::step(&StepKind::Event {
                                event: event.clone(),
                                payload: payload.clone(),
                                times: 1
                            })
                        );
                        self.deliver(event, payload, step.span)?;
                        self.check_invariants(step.span)?;
                    }
                }
                StepKind::Override { to, role } => {
                    log!(
                        self,
                        "{at}. override -> {} by {}",
                        to.name,
                        crate::syntax::quote(role)
                    );
                    self.override_to(to, role, step.span)?;
                    self.check_invariants(step.span)?;
                }
                StepKind::Expect(e) => {
                    self.expect(e, step.span, at)?;
                }
            }
        }
        Ok(())
    }

    fn override_to(&mut self, to: &Ref<StateId>, role: &str, span: Span) -> Result<(), Failure> {
        let Some(cur) = self.state else {
            return fail(
                span,
                "the workflow has no single initial state to start from",
            );
        };
        let allowed = self.wf.overrides.iter().any(|o| {
            o.to.id == to.id && o.role == role && o.from.iter().any(|f| f.id == Some(cur))
        });
        if !allowed {
            let roles: Vec<String> = self
                .wf
                .overrides
                .iter()
                .filter(|o| o.to.id == to.id && o.from.iter().any(|f| f.id == Some(cur)))
                .map(|o| crate::syntax::quote(&o.role))
                .collect();
            let why = if roles.is_empty() {
                format!(
                    "no declared override takes `{}` to `{}`",
                    self.state_name(),
                    to.name
                )
            } else {
                format!(
                    "only {} may override `{}` to `{}`",
                    crate::diagnostic::one_of(&roles),
                    self.state_name(),
                    to.name
                )
            };
            log!(self, "   refused: {why}");
            return fail(span, format!("override refused: {why}"));
        }
        log!(self, "   state {} -> {}", self.state_name(), to.name);
        self.state = to.id;
        self.last_ignored = None;
        Ok(())
    }

    fn deliver(
        &mut self,
        event: &Ref<EventId>,
        payload: &[Assign],
        span: Span,
    ) -> Result<(), Failure> {
        for a in payload {
            if let (Some(v), Some(val)) = (a.var.id, &a.value) {
                self.values.insert(v, val.clone());
            }
        }
        let Some(cur) = self.state else {
            return fail(
                span,
                "the workflow has no single initial state to start from",
            );
        };
        // Siblings: transitions from this state on this event whose flag is on.
        let siblings: Vec<TransitionId> = self
            .wf
            .transitions
            .iter()
            .enumerate()
            .filter(|(_, t)| t.from.id == Some(cur) && t.event.id == event.id)
            .filter(|(_, t)| {
                t.behind
                    .as_ref()
                    .is_none_or(|b| b.id.is_some_and(|f| self.flags[f]))
            })
            .map(|(i, _)| i)
            .collect();
        let mut holding: Vec<TransitionId> = Vec::new();
        let mut otherwise: Vec<TransitionId> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        for &t in &siblings {
            let tr = &self.wf.transitions[t];
            match &tr.guard {
                Guard::Always => holding.push(t),
                Guard::Otherwise(_) => otherwise.push(t),
                Guard::Expr(g) => {
                    let r = self
                        .eval(g, Some(t))
                        .map_err(|m| Failure { span, message: m })?;
                    if r.truthy() {
                        holding.push(t);
                    } else {
                        notes.push(format!("`{}` does not hold", tr.name));
                    }
                }
            }
        }
        if holding.is_empty() {
            holding = otherwise;
        }
        match holding.as_slice() {
            [] => {
                let why = if notes.is_empty() {
                    format!(
                        "no transition leaves `{}` on `{}`",
                        self.state_name(),
                        event.name
                    )
                } else {
                    notes.join(", ")
                };
                log!(self, "   ignored in {}: {why}", self.state_name());
                self.last_ignored = Some(true);
                Ok(())
            }
            [t] => {
                self.last_ignored = Some(false);
                self.take(*t, span)
            }
            many => {
                let names: Vec<String> = many
                    .iter()
                    .map(|t| format!("`{}`", self.wf.transitions[*t].name))
                    .collect();
                let msg = format!(
                    "ambiguous: {} {} match `{}` in `{}`",
                    crate::diagnostic::all_of(&names),
                    if names.len() == 2 { "both" } else { "all" },
                    event.name,
                    self.state_name()
                );
                log!(self, "   {msg}");
                fail(span, msg)
            }
        }
    }

    fn take(&mut self, t: TransitionId, span: Span) -> Result<(), Failure> {
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

    fn call_text(&self, a: ActionId, args: &[Option<Value>]) -> String {
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

    fn check_invariants(&mut self, span: Span) -> Result<(), Failure> {
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

    fn vars_of(&self, e: &RExpr) -> Vec<VarId> {
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

    fn reads_unset(&self, e: &RExpr) -> bool {
        self.vars_of(e)
            .iter()
            .any(|v| !self.values.contains_key(v) && !self.cat.vars[*v].fact)
    }

    fn eval(&mut self, e: &RExpr, transition: Option<TransitionId>) -> Result<Ev, String> {
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

    fn expect(&mut self, e: &Expect, span: Span, at: usize) -> Result<(), Failure> {
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
