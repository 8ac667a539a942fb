//! Analyses over the resolved model: tiers, the state graph's structure, must-facts, the
//! guard theory. A pure layer: it reads the model and knows nothing of rules, artifacts or
//! the pipeline (the per-workflow driver is [`crate::check::workflow`]).

pub mod facts;
pub mod guards;
pub mod tier;

use crate::graph::StateGraph;
use crate::model::{Catalog, StateId, Workflow};

/// The state graph and what is known about its shape. Everything here is `O(V + E)` except
/// the facts and guards (see their modules).
pub struct Structure {
    pub graph: StateGraph,
    /// The initial state, when there is exactly one.
    pub initial: Option<StateId>,
    /// Reachable from the initial state (all false without one).
    pub reachable: Vec<bool>,
    /// Some terminal state is reachable from here.
    pub reaches_terminal: Vec<bool>,
    pub sccs: Vec<Vec<StateId>>,
    pub scc_of: Vec<usize>,
    pub facts: facts::Facts,
    pub guards: guards::GuardReport,
}

impl Structure {
    /// `holds` checks each guard witness before it is reported (see [`guards::Holds`]; the
    /// pipeline passes the simulator's `sim::witness_holds`).
    pub fn build(cat: &Catalog, wf: &Workflow, holds: guards::Holds) -> Structure {
        let graph = StateGraph::build(wf);
        let initial = wf.initial();
        let reachable = match initial {
            Some(i) => graph.forward(&[i]),
            None => vec![false; graph.len()],
        };
        let terminals: Vec<StateId> = (0..wf.states.len())
            .filter(|s| wf.states[*s].terminal)
            .collect();
        let reaches_terminal = graph.backward(&terminals);
        let (sccs, scc_of) = graph.sccs();
        let facts = facts::Facts::compute(cat, wf, &graph, initial, &reachable);
        let guards = guards::analyze(cat, wf, holds);
        Structure {
            graph,
            initial,
            reachable,
            reaches_terminal,
            sccs,
            scc_of,
            facts,
            guards,
        }
    }

    /// Whether an edge between these states lies on a cycle.
    pub fn on_cycle(&self, from: StateId, to: StateId) -> bool {
        from == to || self.scc_of[from] == self.scc_of[to]
    }
}
