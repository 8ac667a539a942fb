//! Arbitrary bytes through the formatter: whatever it formats, it formats to a fixed point,
//! and the formatted text has the same workflows with the same content digests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn digests(text: &str) -> Vec<(String, String)> {
    let file = keel::source::SourceFile::new("fuzz.keel", text);
    let module = keel::check::model(&file, keel::stdlib::Library::embedded())
        .expect("formatted text parses");
    module
        .workflows
        .iter()
        .map(|w| {
            let digest = keel::check::content_artifact(&module.catalog, w).digest;
            (w.id.clone(), digest)
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let file = keel::source::SourceFile::from_bytes("fuzz.keel", data);
    if file.invalid_utf8_at.is_some() {
        return;
    }
    let Ok(once) = keel::fmt::format_source(&file.text) else {
        return;
    };
    let twice = keel::fmt::format_source(&once).expect("formatted text formats");
    assert_eq!(once, twice, "formatting is idempotent");
    assert_eq!(
        digests(&file.text),
        digests(&once),
        "formatting keeps every digest"
    );
});
