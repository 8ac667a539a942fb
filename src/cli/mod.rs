//! The command line: one file per subcommand. `main.rs` only calls [`main`].

mod approve;
mod build;
mod check;
mod diff;
mod digest;
mod explain;
pub mod files;
mod fmt;
mod graph;
mod init;
mod publish;
pub mod schema;
pub mod session;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Env;
use crate::report::Format;

/// Keel: compile, lint and test governed CRM workflows.
#[derive(Parser, Debug)]
#[command(name = "keel", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse, analyse and test workflows (directories are searched for *.keel)
    Check(check::CheckArgs),
    /// Check, then write one artifact per workflow (nothing unless every check passes)
    Build(build::BuildArgs),
    /// Draw the state graph (dot, mermaid or svg)
    Graph(graph::GraphArgs),
    /// Rewrite files in the canonical layout (--check: only report)
    Fmt(fmt::FmtArgs),
    /// Semantic diff of two versions of a workflow, with its blast radius
    Diff(diff::DiffArgs),
    /// Set up a new Keel repository: keel.toml, an example workflow, a CI job
    Init(init::InitArgs),
    /// Run the language server over stdio
    Lsp(LspArgs),
    /// Print the artifact's JSON Schema
    Schema(schema::SchemaArgs),
    /// Run the scenario tests; report results, traces and coverage
    Test(test::TestArgs),
    /// Print the content digest of each workflow: `<id> sha256:<hex>`
    Digest(digest::DigestArgs),
    /// Record an approval bound to the workflow's current digest
    Approve(approve::ApproveArgs),
    /// Record workflows that pass the production checks in keel.lock
    Publish(publish::PublishArgs),
    /// Explain a rule: what it checks, why it matters, examples
    Explain(explain::ExplainArgs),
}

/// `keel lsp` takes no arguments (editors may pass `--stdio`, which is the only transport).
#[derive(clap::Args, Debug)]
pub struct LspArgs {
    /// Use stdio (the default and only transport)
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EnvArg {
    Sandbox,
    Staging,
    Production,
}

impl From<EnvArg> for Env {
    fn from(e: EnvArg) -> Env {
        match e {
            EnvArg::Sandbox => Env::Sandbox,
            EnvArg::Staging => Env::Staging,
            EnvArg::Production => Env::Production,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Exit 1 when there are warnings too
    Warnings,
}

/// Flags shared by the commands that check.
#[derive(clap::Args, Debug, Clone)]
pub struct CommonArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Environment to check for (keel check: default keel.toml's [check] env, else production; keel build: production unless given)
    #[arg(long, value_enum)]
    pub env: Option<EnvArg>,
    /// Treat warnings as errors for the exit code
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// Do not run the scenario tests
    #[arg(long)]
    pub no_tests: bool,
    /// Use this keel.toml instead of the project's
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Check files on this many threads (default: one per core)
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// Standard output for reports, buffered: reporters write many small pieces, and the standard
/// library's stdout flushes at every newline. Callers flush it and report a failure.
pub fn stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock())
}

/// Whether stdout is a terminal that wants colour.
pub fn stdout_color() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let code = match cli.command {
        Command::Check(a) => check::run(a),
        Command::Test(a) => test::run(a),
        Command::Build(a) => build::run(a),
        Command::Schema(a) => schema::run(a),
        Command::Graph(a) => graph::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Fmt(a) => fmt::run(a),
        Command::Init(a) => init::run(a),
        Command::Lsp(_) => crate::lsp::run_stdio(),
        Command::Digest(a) => digest::run(a),
        Command::Approve(a) => approve::run(a),
        Command::Publish(a) => publish::run(a),
        Command::Explain(a) => explain::run(a),
    };
    ExitCode::from(code)
}
