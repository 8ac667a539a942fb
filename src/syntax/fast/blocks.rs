//! The blocks of `rollback` (with `remediate`), `release` and `monitor`.

use super::{Parse, P, R};
use crate::ast::*;
use crate::span::Span;
use crate::syntax::tables::{kw, punct, words};

/// What follows each keyword that starts `rollback_item` (the keyword already read), in
/// grammar order (a test holds the keywords equal to the grammar's).
pub(super) const ROLLBACK_ITEMS: &[(&str, Parse<RollbackItemKind>)] = &[
    (kw::TRIGGER, |p| {
        let save = p.pos;
        let queue = (|| {
            p.kw(kw::QUEUE)?;
            p.punct(punct::LPAREN)?;
            let st = p.ident()?;
            p.punct(punct::RPAREN)?;
            Some(Metric::Queue(st))
        })();
        let metric = match queue {
            Some(m) => m,
            None => {
                p.pos = save;
                Metric::Named(p.name()?)
            }
        };
        let (op, _) = p.cmp_op()?;
        let save = p.pos;
        let threshold = match p.percent() {
            Some(p) => p,
            None => {
                p.pos = save;
                p.number()?
            }
        };
        let save = p.pos;
        let over = if p.kw(kw::OVER).is_some() {
            match p.duration() {
                Some(d) => Some(d),
                None => {
                    p.pos = save;
                    None
                }
            }
        } else {
            None
        };
        Some(RollbackItemKind::Trigger {
            metric,
            op,
            threshold,
            over,
        })
    }),
    (kw::METHOD, |p| {
        Some(RollbackItemKind::Method(
            if p.kw(kw::PREVIOUS_VERSION).is_some() {
                Method::PreviousVersion(p.version()?)
            } else if p.kw(kw::DISABLE).is_some() {
                p.kw(kw::ROUTE_TO)?;
                Method::DisableRouteTo(p.ident()?)
            } else {
                p.kw(kw::FLAG)?;
                let f = p.ident()?;
                p.kw(kw::OFF)?;
                Method::FlagOff(f)
            },
        ))
    }),
    (kw::BACKOUT, |p| {
        Some(RollbackItemKind::Backout(p.duration()?))
    }),
    (kw::MAP, |p| {
        let from = p.ident()?;
        p.punct(punct::ARROW)?;
        Some(RollbackItemKind::Map {
            from,
            to: p.ident()?,
        })
    }),
    (kw::REMEDIATE, |p| {
        let (items, _) = p.block(|p| p.remediate_item())?;
        Some(RollbackItemKind::Remediate(items))
    }),
];

/// What follows each keyword that starts `remediate_item` (the keyword already read), in
/// grammar order (a test holds the keywords equal to the grammar's).
pub(super) const REMEDIATE_ITEMS: &[(&str, Parse<RemediateItemKind>)] = &[
    (kw::IDENTIFY, |p| {
        p.kw(kw::BY)?;
        let mut keys = vec![p.word(words::ID_KEY)?];
        while p.punct(punct::COMMA).is_some() {
            keys.push(p.word(words::ID_KEY)?);
        }
        Some(RemediateItemKind::Identify(keys))
    }),
    (kw::REVERT, |p| {
        let from = p.ident()?;
        p.punct(punct::ARROW)?;
        Some(RemediateItemKind::Revert {
            from,
            to: p.ident()?,
        })
    }),
    (kw::COMPENSATE, |p| {
        let action = p.name()?;
        let save = p.pos;
        let with = if p.kw(kw::WITH).is_some() {
            match p.string() {
                Some(w) => Some(w),
                None => {
                    p.pos = save;
                    None
                }
            }
        } else {
            None
        };
        Some(RemediateItemKind::Compensate { action, with })
    }),
    (kw::MANUAL, |p| {
        let action = p.name()?;
        Some(RemediateItemKind::Manual {
            action,
            note: p.string()?,
        })
    }),
    (kw::COMMUNICATE, |p| {
        Some(RemediateItemKind::Communicate(p.string()?))
    }),
];

/// What follows each keyword that starts `release_item` (the keyword already read), in
/// grammar order (a test holds the keywords equal to the grammar's).
pub(super) const RELEASE_ITEMS: &[(&str, Parse<ReleaseItemKind>)] = &[
    (kw::WINDOW, |p| {
        let from_day = p.ident()?;
        let save = p.pos;
        let to_day = if p.punct(punct::MINUS).is_some() {
            match p.ident() {
                Some(d) => Some(d),
                None => {
                    p.pos = save;
                    None
                }
            }
        } else {
            None
        };
        let start = p.clock()?;
        p.punct(punct::MINUS)?;
        let end = p.clock()?;
        let zone = p.string()?;
        Some(ReleaseItemKind::Window {
            from_day,
            to_day,
            start,
            end,
            zone,
        })
    }),
    (kw::CANARY, |p| {
        let save = p.pos;
        let percent = match p.percent() {
            Some(p) => Some(p),
            None => {
                p.pos = save;
                None
            }
        };
        let mut targets = Vec::new();
        loop {
            p.ws();
            let ts = p.pos;
            let Some(kind) = p.word(&[kw::REGION, kw::SEGMENT]) else {
                break;
            };
            let Some(value) = p.string() else {
                p.pos = ts;
                break;
            };
            targets.push(Target {
                kind,
                value,
                span: Span::new(ts, p.end_from(ts)),
            });
        }
        if percent.is_none() && targets.is_empty() {
            return None;
        }
        Some(ReleaseItemKind::Canary { percent, targets })
    }),
];

/// What follows each keyword that starts `monitor_item` (the keyword already read), in
/// grammar order (a test holds the keywords equal to the grammar's).
pub(super) const MONITOR_ITEMS: &[(&str, Parse<MonitorItemKind>)] = &[
    (kw::STUCK, |p| {
        let state = p.ident()?;
        p.kw(kw::AFTER)?;
        let after = p.duration()?;
        p.kw(kw::ALERT)?;
        Some(MonitorItemKind::Stuck {
            state,
            after,
            alert: p.string()?,
        })
    }),
    (kw::METRIC, |p| {
        let name = p.name()?;
        let save = p.pos;
        let by = if p.kw(kw::BY).is_some() {
            match p.ident() {
                Some(d) => Some(d),
                None => {
                    p.pos = save;
                    None
                }
            }
        } else {
            None
        };
        Some(MonitorItemKind::Metric { name, by })
    }),
    (kw::EXPECT, |p| {
        let name = p.name()?;
        p.kw(kw::WITHIN)?;
        let low = p.bound()?;
        p.punct(punct::DOTDOT)?;
        let high = p.bound()?;
        let save = p.pos;
        let per = if p.kw(kw::PER).is_some() {
            match p.word(words::PER_UNIT) {
                Some(w) => Some(w),
                None => {
                    p.pos = save;
                    None
                }
            }
        } else {
            None
        };
        Some(MonitorItemKind::Expect {
            name,
            low,
            high,
            per,
        })
    }),
];

impl<'s> P<'s> {
    pub(super) fn rollback_item(&mut self) -> R<RollbackItem> {
        let (word, end) = self.next_word();
        let s = self.pos;
        let (_, parse) = ROLLBACK_ITEMS.iter().find(|(k, _)| *k == word)?;
        self.pos = end;
        let kind = parse(self)?;
        Some(RollbackItem {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }

    pub(super) fn remediate_item(&mut self) -> R<RemediateItem> {
        let (word, end) = self.next_word();
        let s = self.pos;
        let (_, parse) = REMEDIATE_ITEMS.iter().find(|(k, _)| *k == word)?;
        self.pos = end;
        let kind = parse(self)?;
        Some(RemediateItem {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }

    pub(super) fn release_item(&mut self) -> R<ReleaseItem> {
        let (word, end) = self.next_word();
        let s = self.pos;
        let (_, parse) = RELEASE_ITEMS.iter().find(|(k, _)| *k == word)?;
        self.pos = end;
        let kind = parse(self)?;
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
        let (word, end) = self.next_word();
        let s = self.pos;
        let (_, parse) = MONITOR_ITEMS.iter().find(|(k, _)| *k == word)?;
        self.pos = end;
        let kind = parse(self)?;
        Some(MonitorItem {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }
}
