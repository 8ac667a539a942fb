//! The blocks of `rollback` (with `remediate`), `release` and `monitor`.

use super::{P, R};
use crate::ast::*;
use crate::span::Span;
use crate::syntax::tables::{kw, punct, words};

impl<'s> P<'s> {
    pub(super) fn rollback_item(&mut self) -> R<RollbackItem> {
        self.ws();
        let s = self.pos;
        let kind = if self.kw(kw::TRIGGER).is_some() {
            let save = self.pos;
            let queue = (|| {
                self.kw(kw::QUEUE)?;
                self.punct(punct::LPAREN)?;
                let st = self.ident()?;
                self.punct(punct::RPAREN)?;
                Some(Metric::Queue(st))
            })();
            let metric = match queue {
                Some(m) => m,
                None => {
                    self.pos = save;
                    Metric::Named(self.name()?)
                }
            };
            let (op, _) = self.cmp_op()?;
            let save = self.pos;
            let threshold = match self.percent() {
                Some(p) => p,
                None => {
                    self.pos = save;
                    self.number()?
                }
            };
            let save = self.pos;
            let over = if self.kw(kw::OVER).is_some() {
                match self.duration() {
                    Some(d) => Some(d),
                    None => {
                        self.pos = save;
                        None
                    }
                }
            } else {
                None
            };
            RollbackItemKind::Trigger {
                metric,
                op,
                threshold,
                over,
            }
        } else if self.kw(kw::METHOD).is_some() {
            RollbackItemKind::Method(if self.kw(kw::PREVIOUS_VERSION).is_some() {
                Method::PreviousVersion(self.version()?)
            } else if self.kw(kw::DISABLE).is_some() {
                self.kw(kw::ROUTE_TO)?;
                Method::DisableRouteTo(self.ident()?)
            } else {
                self.kw(kw::FLAG)?;
                let f = self.ident()?;
                self.kw(kw::OFF)?;
                Method::FlagOff(f)
            })
        } else if self.kw(kw::BACKOUT).is_some() {
            RollbackItemKind::Backout(self.duration()?)
        } else if self.kw(kw::MAP).is_some() {
            let from = self.ident()?;
            self.punct(punct::ARROW)?;
            RollbackItemKind::Map {
                from,
                to: self.ident()?,
            }
        } else if self.kw(kw::REMEDIATE).is_some() {
            let (items, _) = self.block(|p| p.remediate_item())?;
            RollbackItemKind::Remediate(items)
        } else {
            return None;
        };
        Some(RollbackItem {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }

    pub(super) fn remediate_item(&mut self) -> R<RemediateItem> {
        self.ws();
        let s = self.pos;
        let kind = if self.kw(kw::IDENTIFY).is_some() {
            self.kw(kw::BY)?;
            let mut keys = vec![self.word(words::ID_KEY)?];
            while self.punct(punct::COMMA).is_some() {
                keys.push(self.word(words::ID_KEY)?);
            }
            RemediateItemKind::Identify(keys)
        } else if self.kw(kw::REVERT).is_some() {
            let from = self.ident()?;
            self.punct(punct::ARROW)?;
            RemediateItemKind::Revert {
                from,
                to: self.ident()?,
            }
        } else if self.kw(kw::COMPENSATE).is_some() {
            let action = self.name()?;
            let save = self.pos;
            let with = if self.kw(kw::WITH).is_some() {
                match self.string() {
                    Some(w) => Some(w),
                    None => {
                        self.pos = save;
                        None
                    }
                }
            } else {
                None
            };
            RemediateItemKind::Compensate { action, with }
        } else if self.kw(kw::MANUAL).is_some() {
            let action = self.name()?;
            RemediateItemKind::Manual {
                action,
                note: self.string()?,
            }
        } else if self.kw(kw::COMMUNICATE).is_some() {
            RemediateItemKind::Communicate(self.string()?)
        } else {
            return None;
        };
        Some(RemediateItem {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }

    pub(super) fn release_item(&mut self) -> R<ReleaseItem> {
        self.ws();
        let s = self.pos;
        let kind = if self.kw(kw::WINDOW).is_some() {
            let from_day = self.ident()?;
            let save = self.pos;
            let to_day = if self.punct(punct::MINUS).is_some() {
                match self.ident() {
                    Some(d) => Some(d),
                    None => {
                        self.pos = save;
                        None
                    }
                }
            } else {
                None
            };
            let start = self.clock()?;
            self.punct(punct::MINUS)?;
            let end = self.clock()?;
            let zone = self.string()?;
            ReleaseItemKind::Window {
                from_day,
                to_day,
                start,
                end,
                zone,
            }
        } else if self.kw(kw::CANARY).is_some() {
            let save = self.pos;
            let percent = match self.percent() {
                Some(p) => Some(p),
                None => {
                    self.pos = save;
                    None
                }
            };
            let mut targets = Vec::new();
            loop {
                self.ws();
                let ts = self.pos;
                let Some(kind) = self.word(&[kw::REGION, kw::SEGMENT]) else {
                    break;
                };
                let Some(value) = self.string() else {
                    self.pos = ts;
                    break;
                };
                targets.push(Target {
                    kind,
                    value,
                    span: Span::new(ts, self.end_from(ts)),
                });
            }
            if percent.is_none() && targets.is_empty() {
                return None;
            }
            ReleaseItemKind::Canary { percent, targets }
        } else {
            return None;
        };
        Some(ReleaseItem {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }

    pub(super) fn bound(&mut self) -> R<Literal> {
        let save = self.pos;
        match self.percent() {
            Some(p) => Some(p),
            None => {
                self.pos = save;
                self.number()
            }
        }
    }

    pub(super) fn monitor_item(&mut self) -> R<MonitorItem> {
        self.ws();
        let s = self.pos;
        let kind = if self.kw(kw::STUCK).is_some() {
            let state = self.ident()?;
            self.kw(kw::AFTER)?;
            let after = self.duration()?;
            self.kw(kw::ALERT)?;
            MonitorItemKind::Stuck {
                state,
                after,
                alert: self.string()?,
            }
        } else if self.kw(kw::METRIC).is_some() {
            let name = self.name()?;
            let save = self.pos;
            let by = if self.kw(kw::BY).is_some() {
                match self.ident() {
                    Some(d) => Some(d),
                    None => {
                        self.pos = save;
                        None
                    }
                }
            } else {
                None
            };
            MonitorItemKind::Metric { name, by }
        } else if self.kw(kw::EXPECT).is_some() {
            let name = self.name()?;
            self.kw(kw::WITHIN)?;
            let low = self.bound()?;
            self.punct(punct::DOTDOT)?;
            let high = self.bound()?;
            let save = self.pos;
            let per = if self.kw(kw::PER).is_some() {
                match self.word(words::PER_UNIT) {
                    Some(w) => Some(w),
                    None => {
                        self.pos = save;
                        None
                    }
                }
            } else {
                None
            };
            MonitorItemKind::Expect {
                name,
                low,
                high,
                per,
            }
        } else {
            return None;
        };
        Some(MonitorItem {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }
}
