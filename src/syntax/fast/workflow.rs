//! Workflows and their statements (`title` ... `test`; the blocks of rollback, release and
//! monitoring are in `blocks`, scenario tests in `scenario`).

use super::{ident_char, Parse, P, R};
use crate::ast::*;
use crate::span::Span;
use crate::syntax::tables::{kw, punct, starts, words};

/// What follows each keyword that starts `wf_stmt` (the keyword already read), in
/// grammar order (a test holds the keywords equal to the grammar's).
pub(super) const WF_STMTS: &[(&str, Parse<WfStmtKind>)] = &[
    (kw::TITLE, |p| Some(WfStmtKind::Title(p.string()?))),
    (kw::TIER, |p| {
        p.ws();
        let s = p.pos;
        let e = p.digits(s);
        if e == s || p.b.get(e).is_some_and(|c| ident_char(*c)) {
            return None;
        }
        p.pos = e;
        Some(WfStmtKind::Tier(Word {
            text: p.src[s..e].to_string(),
            span: Span::new(s, e),
        }))
    }),
    (kw::SUBJECT, |p| Some(WfStmtKind::Subject(p.ident()?))),
    (kw::OWNER, |p| Some(WfStmtKind::Owner(p.string()?))),
    (kw::MAINTAINER, |p| {
        Some(WfStmtKind::Maintainer(p.string()?))
    }),
    (kw::ENVIRONMENTS, |p| {
        let mut v = vec![p.ident()?];
        while p.punct(punct::COMMA).is_some() {
            v.push(p.ident()?);
        }
        Some(WfStmtKind::Environments(v))
    }),
    (kw::FLAG, |p| {
        let name = p.ident()?;
        let save = p.pos;
        let default = if p.kw(kw::DEFAULT).is_some() {
            match p.word(words::ON_OFF) {
                Some(w) => Some(w),
                None => {
                    p.pos = save;
                    None
                }
            }
        } else {
            None
        };
        Some(WfStmtKind::Flag(FlagDecl { name, default }))
    }),
    (kw::SCOPE, |p| {
        let (items, _) = p.block(|p| p.scope_item())?;
        Some(WfStmtKind::Scope(Scope { items }))
    }),
    (kw::CHANGELOG, |p| {
        let (items, _) = p.block(|p| {
            let key = p.word(starts::CHANGELOG)?;
            let value = p.string()?;
            let span = Span::new(key.span.start as usize, value.span.end as usize);
            Some(ChangelogItem { key, value, span })
        })?;
        Some(WfStmtKind::Changelog(Changelog { items }))
    }),
    (kw::APPROVALS, |p| {
        let (entries, _) = p.block(|p| p.approval())?;
        Some(WfStmtKind::Approvals(Approvals { entries }))
    }),
    (kw::STATES, |p| {
        let (states, _) = p.block(|p| p.state_decl())?;
        Some(WfStmtKind::States(States { states }))
    }),
    (kw::TRANSITION, |p| {
        Some(WfStmtKind::Transition(p.transition()?))
    }),
    (kw::OVERRIDE, |p| {
        let mut from = vec![p.ident()?];
        while p.punct(punct::COMMA).is_some() {
            from.push(p.ident()?);
        }
        p.punct(punct::ARROW)?;
        let to = p.ident()?;
        p.kw(kw::BY)?;
        let role = p.string()?;
        Some(WfStmtKind::Override(Override { from, to, role }))
    }),
    (kw::INVARIANT, |p| {
        let name = p.string()?;
        let save = p.pos;
        let once = (|| {
            p.kw(kw::ONCE)?;
            let action = p.name()?;
            p.kw(kw::PER)?;
            let key = p.name()?;
            Some(InvariantBody::OncePer { action, key })
        })();
        let body = match once {
            Some(b) => b,
            None => {
                p.pos = save;
                InvariantBody::Guard(p.guard()?)
            }
        };
        Some(WfStmtKind::Invariant(Invariant { name, body }))
    }),
    (kw::ROLLBACK, |p| {
        let (items, _) = p.block(|p| p.rollback_item())?;
        Some(WfStmtKind::Rollback(Rollback { items }))
    }),
    (kw::RELEASE, |p| {
        let (items, _) = p.block(|p| p.release_item())?;
        Some(WfStmtKind::Release(Release { items }))
    }),
    (kw::MONITOR, |p| {
        let (items, _) = p.block(|p| p.monitor_item())?;
        Some(WfStmtKind::Monitor(Monitor { items }))
    }),
    (kw::ACCESS, |p| {
        let (items, _) = p.block(|p| {
            p.ws();
            let s = p.pos;
            let kind = p.word(words::ACCESS_KIND)?;
            let roles = p.strings()?;
            Some(AccessItem {
                kind,
                roles,
                span: Span::new(s, p.end_from(s)),
            })
        })?;
        Some(WfStmtKind::Access(Access { items }))
    }),
    (kw::TEST, |p| {
        let name = p.string()?;
        let kind = p.word(words::TEST_KIND)?;
        let (stmts, _) = p.block(|p| p.test_stmt())?;
        Some(WfStmtKind::Test(Test { name, kind, stmts }))
    }),
];

/// What follows each keyword that starts `scope_item` (the keyword already read), in
/// grammar order (a test holds the keywords equal to the grammar's).
pub(super) const SCOPE_ITEMS: &[(&str, Parse<ScopeItemKind>)] = &[
    (kw::CLIENTS, |p| {
        Some(ScopeItemKind::Clients(p.word(words::CLIENTS_VALUE)?))
    }),
    (kw::TRADES, |p| {
        Some(ScopeItemKind::Trades(p.word(words::TRADES_VALUE)?))
    }),
    (kw::RECALCULATION, |p| {
        Some(if p.kw(kw::NONE).is_some() {
            ScopeItemKind::Recalculation(None)
        } else {
            p.kw(kw::SINCE)?;
            ScopeItemKind::Recalculation(Some(p.timestamp()?))
        })
    }),
    (kw::REGIONS, |p| Some(ScopeItemKind::Regions(p.strings()?))),
    (kw::GROUPS, |p| Some(ScopeItemKind::Groups(p.strings()?))),
];

impl<'s> P<'s> {
    pub(super) fn version(&mut self) -> R<Version> {
        self.ws();
        let s = self.pos;
        if self.b.get(s) != Some(&b'v') {
            return None;
        }
        let e = self.digits(s + 1);
        if e == s + 1 || self.b.get(e).is_some_and(|c| ident_char(*c)) {
            return None;
        }
        self.pos = e;
        Some(Version {
            digits: self.src[s + 1..e].to_string(),
            span: Span::new(s, e),
        })
    }

    pub(super) fn workflow(&mut self) -> R<Workflow> {
        let k = self.kw(kw::WORKFLOW)?;
        let name = self.ident()?;
        let version = self.version()?;
        self.punct(punct::LBRACE)?;
        let mut stmts = Vec::new();
        while !self.peek_punct(punct::RBRACE) {
            stmts.push(self.wf_stmt()?);
        }
        stmts.shrink_to_fit();
        let close = self.punct(punct::RBRACE)?;
        Some(Workflow {
            head_span: Span::new(k.start as usize, version.span.end as usize),
            name,
            version,
            stmts,
            doc: self.doc(k.start as usize),
            span: Span::new(k.start as usize, close.end as usize),
        })
    }

    pub(super) fn strings(&mut self) -> R<Vec<Str>> {
        let mut v = vec![self.string()?];
        while self.punct(punct::COMMA).is_some() {
            v.push(self.string()?);
        }
        Some(v)
    }

    pub(super) fn block<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> R<T>,
    ) -> R<(Vec<T>, usize)> {
        self.punct(punct::LBRACE)?;
        let mut out = Vec::new();
        while !self.peek_punct(punct::RBRACE) {
            out.push(item(self)?);
        }
        Some((out, self.punct(punct::RBRACE)?.end as usize))
    }

    pub(super) fn wf_stmt(&mut self) -> R<WfStmt> {
        let (word, end) = self.next_word();
        let start = self.pos;
        let (_, parse) = WF_STMTS.iter().find(|(k, _)| *k == word)?;
        self.pos = end;
        let kind = parse(self)?;
        Some(WfStmt {
            kind,
            span: Span::new(start, self.end_from(start)),
        })
    }

    pub(super) fn scope_item(&mut self) -> R<ScopeItem> {
        let (word, end) = self.next_word();
        let s = self.pos;
        let (_, parse) = SCOPE_ITEMS.iter().find(|(k, _)| *k == word)?;
        self.pos = end;
        let kind = parse(self)?;
        Some(ScopeItem {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }

    pub(super) fn approval(&mut self) -> R<Approval> {
        self.ws();
        let s = self.pos;
        let role = self.word(words::APPROVER_ROLE)?;
        let person = self.string()?;
        let decision = self.word(words::DECISION)?;
        self.kw(kw::AT)?;
        let at = self.timestamp()?;
        let save = self.pos;
        let digest = if self.kw(kw::FOR).is_some() {
            match self.string() {
                Some(d) => Some(d),
                None => {
                    self.pos = save;
                    None
                }
            }
        } else {
            None
        };
        Some(Approval {
            role,
            person,
            decision,
            at,
            digest,
            span: Span::new(s, self.end_from(s)),
        })
    }

    pub(super) fn state_decl(&mut self) -> R<StateDecl> {
        let name = self.ident()?;
        let mut attrs = Vec::new();
        loop {
            self.ws();
            let s = self.pos;
            let kind = if self.kw(kw::INITIAL).is_some() {
                StateAttrKind::Initial
            } else if self.kw(kw::TERMINAL).is_some() {
                StateAttrKind::Terminal
            } else if self.kw(kw::MANUAL).is_some() {
                StateAttrKind::Manual
            } else if self.kw(kw::SLA).is_some() {
                StateAttrKind::Sla(self.duration()?)
            } else if self.kw(kw::REQUIRES).is_some() {
                StateAttrKind::Requires(self.names_list()?)
            } else {
                break;
            };
            attrs.push(StateAttr {
                kind,
                span: Span::new(s, self.end_from(s)),
            });
        }
        let end = attrs.last().map_or(name.span.end, |a| a.span.end);
        Some(StateDecl {
            span: Span::new(name.span.start as usize, end as usize),
            name,
            attrs,
        })
    }

    pub(super) fn transition(&mut self) -> R<Transition> {
        let name = self.ident()?;
        self.punct(punct::COLON)?;
        let from = self.ident()?;
        self.punct(punct::ARROW)?;
        let to = self.ident()?;
        self.kw(kw::ON)?;
        let event = self.name()?;
        let mut when = None;
        let mut behind = None;
        let mut calls = Vec::new();
        let save = self.pos;
        if self.kw(kw::WHEN).is_some() {
            let save2 = self.pos;
            if let Some(sp) = self.kw(kw::OTHERWISE) {
                when = Some(When::Otherwise(sp));
            } else {
                self.pos = save2;
                match self.guard() {
                    Some(g) => when = Some(When::Guard(g)),
                    None => self.pos = save,
                }
            }
        }
        let save = self.pos;
        if self.kw(kw::BEHIND).is_some() {
            match self.ident() {
                Some(f) => behind = Some(f),
                None => self.pos = save,
            }
        }
        let save = self.pos;
        if self.kw(kw::DO).is_some() {
            match self.call() {
                Some(c) => {
                    calls.push(c);
                    loop {
                        let save = self.pos;
                        if self.punct(punct::COMMA).is_none() {
                            break;
                        }
                        match self.call() {
                            Some(c) => calls.push(c),
                            None => {
                                self.pos = save;
                                break;
                            }
                        }
                    }
                }
                None => self.pos = save,
            }
        }
        Some(Transition {
            name,
            from,
            to,
            event,
            when,
            behind,
            calls,
        })
    }

    pub(super) fn call(&mut self) -> R<Call> {
        let action = self.name()?;
        let mut end = action.span.end as usize;
        let save = self.pos;
        let args = if self.punct(punct::LPAREN).is_some() {
            let mut args = Vec::new();
            let ok = (|| {
                if !self.peek_punct(punct::RPAREN) {
                    loop {
                        args.push(self.arg()?);
                        if self.punct(punct::COMMA).is_none() {
                            break;
                        }
                    }
                }
                self.punct(punct::RPAREN)
            })();
            match ok {
                Some(close) => {
                    end = close.end as usize;
                    Some(args)
                }
                None => {
                    self.pos = save;
                    None
                }
            }
        } else {
            None
        };
        Some(Call {
            span: Span::new(action.span.start as usize, end),
            action,
            args,
        })
    }

    pub(super) fn arg(&mut self) -> R<Arg> {
        self.ws();
        let start = self.pos;
        let save = self.pos;
        let mut name = None;
        if let Some(id) = self.ident() {
            if self.punct(punct::COLON).is_some() {
                name = Some(id);
            } else {
                self.pos = save;
            }
        } else {
            self.pos = save;
        }
        let value = self.expr()?;
        Some(Arg {
            name,
            span: Span::new(start, value.span.end as usize),
            value,
        })
    }
}
