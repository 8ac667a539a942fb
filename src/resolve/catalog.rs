//! The catalog of one file: the library modules it uses (built once per module set and
//! shared) plus its own attributes, facts, events (with fields) and actions.

use super::*;

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

/// The catalog a file's workflows resolve against (the stdlib modules it uses plus its own
/// definitions), whether the file's definitions had name errors, and their diagnostics.
pub(super) fn file_catalog(
    file: &ast::File,
    lib: &Library,
) -> (Arc<Catalog>, bool, Vec<Diagnostic>) {
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
    let file_errors = b.diags.iter().any(|d| errors::is_name_error(d.code));
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
                            errors::duplicate_definition(
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
                            errors::unknown_name(
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
                        errors::unknown_name(
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
        let mut d = errors::duplicate_definition(
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
                                self.diags.push(errors::declared_twice(
                                    p.name.span,
                                    format!("parameter `{}`", p.name.name),
                                    first.span,
                                    None,
                                ));
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
                            errors::duplicate_definition(st.span, format!("the risk of `{}` is set twice", def.name.name))
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
                        errors::type_mismatch(n.span, format!("`{}` is a fact; an idempotency key must be an attribute or a payload field", n.name))
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
                            errors::type_mismatch(target.span, format!("`{}` is {}, not a number; effects add to or subtract from numbers", target.name, self.cat.vars[v].ty.describe()))
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
                                errors::unknown_name(param.span, format!("`{}` is not a parameter of `{}`", param.name, def.name.name))
                                    .label("unknown parameter")
                                    .help(help),
                            );
                        }
                        Some(p) if self.cat.actions[id].params[p].ty != Type::Number => diags.push(
                            errors::type_mismatch(param.span, format!("parameter `{}` is {}, not a number", param.name, self.cat.actions[id].params[p].ty.describe()))
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

pub(super) fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

pub(super) fn defines(file: &ast::File, name: &str) -> bool {
    file.items.iter().any(|i| match i {
        ast::Item::Attribute(a) => a.name.name == name,
        ast::Item::Fact(f) => f.name.name == name,
        ast::Item::Event(e) => e.name.name == name || e.fields.iter().any(|f| f.name.name == name),
        ast::Item::Action(a) => a.name.name == name,
        ast::Item::Workflow(_) => false,
    })
}
