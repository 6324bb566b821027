//! The structure's tidy tests that read the source as Rust, not as text: `syn` parses every file of every crate, so a
//! grouped import (`use crate::{a, b}`), a path written in place (`crate::a::f()`, `super::b::T`) and a child module
//! named from its parent (`staff::router()`) all count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// Every crate of the workspace, read from the folder (a new crate is checked without being listed).
fn crates() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| root().join(name).join("Cargo.toml").exists())
        .collect();
    out.sort();
    assert!(out.len() >= 6, "the workspace's crates: {out:?}");
    out
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// A module of a crate named by its file: `cases/staff` for `cases/staff.rs`, `cases` for `cases.rs` or
/// `cases/mod.rs`; the crate root is the empty path.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Every path a file names that starts at the crate (`crate::`), a parent (`super::`), itself (`self::`) or one of
/// its own child modules, made absolute from the crate root. Uses inside inline modules (`mod tests`) resolve from
/// there.
struct Paths<'a> {
    /// The module the current item sits in: the file's, plus any inline modules around it.
    here: Vec<String>,
    /// The names of the file modules that exist (to tell a child module from a local name).
    modules: &'a BTreeSet<Vec<String>>,
    found: Vec<Vec<String>>,
}

impl Paths<'_> {
    fn resolve(&self, segments: &[String]) -> Option<Vec<String>> {
        let mut at = self.here.clone();
        let mut rest = segments;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                at.clear();
                rest = &rest[1..];
            }
            Some("self") => rest = &rest[1..],
            Some("super") => {
                while rest.first().map(String::as_str) == Some("super") {
                    at.pop()?;
                    rest = &rest[1..];
                }
            }
            Some(first) => {
                // A child module named from its parent: only when such a file module exists.
                let mut child = at.clone();
                child.push(first.to_owned());
                if !self.modules.contains(&child) {
                    return None;
                }
            }
            None => return None,
        }
        at.extend(rest.iter().cloned());
        Some(at)
    }

    fn push(&mut self, segments: Vec<String>) {
        if segments.len() >= 2
            && let Some(p) = self.resolve(&segments)
        {
            self.found.push(p);
        }
    }
}

/// `#[cfg(test)]` (alone or inside `all(…)`) or `#[test]`.
fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test")
            || (a.path().is_ident("cfg")
                && a.meta.require_list().is_ok_and(|l| {
                    l.tokens
                        .to_string()
                        .split(|c: char| !c.is_alphanumeric() && c != '_')
                        .any(|w| w == "test")
                }))
    })
}

fn flatten(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut p = prefix.clone();
            if n.ident != "self" {
                p.push(n.ident.to_string());
            }
            out.push(p);
        }
        syn::UseTree::Rename(r) => {
            let mut p = prefix.clone();
            p.push(r.ident.to_string());
            out.push(p);
        }
        syn::UseTree::Glob(_) => {
            let mut p = prefix.clone();
            p.push("*".into());
            out.push(p);
        }
        syn::UseTree::Group(g) => {
            for t in &g.items {
                flatten(t, prefix, out);
            }
        }
    }
}

impl<'ast> Visit<'ast> for Paths<'_> {
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        if is_test_only(&u.attrs) {
            return;
        }
        let mut out = Vec::new();
        flatten(&u.tree, &mut Vec::new(), &mut out);
        let publishes = !matches!(u.vis, syn::Visibility::Inherited);
        for p in out {
            // `pub use child::X` publishes what the module owns, like a `mod` line: not a use.
            if publishes
                && let Some(abs) = self.resolve(&p)
                && abs.len() > self.here.len()
                && abs.starts_with(&self.here)
            {
                continue;
            }
            self.push(p);
        }
    }

    fn visit_item(&mut self, i: &'ast syn::Item) {
        let attrs = match i {
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Impl(m) => &m.attrs,
            syn::Item::Const(m) => &m.attrs,
            syn::Item::Static(m) => &m.attrs,
            syn::Item::Struct(m) => &m.attrs,
            syn::Item::Enum(m) => &m.attrs,
            _ => return syn::visit::visit_item(self, i),
        };
        // Tests are not part of the structure they test.
        if !is_test_only(attrs) {
            syn::visit::visit_item(self, i);
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segments: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        self.push(segments);
        syn::visit::visit_path(self, p);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if m.content.is_some() {
            self.here.push(m.ident.to_string());
            syn::visit::visit_item_mod(self, m);
            self.here.pop();
        }
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        // Paths inside a macro's tokens (`format!`, `json!`, `sqlx::query!`…): read what parses as expressions.
        if let Ok(args) = m.parse_body_with(
            syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
        ) {
            for e in &args {
                self.visit_expr(e);
            }
        }
        syn::visit::visit_macro(self, m);
    }
}

/// The file modules of a crate and, for each, the other file modules it names. The crate root (`lib.rs`,
/// `main.rs`) is not a node: its `mod` lines and re-exports only own and publish its children. A path into a
/// module's own descendant or ancestor counts like any other: a parent that assembles its children and a child that
/// uses its parent's items make a circle.
pub fn module_graph(krate: &str) -> BTreeMap<String, BTreeSet<String>> {
    graph_of(&root().join(krate).join("src"))
}

/// [`module_graph`] of the sources below `src`.
fn graph_of(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let src = src.to_path_buf();
    let files = rust_files(&src);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let me = module_of(&src, file);
        if me.is_empty() {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let parsed = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.display()));
        let mut paths = Paths {
            here: me.clone(),
            modules: &modules,
            found: Vec::new(),
        };
        paths.visit_file(&parsed);
        let mut used = BTreeSet::new();
        for p in paths.found {
            // The longest prefix that is a file module is the module the path reaches.
            let target = (1..=p.len())
                .rev()
                .map(|n| p[..n].to_vec())
                .find(|m| modules.contains(m));
            if let Some(t) = target
                && t != me
            {
                used.insert(t.join("/"));
            }
        }
        graph.insert(me.join("/"), used);
    }
    graph
}

/// The first circle found in a graph, as the path that comes back to its start.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    // Depth-first search with colours: a grey node met again closes a circle.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_owned(), 1);
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = path.iter().position(|p| p == next).unwrap();
                    let mut c = path[from..].to_vec();
                    c.push(next.clone());
                    return Some(c);
                }
                0 => {
                    if let Some(c) = visit(next, graph, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(node.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0
            && let Some(c) = visit(node, graph, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

/// The modules of every crate use each other without a circle, by a real parse of every `use` tree and path.
#[test]
fn the_modules_of_every_crate_use_each_other_without_a_circle() {
    let mut edges = 0;
    for krate in crates() {
        let graph = module_graph(&krate);
        edges += graph.values().map(BTreeSet::len).sum::<usize>();
        assert!(graph.len() >= 3, "{krate}: {graph:?}");
        if let Some(c) = circle(&graph) {
            panic!(
                "{krate}: modules use each other in a circle: {}",
                c.join(" -> ")
            );
        }
    }
    assert!(edges > 200, "only {edges} uses between modules were found");
}

/// The graph reader itself: a grouped import, a path in place, a `super::` path and a parent naming its child all
/// count, and a circle made of them is found.
#[test]
fn the_module_graph_sees_grouped_imports_and_paths_in_place() {
    let dir = tempfile_dir();
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("c")).unwrap();
    std::fs::write(src.join("lib.rs"), "mod a; mod b; mod c;").unwrap();
    std::fs::write(src.join("a.rs"), "use crate::{b::X, c};").unwrap();
    std::fs::write(src.join("b.rs"), "pub fn f() { crate::c::g(); }").unwrap();
    std::fs::write(src.join("c/mod.rs"), "mod d; pub fn g() { d::h(); }").unwrap();
    std::fs::write(src.join("c/d.rs"), "pub fn h() { super::super::a::k(); }").unwrap();
    let graph = graph_of(&src);
    std::fs::remove_dir_all(&dir).unwrap();
    let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(graph["a"], set(&["b", "c"]));
    assert_eq!(graph["b"], set(&["c"]));
    assert_eq!(graph["c"], set(&["c/d"]));
    assert_eq!(graph["c/d"], set(&["a"]));
    let c = circle(&graph).expect("the circle a -> b -> c -> c/d -> a");
    assert_eq!(c.first(), c.last());
    assert!(c.len() >= 4, "{c:?}");
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "gongzhi-tidy-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every string literal of a crate's sources (tests included), with its file.
fn string_literals(krate: &str) -> Vec<(PathBuf, String)> {
    struct Lits(Vec<String>);
    impl<'ast> Visit<'ast> for Lits {
        fn visit_lit_str(&mut self, l: &'ast syn::LitStr) {
            self.0.push(l.value());
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            // `format!("…")`, `concat!(…)` and the like: their literals are tokens, not parsed expressions.
            for t in m.tokens.clone() {
                if let proc_macro2::TokenTree::Literal(l) = t
                    && let Ok(s) = syn::parse_str::<syn::LitStr>(&l.to_string())
                {
                    self.0.push(s.value());
                }
            }
            syn::visit::visit_macro(self, m);
        }
    }
    let src = root().join(krate).join("src");
    let mut out = Vec::new();
    for file in rust_files(&src) {
        let parsed = syn::parse_file(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let mut lits = Lits(Vec::new());
        lits.visit_file(&parsed);
        out.extend(lits.0.into_iter().map(|l| (file.clone(), l)));
    }
    out
}

/// Whether a text is an SQL statement, by its keywords: a statement's verb followed by the word that makes it one
/// (`SELECT … FROM`, `INSERT INTO`, `UPDATE t SET`, `DELETE FROM`, `CREATE TABLE|INDEX`, `ALTER TABLE`, `DROP`,
/// `WITH x AS`), in SQL's upper case as every statement of this workspace is written.
fn is_sql(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let after = |i: usize, n: usize| {
        words
            .iter()
            .skip(i + 1)
            .take(n)
            .copied()
            .collect::<Vec<_>>()
    };
    words.iter().enumerate().any(|(i, w)| match *w {
        "SELECT" => words[i + 1..].contains(&"FROM"),
        "INSERT" => after(i, 1) == ["INTO"],
        "UPDATE" => after(i, 2).get(1) == Some(&"SET"),
        "DELETE" => after(i, 1) == ["FROM"],
        "CREATE" | "DROP" => after(i, 3)
            .iter()
            .any(|n| ["TABLE", "INDEX", "VIEW", "TRIGGER"].contains(n)),
        "ALTER" => after(i, 1) == ["TABLE"],
        "WITH" => after(i, 2).get(1) == Some(&"AS"),
        _ => false,
    })
}

/// Only the store crate contains SQL: no statement string in any other crate, found by its keywords in every string
/// literal (so an `UPDATE cases SET …` or a `SELECT` built with `format!` is seen wherever it is), and no other
/// crate depends on the database driver.
#[test]
fn only_the_store_crate_contains_sql() {
    for (text, sql) in [
        ("SELECT id FROM cases", true),
        ("UPDATE cases SET status = $1", true),
        ("DELETE FROM units WHERE id = $1", true),
        ("INSERT INTO audit_log (a) VALUES ($1)", true),
        ("CREATE UNIQUE INDEX x ON t (a)", true),
        ("WITH open AS (SELECT 1) SELECT * FROM open", true),
        ("DELETE", false),
        ("已更新 UPDATE", false),
        ("Select a unit from the list", false),
    ] {
        assert_eq!(is_sql(text), sql, "{text}");
    }
    let mut seen = 0;
    for krate in crates() {
        let lits = string_literals(&krate);
        seen += lits.len();
        let found: Vec<String> = lits
            .iter()
            .filter(|(_, l)| is_sql(l))
            .map(|(f, l)| format!("{}: {l}", f.display()))
            .collect();
        if krate == "gongzhi-store" {
            assert!(
                found.len() > 300,
                "the store's statements were found: {}",
                found.len()
            );
            continue;
        }
        assert!(
            found.is_empty(),
            "SQL outside the store:\n{}",
            found.join("\n")
        );
        let manifest = std::fs::read_to_string(root().join(&krate).join("Cargo.toml")).unwrap();
        assert!(
            !manifest.lines().any(|l| l.trim_start().starts_with("sqlx")),
            "{krate} depends on sqlx"
        );
    }
    assert!(seen > 5_000, "{seen} string literals read");
}

/// The case list's rules (scope, views, who may open which) live in the application crate's `cases::list`: the web
/// crate never builds the store's filter itself.
#[test]
fn the_web_crate_builds_no_case_filter() {
    let src = root().join("gongzhi-web").join("src");
    let found: Vec<String> = rust_files(&src)
        .into_iter()
        .filter(|f| std::fs::read_to_string(f).unwrap().contains("CaseFilter"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        found.is_empty(),
        "the web crate builds case filters: {found:?}"
    );
}

/// The product carries no demo: the demo district (its data, generators and seeding) lives in `gongzhi-demo`, which
/// only the binary depends on (for `--demo` and the benchmarks) and other crates only in their tests; no module,
/// function or constant of the domain, store, application or web crate is named for the demo.
#[test]
fn the_demo_lives_in_its_own_crate() {
    struct Names(Vec<String>);
    impl<'ast> Visit<'ast> for Names {
        fn visit_ident(&mut self, i: &'ast proc_macro2::Ident) {
            // `demo`, `demo_x`, `x_demo`, `DEMO_X`, `DemoX` — not `Demolition`, nor `a_demolition`: a word of
            // the identifier is `demo`.
            let ident = i.to_string();
            let lower = ident.to_lowercase();
            let camel = ident.starts_with("Demo")
                && ident[4..].chars().next().is_some_and(char::is_uppercase);
            if lower.split('_').any(|w| w == "demo") || camel {
                self.0.push(ident);
            }
        }
    }
    assert!(root().join("gongzhi-demo/src/lib.rs").exists());
    let mut checked = 0;
    for krate in crates() {
        let manifest = std::fs::read_to_string(root().join(&krate).join("Cargo.toml")).unwrap();
        let normal = manifest
            .split("\n[")
            .find(|section| section.starts_with("dependencies]"))
            .unwrap_or_default();
        let depends = normal.lines().any(|l| l.starts_with("gongzhi-demo"));
        assert_eq!(
            depends,
            krate == "gongzhi",
            "{krate}: only the binary depends on gongzhi-demo"
        );
        if krate == "gongzhi" || krate == "gongzhi-demo" {
            continue;
        }
        for file in rust_files(&root().join(&krate).join("src")) {
            let ast = syn::parse_file(&std::fs::read_to_string(&file).unwrap()).unwrap();
            let mut names = Names(Vec::new());
            names.visit_file(&ast);
            assert!(
                names.0.is_empty(),
                "{}: demo code in the product: {:?}",
                file.display(),
                names.0
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} files read");
}

/// Every store method that writes appends to the audit chain in the same transaction — found through the helpers it
/// calls — unless ARCHITECTURE.md lists it among the operational writes (counters, outbox states, read marks, the
/// search index), which record no act of a person.
#[test]
fn every_store_write_is_audited_or_listed_as_operational() {
    use quote_free::tokens;
    struct Fns(Vec<(String, bool, String)>);
    impl<'ast> Visit<'ast> for Fns {
        fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
            let public = matches!(f.vis, syn::Visibility::Public(_));
            self.0.push((
                f.sig.ident.to_string(),
                public && f.sig.asyncness.is_some(),
                tokens(&f.block),
            ));
        }
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            if !is_test_only(&f.attrs) {
                self.0
                    .push((f.sig.ident.to_string(), false, tokens(&f.block)));
            }
        }
        fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
            if !is_test_only(&m.attrs) {
                syn::visit::visit_item_mod(self, m);
            }
        }
    }
    let src = root().join("gongzhi-store").join("src");
    let mut fns = Fns(Vec::new());
    for file in rust_files(&src) {
        if file.ends_with("testing.rs") {
            continue;
        }
        let parsed = syn::parse_file(&std::fs::read_to_string(&file).unwrap()).unwrap();
        fns.visit_file(&parsed);
    }
    let fns = fns.0;
    let calls = |body: &str, name: &str| {
        body.match_indices(name).any(|(i, _)| {
            let before = body[..i].chars().next_back();
            let after = body[i + name.len()..].trim_start();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && after.starts_with('(')
        })
    };
    // A property holds for a function when its own body shows it or a function it calls has it (to a fixed point).
    let closure = |seed: &dyn Fn(&str) -> bool| {
        let mut has: std::collections::BTreeSet<String> = fns
            .iter()
            .filter(|(_, _, b)| seed(b))
            .map(|(n, _, _)| n.clone())
            .collect();
        loop {
            let more: Vec<String> = fns
                .iter()
                .filter(|(n, _, b)| !has.contains(n) && has.iter().any(|h| calls(b, h)))
                .map(|(n, _, _)| n.clone())
                .collect();
            if more.is_empty() {
                return has;
            }
            has.extend(more);
        }
    };
    let writes = closure(&|b: &str| {
        [
            "INSERT INTO",
            "UPDATE ",
            "DELETE FROM",
            "write.begin()",
            "write . begin ()",
        ]
        .iter()
        .any(|w| b.contains(w))
    });
    let audits = closure(&|b: &str| b.contains("audit :: append") || b.contains("audit::append"));
    let architecture =
        std::fs::read_to_string(root().parent().unwrap().join("ARCHITECTURE.md")).unwrap();
    let listed = architecture
        .split("Operational writes")
        .nth(1)
        .and_then(|s| s.split("\n\n").next())
        .unwrap_or("");
    let unaudited: Vec<&String> = fns
        .iter()
        .filter(|(n, public, _)| *public && writes.contains(n) && !audits.contains(n))
        .map(|(n, _, _)| n)
        .filter(|n| !listed.contains(&format!("`{n}`")))
        .collect();
    assert!(
        writes.len() > 100 && audits.len() > 50,
        "{} writes, {} audited found",
        writes.len(),
        audits.len()
    );
    assert!(
        unaudited.is_empty(),
        "store writes without an audit entry, not listed as operational in ARCHITECTURE.md: {unaudited:?}"
    );
}

/// A syntax tree's tokens as text (for looking for calls and statements inside a function body).
mod quote_free {
    pub fn tokens(block: &syn::Block) -> String {
        let mut out = String::new();
        for stmt in &block.stmts {
            out.push_str(&format!("{}\n", token_text(stmt)));
        }
        out
    }

    fn token_text(stmt: &syn::Stmt) -> String {
        use quote::ToTokens;
        stmt.to_token_stream().to_string()
    }
}
