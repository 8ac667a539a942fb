//! One open document: its text, its findings, and the analysis the features answer from
//! (the current one, and the last one that parsed, kept while the text has syntax errors).

use std::path::PathBuf;
use std::sync::Arc;

use super::index::{self, Index};
use crate::ast;
use crate::check::{self, CheckOptions, FileReport};
use crate::config::Env;
use crate::project::Project;
use crate::source::SourceFile;

/// Everything known about one version of a document that parses.
pub struct Analysis {
    pub source: Arc<SourceFile>,
    /// The file's `use`s and definitions as written (a copy: the pipeline's resolver consumes
    /// the tree). Its workflows are left out: the features read them from the model.
    pub ast: ast::File,
    pub module: crate::model::Module,
    pub index: Index,
    pub report: FileReport,
}

pub struct Document {
    pub text: String,
    pub version: i64,
    pub path: Option<PathBuf>,
    /// Findings of the current text (syntax errors included).
    pub report: FileReport,
    /// The analysis of the current text, if it parses.
    pub current: Option<Arc<Analysis>>,
    /// The last analysis that parsed: features keep working while the user types.
    pub last_good: Option<Arc<Analysis>>,
}

impl Document {
    /// Checks a version of a document through the pipeline ([`check`]); `previous` is the
    /// document it replaces, whose last good analysis is kept if this text does not parse.
    pub fn check(
        source: Arc<SourceFile>,
        text: String,
        version: i64,
        path: Option<PathBuf>,
        project: &Project,
        env: Env,
        previous: Option<&Document>,
    ) -> Document {
        let opts = CheckOptions {
            env,
            run_tests: true,
            keep_artifacts: false,
        };
        let (report, current) = match check::parse(&source) {
            Err(why) => (FileReport::unparsed(source.clone(), why), None),
            Ok(parsed) => {
                let ast = outline(&parsed.ast);
                let resolved = check::resolve(&source, parsed, &project.library);
                let (report, module) = check::analyse(source.clone(), resolved, project, &opts);
                let index = index::build(&ast, &module);
                let analysis = Analysis {
                    source: source.clone(),
                    ast,
                    module,
                    index,
                    report: FileReport {
                        file: report.file.clone(),
                        diagnostics: report.diagnostics.clone(),
                        suppressed: report.suppressed,
                        workflows: Vec::new(),
                        parsed: true,
                        modules: report.modules.clone(),
                    },
                };
                (report, Some(Arc::new(analysis)))
            }
        };
        let last_good = current
            .clone()
            .or_else(|| previous.and_then(|d| d.last_good.clone()));
        Document {
            text,
            version,
            path,
            report,
            current,
            last_good,
        }
    }

    /// The analysis features should use: the current one, else the last good one.
    pub fn analysis(&self) -> Option<&Arc<Analysis>> {
        self.current.as_ref().or(self.last_good.as_ref())
    }
}

/// The tree without its workflows (the bulk of a big file, which the index and the symbols
/// read from the model).
fn outline(file: &ast::File) -> ast::File {
    ast::File {
        uses: file.uses.clone(),
        items: file
            .items
            .iter()
            .filter(|i| !matches!(i, ast::Item::Workflow(_)))
            .cloned()
            .collect(),
        span: file.span,
    }
}
