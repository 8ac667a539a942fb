//! Arbitrary bytes through the parser: a parse or syntax errors, each with a span inside the
//! text; never a panic, a stack overflow or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = keel::source::SourceFile::from_bytes("fuzz.keel", data);
    match keel::syntax::parse(&file.text) {
        Ok(_) => {}
        Err(errors) => {
            assert!(!errors.is_empty(), "a failed parse says why");
            for d in &errors {
                assert_eq!(d.code, "K001");
                assert!(
                    d.span.end as usize <= file.text.len(),
                    "span inside the text"
                );
                assert!(!d.message.is_empty());
            }
        }
    }
});
