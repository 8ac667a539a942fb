//! The oracle's lowering: Rollback, release, monitoring and scenario tests.

use keel::ast::*;
use keel::syntax::parser::Rule;

use super::{first, meaningful, unexpected, Lowerer, P};

impl Lowerer<'_> {
    // -----------------------------------------------------------------------------------
    // Rollback, release, monitoring
    // -----------------------------------------------------------------------------------

    pub(crate) fn rollback_item(&self, p: P) -> RollbackItem {
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

    pub(crate) fn remediate_item(&self, p: P) -> RemediateItem {
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

    pub(crate) fn release_item(&self, p: P) -> ReleaseItem {
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

    pub(crate) fn monitor_item(&self, p: P) -> MonitorItem {
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

    pub(crate) fn kvs<'i>(&self, pairs: impl Iterator<Item = P<'i>>) -> Vec<Kv> {
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

    pub(crate) fn test(&self, p: P) -> Test {
        let mut it = meaningful(p.into_inner());
        let name = self.string(&it.next().unwrap());
        let kind = self.word(&it.next().unwrap());
        let stmts = it.map(|s| self.test_stmt(s)).collect();
        Test { name, kind, stmts }
    }

    pub(crate) fn test_stmt(&self, p: P) -> TestStmt {
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

    pub(crate) fn expect(&self, c: P) -> ExpectKind {
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
