//! JUnit XML for `keel test --junit FILE`: one `testsuite` per workflow, one `testcase` per
//! scenario test; failures carry the message and the trace. No timings, so the file is
//! deterministic.

use crate::check::FileReport;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

pub fn render(files: &[FileReport]) -> String {
    let mut suites = String::new();
    let (mut total, mut failures, mut skipped) = (0, 0, 0);
    for f in files {
        for w in &f.workflows {
            let wf_tests: &[crate::artifact::TestCase] =
                w.artifact.as_ref().map_or(&[], |a| &a.tests.cases);
            let (mut t, mut fl, mut sk) = (0, 0, 0);
            let mut cases = String::new();
            match &w.tests {
                Some(report) => {
                    for o in &report.outcomes {
                        t += 1;
                        cases.push_str(&format!(
                            "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\">\n",
                            esc(&o.name),
                            esc(&w.id),
                            esc(&f.file.path)
                        ));
                        if let Some(fail) = &o.failure {
                            fl += 1;
                            let at = f.file.line_col(fail.span.start as usize);
                            cases.push_str(&format!(
                                "      <failure type=\"K504\" message=\"{}\">{}:{}:{}\n{}</failure>\n",
                                esc(&fail.message),
                                esc(&f.file.path),
                                at.line,
                                at.column,
                                esc(&o.trace.join("\n"))
                            ));
                        }
                        cases.push_str("    </testcase>\n");
                    }
                }
                None => {
                    for c in wf_tests {
                        t += 1;
                        sk += 1;
                        cases.push_str(&format!(
                            "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\">\n      <skipped message=\"the workflow has names that do not resolve (K002-K005); fix them to run its tests\"/>\n    </testcase>\n",
                            esc(&c.name),
                            esc(&w.id),
                            esc(&f.file.path)
                        ));
                    }
                }
            }
            total += t;
            failures += fl;
            skipped += sk;
            suites.push_str(&format!(
                "  <testsuite name=\"{}\" tests=\"{t}\" failures=\"{fl}\" errors=\"0\" skipped=\"{sk}\" file=\"{}\">\n{cases}  </testsuite>\n",
                esc(&w.id),
                esc(&f.file.path)
            ));
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"keel\" tests=\"{total}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">\n{suites}</testsuites>\n"
    )
}
