//! Every grammar construct parses to the AST its snapshot (next to the fixture) shows.

mod common;

use keel::source::SourceFile;

#[test]
fn grammar_fixtures_parse_to_their_snapshots() {
    insta::glob!("fixtures/grammar/*.keel", |path| {
        let bytes = std::fs::read(path).unwrap();
        let src = SourceFile::from_bytes("fixture", &bytes);
        let parsed = keel::syntax::parse(&src.text)
            .unwrap_or_else(|errs| panic!("{} does not parse: {:#?}", path.display(), errs));
        let dump = common::Dump::new(&src.text).file(&parsed.ast);
        insta::with_settings!({
            snapshot_path => path.parent().unwrap(),
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!("ast", dump);
        });
    });
}

#[test]
fn keywords_end_at_word_boundaries() {
    // `when notified` is a name, not `not` + `ified`.
    let g = keel::syntax::parse_guard("notified and ordered or android").unwrap();
    assert_eq!(common::expr(&g), "(or (and notified ordered) android)");
    let g = keel::syntax::parse_guard("not notified").unwrap();
    assert_eq!(common::expr(&g), "(not notified)");
}

#[test]
fn operators_bind_as_documented() {
    let cases = [
        ("a or b and c", "(or a (and b c))"),
        ("a and b or c", "(or (and a b) c)"),
        ("not a and b", "(and (not a) b)"),
        ("x + y * 2 > 3 - z", "(> (+ x (* y num(2))) (- num(3) z))"),
        ("x - y - z == 0", "(== (- (- x y) z) num(0))"),
        ("-x < -1", "(< (neg x) (neg num(1)))"),
        (
            "x in [a, \"b\", -1, 2.5%]",
            "(in x [word(a), str(\"b\"), num(-1), pct(2.5)])",
        ),
        ("(a or b) and c", "(and (paren (or a b)) c)"),
    ];
    for (src, want) in cases {
        let g = keel::syntax::parse_guard(src).unwrap();
        assert_eq!(common::expr(&g), want, "for {src}");
    }
}

#[test]
fn spans_are_owned_and_exact() {
    let src = "use std::kyc\nworkflow W v2 { states { A initial } }\n";
    let p = keel::syntax::parse(src).unwrap();
    let keel::ast::Item::Workflow(w) = &p.ast.items[0] else {
        panic!()
    };
    assert_eq!(&src[w.name.span.range()], "W");
    assert_eq!(&src[w.version.span.range()], "v2");
    assert_eq!(&src[w.head_span.range()], "workflow W v2");
    assert_eq!(&src[p.ast.uses[0].path.span.range()], "std::kyc");
}
