//! Arbitrary bytes as the language server's input stream (framed JSON-RPC), through the same
//! loop `keel lsp` runs. The server must answer or ignore everything and never panic (the
//! fuzzer's panic hook aborts even on panics the server would catch) or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = std::io::Cursor::new(data);
    let mut out = Vec::new();
    let code = keel::lsp::serve(&mut input, &mut out);
    assert!(code <= 1);
});
