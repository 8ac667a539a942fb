//! Operations: rollback, release (window and canary) and monitoring.

use super::*;

impl WfResolver<'_> {
    pub(super) fn rollback(&mut self, r: &ast::Rollback, span: Span) {
        let mut m = Rollback {
            span,
            ..Default::default()
        };
        let mut seen = Seen::default();
        for it in &r.items {
            match &it.kind {
                ast::RollbackItemKind::Trigger {
                    metric,
                    op,
                    threshold,
                    over,
                } => {
                    let trigger = self.trigger(metric, *op, threshold, over.as_ref(), it.span);
                    m.triggers.push(trigger);
                }
                ast::RollbackItemKind::Method(method) => {
                    let kind = match method {
                        ast::Method::PreviousVersion(v) => {
                            let n = v.digits.parse::<u64>().ok();
                            if n.is_none() {
                                self.emit(
                                    errors::invalid_literal(
                                        v.span,
                                        format!("version `v{}` is out of range", v.digits),
                                    )
                                    .label("too large"),
                                );
                            }
                            MethodKind::PreviousVersion(n, format!("v{}", v.digits), v.span)
                        }
                        ast::Method::DisableRouteTo(s) => {
                            MethodKind::DisableRouteTo(self.state_ref(s))
                        }
                        ast::Method::FlagOff(f) => MethodKind::FlagOff(self.flag_ref(f)),
                    };
                    m.methods.push(Method {
                        kind,
                        span: it.span,
                    });
                }
                ast::RollbackItemKind::Backout(d) => {
                    if self.once(&mut seen, "backout", it.span) {
                        let v = self.duration_of(d);
                        m.backout = Some(Spanned {
                            value: v,
                            span: it.span,
                        });
                    }
                }
                ast::RollbackItemKind::Map { from, to } => {
                    let from = self.state_ref(from);
                    m.maps.push(Map {
                        from,
                        to: Spanned {
                            value: to.name.clone(),
                            span: to.span,
                        },
                        span: it.span,
                    });
                }
                ast::RollbackItemKind::Remediate(items) => {
                    if !self.once(&mut seen, "remediate", it.span) {
                        continue;
                    }
                    m.remediate = Some(self.remediate(items, it.span));
                }
            }
        }
        self.wf.rollback = Some(m);
    }

    /// A rollback trigger: a collected metric or a queue, a threshold, a window.
    fn trigger(
        &mut self,
        metric: &ast::Metric,
        op: BinOp,
        threshold: &ast::Literal,
        over: Option<&ast::Literal>,
        span: Span,
    ) -> Trigger {
        let metric = match metric {
            ast::Metric::Queue(s) => MetricRef::Queue(self.state_ref(s)),
            ast::Metric::Named(n) => {
                let id = self.metrics.iter().position(|x| *x == n.name);
                if id.is_none() {
                    let help = match suggest(&n.name, self.metrics.iter().map(String::as_str)) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("collect it: add `metric {}` to the workflow's `monitor` block, or trigger on `queue(STATE)`", n.name),
                    };
                    self.emit(
                        errors::unknown_name(
                            n.span,
                            format!(
                                "rollback trigger on metric `{}`, which nobody collects",
                                n.name
                            ),
                        )
                        .label("not declared in the monitor block")
                        .help(help),
                    );
                }
                MetricRef::Named(Ref {
                    id,
                    name: n.name.clone(),
                    span: n.span,
                })
            }
        };
        let (v, _) = self.literal(threshold, None);
        let threshold_v = match v {
            Some(Value::Num(d)) => Some(Threshold {
                value: if matches!(threshold.kind, LitKind::Percent(_)) {
                    d * Decimal::ONE_HUNDRED
                } else {
                    d
                },
                percent: matches!(threshold.kind, LitKind::Percent(_)),
            }),
            _ => None,
        };
        let over_v = over.and_then(|o| self.duration_of(o));
        Trigger {
            metric,
            op,
            threshold: threshold_v,
            threshold_text: threshold.text(),
            over: over_v,
            over_text: over.map(|o| o.text()),
            span,
        }
    }

    /// The `remediate` block of a rollback.
    fn remediate(&mut self, items: &[ast::RemediateItem], span: Span) -> Remediate {
        let mut rm = Remediate {
            span,
            ..Default::default()
        };
        for ri in items {
            match &ri.kind {
                ast::RemediateItemKind::Identify(keys) => {
                    rm.identify.extend(keys.iter().map(|k| k.text.clone()))
                }
                ast::RemediateItemKind::Revert { from, to } => {
                    let from = self.state_ref(from);
                    let to = self.state_ref(to);
                    rm.reverts.push(Revert {
                        from,
                        to,
                        span: ri.span,
                    });
                }
                ast::RemediateItemKind::Compensate { action, with } => {
                    let action = self.action_ref(action);
                    let with = with.as_ref().map(|w| self.string(w).value);
                    rm.compensates.push(Compensate {
                        action,
                        with,
                        span: ri.span,
                    });
                }
                ast::RemediateItemKind::Manual { action, note } => {
                    let action = self.action_ref(action);
                    let note = self.string(note).value;
                    rm.manuals.push(Manual {
                        action,
                        note,
                        span: ri.span,
                    });
                }
                ast::RemediateItemKind::Communicate(s) => {
                    let v = self.string(s).value;
                    rm.communicate.push(v);
                }
            }
        }
        rm
    }

    pub(super) fn release(&mut self, r: &ast::Release, span: Span) {
        let mut m = Release {
            span,
            ..Default::default()
        };
        for it in &r.items {
            match &it.kind {
                ast::ReleaseItemKind::Window {
                    from_day,
                    to_day,
                    start,
                    end,
                    zone,
                } => {
                    let day = |this: &mut Self, d: &ast::Ident| match literal::day(&d.name) {
                        Ok(v) => Some(v),
                        Err(msg) => {
                            let help = suggest(&d.name, literal::DAYS)
                                .map(|s| format!("did you mean `{s}`?"));
                            this.emit(
                                errors::invalid_literal(d.span, msg)
                                    .label("not a day")
                                    .maybe_help(help),
                            );
                            None
                        }
                    };
                    let fd = day(self, from_day);
                    let td = to_day.as_ref().and_then(|d| day(self, d));
                    let clock = |this: &mut Self, c: &ast::Literal| {
                        let text = c.text();
                        match literal::clock(&text) {
                            Ok(v) => Some(v),
                            Err(msg) => {
                                this.emit(
                                    errors::invalid_literal(c.span, msg).label("not a clock time"),
                                );
                                None
                            }
                        }
                    };
                    let s = clock(self, start);
                    let e = clock(self, end);
                    let z = self.string(zone);
                    let zone_valid = match literal::time_zone(&z.value) {
                        Ok(_) => true,
                        Err(msg) => {
                            let help = literal::suggest_zone(&z.value)
                                .map(|s| format!("did you mean \"{s}\"?"))
                                .unwrap_or_else(|| "use an IANA name such as \"Europe/London\", \"Asia/Nicosia\" or \"UTC\"".to_string());
                            self.emit(
                                errors::invalid_literal(zone.span, msg)
                                    .label("unknown time zone")
                                    .help(help),
                            );
                            false
                        }
                    };
                    let days_text = match to_day {
                        Some(t) => format!("{}-{}", from_day.name, t.name),
                        None => from_day.name.clone(),
                    };
                    m.windows.push(Window {
                        from_day: fd,
                        to_day: if to_day.is_some() { td } else { fd },
                        days_text,
                        start: s,
                        end: e,
                        zone: z.value,
                        zone_valid,
                        span: it.span,
                    });
                }
                ast::ReleaseItemKind::Canary { percent, targets } => {
                    let p = percent.as_ref().and_then(|p| match &p.kind {
                        LitKind::Percent(d) => match literal::percent(d) {
                            Ok(v) => Some(v),
                            Err(msg) => {
                                self.emit(
                                    errors::invalid_literal(p.span, msg).label("percent above 100"),
                                );
                                None
                            }
                        },
                        _ => None,
                    });
                    let targets = targets
                        .iter()
                        .map(|t| (t.kind.text.clone(), self.string(&t.value).value))
                        .collect();
                    m.canaries.push(Canary {
                        percent: p,
                        targets,
                        span: it.span,
                    });
                }
            }
        }
        self.wf.release = Some(m);
    }

    pub(super) fn bound(&mut self, lit: &ast::Literal) -> Bound {
        let (v, _) = self.literal(lit, None);
        let percent = matches!(lit.kind, LitKind::Percent(_));
        Bound {
            value: match v {
                Some(Value::Num(d)) => Some(if percent { d * Decimal::ONE_HUNDRED } else { d }),
                _ => None,
            },
            percent,
            text: lit.text(),
        }
    }

    pub(super) fn monitor(&mut self, mo: &ast::Monitor, span: Span) {
        let mut m = Monitor {
            span,
            ..Default::default()
        };
        for it in &mo.items {
            match &it.kind {
                ast::MonitorItemKind::Stuck {
                    state,
                    after,
                    alert,
                } => {
                    let state = self.state_ref(state);
                    let after = self.duration_of(after);
                    let alert = self.string(alert).value;
                    m.stuck.push(Stuck {
                        state,
                        after,
                        alert,
                        span: it.span,
                    });
                }
                ast::MonitorItemKind::Metric { name, by } => m.metrics.push(Metric {
                    name: name.name.clone(),
                    by: by.as_ref().map(|b| b.name.clone()),
                    span: it.span,
                }),
                ast::MonitorItemKind::Expect {
                    name,
                    low,
                    high,
                    per,
                } => {
                    let low = self.bound(low);
                    let high = self.bound(high);
                    if let (Some(a), Some(b)) = (low.value, high.value) {
                        if a > b {
                            self.emit(
                                errors::invalid_literal(
                                    it.span,
                                    format!("the range {}..{} is empty", low.text, high.text),
                                )
                                .label("low bound above high bound")
                                .help("write the range low..high"),
                            );
                        }
                    }
                    m.expects.push(ExpectMetric {
                        name: name.name.clone(),
                        low,
                        high,
                        per: per.as_ref().map(|p| p.text.clone()),
                        span: it.span,
                    });
                }
            }
        }
        self.wf.monitor = Some(m);
    }
}
