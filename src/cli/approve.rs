//! `keel approve FILE --as ROLE --by PERSON [--decision D] [--at TIMESTAMP]`: records one
//! role's decision, bound to the workflow's current digest. Only that role's line changes.

use std::path::PathBuf;

use super::files::Input;
use super::session::Session;
use crate::approve::{self, Approval};
use crate::model::{Decision, Role};
use crate::report::human;
use crate::{analysis, fsutil, literal, syntax};

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
    let input = Input {
        display: a.file.display().to_string(),
        path: a.file.clone(),
    };
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
    let (mut loaded, problems) = session.load(vec![input]);
    if let Some(p) = problems.first() {
        eprintln!("error: {p}");
        return 2;
    }
    let l = loaded.remove(0);
    if let Some(d) = l.source.utf8_diagnostic() {
        eprint!("{}", human::render(&human::handler(false), &l.source, &d));
        eprintln!(
            "error: {}: not valid UTF-8; nothing approved",
            l.source.path
        );
        return 1;
    }
    let parsed = match syntax::parse(&l.source.text) {
        Ok(p) => p,
        Err(errors) => {
            let h = human::handler(false);
            for d in &errors {
                eprint!("{}", human::render(&h, &l.source, d));
            }
            eprintln!("error: {} does not parse; nothing approved", l.source.path);
            return 1;
        }
    };
    let (module, _) = crate::suppress::resolve_parsed(&l.source.text, &parsed, &l.project.library);
    let candidates: Vec<usize> = (0..module.workflows.len())
        .filter(|i| {
            a.workflow
                .as_ref()
                .is_none_or(|w| module.workflows[*i].id == *w || module.workflows[*i].name == *w)
        })
        .collect();
    let wf = match candidates.as_slice() {
        [one] => *one,
        [] => {
            eprintln!(
                "error: {} has no workflow{}",
                l.source.path,
                a.workflow
                    .as_ref()
                    .map_or(String::new(), |w| format!(" `{w}`"))
            );
            return 2;
        }
        _ => {
            let ids: Vec<&str> = candidates
                .iter()
                .map(|i| module.workflows[*i].id.as_str())
                .collect();
            eprintln!(
                "error: {} holds several workflows ({}); choose one with --workflow",
                l.source.path,
                ids.join(", ")
            );
            return 2;
        }
    };
    let w = &module.workflows[wf];
    let digest = analysis::content_artifact(&module.catalog, w).digest;
    let new_text = approve::apply(
        &l.source.text,
        &parsed.ast,
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
