//! K107 against brute force: random pairs of small guards (linear in up to three numbers,
//! a boolean, an enum, names that may be unset) on one state and event. No missed overlap on
//! a grid of values including unset, and every reported witness, evaluated by an independent
//! oracle with §4's unset rules, makes both guards hold.

mod common;

use std::collections::HashMap;

use keel::config::Env;
use proptest::prelude::*;

/// withdrawal.amount (payload, always set), client.balance and client.bonus_balance (may be
/// unset).
const NUMS: [&str; 3] = [
    "withdrawal.amount",
    "client.balance",
    "client.bonus_balance",
];
const METHODS: [&str; 4] = ["card", "bank_wire", "crypto", "ewallet"];

#[derive(Clone, Debug)]
enum G {
    /// Σ coef·NUMS[i] REL k
    Lin(Vec<(usize, i64)>, &'static str, i64),
    /// client.risk_flag (unset reads false)
    Flag,
    /// withdrawal.method == M
    Method(usize),
    Not(Box<G>),
    And(Box<G>, Box<G>),
    Or(Box<G>, Box<G>),
}

fn atom() -> impl Strategy<Value = G> {
    prop_oneof![
        4 => (
            prop::collection::vec((0usize..3, -2i64..=2), 1..=3),
            prop::sample::select(vec!["<", "<=", ">", ">=", "==", "!="]),
            -2i64..=2
        )
            .prop_map(|(t, r, k)| G::Lin(t, r, k)),
        1 => Just(G::Flag),
        1 => (0usize..4).prop_map(G::Method),
    ]
}

fn guard() -> impl Strategy<Value = G> {
    atom().prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|g| G::Not(Box::new(g))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| G::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner).prop_map(|(a, b)| G::Or(Box::new(a), Box::new(b))),
        ]
    })
}

fn text(g: &G) -> String {
    match g {
        G::Lin(t, r, k) => {
            let terms: Vec<String> = t
                .iter()
                .map(|(i, c)| format!("{c} * {}", NUMS[*i]))
                .collect();
            format!("{} {r} {k}", terms.join(" + "))
        }
        G::Flag => "client.risk_flag".to_string(),
        G::Method(m) => format!("withdrawal.method == {}", METHODS[*m]),
        G::Not(a) => format!("not ({})", text(a)),
        G::And(a, b) => format!("({}) and ({})", text(a), text(b)),
        G::Or(a, b) => format!("({}) or ({})", text(a), text(b)),
    }
}

/// Values as exact fractions over 1000 (witness decimals are short); `None` is unset.
#[derive(Clone, Debug)]
struct Env3 {
    nums: [Option<i128>; 3],
    flag: bool,
    method: usize,
}

fn eval(g: &G, e: &Env3) -> bool {
    match g {
        G::Lin(t, r, k) => {
            let mut s: i128 = 0;
            for (i, c) in t {
                let Some(v) = e.nums[*i] else { return false };
                s += *c as i128 * v;
            }
            let k = *k as i128 * 1000;
            match *r {
                "<" => s < k,
                "<=" => s <= k,
                ">" => s > k,
                ">=" => s >= k,
                "==" => s == k,
                _ => s != k,
            }
        }
        G::Flag => e.flag,
        G::Method(m) => e.method == *m,
        G::Not(a) => !eval(a, e),
        G::And(a, b) => eval(a, e) && eval(b, e),
        G::Or(a, b) => eval(a, e) || eval(b, e),
    }
}

fn source(a: &G, b: &G) -> String {
    format!(
        "use std::payments\nuse std::client\nworkflow T v1 {{\n  states {{\n    A initial\n    B terminal\n  }}\n  transition one: A -> B on withdrawal.requested when {}\n  transition two: A -> B on withdrawal.requested when {}\n}}\n",
        text(a),
        text(b)
    )
}

/// The witness of a K107 message (`... when x = 1, client.balance unset, ...`) as an
/// environment: names it does not mention are unset (payload fields: any value, 0).
fn parse_witness(m: &str) -> Env3 {
    let w = m.split(" when ").last().unwrap_or("");
    let mut vals: HashMap<String, String> = HashMap::new();
    for part in w.split(", ") {
        if let Some((n, v)) = part.split_once(" = ") {
            vals.insert(n.to_string(), v.to_string());
        }
    }
    let num = |s: &str| -> i128 {
        let d: rust_decimal::Decimal = s.parse().expect("a decimal witness");
        let x = d * rust_decimal::Decimal::from(1000);
        assert!(
            x.fract().is_zero(),
            "witness {s} finer than the oracle's grid"
        );
        x.trunc().try_into().unwrap()
    };
    let mut nums = [None; 3];
    for (i, n) in NUMS.iter().enumerate() {
        nums[i] = vals.get(*n).map(|v| num(v));
    }
    if nums[0].is_none() {
        nums[0] = Some(0);
    }
    Env3 {
        nums,
        flag: vals.get("client.risk_flag").is_some_and(|v| v == "true"),
        method: vals
            .get("withdrawal.method")
            .and_then(|v| METHODS.iter().position(|m| m == v))
            .unwrap_or(0),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]
    #[test]
    fn k107_matches_brute_force(a in guard(), b in guard()) {
        let src = source(&a, &b);
        let r = common::check_text("t.keel", &src, Env::Production, false);
        let k107 = r.diagnostics.iter().find(|d| d.code == "K107");
        if r.diagnostics.iter().any(|d| d.code == "K110") {
            return Ok(());
        }
        // Grid: each number in -3..=3 or unset (the payload amount always set).
        let grid: Vec<Option<i128>> = std::iter::once(None)
            .chain((-3..=3).map(|v| Some(v * 1000)))
            .collect();
        let mut found: Option<Env3> = None;
        'outer: for x in grid.iter().skip(1) {
            for y in &grid {
                for z in &grid {
                    for flag in [false, true] {
                        for method in 0..4 {
                            let e = Env3 { nums: [*x, *y, *z], flag, method };
                            if eval(&a, &e) && eval(&b, &e) {
                                found = Some(e);
                                break 'outer;
                            }
                        }
                    }
                }
            }
        }
        if let Some(e) = &found {
            prop_assert!(k107.is_some(), "missed overlap at {e:?}\n{src}");
        }
        if let Some(d) = k107 {
            let e = parse_witness(&d.message);
            prop_assert!(eval(&a, &e) && eval(&b, &e), "false witness {e:?}: {}\n{src}", d.message);
        }
    }
}
