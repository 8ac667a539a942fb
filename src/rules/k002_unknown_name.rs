//! # K002 unknown-name (error)
//!
//! **What it checks.** Every name resolves: states, transitions' events, called actions and
//! their parameters, attributes, facts, payload fields, flags, metrics used by rollback
//! triggers, enum members, imported modules and environments. The diagnostic suggests the
//! closest existing name, or the module to `use` when the name lives in one that is not
//! imported.
//!
//! **Why it matters.** A misspelt action (`kyc.set_state` for `kyc.set_status`) is an automation
//! that silently does nothing in the CRM, or fails at the first client. A rollback trigger on a
//! metric nobody collects never fires. A workflow with unresolved names still gets every other
//! static rule, but its scenario tests do not run.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC v1 {
//!   states {
//!     Review initial
//!     Rejected terminal
//!   }
//!   transition reject: Review -> Rejected on check.completed do kyc.set_state(rejected)
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
//!     Rejected terminal
//!   }
//!   transition reject: Review -> Rejected on check.completed do kyc.set_status(rejected)
//! }
//! ```

crate::codes::declare_rule! {
    code: "K002",
    name: "unknown-name",
    severity: Error,
    control: true,
    remedy: "declare the name or `use` the module that defines it",
    summary: "an unresolved state, action, event, attribute, fact, flag, module or enum member",
}
