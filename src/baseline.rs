//! Baselines: adopt Keel on an existing repository and fail only on new findings.
//! `keel check --write-baseline FILE` records today's findings; `--baseline FILE` leaves those
//! out (counted as suppressed). Findings are matched by code, file, workflow, message and the
//! content digest of their workflow (the file's SHA-256 for a finding outside a workflow), as
//! a multiset: no line numbers, so moving text around does not resurrect them, but any edit of
//! the workflow's content brings its findings back. Controls (LANGUAGE.md §8) are never
//! recorded and never hidden.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::check::FileReport;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Finding {
    pub code: String,
    pub file: String,
    pub workflow: Option<String>,
    pub message: String,
    /// The workflow's content digest when the finding was recorded (for a finding outside
    /// any workflow, `sha256:` of the file's text).
    pub digest: String,
}

/// The format version this Keel writes and reads.
pub const VERSION: u32 = 2;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Finding>,
}

fn key(r: &FileReport, file_digest: &str, d: &crate::diagnostic::Diagnostic) -> Finding {
    let digest = d
        .workflow
        .as_ref()
        .and_then(|id| r.workflows.iter().find(|w| w.id == *id))
        .map_or_else(|| file_digest.to_string(), |w| w.digest.clone());
    Finding {
        code: d.code.to_string(),
        file: r.file.path.clone(),
        workflow: d.workflow.clone(),
        message: d.message.clone(),
        digest,
    }
}

/// Controls, and K006 on a directive that names one, are never baselined.
fn protected(d: &crate::diagnostic::Diagnostic) -> bool {
    crate::codes::is_control(d.code) || d.pinned
}

fn file_digest(r: &FileReport) -> String {
    format!(
        "sha256:{}",
        crate::digest::sha256_hex(r.file.text.as_bytes())
    )
}

impl Baseline {
    pub fn of(reports: &[FileReport]) -> Baseline {
        let mut findings: Vec<Finding> = reports
            .iter()
            .flat_map(|r| {
                let fd = file_digest(r);
                r.diagnostics
                    .iter()
                    .filter(|d| !protected(d))
                    .map(move |d| key(r, &fd, d))
                    .collect::<Vec<_>>()
            })
            .collect();
        findings.sort();
        Baseline {
            version: VERSION,
            findings,
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, String> {
        // A FIFO or device given as --baseline is refused without blocking.
        let text = crate::fsutil::read_text(path, 256 << 20)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        #[derive(Deserialize)]
        struct Head {
            version: u32,
        }
        let head: Head = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a Keel baseline: {e}", path.display()))?;
        if head.version != VERSION {
            return Err(format!(
                "{}: a version {} baseline; this Keel reads version {VERSION}, whose entries are bound to each workflow's digest: write it again with `keel check --write-baseline {}`",
                path.display(),
                head.version,
                path.display()
            ));
        }
        serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a Keel baseline: {e}", path.display()))
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("baselines serialize");
        s.push('\n');
        s
    }

    /// Removes baselined findings from the reports; returns how many were removed.
    pub fn apply(&self, reports: &mut [FileReport]) -> usize {
        let mut budget: BTreeMap<&Finding, usize> = BTreeMap::new();
        for f in &self.findings {
            *budget.entry(f).or_default() += 1;
        }
        let mut removed = 0;
        for r in reports.iter_mut() {
            let fd = file_digest(r);
            let before = r.diagnostics.len();
            let keys: Vec<Option<Finding>> = r
                .diagnostics
                .iter()
                .map(|d| (!protected(d)).then(|| key(r, &fd, d)))
                .collect();
            let mut keys = keys.into_iter();
            r.diagnostics.retain(|_| {
                let Some(k) = keys.next().flatten() else {
                    return true; // a control is never hidden
                };
                match budget.get_mut(&k) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            });
            let gone = before - r.diagnostics.len();
            r.suppressed += gone;
            removed += gone;
        }
        removed
    }
}
