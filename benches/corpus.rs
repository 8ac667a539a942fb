//! A deterministic corpus of realistic Keel workflows for benchmarks: brokerage workflows of
//! every tier (KYC routing, withdrawals, IB commissions, bonuses, welcome flows) with varied
//! names, limits and sizes; one workflow with many states; one with guard-heavy
//! state+event pairs. The same seed always gives the same bytes.
#![allow(dead_code)]

/// A small deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

const HEADER: &str = r#"  subject client
  owner "o.wner"
  maintainer "m.aintainer"
  environments sandbox, staging, production
"#;

fn approvals(tier: u8) -> String {
    let mut s = String::from("  approvals {\n    owner \"o.wner\" approved at 2026-11-20T10:00:00Z\n    maintainer \"m.aintainer\" approved at 2026-11-20T11:00:00Z\n");
    if tier >= 2 {
        s.push_str("    compliance \"c.ompliance\" approved at 2026-11-21T09:30:00Z\n");
    }
    if tier >= 3 {
        s.push_str("    finance_risk \"f.inance\" approved at 2026-11-21T12:00:00Z\n");
    }
    s.push_str("  }\n");
    s
}

fn kyc(name: &str, v: u64, r: &mut Rng) -> String {
    let sla = 12 + r.below(48);
    format!(
        r#"workflow {name} v{v} {{
  title "KYC routing {name}"
  tier 2
{HEADER}  changelog {{
    what "Route {name} clients through document review"
    why "CHG-{v}: regional rules"
    by "m.aintainer"
  }}
{approvals}
  states {{
    Pending initial sla 48h
    Review sla {sla}h
    Approved terminal requires docs.identity_verified, docs.address_verified
    Rejected terminal
    Manual manual sla 8h
  }}

  transition submit: Pending -> Review on document.uploaded
    when doc.type in [passport, id_card]
    do kyc.verify_identity, tasks.create("kyc-review")

  transition wrong_document: Pending -> Pending on document.uploaded
    when otherwise
    do notify.email("kyc_wrong_document")

  transition approve: Review -> Approved on check.completed
    when check.identity_ok and check.address_ok
    do kyc.verify_address, kyc.set_status(approved), notify.email("kyc_approved")

  transition reject: Review -> Rejected on check.completed
    when otherwise
    do kyc.set_status(rejected)

  transition resolve_approve: Manual -> Approved on check.completed
    when check.identity_ok and check.address_ok
    do kyc.verify_identity, kyc.verify_address, kyc.set_status(approved)

  transition resolve_reject: Manual -> Rejected on check.completed
    when otherwise
    do kyc.set_status(rejected)

  override Pending, Review -> Manual by "ops.kyc"

  rollback {{
    trigger queue(Review) > {q}
    trigger kyc.approval_rate < 40% over 1h
    method disable route_to Manual
    backout 30m
    remediate {{
      identify by version, window
      revert Approved -> Review
    }}
  }}

  monitor {{
    stuck Pending after 48h alert "kyc-ops"
    metric kyc.approval_rate by region
  }}

  access {{
    edit "crm.admin"
    publish "crm.release"
    approve "compliance"
  }}

  test "passport then full check approves" happy_path {{
    event document.uploaded {{ doc.type: passport }}
    event check.completed {{ check.identity_ok: true, check.address_ok: true }}
    expect state Approved
  }}

  test "utility bill is not identity" boundary {{
    event document.uploaded {{ doc.type: utility_bill }}
    expect state Pending
  }}

  test "failed address check rejects" transition {{
    event document.uploaded {{ doc.type: id_card }}
    event check.completed {{ check.identity_ok: true, check.address_ok: false }}
    expect state Rejected
  }}

  test "manual review approves" override {{
    override -> Manual by "ops.kyc"
    event check.completed {{ check.identity_ok: true, check.address_ok: true }}
    expect state Approved
  }}

  test "manual review rejects" override {{
    override -> Manual by "ops.kyc"
    event check.completed {{ check.identity_ok: false, check.address_ok: true }}
    expect state Rejected
  }}
}}
"#,
        approvals = approvals(2),
        q = 100 + r.below(400),
    )
}

fn withdrawal(name: &str, v: u64, r: &mut Rng) -> String {
    let limit = 250 * (1 + r.below(20));
    let below = limit / 2;
    format!(
        r#"workflow {name} v{v} {{
  title "Auto-approve small withdrawals {name}"
  tier 3
{HEADER}  flag auto default on
  scope {{
    clients all
    regions "EU"
  }}
  changelog {{
    what "Limit {limit}"
    why "OPS-{v}"
    by "m.aintainer"
  }}
{approvals}
  states {{
    Requested initial sla 1h
    Review sla 24h
    Paid terminal
    Declined terminal
    ManualQueue manual sla 4h
  }}

  transition auto_approve: Requested -> Paid on withdrawal.requested
    when withdrawal.method == card and withdrawal.amount < {limit} and not client.risk_flag
    behind auto
    do withdrawal.approve(amount: withdrawal.amount), notify.email("withdrawal_paid")

  transition to_review: Requested -> Review on withdrawal.requested
    when otherwise
    do withdrawal.hold, tasks.create("withdrawal-review")

  transition approve: Review -> Paid on withdrawal.reviewed
    when review.approved
    do withdrawal.approve(amount: withdrawal.amount)

  transition decline: Review -> Declined on withdrawal.reviewed
    when otherwise

  transition manual_pay: ManualQueue -> Paid on withdrawal.reviewed
    when review.approved
    do withdrawal.approve(amount: withdrawal.amount)

  transition manual_decline: ManualQueue -> Declined on withdrawal.reviewed
    when otherwise

  override Requested, Review -> ManualQueue by "ops.payments"

  invariant "balance never negative" client.balance >= 0
  invariant "one payout per withdrawal" once withdrawal.approve per withdrawal.id

  rollback {{
    trigger withdrawal.error_rate > 2% over 15m
    method flag auto off
    backout 10m
    remediate {{
      identify by version, window, segment
      compensate withdrawal.approve with "finance"
    }}
  }}

  release {{
    window Tue-Thu 02:00-05:00 "Europe/London"
    canary 10% region "CY"
  }}

  monitor {{
    stuck Review after 24h alert "payments-ops"
    metric withdrawal.error_rate
  }}

  access {{
    edit "crm.admin"
    publish "crm.release"
    approve "compliance", "finance"
  }}

  test "small card withdrawal is paid" happy_path {{
    given {{ client.balance: 100000, client.risk_flag: false }}
    event withdrawal.requested {{ withdrawal.id: "w1", withdrawal.amount: {below}, withdrawal.method: card }}
    expect state Paid
  }}

  test "exactly the limit goes to review" boundary {{
    given {{ client.balance: 100000 }}
    event withdrawal.requested {{ withdrawal.id: "w2", withdrawal.amount: {limit}, withdrawal.method: card }}
    expect state Review
  }}

  test "reviewer declines" transition {{
    event withdrawal.requested {{ withdrawal.id: "w3", withdrawal.amount: 5, withdrawal.method: crypto }}
    event withdrawal.reviewed {{ review.approved: false }}
    expect state Declined
  }}

  test "reviewer approves" invariant {{
    given {{ client.balance: 100000 }}
    event withdrawal.requested {{ withdrawal.id: "w4", withdrawal.amount: 5, withdrawal.method: crypto }}
    event withdrawal.reviewed {{ review.approved: true }}
    expect state Paid
  }}

  test "duplicate webhook pays once" idempotency {{
    given {{ client.balance: 100000 }}
    event withdrawal.requested {{ withdrawal.id: "w5", withdrawal.amount: 1, withdrawal.method: card }} twice
    expect action withdrawal.approve once
  }}

  test "manual pay" override {{
    given {{ client.balance: 100000 }}
    override -> ManualQueue by "ops.payments"
    event withdrawal.reviewed {{ review.approved: true }}
    expect state Paid
  }}

  test "manual decline" override {{
    override -> ManualQueue by "ops.payments"
    event withdrawal.reviewed {{ review.approved: false }}
    expect state Declined
  }}
}}
"#,
        approvals = approvals(3),
    )
}

fn welcome(name: &str, v: u64, r: &mut Rng) -> String {
    let t = r.below(1000);
    format!(
        r#"workflow {name} v{v} {{
  title "Welcome {name}"
  tier 1
  owner "o.wner"
  maintainer "m.aintainer"
  changelog {{
    what "Template {t}"
    why "MKT-{t}"
    by "m.aintainer"
  }}
{approvals}
  states {{
    New initial
    Welcomed terminal
  }}

  transition welcome: New -> Welcomed on client.registered
    do notify.email("welcome_{t}"), tasks.create("sales-follow-up")

  test "welcomed" happy_path {{
    event client.registered
    expect state Welcomed
  }}
}}
"#,
        approvals = approvals(1),
    )
}

/// One file holding one realistic workflow.
pub fn workflow_file(i: u64, r: &mut Rng) -> String {
    let uses = "use std::client\nuse std::kyc\nuse std::payments\nuse std::ib\nuse std::notify\nuse std::tasks\n\n";
    let name = format!("WF_{i:05}");
    let body = match r.below(3) {
        0 => kyc(&name, 2 + r.below(9), r),
        1 => withdrawal(&name, 2 + r.below(9), r),
        _ => welcome(&name, 2 + r.below(9), r),
    };
    format!("// Generated workflow {i}.\n{uses}{body}")
}

/// `n` files of realistic workflows.
pub fn corpus(n: u64, seed: u64) -> Vec<(String, String)> {
    let mut r = Rng::new(seed);
    (0..n)
        .map(|i| (format!("wf_{i:05}.keel"), workflow_file(i, &mut r)))
        .collect()
}

/// One workflow with `n` states: a long onboarding ladder with review loops, overrides to a
/// manual queue, SLAs and facts required along the way.
pub fn big_workflow(n: usize) -> String {
    let mut s = String::from("use std::kyc\nuse std::tasks\n\nworkflow LADDER v1 {\n  tier 2\n  owner \"o\"\n  maintainer \"m\"\n  states {\n    S0 initial\n");
    for i in 1..n {
        if i % 50 == 0 {
            s.push_str(&format!(
                "    S{i} sla 24h requires docs.identity_verified\n"
            ));
        } else {
            s.push_str(&format!("    S{i} sla 24h\n"));
        }
    }
    s.push_str("    Done terminal\n    Manual manual sla 4h\n  }\n");
    for i in 0..n {
        let next = if i + 1 < n {
            format!("S{}", i + 1)
        } else {
            "Done".to_string()
        };
        s.push_str(&format!("  transition t{i}: S{i} -> {next} on check.completed when check.identity_ok do kyc.verify_identity\n"));
        s.push_str(&format!("  transition r{i}: S{i} -> S{i} on check.completed when otherwise do tasks.create(\"retry\")\n"));
        if i % 10 == 0 && i > 0 {
            s.push_str(&format!(
                "  transition back{i}: S{i} -> S{} on document.uploaded\n",
                i - 5
            ));
        }
    }
    let froms: Vec<String> = (0..n).map(|i| format!("S{i}")).collect();
    for chunk in froms.chunks(200) {
        s.push_str(&format!(
            "  override {} -> Manual by \"ops\"\n",
            chunk.join(", ")
        ));
    }
    s.push_str("  transition resolve: Manual -> Done on check.completed do kyc.verify_identity\n");
    s.push_str("  test \"first step\" happy_path {\n    event check.completed { check.identity_ok: true }\n    expect state S1\n  }\n}\n");
    s
}

/// One workflow whose state+event pairs each carry many guarded transitions (commission
/// bands by group and volume), `pairs` pairs of `per_pair` transitions.
pub fn guard_heavy(pairs: usize, per_pair: usize) -> String {
    let mut s = String::from("use std::ib\nuse std::kyc\n\nworkflow BANDS v1 {\n  tier 3\n  owner \"o\"\n  maintainer \"m\"\n  scope {\n    clients all\n    trades new_only\n    recalculation none\n  }\n  states {\n");
    for p in 0..pairs {
        s.push_str(&format!(
            "    P{p}{}\n",
            if p == 0 { " initial" } else { "" }
        ));
    }
    s.push_str("    Closed terminal\n  }\n");
    for p in 0..pairs {
        for k in 0..per_pair {
            let (lo, hi) = (k * 10, k * 10 + 10);
            s.push_str(&format!(
                "  transition b{p}_{k}: P{p} -> P{p} on trade.closed when ib.group == \"G{}\" and trade.volume >= {lo} and trade.volume < {hi} do commission.pay(amount: trade.volume * {})\n",
                k % 3,
                k + 1
            ));
        }
        s.push_str(&format!(
            "  transition rest{p}: P{p} -> P{p} on trade.closed when otherwise\n"
        ));
        let next = if p + 1 < pairs {
            format!("P{}", p + 1)
        } else {
            "Closed".to_string()
        };
        s.push_str(&format!(
            "  transition next{p}: P{p} -> {next} on aml.screening_done\n"
        ));
    }
    s.push_str("}\n");
    s
}
