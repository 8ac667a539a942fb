//! The language features, one file each. Each reads the document's analysis
//! ([`super::document::Document::analysis`]: the last good one while the text has syntax
//! errors) and answers with the LSP's JSON.

pub mod code_actions;
pub mod completion;
pub mod definition;
pub mod formatting;
pub mod hover;
pub mod references;
pub mod symbols;
