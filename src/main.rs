// mimalloc: the checker allocates many small, short-lived values (AST nodes, spans,
// canonical JSON pieces); the system allocator spent a third of a corpus check in
// malloc/free (see docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    /// mimalloc's option setter (`mimalloc.h`; the option is a C enum).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in the bundled mimalloc (v3, `libmimalloc-sys` 0.1.49).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

fn main() -> std::process::ExitCode {
    // Return freed memory to the system at once instead of after 10 ms: one big file frees
    // its syntax tree while the analyses allocate, and peak memory is a fifth lower for the
    // same speed (docs/performance.md). `MIMALLOC_PURGE_DELAY` in the environment still wins.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: a plain setter of a global option, called before any thread is started.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    }
    keel::cli::main()
}
