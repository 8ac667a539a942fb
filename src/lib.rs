//! Keel: the compiler and linter for the governed workflow language of broker CRMs.
//!
//! Data flows one way: source → [`syntax`] → [`resolve`] → [`model`] → analyses →
//! diagnostics and [`artifact`]s. Rules never re-parse; emitters never re-analyse.

pub mod analysis;
pub mod approve;
pub mod artifact;
pub mod ast;
pub mod baseline;
pub mod canonical;
pub mod check;
pub mod cli;
pub mod codes;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod digest;
pub mod fmt;
pub mod fsutil;
pub mod graph;
pub mod library_check;
pub mod literal;
pub mod lock;
pub mod lsp;
pub mod model;
pub mod people;
pub mod picture;
pub mod project;
pub mod render;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod severity;
pub mod sim;
pub mod source;
pub mod span;
pub mod stdlib;
pub mod suppress;
pub mod syntax;
