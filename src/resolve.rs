//! Name and type resolution: AST → model. Reports K002 (unknown names, with suggestions),
//! K003 (duplicates), K004 (type mismatches) and K005 (invalid literals). Everything that does
//! not resolve is kept as written so that other rules still run and the digest is defined.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::ast::{self, BinOp, ExprKind, LitKind};
use crate::diagnostic::{one_of, suggest, Diagnostic};
use crate::literal;
use crate::model::*;
use crate::span::Span;
use crate::stdlib::{LibModule, Library};

/// The catalog of a set of library modules (their definitions and action bodies), built
/// once per library and module set and shared: most files define nothing of their own, so
/// resolving them costs no catalog building at all.
fn module_catalog(lib: &Library, modules: &[&Arc<LibModule>], paths: &[Arc<str>]) -> Arc<Catalog> {
    let cache = &lib.catalogs.0;
    if let Some(c) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(paths) {
        return c.clone();
    }
    let mut b = CatalogBuilder {
        cat: Catalog::default(),
        diags: Vec::new(),
        lib,
    };
    let mut actions: Vec<(ActionId, &ast::ActionDef, bool)> = Vec::new();
    for m in modules {
        if let Ok(parsed) = &m.parsed {
            b.register(
                &parsed.ast.items,
                Origin::Module(m.path.clone()),
                false,
                &mut actions,
            );
        }
    }
    for (id, def, report) in actions {
        b.action_body(id, def, report);
    }
    b.cat.modules = paths.to_vec();
    let cat = Arc::new(b.cat);
    let mut guard = cache.lock().unwrap_or_else(|e| e.into_inner());
    // A library has few distinct module sets in practice; bound it for odd workloads.
    if guard.len() > 256 {
        guard.clear();
    }
    guard.insert(paths.to_vec(), cat.clone());
    cat
}

fn reserved_name(name: &str, kind: &str, span: Span, module: &str) -> Diagnostic {
    Diagnostic::new(
        "K003",
        span,
        format!("`{name}` is defined by the standard library ({module}); it cannot be redefined"),
    )
    .label(format!("this {kind} redefines a standard-library name"))
    .help(format!(
        "`use {module}` and call its definition as it is, or give yours a name of your own (e.g. `acme.{}`): the standard library's risks and effects cannot be replaced",
        name.rsplit('.').next().unwrap_or(name)
    ))
}

/// The environments Keel knows (`--env`).
pub const ENVIRONMENTS: [&str; 3] = ["sandbox", "staging", "production"];
/// The most deliveries one test step may ask for (`times N`).
pub const MAX_TIMES: u64 = 1000;

/// Resolves one file against the library, consuming the syntax tree: each workflow
/// statement is freed as soon as it is resolved, so that the tree and the model are never
/// both whole in memory (batch checks of big files). A caller that needs the tree afterwards
/// clones it.
pub fn resolve(mut file: ast::File, lib: &Library) -> (Module, Vec<Diagnostic>) {
    let (cat, file_errors, mut diags) = file_catalog(&file, lib);
    let items = std::mem::take(&mut file.items);
    drop(file);
    let mut workflows = Vec::new();
    for item in items {
        if let ast::Item::Workflow(w) = item {
            let mut r = WfResolver::new(&cat, lib);
            r.workflow(w);
            diags.extend(r.finish(file_errors, &mut workflows));
        }
    }
    (
        Module {
            catalog: cat,
            workflows,
        },
        diags,
    )
}

/// The catalog a file's workflows resolve against (the stdlib modules it uses plus its own
/// definitions), whether the file's definitions had name errors, and their diagnostics.
fn file_catalog(file: &ast::File, lib: &Library) -> (Arc<Catalog>, bool, Vec<Diagnostic>) {
    let mut b = CatalogBuilder {
        cat: Catalog::default(),
        diags: Vec::new(),
        lib,
    };
    let modules = b.load_modules(file);
    // A project module may not redefine the standard library either: reported at the `use`
    // that imports it (for a module imported through another one, the file's first `use`).
    for m in modules.iter().filter(|m| !m.embedded) {
        let Some(u) = file
            .uses
            .iter()
            .find(|u| *u.path.name == *m.path)
            .or(file.uses.first())
        else {
            continue;
        };
        let Ok(p) = &m.parsed else { continue };
        for item in &p.ast.items {
            let (name, kind) = match item {
                ast::Item::Attribute(a) => (&a.name.name, "attribute"),
                ast::Item::Fact(f) => (&f.name.name, "fact"),
                ast::Item::Event(e) => (&e.name.name, "event"),
                ast::Item::Action(a) => (&a.name.name, "action"),
                ast::Item::Workflow(_) => continue,
            };
            if let Some(module) = Library::reserved().get(name) {
                b.diags.push(
                    reserved_name(name, kind, u.path.span, module).label(format!(
                        "module `{}` ({}) defines the {kind} `{name}`",
                        u.path.name, m.file
                    )),
                );
            }
        }
    }
    let paths: Vec<Arc<str>> = modules.iter().map(|m| m.path.clone()).collect();
    let base = module_catalog(lib, &modules, &paths);
    let defines_items = file
        .items
        .iter()
        .any(|i| !matches!(i, ast::Item::Workflow(_)));
    let cat: Arc<Catalog> = if defines_items {
        b.cat = (*base).clone();
        let mut actions: Vec<(ActionId, &ast::ActionDef, bool)> = Vec::new();
        b.register(&file.items, Origin::File, true, &mut actions);
        for (id, def, report) in actions {
            b.action_body(id, def, report);
        }
        Arc::new(std::mem::take(&mut b.cat))
    } else {
        base
    };
    let file_errors = b
        .diags
        .iter()
        .any(|d| matches!(d.code, "K002" | "K003" | "K004" | "K005"));
    (cat, file_errors, b.diags)
}

fn type_of(t: &ast::TypeExpr, diags: &mut Vec<Diagnostic>, report: bool) -> Type {
    match &t.kind {
        ast::TypeKind::Number => Type::Number,
        ast::TypeKind::Text => Type::Text,
        ast::TypeKind::Bool => Type::Bool,
        ast::TypeKind::Time => Type::Time,
        ast::TypeKind::Enum(members) => {
            let mut seen: HashMap<&str, Span> = HashMap::new();
            let mut out = Vec::new();
            for m in members {
                if let Some(first) = seen.get(m.name.as_str()) {
                    if report {
                        diags.push(
                            Diagnostic::new(
                                "K003",
                                m.span,
                                format!("enum member `{}` is listed twice", m.name),
                            )
                            .label("listed again here")
                            .with_label(*first, "first listed here")
                            .help("remove the repeated member"),
                        );
                    }
                    continue;
                }
                seen.insert(&m.name, m.span);
                out.push(m.name.clone());
            }
            Type::Enum(Arc::new(out))
        }
    }
}

// ---------------------------------------------------------------------------------------
// The catalog: attributes, facts, events (with fields) and actions.
// ---------------------------------------------------------------------------------------

struct CatalogBuilder<'a> {
    cat: Catalog,
    diags: Vec<Diagnostic>,
    lib: &'a Library,
}

enum VarRole {
    Attribute,
    Fact(Option<String>),
    Field(EventId),
}

impl<'a> CatalogBuilder<'a> {
    /// The closure of the file's `use` declarations, dependencies first. `O(modules)`.
    fn load_modules(&mut self, file: &ast::File) -> Vec<&'a Arc<LibModule>> {
        let mut order = Vec::new();
        let mut seen = HashSet::new();
        for u in &file.uses {
            match self.lib.get(&u.path.name) {
                Some(m) => {
                    if m.parsed.is_err() {
                        self.diags.push(
                            Diagnostic::new(
                                "K002",
                                u.path.span,
                                format!(
                                    "module `{}` cannot be loaded: {} has syntax errors",
                                    u.path.name, m.file
                                ),
                            )
                            .label("imported here")
                            .help(format!("run `keel check {}` to see them", m.file)),
                        );
                    }
                    self.visit(m, &mut seen, &mut order)
                }
                None => {
                    let names: Vec<&str> = self.lib.names().collect();
                    let help = match suggest(&u.path.name, names.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!(
                            "the modules are {}",
                            one_of(&names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>())
                        ),
                    };
                    self.diags.push(
                        Diagnostic::new(
                            "K002",
                            u.path.span,
                            format!("unknown module `{}`", u.path.name),
                        )
                        .label("no such module")
                        .help(help),
                    );
                }
            }
        }
        order
    }

    /// Adds `m` after its dependencies (depth first, post-order), with an explicit stack: a
    /// library whose modules import each other in a long chain must not exhaust the stack.
    fn visit(
        &self,
        m: &'a Arc<LibModule>,
        seen: &mut HashSet<String>,
        order: &mut Vec<&'a Arc<LibModule>>,
    ) {
        if !seen.insert(m.path.to_string()) {
            return;
        }
        // (module, index of the next `use` to follow)
        let mut stack: Vec<(&'a Arc<LibModule>, usize)> = vec![(m, 0)];
        while let Some(&(cur, next)) = stack.last() {
            let uses: &'a [crate::ast::Use] = match &cur.parsed {
                Ok(p) => &p.ast.uses,
                Err(_) => &[],
            };
            if let Some(u) = uses.get(next) {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                if let Some(dep) = self.lib.get(&u.path.name) {
                    if seen.insert(dep.path.to_string()) {
                        stack.push((dep, 0));
                    }
                }
            } else {
                order.push(cur);
                stack.pop();
            }
        }
    }

    fn def_site(&self, sym: Sym) -> Def {
        match sym {
            Sym::Var(v) => self.cat.vars[v].defs[0].clone(),
            Sym::Event(e) => self.cat.events[e].def.clone(),
            Sym::Action(a) => self.cat.actions[a].def.clone(),
        }
    }

    fn kind_of(&self, sym: Sym) -> &'static str {
        match sym {
            Sym::Var(v) => self.cat.vars[v].kind_word(),
            Sym::Event(_) => "event",
            Sym::Action(_) => "action",
        }
    }

    fn duplicate(&mut self, name: &str, span: Span, existing: Sym, extra: Option<String>) {
        let first = self.def_site(existing);
        let kind = self.kind_of(existing);
        let mut d = Diagnostic::new(
            "K003",
            span,
            format!("`{name}` is already defined (as {} {kind})", article(kind)),
        )
        .label("defined again here");
        match &first.origin {
            Origin::File => d = d.with_label(first.span, "first defined here"),
            Origin::Module(m) => {
                d = d.help(format!(
                    "`{name}` is defined in {m}; rename this definition or use the one from {m}"
                ))
            }
        }
        if let Some(x) = extra {
            d.help = Some(x.into());
        }
        self.diags.push(d);
    }

    fn add_var(
        &mut self,
        name: &ast::Ident,
        ty: Type,
        role: VarRole,
        doc: Option<String>,
        origin: Origin,
        report: bool,
    ) -> Option<VarId> {
        let def = Def {
            origin,
            span: name.span,
        };
        match self.cat.by_name.get(&name.name).copied() {
            None => {
                let (fact, attribute, fields_of, description) = match role {
                    VarRole::Attribute => (false, true, vec![], None),
                    VarRole::Fact(d) => (true, false, vec![], d),
                    VarRole::Field(e) => (false, false, vec![e], None),
                };
                let id = self.cat.vars.len();
                self.cat.vars.push(Var {
                    name: name.name.clone(),
                    ty,
                    fact,
                    attribute,
                    fields_of,
                    doc,
                    description,
                    defs: vec![def],
                });
                self.cat.by_name.insert(name.name.clone(), Sym::Var(id));
                Some(id)
            }
            Some(Sym::Var(v)) => {
                let existing = &self.cat.vars[v];
                let conflict = match &role {
                    VarRole::Fact(_) => Some(None),
                    _ if existing.fact => Some(None),
                    VarRole::Attribute if existing.attribute => Some(None),
                    VarRole::Field(e) if existing.fields_of.contains(e) => Some(None),
                    _ if !existing.ty.agrees(&ty) => Some(Some(format!(
                        "a payload field and an attribute are one value only when their types agree; this one is {} and the other {}",
                        ty.describe(),
                        existing.ty.describe()
                    ))),
                    _ => None,
                };
                if let Some(extra) = conflict {
                    if report {
                        self.duplicate(&name.name, name.span, Sym::Var(v), extra);
                    }
                    return None;
                }
                let var = &mut self.cat.vars[v];
                match role {
                    VarRole::Attribute => var.attribute = true,
                    VarRole::Field(e) => var.fields_of.push(e),
                    VarRole::Fact(_) => {}
                }
                if var.doc.is_none() {
                    var.doc = doc;
                }
                var.defs.push(def);
                Some(v)
            }
            Some(other) => {
                if report {
                    self.duplicate(&name.name, name.span, other, None);
                }
                None
            }
        }
    }

    fn register<'f>(
        &mut self,
        items: &'f [ast::Item],
        origin: Origin,
        report: bool,
        actions: &mut Vec<(ActionId, &'f ast::ActionDef, bool)>,
    ) {
        for item in items {
            if report && origin == Origin::File {
                self.reserved(item);
            }
            match item {
                ast::Item::Attribute(a) => {
                    let ty = type_of(&a.ty, &mut self.diags, report);
                    self.add_var(
                        &a.name,
                        ty,
                        VarRole::Attribute,
                        a.doc.clone(),
                        origin.clone(),
                        report,
                    );
                }
                ast::Item::Fact(f) => {
                    let desc = f.description.as_ref().map(|s| s.value.clone());
                    if let (Some(s), true) = (&f.description, report) {
                        self.bad_escape(s);
                    }
                    self.add_var(
                        &f.name,
                        Type::Bool,
                        VarRole::Fact(desc),
                        f.doc.clone(),
                        origin.clone(),
                        report,
                    );
                }
                ast::Item::Event(e) => {
                    if let Some(existing) = self.cat.by_name.get(&e.name.name).copied() {
                        if report {
                            self.duplicate(&e.name.name, e.name.span, existing, None);
                        }
                        continue;
                    }
                    let id = self.cat.events.len();
                    self.cat.events.push(Event {
                        name: e.name.name.clone(),
                        fields: Vec::new(),
                        doc: e.doc.clone(),
                        def: Def {
                            origin: origin.clone(),
                            span: e.name.span,
                        },
                    });
                    self.cat.by_name.insert(e.name.name.clone(), Sym::Event(id));
                    for f in &e.fields {
                        let ty = type_of(&f.ty, &mut self.diags, report);
                        if let Some(v) = self.add_var(
                            &f.name,
                            ty,
                            VarRole::Field(id),
                            None,
                            origin.clone(),
                            report,
                        ) {
                            self.cat.events[id].fields.push(v);
                        }
                    }
                }
                ast::Item::Action(a) => {
                    if let Some(existing) = self.cat.by_name.get(&a.name.name).copied() {
                        if report {
                            self.duplicate(&a.name.name, a.name.span, existing, None);
                        }
                        continue;
                    }
                    let mut params: Vec<Param> = Vec::new();
                    for p in a.params.iter().flatten() {
                        let ty = type_of(&p.ty, &mut self.diags, report);
                        if let Some(first) = params.iter().find(|q| q.name == p.name.name) {
                            if report {
                                self.diags.push(
                                    Diagnostic::new(
                                        "K003",
                                        p.name.span,
                                        format!("parameter `{}` is declared twice", p.name.name),
                                    )
                                    .label("declared again here")
                                    .with_label(first.span, "first declared here"),
                                );
                            }
                            continue;
                        }
                        params.push(Param {
                            name: p.name.name.clone(),
                            ty,
                            span: p.name.span,
                        });
                    }
                    let id = self.cat.actions.len();
                    self.cat.actions.push(Action {
                        name: a.name.name.clone(),
                        params,
                        risk: None,
                        idempotent_by: None,
                        compensate: None,
                        establishes: Vec::new(),
                        clears: Vec::new(),
                        effects: Vec::new(),
                        doc: a.doc.clone(),
                        def: Def {
                            origin: origin.clone(),
                            span: a.span,
                        },
                        name_span: a.name.span,
                        risk_span: None,
                    });
                    self.cat
                        .by_name
                        .insert(a.name.name.clone(), Sym::Action(id));
                    actions.push((id, a, report));
                }
                ast::Item::Workflow(_) => {}
            }
        }
    }

    /// K003 for a definition of a name the standard library defines, whether or not its
    /// module is used (LANGUAGE.md §8). A used module's name is already a duplicate.
    fn reserved(&mut self, item: &ast::Item) {
        let (name, kind) = match item {
            ast::Item::Attribute(a) => (&a.name, "attribute"),
            ast::Item::Fact(f) => (&f.name, "fact"),
            ast::Item::Event(e) => (&e.name, "event"),
            ast::Item::Action(a) => (&a.name, "action"),
            ast::Item::Workflow(_) => return,
        };
        if self.cat.by_name.contains_key(&name.name) {
            return;
        }
        if let Some(module) = Library::reserved().get(&name.name) {
            self.diags
                .push(reserved_name(&name.name, kind, name.span, module));
        }
    }

    fn bad_escape(&mut self, s: &ast::Str) {
        if let Some(sp) = s.bad_escape {
            self.diags.push(bad_escape_diag(sp));
        }
    }

    fn unknown_catalog(&self, kind: &str, id: &ast::Ident, candidates: Vec<&str>) -> Diagnostic {
        unknown_catalog_name(self.lib, &self.cat, kind, id, candidates)
    }

    /// Resolves the statements of an action definition.
    fn action_body(&mut self, id: ActionId, def: &ast::ActionDef, report: bool) {
        let mut diags = Vec::new();
        let mut risk_span: Option<Span> = None;
        for st in &def.stmts {
            match &st.kind {
                ast::ActionStmtKind::Risk(w) => {
                    if let Some(first) = risk_span {
                        diags.push(
                            Diagnostic::new("K003", st.span, format!("the risk of `{}` is set twice", def.name.name))
                                .label("set again here")
                                .with_label(first, "first set here"),
                        );
                        continue;
                    }
                    risk_span = Some(st.span);
                    self.cat.actions[id].risk = Risk::parse(&w.text);
                    self.cat.actions[id].risk_span = Some(st.span);
                }
                ast::ActionStmtKind::IdempotentBy(n) => match self.cat.var(&n.name) {
                    Some(v) if self.cat.vars[v].fact => diags.push(
                        Diagnostic::new("K004", n.span, format!("`{}` is a fact; an idempotency key must be an attribute or a payload field", n.name))
                            .label("a fact has no value to deduplicate by")
                            .help("use an id such as `withdrawal.id` or `client.id`"),
                    ),
                    Some(v) => self.cat.actions[id].idempotent_by = Some(v),
                    None => {
                        let c = self.value_names();
                        diags.push(self.unknown_catalog("attribute or field", n, c));
                    }
                },
                ast::ActionStmtKind::Compensate(n) => match self.cat.action(&n.name) {
                    Some(a) => self.cat.actions[id].compensate = Some(a),
                    None => {
                        let c = self.action_names();
                        diags.push(self.unknown_catalog("action", n, c));
                    }
                },
                ast::ActionStmtKind::Establishes(names) | ast::ActionStmtKind::Clears(names) => {
                    let est = matches!(st.kind, ast::ActionStmtKind::Establishes(_));
                    for n in names {
                        match self.cat.var(&n.name) {
                            Some(v) if self.cat.vars[v].fact => {
                                if est {
                                    self.cat.actions[id].establishes.push(v)
                                } else {
                                    self.cat.actions[id].clears.push(v)
                                }
                            }
                            Some(v) => diags.push(not_a_fact(&self.cat.vars[v], n.span)),
                            None => {
                                let c = self.fact_names();
                                diags.push(self.unknown_catalog("fact", n, c));
                            }
                        }
                    }
                }
                ast::ActionStmtKind::Effect { adds, target, param } => {
                    let pidx = self.cat.actions[id].params.iter().position(|p| p.name == param.name);
                    let tvar = self.cat.var(&target.name);
                    match tvar {
                        Some(v) if self.cat.vars[v].ty != Type::Number || self.cat.vars[v].fact => diags.push(
                            Diagnostic::new("K004", target.span, format!("`{}` is {}, not a number; effects add to or subtract from numbers", target.name, self.cat.vars[v].ty.describe()))
                                .label("not a number"),
                        ),
                        Some(_) => {}
                        None => {
                            let c = self.value_names();
                            diags.push(self.unknown_catalog("attribute", target, c));
                        }
                    }
                    match pidx {
                        None => {
                            let params: Vec<&str> = self.cat.actions[id].params.iter().map(|p| p.name.as_str()).collect();
                            let help = suggest(&param.name, params.iter().copied())
                                .map(|s| format!("did you mean `{s}`?"))
                                .unwrap_or_else(|| "an effect names one of the action's own parameters".to_string());
                            diags.push(
                                Diagnostic::new("K002", param.span, format!("`{}` is not a parameter of `{}`", param.name, def.name.name))
                                    .label("unknown parameter")
                                    .help(help),
                            );
                        }
                        Some(p) if self.cat.actions[id].params[p].ty != Type::Number => diags.push(
                            Diagnostic::new("K004", param.span, format!("parameter `{}` is {}, not a number", param.name, self.cat.actions[id].params[p].ty.describe()))
                                .label("not a number"),
                        ),
                        _ => {}
                    }
                    if let (Some(p), Some(v)) = (pidx, tvar) {
                        self.cat.actions[id].effects.push(Effect {
                            adds: *adds,
                            target: v,
                            param: p,
                            span: st.span,
                        });
                    }
                }
            }
        }
        if report {
            self.diags.extend(diags);
        }
    }

    fn value_names(&self) -> Vec<&str> {
        self.cat
            .vars
            .iter()
            .filter(|v| !v.fact)
            .map(|v| v.name.as_str())
            .collect()
    }

    fn fact_names(&self) -> Vec<&str> {
        self.cat
            .vars
            .iter()
            .filter(|v| v.fact)
            .map(|v| v.name.as_str())
            .collect()
    }

    fn action_names(&self) -> Vec<&str> {
        self.cat.actions.iter().map(|a| a.name.as_str()).collect()
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn bad_escape_diag(sp: Span) -> Diagnostic {
    Diagnostic::new("K005", sp, "unknown escape in string")
        .label("not a known escape")
        .help("strings know `\\\"`, `\\\\`, `\\n` and `\\t`")
}

fn not_a_fact(v: &Var, span: Span) -> Diagnostic {
    Diagnostic::new(
        "K004",
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
fn unknown_catalog_name(
    lib: &Library,
    cat: &Catalog,
    kind: &str,
    id: &ast::Ident,
    candidates: Vec<&str>,
) -> Diagnostic {
    let mut d = Diagnostic::new("K002", id.span, format!("unknown {kind} `{}`", id.name))
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

fn defines(file: &ast::File, name: &str) -> bool {
    file.items.iter().any(|i| match i {
        ast::Item::Attribute(a) => a.name.name == name,
        ast::Item::Fact(f) => f.name.name == name,
        ast::Item::Event(e) => e.name.name == name || e.fields.iter().any(|f| f.name.name == name),
        ast::Item::Action(a) => a.name.name == name,
        ast::Item::Workflow(_) => false,
    })
}

// ---------------------------------------------------------------------------------------
// Workflows
// ---------------------------------------------------------------------------------------

struct WfResolver<'c> {
    cat: &'c Catalog,
    lib: &'c Library,
    diags: Vec<Diagnostic>,
    wf: Workflow,
    /// Declared metric names (monitor `metric` and `expect`).
    metrics: Vec<String>,
}

/// Remembers the first occurrence of a one-per-workflow statement.
#[derive(Default)]
struct Seen {
    first: HashMap<&'static str, Span>,
}

/// What the statements of a workflow have declared so far, for duplicate checks.
#[derive(Default)]
struct Names {
    seen: Seen,
    transitions: HashMap<String, Span>,
    tests: HashMap<String, Span>,
}

impl<'c> WfResolver<'c> {
    fn emit(&mut self, d: Diagnostic) {
        if matches!(d.code, "K002" | "K003" | "K004" | "K005") {
            self.wf.has_name_errors = true;
        }
        let id = self.wf.id.clone();
        self.diags.push(d.in_workflow(&id));
    }

    fn once(&mut self, seen: &mut Seen, what: &'static str, span: Span) -> bool {
        if let Some(first) = seen.first.get(what) {
            let first = *first;
            self.emit(
                Diagnostic::new(
                    "K003",
                    span,
                    format!("`{what}` is given twice in this workflow"),
                )
                .label("given again here")
                .with_label(first, "first given here")
                .help(format!("keep one `{what}`")),
            );
            false
        } else {
            seen.first.insert(what, span);
            true
        }
    }

    fn string(&mut self, s: &ast::Str) -> Spanned<String> {
        if let Some(sp) = s.bad_escape {
            self.emit(bad_escape_diag(sp));
        }
        Spanned {
            value: s.value.clone(),
            span: s.span,
        }
    }

    /// A person name (owner, maintainer, changelog `by`, approver): K005 when it has a
    /// control or format character or letters of more than one script (LANGUAGE.md §8).
    fn person(&mut self, s: &ast::Str) -> Spanned<String> {
        let v = self.string(s);
        if let Err(why) = crate::people::check_name(&v.value) {
            self.emit(
                Diagnostic::new("K005", s.span, format!("invalid person name {}: {why}", crate::syntax::quote(&v.value)))
                    .label("not a plain name")
                    .help("write the name as plain text in one script, without invisible characters; people are compared by identity key, so a look-alike name is refused"),
            );
        }
        v
    }

    fn new(cat: &'c Catalog, lib: &'c Library) -> WfResolver<'c> {
        WfResolver {
            cat,
            lib,
            diags: Vec::new(),
            wf: Workflow::default(),
            metrics: Vec::new(),
        }
    }

    /// The workflow's header and every name it declares (states, flags, metrics), so that
    /// references may point forward.
    fn declare(&mut self, w: &ast::Workflow) {
        self.wf.name = w.name.name.clone();
        self.wf.version_text = w.version.digits.clone();
        self.wf.id = format!("{}_v{}", w.name.name, w.version.digits);
        self.wf.span = w.span;
        self.wf.name_span = w.name.span;
        self.wf.version_span = w.version.span;
        self.wf.head_span = w.head_span;
        self.wf.doc = w.doc.clone();
        match w.version.digits.parse::<u64>() {
            Ok(v) => self.wf.version = Some(v),
            Err(_) => self.emit(
                Diagnostic::new(
                    "K005",
                    w.version.span,
                    format!("version `v{}` is out of range", w.version.digits),
                )
                .label("too large")
                .help("versions are whole numbers up to 18446744073709551615"),
            ),
        }
        // Names first, so that references may point forward.
        for st in &w.stmts {
            match &st.kind {
                ast::WfStmtKind::States(s) => {
                    for decl in &s.states {
                        if let Some(first) = self.wf.state(&decl.name.name) {
                            let first = self.wf.states[first].name_span;
                            self.emit(
                                Diagnostic::new(
                                    "K003",
                                    decl.name.span,
                                    format!("state `{}` is declared twice", decl.name.name),
                                )
                                .label("declared again here")
                                .with_label(first, "first declared here")
                                .help("state names are unique within a workflow"),
                            );
                            continue;
                        }
                        self.wf.add_state(State {
                            name: decl.name.name.clone(),
                            initial: false,
                            terminal: false,
                            manual: false,
                            sla: None,
                            has_sla: false,
                            requires: Vec::new(),
                            span: decl.span,
                            name_span: decl.name.span,
                        });
                    }
                }
                ast::WfStmtKind::Flag(f) => {
                    if let Some(first) = self.wf.flags.iter().find(|x| x.name == f.name.name) {
                        let first = first.span;
                        self.emit(
                            Diagnostic::new(
                                "K003",
                                f.name.span,
                                format!("flag `{}` is declared twice", f.name.name),
                            )
                            .label("declared again here")
                            .with_label(first, "first declared here"),
                        );
                        continue;
                    }
                    self.wf.flags.push(Flag {
                        name: f.name.name.clone(),
                        default_on: f.default.as_ref().is_some_and(|d| d.text == "on"),
                        span: f.name.span,
                    });
                }
                ast::WfStmtKind::Monitor(m) => {
                    let mut kinds: HashMap<String, (bool, Span)> = HashMap::new();
                    for it in &m.items {
                        let (name, is_metric) = match &it.kind {
                            ast::MonitorItemKind::Metric { name, .. } => (name, true),
                            ast::MonitorItemKind::Expect { name, .. } => (name, false),
                            _ => continue,
                        };
                        let key = (name.name.clone(), is_metric);
                        if let Some((_, first)) = kinds.get(&format!("{}{}", key.0, key.1)) {
                            let first = *first;
                            self.emit(
                                Diagnostic::new(
                                    "K003",
                                    name.span,
                                    format!("metric `{}` is declared twice", name.name),
                                )
                                .label("declared again here")
                                .with_label(first, "first declared here")
                                .help("`metric N` and `expect N` may both name N once"),
                            );
                            continue;
                        }
                        kinds.insert(format!("{}{}", key.0, key.1), (is_metric, name.span));
                        if !self.metrics.contains(&name.name) {
                            self.metrics.push(name.name.clone());
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Resolves a workflow, freeing each statement once it is resolved.
    fn workflow(&mut self, mut w: ast::Workflow) {
        self.declare(&w);
        let stmts = std::mem::take(&mut w.stmts);
        drop(w);
        self.reserve(&stmts);
        let mut names = Names::default();
        for st in stmts {
            self.stmt(&st, &mut names);
        }
    }

    /// Sizes the transitions exactly: on a big workflow, the slack of a doubling vector is
    /// megabytes.
    fn reserve(&mut self, stmts: &[ast::WfStmt]) {
        let n = stmts
            .iter()
            .filter(|s| matches!(s.kind, ast::WfStmtKind::Transition(_)))
            .count();
        self.wf.transitions.reserve_exact(n);
    }

    /// The resolved workflow, added to `out`, and the diagnostics.
    fn finish(self, file_errors: bool, out: &mut Vec<Workflow>) -> Vec<Diagnostic> {
        let mut wf = self.wf;
        wf.has_name_errors |= file_errors;
        out.push(wf);
        self.diags
    }

    fn stmt(&mut self, st: &ast::WfStmt, names: &mut Names) {
        let Names {
            seen,
            transitions,
            tests,
        } = names;
        use ast::WfStmtKind as K;
        match &st.kind {
            K::Title(s) => {
                if self.once(seen, "title", st.span) {
                    self.wf.title = Some(self.string(s));
                }
            }
            K::Tier(w) => {
                if !self.once(seen, "tier", st.span) {
                    return;
                }
                match w.text.as_str() {
                    "1" | "2" | "3" => {
                        self.wf.declared_tier = Some(Spanned {
                            value: w.text.parse().unwrap_or(1),
                            span: st.span,
                        })
                    }
                    _ => self.emit(
                        Diagnostic::new("K005", w.span, format!("`{}` is not a tier", w.text))
                            .label("not 1, 2 or 3")
                            .help("Tier 1 is content and notifications, Tier 2 onboarding, KYC and routing, Tier 3 anything that moves money, changes trading access, affects commissions or alters regulatory records"),
                    ),
                }
            }
            K::Subject(id) => {
                if self.once(seen, "subject", st.span) {
                    self.wf.subject = Some(Spanned {
                        value: id.name.clone(),
                        span: id.span,
                    });
                }
            }
            K::Owner(s) => {
                if self.once(seen, "owner", st.span) {
                    self.wf.owner = Some(self.person(s));
                }
            }
            K::Maintainer(s) => {
                if self.once(seen, "maintainer", st.span) {
                    self.wf.maintainer = Some(self.person(s));
                }
            }
            K::Environments(envs) => {
                if !self.once(seen, "environments", st.span) {
                    return;
                }
                for e in envs {
                    if !ENVIRONMENTS.contains(&e.name.as_str()) {
                        let help = suggest(&e.name, ENVIRONMENTS)
                            .map(|s| format!("did you mean `{s}`?"))
                            .unwrap_or_else(|| {
                                "the environments are sandbox, staging and production".into()
                            });
                        self.emit(
                            Diagnostic::new(
                                "K002",
                                e.span,
                                format!("unknown environment `{}`", e.name),
                            )
                            .label("not an environment")
                            .help(help),
                        );
                    }
                    self.wf.environments.push(Spanned {
                        value: e.name.clone(),
                        span: e.span,
                    });
                }
            }
            K::Flag(_) => {}
            K::Scope(s) => {
                if self.once(seen, "scope", st.span) {
                    self.scope(s, st.span);
                }
            }
            K::Changelog(c) => {
                if self.once(seen, "changelog", st.span) {
                    self.changelog(c, st.span);
                }
            }
            K::Approvals(a) => {
                if self.once(seen, "approvals", st.span) {
                    self.approvals(a, st.span);
                }
            }
            K::States(s) => {
                for decl in &s.states {
                    self.state_attrs(decl);
                }
            }
            K::Transition(t) => {
                if let Some(first) = transitions.get(t.name.name.as_str()) {
                    let first = *first;
                    self.emit(
                        Diagnostic::new(
                            "K003",
                            t.name.span,
                            format!("transition `{}` is declared twice", t.name.name),
                        )
                        .label("declared again here")
                        .with_label(first, "first declared here")
                        .help("transition names are unique within a workflow"),
                    );
                } else {
                    transitions.insert(t.name.name.clone(), t.name.span);
                }
                let tr = self.transition(t, st.span);
                self.wf.transitions.push(tr);
            }
            K::Override(o) => {
                let from = o.from.iter().map(|s| self.state_ref(s)).collect();
                let to = self.state_ref(&o.to);
                let role = self.string(&o.role).value;
                self.wf.overrides.push(OverrideM {
                    from,
                    to,
                    role,
                    span: st.span,
                });
            }
            K::Invariant(inv) => {
                let name = self.string(&inv.name).value;
                let body = match &inv.body {
                    ast::InvariantBody::Guard(g) => InvariantBody::Guard(self.condition(g)),
                    ast::InvariantBody::OncePer { action, key } => InvariantBody::OncePer {
                        action: self.action_ref(action),
                        key: self.key_ref(key),
                    },
                };
                self.wf.invariants.push(InvariantM {
                    name,
                    body,
                    span: st.span,
                });
            }
            K::Rollback(r) => {
                if self.once(seen, "rollback", st.span) {
                    self.rollback(r, st.span);
                }
            }
            K::Release(r) => {
                if self.once(seen, "release", st.span) {
                    self.release(r, st.span);
                }
            }
            K::Monitor(m) => {
                if self.once(seen, "monitor", st.span) {
                    self.monitor(m, st.span);
                }
            }
            K::Access(a) => {
                if self.once(seen, "access", st.span) {
                    let entries = a
                        .items
                        .iter()
                        .map(|it| AccessEntry {
                            kind: it.kind.text.clone(),
                            roles: it.roles.iter().map(|r| self.string(r)).collect(),
                            span: it.span,
                        })
                        .collect();
                    self.wf.access = Some(AccessM {
                        entries,
                        span: st.span,
                    });
                }
            }
            K::Test(t) => {
                if let Some(first) = tests.get(t.name.value.as_str()) {
                    let first = *first;
                    self.emit(
                        Diagnostic::new(
                            "K003",
                            t.name.span,
                            format!(
                                "test {} is declared twice",
                                crate::syntax::quote(&t.name.value)
                            ),
                        )
                        .label("declared again here")
                        .with_label(first, "first declared here")
                        .help("test names are unique within a workflow"),
                    );
                } else {
                    tests.insert(t.name.value.clone(), t.name.span);
                }
                let test = self.test(t, st.span);
                self.wf.tests.push(test);
            }
        }
    }

    // -- references ----------------------------------------------------------------------

    fn state_ref(&mut self, id: &ast::Ident) -> Ref<StateId> {
        let found = self.wf.state(&id.name);
        if found.is_none() {
            let names: Vec<&str> = self.wf.states.iter().map(|s| s.name.as_str()).collect();
            let help = match suggest(&id.name, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if names.is_empty() => {
                    "declare the workflow's states in a `states { ... }` block".to_string()
                }
                None => format!(
                    "the states are {}",
                    one_of(&names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>())
                ),
            };
            self.emit(
                Diagnostic::new("K002", id.span, format!("unknown state `{}`", id.name))
                    .label("not a state of this workflow")
                    .help(help),
            );
        }
        Ref {
            id: found,
            name: id.name.clone(),
            span: id.span,
        }
    }

    fn flag_ref(&mut self, id: &ast::Ident) -> Ref<FlagId> {
        let found = self.wf.flag(&id.name);
        if found.is_none() {
            let names: Vec<&str> = self.wf.flags.iter().map(|s| s.name.as_str()).collect();
            let help = match suggest(&id.name, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("declare it in the workflow: `flag {} default off`", id.name),
            };
            self.emit(
                Diagnostic::new("K002", id.span, format!("unknown flag `{}`", id.name))
                    .label("not a flag of this workflow")
                    .help(help),
            );
        }
        Ref {
            id: found,
            name: id.name.clone(),
            span: id.span,
        }
    }

    fn action_ref(&mut self, id: &ast::Ident) -> Ref<ActionId> {
        let found = self.cat.action(&id.name);
        if found.is_none() {
            let c: Vec<&str> = self.cat.actions.iter().map(|a| a.name.as_str()).collect();
            let d = unknown_catalog_name(self.lib, self.cat, "action", id, c);
            self.emit(d);
        }
        Ref {
            id: found,
            name: id.name.clone(),
            span: id.span,
        }
    }

    fn event_ref(&mut self, id: &ast::Ident) -> Ref<EventId> {
        let found = self.cat.event(&id.name);
        if found.is_none() {
            let c: Vec<&str> = self.cat.events.iter().map(|a| a.name.as_str()).collect();
            let d = unknown_catalog_name(self.lib, self.cat, "event", id, c);
            self.emit(d);
        }
        Ref {
            id: found,
            name: id.name.clone(),
            span: id.span,
        }
    }

    fn fact_ref(&mut self, id: &ast::Ident) -> Ref<VarId> {
        let mut found = self.cat.var(&id.name);
        match found {
            Some(v) if !self.cat.vars[v].fact => {
                let d = not_a_fact(&self.cat.vars[v], id.span);
                self.emit(d);
                found = None;
            }
            Some(_) => {}
            None => {
                let c: Vec<&str> = self
                    .cat
                    .vars
                    .iter()
                    .filter(|v| v.fact)
                    .map(|v| v.name.as_str())
                    .collect();
                let d = unknown_catalog_name(self.lib, self.cat, "fact", id, c);
                self.emit(d);
            }
        }
        Ref {
            id: found,
            name: id.name.clone(),
            span: id.span,
        }
    }

    /// An attribute, payload field or fact.
    fn var_ref(&mut self, id: &ast::Ident) -> Ref<VarId> {
        let found = self.cat.var(&id.name);
        if found.is_none() {
            let c: Vec<&str> = self.cat.vars.iter().map(|v| v.name.as_str()).collect();
            let d = unknown_catalog_name(self.lib, self.cat, "attribute, field or fact", id, c);
            self.emit(d);
        }
        Ref {
            id: found,
            name: id.name.clone(),
            span: id.span,
        }
    }

    /// A deduplication key: an attribute or field.
    fn key_ref(&mut self, id: &ast::Ident) -> Ref<VarId> {
        let mut r = self.var_ref(id);
        if let Some(v) = r.id {
            if self.cat.vars[v].fact {
                self.emit(
                    Diagnostic::new(
                        "K004",
                        id.span,
                        format!(
                            "`{}` is a fact; a key must be an attribute or a payload field",
                            id.name
                        ),
                    )
                    .label("a fact has no value to group by"),
                );
                r.id = None;
            }
        }
        r
    }

    // -- literals and expressions -------------------------------------------------------------

    /// Converts a literal, reporting K005 (and K002/K004 for a bare word that is not a member
    /// of the expected enum). Returns the value (None if invalid) and its type.
    fn literal(
        &mut self,
        lit: &ast::Literal,
        expected: Option<&Type>,
    ) -> (Option<Value>, Option<Type>) {
        if let Some(sp) = lit.bad_escape {
            self.emit(bad_escape_diag(sp));
        }
        let bad = |this: &mut Self, msg: String, label: &str| {
            this.emit(Diagnostic::new("K005", lit.span, msg).label(label.to_string()));
        };
        match &lit.kind {
            LitKind::Number(d) => match literal::number(d, lit.negative) {
                Ok(v) => (Some(Value::Num(v)), Some(Type::Number)),
                Err(m) => {
                    bad(self, m, "number out of range");
                    (None, Some(Type::Number))
                }
            },
            LitKind::Percent(d) => match literal::percent(d) {
                Ok(v) => {
                    let v = v / Decimal::ONE_HUNDRED;
                    (
                        Some(Value::Num(if lit.negative { -v } else { v })),
                        Some(Type::Number),
                    )
                }
                Err(m) => {
                    bad(self, m, "percent above 100");
                    (None, Some(Type::Number))
                }
            },
            LitKind::Duration(d) => match literal::duration(d) {
                Ok(s) => (
                    Some(Value::Dur(if lit.negative {
                        -(s as i64)
                    } else {
                        s as i64
                    })),
                    Some(Type::Duration),
                ),
                Err(m) => {
                    bad(self, m, "invalid duration");
                    (None, Some(Type::Duration))
                }
            },
            LitKind::Timestamp(t) => match literal::timestamp(t) {
                Ok(ts) => (Some(Value::Time(ts)), Some(Type::Time)),
                Err(m) => {
                    bad(self, m, "invalid timestamp");
                    (None, Some(Type::Time))
                }
            },
            LitKind::Clock(c) => {
                if let Err(m) = literal::clock(c) {
                    bad(self, m, "invalid clock time");
                }
                (None, None)
            }
            LitKind::Str(s) => (Some(Value::Text(s.clone())), Some(Type::Text)),
            LitKind::Bool(b) => (Some(Value::Bool(*b)), Some(Type::Bool)),
            LitKind::Ident(name) => match expected {
                Some(Type::Enum(members)) => {
                    if members.contains(name) {
                        (Some(Value::Enum(name.clone())), expected.cloned())
                    } else {
                        self.unknown_member(name, lit.span, members);
                        (None, expected.cloned())
                    }
                }
                Some(other) => {
                    self.emit(
                        Diagnostic::new(
                            "K004",
                            lit.span,
                            format!(
                                "expected a {} value, found the word `{name}`",
                                other.describe()
                            ),
                        )
                        .label(format!("not a {}", other.describe()))
                        .help(match other {
                            Type::Text => format!("text values are quoted: \"{name}\""),
                            Type::Bool => "use `true` or `false`".to_string(),
                            _ => "only enum members are written as bare words".to_string(),
                        }),
                    );
                    (None, None)
                }
                None => (None, None),
            },
        }
    }

    fn unknown_member(&mut self, name: &str, span: Span, members: &[String]) {
        let help = match suggest(name, members.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "the members are {}",
                one_of(&members.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>())
            ),
        };
        self.emit(
            Diagnostic::new(
                "K002",
                span,
                format!("`{name}` is not a member of enum({})", members.join(", ")),
            )
            .label("unknown enum member")
            .help(help),
        );
    }

    fn is_bare_word(e: &ast::Expr) -> bool {
        match &e.kind {
            ExprKind::Name(id) => !id.name.contains('.'),
            ExprKind::Lit(l) => matches!(l.kind, LitKind::Ident(_)),
            ExprKind::Paren(inner) => Self::is_bare_word(inner),
            _ => false,
        }
    }

    /// A guard: must be a bool.
    fn condition(&mut self, e: &ast::Expr) -> RExpr {
        let r = self.expr(e, Some(&Type::Bool));
        self.expect_bool(&r, "a condition must be true or false");
        r
    }

    fn expect_bool(&mut self, r: &RExpr, why: &str) {
        if let Some(t) = &r.ty {
            if *t != Type::Bool {
                self.emit(
                    Diagnostic::new("K004", r.span, format!("{why}; this is {}", describe_ty(t)))
                        .label("not true or false")
                        .help("compare it with something, e.g. `trade.volume > 0`"),
                );
            }
        }
    }

    fn expect_number(&mut self, r: &RExpr, what: &str) {
        if let Some(t) = &r.ty {
            if *t != Type::Number {
                self.emit(
                    Diagnostic::new(
                        "K004",
                        r.span,
                        format!("{what} works on numbers; this is {}", describe_ty(t)),
                    )
                    .label("not a number"),
                );
            }
        }
    }

    fn expr(&mut self, e: &ast::Expr, expected: Option<&Type>) -> RExpr {
        match &e.kind {
            ExprKind::Paren(inner) => {
                let mut r = self.expr(inner, expected);
                r.span = e.span;
                r
            }
            ExprKind::Name(id) => self.name_expr(id, expected),
            ExprKind::Lit(l) => {
                let (v, ty) = self.literal(l, expected);
                RExpr {
                    kind: RKind::Lit(v, l.text()),
                    ty,
                    span: e.span,
                }
            }
            ExprKind::Not(inner) => {
                let r = self.expr(inner, Some(&Type::Bool));
                self.expect_bool(&r, "`not` negates a condition");
                RExpr {
                    kind: RKind::Not(Box::new(r)),
                    ty: Some(Type::Bool),
                    span: e.span,
                }
            }
            ExprKind::Neg(inner) => {
                let r = self.expr(inner, Some(&Type::Number));
                self.expect_number(&r, "`-`");
                RExpr {
                    kind: RKind::Neg(Box::new(r)),
                    ty: Some(Type::Number),
                    span: e.span,
                }
            }
            ExprKind::In { lhs, list } => {
                let l = self.expr(lhs, None);
                let mut items = Vec::new();
                for lit in list {
                    let (v, ty) = self.literal(lit, l.ty.as_ref());
                    if let (Some(lt), Some(t)) = (&l.ty, &ty) {
                        if !lt.agrees(t) {
                            self.emit(
                                Diagnostic::new(
                                    "K004",
                                    lit.span,
                                    format!(
                                        "`{}` is {}, but `{}` is {}",
                                        lit.text(),
                                        describe_ty(t),
                                        self.short(&l),
                                        describe_ty(lt)
                                    ),
                                )
                                .label("wrong type for this list"),
                            );
                        }
                    }
                    items.push(RExpr {
                        kind: RKind::Lit(v, lit.text()),
                        ty,
                        span: lit.span,
                    });
                }
                RExpr {
                    kind: RKind::In {
                        lhs: Box::new(l),
                        list: items,
                    },
                    ty: Some(Type::Bool),
                    span: e.span,
                }
            }
            ExprKind::Binary { op, lhs, rhs, .. } => self.binary(*op, lhs, rhs, e.span),
        }
    }

    fn binary(&mut self, op: BinOp, lhs: &ast::Expr, rhs: &ast::Expr, span: Span) -> RExpr {
        let (l, r) = match op {
            BinOp::And | BinOp::Or => {
                let l = self.expr(lhs, Some(&Type::Bool));
                let r = self.expr(rhs, Some(&Type::Bool));
                self.expect_bool(&l, &format!("`{}` joins conditions", op.as_str()));
                self.expect_bool(&r, &format!("`{}` joins conditions", op.as_str()));
                (l, r)
            }
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
                let l = self.expr(lhs, Some(&Type::Number));
                let r = self.expr(rhs, Some(&Type::Number));
                self.expect_number(&l, &format!("`{}`", op.as_str()));
                self.expect_number(&r, &format!("`{}`", op.as_str()));
                (l, r)
            }
            _ => {
                // Resolve the side that is not a bare word first, so a bare word can be read
                // as a member of the other side's enum.
                let (l, r) = if Self::is_bare_word(lhs) && !Self::is_bare_word(rhs) {
                    let r = self.expr(rhs, None);
                    let l = self.expr(lhs, r.ty.as_ref());
                    (l, r)
                } else {
                    let l = self.expr(lhs, None);
                    let r = self.expr(rhs, l.ty.as_ref());
                    (l, r)
                };
                if let (Some(lt), Some(rt)) = (&l.ty, &r.ty) {
                    if !lt.agrees(rt) {
                        let blame = if matches!(l.kind, RKind::Lit(..)) {
                            &l
                        } else {
                            &r
                        };
                        self.emit(
                            Diagnostic::new(
                                "K004",
                                blame.span,
                                format!(
                                    "cannot compare `{}` ({}) with `{}` ({})",
                                    self.short(&l),
                                    lt.describe(),
                                    self.short(&r),
                                    rt.describe()
                                ),
                            )
                            .label(format!(
                                "this is {}",
                                describe_ty(&blame.ty.clone().unwrap_or(Type::Bool))
                            ))
                            .help("both sides of a comparison have the same type"),
                        );
                    } else if !matches!(op, BinOp::Eq | BinOp::Ne) && !lt.is_ordered() {
                        self.emit(
                            Diagnostic::new(
                                "K004",
                                span,
                                format!(
                                    "`{}` orders numbers and times; `{}` is {}",
                                    op.as_str(),
                                    self.short(&l),
                                    describe_ty(lt)
                                ),
                            )
                            .label("not ordered")
                            .help("use `==`, `!=` or `in [...]` for text, bool and enum values"),
                        );
                    }
                }
                (l, r)
            }
        };
        let ty = if op.is_arith() {
            Some(Type::Number)
        } else {
            Some(Type::Bool)
        };
        RExpr {
            kind: RKind::Bin {
                op,
                lhs: Box::new(l),
                rhs: Box::new(r),
            },
            ty,
            span,
        }
    }

    fn name_expr(&mut self, id: &ast::Ident, expected: Option<&Type>) -> RExpr {
        if let Some(Type::Enum(members)) = expected {
            if !id.name.contains('.') && members.contains(&id.name) {
                return RExpr {
                    kind: RKind::Lit(Some(Value::Enum(id.name.clone())), id.name.clone()),
                    ty: expected.cloned(),
                    span: id.span,
                };
            }
        }
        if let Some(v) = self.cat.var(&id.name) {
            return RExpr {
                kind: RKind::Var(v),
                ty: Some(self.cat.vars[v].ty.clone()),
                span: id.span,
            };
        }
        match expected {
            Some(Type::Enum(members)) if !id.name.contains('.') => {
                let members = members.clone();
                self.unknown_member(&id.name, id.span, &members);
            }
            _ => {
                let c: Vec<&str> = self.cat.vars.iter().map(|v| v.name.as_str()).collect();
                let d = unknown_catalog_name(self.lib, self.cat, "name", id, c);
                self.emit(d);
            }
        }
        RExpr {
            kind: RKind::Unresolved(id.name.clone()),
            ty: None,
            span: id.span,
        }
    }

    /// A short rendering of an expression for messages.
    fn short(&self, e: &RExpr) -> String {
        match &e.kind {
            RKind::Lit(_, text) => text.clone(),
            RKind::Unresolved(n) => n.clone(),
            RKind::Var(v) => self.cat.vars[*v].name.clone(),
            _ => "the expression".to_string(),
        }
    }

    // -- statements ---------------------------------------------------------------------

    fn scope(&mut self, s: &ast::Scope, span: Span) {
        let mut m = ScopeM {
            span,
            ..Default::default()
        };
        let mut seen = Seen::default();
        for it in &s.items {
            match &it.kind {
                ast::ScopeItemKind::Clients(w) => {
                    if self.once(&mut seen, "clients", it.span) {
                        m.clients = Some(Spanned {
                            value: w.text.clone(),
                            span: it.span,
                        });
                    }
                }
                ast::ScopeItemKind::Trades(w) => {
                    if self.once(&mut seen, "trades", it.span) {
                        m.trades = Some(Spanned {
                            value: w.text.clone(),
                            span: it.span,
                        });
                    }
                }
                ast::ScopeItemKind::Recalculation(ts) => {
                    if !self.once(&mut seen, "recalculation", it.span) {
                        continue;
                    }
                    let value = match ts {
                        None => Recalc::None,
                        Some(lit) => {
                            let (v, _) = self.literal(lit, None);
                            let t = match v {
                                Some(Value::Time(t)) => Some(t),
                                _ => None,
                            };
                            Recalc::Since(t, lit.text())
                        }
                    };
                    m.recalculation = Some(Spanned {
                        value,
                        span: it.span,
                    });
                }
                ast::ScopeItemKind::Regions(r) => {
                    for s in r {
                        let v = self.string(s).value;
                        m.regions.push(v);
                    }
                }
                ast::ScopeItemKind::Groups(g) => {
                    for s in g {
                        let v = self.string(s).value;
                        m.groups.push(v);
                    }
                }
            }
        }
        self.wf.scope = Some(m);
    }

    fn changelog(&mut self, c: &ast::Changelog, span: Span) {
        let mut m = ChangelogM {
            span,
            ..Default::default()
        };
        let mut seen = Seen::default();
        for it in &c.items {
            let key: &'static str = match it.key.text.as_str() {
                "what" => "what",
                "why" => "why",
                "by" => "by",
                _ => "ticket",
            };
            if !self.once(&mut seen, key, it.span) {
                continue;
            }
            let v = Some(if key == "by" {
                self.person(&it.value)
            } else {
                self.string(&it.value)
            });
            match key {
                "what" => m.what = v,
                "why" => m.why = v,
                "by" => m.by = v,
                _ => m.ticket = v,
            }
        }
        self.wf.changelog = Some(m);
    }

    fn approvals(&mut self, a: &ast::Approvals, span: Span) {
        let mut m = ApprovalsM {
            entries: Vec::new(),
            span,
        };
        for e in &a.entries {
            let Some(role) = Role::parse(&e.role.text) else {
                continue;
            };
            let Some(decision) = Decision::parse(&e.decision.text) else {
                continue;
            };
            if let Some(first) = m.entries.iter().find(|x| x.role == role) {
                let first = first.span;
                self.emit(
                    Diagnostic::new(
                        "K003",
                        e.span,
                        format!("the {} approval is given twice", role.as_str()),
                    )
                    .label("given again here")
                    .with_label(first, "first given here")
                    .help("one line per role; `keel approve` replaces a role's line"),
                );
                continue;
            }
            let (at, _) = self.literal(&e.at, None);
            let at = match at {
                Some(Value::Time(t)) => Some(t),
                _ => None,
            };
            let digest = e.digest.as_ref().map(|d| {
                let s = self.string(d);
                if let Err(msg) = literal::digest(&s.value) {
                    self.emit(
                        Diagnostic::new("K005", d.span, msg)
                            .label("not a content digest")
                            .help("let `keel approve` write approvals, or copy the digest `keel digest FILE` prints"),
                    );
                }
                s
            });
            let person = self.person(&e.person);
            m.entries.push(ApprovalM {
                role,
                person,
                decision,
                at,
                at_text: e.at.text(),
                digest,
                span: e.span,
            });
        }
        self.wf.approvals = Some(m);
    }

    fn duration_of(&mut self, lit: &ast::Literal) -> Option<u64> {
        match self.literal(lit, None) {
            (Some(Value::Dur(s)), _) if s >= 0 => Some(s as u64),
            (None, _) => None,
            _ => {
                self.emit(
                    Diagnostic::new(
                        "K005",
                        lit.span,
                        format!("`{}` is not a duration", lit.text()),
                    )
                    .label("expected a duration such as 15m"),
                );
                None
            }
        }
    }

    fn state_attrs(&mut self, decl: &ast::StateDecl) {
        let Some(sid) = self.wf.state(&decl.name.name) else {
            return;
        };
        if self.wf.states[sid].span != decl.span {
            return; // a duplicate declaration, already reported
        }
        // An attribute given twice (`sla 4h sla 1m`) is K003: which one would hold?
        let mut first: Vec<(&'static str, Span)> = Vec::new();
        for a in &decl.attrs {
            let word = match &a.kind {
                ast::StateAttrKind::Initial => "initial",
                ast::StateAttrKind::Terminal => "terminal",
                ast::StateAttrKind::Manual => "manual",
                ast::StateAttrKind::Sla(_) => "sla",
                ast::StateAttrKind::Requires(_) => continue,
            };
            match first.iter().find(|(w, _)| *w == word) {
                Some(&(_, at)) => self.emit(
                    Diagnostic::new(
                        "K003",
                        a.span,
                        format!("state `{}` has `{word}` twice", decl.name.name),
                    )
                    .label("given again here")
                    .with_label(at, "first given here")
                    .help(format!("keep one `{word}`")),
                ),
                None => first.push((word, a.span)),
            }
        }
        for a in &decl.attrs {
            match &a.kind {
                ast::StateAttrKind::Initial => self.wf.states[sid].initial = true,
                ast::StateAttrKind::Terminal => self.wf.states[sid].terminal = true,
                ast::StateAttrKind::Manual => self.wf.states[sid].manual = true,
                ast::StateAttrKind::Sla(d) => {
                    let v = self.duration_of(d);
                    self.wf.states[sid].has_sla = true;
                    self.wf.states[sid].sla = v;
                }
                ast::StateAttrKind::Requires(facts) => {
                    for f in facts {
                        let r = self.fact_ref(f);
                        self.wf.states[sid].requires.push(r);
                    }
                }
            }
        }
    }

    fn transition(&mut self, t: &ast::Transition, span: Span) -> Transition {
        let from = self.state_ref(&t.from);
        let to = self.state_ref(&t.to);
        let event = self.event_ref(&t.event);
        let guard = match &t.when {
            None => Guard::Always,
            Some(ast::When::Otherwise(sp)) => Guard::Otherwise(*sp),
            Some(ast::When::Guard(g)) => Guard::Expr(self.condition(g)),
        };
        let behind = t.behind.as_ref().map(|b| self.flag_ref(b));
        let calls = t.calls.iter().map(|c| self.call(c)).collect();
        Transition {
            name: t.name.name.clone(),
            name_span: t.name.span,
            span,
            head_span: Span::new(span.start as usize, t.event.span.end as usize),
            from,
            to,
            event,
            guard,
            behind,
            calls,
        }
    }

    fn call(&mut self, c: &ast::Call) -> CallM {
        let action = self.action_ref(&c.action);
        let mut args: Vec<ArgM> = Vec::new();
        let given = c.args.as_deref().unwrap_or(&[]);
        let Some(aid) = action.id else {
            for a in given {
                // A bare word may be an enum member of the unknown action's parameter: do not
                // report it as a second error.
                let value = if Self::is_bare_word(&a.value) {
                    RExpr {
                        kind: RKind::Unresolved(crate::render::bare_word(&a.value)),
                        ty: None,
                        span: a.value.span,
                    }
                } else {
                    self.expr(&a.value, None)
                };
                args.push(ArgM {
                    param: None,
                    name: a.name.as_ref().map(|n| n.name.clone()),
                    value,
                    span: a.span,
                });
            }
            return CallM {
                action,
                args,
                span: c.span,
            };
        };
        let params = &self.cat.actions[aid].params;
        let mut bound: Vec<bool> = vec![false; params.len()];
        for (i, a) in given.iter().enumerate() {
            let pidx = match &a.name {
                Some(n) => {
                    let p = params.iter().position(|p| p.name == n.name);
                    if p.is_none() {
                        let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
                        let help = match suggest(&n.name, names.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None if names.is_empty() => {
                                format!("`{}` takes no arguments", c.action.name)
                            }
                            None => format!(
                                "its parameters are {}",
                                one_of(&names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>())
                            ),
                        };
                        self.emit(
                            Diagnostic::new(
                                "K002",
                                n.span,
                                format!("`{}` has no parameter `{}`", c.action.name, n.name),
                            )
                            .label("unknown parameter")
                            .help(help),
                        );
                    }
                    p
                }
                None if i < params.len() => Some(i),
                None => {
                    self.emit(
                        Diagnostic::new(
                            "K004",
                            a.span,
                            format!(
                                "`{}` takes {} argument{}, but more are given",
                                c.action.name,
                                params.len(),
                                if params.len() == 1 { "" } else { "s" }
                            ),
                        )
                        .label("extra argument")
                        .help(signature(&self.cat.actions[aid])),
                    );
                    None
                }
            };
            let expected = pidx.map(|p| params[p].ty.clone());
            let value = self.expr(&a.value, expected.as_ref());
            if let (Some(p), Some(want), Some(got)) = (pidx, &expected, &value.ty) {
                if !want.agrees(got) {
                    self.emit(
                        Diagnostic::new(
                            "K004",
                            value.span,
                            format!(
                                "argument `{}` of `{}` is {}, but this is {}",
                                params[p].name,
                                c.action.name,
                                describe_ty(want),
                                describe_ty(got)
                            ),
                        )
                        .label(format!("expected {}", describe_ty(want)))
                        .help(signature(&self.cat.actions[aid])),
                    );
                }
            }
            if let Some(p) = pidx {
                if bound[p] {
                    self.emit(
                        Diagnostic::new(
                            "K003",
                            a.span,
                            format!("argument `{}` is given twice", params[p].name),
                        )
                        .label("given again here"),
                    );
                }
                bound[p] = true;
            }
            args.push(ArgM {
                param: pidx,
                name: a.name.as_ref().map(|n| n.name.clone()),
                value,
                span: a.span,
            });
        }
        let missing: Vec<String> = params
            .iter()
            .zip(&bound)
            .filter(|(_, b)| !**b)
            .map(|(p, _)| format!("`{}`", p.name))
            .collect();
        if !missing.is_empty() {
            self.emit(
                Diagnostic::new(
                    "K004",
                    c.span,
                    format!(
                        "`{}` is missing {} {}",
                        c.action.name,
                        if missing.len() == 1 {
                            "argument"
                        } else {
                            "arguments"
                        },
                        crate::diagnostic::all_of(&missing)
                    ),
                )
                .label("missing arguments")
                .help(signature(&self.cat.actions[aid])),
            );
        }
        CallM {
            action,
            args,
            span: c.span,
        }
    }

    fn rollback(&mut self, r: &ast::Rollback, span: Span) {
        let mut m = RollbackM {
            span,
            ..Default::default()
        };
        let mut seen = Seen::default();
        for it in &r.items {
            match &it.kind {
                ast::RollbackItemKind::Trigger {
                    metric,
                    op,
                    threshold,
                    over,
                } => {
                    let metric = match metric {
                        ast::Metric::Queue(s) => MetricRef::Queue(self.state_ref(s)),
                        ast::Metric::Named(n) => {
                            let id = self.metrics.iter().position(|x| *x == n.name);
                            if id.is_none() {
                                let help = match suggest(&n.name, self.metrics.iter().map(String::as_str)) {
                                    Some(s) => format!("did you mean `{s}`?"),
                                    None => format!("collect it: add `metric {}` to the workflow's `monitor` block, or trigger on `queue(STATE)`", n.name),
                                };
                                self.emit(
                                    Diagnostic::new("K002", n.span, format!("rollback trigger on metric `{}`, which nobody collects", n.name))
                                        .label("not declared in the monitor block")
                                        .help(help),
                                );
                            }
                            MetricRef::Named(Ref {
                                id,
                                name: n.name.clone(),
                                span: n.span,
                            })
                        }
                    };
                    let (v, _) = self.literal(threshold, None);
                    let threshold_v = match v {
                        Some(Value::Num(d)) => Some(Threshold {
                            value: if matches!(threshold.kind, LitKind::Percent(_)) {
                                d * Decimal::ONE_HUNDRED
                            } else {
                                d
                            },
                            percent: matches!(threshold.kind, LitKind::Percent(_)),
                        }),
                        _ => None,
                    };
                    let over_v = over.as_ref().and_then(|o| self.duration_of(o));
                    m.triggers.push(TriggerM {
                        metric,
                        op: *op,
                        threshold: threshold_v,
                        threshold_text: threshold.text(),
                        over: over_v,
                        over_text: over.as_ref().map(|o| o.text()),
                        span: it.span,
                    });
                }
                ast::RollbackItemKind::Method(method) => {
                    let kind = match method {
                        ast::Method::PreviousVersion(v) => {
                            let n = v.digits.parse::<u64>().ok();
                            if n.is_none() {
                                self.emit(
                                    Diagnostic::new(
                                        "K005",
                                        v.span,
                                        format!("version `v{}` is out of range", v.digits),
                                    )
                                    .label("too large"),
                                );
                            }
                            MethodKind::PreviousVersion(n, format!("v{}", v.digits), v.span)
                        }
                        ast::Method::DisableRouteTo(s) => {
                            MethodKind::DisableRouteTo(self.state_ref(s))
                        }
                        ast::Method::FlagOff(f) => MethodKind::FlagOff(self.flag_ref(f)),
                    };
                    m.methods.push(MethodM {
                        kind,
                        span: it.span,
                    });
                }
                ast::RollbackItemKind::Backout(d) => {
                    if self.once(&mut seen, "backout", it.span) {
                        let v = self.duration_of(d);
                        m.backout = Some(Spanned {
                            value: v,
                            span: it.span,
                        });
                    }
                }
                ast::RollbackItemKind::Map { from, to } => {
                    let from = self.state_ref(from);
                    m.maps.push(MapM {
                        from,
                        to: Spanned {
                            value: to.name.clone(),
                            span: to.span,
                        },
                        span: it.span,
                    });
                }
                ast::RollbackItemKind::Remediate(items) => {
                    if !self.once(&mut seen, "remediate", it.span) {
                        continue;
                    }
                    let mut rm = RemediateM {
                        span: it.span,
                        ..Default::default()
                    };
                    for ri in items {
                        match &ri.kind {
                            ast::RemediateItemKind::Identify(keys) => {
                                rm.identify.extend(keys.iter().map(|k| k.text.clone()))
                            }
                            ast::RemediateItemKind::Revert { from, to } => {
                                let from = self.state_ref(from);
                                let to = self.state_ref(to);
                                rm.reverts.push(RevertM {
                                    from,
                                    to,
                                    span: ri.span,
                                });
                            }
                            ast::RemediateItemKind::Compensate { action, with } => {
                                let action = self.action_ref(action);
                                let with = with.as_ref().map(|w| self.string(w).value);
                                rm.compensates.push(CompensateM {
                                    action,
                                    with,
                                    span: ri.span,
                                });
                            }
                            ast::RemediateItemKind::Manual { action, note } => {
                                let action = self.action_ref(action);
                                let note = self.string(note).value;
                                rm.manuals.push(ManualM {
                                    action,
                                    note,
                                    span: ri.span,
                                });
                            }
                            ast::RemediateItemKind::Communicate(s) => {
                                let v = self.string(s).value;
                                rm.communicate.push(v);
                            }
                        }
                    }
                    m.remediate = Some(rm);
                }
            }
        }
        self.wf.rollback = Some(m);
    }

    fn release(&mut self, r: &ast::Release, span: Span) {
        let mut m = ReleaseM {
            span,
            ..Default::default()
        };
        for it in &r.items {
            match &it.kind {
                ast::ReleaseItemKind::Window {
                    from_day,
                    to_day,
                    start,
                    end,
                    zone,
                } => {
                    let day = |this: &mut Self, d: &ast::Ident| match literal::day(&d.name) {
                        Ok(v) => Some(v),
                        Err(msg) => {
                            let help = suggest(&d.name, literal::DAYS)
                                .map(|s| format!("did you mean `{s}`?"));
                            this.emit(
                                Diagnostic::new("K005", d.span, msg)
                                    .label("not a day")
                                    .maybe_help(help),
                            );
                            None
                        }
                    };
                    let fd = day(self, from_day);
                    let td = to_day.as_ref().and_then(|d| day(self, d));
                    let clock = |this: &mut Self, c: &ast::Literal| {
                        let text = c.text();
                        match literal::clock(&text) {
                            Ok(v) => Some(v),
                            Err(msg) => {
                                this.emit(
                                    Diagnostic::new("K005", c.span, msg).label("not a clock time"),
                                );
                                None
                            }
                        }
                    };
                    let s = clock(self, start);
                    let e = clock(self, end);
                    let z = self.string(zone);
                    let zone_valid = match literal::time_zone(&z.value) {
                        Ok(_) => true,
                        Err(msg) => {
                            let help = literal::suggest_zone(&z.value)
                                .map(|s| format!("did you mean \"{s}\"?"))
                                .unwrap_or_else(|| "use an IANA name such as \"Europe/London\", \"Asia/Nicosia\" or \"UTC\"".to_string());
                            self.emit(
                                Diagnostic::new("K005", zone.span, msg)
                                    .label("unknown time zone")
                                    .help(help),
                            );
                            false
                        }
                    };
                    let days_text = match to_day {
                        Some(t) => format!("{}-{}", from_day.name, t.name),
                        None => from_day.name.clone(),
                    };
                    m.windows.push(WindowM {
                        from_day: fd,
                        to_day: if to_day.is_some() { td } else { fd },
                        days_text,
                        start: s,
                        end: e,
                        zone: z.value,
                        zone_valid,
                        span: it.span,
                    });
                }
                ast::ReleaseItemKind::Canary { percent, targets } => {
                    let p = percent.as_ref().and_then(|p| match &p.kind {
                        LitKind::Percent(d) => match literal::percent(d) {
                            Ok(v) => Some(v),
                            Err(msg) => {
                                self.emit(
                                    Diagnostic::new("K005", p.span, msg).label("percent above 100"),
                                );
                                None
                            }
                        },
                        _ => None,
                    });
                    let targets = targets
                        .iter()
                        .map(|t| (t.kind.text.clone(), self.string(&t.value).value))
                        .collect();
                    m.canaries.push(CanaryM {
                        percent: p,
                        targets,
                        span: it.span,
                    });
                }
            }
        }
        self.wf.release = Some(m);
    }

    fn bound(&mut self, lit: &ast::Literal) -> Bound {
        let (v, _) = self.literal(lit, None);
        let percent = matches!(lit.kind, LitKind::Percent(_));
        Bound {
            value: match v {
                Some(Value::Num(d)) => Some(if percent { d * Decimal::ONE_HUNDRED } else { d }),
                _ => None,
            },
            percent,
            text: lit.text(),
        }
    }

    fn monitor(&mut self, mo: &ast::Monitor, span: Span) {
        let mut m = MonitorM {
            span,
            ..Default::default()
        };
        for it in &mo.items {
            match &it.kind {
                ast::MonitorItemKind::Stuck {
                    state,
                    after,
                    alert,
                } => {
                    let state = self.state_ref(state);
                    let after = self.duration_of(after);
                    let alert = self.string(alert).value;
                    m.stuck.push(StuckM {
                        state,
                        after,
                        alert,
                        span: it.span,
                    });
                }
                ast::MonitorItemKind::Metric { name, by } => m.metrics.push(MetricM {
                    name: name.name.clone(),
                    by: by.as_ref().map(|b| b.name.clone()),
                    span: it.span,
                }),
                ast::MonitorItemKind::Expect {
                    name,
                    low,
                    high,
                    per,
                } => {
                    let low = self.bound(low);
                    let high = self.bound(high);
                    if let (Some(a), Some(b)) = (low.value, high.value) {
                        if a > b {
                            self.emit(
                                Diagnostic::new(
                                    "K005",
                                    it.span,
                                    format!("the range {}..{} is empty", low.text, high.text),
                                )
                                .label("low bound above high bound")
                                .help("write the range low..high"),
                            );
                        }
                    }
                    m.expects.push(ExpectMetricM {
                        name: name.name.clone(),
                        low,
                        high,
                        per: per.as_ref().map(|p| p.text.clone()),
                        span: it.span,
                    });
                }
            }
        }
        self.wf.monitor = Some(m);
    }

    fn assign(&mut self, kv: &ast::Kv, event: Option<EventId>) -> Assign {
        let mut var = self.cat.var(&kv.name.name);
        match (var, event) {
            (None, Some(e)) => {
                let fields: Vec<&str> = self.cat.events[e]
                    .fields
                    .iter()
                    .map(|f| self.cat.vars[*f].name.as_str())
                    .collect();
                let help = match suggest(&kv.name.name, fields.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if fields.is_empty() => {
                        format!("`{}` has no payload", self.cat.events[e].name)
                    }
                    None => format!(
                        "its fields are {}",
                        one_of(&fields.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>())
                    ),
                };
                self.emit(
                    Diagnostic::new(
                        "K002",
                        kv.name.span,
                        format!(
                            "unknown field `{}` of event `{}`",
                            kv.name.name, self.cat.events[e].name
                        ),
                    )
                    .label("not a payload field")
                    .help(help),
                );
            }
            (Some(v), Some(e)) if !self.cat.vars[v].fields_of.contains(&e) => {
                let fields: Vec<String> = self.cat.events[e]
                    .fields
                    .iter()
                    .map(|f| format!("`{}`", self.cat.vars[*f].name))
                    .collect();
                self.emit(
                    Diagnostic::new(
                        "K002",
                        kv.name.span,
                        format!(
                            "`{}` is not a field of event `{}`",
                            kv.name.name, self.cat.events[e].name
                        ),
                    )
                    .label("not in this event's payload")
                    .help(if fields.is_empty() {
                        format!(
                            "`{}` has no payload; set `{}` in `given {{ ... }}`",
                            self.cat.events[e].name, kv.name.name
                        )
                    } else {
                        format!(
                            "its fields are {}; set other values in `given {{ ... }}`",
                            one_of(&fields)
                        )
                    }),
                );
                var = None;
            }
            (None, None) => {
                let c: Vec<&str> = self.cat.vars.iter().map(|v| v.name.as_str()).collect();
                let d = unknown_catalog_name(
                    self.lib,
                    self.cat,
                    "attribute, field or fact",
                    &kv.name,
                    c,
                );
                self.emit(d);
            }
            _ => {}
        }
        let ty = var.map(|v| self.cat.vars[v].ty.clone());
        let (value, vty) = self.literal(&kv.value, ty.as_ref());
        let mut value = value;
        if let (Some(want), Some(got)) = (&ty, &vty) {
            if !want.agrees(got) {
                self.emit(
                    Diagnostic::new(
                        "K004",
                        kv.value.span,
                        format!(
                            "`{}` is {}, but `{}` is {}",
                            kv.name.name,
                            describe_ty(want),
                            kv.value.text(),
                            describe_ty(got)
                        ),
                    )
                    .label(format!("expected {}", describe_ty(want))),
                );
                value = None;
            }
        }
        Assign {
            var: Ref {
                id: var,
                name: kv.name.name.clone(),
                span: kv.name.span,
            },
            value,
            text: kv.value.text(),
            span: kv.span,
        }
    }

    fn test(&mut self, t: &ast::Test, span: Span) -> TestM {
        let kind = TestKind::parse(&t.kind.text).unwrap_or(TestKind::Transition);
        let name = self.string(&t.name).value;
        let mut steps = Vec::new();
        for s in &t.stmts {
            use ast::TestStmtKind as T;
            let kind = match &s.kind {
                T::Given(kvs) => {
                    StepKind::Given(kvs.iter().map(|kv| self.assign(kv, None)).collect())
                }
                T::Start(st) => StepKind::Start(self.state_ref(st)),
                T::Flag { name, on } => StepKind::Flag(self.flag_ref(name), *on),
                T::Event {
                    name,
                    payload,
                    repeat,
                    ..
                } => {
                    let event = self.event_ref(name);
                    let payload = payload.iter().map(|kv| self.assign(kv, event.id)).collect();
                    let times = match repeat {
                        ast::Repeat::Once => 1,
                        ast::Repeat::Twice => 2,
                        ast::Repeat::Times(n) => match n.parse::<u64>() {
                            Ok(k) if (1..=MAX_TIMES).contains(&k) => k as u32,
                            _ => {
                                self.emit(
                                    Diagnostic::new(
                                        "K005",
                                        s.span,
                                        format!("`times {n}` is out of range"),
                                    )
                                    .label(format!("deliver an event 1 to {MAX_TIMES} times"))
                                    .help("a test step repeats an event at most 1000 times"),
                                );
                                1
                            }
                        },
                    };
                    StepKind::Event {
                        event,
                        payload,
                        times,
                    }
                }
                T::Override { to, role } => StepKind::Override {
                    to: self.state_ref(to),
                    role: self.string(role).value,
                },
                T::Expect(e) => StepKind::Expect(self.expectation(e, s.span)),
            };
            steps.push(Step { kind, span: s.span });
        }
        TestM {
            name,
            kind,
            steps,
            span,
            name_span: t.name.span,
        }
    }

    fn expectation(&mut self, e: &ast::ExpectKind, span: Span) -> ExpectM {
        match e {
            ast::ExpectKind::State(s) => ExpectM::State(self.state_ref(s)),
            ast::ExpectKind::Fact(f) => ExpectM::Fact(self.fact_ref(f)),
            ast::ExpectKind::Ignored => ExpectM::Ignored,
            ast::ExpectKind::Action { action, count } => {
                let a = self.action_ref(action);
                let (count, text) = match count {
                    ast::ActionCount::Once => (Some(1), "once".to_string()),
                    ast::ActionCount::Never => (Some(0), "never".to_string()),
                    ast::ActionCount::Count(n) => match n.parse::<u32>() {
                        Ok(k) => (Some(k), format!("count {n}")),
                        Err(_) => {
                            self.emit(
                                Diagnostic::new(
                                    "K005",
                                    span,
                                    format!("count `{n}` is out of range"),
                                )
                                .label("too large"),
                            );
                            (None, format!("count {n}"))
                        }
                    },
                };
                ExpectM::Action {
                    action: a,
                    count,
                    text,
                }
            }
            ast::ExpectKind::Total { name, op, value } => {
                let (aname, pname) = name
                    .name
                    .rsplit_once('.')
                    .unwrap_or((name.name.as_str(), ""));
                let aid = self.cat.action(aname);
                let mut param = None;
                match aid {
                    None => {
                        let c: Vec<&str> =
                            self.cat.actions.iter().map(|a| a.name.as_str()).collect();
                        let id = ast::Ident {
                            name: aname.to_string(),
                            span: Span::new(
                                name.span.start as usize,
                                name.span.start as usize + aname.len(),
                            ),
                        };
                        let mut d = unknown_catalog_name(self.lib, self.cat, "action", &id, c);
                        d.help = Some(
                            format!(
                            "{} (`expect total` names ACTION.PARAM, e.g. `commission.pay.amount`)",
                            d.help.unwrap_or_default()
                        )
                            .trim_start()
                            .to_string()
                            .into(),
                        );
                        self.emit(d);
                    }
                    Some(a) => {
                        let action = &self.cat.actions[a];
                        param = action.params.iter().position(|p| p.name == pname);
                        match param {
                            None => {
                                let names: Vec<&str> =
                                    action.params.iter().map(|p| p.name.as_str()).collect();
                                let help = match suggest(pname, names.iter().copied()) {
                                    Some(s) => format!("did you mean `{aname}.{s}`?"),
                                    None if names.is_empty() => {
                                        format!("`{aname}` has no parameters to total")
                                    }
                                    None => format!(
                                        "its parameters are {}",
                                        one_of(
                                            &names
                                                .iter()
                                                .map(|n| format!("`{n}`"))
                                                .collect::<Vec<_>>()
                                        )
                                    ),
                                };
                                self.emit(
                                    Diagnostic::new(
                                        "K002",
                                        name.span,
                                        format!("`{aname}` has no parameter `{pname}`"),
                                    )
                                    .label("unknown parameter")
                                    .help(help),
                                );
                            }
                            Some(p) if action.params[p].ty != Type::Number => {
                                let d = Diagnostic::new("K004", name.span, format!("parameter `{pname}` of `{aname}` is {}; totals add numbers", action.params[p].ty.describe()))
                                    .label("not a number");
                                self.emit(d);
                            }
                            _ => {}
                        }
                    }
                }
                let (v, _) = self.literal(value, Some(&Type::Number));
                let value_d = match v {
                    Some(Value::Num(d)) => Some(d),
                    _ => None,
                };
                ExpectM::Total {
                    action: Ref {
                        id: aid,
                        name: aname.to_string(),
                        span: name.span,
                    },
                    param,
                    name: name.name.clone(),
                    op: *op,
                    value: value_d,
                    text: value.text(),
                }
            }
            ast::ExpectKind::Compare { name, op, value } => {
                let var = self.var_ref(name);
                let ty = var.id.map(|v| self.cat.vars[v].ty.clone());
                let (v, vty) = self.literal(value, ty.as_ref());
                let mut v = v;
                if let (Some(want), Some(got)) = (&ty, &vty) {
                    if !want.agrees(got) {
                        self.emit(
                            Diagnostic::new(
                                "K004",
                                value.span,
                                format!(
                                    "`{}` is {}, but `{}` is {}",
                                    name.name,
                                    describe_ty(want),
                                    value.text(),
                                    describe_ty(got)
                                ),
                            )
                            .label(format!("expected {}", describe_ty(want))),
                        );
                        v = None;
                    } else if !matches!(op, BinOp::Eq | BinOp::Ne) && !want.is_ordered() {
                        self.emit(
                            Diagnostic::new(
                                "K004",
                                span,
                                format!(
                                    "`{}` orders numbers and times; `{}` is {}",
                                    op.as_str(),
                                    name.name,
                                    describe_ty(want)
                                ),
                            )
                            .label("not ordered"),
                        );
                    }
                }
                ExpectM::Compare {
                    var,
                    op: *op,
                    value: v,
                    text: value.text(),
                }
            }
        }
    }
}

fn describe_ty(t: &Type) -> String {
    match t {
        Type::Enum(_) => format!("an {}", t.describe()),
        Type::Bool => "a bool".to_string(),
        Type::Number => "a number".to_string(),
        Type::Text => "text".to_string(),
        Type::Time => "a time".to_string(),
        Type::Duration => "a duration".to_string(),
    }
}

/// `commission.pay(amount: number)`
pub fn signature(a: &Action) -> String {
    let params: Vec<String> = a
        .params
        .iter()
        .map(|p| format!("{}: {}", p.name, p.ty.describe()))
        .collect();
    format!("the signature is `{}({})`", a.name, params.join(", "))
}
