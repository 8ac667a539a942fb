//! Scenario tests in the artifact: the cases and their coverage.

use super::*;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "TestCaseA")]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    pub name: String,
    pub kind: String,
    /// The steps as Keel source, one per line.
    pub steps: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "CoverageA")]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    pub covered: u32,
    pub total: u32,
    /// Names (transitions) or `transition: comparison` (boundaries) not covered.
    pub uncovered: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "TestsA")]
#[serde(deny_unknown_fields)]
pub struct Tests {
    pub total: u32,
    /// Number of tests per category.
    pub by_category: BTreeMap<String, u32>,
    pub cases: Vec<TestCase>,
    /// Transition coverage by the scenario tests (`None` when they could not run).
    pub transition_coverage: Option<Coverage>,
    /// Boundary coverage of numeric guard comparisons (`None` when they could not run).
    pub boundary_coverage: Option<Coverage>,
}

/// The artifact's `tests`.
pub(super) fn tests(wf: &model::Workflow, coverage: &TestCoverage) -> Tests {
    let mut by_category: BTreeMap<String, u32> = model::TestKind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), 0))
        .collect();
    for t in &wf.tests {
        *by_category.entry(t.kind.as_str().to_string()).or_default() += 1;
    }
    Tests {
        total: wf.tests.len() as u32,
        by_category,
        cases: wf
            .tests
            .iter()
            .map(|t| TestCase {
                name: t.name.clone(),
                kind: t.kind.as_str().to_string(),
                steps: t.steps.iter().map(|s| render::step(&s.kind)).collect(),
            })
            .collect(),
        transition_coverage: coverage.transitions.clone(),
        boundary_coverage: coverage.boundaries.clone(),
    }
}
