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
use eval::Ev;
pub use eval::{compare, transition_holds};

/// [`transition_holds`] for a guard witness: the evaluator the guard analysis checks every
/// witness with before it is reported (`analysis::guards::Holds`).
pub fn witness_holds(
    cat: &crate::model::Catalog,
    wf: &crate::model::Workflow,
    w: &crate::analysis::guards::Witness,
    t: crate::model::TransitionId,
) -> Option<bool> {
    transition_holds(cat, wf, &w.values, &w.flags, t)
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

// After `log!`: the macro is in scope for them.
mod eval;
mod step;

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
}
