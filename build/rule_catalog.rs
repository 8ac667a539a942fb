//! The rule catalogue, read from the `declare_rule! { ... }` block of each
//! `src/rules/kNNN_*.rs`: one `RuleInfo` per rule (in code order) and one constant per code
//! (`K001`, ...), so that `codes` is a leaf every layer can name codes from. The rule files keep
//! their declaration (which still defines their `RULE` and `CODE`); a test holds
//! `rules::DECLARED` equal to this table field by field.

use std::fmt::Write;
use std::path::Path;

/// One declaration: its fields as written (literal tokens, copied verbatim).
struct Declared {
    code: String,
    fields: Vec<(String, String)>,
}

fn parse(path: &Path, text: &str) -> Declared {
    let start = text
        .find("declare_rule! {")
        .unwrap_or_else(|| panic!("{}: no declare_rule! block", path.display()));
    let body = &text[start + "declare_rule! {".len()..];
    let end = body
        .find("\n}")
        .unwrap_or_else(|| panic!("{}: unterminated declare_rule!", path.display()));
    let mut fields = Vec::new();
    for line in body[..end].lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (key, value) = line
            .split_once(": ")
            .unwrap_or_else(|| panic!("{}: bad declare_rule! line {line:?}", path.display()));
        let value = value.strip_suffix(',').unwrap_or(value);
        fields.push((key.to_string(), value.to_string()));
    }
    let code = fields
        .iter()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.trim_matches('"').to_string())
        .unwrap_or_else(|| panic!("{}: declare_rule! without code", path.display()));
    Declared { code, fields }
}

pub fn generate(dir: &Path, dest: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut rules = Vec::new();
    for entry in std::fs::read_dir(dir).expect("src/rules") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let is_rule = name.ends_with(".rs")
            && name
                .strip_prefix('k')
                .and_then(|r| r.get(..3))
                .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()));
        if !is_rule {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("rule file");
        rules.push(parse(&path, &text));
    }
    rules.sort_by(|a, b| a.code.cmp(&b.code));
    let field = |d: &Declared, key: &str, default: &str| {
        d.fields
            .iter()
            .find(|(k, _)| k == key)
            .map_or(default.to_string(), |(_, v)| v.clone())
    };
    let mut out = String::from(
        "/// Every rule, in code order: the declarations of `src/rules/kNNN_*.rs`.\n\
         pub const RULES: &[RuleInfo] = &[\n",
    );
    for d in &rules {
        writeln!(
            out,
            "    RuleInfo {{ code: {}, name: {}, severity: Severity::{}, env_sensitive: {}, \
             control: {}, remedy: {}, summary: {} }},",
            field(d, "code", ""),
            field(d, "name", ""),
            field(d, "severity", ""),
            field(d, "env_sensitive", "false"),
            field(d, "control", "false"),
            field(d, "remedy", "\"fix the finding\""),
            field(d, "summary", ""),
        )
        .unwrap();
    }
    out.push_str("];\n");
    for d in &rules {
        writeln!(
            out,
            "/// The code of rule {0} (declared in `src/rules/`).\npub const {0}: &str = {0:?};",
            d.code
        )
        .unwrap();
    }
    std::fs::write(dest, out).unwrap();
}
