//! Keeps the TextMate grammar (editors/vscode/syntaxes/keel.tmLanguage.json) honest: every
//! pattern compiles, and a scanner that works like TextMate's (at each step the earliest
//! match wins, ties to the first pattern) gives sample lines the expected scopes.

use serde_json::Value;

struct Pattern {
    re: regex::Regex,
    /// For `begin`/`end` regions.
    end: Option<regex::Regex>,
    scope: Option<String>,
    captures: Vec<(usize, String)>,
}

fn flatten(grammar: &Value, patterns: &Value, out: &mut Vec<Pattern>) {
    for p in patterns.as_array().unwrap() {
        if let Some(inc) = p.get("include").and_then(Value::as_str) {
            let key = inc.trim_start_matches('#');
            let entry = &grammar["repository"][key];
            if entry.get("patterns").is_some() && entry.get("begin").is_none() {
                flatten(grammar, &entry["patterns"], out);
            } else {
                flatten(grammar, &Value::Array(vec![entry.clone()]), out);
            }
            continue;
        }
        let src = p
            .get("match")
            .or_else(|| p.get("begin"))
            .and_then(Value::as_str)
            .expect("match or begin");
        let re = regex::Regex::new(src)
            .unwrap_or_else(|e| panic!("pattern {src} does not compile: {e}"));
        let captures = p
            .get("captures")
            .and_then(Value::as_object)
            .map(|c| {
                c.iter()
                    .map(|(k, v)| (k.parse().unwrap(), v["name"].as_str().unwrap().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let end = p
            .get("end")
            .and_then(Value::as_str)
            .map(|e| regex::Regex::new(e).unwrap());
        out.push(Pattern {
            re,
            end,
            scope: p.get("name").and_then(Value::as_str).map(str::to_string),
            captures,
        });
    }
}

/// (text, scope) of every token the scanner finds in a line.
fn scan(patterns: &[Pattern], line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < line.len() {
        let best = patterns
            .iter()
            .filter_map(|p| {
                p.re.captures_at(line, pos)
                    .map(|c| (c.get(0).unwrap().start(), p, c))
            })
            .min_by_key(|(s, _, _)| *s);
        let Some((_, p, caps)) = best else { break };
        let m = caps.get(0).unwrap();
        if let Some(end) = &p.end {
            let stop = end.find_at(line, m.end()).map_or(line.len(), |e| e.end());
            out.push((
                line[m.start()..stop].to_string(),
                p.scope.clone().unwrap_or_default(),
            ));
            pos = stop;
            continue;
        }
        if let Some(scope) = &p.scope {
            out.push((m.as_str().to_string(), scope.clone()));
        }
        for (i, scope) in &p.captures {
            if let Some(g) = caps.get(*i) {
                out.push((g.as_str().to_string(), scope.clone()));
            }
        }
        pos = if m.end() > m.start() {
            m.end()
        } else {
            m.end() + 1
        };
    }
    out
}

#[test]
fn the_grammar_scopes_keel_source() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("editors/vscode/syntaxes/keel.tmLanguage.json");
    let grammar: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(grammar["scopeName"], "source.keel");
    let mut patterns = Vec::new();
    flatten(&grammar, &grammar["patterns"], &mut patterns);
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "workflow KYC_ROUTING v12 {",
            &[
                ("workflow", "keyword.declaration.workflow"),
                ("KYC_ROUTING", "entity.name.type.workflow"),
                ("v12", "constant.numeric.version"),
            ],
        ),
        (
            "  transition submit: Pending -> Review on document.uploaded",
            &[
                ("transition", "keyword.declaration.transition"),
                ("submit", "entity.name.function.transition"),
                ("Pending", "entity.name.type.state"),
                ("->", "keyword.operator.arrow"),
                ("on", "keyword.control"),
                ("document.uploaded", "variable.other.dotted"),
            ],
        ),
        (
            "    when trade.volume > 0 and not client.risk_flag",
            &[
                ("when", "keyword.control"),
                ("trade.volume", "variable.other.dotted"),
                (">", "keyword.operator.comparison"),
                ("0", "constant.numeric"),
                ("and", "keyword.control"),
                ("not", "keyword.control"),
            ],
        ),
        (
            "    owner \"m.ortiz\" approved at 2026-11-20T10:00:00Z",
            &[
                ("owner", "keyword.other"),
                ("\"m.ortiz\"", "string.quoted.double"),
                ("approved", "constant.other.decision"),
                ("2026-11-20T10:00:00Z", "constant.numeric.timestamp"),
            ],
        ),
        (
            "    Pending initial sla 48h // waits",
            &[
                ("initial", "storage.modifier.state"),
                ("48h", "constant.numeric.duration"),
                ("// waits", "comment.line.double-slash"),
            ],
        ),
        (
            "  // keel:allow K502 -- covered",
            &[("// keel:allow K502 -- covered", "comment.line.directive")],
        ),
        (
            "/// Pays a withdrawal out.",
            &[("/// Pays a withdrawal out.", "comment.line.documentation")],
        ),
        (
            "    window Mon-Thu 22:00-23:30 \"UTC\"",
            &[
                ("window", "keyword.other"),
                ("22:00", "constant.numeric.clock"),
                ("23:30", "constant.numeric.clock"),
            ],
        ),
        (
            "    trigger rate > 5% over 1h",
            &[
                ("5%", "constant.numeric.percent"),
                ("1h", "constant.numeric.duration"),
            ],
        ),
        (
            "use std::payments",
            &[
                ("use", "keyword.other"),
                ("std::payments", "entity.name.namespace"),
            ],
        ),
        (
            "  risk money",
            &[("risk", "keyword.other"), ("money", "constant.other.risk")],
        ),
    ];
    for (line, want) in cases {
        let got = scan(&patterns, line);
        for (text, scope) in *want {
            assert!(
                got.iter()
                    .any(|(t, s)| t == text && s.starts_with(scope) && s.ends_with(".keel")),
                "in `{line}`: `{text}` should be {scope}; got {got:?}"
            );
        }
    }
}
