//! `keel schema`: the JSON Schema (draft 2020-12) of the artifact, derived from its Rust types.

#[derive(clap::Args, Debug)]
pub struct SchemaArgs {}

/// The schema as pretty JSON with a trailing newline.
pub fn schema_json() -> String {
    let mut schema = schemars::schema_for!(crate::artifact::Artifact);
    schema.insert(
        "$id".to_string(),
        serde_json::Value::from("urn:keel:artifact:v1"),
    );
    schema.insert(
        "title".to_string(),
        serde_json::Value::from("Keel workflow artifact (keel.artifact/v1)"),
    );
    let mut s = serde_json::to_string_pretty(&schema).expect("schemas serialize");
    s.push('\n');
    s
}

pub fn run(_: SchemaArgs) -> u8 {
    print!("{}", schema_json());
    0
}
