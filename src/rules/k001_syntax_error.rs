//! # K001 syntax-error (error)
//!
//! **What it checks.** The file follows the Keel grammar. Each error points at the first token
//! that could not be parsed and says, in words, what was expected there ("expected `->`, found
//! `Rejected`"), with the syntax of the statement being written or a "did you mean" for a
//! misspelt keyword. Keel recovers at item and statement boundaries, so every syntax error of a
//! file is reported, not just the first. Files above 16 MiB, nesting deeper than 64 levels and
//! text that is not UTF-8 are reported under this code too.
//!
//! **Why it matters.** A file that does not parse cannot be analysed, tested, digested or
//! approved: when a file has K001 errors, no other rule runs on it and `keel digest` refuses
//! it. Fix these first.
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
//!   transition reject: Review Rejected on check.completed
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
//!   transition reject: Review -> Rejected on check.completed
//! }
//! ```

crate::codes::declare_rule! {
    code: "K001",
    name: "syntax-error",
    severity: Error,
    control: true,
    remedy: "fix the syntax error",
    summary: "the file does not parse",
}
