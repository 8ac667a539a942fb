//! The pipeline every command uses: source → [`parse`] → [`resolve`] → [`analyse`] (each
//! workflow's analyses and rules, then the file rules, suppressions and severities), and for
//! the commands that digest, draw, diff or approve a file, [`model`] → [`artifacts`] with the
//! workflow [`select`]or. No other module calls the parser or the resolver on a user's file.
//! Pure: no I/O, no printing.

pub mod seal;
pub mod suite;
pub mod workflow;

use std::sync::Arc;

pub use seal::{artifacts, content_artifact};
pub use suite::run_tests;
pub use workflow::{Settings, WorkflowReport};

use crate::config::{Env, Level};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Module, Workflow};
use crate::project::Project;
use crate::source::SourceFile;
use crate::stdlib::Library;
use crate::suppress::Directive;
use crate::{codes, rules, suppress, syntax};

#[derive(Clone, Copy, Debug)]
pub struct CheckOptions {
    pub env: Env,
    pub run_tests: bool,
    /// Keep each workflow's whole artifact (`keel build`, `publish`, `test`); without it only
    /// digests are computed (`keel check`).
    pub keep_artifacts: bool,
}

/// What checking one file produced.
#[derive(Debug)]
pub struct FileReport {
    pub file: Arc<SourceFile>,
    /// Final diagnostics (suppressed ones removed, severities applied), in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// How many diagnostics suppression directives silenced.
    pub suppressed: usize,
    pub workflows: Vec<WorkflowReport>,
    /// False when the file had syntax errors.
    pub parsed: bool,
    /// The modules the file imports (closure of `use`), in load order: their own findings are
    /// checked with it (see `crate::library_check`).
    pub modules: Vec<Arc<str>>,
}

impl FileReport {
    /// The report of a file that has no syntax tree (see [`Unparsed`]).
    pub fn unparsed(file: Arc<SourceFile>, why: Unparsed) -> FileReport {
        FileReport {
            file,
            diagnostics: why.diagnostics,
            suppressed: 0,
            workflows: Vec::new(),
            parsed: false,
            modules: Vec::new(),
        }
    }

    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// Why a file has no syntax tree, and its K001 diagnostics.
#[derive(Debug)]
pub struct Unparsed {
    /// The file is not valid UTF-8 (else it has syntax errors).
    pub not_utf8: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl Unparsed {
    /// What a command says about the file after its diagnostics.
    pub fn reason(&self) -> &'static str {
        if self.not_utf8 {
            "not valid UTF-8"
        } else {
            "does not parse"
        }
    }
}

/// Stage one: the file's syntax tree. A file that is not valid UTF-8 has none (its text is a
/// lossy copy), nor has one with syntax errors.
pub fn parse(file: &SourceFile) -> Result<syntax::Parsed, Unparsed> {
    if let Some(d) = file.utf8_diagnostic() {
        return Err(Unparsed {
            not_utf8: true,
            diagnostics: vec![d],
        });
    }
    syntax::parse(&file.text).map_err(|diagnostics| Unparsed {
        not_utf8: false,
        diagnostics,
    })
}

/// A resolved file: its model, the resolver's findings and the suppression directives the
/// analyses' findings are filtered through.
pub struct Resolved {
    pub module: Module,
    pub diagnostics: Vec<Diagnostic>,
    pub directives: Vec<Directive>,
}

/// Stage two: name resolution and the waivers of each workflow. It consumes the tree, which
/// the resolver frees statement by statement: the tree and the model are never both whole
/// in memory (on a big file they are most of the peak). A caller that needs the tree
/// afterwards (the language server, `keel approve`) clones it first.
pub fn resolve(file: &SourceFile, parsed: syntax::Parsed, lib: &Library) -> Resolved {
    let anchors = suppress::anchors(&parsed.ast);
    let directives = suppress::directives(&file.text, &parsed.trivia, &anchors);
    drop(anchors);
    let mut waivers = suppress::waivers(&parsed.ast, &directives);
    let (mut module, diagnostics) = crate::resolve::resolve(parsed.ast, lib);
    // Waivers above the actions and events of the [library] modules the file imports are
    // content of its workflows too.
    waivers.extend(suppress::module_waivers(lib, &module.catalog.modules));
    suppress::attach_waivers(&mut module, &waivers);
    Resolved {
        module,
        diagnostics,
        directives,
    }
}

/// Stages one and two for the commands that work on the model (digest, graph, diff, approve,
/// `test --suggest`): the resolved module, whatever its name errors (a name that does not
/// resolve is digested as written), or why the file has none.
pub fn model(file: &SourceFile, lib: &Library) -> Result<Module, Unparsed> {
    Ok(resolve(file, parse(file)?, lib).module)
}

/// The workflows `wanted` names (by id or name), in file order; all of them without a name.
pub fn select<'a>(
    workflows: &'a [Workflow],
    wanted: Option<&'a str>,
) -> impl Iterator<Item = usize> + 'a {
    (0..workflows.len())
        .filter(move |i| wanted.is_none_or(|w| workflows[*i].id == w || workflows[*i].name == w))
}

/// Checks one file against its project: every stage.
pub fn check_file(file: Arc<SourceFile>, project: &Project, opts: &CheckOptions) -> FileReport {
    match parse(&file) {
        Err(why) => FileReport::unparsed(file, why),
        Ok(parsed) => {
            let resolved = resolve(&file, parsed, &project.library);
            analyse(file, resolved, project, opts).0
        }
    }
}

/// Stage three: each workflow's analyses and rules, the file rules, suppressions and
/// severities. Returns the model too (the language server answers questions from it).
pub fn analyse(
    file: Arc<SourceFile>,
    resolved: Resolved,
    project: &Project,
    opts: &CheckOptions,
) -> (FileReport, Module) {
    let Resolved {
        module,
        diagnostics: mut diags,
        directives,
    } = resolved;
    let settings = Settings {
        env: opts.env,
        config: &project.config,
        lock: project.lock.as_ref(),
        run_tests: opts.run_tests,
        keep_artifact: opts.keep_artifacts,
    };
    let mut workflows = Vec::new();
    for wf in &module.workflows {
        let mut a = workflow::check_workflow(&module.catalog, wf, &settings);
        // Moved, not copied: a workflow can have tens of thousands of findings.
        diags.append(&mut a.diagnostics);
        workflows.push(a);
    }
    diags.extend(rules::file_rules(&module.catalog));
    let suppressed = suppress::apply(&mut diags, &directives, suppress::today());
    let diagnostics = finish(diags, project, opts.env);
    (
        FileReport {
            file,
            diagnostics,
            suppressed,
            workflows,
            parsed: true,
            modules: module.catalog.modules.clone(),
        },
        module,
    )
}

/// Findings that need every file of one check: K003 for a workflow id defined in two files
/// (reported at every definition after the first, in input order). Call it on the reports of
/// one run, in input order.
pub fn cross_file(reports: &mut [FileReport]) {
    let mut first: std::collections::HashMap<String, (String, usize)> =
        std::collections::HashMap::new();
    for r in reports.iter_mut() {
        let mut added = false;
        for w in &r.workflows {
            let line = r.file.line_col(w.name_span.start as usize).line;
            match first.get(&id_key(&w.id)) {
                None => {
                    first.insert(id_key(&w.id), (r.file.path.clone(), line));
                }
                // Two definitions in one file are the resolver's K003 already.
                Some((path, _)) if *path == r.file.path => {}
                Some((path, at)) => {
                    r.diagnostics.push(
                        Diagnostic::new(
                            "K003",
                            w.name_span,
                            format!("workflow `{}` is also defined in {path} (line {at})", w.id),
                        )
                        .label("defined again here")
                        .help("a version id names exactly one workflow: give one of them another name or a higher version, or remove the copy")
                        .in_workflow(&w.id),
                    );
                    added = true;
                }
            }
        }
        if added {
            r.diagnostics
                .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        }
    }
}

/// A workflow id compared by its version's value: `X_v05` is `X_v5` (K003 across files).
fn id_key(id: &str) -> String {
    match id.rsplit_once("_v") {
        Some((name, digits))
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            let n = digits.trim_start_matches('0');
            format!("{name}_v{}", if n.is_empty() { "0" } else { n })
        }
        _ => id.to_string(),
    }
}

/// Applies environment sensitivity and configured levels, drops what is off, and sorts.
pub fn finish(diags: Vec<Diagnostic>, project: &Project, env: Env) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = diags
        .into_iter()
        .filter_map(|mut d| {
            if d.pinned {
                return Some(d);
            }
            if env != Env::Production && codes::info(d.code).is_some_and(|i| i.env_sensitive) {
                d.severity = Severity::Warning;
            }
            match project.config.level(d.code) {
                Some(Level::Off) => None,
                Some(Level::On(s)) => {
                    d.severity = s;
                    Some(d)
                }
                None => Some(d),
            }
        })
        .collect();
    sort_diagnostics(&mut out);
    out.dedup();
    out
}

/// Sorts diagnostics by [`Diagnostic::sort_key`], stably, through a permutation of indices: a
/// merge sort of the diagnostics themselves would need a scratch copy of them (megabytes when
/// a big workflow has tens of thousands).
fn sort_diagnostics(v: &mut [Diagnostic]) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| v[a].sort_key().cmp(&v[b].sort_key()));
    // Apply it in place, one cycle at a time: position j receives the element at order[j].
    for i in 0..v.len() {
        if order[i] == usize::MAX {
            continue;
        }
        let mut j = i;
        loop {
            let k = order[j];
            order[j] = usize::MAX;
            if k == i {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    #[test]
    fn diagnostics_sort_stably_in_place() {
        // Equal keys keep their order (their labels tell them apart).
        let mk = |start: usize, label: &str| {
            Diagnostic::new("K101", Span::new(start, start + 1), "m").label(label)
        };
        let starts = [5, 3, 5, 1, 3, 5, 0, 9, 1];
        let mut v: Vec<Diagnostic> = starts
            .iter()
            .enumerate()
            .map(|(i, s)| mk(*s, &i.to_string()))
            .collect();
        let mut expected = v.clone();
        expected.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        sort_diagnostics(&mut v);
        assert_eq!(v, expected);
        let mut empty: Vec<Diagnostic> = Vec::new();
        sort_diagnostics(&mut empty);
    }
}
