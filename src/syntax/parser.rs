//! The pest binding: `grammar/keel.pest` compiled into `KeelParser` and its `Rule` enum.

use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "../grammar/keel.pest"]
pub struct KeelParser;
