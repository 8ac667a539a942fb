//! Scenario tests: `given` assignments, steps and expectations.

use super::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TestKind {
    HappyPath,
    Boundary,
    Transition,
    Invariant,
    Idempotency,
    Override,
}

impl TestKind {
    pub const ALL: [TestKind; 6] = [
        TestKind::HappyPath,
        TestKind::Boundary,
        TestKind::Transition,
        TestKind::Invariant,
        TestKind::Idempotency,
        TestKind::Override,
    ];

    pub fn parse(s: &str) -> Option<TestKind> {
        Some(match s {
            "happy_path" => TestKind::HappyPath,
            "boundary" => TestKind::Boundary,
            "transition" => TestKind::Transition,
            "invariant" => TestKind::Invariant,
            "idempotency" => TestKind::Idempotency,
            "override" => TestKind::Override,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TestKind::HappyPath => "happy_path",
            TestKind::Boundary => "boundary",
            TestKind::Transition => "transition",
            TestKind::Invariant => "invariant",
            TestKind::Idempotency => "idempotency",
            TestKind::Override => "override",
        }
    }
}

/// `name: value` in `given` or an event payload.
#[derive(Clone, Debug)]
pub struct Assign {
    pub var: Ref<VarId>,
    /// `None` when the literal was invalid or did not type-check.
    pub value: Option<Value>,
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum Expect {
    State(Ref<StateId>),
    Action {
        action: Ref<ActionId>,
        count: Option<u32>,
        /// `once`, `never` or `count N` as written.
        text: String,
    },
    Total {
        action: Ref<ActionId>,
        param: Option<usize>,
        /// `action.param` as written.
        name: String,
        op: BinOp,
        value: Option<Decimal>,
        text: String,
    },
    Fact(Ref<VarId>),
    Ignored,
    Compare {
        var: Ref<VarId>,
        op: BinOp,
        value: Option<Value>,
        text: String,
    },
}

#[derive(Clone, Debug)]
pub enum StepKind {
    Given(Vec<Assign>),
    Start(Ref<StateId>),
    Flag(Ref<FlagId>, bool),
    Event {
        event: Ref<EventId>,
        payload: Vec<Assign>,
        /// How many times it is delivered (`twice` = 2).
        times: u32,
    },
    Override {
        to: Ref<StateId>,
        role: String,
    },
    Expect(Expect),
}

#[derive(Clone, Debug)]
pub struct Step {
    pub kind: StepKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Test {
    pub name: String,
    pub kind: TestKind,
    pub steps: Vec<Step>,
    pub span: Span,
    pub name_span: Span,
}
