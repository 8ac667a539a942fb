//! Pest pairs to the typed AST. The grammar has already accepted the input, so the shapes
//! here are guaranteed; `unexpected` marks the arms the grammar rules out.

use pest::iterators::{Pair, Pairs};

use super::parser::Rule;
use super::trivia::Trivia;
use crate::ast::*;
use crate::span::Span;

type P<'i> = Pair<'i, Rule>;

pub struct Lowerer<'t> {
    /// Added to every span (the offset of a piece parsed on its own during recovery).
    pub base: usize,
    pub trivia: &'t Trivia,
    /// The whole source (spans are trimmed of the blanks and comments pest leaves at their
    /// end when an optional tail does not match).
    pub src: &'t str,
    /// Operators of the outermost expression being lowered (see `MAX_OPERATORS`).
    ops: std::cell::Cell<usize>,
    /// How many expressions are being lowered inside one another.
    expr_depth: std::cell::Cell<usize>,
    /// The operator at which an expression first passed `MAX_OPERATORS`.
    too_long: std::cell::Cell<Option<Span>>,
}

impl<'t> Lowerer<'t> {
    pub fn new(base: usize, trivia: &'t Trivia, src: &'t str) -> Lowerer<'t> {
        Lowerer {
            base,
            trivia,
            src,
            ops: std::cell::Cell::new(0),
            expr_depth: std::cell::Cell::new(0),
            too_long: std::cell::Cell::new(None),
        }
    }

    /// The K001 for an expression past `MAX_OPERATORS`, if one was met. Its tree was cut
    /// there (so that no walk over it can exhaust the stack); the lowered file must not be
    /// used.
    pub fn limit_error(&self) -> Option<crate::diagnostic::Diagnostic> {
        self.too_long.get().map(|at| {
            crate::diagnostic::Diagnostic::new(
                "K001",
                at,
                format!(
                    "expression is too long (more than {} operators)",
                    super::MAX_OPERATORS
                ),
            )
            .label("the limit is passed here")
            .help("split the condition over several transitions, facts or invariants; Keel limits an expression's operators so that no input can exhaust the stack")
        })
    }

    /// Lowers an expression, counting its operators from zero when it is the outermost one.
    fn in_expr(&self, f: impl FnOnce() -> Expr) -> Expr {
        if self.expr_depth.get() == 0 {
            self.ops.set(0);
        }
        self.expr_depth.set(self.expr_depth.get() + 1);
        let e = f();
        self.expr_depth.set(self.expr_depth.get() - 1);
        e
    }

    /// Counts one operator; false once the expression has too many.
    fn count_op(&self, at: Span) -> bool {
        let n = self.ops.get() + 1;
        self.ops.set(n);
        if n > super::MAX_OPERATORS {
            if self.too_long.get().is_none() {
                self.too_long.set(Some(at));
            }
            return false;
        }
        true
    }
}

fn span(p: &P) -> Span {
    let s = p.as_span();
    Span::new(s.start(), s.end())
}

fn unexpected(p: &P) -> ! {
    unreachable!("grammar produced an unexpected {:?}", p.as_rule())
}

/// Pairs that carry meaning (keywords and punctuation dropped).
fn meaningful<'i>(pairs: Pairs<'i, Rule>) -> impl Iterator<Item = P<'i>> {
    pairs.filter(|p| !is_noise(p.as_rule()))
}

fn is_noise(r: Rule) -> bool {
    use Rule::*;
    matches!(
        r,
        colon
            | comma
            | arrow
            | lbrace
            | rbrace
            | lparen
            | rparen
            | lbracket
            | rbracket
            | dotdot
            | EOI
            | kw_use
            | kw_workflow
            | kw_attribute
            | kw_fact
            | kw_event
            | kw_action
            | kw_enum
            | kw_risk
            | kw_idempotent
            | kw_by
            | kw_compensate
            | kw_establishes
            | kw_clears
            | kw_title
            | kw_tier
            | kw_subject
            | kw_owner
            | kw_maintainer
            | kw_environments
            | kw_flag
            | kw_default
            | kw_scope
            | kw_clients
            | kw_trades
            | kw_recalculation
            | kw_since
            | kw_regions
            | kw_groups
            | kw_changelog
            | kw_approvals
            | kw_at
            | kw_for
            | kw_states
            | kw_sla
            | kw_requires
            | kw_transition
            | kw_on
            | kw_when
            | kw_behind
            | kw_do
            | kw_override
            | kw_invariant
            | kw_per
            | kw_rollback
            | kw_trigger
            | kw_over
            | kw_queue
            | kw_method
            | kw_previous_version
            | kw_disable
            | kw_route_to
            | kw_off
            | kw_backout
            | kw_map
            | kw_remediate
            | kw_identify
            | kw_revert
            | kw_with
            | kw_communicate
            | kw_release
            | kw_window
            | kw_canary
            | kw_monitor
            | kw_stuck
            | kw_after
            | kw_alert
            | kw_metric
            | kw_expect
            | kw_within
            | kw_access
            | kw_test
            | kw_given
            | kw_start
            | kw_times
            | kw_state
            | kw_count
            | kw_total
    )
}

impl<'t> Lowerer<'t> {
    fn sp(&self, p: &P) -> Span {
        let s = span(p).offset(self.base);
        let start = s.start as usize;
        let mut end = s.end as usize;
        let bytes = self.src.as_bytes();
        loop {
            while end > start && bytes[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            match self.trivia.comment_ending_at(end) {
                Some(c) if c >= start => end = c,
                _ => break,
            }
        }
        Span::new(start, end)
    }

    fn ident(&self, p: &P) -> Ident {
        Ident {
            name: p.as_str().to_string(),
            span: self.sp(p),
        }
    }

    fn word(&self, p: &P) -> Word {
        Word {
            text: p.as_str().to_string(),
            span: self.sp(p),
        }
    }

    fn string(&self, p: &P) -> Str {
        let raw = p.as_str();
        let (value, bad) = super::unquote(raw);
        let start = self.sp(p).start as usize;
        Str {
            value,
            span: self.sp(p),
            bad_escape: bad.map(|(a, b)| Span::new(start + a, start + b)),
        }
    }

    fn doc(&self, p: &P) -> Option<String> {
        self.trivia.doc_before(self.src, self.sp(p).start as usize)
    }

    pub fn file(&self, p: P) -> File {
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

    /// A `use` or an item on its own (`item_only`); returns which it was.
    pub fn piece(&self, p: P) -> Result<Item, Use> {
        let c = meaningful(p.into_inner())
            .next()
            .expect("item_only has one child");
        match c.as_rule() {
            Rule::use_decl => Err(self.use_decl(c)),
            _ => Ok(self.item(c)),
        }
    }

    fn use_decl(&self, p: P) -> Use {
        let sp = self.sp(&p);
        let path = meaningful(p.into_inner()).next().unwrap();
        let segments = path.as_str().split("::").map(str::to_string).collect();
        Use {
            path: self.ident(&path),
            segments,
            span: sp,
        }
    }

    pub fn item(&self, p: P) -> Item {
        match p.as_rule() {
            Rule::attribute_def => Item::Attribute(self.attribute(p)),
            Rule::fact_def => Item::Fact(self.fact(p)),
            Rule::event_def => Item::Event(self.event(p)),
            Rule::action_def => Item::Action(self.action(p)),
            Rule::workflow => Item::Workflow(self.workflow(p)),
            _ => unexpected(&p),
        }
    }

    fn type_expr(&self, p: P) -> TypeExpr {
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

    fn attribute(&self, p: P) -> AttributeDef {
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

    fn fact(&self, p: P) -> FactDef {
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

    fn event(&self, p: P) -> EventDef {
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

    fn action(&self, p: P) -> ActionDef {
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

    // -----------------------------------------------------------------------------------
    // Workflows
    // -----------------------------------------------------------------------------------

    fn version(&self, p: &P) -> Version {
        Version {
            digits: p.as_str()[1..].to_string(),
            span: self.sp(p),
        }
    }

    pub fn workflow(&self, p: P) -> Workflow {
        let sp = self.sp(&p);
        let doc = self.doc(&p);
        let mut it = meaningful(p.into_inner());
        let name = self.ident(&it.next().unwrap());
        let version = self.version(&it.next().unwrap());
        let head_span = Span::new(sp.start as usize, version.span.end as usize);
        let stmts = it.map(|s| self.wf_stmt(s)).collect();
        Workflow {
            name,
            version,
            stmts,
            doc,
            span: sp,
            head_span,
        }
    }

    /// The workflow head parsed alone during recovery: name and version.
    pub fn workflow_head(&self, p: P) -> (Ident, Version) {
        let mut it = meaningful(p.into_inner());
        let name = self.ident(&it.next().unwrap());
        let version = self.version(&it.next().unwrap());
        (name, version)
    }

    /// A `wf_stmt_only` piece.
    pub fn wf_stmt_piece(&self, p: P) -> WfStmt {
        let c = meaningful(p.into_inner()).next().unwrap();
        self.wf_stmt(c)
    }

    fn strings(&self, p: P) -> Vec<Str> {
        meaningful(p.into_inner())
            .map(|s| self.string(&s))
            .collect()
    }

    fn wf_stmt(&self, p: P) -> WfStmt {
        let sp = self.sp(&p);
        let rule = p.as_rule();
        let kind = match rule {
            Rule::title_stmt => WfStmtKind::Title(self.string(&first(p))),
            Rule::tier_stmt => WfStmtKind::Tier(self.word(&first(p))),
            Rule::subject_stmt => WfStmtKind::Subject(self.ident(&first(p))),
            Rule::owner_stmt => WfStmtKind::Owner(self.string(&first(p))),
            Rule::maintainer_stmt => WfStmtKind::Maintainer(self.string(&first(p))),
            Rule::environments_stmt => WfStmtKind::Environments(
                meaningful(p.into_inner()).map(|e| self.ident(&e)).collect(),
            ),
            Rule::flag_decl => {
                let mut it = meaningful(p.into_inner());
                let name = self.ident(&it.next().unwrap());
                let default = it.next().map(|w| self.word(&w));
                WfStmtKind::Flag(FlagDecl { name, default })
            }
            Rule::scope_block => WfStmtKind::Scope(self.scope(p)),
            Rule::changelog_block => {
                let items = meaningful(p.into_inner())
                    .map(|c| {
                        let csp = self.sp(&c);
                        let mut it = c.into_inner();
                        let key = self.word(&it.next().unwrap());
                        let value = self.string(&it.next().unwrap());
                        ChangelogItem {
                            key,
                            value,
                            span: csp,
                        }
                    })
                    .collect();
                WfStmtKind::Changelog(Changelog { items })
            }
            Rule::approvals_block => WfStmtKind::Approvals(Approvals {
                entries: meaningful(p.into_inner())
                    .map(|a| self.approval(a))
                    .collect(),
            }),
            Rule::states_block => WfStmtKind::States(States {
                states: meaningful(p.into_inner())
                    .map(|s| self.state_decl(s))
                    .collect(),
            }),
            Rule::transition => WfStmtKind::Transition(self.transition(p)),
            Rule::override_decl => {
                let mut states: Vec<Ident> = Vec::new();
                let mut role = None;
                for c in meaningful(p.into_inner()) {
                    match c.as_rule() {
                        Rule::state_name => states.push(self.ident(&c)),
                        Rule::string => role = Some(self.string(&c)),
                        _ => unexpected(&c),
                    }
                }
                let to = states.pop().unwrap();
                WfStmtKind::Override(Override {
                    from: states,
                    to,
                    role: role.unwrap(),
                })
            }
            Rule::invariant => {
                let mut it = meaningful(p.into_inner());
                let name = self.string(&it.next().unwrap());
                let body = it.next().unwrap();
                let body = match body.as_rule() {
                    Rule::once_per => {
                        let mut bi =
                            meaningful(body.into_inner()).filter(|c| c.as_rule() != Rule::kw_once);
                        let action = self.ident(&bi.next().unwrap());
                        let key = self.ident(&bi.next().unwrap());
                        InvariantBody::OncePer { action, key }
                    }
                    _ => InvariantBody::Guard(self.guard(body)),
                };
                WfStmtKind::Invariant(Invariant { name, body })
            }
            Rule::rollback_block => WfStmtKind::Rollback(Rollback {
                items: meaningful(p.into_inner())
                    .map(|c| self.rollback_item(c))
                    .collect(),
            }),
            Rule::release_block => WfStmtKind::Release(Release {
                items: meaningful(p.into_inner())
                    .map(|c| self.release_item(c))
                    .collect(),
            }),
            Rule::monitor_block => WfStmtKind::Monitor(Monitor {
                items: meaningful(p.into_inner())
                    .map(|c| self.monitor_item(c))
                    .collect(),
            }),
            Rule::access_block => WfStmtKind::Access(Access {
                items: meaningful(p.into_inner())
                    .map(|c| {
                        let csp = self.sp(&c);
                        let mut it = meaningful(c.into_inner());
                        let kind = self.word(&it.next().unwrap());
                        let roles = it.map(|s| self.string(&s)).collect();
                        AccessItem {
                            kind,
                            roles,
                            span: csp,
                        }
                    })
                    .collect(),
            }),
            Rule::test_block => WfStmtKind::Test(self.test(p)),
            _ => unexpected(&p),
        };
        WfStmt { kind, span: sp }
    }

    fn scope(&self, p: P) -> Scope {
        let items = meaningful(p.into_inner())
            .map(|c| {
                let csp = self.sp(&c);
                let kind = match c.as_rule() {
                    Rule::scope_clients => ScopeItemKind::Clients(self.word(&first(c))),
                    Rule::scope_trades => ScopeItemKind::Trades(self.word(&first(c))),
                    Rule::scope_recalc => {
                        let v = meaningful(c.into_inner()).next().unwrap();
                        match v.as_rule() {
                            Rule::kw_none => ScopeItemKind::Recalculation(None),
                            _ => ScopeItemKind::Recalculation(Some(self.scalar_token(&v))),
                        }
                    }
                    Rule::scope_regions => ScopeItemKind::Regions(self.strings(c)),
                    Rule::scope_groups => ScopeItemKind::Groups(self.strings(c)),
                    _ => unexpected(&c),
                };
                ScopeItem { kind, span: csp }
            })
            .collect();
        Scope { items }
    }

    fn approval(&self, p: P) -> Approval {
        let sp = self.sp(&p);
        let mut it = meaningful(p.into_inner());
        let role = self.word(&it.next().unwrap());
        let person = self.string(&it.next().unwrap());
        let decision = self.word(&it.next().unwrap());
        let at = self.scalar_token(&it.next().unwrap());
        let digest = it.next().map(|d| self.string(&d));
        Approval {
            role,
            person,
            decision,
            at,
            digest,
            span: sp,
        }
    }

    fn state_decl(&self, p: P) -> StateDecl {
        let sp = self.sp(&p);
        let mut it = meaningful(p.into_inner());
        let name = self.ident(&it.next().unwrap());
        let attrs = it
            .map(|a| {
                let asp = self.sp(&a);
                let kind = match a.as_rule() {
                    Rule::kw_initial => StateAttrKind::Initial,
                    Rule::kw_terminal => StateAttrKind::Terminal,
                    Rule::kw_manual => StateAttrKind::Manual,
                    Rule::sla_attr => StateAttrKind::Sla(self.scalar_token(&first(a))),
                    Rule::requires_attr => StateAttrKind::Requires(
                        meaningful(a.into_inner()).map(|f| self.ident(&f)).collect(),
                    ),
                    _ => unexpected(&a),
                };
                StateAttr { kind, span: asp }
            })
            .collect();
        StateDecl {
            name,
            attrs,
            span: sp,
        }
    }

    fn transition(&self, p: P) -> Transition {
        let mut it = meaningful(p.into_inner());
        let name = self.ident(&it.next().unwrap());
        let from = self.ident(&it.next().unwrap());
        let to = self.ident(&it.next().unwrap());
        let event = self.ident(&it.next().unwrap());
        let mut when = None;
        let mut behind = None;
        let mut calls = Vec::new();
        for c in it {
            match c.as_rule() {
                Rule::when_clause => {
                    let g = meaningful(c.into_inner()).next().unwrap();
                    when = Some(match g.as_rule() {
                        Rule::kw_otherwise => When::Otherwise(self.sp(&g)),
                        _ => When::Guard(self.guard(g)),
                    });
                }
                Rule::behind_clause => behind = Some(self.ident(&first(c))),
                Rule::do_clause => {
                    calls = meaningful(c.into_inner()).map(|k| self.call(k)).collect()
                }
                _ => unexpected(&c),
            }
        }
        Transition {
            name,
            from,
            to,
            event,
            when,
            behind,
            calls,
        }
    }

    fn call(&self, p: P) -> Call {
        let sp = self.sp(&p);
        let mut it = meaningful(p.into_inner());
        let action = self.ident(&it.next().unwrap());
        let args = it.next().map(|a| {
            meaningful(a.into_inner())
                .map(|arg| {
                    let asp = self.sp(&arg);
                    let mut name = None;
                    let mut value = None;
                    for c in meaningful(arg.into_inner()) {
                        match c.as_rule() {
                            Rule::param_name => name = Some(self.ident(&c)),
                            _ => value = Some(self.expr(c)),
                        }
                    }
                    Arg {
                        name,
                        value: value.unwrap(),
                        span: asp,
                    }
                })
                .collect()
        });
        Call {
            action,
            args,
            span: sp,
        }
    }

    // -----------------------------------------------------------------------------------
    // Expressions. Each level with a single child collapses into it.
    // -----------------------------------------------------------------------------------

    pub fn guard(&self, p: P) -> Expr {
        self.in_expr(|| self.binary_chain(p, |l, c| l.and_g(c)))
    }

    fn and_g(&self, p: P) -> Expr {
        self.binary_chain(p, |l, c| l.not_g(c))
    }

    /// `operand (op operand)*`, left-associative; op tokens are `kw_or`, `kw_and`, `add_op`
    /// or `mul_op`.
    fn binary_chain(&self, p: P, operand: impl Fn(&Self, P) -> Expr) -> Expr {
        let mut it = p.into_inner();
        let mut lhs = operand(self, it.next().unwrap());
        while let Some(op) = it.next() {
            let op_span = self.sp(&op);
            if !self.count_op(op_span) {
                break;
            }
            let bop = match op.as_rule() {
                Rule::kw_or => BinOp::Or,
                Rule::kw_and => BinOp::And,
                _ => match op.as_str() {
                    "+" => BinOp::Add,
                    "-" => BinOp::Sub,
                    "*" => BinOp::Mul,
                    _ => BinOp::Div,
                },
            };
            let rhs = operand(self, it.next().unwrap());
            let span = lhs.span.to(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary {
                    op: bop,
                    op_span,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                span,
            };
        }
        lhs
    }

    fn not_g(&self, p: P) -> Expr {
        let sp = self.sp(&p);
        let mut it = p.into_inner();
        let c = it.next().unwrap();
        match c.as_rule() {
            Rule::kw_not => {
                let inner = self.not_g(it.next().unwrap());
                Expr {
                    kind: ExprKind::Not(Box::new(inner)),
                    span: sp,
                }
            }
            _ => self.cmp(c),
        }
    }

    fn cmp(&self, p: P) -> Expr {
        let sp = self.sp(&p);
        let mut it = p.into_inner();
        let lhs = self.expr(it.next().unwrap());
        match it.next() {
            None => lhs,
            Some(op) if op.as_rule() == Rule::cmp_op && !self.count_op(self.sp(&op)) => lhs,
            Some(op) if op.as_rule() == Rule::cmp_op => {
                let rhs = self.expr(it.next().unwrap());
                Expr {
                    kind: ExprKind::Binary {
                        op: BinOp::from_cmp(op.as_str()),
                        op_span: self.sp(&op),
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    span: sp,
                }
            }
            Some(_kw_in) => {
                let list = meaningful(it.next().unwrap().into_inner())
                    .map(|l| self.literal(l))
                    .collect();
                Expr {
                    kind: ExprKind::In {
                        lhs: Box::new(lhs),
                        list,
                    },
                    span: sp,
                }
            }
        }
    }

    fn expr(&self, p: P) -> Expr {
        self.in_expr(|| self.binary_chain(p, |l, c| l.term(c)))
    }

    fn term(&self, p: P) -> Expr {
        self.binary_chain(p, |l, c| l.unary(c))
    }

    fn unary(&self, p: P) -> Expr {
        let sp = self.sp(&p);
        let mut it = p.into_inner();
        let c = it.next().unwrap();
        match c.as_rule() {
            Rule::minus => {
                let inner = self.unary(it.next().unwrap());
                Expr {
                    kind: ExprKind::Neg(Box::new(inner)),
                    span: sp,
                }
            }
            Rule::scalar => Expr {
                kind: ExprKind::Lit(self.scalar(c)),
                span: sp,
            },
            Rule::name => Expr {
                kind: ExprKind::Name(self.ident(&c)),
                span: sp,
            },
            Rule::lparen => {
                let inner = self.guard(it.next().unwrap());
                Expr {
                    kind: ExprKind::Paren(Box::new(inner)),
                    span: sp,
                }
            }
            _ => unexpected(&c),
        }
    }

    /// A `scalar` pair.
    fn scalar(&self, p: P) -> Literal {
        self.scalar_token(&first(p))
    }

    /// One literal token (`number`, `timestamp`, `string`, `kw_true`, ...).
    fn scalar_token(&self, t: &P) -> Literal {
        let text = t.as_str();
        let mut bad_escape = None;
        let kind = match t.as_rule() {
            Rule::number => LitKind::Number(text.to_string()),
            Rule::percent => LitKind::Percent(text.trim_end_matches('%').to_string()),
            Rule::duration => LitKind::Duration(text.to_string()),
            Rule::timestamp => LitKind::Timestamp(text.to_string()),
            Rule::clock => LitKind::Clock(text.to_string()),
            Rule::string => {
                let s = self.string(t);
                bad_escape = s.bad_escape;
                LitKind::Str(s.value)
            }
            Rule::kw_true => LitKind::Bool(true),
            Rule::kw_false => LitKind::Bool(false),
            Rule::ident => LitKind::Ident(text.to_string()),
            _ => unexpected(t),
        };
        Literal {
            kind,
            negative: false,
            span: self.sp(t),
            bad_escape,
        }
    }

    /// A `literal`, `total_value` or `bound` pair (optionally signed).
    fn literal(&self, p: P) -> Literal {
        let sp = self.sp(&p);
        let mut negative = false;
        let mut out = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::minus => negative = true,
                Rule::scalar => out = Some(self.scalar(c)),
                _ => out = Some(self.scalar_token(&c)),
            }
        }
        let mut lit = out.unwrap();
        lit.negative = negative;
        lit.span = sp;
        lit
    }

    // -----------------------------------------------------------------------------------
    // Rollback, release, monitoring
    // -----------------------------------------------------------------------------------

    fn rollback_item(&self, p: P) -> RollbackItem {
        let sp = self.sp(&p);
        let kind = match p.as_rule() {
            Rule::trigger => {
                let mut it = meaningful(p.into_inner());
                let m = first(it.next().unwrap());
                let metric = match m.as_rule() {
                    Rule::queue_metric => {
                        Metric::Queue(self.ident(&meaningful(m.into_inner()).next().unwrap()))
                    }
                    _ => Metric::Named(self.ident(&m)),
                };
                let op = BinOp::from_cmp(it.next().unwrap().as_str());
                let threshold = self.scalar_token(&it.next().unwrap());
                let over = it.next().map(|d| self.scalar_token(&d));
                RollbackItemKind::Trigger {
                    metric,
                    op,
                    threshold,
                    over,
                }
            }
            Rule::method => {
                let m = meaningful(p.into_inner()).next().unwrap();
                let arg = meaningful(m.clone().into_inner()).next().unwrap();
                RollbackItemKind::Method(match m.as_rule() {
                    Rule::method_prev => Method::PreviousVersion(self.version(&arg)),
                    Rule::method_disable => Method::DisableRouteTo(self.ident(&arg)),
                    _ => Method::FlagOff(self.ident(&arg)),
                })
            }
            Rule::backout => RollbackItemKind::Backout(self.scalar_token(&first(p))),
            Rule::state_map => {
                let mut it = meaningful(p.into_inner());
                RollbackItemKind::Map {
                    from: self.ident(&it.next().unwrap()),
                    to: self.ident(&it.next().unwrap()),
                }
            }
            Rule::remediate_block => RollbackItemKind::Remediate(
                meaningful(p.into_inner())
                    .map(|c| self.remediate_item(c))
                    .collect(),
            ),
            _ => unexpected(&p),
        };
        RollbackItem { kind, span: sp }
    }

    fn remediate_item(&self, p: P) -> RemediateItem {
        let sp = self.sp(&p);
        let kind = match p.as_rule() {
            Rule::identify => RemediateItemKind::Identify(
                meaningful(p.into_inner()).map(|k| self.word(&k)).collect(),
            ),
            Rule::revert => {
                let mut it = meaningful(p.into_inner());
                RemediateItemKind::Revert {
                    from: self.ident(&it.next().unwrap()),
                    to: self.ident(&it.next().unwrap()),
                }
            }
            Rule::rem_compensate => {
                let mut it = meaningful(p.into_inner());
                RemediateItemKind::Compensate {
                    action: self.ident(&it.next().unwrap()),
                    with: it.next().map(|s| self.string(&s)),
                }
            }
            Rule::rem_manual => {
                let mut it = p.into_inner().filter(|c| c.as_rule() != Rule::kw_manual);
                RemediateItemKind::Manual {
                    action: self.ident(&it.next().unwrap()),
                    note: self.string(&it.next().unwrap()),
                }
            }
            Rule::communicate => RemediateItemKind::Communicate(self.string(&first(p))),
            _ => unexpected(&p),
        };
        RemediateItem { kind, span: sp }
    }

    fn release_item(&self, p: P) -> ReleaseItem {
        let sp = self.sp(&p);
        let kind = match p.as_rule() {
            Rule::window => {
                let mut days = Vec::new();
                let mut clocks = Vec::new();
                let mut zone = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::day_name => days.push(self.ident(&c)),
                        Rule::clock => clocks.push(self.scalar_token(&c)),
                        Rule::string => zone = Some(self.string(&c)),
                        _ => {}
                    }
                }
                let mut days = days.into_iter();
                let mut clocks = clocks.into_iter();
                ReleaseItemKind::Window {
                    from_day: days.next().unwrap(),
                    to_day: days.next(),
                    start: clocks.next().unwrap(),
                    end: clocks.next().unwrap(),
                    zone: zone.unwrap(),
                }
            }
            Rule::canary => {
                let mut percent = None;
                let mut targets = Vec::new();
                for c in meaningful(p.into_inner()) {
                    match c.as_rule() {
                        Rule::percent => percent = Some(self.scalar_token(&c)),
                        Rule::target => {
                            let tsp = self.sp(&c);
                            let mut it = c.into_inner();
                            let kind = self.word(&it.next().unwrap());
                            let value = self.string(&it.next().unwrap());
                            targets.push(Target {
                                kind,
                                value,
                                span: tsp,
                            });
                        }
                        _ => unexpected(&c),
                    }
                }
                ReleaseItemKind::Canary { percent, targets }
            }
            _ => unexpected(&p),
        };
        ReleaseItem { kind, span: sp }
    }

    fn monitor_item(&self, p: P) -> MonitorItem {
        let sp = self.sp(&p);
        let kind = match p.as_rule() {
            Rule::stuck => {
                let mut it = meaningful(p.into_inner());
                MonitorItemKind::Stuck {
                    state: self.ident(&it.next().unwrap()),
                    after: self.scalar_token(&it.next().unwrap()),
                    alert: self.string(&it.next().unwrap()),
                }
            }
            Rule::metric_decl => {
                let mut it = meaningful(p.into_inner());
                MonitorItemKind::Metric {
                    name: self.ident(&it.next().unwrap()),
                    by: it.next().map(|d| self.ident(&d)),
                }
            }
            Rule::expect_metric => {
                let mut it = meaningful(p.into_inner());
                MonitorItemKind::Expect {
                    name: self.ident(&it.next().unwrap()),
                    low: self.scalar_token(&first(it.next().unwrap())),
                    high: self.scalar_token(&first(it.next().unwrap())),
                    per: it.next().map(|w| self.word(&w)),
                }
            }
            _ => unexpected(&p),
        };
        MonitorItem { kind, span: sp }
    }

    // -----------------------------------------------------------------------------------
    // Tests
    // -----------------------------------------------------------------------------------

    fn kvs<'i>(&self, pairs: impl Iterator<Item = P<'i>>) -> Vec<Kv> {
        pairs
            .map(|kv| {
                let sp = self.sp(&kv);
                let mut it = meaningful(kv.into_inner());
                let name = self.ident(&it.next().unwrap());
                let value = self.literal(it.next().unwrap());
                Kv {
                    name,
                    value,
                    span: sp,
                }
            })
            .collect()
    }

    fn test(&self, p: P) -> Test {
        let mut it = meaningful(p.into_inner());
        let name = self.string(&it.next().unwrap());
        let kind = self.word(&it.next().unwrap());
        let stmts = it.map(|s| self.test_stmt(s)).collect();
        Test { name, kind, stmts }
    }

    fn test_stmt(&self, p: P) -> TestStmt {
        let sp = self.sp(&p);
        let kind = match p.as_rule() {
            Rule::given => TestStmtKind::Given(self.kvs(meaningful(p.into_inner()))),
            Rule::start => TestStmtKind::Start(self.ident(&first(p))),
            Rule::test_flag => {
                let mut it = meaningful(p.into_inner());
                let name = self.ident(&it.next().unwrap());
                let on = it.next().unwrap().as_str() == "on";
                TestStmtKind::Flag { name, on }
            }
            Rule::test_event => {
                let mut name = None;
                let mut kvs = Vec::new();
                let mut braces = false;
                let mut repeat = Repeat::Once;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::event_name => name = Some(self.ident(&c)),
                        Rule::lbrace => braces = true,
                        Rule::kv => kvs.push(c),
                        Rule::repeat => {
                            let r: Vec<P> = c.into_inner().collect();
                            repeat = if r[0].as_rule() == Rule::kw_twice {
                                Repeat::Twice
                            } else {
                                Repeat::Times(r[1].as_str().to_string())
                            };
                        }
                        _ => {}
                    }
                }
                TestStmtKind::Event {
                    name: name.unwrap(),
                    payload: self.kvs(kvs.into_iter()),
                    braces,
                    repeat,
                }
            }
            Rule::test_override => {
                let mut it = meaningful(p.into_inner());
                TestStmtKind::Override {
                    to: self.ident(&it.next().unwrap()),
                    role: self.string(&it.next().unwrap()),
                }
            }
            Rule::expect => {
                let c = meaningful(p.into_inner()).next().unwrap();
                TestStmtKind::Expect(self.expect(c))
            }
            _ => unexpected(&p),
        };
        TestStmt { kind, span: sp }
    }

    fn expect(&self, c: P) -> ExpectKind {
        match c.as_rule() {
            Rule::kw_ignored => ExpectKind::Ignored,
            Rule::expect_state => ExpectKind::State(self.ident(&first(c))),
            Rule::expect_fact => ExpectKind::Fact(self.ident(&first(c))),
            Rule::expect_action => {
                let mut it = meaningful(c.into_inner());
                let action = self.ident(&it.next().unwrap());
                let q = it.next().unwrap();
                let count = match q.as_rule() {
                    Rule::kw_once => ActionCount::Once,
                    Rule::kw_never => ActionCount::Never,
                    _ => ActionCount::Count(q.as_str().to_string()),
                };
                ExpectKind::Action { action, count }
            }
            Rule::expect_total => {
                let mut it = meaningful(c.into_inner());
                let name = self.ident(&it.next().unwrap());
                let op = BinOp::from_cmp(it.next().unwrap().as_str());
                let value = self.literal(it.next().unwrap());
                ExpectKind::Total { name, op, value }
            }
            Rule::expect_cmp => {
                let mut it = meaningful(c.into_inner());
                let name = self.ident(&it.next().unwrap());
                let op = BinOp::from_cmp(it.next().unwrap().as_str());
                let value = self.literal(it.next().unwrap());
                ExpectKind::Compare { name, op, value }
            }
            _ => unexpected(&c),
        }
    }
}

/// The first meaningful child of a pair.
fn first(p: P) -> P {
    meaningful(p.into_inner())
        .next()
        .expect("rule has a meaningful child")
}
