//! Reads `grammar/keel.pest` with `pest_meta` and writes `grammar_tables.rs`, the tables that
//! `src/syntax/tables.rs` includes. Nothing in `src/` copies a keyword or punctuation list by
//! hand; the conventions below are how the grammar says what each rule is (docs/grammar.md).
//!
//! - `kw_NAME = @{ "text" ~ !ident_char }` is a keyword: `kw::NAME`, described "`text`".
//! - A plain rule that is one string (`colon = { ":" }`) is punctuation: `punct::COLON`,
//!   described "`:`"; one that is a choice of strings (`cmp_op`) is `punct::CMP_OP: &[&str]`.
//! - An atomic rule that is a choice of `"word" ~ !ident_char` is a closed word set:
//!   `words::NAME` (`reserved` is also `RESERVED`).
//! - Annotations in the `///` comment above a rule:
//!   - `@expected TEXT`: how a K001 message names the rule ("expected TEXT, found ...");
//!   - `@group(N) TEXT`: when at least two of the keywords that can start the rule are
//!     expected, K001 says TEXT instead (groups are tried in the order of N);
//!     `@group(N) [rule rule ...] TEXT` names the members instead;
//!   - `@template TEXT`: the syntax of the construct that the rule's first keyword starts
//!     (the help of a K001 inside it, and of completion).
//! - `starts::*`: the keywords that can start the rules in [`STARTS`], in grammar order.
//!
//! Anything malformed (an annotation on a silent rule, a template whose rule does not start
//! with exactly one keyword, a group member that is not a rule) stops the build.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::path::Path;

use pest_meta::ast::{Expr, RuleType};
use pest_meta::parser::{self, Rule as Meta};

/// (constant, rule): the statement-start tables.
const STARTS: &[(&str, &str)] = &[
    ("TOP", "file"),
    ("WORKFLOW", "wf_stmt"),
    ("TEST", "test_stmt"),
    ("STATE_ATTR", "state_attr"),
    ("EXPECTATION", "expectation"),
    ("ACTION", "action_stmt"),
    ("SCOPE", "scope_item"),
    ("ROLLBACK", "rollback_item"),
    ("REMEDIATE", "remediate_item"),
    ("RELEASE", "release_item"),
    ("MONITOR", "monitor_item"),
    ("CHANGELOG", "changelog_item"),
];

/// Word sets whose words error recovery reads as names, never as statement starts (a test
/// kind follows `test "name"`; see `syntax::recover::is_name_position`).
const NAME_POSITION_SETS: &[&str] = &["test_kind"];

struct GRule {
    name: String,
    ty: RuleType,
    expr: Expr,
    docs: Vec<String>,
}

struct Grammar {
    rules: Vec<GRule>,
    index: HashMap<String, usize>,
}

fn fail(msg: String) -> ! {
    panic!("grammar/keel.pest: {msg}")
}

impl Grammar {
    fn read(path: &Path) -> Grammar {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(e.to_string()));
        let pairs =
            parser::parse(Meta::grammar_rules, &text).unwrap_or_else(|e| fail(e.to_string()));
        // Doc comments, by the rule they stand above.
        let mut docs: HashMap<String, Vec<String>> = HashMap::new();
        let mut pending: Vec<String> = Vec::new();
        for pair in pairs.clone() {
            if pair.as_rule() != Meta::grammar_rule {
                continue;
            }
            let first = pair.into_inner().next().expect("rule part");
            match first.as_rule() {
                Meta::line_doc => pending.push(
                    first
                        .into_inner()
                        .next()
                        .map_or(String::new(), |d| d.as_str().to_string()),
                ),
                _ => {
                    docs.insert(first.as_str().to_string(), std::mem::take(&mut pending));
                }
            }
        }
        let ast = parser::consume_rules(pairs).unwrap_or_else(|errs| {
            fail(
                errs.iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        });
        let rules: Vec<GRule> = ast
            .into_iter()
            .map(|r| GRule {
                docs: docs.remove(&r.name).unwrap_or_default(),
                name: r.name,
                ty: r.ty,
                expr: r.expr,
            })
            .collect();
        let index = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.name.clone(), i))
            .collect();
        Grammar { rules, index }
    }

    fn rule(&self, name: &str) -> &GRule {
        match self.index.get(name) {
            Some(&i) => &self.rules[i],
            None => fail(format!("no rule `{name}`")),
        }
    }

    fn exists(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// A rule that pest gives a `Rule` variant to.
    fn has_variant(&self, name: &str) -> bool {
        name == "EOI"
            || self
                .index
                .get(name)
                .is_some_and(|&i| self.rules[i].ty != RuleType::Silent)
    }

    /// Annotation lines `@tag ...` of a rule.
    fn annotations<'a>(&'a self, r: &'a GRule, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        r.docs.iter().filter_map(move |d| {
            let rest = d.strip_prefix('@')?.strip_prefix(tag)?;
            (rest.starts_with(' ') || rest.starts_with('(')).then(|| rest.trim_start_matches(' '))
        })
    }
}

/// `"text" ~ !ident_char`
fn bounded_word(e: &Expr) -> Option<&str> {
    match e {
        Expr::Seq(a, b) => match (&**a, &**b) {
            (Expr::Str(s), Expr::NegPred(n)) if matches!(&**n, Expr::Ident(i) if i == "ident_char") => {
                Some(s)
            }
            _ => None,
        },
        _ => None,
    }
}

/// The alternatives of a choice, flattened.
fn alternatives(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Choice(a, b) => {
            let mut v = alternatives(a);
            v.extend(alternatives(b));
            v
        }
        other => vec![other],
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Keyword,
    Punct,
    WordSet,
    Other,
}

struct Tables<'g> {
    g: &'g Grammar,
    kind: HashMap<&'g str, Kind>,
    /// Keyword rule -> text.
    keyword: HashMap<&'g str, &'g str>,
}

impl<'g> Tables<'g> {
    fn new(g: &'g Grammar) -> Tables<'g> {
        let mut kind = HashMap::new();
        let mut keyword = HashMap::new();
        for r in &g.rules {
            let k = if r.name.starts_with("kw_") {
                match (r.ty, bounded_word(&r.expr)) {
                    (RuleType::Atomic, Some(text)) => {
                        keyword.insert(r.name.as_str(), text);
                        Kind::Keyword
                    }
                    _ => fail(format!(
                        "`{}` must read `@{{ \"word\" ~ !ident_char }}`",
                        r.name
                    )),
                }
            } else if r.ty == RuleType::Normal
                && alternatives(&r.expr)
                    .iter()
                    .all(|a| matches!(a, Expr::Str(_)))
            {
                Kind::Punct
            } else if r.ty == RuleType::Atomic
                && alternatives(&r.expr).len() > 1
                && alternatives(&r.expr)
                    .iter()
                    .all(|a| bounded_word(a).is_some())
            {
                Kind::WordSet
            } else {
                Kind::Other
            };
            kind.insert(r.name.as_str(), k);
        }
        Tables { g, kind, keyword }
    }

    fn kind(&self, name: &str) -> Kind {
        self.kind.get(name).copied().unwrap_or(Kind::Other)
    }

    /// A rule that matches one token: keywords, punctuation, word sets and every atomic rule.
    fn is_token(&self, name: &str) -> bool {
        !self.g.exists(name)
            || self.kind(name) != Kind::Other
            || matches!(
                self.g.rule(name).ty,
                RuleType::Atomic | RuleType::CompoundAtomic
            )
    }

    /// The tokens that can start `e`, in grammar order, and whether `e` can match nothing.
    fn first(&self, e: &Expr, out: &mut Vec<String>) -> bool {
        match e {
            Expr::Str(s) | Expr::Insens(s) => {
                push(out, format!("{s:?}"));
                false
            }
            Expr::Range(..) | Expr::Skip(_) => {
                push(out, "ANY".into());
                false
            }
            Expr::Ident(name) if name == "SOI" => true,
            Expr::Ident(name) if self.is_token(name) => {
                push(out, name.clone());
                false
            }
            Expr::Ident(name) => self.first(&self.g.rule(name).expr, out),
            Expr::PeekSlice(..) | Expr::PosPred(_) | Expr::NegPred(_) => true,
            Expr::Seq(a, b) => self.first(a, out) && self.first(b, out),
            Expr::Choice(a, b) => {
                let x = self.first(a, out);
                let y = self.first(b, out);
                x || y
            }
            Expr::Opt(a) | Expr::Rep(a) | Expr::RepMax(a, _) => {
                self.first(a, out);
                true
            }
            Expr::RepOnce(a) | Expr::Push(a) => self.first(a, out),
            Expr::RepExact(a, n) | Expr::RepMin(a, n) => self.first(a, out) || *n == 0,
            Expr::RepMinMax(a, n, _) => self.first(a, out) || *n == 0,
        }
    }

    /// The keyword rules that can start rule `name`.
    fn first_keywords(&self, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.first(&self.g.rule(name).expr, &mut out);
        out.retain(|t| self.kind(t) == Kind::Keyword);
        out
    }

    fn text(&self, kw_rule: &str) -> &'g str {
        self.keyword[kw_rule]
    }

    /// Every rule that `e` names.
    fn referenced<'e>(e: &'e Expr, out: &mut Vec<&'e str>) {
        match e {
            Expr::Ident(n) => out.push(n),
            Expr::PosPred(a)
            | Expr::NegPred(a)
            | Expr::Opt(a)
            | Expr::Rep(a)
            | Expr::RepOnce(a)
            | Expr::RepExact(a, _)
            | Expr::RepMin(a, _)
            | Expr::RepMax(a, _)
            | Expr::RepMinMax(a, _, _)
            | Expr::Push(a) => Self::referenced(a, out),
            Expr::Seq(a, b) | Expr::Choice(a, b) => {
                Self::referenced(a, out);
                Self::referenced(b, out);
            }
            _ => {}
        }
    }

    /// Workflow-statement keywords that appear nowhere else in the grammar (seeing one deeper
    /// than the workflow body means a `}` is missing).
    fn workflow_only(&self) -> Vec<String> {
        let mut uses: HashMap<&str, usize> = HashMap::new();
        for r in &self.g.rules {
            let mut refs = Vec::new();
            Self::referenced(&r.expr, &mut refs);
            for n in refs {
                *uses.entry(n).or_default() += 1;
            }
        }
        let mut set_words: HashSet<&str> = HashSet::new();
        for r in &self.g.rules {
            if self.kind(&r.name) == Kind::WordSet
                && r.name != "reserved"
                && !NAME_POSITION_SETS.contains(&r.name.as_str())
            {
                set_words.extend(alternatives(&r.expr).iter().filter_map(|a| bounded_word(a)));
            }
        }
        for s in NAME_POSITION_SETS {
            self.g.rule(s);
        }
        self.first_keywords("wf_stmt")
            .into_iter()
            .filter(|k| uses.get(k.as_str()) == Some(&1) && !set_words.contains(self.text(k)))
            .collect()
    }

    fn describe(&self, r: &GRule) -> Option<String> {
        let mut notes = self.g.annotations(r, "expected");
        if let Some(text) = notes.next() {
            if !self.g.has_variant(&r.name) {
                fail(format!(
                    "`@expected` on `{}`, which has no `Rule` variant",
                    r.name
                ));
            }
            return Some(text.to_string());
        }
        match (self.kind(&r.name), &r.expr) {
            (Kind::Keyword, _) => Some(format!("`{}`", self.text(&r.name))),
            (Kind::Punct, Expr::Str(s)) => Some(format!("`{s}`")),
            _ => None,
        }
    }
}

fn push(out: &mut Vec<String>, t: String) {
    if !out.contains(&t) {
        out.push(t);
    }
}

fn const_name(rule: &str) -> String {
    rule.trim_start_matches("kw_").to_ascii_uppercase()
}

fn str_list(words: &[&str]) -> String {
    let items: Vec<String> = words.iter().map(|w| format!("{w:?}")).collect();
    format!("&[{}]", items.join(", "))
}

pub fn generate(path: &Path, dest: &Path) {
    println!("cargo:rerun-if-changed={}", path.display());
    let g = Grammar::read(path);
    let t = Tables::new(&g);
    let mut out = String::new();
    writeln!(
        out,
        "// Generated by build/grammar.rs from grammar/keel.pest. Do not edit.\n"
    )
    .unwrap();
    for part in [
        keywords,
        punctuation,
        word_sets,
        statement_starts,
        descriptions,
        groups,
        templates,
    ] {
        part(&g, &t, &mut out);
    }
    std::fs::write(dest, out).unwrap_or_else(|e| fail(format!("{}: {e}", dest.display())));
}

/// `kw::*`, `KEYWORDS`, `keyword_text`.
fn keywords(g: &Grammar, t: &Tables, w: &mut String) {
    writeln!(
        w,
        "/// The text of every keyword rule (`kw_use` is `kw::USE`).\npub mod kw {{"
    )
    .unwrap();
    for r in g.rules.iter().filter(|r| t.kind(&r.name) == Kind::Keyword) {
        writeln!(
            w,
            "    /// `{}`\n    pub const {}: &str = {:?};",
            r.name,
            const_name(&r.name),
            t.text(&r.name)
        )
        .unwrap();
    }
    writeln!(w, "}}\n").unwrap();
    writeln!(w, "/// (rule, text) of every keyword, in grammar order.\npub const KEYWORDS: &[(Rule, &str)] = &[").unwrap();
    for r in g.rules.iter().filter(|r| t.kind(&r.name) == Kind::Keyword) {
        writeln!(w, "    (Rule::{}, {:?}),", r.name, t.text(&r.name)).unwrap();
    }
    writeln!(w, "];\n").unwrap();
    writeln!(w, "/// The text of a keyword rule.\npub fn keyword_text(rule: Rule) -> Option<&'static str> {{\n    Some(match rule {{").unwrap();
    for r in g.rules.iter().filter(|r| t.kind(&r.name) == Kind::Keyword) {
        writeln!(
            w,
            "        Rule::{} => kw::{},",
            r.name,
            const_name(&r.name)
        )
        .unwrap();
    }
    writeln!(w, "        _ => return None,\n    }})\n}}\n").unwrap();
}

/// `punct::*`, `PUNCTUATION`.
fn punctuation(g: &Grammar, t: &Tables, w: &mut String) {
    writeln!(
        w,
        "/// Punctuation and operators (`colon` is `punct::COLON`).\npub mod punct {{"
    )
    .unwrap();
    let mut punct_rules = Vec::new();
    for r in g.rules.iter().filter(|r| t.kind(&r.name) == Kind::Punct) {
        punct_rules.push(r.name.as_str());
        let alts: Vec<&str> = alternatives(&r.expr)
            .iter()
            .map(|a| match a {
                Expr::Str(s) => s.as_str(),
                _ => unreachable!(),
            })
            .collect();
        if alts.len() == 1 {
            writeln!(
                w,
                "    /// `{}`\n    pub const {}: &str = {:?};",
                r.name,
                const_name(&r.name),
                alts[0]
            )
            .unwrap();
        } else {
            writeln!(w, "    /// `{}`, in the order the grammar tries them\n    pub const {}: &[&str] = {};", r.name, const_name(&r.name), str_list(&alts)).unwrap();
        }
    }
    writeln!(w, "}}\n").unwrap();
    writeln!(
        w,
        "/// Every punctuation rule.\npub const PUNCTUATION: &[Rule] = &[{}];\n",
        punct_rules
            .iter()
            .map(|r| format!("Rule::{r}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
    .unwrap();
}

/// `words::*`, `RESERVED`.
fn word_sets(g: &Grammar, t: &Tables, w: &mut String) {
    writeln!(w, "/// Closed word sets (`risk_class` is `words::RISK_CLASS`), in grammar order.\npub mod words {{").unwrap();
    for r in g.rules.iter().filter(|r| t.kind(&r.name) == Kind::WordSet) {
        let ws: Vec<&str> = alternatives(&r.expr)
            .iter()
            .filter_map(|a| bounded_word(a))
            .collect();
        writeln!(
            w,
            "    /// `{}`\n    pub const {}: &[&str] = {};",
            r.name,
            const_name(&r.name),
            str_list(&ws)
        )
        .unwrap();
    }
    writeln!(w, "}}\n").unwrap();
    writeln!(w, "/// Words that are never names (the grammar's `reserved` rule).\npub const RESERVED: &[&str] = words::RESERVED;\n").unwrap();
}

/// `starts::*`.
fn statement_starts(_: &Grammar, t: &Tables, w: &mut String) {
    writeln!(
        w,
        "/// The keywords that can start a construct, in grammar order.\npub mod starts {{"
    )
    .unwrap();
    for (name, rule) in STARTS {
        let ks: Vec<&str> = t.first_keywords(rule).iter().map(|k| t.text(k)).collect();
        writeln!(
            w,
            "    /// What can start `{rule}`.\n    pub const {name}: &[&str] = {};",
            str_list(&ks)
        )
        .unwrap();
    }
    let only: Vec<&str> = t.workflow_only().iter().map(|k| t.text(k)).collect();
    writeln!(w, "    /// Workflow statement keywords that appear nowhere else in the grammar.\n    pub const WORKFLOW_ONLY: &[&str] = {};", str_list(&only)).unwrap();
    writeln!(w, "}}\n").unwrap();
}

/// `describe`.
fn descriptions(g: &Grammar, t: &Tables, w: &mut String) {
    writeln!(w, "/// What a rule means to someone writing Keel (K001 \"expected ...\").\npub fn describe(rule: Rule) -> &'static str {{\n    match rule {{\n        Rule::EOI => \"end of file\",").unwrap();
    for r in &g.rules {
        if let Some(d) = t.describe(r) {
            writeln!(w, "        Rule::{} => {d:?},", r.name).unwrap();
        }
    }
    writeln!(w, "        _ => \"more input\",\n    }}\n}}\n").unwrap();
}

/// `GROUPS`.
fn groups(g: &Grammar, t: &Tables, w: &mut String) {
    let mut groups: Vec<(u32, String, Vec<String>)> = Vec::new();
    for r in &g.rules {
        for note in g.annotations(r, "group") {
            let (order, rest) = note
                .strip_prefix('(')
                .and_then(|n| n.split_once(')'))
                .and_then(|(n, rest)| Some((n.parse::<u32>().ok()?, rest.trim_start())))
                .unwrap_or_else(|| fail(format!("`@group(N) TEXT` expected on `{}`", r.name)));
            let (members, phrase) = match rest.strip_prefix('[').and_then(|m| m.split_once(']')) {
                Some((list, phrase)) => {
                    let ms: Vec<String> = list.split_whitespace().map(str::to_string).collect();
                    for m in &ms {
                        if !g.has_variant(m) {
                            fail(format!(
                                "group member `{m}` on `{}` is not a rule with a variant",
                                r.name
                            ));
                        }
                    }
                    (ms, phrase.trim_start())
                }
                None => (t.first_keywords(&r.name), rest),
            };
            if members.len() < 2 {
                fail(format!(
                    "the group on `{}` has fewer than two members",
                    r.name
                ));
            }
            groups.push((order, phrase.to_string(), members));
        }
    }
    groups.sort_by_key(|(n, _, _)| *n);
    writeln!(w, "/// Sets of alternatives that read better as one phrase, in the order they are tried.\npub const GROUPS: &[(&str, &[Rule])] = &[").unwrap();
    for (_, phrase, members) in &groups {
        let ms: Vec<String> = members.iter().map(|m| format!("Rule::{m}")).collect();
        writeln!(w, "    ({phrase:?}, &[{}]),", ms.join(", ")).unwrap();
    }
    writeln!(w, "];\n").unwrap();
}

/// `TEMPLATES`.
fn templates(g: &Grammar, t: &Tables, w: &mut String) {
    let mut seen = HashSet::new();
    writeln!(w, "/// (first keyword, syntax) of the constructs the grammar documents with `@template`.\npub const TEMPLATES: &[(&str, &str)] = &[").unwrap();
    for r in &g.rules {
        for text in g.annotations(r, "template") {
            let ks = t.first_keywords(&r.name);
            let [k] = ks.as_slice() else {
                fail(format!(
                    "`@template` on `{}`, which does not start with one keyword",
                    r.name
                ));
            };
            if !seen.insert(k.clone()) {
                fail(format!("a second `@template` for `{}`", t.text(k)));
            }
            writeln!(w, "    ({:?}, {text:?}),", t.text(k)).unwrap();
        }
    }
    writeln!(w, "];").unwrap();
}
