//! Keel: the compiler and linter for the governed workflow language of broker CRMs.
//!
//! Data flows one way: source → [`syntax`] → [`resolve`] → [`model`] → analyses →
//! diagnostics and [`artifact`]s. Rules never re-parse; emitters never re-analyse.

pub mod artifact;
pub mod ast;
pub mod codes;
pub mod diagnostic;
pub mod digest;
pub mod literal;
pub mod model;
pub mod resolve;
pub mod span;
pub mod stdlib;
pub mod syntax;
pub mod analysis;
pub mod render;
pub mod check;
pub mod cli;
pub mod config;
pub mod fsutil;
pub mod lock;
pub mod project;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;
