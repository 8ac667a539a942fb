//! Arbitrary bytes through the whole check (resolution, every analysis, the simulator, the
//! artifact and its digest), then through the human and JSON reporters.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = Arc::new(keel::source::SourceFile::from_bytes("fuzz.keel", data));
    let project = keel::project::Project::default();
    let opts = keel::check::CheckOptions {
        env: keel::config::Env::Production,
        run_tests: true,
        keep_artifacts: true,
    };
    let report = keel::check::check_file(file.clone(), &project, &opts);
    for d in &report.diagnostics {
        assert!(d.span.start <= d.span.end);
        assert!(
            d.span.end as usize <= file.text.len(),
            "{} span inside the text",
            d.code
        );
        assert!(
            keel::codes::info(d.code).is_some(),
            "{} is a known code",
            d.code
        );
    }
    let run = keel::report::RunReport {
        files: vec![report],
        env: keel::config::Env::Production,
        tests_run: true,
        deny_warnings: false,
        unread: 0,
    };
    for format in [keel::report::Format::Human, keel::report::Format::Json] {
        let mut out = Vec::new();
        keel::report::reporter(format, false)
            .report(&run, &mut out)
            .expect("writes to memory");
    }
});
