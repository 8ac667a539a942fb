//! `keel approve FILE --as ROLE --by PERSON [--decision D] [--at TIMESTAMP]`: records one
//! role's decision, bound to the workflow's current digest. Only that role's line changes.

use std::path::PathBuf;

use super::session::{self, Session};
use crate::approve::{self, Approval};
use crate::model::{Decision, Role};
use crate::{check, fsutil, literal};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RoleArg {
    Owner,
    Maintainer,
    Compliance,
    #[value(name = "finance_risk", alias = "finance-risk")]
    FinanceRisk,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DecisionArg {
    Approved,
    Rejected,
    #[value(name = "changes_requested", alias = "changes-requested")]
    ChangesRequested,
}

#[derive(clap::Args, Debug)]
pub struct ApproveArgs {
    /// The workflow file
    pub file: PathBuf,
    /// The approver role
    #[arg(long = "as", value_enum)]
    pub role: RoleArg,
    /// The person deciding
    #[arg(long)]
    pub by: String,
    /// The decision
    #[arg(long, value_enum, default_value = "approved")]
    pub decision: DecisionArg,
    /// When (RFC 3339; default: now, in UTC)
    #[arg(long)]
    pub at: Option<String>,
    /// Which workflow, when the file holds several (its id or name)
    #[arg(long)]
    pub workflow: Option<String>,
    /// Use this keel.toml instead of the project's
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

pub fn run(a: ApproveArgs) -> u8 {
    let role = match a.role {
        RoleArg::Owner => Role::Owner,
        RoleArg::Maintainer => Role::Maintainer,
        RoleArg::Compliance => Role::Compliance,
        RoleArg::FinanceRisk => Role::FinanceRisk,
    };
    let decision = match a.decision {
        DecisionArg::Approved => Decision::Approved,
        DecisionArg::Rejected => Decision::Rejected,
        DecisionArg::ChangesRequested => Decision::ChangesRequested,
    };
    let person = a.by.trim();
    if person.is_empty() || person.contains(['\n', '\r']) {
        eprintln!("error: --by needs a person's name on one line");
        return 2;
    }
    if let Err(e) = crate::people::check_name(&a.by) {
        eprintln!(
            "error: --by {:?}: {e}; a person name is compared by identity key and must be plain text of one script (K005)",
            a.by
        );
        return 2;
    }
    let at = a.at.clone().unwrap_or_else(approve::now_utc);
    match literal::timestamp(&at) {
        Err(e) => {
            eprintln!("error: --at: {e}");
            return 2;
        }
        Ok(t) => {
            let limit = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(5 * 60);
            if t > limit {
                eprintln!(
                    "error: --at {at} is in the future (more than 5 minutes ahead of now, {}); an approval is recorded when it is given: leave out --at to record it now",
                    approve::now_utc()
                );
                return 2;
            }
        }
    }
    // One approve (or fmt) at a time on this file: a second one waits here, then reads what
    // the first wrote.
    let _lock = match fsutil::lock_for_edit(&a.file) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let mut session = Session::new(a.config.clone());
    let l = match session::load_one(&mut session, &a.file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    // The approval is written into the syntax tree's text: keep a copy of the tree.
    let (ast, module) = match check::parse(&l.source) {
        Ok(parsed) => (
            parsed.ast.clone(),
            check::resolve(&l.source, parsed, &l.project.library).module,
        ),
        Err(why) => return l.refuse(why, "nothing approved"),
    };
    let wf = match session::select_one(&l.source.path, &module.workflows, a.workflow.as_deref()) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let w = &module.workflows[wf];
    let digest = check::content_artifact(&module.catalog, w).digest;
    let new_text = approve::apply(
        &l.source.text,
        &ast,
        wf,
        &Approval {
            role,
            person,
            decision,
            at: &at,
            digest: &digest,
        },
    );
    let bom = if l.source.bom { "\u{feff}" } else { "" };
    let read = format!("{bom}{}", l.source.text);
    let bytes = format!("{bom}{new_text}");
    if let Err(e) = fsutil::write_file(
        &l.input.path,
        bytes.as_bytes(),
        fsutil::Expect::Content(read.as_bytes()),
    ) {
        eprintln!("error: {e}");
        return 2;
    }
    // Separation of duties is K204's to enforce; say it now too.
    if let Some(other) = w
        .approvals
        .iter()
        .flat_map(|ap| ap.entries.iter())
        .find(|e| crate::people::same_person(&e.person.value, person) && e.role != role)
    {
        eprintln!(
            "warning: {person} already approves {} as {}; one person may not fill two roles (K204)",
            w.id,
            other.role.as_str()
        );
    }
    println!(
        "{} {} {} by {person} for {digest}",
        w.id,
        decision.as_str(),
        role.as_str()
    );
    0
}
