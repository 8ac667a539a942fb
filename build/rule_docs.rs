//! Collects each rule's documentation (the `//!` comment at the top of `src/rules/kNNN_*.rs`)
//! into a table the binary embeds for `keel explain`.

use std::fmt::Write;
use std::path::Path;

pub fn generate(dir: &Path, dest: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(dir).expect("src/rules") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        println!("cargo:rerun-if-changed={}", path.display());
        let Some(code) = name
            .strip_prefix('k')
            .and_then(|r| r.get(..3))
            .filter(|d| d.chars().all(|c| c.is_ascii_digit()))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("rule file");
        let mut doc = String::new();
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                break;
            };
            doc.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            doc.push('\n');
        }
        entries.push((format!("K{code}"), doc));
    }
    entries.sort();
    let mut out = String::from("/// (code, documentation) of every rule, from src/rules/.\npub const RULE_DOCS: &[(&str, &str)] = &[\n");
    for (code, doc) in entries {
        writeln!(out, "    ({code:?}, {doc:?}),").unwrap();
    }
    out.push_str("];\n");
    std::fs::write(dest, out).unwrap();
}
