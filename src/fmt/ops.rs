//! Operational blocks: `rollback` (with `remediate`), `release`, `monitor`, `access`.

use super::expr::{block, ident, list, literal, string, strings, word};
use super::printer::Printer;
use crate::ast::{
    Access, AccessItem, Method, Metric, Monitor, MonitorItem, MonitorItemKind, Release,
    ReleaseItem, ReleaseItemKind, RemediateItem, RemediateItemKind, Rollback, RollbackItem,
    RollbackItemKind, Target,
};

pub fn rollback(p: &mut Printer, r: &Rollback) {
    block(p, &r.items, rollback_item);
}

fn rollback_item(p: &mut Printer, it: &RollbackItem) {
    match &it.kind {
        RollbackItemKind::Trigger {
            metric,
            op,
            threshold,
            over,
        } => {
            p.tok("trigger");
            match metric {
                Metric::Queue(state) => {
                    p.tok("queue");
                    p.glue();
                    p.tok("(");
                    p.glue();
                    ident(p, state);
                    p.glue();
                    p.tok(")");
                }
                Metric::Named(name) => ident(p, name),
            }
            p.tok(op.as_str());
            literal(p, threshold);
            if let Some(d) = over {
                p.tok("over");
                literal(p, d);
            }
        }
        RollbackItemKind::Method(m) => {
            p.tok("method");
            method(p, m);
        }
        RollbackItemKind::Backout(d) => {
            p.tok("backout");
            literal(p, d);
        }
        RollbackItemKind::Map { from, to } => {
            p.tok("map");
            arrow(p, from, to);
        }
        RollbackItemKind::Remediate(items) => {
            p.tok("remediate");
            block(p, items, remediate_item);
        }
    }
}

/// `A -> B`
fn arrow(p: &mut Printer, from: &crate::ast::Ident, to: &crate::ast::Ident) {
    ident(p, from);
    p.tok("->");
    ident(p, to);
}

fn method(p: &mut Printer, m: &Method) {
    match m {
        Method::PreviousVersion(v) => {
            p.tok("previous_version");
            p.raw_until(v.span.end as usize);
        }
        Method::DisableRouteTo(state) => {
            p.tok("disable");
            p.tok("route_to");
            ident(p, state);
        }
        Method::FlagOff(flag) => {
            p.tok("flag");
            ident(p, flag);
            p.tok("off");
        }
    }
}

fn remediate_item(p: &mut Printer, it: &RemediateItem) {
    match &it.kind {
        RemediateItemKind::Identify(keys) => {
            p.tok("identify");
            p.tok("by");
            list(p, keys, word);
        }
        RemediateItemKind::Revert { from, to } => {
            p.tok("revert");
            arrow(p, from, to);
        }
        RemediateItemKind::Compensate { action, with } => {
            p.tok("compensate");
            ident(p, action);
            if let Some(w) = with {
                p.tok("with");
                string(p, w);
            }
        }
        RemediateItemKind::Manual { action, note } => {
            p.tok("manual");
            ident(p, action);
            string(p, note);
        }
        RemediateItemKind::Communicate(s) => {
            p.tok("communicate");
            string(p, s);
        }
    }
}

pub fn release(p: &mut Printer, r: &Release) {
    block(p, &r.items, release_item);
}

/// `window Mon-Thu 22:00-23:30 "UTC"`, `canary 5% segment "X"`.
fn release_item(p: &mut Printer, it: &ReleaseItem) {
    match &it.kind {
        ReleaseItemKind::Window {
            from_day,
            to_day,
            start,
            end,
            zone,
        } => {
            p.tok("window");
            ident(p, from_day);
            if let Some(to) = to_day {
                p.glue();
                p.tok("-");
                p.glue();
                ident(p, to);
            }
            literal(p, start);
            p.glue();
            p.tok("-");
            p.glue();
            literal(p, end);
            string(p, zone);
        }
        ReleaseItemKind::Canary { percent, targets } => {
            p.tok("canary");
            if let Some(pct) = percent {
                literal(p, pct);
            }
            for t in targets {
                target(p, t);
            }
        }
    }
}

fn target(p: &mut Printer, t: &Target) {
    word(p, &t.kind);
    string(p, &t.value);
}

pub fn monitor(p: &mut Printer, m: &Monitor) {
    block(p, &m.items, monitor_item);
}

fn monitor_item(p: &mut Printer, it: &MonitorItem) {
    match &it.kind {
        MonitorItemKind::Stuck {
            state,
            after,
            alert,
        } => {
            p.tok("stuck");
            ident(p, state);
            p.tok("after");
            literal(p, after);
            p.tok("alert");
            string(p, alert);
        }
        MonitorItemKind::Metric { name, by } => {
            p.tok("metric");
            ident(p, name);
            if let Some(dim) = by {
                p.tok("by");
                ident(p, dim);
            }
        }
        MonitorItemKind::Expect {
            name,
            low,
            high,
            per,
        } => {
            p.tok("expect");
            ident(p, name);
            p.tok("within");
            literal(p, low);
            p.glue();
            p.tok("..");
            p.glue();
            literal(p, high);
            if let Some(unit) = per {
                p.tok("per");
                word(p, unit);
            }
        }
    }
}

pub fn access(p: &mut Printer, a: &Access) {
    block(p, &a.items, access_item);
}

fn access_item(p: &mut Printer, it: &AccessItem) {
    word(p, &it.kind);
    strings(p, &it.roles);
}
