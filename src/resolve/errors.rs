//! The resolver's diagnostics, in one place: the four front-end codes (K002 unknown name,
//! K003 duplicate definition, K004 type mismatch, K005 invalid literal) as constructors that
//! take their code from the catalogue (`codes`, generated from the declarations in `src/rules/`), and the messages the resolver
//! builds in more than one place.

use super::*;
use crate::codes::{K002, K003, K004, K005};

/// K002: a name that does not resolve.
pub(super) fn unknown_name(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(K002, span, message)
}

/// K003: a name defined twice, or a redefinition of a standard-library name.
pub(super) fn duplicate_definition(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(K003, span, message)
}

/// K004: a value of the wrong type.
pub(super) fn type_mismatch(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(K004, span, message)
}

/// K005: a literal that is not valid.
pub(super) fn invalid_literal(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(K005, span, message)
}

/// A name error (K002–K005): the file's names or types are broken, so the workflow-level
/// analysis that depends on them does not run.
pub(super) fn is_name_error(code: &str) -> bool {
    [K002, K003, K004, K005].contains(&code)
}

pub(super) fn reserved_name(name: &str, kind: &str, span: Span, module: &str) -> Diagnostic {
    duplicate_definition(span,
        format!("`{name}` is defined by the standard library ({module}); it cannot be redefined"),
    )
    .label(format!("this {kind} redefines a standard-library name"))
    .help(format!(
        "`use {module}` and call its definition as it is, or give yours a name of your own (e.g. `acme.{}`): the standard library's risks and effects cannot be replaced",
        name.rsplit('.').next().unwrap_or(name)
    ))
}

pub(super) fn bad_escape_diag(sp: Span) -> Diagnostic {
    invalid_literal(sp, "unknown escape in string")
        .label("not a known escape")
        .help("strings know `\\\"`, `\\\\`, `\\n` and `\\t`")
}

pub(super) fn not_a_fact(v: &Var, span: Span) -> Diagnostic {
    type_mismatch(
        span,
        format!(
            "`{}` is {} {}, not a fact",
            v.name,
            article(v.kind_word()),
            v.kind_word()
        ),
    )
    .label("expected a fact")
    .help("facts are declared with `fact NAME`; `requires`, `establishes` and `clears` name facts")
}

/// K002 for a catalog name, with a "did you mean" or the module that defines it.
pub(super) fn unknown_catalog_name(
    lib: &Library,
    cat: &Catalog,
    kind: &str,
    id: &ast::Ident,
    candidates: Vec<&str>,
) -> Diagnostic {
    let mut d = unknown_name(id.span, format!("unknown {kind} `{}`", id.name))
        .label("not defined in this file or its imported modules");
    // Defined in a module the file does not import?
    let mut home: Option<String> = None;
    for m in lib.modules() {
        if cat.modules.contains(&m.path) {
            continue;
        }
        if let Ok(p) = &m.parsed {
            if defines(&p.ast, &id.name) {
                home = Some(m.path.to_string());
                break;
            }
        }
    }
    if let Some(s) = suggest(&id.name, candidates.iter().copied()) {
        d = d.help(format!("did you mean `{s}`?"));
    } else if let Some(m) = home {
        d = d.help(format!(
            "`{}` is defined in {m}; add `use {m}` at the top of the file",
            id.name
        ));
    } else if let Some(sym) = cat.by_name.get(&id.name) {
        let what = match sym {
            Sym::Var(v) => cat.vars[*v].kind_word(),
            Sym::Event(_) => "event",
            Sym::Action(_) => "action",
        };
        d = d.help(format!(
            "`{}` is {} {what}, not {} {kind}",
            id.name,
            article(what),
            article(kind)
        ));
    }
    d
}

/// K003: `{what} is declared twice` (a state, flag, metric, parameter, transition or test),
/// pointing at both declarations.
pub(super) fn declared_twice(
    span: Span,
    what: impl std::fmt::Display,
    first: Span,
    help: Option<&'static str>,
) -> Diagnostic {
    let d = duplicate_definition(span, format!("{what} is declared twice"))
        .label("declared again here")
        .with_label(first, "first declared here");
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}
