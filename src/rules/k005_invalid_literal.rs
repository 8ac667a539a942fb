//! # K005 invalid-literal (error)
//!
//! **What it checks.** Literals are valid: timestamps are RFC 3339 with seconds and a zone and
//! exist on the calendar (no 30 February); durations end in s, m, h or d; percentages are at
//! most 100; clock times are `HH:MM` on a 24-hour clock; time zones are IANA names from the tz
//! database built into Keel; approval digests look like what `keel digest` prints; tiers are
//! 1, 2 or 3; numbers have at most 15 significant digits (counted from the first to the last
//! non-zero digit), so that the artifact publishes them exactly as JSON numbers; person names
//! (owner, maintainer, changelog `by`, approvers) have no control or format character (such as
//! U+200B) and letters of one script only (UTS #39), so no look-alike can pass for someone
//! else. The statement is kept with its value unknown, so no other rule fires merely because
//! it is missing. K005 is a control: it cannot be suppressed or configured away.
//!
//! **Why it matters.** A release window in "Europe/Londres" or an approval dated
//! 2026-02-30 is a control that cannot be evaluated: the release gate never opens, or the audit
//! trail cannot be trusted. Keel's tz database is bundled, so the answer never depends on the
//! build machine.
//!
//! ## Failing example
//!
//! ```keel
//! use std::payments
//!
//! workflow PAYOUT v1 {
//!   states {
//!     Requested initial
//!     Paid terminal
//!   }
//!   transition pay: Requested -> Paid on withdrawal.requested
//!   release {
//!     window Tue-Thu 02:00-05:00 "Europe/Londres"
//!   }
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
//!     Paid terminal
//!   }
//!   transition pay: Requested -> Paid on withdrawal.requested
//!   release {
//!     window Tue-Thu 02:00-05:00 "Europe/London"
//!   }
//! }
//! ```

crate::codes::declare_rule! {
    code: "K005",
    name: "invalid-literal",
    severity: Error,
    control: true,
    remedy: "write a valid literal",
    summary: "a bad timestamp, duration, percent above 100, clock time, time zone or digest; a number with more than 15 significant digits; a person name with a control or format character or letters of more than one script",
}
