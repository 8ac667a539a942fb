//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use keel::ast::*;
use keel::check::{check_file, CheckOptions, FileReport};
use keel::config::Env;
use keel::project::Project;
use keel::source::SourceFile;
use keel::span::Span;

pub fn keel_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_keel"))
}

/// Runs the built binary.
pub fn keel(args: &[&str], cwd: &Path) -> Output {
    Command::new(keel_bin())
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("KEEL_TODAY", "2026-11-25")
        .output()
        .expect("run keel")
}

/// Runs the built binary as an unprivileged user (`nobody`), so that file permissions apply:
/// `None` when that is not possible (not root, or no `setpriv`). The directory `cwd` and what is
/// under it are made readable to everyone first.
#[cfg(unix)]
pub fn keel_unprivileged(args: &[&str], cwd: &Path) -> Option<Output> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    if !root {
        return None;
    }
    // Everything under `cwd` becomes readable, except what was made unreadable on purpose
    // (mode 000).
    let mut stack = vec![cwd.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(m) = std::fs::symlink_metadata(&d) else {
            continue;
        };
        let mode = m.permissions().mode();
        if mode & 0o777 == 0 {
            continue;
        }
        if m.is_dir() {
            let _ = std::fs::set_permissions(&d, std::fs::Permissions::from_mode(mode | 0o055));
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                stack.push(e.path());
            }
        } else if m.is_file() {
            let _ = std::fs::set_permissions(&d, std::fs::Permissions::from_mode(mode | 0o044));
        }
    }
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(keel_bin())
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("KEEL_TODAY", "2026-11-25")
        .output()
        .ok()
        .filter(|o| {
            // setpriv itself failing (not permitted in this container) is "not possible".
            !String::from_utf8_lossy(&o.stderr).starts_with("setpriv:")
        })
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// A fresh temporary directory (removed when dropped).
pub fn tmp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// Every `.keel` file below `dirs` (a missing directory has none), sorted.
pub fn keel_files_in(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = dirs.to_vec();
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.expect("a directory entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "keel") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

pub fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// Checks a text as a file of the default project (no keel.toml, no lock).
pub fn check_text(name: &str, text: &str, env: Env, run_tests: bool) -> FileReport {
    let file = Arc::new(SourceFile::new(name, text));
    check_file(
        file,
        &Project::default(),
        &CheckOptions {
            env,
            run_tests,
            keep_artifacts: true,
        },
    )
}

/// Diagnostics as `CODE line:col-line:col message` lines, plus labels and help.
pub fn describe(report: &FileReport) -> String {
    let f = &report.file;
    let mut out = String::new();
    for d in &report.diagnostics {
        let (s, e) = f.range(d.span);
        out.push_str(&format!(
            "{} {} {}:{}-{}:{} {}\n",
            d.code,
            d.severity.as_str(),
            s.line,
            s.column,
            e.line,
            e.column,
            d.message
        ));
        if !d.label.is_empty() {
            out.push_str(&format!("    label: {}\n", d.label));
        }
        for l in &d.labels {
            let (s, _) = f.range(l.span);
            out.push_str(&format!("    at {}:{}: {}\n", s.line, s.column, l.message));
        }
        if let Some(h) = &d.help {
            out.push_str(&format!("    help: {h}\n"));
        }
    }
    out
}

/// The miette rendering of every diagnostic, without colour.
pub fn render(report: &FileReport) -> String {
    let h = keel::report::human::handler(false);
    report
        .diagnostics
        .iter()
        .map(|d| keel::report::human::render(&h, &report.file, d))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A compact, indented dump of an AST with line:column positions, for grammar snapshots.
pub struct Dump<'a> {
    src: &'a str,
    lines: keel::span::LineIndex,
    out: String,
    depth: usize,
}

impl<'a> Dump<'a> {
    pub fn new(src: &'a str) -> Dump<'a> {
        Dump {
            src,
            lines: keel::span::LineIndex::new(src),
            out: String::new(),
            depth: 0,
        }
    }

    fn at(&self, s: Span) -> String {
        let a = self.lines.line_col(self.src, s.start as usize);
        let b = self.lines.line_col(self.src, s.end as usize);
        format!("@{}:{}-{}:{}", a.line, a.column, b.line, b.column)
    }

    fn line(&mut self, text: String) {
        self.out.push_str(&"  ".repeat(self.depth));
        self.out.push_str(&text);
        self.out.push('\n');
    }

    fn nest(&mut self, f: impl FnOnce(&mut Self)) {
        self.depth += 1;
        f(self);
        self.depth -= 1;
    }

    pub fn file(mut self, f: &File) -> String {
        for u in &f.uses {
            self.line(format!("use {} {}", u.path.name, self.at(u.span)));
        }
        for i in &f.items {
            self.item(i);
        }
        self.out
    }

    fn ty(t: &TypeExpr) -> String {
        match &t.kind {
            TypeKind::Number => "number".into(),
            TypeKind::Text => "text".into(),
            TypeKind::Bool => "bool".into(),
            TypeKind::Time => "time".into(),
            TypeKind::Enum(m) => format!(
                "enum({})",
                m.iter()
                    .map(|i| i.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    fn doc(&mut self, d: &Option<String>) {
        if let Some(d) = d {
            self.nest(|s| s.line(format!("doc {d:?}")));
        }
    }

    fn item(&mut self, i: &Item) {
        match i {
            Item::Attribute(a) => {
                self.line(format!(
                    "attribute {}: {} {}",
                    a.name.name,
                    Self::ty(&a.ty),
                    self.at(a.span)
                ));
                self.doc(&a.doc);
            }
            Item::Fact(f) => {
                self.line(format!(
                    "fact {} {:?} {}",
                    f.name.name,
                    f.description.as_ref().map(|s| s.value.clone()),
                    self.at(f.span)
                ));
                self.doc(&f.doc);
            }
            Item::Event(e) => {
                let fields: Vec<String> = e
                    .fields
                    .iter()
                    .map(|f| format!("{}: {}", f.name.name, Self::ty(&f.ty)))
                    .collect();
                self.line(format!(
                    "event {} braces={} [{}] {}",
                    e.name.name,
                    e.braces,
                    fields.join(", "),
                    self.at(e.span)
                ));
                self.doc(&e.doc);
            }
            Item::Action(a) => {
                let params: Option<Vec<String>> = a.params.as_ref().map(|ps| {
                    ps.iter()
                        .map(|p| format!("{}: {}", p.name.name, Self::ty(&p.ty)))
                        .collect()
                });
                self.line(format!(
                    "action {} params={:?} {}",
                    a.name.name,
                    params,
                    self.at(a.span)
                ));
                self.doc(&a.doc);
                self.nest(|s| {
                    for st in &a.stmts {
                        let text = match &st.kind {
                            ActionStmtKind::Risk(w) => format!("risk {}", w.text),
                            ActionStmtKind::IdempotentBy(n) => format!("idempotent by {}", n.name),
                            ActionStmtKind::Compensate(n) => format!("compensate {}", n.name),
                            ActionStmtKind::Establishes(ns) => format!("establishes {}", names(ns)),
                            ActionStmtKind::Clears(ns) => format!("clears {}", names(ns)),
                            ActionStmtKind::Effect {
                                adds,
                                target,
                                param,
                            } => format!(
                                "{} {} {}",
                                if *adds { "adds" } else { "subtracts" },
                                target.name,
                                param.name
                            ),
                        };
                        let at = s.at(st.span);
                        s.line(format!("{text} {at}"));
                    }
                });
            }
            Item::Workflow(w) => {
                self.line(format!(
                    "workflow {} v{} {} head{}",
                    w.name.name,
                    w.version.digits,
                    self.at(w.span),
                    self.at(w.head_span)
                ));
                self.doc(&w.doc);
                self.nest(|s| {
                    for st in &w.stmts {
                        s.wf_stmt(st);
                    }
                });
            }
        }
    }

    fn wf_stmt(&mut self, st: &WfStmt) {
        let at = self.at(st.span);
        match &st.kind {
            WfStmtKind::Title(s) => self.line(format!("title {:?} {at}", s.value)),
            WfStmtKind::Tier(w) => self.line(format!("tier {} {at}", w.text)),
            WfStmtKind::Subject(i) => self.line(format!("subject {} {at}", i.name)),
            WfStmtKind::Owner(s) => self.line(format!("owner {:?} {at}", s.value)),
            WfStmtKind::Maintainer(s) => self.line(format!("maintainer {:?} {at}", s.value)),
            WfStmtKind::Environments(e) => self.line(format!("environments {} {at}", names(e))),
            WfStmtKind::Flag(f) => self.line(format!(
                "flag {} default={:?} {at}",
                f.name.name,
                f.default.as_ref().map(|w| w.text.clone())
            )),
            WfStmtKind::Scope(s) => {
                self.line(format!("scope {at}"));
                self.nest(|d| {
                    for it in &s.items {
                        let text = match &it.kind {
                            ScopeItemKind::Clients(w) => format!("clients {}", w.text),
                            ScopeItemKind::Trades(w) => format!("trades {}", w.text),
                            ScopeItemKind::Recalculation(None) => "recalculation none".into(),
                            ScopeItemKind::Recalculation(Some(l)) => {
                                format!("recalculation since {}", lit(l))
                            }
                            ScopeItemKind::Regions(r) => format!("regions {}", strs(r)),
                            ScopeItemKind::Groups(g) => format!("groups {}", strs(g)),
                        };
                        d.line(text);
                    }
                });
            }
            WfStmtKind::Changelog(c) => {
                self.line(format!("changelog {at}"));
                self.nest(|d| {
                    for it in &c.items {
                        d.line(format!("{} {:?}", it.key.text, it.value.value));
                    }
                });
            }
            WfStmtKind::Approvals(a) => {
                self.line(format!("approvals {at}"));
                self.nest(|d| {
                    for e in &a.entries {
                        let at = d.at(e.span);
                        d.line(format!(
                            "{} {:?} {} at {} for={:?} {at}",
                            e.role.text,
                            e.person.value,
                            e.decision.text,
                            lit(&e.at),
                            e.digest.as_ref().map(|s| s.value.clone())
                        ));
                    }
                });
            }
            WfStmtKind::States(s) => {
                self.line(format!("states {at}"));
                self.nest(|d| {
                    for decl in &s.states {
                        let attrs: Vec<String> = decl
                            .attrs
                            .iter()
                            .map(|a| match &a.kind {
                                StateAttrKind::Initial => "initial".into(),
                                StateAttrKind::Terminal => "terminal".into(),
                                StateAttrKind::Manual => "manual".into(),
                                StateAttrKind::Sla(l) => format!("sla {}", lit(l)),
                                StateAttrKind::Requires(r) => format!("requires {}", names(r)),
                            })
                            .collect();
                        let at = d.at(decl.span);
                        d.line(format!("{} [{}] {at}", decl.name.name, attrs.join(" | ")));
                    }
                });
            }
            WfStmtKind::Transition(t) => {
                self.line(format!(
                    "transition {}: {} -> {} on {} {at}",
                    t.name.name, t.from.name, t.to.name, t.event.name
                ));
                self.nest(|d| {
                    match &t.when {
                        Some(When::Otherwise(_)) => d.line("when otherwise".into()),
                        Some(When::Guard(g)) => d.line(format!("when {}", expr(g))),
                        None => {}
                    }
                    if let Some(b) = &t.behind {
                        d.line(format!("behind {}", b.name));
                    }
                    for c in &t.calls {
                        let args = c.args.as_ref().map(|a| {
                            a.iter()
                                .map(|x| match &x.name {
                                    Some(n) => format!("{}: {}", n.name, expr(&x.value)),
                                    None => expr(&x.value),
                                })
                                .collect::<Vec<_>>()
                                .join(", ")
                        });
                        let at = d.at(c.span);
                        d.line(format!("call {} args={:?} {at}", c.action.name, args));
                    }
                });
            }
            WfStmtKind::Override(o) => self.line(format!(
                "override {} -> {} by {:?} {at}",
                names(&o.from),
                o.to.name,
                o.role.value
            )),
            WfStmtKind::Invariant(i) => match &i.body {
                InvariantBody::Guard(g) => {
                    self.line(format!("invariant {:?} {} {at}", i.name.value, expr(g)))
                }
                InvariantBody::OncePer { action, key } => self.line(format!(
                    "invariant {:?} once {} per {} {at}",
                    i.name.value, action.name, key.name
                )),
            },
            WfStmtKind::Rollback(r) => {
                self.line(format!("rollback {at}"));
                self.nest(|d| {
                    for it in &r.items {
                        match &it.kind {
                            RollbackItemKind::Trigger {
                                metric,
                                op,
                                threshold,
                                over,
                            } => d.line(format!(
                                "trigger {} {} {} over={:?}",
                                match metric {
                                    Metric::Queue(s) => format!("queue({})", s.name),
                                    Metric::Named(n) => n.name.clone(),
                                },
                                op.as_str(),
                                lit(threshold),
                                over.as_ref().map(lit)
                            )),
                            RollbackItemKind::Method(m) => d.line(match m {
                                Method::PreviousVersion(v) => {
                                    format!("method previous_version v{}", v.digits)
                                }
                                Method::DisableRouteTo(s) => {
                                    format!("method disable route_to {}", s.name)
                                }
                                Method::FlagOff(f) => format!("method flag {} off", f.name),
                            }),
                            RollbackItemKind::Backout(l) => d.line(format!("backout {}", lit(l))),
                            RollbackItemKind::Map { from, to } => {
                                d.line(format!("map {} -> {}", from.name, to.name))
                            }
                            RollbackItemKind::Remediate(items) => {
                                d.line("remediate".into());
                                d.nest(|e| {
                                    for ri in items {
                                        e.line(match &ri.kind {
                                            RemediateItemKind::Identify(k) => format!(
                                                "identify by {}",
                                                k.iter()
                                                    .map(|w| w.text.as_str())
                                                    .collect::<Vec<_>>()
                                                    .join(", ")
                                            ),
                                            RemediateItemKind::Revert { from, to } => {
                                                format!("revert {} -> {}", from.name, to.name)
                                            }
                                            RemediateItemKind::Compensate { action, with } => {
                                                format!(
                                                    "compensate {} with={:?}",
                                                    action.name,
                                                    with.as_ref().map(|s| s.value.clone())
                                                )
                                            }
                                            RemediateItemKind::Manual { action, note } => {
                                                format!("manual {} {:?}", action.name, note.value)
                                            }
                                            RemediateItemKind::Communicate(s) => {
                                                format!("communicate {:?}", s.value)
                                            }
                                        });
                                    }
                                });
                            }
                        }
                    }
                });
            }
            WfStmtKind::Release(r) => {
                self.line(format!("release {at}"));
                self.nest(|d| {
                    for it in &r.items {
                        d.line(match &it.kind {
                            ReleaseItemKind::Window {
                                from_day,
                                to_day,
                                start,
                                end,
                                zone,
                            } => format!(
                                "window {}..{:?} {}-{} {:?}",
                                from_day.name,
                                to_day.as_ref().map(|t| t.name.clone()),
                                lit(start),
                                lit(end),
                                zone.value
                            ),
                            ReleaseItemKind::Canary { percent, targets } => format!(
                                "canary {:?} [{}]",
                                percent.as_ref().map(lit),
                                targets
                                    .iter()
                                    .map(|t| format!("{} {:?}", t.kind.text, t.value.value))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        });
                    }
                });
            }
            WfStmtKind::Monitor(m) => {
                self.line(format!("monitor {at}"));
                self.nest(|d| {
                    for it in &m.items {
                        d.line(match &it.kind {
                            MonitorItemKind::Stuck {
                                state,
                                after,
                                alert,
                            } => {
                                format!(
                                    "stuck {} after {} alert {:?}",
                                    state.name,
                                    lit(after),
                                    alert.value
                                )
                            }
                            MonitorItemKind::Metric { name, by } => {
                                format!(
                                    "metric {} by={:?}",
                                    name.name,
                                    by.as_ref().map(|b| b.name.clone())
                                )
                            }
                            MonitorItemKind::Expect {
                                name,
                                low,
                                high,
                                per,
                            } => format!(
                                "expect {} within {}..{} per={:?}",
                                name.name,
                                lit(low),
                                lit(high),
                                per.as_ref().map(|p| p.text.clone())
                            ),
                        });
                    }
                });
            }
            WfStmtKind::Access(a) => {
                self.line(format!("access {at}"));
                self.nest(|d| {
                    for it in &a.items {
                        d.line(format!("{} {}", it.kind.text, strs(&it.roles)));
                    }
                });
            }
            WfStmtKind::Test(t) => {
                self.line(format!("test {:?} {} {at}", t.name.value, t.kind.text));
                self.nest(|d| {
                    for s in &t.stmts {
                        let at = d.at(s.span);
                        let text = match &s.kind {
                            TestStmtKind::Given(kvs) => format!("given {}", kvs_text(kvs)),
                            TestStmtKind::Start(s) => format!("start {}", s.name),
                            TestStmtKind::Flag { name, on } => {
                                format!("flag {} on={on}", name.name)
                            }
                            TestStmtKind::Event {
                                name,
                                payload,
                                braces,
                                repeat,
                            } => {
                                format!(
                                    "event {} braces={braces} {} {:?}",
                                    name.name,
                                    kvs_text(payload),
                                    repeat
                                )
                            }
                            TestStmtKind::Override { to, role } => {
                                format!("override -> {} by {:?}", to.name, role.value)
                            }
                            TestStmtKind::Expect(e) => format!(
                                "expect {}",
                                match e {
                                    ExpectKind::State(s) => format!("state {}", s.name),
                                    ExpectKind::Action { action, count } =>
                                        format!("action {} {:?}", action.name, count),
                                    ExpectKind::Total { name, op, value } => format!(
                                        "total {} {} {}",
                                        name.name,
                                        op.as_str(),
                                        lit(value)
                                    ),
                                    ExpectKind::Fact(f) => format!("fact {}", f.name),
                                    ExpectKind::Ignored => "ignored".into(),
                                    ExpectKind::Compare { name, op, value } =>
                                        format!("{} {} {}", name.name, op.as_str(), lit(value)),
                                }
                            ),
                        };
                        d.line(format!("{text} {at}"));
                    }
                });
            }
        }
    }
}

fn names(ns: &[Ident]) -> String {
    ns.iter()
        .map(|n| n.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn strs(ss: &[Str]) -> String {
    ss.iter()
        .map(|s| format!("{:?}", s.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn kvs_text(kvs: &[Kv]) -> String {
    format!(
        "{{{}}}",
        kvs.iter()
            .map(|k| format!("{}: {}", k.name.name, lit(&k.value)))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A literal with its kind, e.g. `num(5)`, `pct(2.5)`, `dur(15m)`, `ts(...)`, `str("x")`.
pub fn lit(l: &Literal) -> String {
    let sign = if l.negative { "-" } else { "" };
    match &l.kind {
        LitKind::Number(s) => format!("num({sign}{s})"),
        LitKind::Percent(s) => format!("pct({sign}{s})"),
        LitKind::Duration(s) => format!("dur({sign}{s})"),
        LitKind::Timestamp(s) => format!("ts({s})"),
        LitKind::Str(s) => format!("str({s:?})"),
        LitKind::Bool(b) => format!("bool({b})"),
        LitKind::Ident(s) => format!("word({s})"),
        LitKind::Clock(s) => format!("clock({s})"),
    }
}

/// An expression fully parenthesised in prefix form, so precedence is visible.
pub fn expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Binary { op, lhs, rhs, .. } => {
            format!("({} {} {})", op.as_str(), expr(lhs), expr(rhs))
        }
        ExprKind::Not(x) => format!("(not {})", expr(x)),
        ExprKind::Neg(x) => format!("(neg {})", expr(x)),
        ExprKind::In { lhs, list } => format!(
            "(in {} [{}])",
            expr(lhs),
            list.iter().map(lit).collect::<Vec<_>>().join(", ")
        ),
        ExprKind::Paren(x) => format!("(paren {})", expr(x)),
        ExprKind::Name(n) => n.name.clone(),
        ExprKind::Lit(l) => lit(l),
    }
}

/// Binds every approval line without `for` to the file's current digest (what the conformance
/// runner does, and what `keel approve` writes).
pub fn bind_approvals(text: &str) -> String {
    let module = keel::check::model(
        &keel::source::SourceFile::new("t.keel", text),
        keel::stdlib::Library::embedded(),
    )
    .expect("parses");
    let digests: Vec<(keel::span::Span, String)> = module
        .workflows
        .iter()
        .map(|w| {
            (
                w.span,
                keel::check::content_artifact(&module.catalog, w).digest,
            )
        })
        .collect();
    let mut out = String::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let is_approval = [
            "owner \"",
            "maintainer \"",
            "compliance \"",
            "finance_risk \"",
        ]
        .iter()
        .any(|p| trimmed.starts_with(p))
            && trimmed.contains(" at ")
            && !trimmed.contains(" for ");
        let digest = digests
            .iter()
            .find(|(s, _)| s.contains(offset))
            .map(|(_, d)| d.clone());
        match (is_approval, digest) {
            (true, Some(d)) => {
                let body = line.trim_end_matches(['\n', '\r']);
                out.push_str(&format!("{body} for \"{d}\"{}", &line[body.len()..]));
            }
            _ => out.push_str(line),
        }
        offset += line.len();
    }
    out
}

/// A Tier 1 workflow with one test, for tests that write files.
pub const GREETING: &str = r#"use std::client
use std::notify

workflow GREETING v1 {
  tier 1
  owner "l.garcia"
  maintainer "j.doe"
  states {
    New initial
    Done terminal
  }
  transition greet: New -> Done on client.registered
    do notify.email("hello")
  test "greets" happy_path {
    event client.registered
    expect state Done
  }
}
"#;

/// A temporary project whose keel.toml checks for production.
pub fn production_project() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("keel.toml"),
        "[check]\nenv = \"production\"\n",
    )
    .unwrap();
    d
}

/// Runs keel with `args` in `dir`, failing the test if it has not exited within 20 s (a
/// command that blocks, e.g. on a FIFO, must not hang the suite).
pub fn keel_within_20s(args: &[&str], dir: &Path) -> Output {
    let mut child = Command::new(keel_bin())
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("keel {args:?} blocked");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}
