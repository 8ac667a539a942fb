//! `keel init [DIR]`: a new Keel repository: keel.toml, an example workflow without
//! approvals (nobody has approved it yet: `keel approve` records them), and a CI job for
//! GitHub Actions.

use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// The directory to set up (default: the current directory)
    pub dir: Option<PathBuf>,
}

const CONFIG: &str = r#"# Keel project settings. The project root is the directory holding this file.

[check]
# The environment `keel check` checks for when --env is not given.
env = "production"
# deny_warnings = true

[rules]
# Per-rule levels: "error", "warning" or "off" (codes or rule names; see `keel explain`).
# K502 = "error"

[rollback]
# Tier 3 backout time objective (K403).
backout_limit = "15m"

# [library]
# paths = ["lib"]   # `use acme::psp` reads lib/acme/psp.keel
"#;

const WORKFLOW: &str = r#"// A Tier 1 workflow: content only. Edit it, then re-approve with `keel approve`.
use std::client
use std::notify
use std::tasks

workflow WELCOME v1 {
  title "Welcome new leads"
  tier 1
  subject client
  owner "a.owner"
  maintainer "b.maintainer"

  states {
    New initial
    Welcomed terminal
  }

  transition welcome: New -> Welcomed on client.registered
    do notify.email("welcome"), tasks.create("sales-follow-up")

  test "a registered lead is welcomed" happy_path {
    event client.registered
    expect state Welcomed
    expect action notify.email once
  }
}
"#;

const CI: &str = r#"# Keel in CI: lint every change, publish SARIF to code scanning, keep test results.
name: keel
on: [push, pull_request]
jobs:
  keel:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write
    steps:
      - uses: actions/checkout@v4
      - name: Install keel
        run: cargo install --locked --git "$KEEL_REPO" keel
        env:
          KEEL_REPO: ${{ vars.KEEL_REPO }}
      - name: keel check
        run: keel check --format sarif > keel.sarif
      - name: Upload SARIF
        if: always()
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: keel.sarif
      - name: keel test
        run: keel test --junit keel-junit.xml --format github
      - name: Keep test results
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: keel-junit
          path: keel-junit.xml
"#;

pub fn run(a: InitArgs) -> u8 {
    let dir = a.dir.unwrap_or_else(|| PathBuf::from("."));
    if dir.join("keel.toml").exists() {
        eprintln!(
            "error: {} is already a Keel project (keel.toml exists)",
            dir.display()
        );
        return 2;
    }
    // No invented approvals (LANGUAGE.md §8): the example waits for its owner and
    // maintainer to approve it with `keel approve`.
    let text = WORKFLOW.to_string();
    let files = [
        (dir.join("keel.toml"), CONFIG.to_string()),
        (dir.join("workflows/welcome.keel"), text),
        (dir.join(".github/workflows/keel.yml"), CI.to_string()),
    ];
    for (path, _) in &files {
        if path.exists() {
            eprintln!("error: {} exists; nothing was written", path.display());
            return 2;
        }
    }
    for (path, content) in &files {
        if let Some(parent) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                eprintln!("error: {}: {e}", parent.display());
                return 2;
            }
        }
        if let Err(e) =
            crate::fsutil::write_file(path, content.as_bytes(), crate::fsutil::Expect::Absent)
        {
            eprintln!("error: {e}");
            return 2;
        }
        println!("created {}", path.display());
    }
    let wf = dir.join("workflows/welcome.keel");
    println!(
        "next: set the example's owner and maintainer, then each of them approves it:\n  keel approve {} --as owner --by OWNER\n  keel approve {} --as maintainer --by MAINTAINER\nthen `keel check {}` passes (until then it reports K202, missing-approval)",
        wf.display(),
        wf.display(),
        dir.display()
    );
    0
}
