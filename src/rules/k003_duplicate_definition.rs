//! # K003 duplicate-definition (error)
//!
//! **What it checks.** A name is defined once in its namespace. Attributes, facts, events
//! (with their payload fields) and actions share one global namespace; states, transitions,
//! flags, metrics and tests have one namespace per workflow; statements such as `tier`,
//! `owner` or `rollback` appear once per workflow and each approver role once. An event
//! payload field and an attribute may share a name when their types agree: they are one value.
//! Reported at the second definition.
//!
//! **Why it matters.** Two states called Review, or a local `client.balance` shadowing the
//! standard library's, make every reference ambiguous: reviewers read one definition, the CRM
//! imports the other.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC v1 {
//!   states {
//!     Review initial
//!     Review
//!     Done terminal
//!   }
//!   transition done: Review -> Done on check.completed
//! }
//! ```
//!
//! ## Passing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC v1 {
//!   states {
//!     Review initial
//!     Done terminal
//!   }
//!   transition done: Review -> Done on check.completed
//! }
//! ```

/// Reported by `crate::resolve`.
pub const CODE: &str = "K003";
