//! Pest errors to K001 diagnostics: "expected `->`, found `Rejected`", in words, with the
//! syntax of the statement being written as help.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::lexer::{self, TokKind};
use super::parser::Rule;
use crate::diagnostic::{one_of, suggest, Diagnostic};
use crate::span::Span;

/// What a rule means to someone writing Keel.
pub fn describe(rule: Rule) -> &'static str {
    use Rule::*;
    match rule {
        EOI => "end of file",
        colon => "`:`",
        comma => "`,`",
        arrow => "`->`",
        lbrace => "`{`",
        rbrace => "`}`",
        lparen => "`(`",
        rparen => "`)`",
        lbracket => "`[`",
        rbracket => "`]`",
        dotdot => "`..`",
        minus => "`-`",
        cmp_op => "a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`)",
        add_op => "`+` or `-`",
        mul_op => "`*` or `/`",
        ident | name => "a name",
        module_path => "a module path such as `std::payments`",
        version => "a version such as `v12`",
        number => "a number",
        percent => "a percentage such as `5%`",
        duration => "a duration such as `15m`",
        timestamp => "a timestamp such as `2026-11-20T10:00:00Z`",
        clock => "a clock time such as `22:00`",
        string => "a string in double quotes",
        count => "a count",
        value_name => "an attribute or field name",
        fact_name => "a fact name",
        event_name => "an event name",
        action_name => "an action name",
        metric_name => "a metric name",
        param_name => "a parameter name",
        member_name => "an enum member",
        workflow_name => "a workflow name",
        state_name => "a state name",
        transition_name => "a transition name",
        flag_name => "a flag name",
        env_name => "an environment name",
        subject_name => "a subject label",
        dimension => "a dimension label",
        day_name => "a day (`Mon` … `Sun`)",
        risk_class => "a risk class (`content`, `routing`, `kyc`, `eligibility`, `money`, `trading`, `commission`, `records`)",
        clients_value => "`new_only`, `existing_only` or `all`",
        trades_value => "`new_only`, `historical` or `all`",
        approver_role => "an approver role (`owner`, `maintainer`, `compliance`, `finance_risk`)",
        decision => "a decision (`approved`, `rejected`, `changes_requested`)",
        id_key => "`version`, `window` or `segment`",
        access_kind => "`edit`, `publish` or `approve`",
        per_unit => "`hour` or `day`",
        on_off => "`on` or `off`",
        test_kind => "a test kind (`happy_path`, `boundary`, `transition`, `invariant`, `idempotency`, `override`)",
        tier_value => "a tier (`1`, `2` or `3`)",
        type_expr => "a type (`number`, `text`, `bool`, `time` or `enum(...)`)",
        guard | and_g | not_g | cmp => "a condition",
        expr | term | unary => "an expression",
        scalar | literal | bound | total_value => "a value",
        call => "an action call",
        metric => "a metric",
        kw_use => "`use`",
        kw_workflow => "`workflow`",
        kw_attribute => "`attribute`",
        kw_fact => "`fact`",
        kw_event => "`event`",
        kw_action => "`action`",
        kw_number => "`number`",
        kw_text => "`text`",
        kw_bool => "`bool`",
        kw_time => "`time`",
        kw_enum => "`enum`",
        kw_risk => "`risk`",
        kw_idempotent => "`idempotent`",
        kw_by => "`by`",
        kw_compensate => "`compensate`",
        kw_establishes => "`establishes`",
        kw_clears => "`clears`",
        kw_adds => "`adds`",
        kw_subtracts => "`subtracts`",
        kw_title => "`title`",
        kw_tier => "`tier`",
        kw_subject => "`subject`",
        kw_owner => "`owner`",
        kw_maintainer => "`maintainer`",
        kw_environments => "`environments`",
        kw_flag => "`flag`",
        kw_default => "`default`",
        kw_scope => "`scope`",
        kw_clients => "`clients`",
        kw_trades => "`trades`",
        kw_recalculation => "`recalculation`",
        kw_none => "`none`",
        kw_since => "`since`",
        kw_regions => "`regions`",
        kw_groups => "`groups`",
        kw_changelog => "`changelog`",
        kw_what => "`what`",
        kw_why => "`why`",
        kw_ticket => "`ticket`",
        kw_approvals => "`approvals`",
        kw_at => "`at`",
        kw_for => "`for`",
        kw_states => "`states`",
        kw_initial => "`initial`",
        kw_terminal => "`terminal`",
        kw_manual => "`manual`",
        kw_sla => "`sla`",
        kw_requires => "`requires`",
        kw_transition => "`transition`",
        kw_on => "`on`",
        kw_when => "`when`",
        kw_otherwise => "`otherwise`",
        kw_behind => "`behind`",
        kw_do => "`do`",
        kw_override => "`override`",
        kw_invariant => "`invariant`",
        kw_once => "`once`",
        kw_per => "`per`",
        kw_and => "`and`",
        kw_or => "`or`",
        kw_not => "`not`",
        kw_in => "`in`",
        kw_true => "`true`",
        kw_false => "`false`",
        kw_rollback => "`rollback`",
        kw_trigger => "`trigger`",
        kw_over => "`over`",
        kw_queue => "`queue`",
        kw_method => "`method`",
        kw_previous_version => "`previous_version`",
        kw_disable => "`disable`",
        kw_route_to => "`route_to`",
        kw_off => "`off`",
        kw_backout => "`backout`",
        kw_map => "`map`",
        kw_remediate => "`remediate`",
        kw_identify => "`identify`",
        kw_revert => "`revert`",
        kw_with => "`with`",
        kw_communicate => "`communicate`",
        kw_release => "`release`",
        kw_window => "`window`",
        kw_canary => "`canary`",
        kw_region => "`region`",
        kw_segment => "`segment`",
        kw_monitor => "`monitor`",
        kw_stuck => "`stuck`",
        kw_after => "`after`",
        kw_alert => "`alert`",
        kw_metric => "`metric`",
        kw_expect => "`expect`",
        kw_within => "`within`",
        kw_access => "`access`",
        kw_test => "`test`",
        kw_given => "`given`",
        kw_start => "`start`",
        kw_twice => "`twice`",
        kw_times => "`times`",
        kw_state => "`state`",
        kw_never => "`never`",
        kw_count => "`count`",
        kw_total => "`total`",
        kw_ignored => "`ignored`",
        _ => "more input",
    }
}

/// Sets of alternatives that read better as one phrase. A group is used when at least two
/// of its members are among the expected rules; all its members are then replaced.
const GROUPS: &[(&str, &[Rule])] = {
    use Rule::*;
    &[
        (
            "a workflow statement (`title`, `tier`, `owner`, `states`, `transition`, `override`, `rollback`, `test`, ...)",
            &[
                kw_title, kw_tier, kw_subject, kw_owner, kw_maintainer, kw_environments, kw_flag,
                kw_scope, kw_changelog, kw_approvals, kw_states, kw_transition, kw_override,
                kw_invariant, kw_rollback, kw_release, kw_monitor, kw_access, kw_test,
            ],
        ),
        (
            "`use`, `workflow`, `attribute`, `fact`, `event` or `action`",
            &[kw_use, kw_workflow, kw_attribute, kw_fact, kw_event, kw_action],
        ),
        (
            "an action property (`risk`, `idempotent by`, `compensate`, `establishes`, `clears`, `adds`, `subtracts`)",
            &[kw_risk, kw_idempotent, kw_compensate, kw_establishes, kw_clears, kw_adds, kw_subtracts],
        ),
        (
            "a state attribute (`initial`, `terminal`, `manual`, `sla`, `requires`)",
            &[kw_initial, kw_terminal, kw_manual, kw_sla, kw_requires],
        ),
        (
            "a test step (`given`, `start`, `flag`, `event`, `override`, `expect`)",
            &[kw_given, kw_start, kw_flag, kw_event, kw_override, kw_expect],
        ),
        (
            "a rollback entry (`trigger`, `method`, `backout`, `map`, `remediate`)",
            &[kw_trigger, kw_method, kw_backout, kw_map, kw_remediate],
        ),
        (
            "a remediation entry (`identify by`, `revert`, `compensate`, `manual`, `communicate`)",
            &[kw_identify, kw_revert, kw_compensate, kw_manual, kw_communicate],
        ),
        (
            "a scope entry (`clients`, `trades`, `recalculation`, `regions`, `groups`)",
            &[kw_clients, kw_trades, kw_recalculation, kw_regions, kw_groups],
        ),
        (
            "a changelog entry (`what`, `why`, `by`, `ticket`)",
            &[kw_what, kw_why, kw_by, kw_ticket],
        ),
        (
            "a monitor entry (`stuck`, `metric`, `expect`)",
            &[kw_stuck, kw_metric, kw_expect],
        ),
        (
            "a release entry (`window`, `canary`)",
            &[kw_window, kw_canary],
        ),
        (
            "a transition clause (`when`, `behind`, `do`)",
            &[kw_when, kw_behind, kw_do],
        ),
        (
            "an operator (`and`, `or`, a comparison, `in`, `+`, `-`, `*`, `/`)",
            &[kw_and, kw_or, cmp_op, kw_in, add_op, mul_op],
        ),
        (
            "an expectation (`state`, `action`, `total`, `fact`, `ignored` or a comparison)",
            &[kw_state, kw_action, kw_total, kw_fact, kw_ignored],
        ),
    ]
};

/// The keyword texts of a set of rules (for "did you mean").
fn keyword_text(rule: Rule) -> Option<&'static str> {
    let d = describe(rule);
    let name = format!("{rule:?}");
    if name.starts_with("kw_") {
        Some(d.trim_matches('`'))
    } else {
        None
    }
}

/// The expected alternatives, in words, grouped and de-duplicated.
pub fn expected_phrases(positives: &[Rule]) -> Vec<String> {
    let mut rules: Vec<Rule> = positives.to_vec();
    let mut phrases: Vec<String> = Vec::new();
    for (phrase, members) in GROUPS {
        let hits = rules.iter().filter(|r| members.contains(r)).count();
        if hits >= 2 {
            rules.retain(|r| !members.contains(r));
            phrases.push(phrase.to_string());
        }
    }
    for r in rules {
        let d = describe(r).to_string();
        if !phrases.contains(&d) {
            phrases.push(d);
        }
    }
    // Keep "end of file" and `}` last: they are the least likely intent.
    phrases.sort_by_key(|p| (p == "end of file" || p == "`}`") as u8);
    phrases
}

/// The syntax of the construct a piece starts with, as help.
pub fn template(first_word: &str) -> Option<&'static str> {
    Some(match first_word {
        "use" => "an import reads `use std::payments`",
        "attribute" => "an attribute reads `attribute NAME: number|text|bool|time|enum(a, b)`",
        "fact" => "a fact reads `fact NAME \"optional description\"`",
        "event" => "an event reads `event NAME { field: type, ... }` (the payload is optional)",
        "action" => "an action reads `action NAME(param: type) { risk CLASS idempotent by KEY compensate ACTION ... }`",
        "workflow" => "a workflow reads `workflow NAME vN { ... }`",
        "title" => "`title \"...\"`",
        "tier" => "`tier 1`, `tier 2` or `tier 3`",
        "owner" | "maintainer" => "`owner \"person\"` / `maintainer \"person\"`",
        "environments" => "`environments sandbox, staging, production`",
        "flag" => "`flag NAME default on|off`",
        "scope" => "`scope { clients new_only|existing_only|all  trades new_only|historical|all  recalculation none|since TIMESTAMP  regions \"EU\"  groups \"G\" }`",
        "changelog" => "`changelog { what \"...\" why \"...\" by \"...\" ticket \"...\" }`",
        "approvals" => "each approval reads `ROLE \"person\" approved|rejected|changes_requested at 2026-11-20T10:00:00Z [for \"sha256:...\"]`",
        "states" => "`states { NAME [initial] [terminal] [manual] [sla 24h] [requires FACT, ...] ... }`",
        "transition" => "a transition reads `transition NAME: FROM -> TO on EVENT [when CONDITION|otherwise] [behind FLAG] [do ACTION, ACTION(arg: value)]`",
        "override" => "an override reads `override STATE, STATE -> MANUAL_STATE by \"role\"`",
        "invariant" => "`invariant \"name\" CONDITION` or `invariant \"name\" once ACTION per KEY`",
        "rollback" => "`rollback { trigger METRIC > 5% over 1h  method previous_version vN|disable route_to STATE|flag F off  backout 15m  map A -> B  remediate { ... } }`",
        "release" => "`release { window Mon-Thu 22:00-23:30 \"Europe/London\"  canary 5% region \"CY\" }`",
        "monitor" => "`monitor { stuck STATE after 24h alert \"team\"  metric NAME [by DIM]  expect NAME within 0..100 [per hour|day] }`",
        "access" => "`access { edit \"role\"  publish \"role\"  approve \"role\", \"role\" }`",
        "test" => "a test reads `test \"name\" KIND { given {..} event NAME {..} expect ... }` with KIND one of happy_path, boundary, transition, invariant, idempotency, override",
        _ => return None,
    })
}

/// Converts a pest error from parsing a piece of `src` that starts at byte `base` into
/// K001. `context` is the first word of the construct being parsed, for the help text.
pub fn to_diagnostic(
    src: &str,
    err: &Error<Rule>,
    base: usize,
    context: Option<&str>,
) -> Diagnostic {
    let pos = base
        + match err.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
    let positives: Vec<Rule> = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let found = lexer::token_at(src, pos);
    let (found_text, span) = match found {
        Some(t) => {
            let text = t.text(src);
            let shown = if t.kind == TokKind::Comment {
                "a comment".to_string()
            } else {
                format!("`{}`", truncate(text, 40))
            };
            (shown, t.span)
        }
        None => ("end of file".to_string(), Span::new(src.len(), src.len())),
    };
    // The error sits where the unexpected token starts (pest may report a position inside
    // the blanks before it).
    let span = if span.start as usize >= pos {
        span
    } else {
        Span::new(pos, pos)
    };
    let phrases = expected_phrases(&positives);
    let message = if phrases.is_empty() {
        format!("unexpected {found_text}")
    } else {
        format!("expected {}, found {found_text}", one_of(&phrases))
    };
    let label = if phrases.len() == 1 {
        format!("expected {} here", phrases[0])
    } else {
        "unexpected here".to_string()
    };
    let mut help: Option<String> = None;
    if let Some(t) = found {
        let text = t.text(src);
        if t.kind == TokKind::Word {
            let keywords: Vec<&str> = positives.iter().filter_map(|r| keyword_text(*r)).collect();
            if let Some(s) = suggest(text, keywords.iter().copied()) {
                help = Some(format!("did you mean `{s}`?"));
            } else if super::RESERVED.contains(&text)
                && positives.iter().any(|r| describe(*r).contains("name"))
            {
                let mut h = format!("`{text}` is a reserved word, so it cannot be a name here");
                if let Some(t) = context.and_then(template) {
                    h.push_str("; ");
                    h.push_str(t);
                }
                help = Some(h);
            }
        }
    }
    if help.is_none() && found.is_none() && positives.contains(&Rule::rbrace) {
        help = Some("every `{` needs a matching `}`; one is not closed".to_string());
    }
    if help.is_none() {
        help = context.and_then(template).map(str::to_string);
    }
    let help = help.unwrap_or_else(|| match found {
        None => "the file ends inside a construct: finish it, or remove the partial text".to_string(),
        Some(_) if context.is_none() || !phrases.is_empty() && phrases.iter().any(|p| p.contains("`workflow`")) => {
            "a file holds `use` lines, definitions (`attribute`, `fact`, `event`, `action`) and `workflow NAME vN { ... }` blocks; anything else is out of place".to_string()
        }
        Some(_) => "write what is expected here, or remove the unexpected text (`keel explain K001` lists the usual causes)".to_string(),
    });
    Diagnostic::new("K001", span, format!("syntax error: {message}"))
        .label(label)
        .help(help)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}
