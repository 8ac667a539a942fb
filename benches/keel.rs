//! Benchmarks (criterion): parse, resolve, each analysis family, simulation, the whole check
//! on 1, 100 and 1,000 workflows (one core and in parallel), a 20,000-state workflow, a
//! guard-heavy workflow, and the language server's re-check of a 5,000-line file.
//! Throughput is in bytes of source. See docs/performance.md.

#[path = "corpus.rs"]
mod corpus;

// The allocator the `keel` binary uses, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use rayon::prelude::*;

use keel::check::{check_file, CheckOptions};
use keel::config::Env;
use keel::project::Project;
use keel::source::SourceFile;

fn opts() -> CheckOptions {
    CheckOptions {
        env: Env::Production,
        run_tests: false,
        keep_artifacts: false,
    }
}

fn check_all(files: &[(String, String)], project: &Project) -> usize {
    files
        .iter()
        .map(|(n, t)| {
            check_file(Arc::new(SourceFile::new(n.clone(), t)), project, &opts())
                .diagnostics
                .len()
        })
        .sum()
}

fn check_all_parallel(files: &[(String, String)], project: &Project) -> usize {
    files
        .par_iter()
        .map(|(n, t)| {
            check_file(Arc::new(SourceFile::new(n.clone(), t)), project, &opts())
                .diagnostics
                .len()
        })
        .sum()
}

fn bytes(files: &[(String, String)]) -> u64 {
    files.iter().map(|(_, t)| t.len() as u64).sum()
}

fn stages(c: &mut Criterion) {
    let files = corpus::corpus(100, 7);
    let project = Project::default();
    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes(&files)));
    g.bench_function("parse", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|(_, t)| keel::syntax::parse(t).is_ok() as usize)
                .sum::<usize>()
        })
    });
    let parsed: Vec<_> = files
        .iter()
        .map(|(_, t)| keel::syntax::parse(t).unwrap())
        .collect();
    // The resolver consumes the tree: each iteration gets a copy, made outside the timing.
    g.bench_function("resolve", |b| {
        b.iter_batched(
            || parsed.clone(),
            |parsed| {
                parsed
                    .into_iter()
                    .map(|p| {
                        keel::resolve::resolve(p.ast, &project.library)
                            .0
                            .workflows
                            .len()
                    })
                    .sum::<usize>()
            },
            BatchSize::LargeInput,
        )
    });
    let modules: Vec<_> = parsed
        .into_iter()
        .map(|p| keel::resolve::resolve(p.ast, &project.library).0)
        .collect();
    g.bench_function("graph_reach_facts", |b| {
        b.iter(|| {
            modules
                .iter()
                .flat_map(|m| m.workflows.iter().map(move |w| (m, w)))
                .map(|(m, w)| {
                    let graph = keel::graph::StateGraph::build(w);
                    let init = w.initial();
                    let reach = init.map_or(vec![false; graph.len()], |i| graph.forward(&[i]));
                    keel::analysis::facts::Facts::compute(&m.catalog, w, &graph, init, &reach)
                        .at
                        .len()
                        + graph.sccs().0.len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("guards", |b| {
        b.iter(|| {
            modules
                .iter()
                .flat_map(|m| {
                    m.workflows.iter().map(move |w| {
                        keel::analysis::guards::analyze(&m.catalog, w, keel::sim::witness_holds)
                            .overlaps
                            .len()
                    })
                })
                .sum::<usize>()
        })
    });
    g.bench_function("simulation", |b| {
        b.iter(|| {
            modules
                .iter()
                .flat_map(|m| {
                    m.workflows.iter().map(move |w| {
                        keel::check::run_tests(&m.catalog, w).map_or(0, |r| r.outcomes.len())
                    })
                })
                .sum::<usize>()
        })
    });
    g.bench_function("artifact_digest", |b| {
        b.iter(|| {
            modules
                .iter()
                .flat_map(|m| {
                    m.workflows.iter().map(move |w| {
                        keel::check::seal::artifact_with(&m.catalog, w, None)
                            .digest
                            .len()
                    })
                })
                .sum::<usize>()
        })
    });
    g.bench_function("whole_check_with_tests", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|(n, t)| {
                    check_file(
                        Arc::new(SourceFile::new(n.clone(), t)),
                        &project,
                        &CheckOptions {
                            env: Env::Production,
                            run_tests: true,
                            keep_artifacts: false,
                        },
                    )
                    .diagnostics
                    .len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

fn scale(c: &mut Criterion) {
    let project = Project::default();
    let mut g = c.benchmark_group("check_corpus");
    g.sample_size(10);
    for n in [1u64, 100, 1000] {
        let files = corpus::corpus(n, 42);
        g.throughput(Throughput::Bytes(bytes(&files)));
        g.bench_with_input(BenchmarkId::new("one_core", n), &files, |b, f| {
            b.iter(|| check_all(f, &project))
        });
        g.bench_with_input(BenchmarkId::new("parallel", n), &files, |b, f| {
            b.iter(|| check_all_parallel(f, &project))
        });
    }
    g.finish();
}

fn big(c: &mut Criterion) {
    let project = Project::default();
    let mut g = c.benchmark_group("big_workflow");
    g.sample_size(10);
    for n in [2_000usize, 20_000] {
        let text = corpus::big_workflow(n);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("states", n), &text, |b, t| {
            b.iter(|| {
                check_file(
                    Arc::new(SourceFile::new("big.keel", t)),
                    &project,
                    &CheckOptions {
                        env: Env::Production,
                        run_tests: true,
                        keep_artifacts: false,
                    },
                )
                .diagnostics
                .len()
            })
        });
    }
    let heavy = corpus::guard_heavy(50, 30);
    g.throughput(Throughput::Bytes(heavy.len() as u64));
    g.bench_function("guard_heavy_50x30", |b| {
        b.iter(|| {
            check_file(
                Arc::new(SourceFile::new("bands.keel", &heavy)),
                &project,
                &opts(),
            )
            .diagnostics
            .len()
        })
    });
    g.finish();
}

fn lsp(c: &mut Criterion) {
    // A 5,000-line document: the language server re-checks it after every edit.
    let mut text = String::from("use std::client\nuse std::kyc\nuse std::payments\nuse std::ib\nuse std::notify\nuse std::tasks\n");
    let mut r = corpus::Rng::new(5);
    let mut i = 0;
    while text.lines().count() < 5000 {
        let wf = corpus::workflow_file(i, &mut r);
        // Everything from the workflow on (the file's comment and `use` lines are above).
        text.push_str(&wf[wf.find("\nworkflow ").expect("a workflow") + 1..]);
        i += 1;
    }
    assert!(
        keel::syntax::parse(&text).is_ok(),
        "the language server's document must parse"
    );
    let mut server = keel::lsp::Server::new();
    let uri = "file:///tmp/keel-bench/big.keel";
    let mut g = c.benchmark_group("lsp");
    g.throughput(Throughput::Bytes(text.len() as u64));
    let mut version = 0;
    g.bench_function("recheck_5000_lines", |b| {
        b.iter(|| {
            version += 1;
            server.open(uri, text.clone(), version);
        })
    });
    g.finish();
    // The target is on the 95th percentile, which criterion does not report: send 200
    // one-character edits through the server's message handler (as an editor does, full
    // text sync), write its answers out as JSON-RPC frames, and print the percentiles.
    let note = |method: &str, params: serde_json::Value| {
        lsp_server::Message::Notification(lsp_server::Notification::new(method.to_string(), params))
    };
    let mut server = keel::lsp::Server::new();
    // A server publishes nothing before `initialize` (LSP), so the session starts with it.
    server.handle(lsp_server::Message::Request(lsp_server::Request::new(
        lsp_server::RequestId::from(1),
        "initialize".to_string(),
        serde_json::json!({"capabilities": {}}),
    )));
    server.handle(note(
        "textDocument/didOpen",
        serde_json::json!({"textDocument": {"uri": uri, "languageId": "keel", "version": 0, "text": text}}),
    ));
    let at = text.rfind("title \"").expect("a title") + 7;
    // A valid edit (in a title), then one that breaks the syntax (as while typing).
    for (what, insert) in [("an edit", "x"), ("an edit that breaks the syntax", "\" {")] {
        let mut times = Vec::with_capacity(200);
        for i in 1..=200 {
            let mut edited = text.clone();
            edited.insert_str(at, insert);
            if i % 2 == 0 {
                edited.insert(at, 'y');
            }
            let msg = note(
                "textDocument/didChange",
                serde_json::json!({"textDocument": {"uri": uri, "version": i}, "contentChanges": [{"text": edited}]}),
            );
            let t = std::time::Instant::now();
            let mut sink = Vec::new();
            for answer in server.handle(msg) {
                keel::lsp::write_message(&mut sink, &answer).expect("in memory");
            }
            times.push(t.elapsed());
            assert!(!sink.is_empty(), "diagnostics are published");
        }
        times.sort();
        let pct = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)];
        println!(
            "lsp/recheck_5000_lines after {what} ({} lines, {} bytes): p50 {:.2?}, p95 {:.2?}, max {:.2?}",
            text.lines().count(),
            text.len(),
            pct(50),
            pct(95),
            times[times.len() - 1]
        );
    }
}

fn one_file(c: &mut Criterion) {
    let project = Project::default();
    let text = corpus::workflow_file(1, &mut corpus::Rng::new(3));
    c.bench_function("one_file_check_with_tests", |b| {
        b.iter(|| {
            check_file(
                Arc::new(SourceFile::new("one.keel", &text)),
                &project,
                &CheckOptions {
                    env: Env::Production,
                    run_tests: true,
                    keep_artifacts: false,
                },
            )
            .diagnostics
            .len()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_millis(500));
    targets = stages, scale, big, lsp, one_file
}
criterion_main!(benches);
