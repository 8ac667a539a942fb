//! Coverage of a test suite: which transitions some test took (K502), and which numeric guard
//! comparisons were evaluated at their constant and seen both true and false (K503).
//!
//! Boundaries are the comparisons, in Tier 2 and 3 transition guards (not invariants), of one
//! number name with a constant, with arithmetic folded (`trade.volume * 5 > 100` has its
//! boundary at `trade.volume = 20`). Every comparison a test evaluates counts, also where
//! `and`/`or` would short-circuit and also in tests that later fail; guards of transitions
//! behind a flag that is off are not evaluated.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::analysis::guards::{numeric_comparison, Rel};
use crate::model::*;
use crate::span::Span;

#[derive(Clone, Debug)]
pub struct Boundary {
    pub transition: TransitionId,
    /// The comparison in the guard.
    pub span: Span,
    pub var: VarId,
    pub rel: Rel,
    /// The constant, in terms of `var`.
    pub c: Decimal,
    /// The comparison as written.
    pub text: String,
    pub at_constant: bool,
    pub seen_true: bool,
    pub seen_false: bool,
}

impl Boundary {
    pub fn covered(&self) -> bool {
        self.at_constant && self.seen_true && self.seen_false
    }

    /// What is still missing, in words.
    pub fn missing(&self, cat: &Catalog) -> Vec<String> {
        let name = &cat.vars[self.var].name;
        let mut m = Vec::new();
        if !self.at_constant {
            m.push(format!("a test with {name} = {}", self.c.normalize()));
        }
        if !self.seen_true {
            m.push("a test where it holds".to_string());
        }
        if !self.seen_false {
            m.push("a test where it does not hold".to_string());
        }
        m
    }
}

#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// Per transition: taken by some test.
    pub taken: Vec<bool>,
    pub boundaries: Vec<Boundary>,
    index: HashMap<(TransitionId, Span), usize>,
}

impl Coverage {
    pub fn new(cat: &Catalog, wf: &Workflow, tier: u8) -> Coverage {
        let mut c = Coverage {
            taken: vec![false; wf.transitions.len()],
            ..Coverage::default()
        };
        if tier < 2 {
            return c;
        }
        for (t, tr) in wf.transitions.iter().enumerate() {
            let Guard::Expr(g) = &tr.guard else { continue };
            g.walk(&mut |n| {
                let RKind::Bin { op, lhs, rhs } = &n.kind else {
                    return;
                };
                if !op.is_comparison() {
                    return;
                }
                let Some(Ok((var, rel, k))) = numeric_comparison(cat, *op, lhs, rhs) else {
                    return;
                };
                if cat.vars[var].ty != Type::Number {
                    return;
                }
                c.index.insert((t, n.span), c.boundaries.len());
                c.boundaries.push(Boundary {
                    transition: t,
                    span: n.span,
                    var,
                    rel,
                    c: k,
                    text: crate::render::expr(cat, n),
                    at_constant: false,
                    seen_true: false,
                    seen_false: false,
                });
            });
        }
        c
    }

    /// Records one evaluation of a comparison (values as they were at the time).
    pub fn observe(
        &mut self,
        t: TransitionId,
        span: Span,
        values: &HashMap<VarId, Value>,
        result: bool,
    ) {
        let Some(&i) = self.index.get(&(t, span)) else {
            return;
        };
        let b = &mut self.boundaries[i];
        let Some(Value::Num(v)) = values.get(&b.var) else {
            return;
        };
        if *v == b.c {
            b.at_constant = true;
        }
        if result {
            b.seen_true = true;
        } else {
            b.seen_false = true;
        }
    }

    pub fn transitions_covered(&self) -> usize {
        self.taken.iter().filter(|t| **t).count()
    }

    pub fn boundaries_covered(&self) -> usize {
        self.boundaries.iter().filter(|b| b.covered()).count()
    }

    /// The artifact's view of this coverage.
    pub fn to_artifact(&self, wf: &Workflow) -> crate::artifact::TestCoverage {
        crate::artifact::TestCoverage {
            transitions: Some(crate::artifact::Coverage {
                covered: self.transitions_covered() as u32,
                total: self.taken.len() as u32,
                uncovered: self
                    .taken
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| !**t)
                    .map(|(i, _)| wf.transitions[i].name.clone())
                    .collect(),
            }),
            boundaries: Some(crate::artifact::Coverage {
                covered: self.boundaries_covered() as u32,
                total: self.boundaries.len() as u32,
                uncovered: self
                    .boundaries
                    .iter()
                    .filter(|b| !b.covered())
                    .map(|b| format!("{}: {}", wf.transitions[b.transition].name, b.text))
                    .collect(),
            }),
        }
    }
}
