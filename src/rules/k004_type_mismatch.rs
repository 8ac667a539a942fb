//! # K004 type-mismatch (error)
//!
//! **What it checks.** Values have the types their context expects: a guard is true or false;
//! both sides of a comparison have one type; `<`, `<=`, `>`, `>=` compare numbers or times;
//! arithmetic works on numbers; an argument matches its parameter (and every parameter gets
//! one); a test value matches its attribute, field or fact; `requires`, `establishes` and
//! `clears` name facts. Reported at the offending operand or value.
//!
//! **Why it matters.** `withdrawal.amount == "1000"` compares a number with text and is never
//! true: the auto-approval it guards silently never fires, or (in a CRM that coerces) fires
//! for the wrong values. Keel refuses to guess.
//!
//! ## Failing example
//!
//! ```keel
//! use std::payments
//!
//! workflow PAYOUT v1 {
//!   states {
//!     Requested initial
//!     Review terminal
//!   }
//!   transition big: Requested -> Review on withdrawal.requested when withdrawal.amount > "1000"
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::payments
//!
//! workflow PAYOUT v1 {
//!   states {
//!     Requested initial
//!     Review terminal
//!   }
//!   transition big: Requested -> Review on withdrawal.requested when withdrawal.amount > 1000
//! }
//! ```

crate::codes::declare_rule! {
    code: "K004",
    name: "type-mismatch",
    severity: Error,
    control: true,
    remedy: "give the value the type the operand or parameter has",
    summary: "a guard, argument or test value of the wrong type",
}
