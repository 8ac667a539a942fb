//! Baselines: adopt Keel on an existing repository and fail only on new findings.
//! `keel check --write-baseline FILE` records today's findings; `--baseline FILE` leaves those
//! out (counted as suppressed). Findings are matched by code, file, workflow and message (no
//! line numbers, so unrelated edits do not resurrect them), as a multiset.

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
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Finding>,
}

fn key(file: &str, d: &crate::diagnostic::Diagnostic) -> Finding {
    Finding {
        code: d.code.to_string(),
        file: file.to_string(),
        workflow: d.workflow.clone(),
        message: d.message.clone(),
    }
}

impl Baseline {
    pub fn of(reports: &[FileReport]) -> Baseline {
        let mut findings: Vec<Finding> = reports
            .iter()
            .flat_map(|r| r.diagnostics.iter().map(|d| key(&r.file.path, d)))
            .collect();
        findings.sort();
        Baseline {
            version: 1,
            findings,
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
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
            let path = r.file.path.clone();
            let before = r.diagnostics.len();
            r.diagnostics.retain(|d| {
                let k = key(&path, d);
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
