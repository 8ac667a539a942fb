//! # K003 duplicate-definition (error)
//!
//! **What it checks.** A name is defined once in its namespace. Attributes, facts, events
//! (with their payload fields) and actions share one global namespace; states, transitions,
//! flags, metrics and tests have one namespace per workflow; statements such as `tier`,
//! `owner` or `rollback` appear once per workflow and each approver role once. An event
//! payload field and an attribute may share a name when their types agree: they are one value.
//! The standard library's names are reserved: a file (or a `[library]` module, reported at
//! its `use`) that defines an attribute, fact, event or action some stdlib module defines gets
//! K003 whether or not that module is used (the help names it); payload fields are not
//! definitions. A workflow id (`NAME_vN`) defined in two files of one check is K003 at the
//! later one. Reported at the second definition. K003 is a control: it cannot be suppressed
//! or configured away.
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

crate::codes::declare_rule! {
    code: "K003",
    name: "duplicate-definition",
    severity: Error,
    control: true,
    remedy: "rename or remove the second definition",
    summary: "a name defined twice in its namespace, a workflow id defined twice among the files of one check, or a redefinition of a standard-library name",
}
