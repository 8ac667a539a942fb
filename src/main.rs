// mimalloc: the checker allocates many small, short-lived values (AST nodes, spans,
// canonical JSON pieces); the system allocator spent a third of a corpus check in
// malloc/free (see docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    keel::cli::main()
}
