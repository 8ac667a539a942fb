//! The oracle's lowering: Files and catalog items.

use keel::ast::*;
use keel::syntax::parser::Rule;

use super::{meaningful, unexpected, Lowerer, P};

impl Lowerer<'_> {
    pub(crate) fn file(&self, p: P) -> File {
        let sp = self.sp(&p);
        let mut uses = Vec::new();
        let mut items = Vec::new();
        for c in meaningful(p.into_inner()) {
            match c.as_rule() {
                Rule::use_decl => uses.push(self.use_decl(c)),
                _ => items.push(self.item(c)),
            }
        }
        File {
            uses,
            items,
            span: sp,
        }
    }

    pub(crate) fn use_decl(&self, p: P) -> Use {
        let sp = self.sp(&p);
        let path = meaningful(p.into_inner()).next().unwrap();
        let segments = path.as_str().split("::").map(str::to_string).collect();
        Use {
            path: self.ident(&path),
            segments,
            span: sp,
        }
    }

    pub(crate) fn item(&self, p: P) -> Item {
        match p.as_rule() {
            Rule::attribute_def => Item::Attribute(self.attribute(p)),
            Rule::fact_def => Item::Fact(self.fact(p)),
            Rule::event_def => Item::Event(self.event(p)),
            Rule::action_def => Item::Action(self.action(p)),
            Rule::workflow => Item::Workflow(self.workflow(p)),
            _ => unexpected(&p),
        }
    }

    pub(crate) fn type_expr(&self, p: P) -> TypeExpr {
        let sp = self.sp(&p);
        let c = p.into_inner().next().unwrap();
        let kind = match c.as_rule() {
            Rule::kw_number => TypeKind::Number,
            Rule::kw_text => TypeKind::Text,
            Rule::kw_bool => TypeKind::Bool,
            Rule::kw_time => TypeKind::Time,
            Rule::enum_type => {
                TypeKind::Enum(meaningful(c.into_inner()).map(|m| self.ident(&m)).collect())
            }
            _ => unexpected(&c),
        };
        TypeExpr { kind, span: sp }
    }

    pub(crate) fn attribute(&self, p: P) -> AttributeDef {
        let sp = self.sp(&p);
        let doc = self.doc(&p);
        let mut it = meaningful(p.into_inner());
        let name = self.ident(&it.next().unwrap());
        let ty = self.type_expr(it.next().unwrap());
        AttributeDef {
            name,
            ty,
            doc,
            span: sp,
        }
    }

    pub(crate) fn fact(&self, p: P) -> FactDef {
        let sp = self.sp(&p);
        let doc = self.doc(&p);
        let mut it = meaningful(p.into_inner());
        let name = self.ident(&it.next().unwrap());
        let description = it.next().map(|s| self.string(&s));
        FactDef {
            name,
            description,
            doc,
            span: sp,
        }
    }

    pub(crate) fn event(&self, p: P) -> EventDef {
        let sp = self.sp(&p);
        let doc = self.doc(&p);
        let mut it = meaningful(p.into_inner());
        let name = self.ident(&it.next().unwrap());
        let mut fields = Vec::new();
        let mut braces = false;
        if let Some(payload) = it.next() {
            braces = true;
            for f in meaningful(payload.into_inner()) {
                let fsp = self.sp(&f);
                let mut fi = meaningful(f.into_inner());
                let fname = self.ident(&fi.next().unwrap());
                let ty = self.type_expr(fi.next().unwrap());
                fields.push(FieldDecl {
                    name: fname,
                    ty,
                    span: fsp,
                });
            }
        }
        EventDef {
            name,
            fields,
            braces,
            doc,
            span: sp,
        }
    }

    pub(crate) fn action(&self, p: P) -> ActionDef {
        let sp = self.sp(&p);
        let doc = self.doc(&p);
        let mut name = None;
        let mut params = None;
        let mut stmts = Vec::new();
        for c in meaningful(p.into_inner()) {
            let csp = self.sp(&c);
            match c.as_rule() {
                Rule::action_name => name = Some(self.ident(&c)),
                Rule::params => {
                    let mut ps = Vec::new();
                    for param in meaningful(c.into_inner()) {
                        let psp = self.sp(&param);
                        let mut pi = meaningful(param.into_inner());
                        let pname = self.ident(&pi.next().unwrap());
                        let ty = self.type_expr(pi.next().unwrap());
                        ps.push(Param {
                            name: pname,
                            ty,
                            span: psp,
                        });
                    }
                    params = Some(ps);
                }
                Rule::risk_stmt => {
                    let w = meaningful(c.into_inner()).next().unwrap();
                    stmts.push(ActionStmt {
                        kind: ActionStmtKind::Risk(self.word(&w)),
                        span: csp,
                    });
                }
                Rule::idempotent_stmt => {
                    let n = meaningful(c.into_inner()).next().unwrap();
                    stmts.push(ActionStmt {
                        kind: ActionStmtKind::IdempotentBy(self.ident(&n)),
                        span: csp,
                    });
                }
                Rule::compensate_stmt => {
                    let n = meaningful(c.into_inner()).next().unwrap();
                    stmts.push(ActionStmt {
                        kind: ActionStmtKind::Compensate(self.ident(&n)),
                        span: csp,
                    });
                }
                Rule::establishes_stmt | Rule::clears_stmt => {
                    let est = c.as_rule() == Rule::establishes_stmt;
                    let names = meaningful(c.into_inner()).map(|n| self.ident(&n)).collect();
                    stmts.push(ActionStmt {
                        kind: if est {
                            ActionStmtKind::Establishes(names)
                        } else {
                            ActionStmtKind::Clears(names)
                        },
                        span: csp,
                    });
                }
                Rule::effect_stmt => {
                    let mut adds = true;
                    let mut names = Vec::new();
                    for e in c.into_inner() {
                        match e.as_rule() {
                            Rule::kw_adds => adds = true,
                            Rule::kw_subtracts => adds = false,
                            _ => names.push(self.ident(&e)),
                        }
                    }
                    let param = names.pop().unwrap();
                    let target = names.pop().unwrap();
                    stmts.push(ActionStmt {
                        kind: ActionStmtKind::Effect {
                            adds,
                            target,
                            param,
                        },
                        span: csp,
                    });
                }
                _ => unexpected(&c),
            }
        }
        ActionDef {
            name: name.unwrap(),
            params,
            stmts,
            doc,
            span: sp,
        }
    }
}
