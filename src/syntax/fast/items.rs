//! Files and catalog items: `use`, `attribute`, `fact`, `event`, `action`.

use super::{Parse, P, R};
use crate::ast::*;
use crate::span::Span;
use crate::syntax::tables::{kw, punct, words};

/// What each keyword that starts an item parses (from the keyword on), in grammar order
/// (a test holds the keywords equal to the grammar's).
pub(super) const ITEMS: &[(&str, Parse<Item>)] = &[
    (kw::WORKFLOW, |p| p.workflow().map(Item::Workflow)),
    (kw::ATTRIBUTE, |p| {
        let k = p.kw(kw::ATTRIBUTE)?;
        let name = p.name()?;
        p.punct(punct::COLON)?;
        let ty = p.type_expr()?;
        let span = Span::new(k.start as usize, ty.span.end as usize);
        Some(Item::Attribute(AttributeDef {
            name,
            ty,
            doc: p.doc(k.start as usize),
            span,
        }))
    }),
    (kw::FACT, |p| {
        let k = p.kw(kw::FACT)?;
        let name = p.name()?;
        let description = if p.peek_punct("\"") {
            Some(p.string()?)
        } else {
            None
        };
        let end = description.as_ref().map_or(name.span.end, |d| d.span.end);
        Some(Item::Fact(FactDef {
            name,
            description,
            doc: p.doc(k.start as usize),
            span: Span::new(k.start as usize, end as usize),
        }))
    }),
    (kw::EVENT, |p| {
        let k = p.kw(kw::EVENT)?;
        let name = p.name()?;
        let mut fields = Vec::new();
        let mut braces = false;
        let mut end = name.span.end as usize;
        if p.punct(punct::LBRACE).is_some() {
            braces = true;
            if !p.peek_punct(punct::RBRACE) {
                loop {
                    let fname = p.name()?;
                    p.punct(punct::COLON)?;
                    let ty = p.type_expr()?;
                    let span = Span::new(fname.span.start as usize, ty.span.end as usize);
                    fields.push(FieldDecl {
                        name: fname,
                        ty,
                        span,
                    });
                    if p.punct(punct::COMMA).is_none() {
                        break;
                    }
                }
            }
            end = p.punct(punct::RBRACE)?.end as usize;
        }
        Some(Item::Event(EventDef {
            name,
            fields,
            braces,
            doc: p.doc(k.start as usize),
            span: Span::new(k.start as usize, end),
        }))
    }),
    (kw::ACTION, |p| p.action().map(Item::Action)),
];

impl<'s> P<'s> {
    pub(super) fn file(&mut self) -> R<File> {
        let mut uses = Vec::new();
        let mut items = Vec::new();
        loop {
            if self.at_end() {
                break;
            }
            if self.peek_kw(kw::USE) {
                uses.push(self.use_decl()?);
            } else {
                items.push(self.item()?);
            }
        }
        Some(File {
            uses,
            items,
            span: Span::new(0, self.end_from(0)),
        })
    }

    pub(super) fn item(&mut self) -> R<Item> {
        let (word, _) = self.next_word();
        let (_, parse) = ITEMS.iter().find(|(k, _)| *k == word)?;
        parse(self)
    }

    pub(super) fn use_decl(&mut self) -> R<Use> {
        let k = self.kw(kw::USE)?;
        self.ws();
        let s = self.pos;
        let (_, mut e) = self.raw_ident()?;
        while self.b.get(e..e + 2) == Some(b"::") {
            self.pos = e + 2;
            match self.raw_ident() {
                Some((_, e2)) => e = e2,
                None => break,
            }
        }
        self.pos = e;
        let text = &self.src[s..e];
        Some(Use {
            path: Ident {
                name: text.to_string(),
                span: Span::new(s, e),
            },
            segments: text.split("::").map(str::to_string).collect(),
            span: Span::new(k.start as usize, e),
        })
    }

    pub(super) fn doc(&self, start: usize) -> Option<String> {
        self.trivia.doc_before(self.src, start)
    }

    pub(super) fn type_expr(&mut self) -> R<TypeExpr> {
        self.ws();
        for (w, k) in [
            (kw::NUMBER, TypeKind::Number),
            (kw::TEXT, TypeKind::Text),
            (kw::BOOL, TypeKind::Bool),
            (kw::TIME, TypeKind::Time),
        ] {
            if let Some(sp) = self.kw(w) {
                return Some(TypeExpr { kind: k, span: sp });
            }
        }
        let k = self.kw(kw::ENUM)?;
        self.punct(punct::LPAREN)?;
        let mut members = vec![self.ident()?];
        while self.punct(punct::COMMA).is_some() {
            members.push(self.ident()?);
        }
        let close = self.punct(punct::RPAREN)?;
        Some(TypeExpr {
            kind: TypeKind::Enum(members),
            span: Span::new(k.start as usize, close.end as usize),
        })
    }

    pub(super) fn action(&mut self) -> R<ActionDef> {
        let k = self.kw(kw::ACTION)?;
        let name = self.name()?;
        let mut params = None;
        if self.punct(punct::LPAREN).is_some() {
            let mut ps = Vec::new();
            if !self.peek_punct(punct::RPAREN) {
                loop {
                    let pname = self.ident()?;
                    self.punct(punct::COLON)?;
                    let ty = self.type_expr()?;
                    let span = Span::new(pname.span.start as usize, ty.span.end as usize);
                    ps.push(Param {
                        name: pname,
                        ty,
                        span,
                    });
                    if self.punct(punct::COMMA).is_none() {
                        break;
                    }
                }
            }
            self.punct(punct::RPAREN)?;
            params = Some(ps);
        }
        self.punct(punct::LBRACE)?;
        let mut stmts = Vec::new();
        while !self.peek_punct(punct::RBRACE) {
            stmts.push(self.action_stmt()?);
        }
        let close = self.punct(punct::RBRACE)?;
        Some(ActionDef {
            name,
            params,
            stmts,
            doc: self.doc(k.start as usize),
            span: Span::new(k.start as usize, close.end as usize),
        })
    }

    pub(super) fn names_list(&mut self) -> R<Vec<Ident>> {
        let mut v = vec![self.name()?];
        while self.punct(punct::COMMA).is_some() {
            v.push(self.name()?);
        }
        Some(v)
    }

    pub(super) fn action_stmt(&mut self) -> R<ActionStmt> {
        self.ws();
        let start = self.pos;
        let kind = if self.kw(kw::RISK).is_some() {
            ActionStmtKind::Risk(self.word(words::RISK_CLASS)?)
        } else if self.kw(kw::IDEMPOTENT).is_some() {
            self.kw(kw::BY)?;
            ActionStmtKind::IdempotentBy(self.name()?)
        } else if self.kw(kw::COMPENSATE).is_some() {
            ActionStmtKind::Compensate(self.name()?)
        } else if self.kw(kw::ESTABLISHES).is_some() {
            ActionStmtKind::Establishes(self.names_list()?)
        } else if self.kw(kw::CLEARS).is_some() {
            ActionStmtKind::Clears(self.names_list()?)
        } else {
            let adds = if self.kw(kw::ADDS).is_some() {
                true
            } else if self.kw(kw::SUBTRACTS).is_some() {
                false
            } else {
                return None;
            };
            let target = self.name()?;
            let param = self.ident()?;
            ActionStmtKind::Effect {
                adds,
                target,
                param,
            }
        };
        Some(ActionStmt {
            kind,
            span: Span::new(start, self.end_from(start)),
        })
    }
}
