//! The state graph of a workflow (petgraph): one node per state, one edge per resolved
//! transition and per override source. Built in `O(states + transitions + overrides)`.

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::model::{StateId, TransitionId, Workflow};
use crate::span::Span;

/// What an edge stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    Transition(TransitionId),
    /// An override (its index) from one of its source states.
    Override(usize),
}

#[derive(Clone, Copy, Debug)]
pub struct Edge {
    pub kind: EdgeKind,
    /// The statement's span (where diagnostics about the edge point).
    pub span: Span,
}

pub struct StateGraph {
    pub g: DiGraph<StateId, Edge>,
}

impl StateGraph {
    pub fn build(wf: &Workflow) -> StateGraph {
        let mut g = DiGraph::with_capacity(wf.states.len(), wf.transitions.len());
        for i in 0..wf.states.len() {
            g.add_node(i);
        }
        for (i, t) in wf.transitions.iter().enumerate() {
            if let (Some(a), Some(b)) = (t.from.id, t.to.id) {
                g.add_edge(
                    NodeIndex::new(a),
                    NodeIndex::new(b),
                    Edge {
                        kind: EdgeKind::Transition(i),
                        span: t.head_span,
                    },
                );
            }
        }
        for (i, o) in wf.overrides.iter().enumerate() {
            let Some(to) = o.to.id else { continue };
            for f in o.from.iter().filter_map(|f| f.id) {
                g.add_edge(
                    NodeIndex::new(f),
                    NodeIndex::new(to),
                    Edge {
                        kind: EdgeKind::Override(i),
                        span: o.span,
                    },
                );
            }
        }
        StateGraph { g }
    }

    pub fn len(&self) -> usize {
        self.g.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.g.node_count() == 0
    }

    /// Outgoing edges of a state: `(target, edge)`.
    pub fn out(&self, s: StateId) -> impl Iterator<Item = (StateId, &Edge)> {
        self.g
            .edges_directed(NodeIndex::new(s), Direction::Outgoing)
            .map(|e| (e.target().index(), e.weight()))
    }

    /// Incoming edges of a state: `(source, edge)`.
    pub fn incoming(&self, s: StateId) -> impl Iterator<Item = (StateId, &Edge)> {
        self.g
            .edges_directed(NodeIndex::new(s), Direction::Incoming)
            .map(|e| (e.source().index(), e.weight()))
    }

    /// Every edge: `(source, target, edge)`.
    pub fn edges(&self) -> impl Iterator<Item = (StateId, StateId, &Edge)> {
        self.g
            .edge_references()
            .map(|e| (e.source().index(), e.target().index(), e.weight()))
    }

    /// States reachable from `roots` following edges forward (`O(V + E)`).
    pub fn forward(&self, roots: &[StateId]) -> Vec<bool> {
        self.search(roots, Direction::Outgoing)
    }

    /// States from which one of `targets` is reachable (`O(V + E)`).
    pub fn backward(&self, targets: &[StateId]) -> Vec<bool> {
        self.search(targets, Direction::Incoming)
    }

    fn search(&self, roots: &[StateId], dir: Direction) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        let mut stack: Vec<usize> = Vec::new();
        for &r in roots {
            if !seen[r] {
                seen[r] = true;
                stack.push(r);
            }
        }
        while let Some(s) = stack.pop() {
            for n in self.g.neighbors_directed(NodeIndex::new(s), dir) {
                let n = n.index();
                if !seen[n] {
                    seen[n] = true;
                    stack.push(n);
                }
            }
        }
        seen
    }

    /// Strongly connected components (Kosaraju, `O(V + E)`), each sorted by state id, and the
    /// component of each state. petgraph's Kosaraju searches with explicit stacks; its Tarjan
    /// recurses once per state on a path and overflows the stack on a long chain.
    pub fn sccs(&self) -> (Vec<Vec<StateId>>, Vec<usize>) {
        let mut comps: Vec<Vec<StateId>> = petgraph::algo::kosaraju_scc(&self.g)
            .into_iter()
            .map(|c| {
                let mut v: Vec<StateId> = c.into_iter().map(|n| n.index()).collect();
                v.sort_unstable();
                v
            })
            .collect();
        comps.sort();
        let mut of = vec![0; self.len()];
        for (i, c) in comps.iter().enumerate() {
            for &s in c {
                of[s] = i;
            }
        }
        (comps, of)
    }
}
