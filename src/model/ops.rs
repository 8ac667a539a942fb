//! Operations: rollback, release (window and canary) and monitoring.

use super::*;

#[derive(Clone, Debug)]
pub enum MetricRef {
    Queue(Ref<StateId>),
    Named(Ref<usize>),
}

#[derive(Clone, Debug)]
pub struct Threshold {
    pub value: Decimal,
    pub percent: bool,
}

#[derive(Clone, Debug)]
pub struct Trigger {
    pub metric: MetricRef,
    pub op: BinOp,
    pub threshold: Option<Threshold>,
    pub threshold_text: String,
    pub over: Option<u64>,
    pub over_text: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum MethodKind {
    /// The version number (`None` when out of range), as written.
    PreviousVersion(Option<u64>, String, Span),
    DisableRouteTo(Ref<StateId>),
    FlagOff(Ref<FlagId>),
}

#[derive(Clone, Debug)]
pub struct Method {
    pub kind: MethodKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Map {
    pub from: Ref<StateId>,
    /// A state of the rollback target (not of this version).
    pub to: Spanned<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Revert {
    pub from: Ref<StateId>,
    pub to: Ref<StateId>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Compensate {
    pub action: Ref<ActionId>,
    pub with: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Manual {
    pub action: Ref<ActionId>,
    pub note: String,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Remediate {
    pub identify: Vec<String>,
    pub reverts: Vec<Revert>,
    pub compensates: Vec<Compensate>,
    pub manuals: Vec<Manual>,
    pub communicate: Vec<String>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Rollback {
    pub triggers: Vec<Trigger>,
    pub methods: Vec<Method>,
    /// Seconds (`None` inside when invalid).
    pub backout: Option<Spanned<Option<u64>>>,
    pub maps: Vec<Map>,
    pub remediate: Option<Remediate>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Window {
    /// 0 = Mon ... 6 = Sun; `None` when invalid.
    pub from_day: Option<u8>,
    pub to_day: Option<u8>,
    pub days_text: String,
    /// Minutes after midnight.
    pub start: Option<u16>,
    pub end: Option<u16>,
    pub zone: String,
    pub zone_valid: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Canary {
    pub percent: Option<Decimal>,
    /// (`region` | `segment`, value)
    pub targets: Vec<(String, String)>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Release {
    pub windows: Vec<Window>,
    pub canaries: Vec<Canary>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Stuck {
    pub state: Ref<StateId>,
    pub after: Option<u64>,
    pub alert: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Metric {
    pub name: String,
    pub by: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Bound {
    pub value: Option<Decimal>,
    pub percent: bool,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct ExpectMetric {
    pub name: String,
    pub low: Bound,
    pub high: Bound,
    pub per: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Monitor {
    pub stuck: Vec<Stuck>,
    pub metrics: Vec<Metric>,
    pub expects: Vec<ExpectMetric>,
    pub span: Span,
}

impl Monitor {
    /// Every metric name declared by `metric` or `expect`, deduplicated, in order.
    pub fn metric_names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for n in self
            .metrics
            .iter()
            .map(|m| m.name.as_str())
            .chain(self.expects.iter().map(|e| e.name.as_str()))
        {
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }
}
