//! Scenario tests: the steps of a `test` block and what `expect` checks.

use super::{Parse, P, R};
use crate::ast::*;
use crate::span::Span;
use crate::syntax::tables::{kw, punct, words};

/// What follows each keyword that starts `test_stmt` (the keyword already read), in
/// grammar order (a test holds the keywords equal to the grammar's).
pub(super) const TEST_STMTS: &[(&str, Parse<TestStmtKind>)] = &[
    (kw::GIVEN, |p| {
        p.punct(punct::LBRACE)?;
        let kvs = p.kvs()?;
        p.punct(punct::RBRACE)?;
        Some(TestStmtKind::Given(kvs))
    }),
    (kw::START, |p| Some(TestStmtKind::Start(p.ident()?))),
    (kw::FLAG, |p| {
        let name = p.ident()?;
        let on = p.word(words::ON_OFF)?.text == kw::ON;
        Some(TestStmtKind::Flag { name, on })
    }),
    (kw::EVENT, |p| {
        let name = p.name()?;
        let save = p.pos;
        let (payload, braces) = if p.punct(punct::LBRACE).is_some() {
            let parsed = (|| {
                let kvs = p.kvs()?;
                p.punct(punct::RBRACE)?;
                Some(kvs)
            })();
            match parsed {
                Some(kvs) => (kvs, true),
                None => {
                    p.pos = save;
                    (Vec::new(), false)
                }
            }
        } else {
            (Vec::new(), false)
        };
        let save = p.pos;
        let repeat = if p.kw(kw::TWICE).is_some() {
            Repeat::Twice
        } else if p.kw(kw::TIMES).is_some() {
            match p.count() {
                Some(n) => Repeat::Times(n),
                None => {
                    p.pos = save;
                    Repeat::Once
                }
            }
        } else {
            Repeat::Once
        };
        Some(TestStmtKind::Event {
            name,
            payload,
            braces,
            repeat,
        })
    }),
    (kw::OVERRIDE, |p| {
        p.punct(punct::ARROW)?;
        let to = p.ident()?;
        p.kw(kw::BY)?;
        Some(TestStmtKind::Override {
            to,
            role: p.string()?,
        })
    }),
    (kw::EXPECT, |p| Some(TestStmtKind::Expect(p.expectation()?))),
];

impl<'s> P<'s> {
    pub(super) fn kvs(&mut self) -> R<Vec<Kv>> {
        let mut out = Vec::new();
        if self.peek_punct(punct::RBRACE) {
            return Some(out);
        }
        loop {
            let name = self.name()?;
            self.punct(punct::COLON)?;
            let value = self.literal()?;
            let span = Span::new(name.span.start as usize, value.span.end as usize);
            out.push(Kv { name, value, span });
            if self.punct(punct::COMMA).is_none() {
                return Some(out);
            }
        }
    }

    pub(super) fn test_stmt(&mut self) -> R<TestStmt> {
        let (word, end) = self.next_word();
        let s = self.pos;
        let (_, parse) = TEST_STMTS.iter().find(|(k, _)| *k == word)?;
        self.pos = end;
        let kind = parse(self)?;
        Some(TestStmt {
            kind,
            span: Span::new(s, self.end_from(s)),
        })
    }

    /// `expect_state | expect_action | expect_total | expect_fact | expect_cmp | ignored`,
    /// tried in that order with backtracking, as PEG does.
    pub(super) fn expectation(&mut self) -> R<ExpectKind> {
        let save = self.pos;
        let tries: [fn(&mut Self) -> R<ExpectKind>; 6] = [
            |p| {
                p.kw(kw::STATE)?;
                Some(ExpectKind::State(p.ident()?))
            },
            |p| {
                p.kw(kw::ACTION)?;
                let action = p.name()?;
                let count = if p.kw(kw::ONCE).is_some() {
                    ActionCount::Once
                } else if p.kw(kw::NEVER).is_some() {
                    ActionCount::Never
                } else {
                    p.kw(kw::COUNT)?;
                    ActionCount::Count(p.count()?)
                };
                Some(ExpectKind::Action { action, count })
            },
            |p| {
                p.kw(kw::TOTAL)?;
                let name = p.name()?;
                let (op, _) = p.cmp_op()?;
                p.ws();
                let start = p.pos;
                let negative = p.punct(punct::MINUS).is_some();
                let mut value = p.number()?;
                value.negative = negative;
                value.span = Span::new(start, value.span.end as usize);
                Some(ExpectKind::Total { name, op, value })
            },
            |p| {
                p.kw(kw::FACT)?;
                Some(ExpectKind::Fact(p.name()?))
            },
            |p| {
                let name = p.name()?;
                let (op, _) = p.cmp_op()?;
                Some(ExpectKind::Compare {
                    name,
                    op,
                    value: p.literal()?,
                })
            },
            |p| {
                p.kw(kw::IGNORED)?;
                Some(ExpectKind::Ignored)
            },
        ];
        for t in tries {
            self.pos = save;
            if let Some(e) = t(self) {
                return Some(e);
            }
        }
        None
    }
}
