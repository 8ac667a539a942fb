//! # K006 unjustified-suppression (warning)
//!
//! **What it checks.** Every suppression directive `// keel:allow CODE... -- reason [until
//! YYYY-MM-DD]` names known rule codes (or names), gives a reason after `--`, sits directly
//! above the statement it is for (a state, transition, override, block entry, block or
//! workflow), and actually silences something there. A directive without a reason silences
//! nothing. After its `until` date a directive stops applying and the findings come back.
//! A directive naming a control (K001–K005, K201–K210, K301–K306) suppresses nothing for that
//! code and is K006 with severity **error** whatever keel.toml says: "K202 is a control and
//! cannot be suppressed", with what to do instead. Every other suppression is a waiver: it is
//! listed in the artifact's `waivers` and covered by the digest, so adding or changing one
//! after approval makes the approvals stale (K205).
//!
//! **Why it matters.** Suppressions are exceptions to controls; an exception without a recorded
//! reason is the first thing an auditor asks about, and a stale one hides the next real finding
//! at that spot.
//!
//! ## Failing example
//!
//! ```keel
//! use std::kyc
//!
//! workflow KYC v1 {
//!   states {
//!     Review initial
//!     Done terminal
//!   }
//!   // keel:allow K502
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
    code: "K006",
    name: "unjustified-suppression",
    severity: Warning,
    summary: "a `keel:allow` comment without a reason, or one that suppresses nothing; always an error on a directive naming a control",
}
