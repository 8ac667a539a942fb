//! Pathological input (issue 14): 3,000 overlapping transitions on one state and event, a
//! 100,000-argument line, and a 200,000-state chain. Each is generated here (the same inputs
//! as tests/pathological.rs), then measured three ways: the library's check of the file
//! (`check`), the human report of its diagnostics (`human`, the reporter `keel check` uses by
//! default), and the release binary's whole `keel check FILE` with human output (`cli`,
//! process start, read, check with tests, report). Targets: under 2 s, 2 s and 3 s for the
//! whole command. See docs/performance.md.

// The allocator the `keel` binary uses, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use keel::check::{check_file, CheckOptions, FileReport};
use keel::config::Env;
use keel::project::Project;
use keel::report::{reporter, Format, RunReport};
use keel::source::SourceFile;

/// `n` transitions `Active -> Active` on one event, each `when trade.volume > i`: every one
/// overlaps every earlier one (K107), plus a closing transition.
fn overlaps(n: usize) -> String {
    let mut text = String::from(
        "use std::ib\nworkflow RATES v1 {\n  states {\n    Active initial\n    Closed terminal\n  }\n",
    );
    for i in 0..n {
        text.push_str(&format!(
            "  transition t{i}: Active -> Active on trade.closed when trade.volume > {i}\n"
        ));
    }
    text.push_str(
        "  transition close: Active -> Closed on trade.closed when trade.volume <= 0\n}\n",
    );
    text
}

/// One action call with `n` unknown arguments on one line: `n` K002s on a 600 KB line.
fn long_line(n: usize) -> String {
    let args = vec!["zz"; n].join(", ");
    format!(
        "use std::client\nuse std::notify\nworkflow A v1 {{\n  states {{\n    New initial\n    Done terminal\n  }}\n  transition go: New -> Done on client.registered\n    do notify.email({args})\n}}\n"
    )
}

/// `n` states in a line, one transition between neighbours.
fn chain(n: usize) -> String {
    let mut s = String::with_capacity(n * 64);
    s.push_str("use std::client\nworkflow CHAIN v1 {\n  states {\n    S0 initial\n");
    for i in 1..n - 1 {
        s.push_str(&format!("    S{i}\n"));
    }
    s.push_str(&format!("    S{} terminal\n  }}\n", n - 1));
    for i in 0..n - 1 {
        s.push_str(&format!(
            "  transition t{i}: S{i} -> S{} on client.registered\n",
            i + 1
        ));
    }
    s.push_str("}\n");
    s
}

/// What `keel check FILE` does in process: the whole check, scenario tests included.
fn check(name: &str, text: &str, project: &Project) -> FileReport {
    check_file(
        Arc::new(SourceFile::new(name, text)),
        project,
        &CheckOptions {
            env: Env::Production,
            run_tests: true,
            keep_artifacts: false,
        },
    )
}

/// The human report of one file's check, as `keel check` writes it (without colour).
fn human(report: FileReport) -> (RunReport, Vec<u8>) {
    let run = RunReport {
        files: vec![report],
        env: Env::Production,
        tests_run: true,
        deny_warnings: false,
        unread: 0,
    };
    let mut out = Vec::with_capacity(1 << 20);
    reporter(Format::Human, false)
        .report(&run, &mut out)
        .expect("in memory");
    (run, out)
}

struct Case {
    name: &'static str,
    file: &'static str,
    text: String,
    /// The target for the whole command.
    limit: Duration,
    /// What the check must find, so that a fast but wrong run does not pass.
    expect: fn(&FileReport) -> bool,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "k107_3000_overlaps",
            file: "rates.keel",
            text: overlaps(3_000),
            limit: Duration::from_secs(2),
            expect: |r| r.diagnostics.iter().filter(|d| d.code == "K107").count() == 2_999,
        },
        Case {
            name: "args_100000_one_line",
            file: "a.keel",
            text: long_line(100_000),
            limit: Duration::from_secs(2),
            expect: |r| r.diagnostics.iter().filter(|d| d.code == "K002").count() >= 100_000,
        },
        Case {
            name: "chain_200000_states",
            file: "chain.keel",
            text: chain(200_000),
            limit: Duration::from_secs(3),
            expect: |r| r.parsed && r.workflows.len() == 1,
        },
    ]
}

/// The release binary beside this benchmark (`cargo bench` builds it with the bench profile).
fn keel_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_keel"))
}

/// CPU time (user and system) of the children that have ended so far.
fn children_cpu() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1_000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

/// One run of `keel check FILE` in `dir`, human output to a pipe: its wall-clock time, its CPU
/// time (which a machine shared with other work does not inflate) and its output size.
fn run_cli(dir: &Path, file: &str) -> (Duration, Duration, usize) {
    let cpu = children_cpu();
    let start = Instant::now();
    let o = Command::new(keel_bin())
        .args(["check", file])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run keel");
    let took = start.elapsed();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "keel check {file}: {:?}\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    (took, children_cpu() - cpu, o.stdout.len())
}

fn pathological(c: &mut Criterion) {
    let project = Project::default();
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut g = c.benchmark_group("pathological");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.warm_up_time(Duration::from_millis(500));
    for case in cases() {
        let report = check(case.file, &case.text, &project);
        assert!((case.expect)(&report), "{}: unexpected findings", case.name);
        let findings = report.diagnostics.len();
        let (_, rendered) = human(report);
        println!(
            "pathological/{}: {} bytes of source, {findings} findings, {} bytes of human output",
            case.name,
            case.text.len(),
            rendered.len()
        );
        g.throughput(Throughput::Bytes(case.text.len() as u64));
        g.bench_function(format!("{}/check", case.name), |b| {
            b.iter(|| check(case.file, &case.text, &project).diagnostics.len())
        });
        g.bench_function(format!("{}/human", case.name), |b| {
            b.iter_batched(
                || check(case.file, &case.text, &project),
                |r| human(r).1.len(),
                criterion::BatchSize::LargeInput,
            )
        });
        std::fs::write(dir.path().join(case.file), &case.text).expect("write the input");
        // The whole command, timed by hand so that its slowest run is kept too: the target
        // holds for every run, not only the median criterion reports.
        let slowest = std::cell::Cell::new(None::<(Duration, Duration)>);
        g.bench_function(format!("{}/cli", case.name), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (took, cpu, _) = run_cli(dir.path(), case.file);
                    slowest.set(Some(
                        slowest
                            .get()
                            .map_or((took, cpu), |(w, c)| (w.max(took), c.max(cpu))),
                    ));
                    total += took;
                }
                total
            })
        });
        // (Not measured when a filter left the command out.)
        if let Some((worst, cpu)) = slowest.get() {
            println!(
                "pathological/{}: keel check, slowest run: {worst:.2?} wall, {cpu:.2?} CPU (target < {:?})",
                case.name, case.limit
            );
            // On CPU time: on a machine busy with other work the wall clock measures the
            // queue for a core, not Keel (the check of one file runs on one thread).
            assert!(
                cpu < case.limit,
                "{}: keel check took {cpu:?} of CPU, over the {:?} target",
                case.name,
                case.limit
            );
        }
    }
    g.finish();
}

criterion_group!(benches, pathological);
criterion_main!(benches);
