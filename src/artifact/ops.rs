//! Operations in the artifact: rollback, release (windows and canaries) and monitoring.

use super::*;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "TriggerA")]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// A metric from the monitoring section, or `queue(STATE)`.
    pub metric: String,
    pub op: String,
    pub threshold: serde_json::Value,
    pub percent: bool,
    pub over_seconds: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "MethodA")]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Method {
    /// Re-deploy an earlier published version.
    PreviousVersion { version: String },
    /// Disable the workflow and route subjects to a manual state.
    DisableRouteTo { state: String },
    /// Switch a feature flag off.
    FlagOff { flag: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "StateMapA")]
#[serde(deny_unknown_fields)]
pub struct StateMap {
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "RemediationA")]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    /// How impacted records are found: `version`, `window`, `segment`.
    pub identify_by: Vec<String>,
    pub revert: Vec<StateMap>,
    /// Side effects undone by their compensating action.
    pub compensate: Vec<Compensation>,
    /// Side effects fixed by hand.
    pub manual: Vec<Manual>,
    pub communicate: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "CompensationA")]
#[serde(deny_unknown_fields)]
pub struct Compensation {
    pub action: String,
    /// The compensating action from the catalog.
    pub using: Option<String>,
    /// Who carries it out.
    pub with: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ManualA")]
#[serde(deny_unknown_fields)]
pub struct Manual {
    pub action: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "RollbackA")]
#[serde(deny_unknown_fields)]
pub struct Rollback {
    pub triggers: Vec<Trigger>,
    pub methods: Vec<Method>,
    pub backout_seconds: Option<u64>,
    pub state_map: Vec<StateMap>,
    pub remediation: Option<Remediation>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "WindowA")]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// Days in order, `Mon` … `Sun` (a range is expanded).
    pub days: Vec<String>,
    /// `HH:MM`, local to `time_zone`.
    pub start: Option<String>,
    pub end: Option<String>,
    /// IANA time zone name.
    pub time_zone: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "CanaryA")]
#[serde(deny_unknown_fields)]
pub struct Canary {
    pub percent: Option<serde_json::Value>,
    pub regions: Vec<String>,
    pub segments: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ReleaseA")]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub windows: Vec<Window>,
    pub canaries: Vec<Canary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "StuckAlertA")]
#[serde(deny_unknown_fields)]
pub struct StuckAlert {
    pub state: String,
    pub after_seconds: Option<u64>,
    /// Who is alerted (`None` for alerts derived from an SLA: route to the owner).
    pub alert: Option<String>,
    /// `declared` (a `stuck` entry) or `sla` (derived from the state's SLA).
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "MetricA")]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub name: String,
    pub by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ExpectationA")]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub metric: String,
    pub low: serde_json::Value,
    pub high: serde_json::Value,
    pub percent: bool,
    /// `hour`, `day`, or `None` (per run).
    pub per: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "MonitoringA")]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// Declared `stuck` alerts and alerts derived from SLAs of states without one.
    pub stuck_alerts: Vec<StuckAlert>,
    pub metrics: Vec<Metric>,
    pub expectations: Vec<Expectation>,
}

pub(super) fn expand_days(w: &model::Window) -> Vec<String> {
    match (w.from_day, w.to_day) {
        (Some(a), Some(b)) => {
            let mut out = Vec::new();
            let mut d = a;
            loop {
                out.push(crate::literal::DAYS[d as usize].to_string());
                if d == b || out.len() == 7 {
                    break;
                }
                d = (d + 1) % 7;
            }
            out
        }
        _ => vec![w.days_text.clone()],
    }
}

pub(super) fn bound_json(b: &model::Bound) -> serde_json::Value {
    match &b.value {
        Some(d) => num_json(d),
        None => serde_json::Value::from(b.text.clone()),
    }
}

pub(super) fn rollback(cat: &model::Catalog, r: &model::Rollback) -> Rollback {
    Rollback {
        triggers: r
            .triggers
            .iter()
            .map(|t| Trigger {
                metric: match &t.metric {
                    model::MetricRef::Queue(s) => format!("queue({})", s.name),
                    model::MetricRef::Named(n) => n.name.clone(),
                },
                op: t.op.as_str().to_string(),
                threshold: t
                    .threshold
                    .as_ref()
                    .map_or(serde_json::Value::from(t.threshold_text.clone()), |x| {
                        num_json(&x.value)
                    }),
                percent: t.threshold.as_ref().is_some_and(|x| x.percent),
                over_seconds: t.over,
            })
            .collect(),
        methods: r
            .methods
            .iter()
            .map(|m| match &m.kind {
                model::MethodKind::PreviousVersion(_, text, _) => Method::PreviousVersion {
                    version: text.clone(),
                },
                model::MethodKind::DisableRouteTo(s) => Method::DisableRouteTo {
                    state: s.name.clone(),
                },
                model::MethodKind::FlagOff(f) => Method::FlagOff {
                    flag: f.name.clone(),
                },
            })
            .collect(),
        backout_seconds: r.backout.as_ref().and_then(|b| b.value),
        state_map: r
            .maps
            .iter()
            .map(|m| StateMap {
                from: m.from.name.clone(),
                to: m.to.value.clone(),
            })
            .collect(),
        remediation: r.remediate.as_ref().map(|rm| Remediation {
            identify_by: rm.identify.clone(),
            revert: rm
                .reverts
                .iter()
                .map(|x| StateMap {
                    from: x.from.name.clone(),
                    to: x.to.name.clone(),
                })
                .collect(),
            compensate: rm
                .compensates
                .iter()
                .map(|c| Compensation {
                    action: c.action.name.clone(),
                    using: c
                        .action
                        .id
                        .and_then(|a| cat.actions[a].compensate)
                        .map(|x| cat.actions[x].name.clone()),
                    with: c.with.clone(),
                })
                .collect(),
            manual: rm
                .manuals
                .iter()
                .map(|m| Manual {
                    action: m.action.name.clone(),
                    note: m.note.clone(),
                })
                .collect(),
            communicate: rm.communicate.clone(),
        }),
    }
}

/// The artifact's `release`.
pub(super) fn release(r: &model::Release) -> Release {
    Release {
        windows: r
            .windows
            .iter()
            .map(|w| Window {
                days: expand_days(w),
                start: w.start.map(crate::literal::format_clock),
                end: w.end.map(crate::literal::format_clock),
                time_zone: w.zone.clone(),
            })
            .collect(),
        canaries: r
            .canaries
            .iter()
            .map(|c| Canary {
                percent: c.percent.as_ref().map(num_json),
                regions: c
                    .targets
                    .iter()
                    .filter(|t| t.0 == "region")
                    .map(|t| t.1.clone())
                    .collect(),
                segments: c
                    .targets
                    .iter()
                    .filter(|t| t.0 == "segment")
                    .map(|t| t.1.clone())
                    .collect(),
            })
            .collect(),
    }
}

/// The artifact's `monitoring`.
pub(super) fn monitoring(wf: &model::Workflow) -> Monitoring {
    let declared_stuck: Vec<&str> = wf
        .monitor
        .iter()
        .flat_map(|m| m.stuck.iter().map(|s| s.state.name.as_str()))
        .collect();
    let mut stuck_alerts: Vec<StuckAlert> = wf
        .monitor
        .iter()
        .flat_map(|m| m.stuck.iter())
        .map(|s| StuckAlert {
            state: s.state.name.clone(),
            after_seconds: s.after,
            alert: Some(s.alert.clone()),
            source: "declared".to_string(),
        })
        .collect();
    for s in &wf.states {
        if s.has_sla && !s.terminal && !declared_stuck.contains(&s.name.as_str()) {
            stuck_alerts.push(StuckAlert {
                state: s.name.clone(),
                after_seconds: s.sla,
                alert: None,
                source: "sla".to_string(),
            });
        }
    }
    Monitoring {
        stuck_alerts,
        metrics: wf
            .monitor
            .iter()
            .flat_map(|m| m.metrics.iter())
            .map(|m| Metric {
                name: m.name.clone(),
                by: m.by.clone(),
            })
            .collect(),
        expectations: wf
            .monitor
            .iter()
            .flat_map(|m| m.expects.iter())
            .map(|e| Expectation {
                metric: e.name.clone(),
                low: bound_json(&e.low),
                high: bound_json(&e.high),
                percent: e.low.percent || e.high.percent,
                per: e.per.clone(),
            })
            .collect(),
    }
}
