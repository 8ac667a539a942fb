//! # K110 guard-too-complex (warning)
//!
//! **What it checks.** A guard has at most 24 atoms (comparisons, `in` members, booleans and
//! flags), and the guards of one state and event stay within the analysis budget. Beyond
//! that, Keel does not attempt the ambiguity (K107) and gap (K108) analysis for that state and
//! event, and says so here instead of running for an unbounded time.
//!
//! **Why it matters.** A guard too large for a machine to check exhaustively is also too large
//! for a compliance reviewer to read. Splitting it into several transitions, or moving a long
//! list of groups into one enum attribute, restores both the proof and the review.
//!
//! ## Failing example
//!
//! ```keel
//! use std::ib
//!
//! workflow BIG v1 {
//!   states {
//!     Active initial
//!     Done terminal
//!   }
//!   transition pay: Active -> Done on trade.closed
//!     when trade.volume > 1 and trade.volume > 2 and trade.volume > 3 and trade.volume > 4
//!      and trade.volume > 5 and trade.volume > 6 and trade.volume > 7 and trade.volume > 8
//!      and trade.volume > 9 and trade.volume > 10 and trade.volume > 11 and trade.volume > 12
//!      and trade.volume > 13 and trade.volume > 14 and trade.volume > 15 and trade.volume > 16
//!      and trade.volume > 17 and trade.volume > 18 and trade.volume > 19 and trade.volume > 20
//!      and trade.volume > 21 and trade.volume > 22 and trade.volume > 23 and trade.volume > 24
//!      and trade.volume > 25
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::ib
//!
//! workflow BIG v1 {
//!   states {
//!     Active initial
//!     Done terminal
//!   }
//!   transition pay: Active -> Done on trade.closed when trade.volume > 25
//! }
//! ```

crate::codes::declare_rule! {
    code: "K110",
    name: "guard-too-complex",
    severity: Warning,
    summary: "a guard too large for the ambiguity and gap analysis",
}

use super::Ctx;
use crate::analysis::guards::MAX_ATOMS;
use crate::diagnostic::Diagnostic;

/// Formats what the bounded guard analysis gave up on.
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let wf = ctx.wf;
    let g = &ctx.structure.guards;
    let mut out: Vec<Diagnostic> = g
        .too_complex
        .iter()
        .map(|c| {
            let t = &wf.transitions[c.transition];
            Diagnostic::new(
                CODE,
                c.span,
                format!("the guard of `{}` has {} atoms; overlaps and gaps are not analysed above {MAX_ATOMS}", t.name, c.atoms),
            )
            .label("too many comparisons to analyse")
            .help("split it into several transitions, or replace long lists of values with an enum attribute")
        })
        .collect();
    out.extend(g.budget_exceeded.iter().map(|&tid| {
        let t = &wf.transitions[tid];
        Diagnostic::new(
            CODE,
            t.span,
            format!("the guards of `{}` on `{}` are too many to analyse for overlaps and gaps", t.from.name, t.event.name),
        )
        .label("the analysis budget ran out here")
        .help("split the conditions over fewer, simpler transitions")
    }));
    out
}
