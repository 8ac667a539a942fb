//! Issue 15: no import circle between modules (ARCHITECTURE.md, "Small rooms"). The import
//! graph is read from `crate::`, `super::` and `self::` paths in src/ exactly the way
//! `tools/module_graph.py` reads it (unit tests excluded), at two levels: top-level modules
//! (`analysis`, `rules`, ...) and files (`lsp::features`, ...). Data flows one way
//! (source -> syntax -> resolve -> model -> analyses -> diagnostics/artifact), so neither level
//! may have a circle.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;
type Graph = BTreeMap<Module, BTreeSet<Module>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_of(src: &Path, path: &Path) -> Module {
    let rel = path.strip_prefix(src).unwrap().with_extension("");
    let mut segs: Module = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if segs.last().is_some_and(|s| s == "mod") {
        segs.pop();
    }
    if segs == ["lib"] || segs == ["main"] {
        return Vec::new();
    }
    segs
}

/// Comments, string literals and the trailing unit-test module removed.
fn strip(text: &str) -> String {
    let text = Regex::new(r"//[^\n]*").unwrap().replace_all(text, "");
    let text = Regex::new(r"(?s)/\*.*?\*/").unwrap().replace_all(&text, "");
    let text = Regex::new(r##"r#*"(?:.|\n)*?"#*"##)
        .unwrap()
        .replace_all(&text, "\"\"");
    let text = Regex::new(r#""(?:\\.|[^"\\])*""#)
        .unwrap()
        .replace_all(&text, "\"\"");
    Regex::new(r"(?s)#\[cfg\(test\)\]\s*mod\s+tests\s*\{.*")
        .unwrap()
        .replace_all(&text, "")
        .into_owned()
}

fn split_path(p: &str) -> impl Iterator<Item = String> + '_ {
    p.split("::")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

/// `a::{b, c::{d, e}}` -> [a::b, a::c::d, a::c::e]
fn expand(prefix: &[String], body: &str) -> Vec<Module> {
    let group = Regex::new(r"(?s)^([\w:]*?)(?:::)?\{(.*)\}$").unwrap();
    let alias = Regex::new(r"\s+as\s+\w+$").unwrap();
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, ch) in body.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[start..]);
    let mut out = Vec::new();
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if let Some(m) = group.captures(p) {
            let mut pre = prefix.to_vec();
            pre.extend(split_path(&m[1]));
            out.extend(expand(&pre, &m[2]));
        } else {
            let p = alias.replace(p, "");
            let mut full = prefix.to_vec();
            full.extend(split_path(&p));
            out.push(full);
        }
    }
    out
}

fn paths_in(text: &str) -> Vec<Module> {
    let text = strip(text);
    let mut found = Vec::new();
    let uses = Regex::new(r"\buse\s+((?:crate|super|self)\b[^;]*);").unwrap();
    for m in uses.captures_iter(&text) {
        found.extend(expand(&[], &m[1]));
    }
    let paths = Regex::new(r"((?:crate|super)(?:::\w+)+)").unwrap();
    for m in paths.captures_iter(&text) {
        let whole = m.get(1).unwrap();
        let before = text[..whole.start()].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        found.push(split_path(whole.as_str()).collect());
    }
    found
}

/// The file-level import graph of the crate rooted at `src`.
fn file_graph(src: &Path) -> Graph {
    let mut paths = Vec::new();
    rust_files(src, &mut paths);
    let files: BTreeMap<Module, PathBuf> =
        paths.into_iter().map(|p| (module_of(src, &p), p)).collect();
    let mut edges: Graph = files.keys().map(|m| (m.clone(), BTreeSet::new())).collect();
    for (m, p) in &files {
        let text = std::fs::read_to_string(p).unwrap();
        for segs in paths_in(&text) {
            let (base, rest): (Module, &[String]) = match segs[0].as_str() {
                "crate" => (Vec::new(), &segs[1..]),
                "self" => (m.clone(), &segs[1..]),
                "super" => {
                    let n = segs.iter().take_while(|s| *s == "super").count();
                    (m[..m.len().saturating_sub(n)].to_vec(), &segs[n..])
                }
                _ => (m.clone(), &segs[..]),
            };
            let mut full = base;
            full.extend(rest.iter().cloned());
            let target = (1..=full.len())
                .rev()
                .map(|k| full[..k].to_vec())
                .find(|t| files.contains_key(t));
            if let Some(t) = target {
                if &t != m {
                    edges.get_mut(m).unwrap().insert(t);
                }
            }
        }
    }
    edges
}

/// The same graph with each module folded into its top-level module.
fn top_level(files: &Graph) -> Graph {
    let mut g = Graph::new();
    for (k, v) in files {
        if k.is_empty() {
            continue;
        }
        let top = k[..1].to_vec();
        let entry = g.entry(top.clone()).or_default();
        for t in v {
            if t[..1] != top[..] {
                entry.insert(t[..1].to_vec());
            }
        }
    }
    g
}

/// The strongly connected components with more than one member (Tarjan).
fn circles(g: &Graph) -> Vec<Vec<Module>> {
    struct State<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        on: BTreeSet<&'a Module>,
        stack: Vec<&'a Module>,
        out: Vec<Vec<Module>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Module) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        for w in s.g.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                s.on.remove(w);
                comp.push(w.clone());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        on: BTreeSet::new(),
        stack: Vec::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

fn describe(g: &Graph, found: &[Vec<Module>]) -> String {
    let mut out = String::new();
    for c in found {
        let names: Vec<String> = c.iter().map(|m| m.join("::")).collect();
        out.push_str(&format!("  {}\n", names.join(" <-> ")));
        for a in c {
            for b in &g[a] {
                if c.contains(b) {
                    out.push_str(&format!("      {} -> {}\n", a.join("::"), b.join("::")));
                }
            }
        }
    }
    out
}

#[test]
fn no_import_circle_between_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = file_graph(&src);
    assert!(files.len() > 50, "src/ read: {} files", files.len());
    let top = top_level(&files);
    for (level, g) in [("top-level modules", &top), ("files", &files)] {
        let found = circles(g);
        assert!(
            found.is_empty(),
            "{level}: {} import circle(s); move the shared item down a layer:\n{}",
            found.len(),
            describe(g, &found)
        );
    }
}

/// The scan sees the imports the script sees: grouped `use`, `super::`, inline `crate::` paths,
/// and none inside comments, strings or unit tests.
#[test]
fn the_scan_reads_imports_like_the_script() {
    let text = "use crate::a::{b, c::{d as e}};\nuse super::f;\n// crate::g::h\n\
                fn x() { let _ = \"crate::i::j\"; crate::k::l(); }\n\
                #[cfg(test)]\nmod tests { use crate::m; }\n";
    let got: Vec<String> = paths_in(text).iter().map(|p| p.join("::")).collect();
    // The script's own answer for this text (grouped uses first, then every inline path).
    let want = [
        "crate::a::b",
        "crate::a::c::d",
        "super::f",
        "crate::a",
        "super::f",
        "crate::k::l",
    ];
    assert_eq!(got, want);
}

#[test]
fn a_circle_is_found() {
    let m = |s: &str| vec![s.to_string()];
    let mut g = Graph::new();
    g.insert(m("a"), [m("b")].into());
    g.insert(m("b"), [m("c")].into());
    g.insert(m("c"), [m("a")].into());
    g.insert(m("d"), [m("a")].into());
    assert_eq!(circles(&g), vec![vec![m("a"), m("b"), m("c")]]);
    g.get_mut(&m("c")).unwrap().clear();
    assert!(circles(&g).is_empty());
}
