//! The pipeline for one file: parse → resolve → analyse each workflow → file rules →
//! suppressions → severities. Pure: no I/O, no printing.

use std::sync::Arc;

use crate::analysis::{self, Settings, WorkflowAnalysis};
use crate::config::{Env, Level};
use crate::diagnostic::{Diagnostic, Severity};
use crate::project::Project;
use crate::source::SourceFile;
use crate::{codes, resolve, rules, suppress, syntax};

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
    pub workflows: Vec<WorkflowAnalysis>,
    /// False when the file had syntax errors.
    pub parsed: bool,
    /// The modules the file imports (closure of `use`), in load order: their own findings are
    /// checked with it (see `library_check`).
    pub modules: Vec<Arc<str>>,
}

impl FileReport {
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

/// Checks one file against its project.
pub fn check_file(file: Arc<SourceFile>, project: &Project, opts: &CheckOptions) -> FileReport {
    run(file, project, opts, false).0
}

/// The parse and resolution a check was based on (for tools that need both the findings and
/// the model, such as the language server).
pub struct Checked {
    pub parsed: syntax::Parsed,
    pub module: crate::model::Module,
}

/// Checks one file and also returns its parse and model (`None` when it does not parse).
pub fn check_file_keeping(
    file: Arc<SourceFile>,
    project: &Project,
    opts: &CheckOptions,
) -> (FileReport, Option<Checked>) {
    run(file, project, opts, true)
}

fn run(
    file: Arc<SourceFile>,
    project: &Project,
    opts: &CheckOptions,
    keep: bool,
) -> (FileReport, Option<Checked>) {
    if let Some(d) = file.utf8_diagnostic() {
        return (
            FileReport {
                file,
                diagnostics: vec![d],
                suppressed: 0,
                workflows: Vec::new(),
                parsed: false,
                modules: Vec::new(),
            },
            None,
        );
    }
    let parsed = match syntax::parse(&file.text) {
        Ok(p) => p,
        Err(errors) => {
            return (
                FileReport {
                    file,
                    diagnostics: errors,
                    suppressed: 0,
                    workflows: Vec::new(),
                    parsed: false,
                    modules: Vec::new(),
                },
                None,
            )
        }
    };
    let anchors = suppress::anchors(&parsed.ast);
    let directives = suppress::directives(&file.text, &parsed.trivia, &anchors);
    drop(anchors);
    let mut waivers = suppress::waivers(&parsed.ast, &directives);
    // A caller that does not keep the syntax tree lets the resolver free it statement by
    // statement: the tree and the model are then never both whole in memory (on a big file
    // they are most of the peak).
    let (mut module, mut diags, parsed) = if keep {
        let (module, diags) = resolve::resolve(&parsed.ast, &project.library);
        (module, diags, Some(parsed))
    } else {
        let (module, diags) = resolve::resolve_owned(parsed.ast, &project.library);
        (module, diags, None)
    };
    waivers.extend(crate::library_check::module_waivers(
        &project.library,
        &module.catalog.modules,
    ));
    suppress::attach_waivers(&mut module, &waivers);
    let settings = Settings {
        env: opts.env,
        config: &project.config,
        lock: project.lock.as_ref(),
        run_tests: opts.run_tests,
        keep_artifact: opts.keep_artifacts,
    };
    let mut workflows = Vec::new();
    for wf in &module.workflows {
        let mut a = analysis::analyze(&module.catalog, wf, &settings);
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
        parsed.map(|parsed| Checked { parsed, module }),
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
