//! The module graph: imports run one way. `src/lib.rs` lists the top-level
//! modules in pipeline order and each may use only those listed before it;
//! within a folder, sibling modules form no cycle. The language layer
//! (`src/lang`) imports nothing from `src/rules`; no rule kind imports
//! another, and nothing but `src/rules/mod.rs` (which declares and lists the
//! kinds) imports a kind. A new back-edge fails here with the file and the
//! path that closes it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use regex::Regex;

use crate::support::root;

/// Module path (`rules::matcher`) → the text of its file, tests stripped.
fn modules() -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let src = root().join("src");
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).expect("under src");
            let mut parts: Vec<String> = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            if parts == ["lib"] || parts == ["main"] {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable");
            let code = match text.find("#[cfg(test)]") {
                Some(i) => text[..i].to_string(),
                None => text,
            };
            found.insert(parts.join("::"), code);
        }
    }
    found
}

/// Module path → its file, relative to the project root.
fn file_names() -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for module in modules().keys() {
        let path = module.replace("::", "/");
        let file = if root().join(format!("src/{path}/mod.rs")).is_file() {
            format!("src/{path}/mod.rs")
        } else {
            format!("src/{path}.rs")
        };
        names.insert(module.clone(), file);
    }
    names
}

/// The longest known module that `path` names.
fn resolve<'a>(mods: &'a BTreeMap<String, String>, path: &str) -> Option<&'a str> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find_map(|m| mods.get_key_value(&m).map(|(k, _)| k.as_str()))
}

/// Module → the modules its code names (`crate::…`, `super::…`, and the
/// names inside `use crate::x::{a, b}` groups).
fn edges(mods: &BTreeMap<String, String>) -> BTreeMap<&str, BTreeSet<&str>> {
    let crate_path = Regex::new(r"crate::([a-z_:]+[a-z_])(?:::\{([^}]*)\})?").unwrap();
    let super_path = Regex::new(r"\bsuper::([a-z_]+)?").unwrap();
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (module, code) in mods {
        let out = graph.entry(module.as_str()).or_default();
        let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
        for caps in crate_path.captures_iter(code) {
            let base = &caps[1];
            let mut targets = vec![base.to_string()];
            if let Some(group) = caps.get(2) {
                for item in group.as_str().split(',') {
                    let item = item.trim().split("::").next().unwrap_or("");
                    if item.starts_with(|c: char| c.is_ascii_lowercase()) && item != "self" {
                        targets.push(format!("{base}::{item}"));
                    }
                }
            }
            for target in targets {
                if let Some(m) = resolve(mods, &target).filter(|m| m != module) {
                    out.insert(m);
                }
            }
        }
        for caps in super_path.captures_iter(code) {
            let target = match caps.get(1) {
                Some(name) if !parent.is_empty() => format!("{parent}::{}", name.as_str()),
                Some(name) => name.as_str().to_string(),
                None => parent.to_string(),
            };
            if let Some(m) = resolve(mods, &target).filter(|m| m != module) {
                out.insert(m);
            }
        }
    }
    graph
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

/// A path from `from` back to itself in `graph`, if there is one.
fn cycle_through<'a>(
    graph: &BTreeMap<&'a str, BTreeSet<&'a str>>,
    from: &'a str,
) -> Option<Vec<&'a str>> {
    let mut stack = vec![vec![from]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = *path.last().expect("non-empty");
        for &next in graph.get(last).into_iter().flatten() {
            if next == from {
                let mut cycle = path.clone();
                cycle.push(from);
                return Some(cycle);
            }
            if seen.insert(next) {
                let mut longer = path.clone();
                longer.push(next);
                stack.push(longer);
            }
        }
    }
    None
}

/// The rule kinds: the modules directly under `rules` whose code declares
/// the kind's `KIND: KindInfo` (`rules::phrase`, `rules::spelling`…).
fn kinds(mods: &BTreeMap<String, String>) -> BTreeSet<&str> {
    mods.iter()
        .filter(|(m, code)| {
            m.starts_with("rules::")
                && m.matches("::").count() == 1
                && code.contains("static KIND: KindInfo")
        })
        .map(|(m, _)| m.as_str())
        .collect()
}

/// The kind `module` belongs to (itself, or the kind folder it is in).
fn kind_of<'a>(kinds: &BTreeSet<&'a str>, module: &str) -> Option<&'a str> {
    kinds
        .iter()
        .copied()
        .find(|k| module == *k || module.starts_with(&format!("{k}::")))
}

/// Imports from a module of `from` into a module of `to` (top-level
/// module names), as "file uses `module`".
fn layer_imports(mods: &BTreeMap<String, String>, from: &str, to: &str) -> Vec<String> {
    let graph = edges(mods);
    let mut found = Vec::new();
    for (module, uses) in &graph {
        if top(module) != from {
            continue;
        }
        for used in uses.iter().filter(|u| top(u) == to) {
            found.push(format!("{module} uses `{used}`"));
        }
    }
    found
}

/// A kind's module that uses another kind's.
fn kind_to_kind(mods: &BTreeMap<String, String>) -> Vec<String> {
    let kinds = kinds(mods);
    let mut found = Vec::new();
    for (module, uses) in &edges(mods) {
        let Some(mine) = kind_of(&kinds, module) else {
            continue;
        };
        for used in uses {
            if kind_of(&kinds, used).is_some_and(|theirs| theirs != mine) {
                found.push(format!("{module} (kind `{mine}`) uses `{used}`"));
            }
        }
    }
    found
}

/// A module outside every kind that uses one, but `rules` itself (its
/// `mod.rs` declares the kinds and lists them in `KINDS`).
fn engine_to_kind(mods: &BTreeMap<String, String>) -> Vec<String> {
    let kinds = kinds(mods);
    let mut found = Vec::new();
    for (module, uses) in &edges(mods) {
        if *module == "rules" || kind_of(&kinds, module).is_some() {
            continue;
        }
        for used in uses {
            if let Some(kind) = kind_of(&kinds, used) {
                found.push(format!("{module} uses `{used}` (kind `{kind}`)"));
            }
        }
    }
    found
}

#[test]
fn the_rule_kinds_are_found() {
    let mods = modules();
    let kinds = kinds(&mods);
    for kind in [
        "rules::phrase",
        "rules::people",
        "rules::context",
        "rules::spelling",
    ] {
        assert!(kinds.contains(kind), "{kind} is a kind: {kinds:?}");
    }
    assert!(!kinds.contains("rules::run") && !kinds.contains("rules::table"));
    assert!(kinds.len() >= 19, "{kinds:?}");
}

#[test]
fn lang_imports_nothing_from_rules() {
    let found = layer_imports(&modules(), "lang", "rules");
    assert!(
        found.is_empty(),
        "src/lang is the language layer under the rule kinds and imports none of src/rules:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_kind_imports_another_kind() {
    let found = kind_to_kind(&modules());
    assert!(
        found.is_empty(),
        "a rule kind imports no other kind; move shared language knowledge to src/lang:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_engine_imports_no_kind() {
    let found = engine_to_kind(&modules());
    assert!(
        found.is_empty(),
        "only src/rules/mod.rs names the rule kinds; the engine finds them in KINDS:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_layer_checks_see_a_wrong_import() {
    // Each of the three checks must be able to fail, on a made-up crate.
    let mut mods = BTreeMap::new();
    let kind = "pub static KIND: KindInfo = KindInfo {};";
    mods.insert("rules".to_string(), "mod a; mod b;".to_string());
    mods.insert("rules::a".to_string(), format!("{kind} use super::b::x;"));
    mods.insert("rules::b".to_string(), kind.to_string());
    mods.insert("rules::run".to_string(), "use super::a::Thing;".to_string());
    mods.insert("lang".to_string(), "use crate::rules::run;".to_string());
    assert_eq!(
        kind_to_kind(&mods),
        ["rules::a (kind `rules::a`) uses `rules::b`"]
    );
    assert_eq!(
        engine_to_kind(&mods),
        ["rules::run uses `rules::a` (kind `rules::a`)"]
    );
    assert_eq!(
        layer_imports(&mods, "lang", "rules"),
        ["lang uses `rules::run`"]
    );
}

#[test]
fn lib_lists_modules_in_the_order_they_depend_on_each_other() {
    let mods = modules();
    let graph = edges(&mods);
    let files = file_names();
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).expect("lib.rs");
    let declared: Vec<&str> = Regex::new(r"(?m)^pub mod ([a-z_]+);")
        .unwrap()
        .captures_iter(&lib)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    let tops: BTreeSet<&str> = mods.keys().map(|m| top(m)).collect();
    assert_eq!(
        declared.iter().copied().collect::<BTreeSet<_>>(),
        tops,
        "src/lib.rs declares every top-level module"
    );
    let mut problems = Vec::new();
    for (module, uses) in &graph {
        let at = declared
            .iter()
            .position(|d| *d == top(module))
            .expect("declared");
        for used in uses {
            let used_at = declared
                .iter()
                .position(|d| *d == top(used))
                .expect("declared");
            if used_at > at {
                problems.push(format!(
                    "{} uses `{used}`, declared after `{}` in src/lib.rs",
                    files[*module],
                    top(module)
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "imports must run one way:\n{}",
        problems.join("\n")
    );
}

#[test]
fn sibling_modules_form_no_cycle() {
    let mods = modules();
    let graph = edges(&mods);
    let parent = |m: &str| m.rsplit_once("::").map(|(p, _)| p.to_string());
    let mut siblings: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (module, uses) in &graph {
        let entry = siblings.entry(module).or_default();
        for used in uses {
            if parent(module).is_some() && parent(module) == parent(used) {
                entry.insert(used);
            }
        }
    }
    let cycles: Vec<String> = siblings
        .keys()
        .filter_map(|m| cycle_through(&siblings, m))
        .map(|c| c.join(" → "))
        .collect();
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_check_sees_a_back_edge() {
    // The checker itself must be able to fail: a made-up module graph with a
    // cycle is reported.
    let mut mods = BTreeMap::new();
    mods.insert("a::x".to_string(), "use super::y;".to_string());
    mods.insert("a::y".to_string(), "use crate::a::x::Thing;".to_string());
    mods.insert("a".to_string(), String::new());
    let graph = edges(&mods);
    assert_eq!(
        cycle_through(&graph, "a::x"),
        Some(vec!["a::x", "a::y", "a::x"])
    );
    assert!(Path::new(&root().join("src/lib.rs")).is_file());
}

#[test]
fn each_layer_has_an_error_type_with_place_and_reason() {
    fn is_error<E: std::error::Error>() {}
    is_error::<galley::source::SourceError>();
    is_error::<galley::fix::WriteError>();
    is_error::<galley::rules::PackError>();
    is_error::<galley::config::ConfigError>();
    is_error::<galley::walk::WalkError>();
    is_error::<galley::baseline::BaselineError>();
    is_error::<galley::commands::Failure>();
    let err = galley::config::Settings::load(
        Path::new("."),
        &galley::config::Overrides {
            config: Some(root().join("no-such-galley.toml")),
            ..Default::default()
        },
    )
    .unwrap_err();
    let shown = err.to_string();
    assert!(
        shown.contains("no-such-galley.toml") && shown.contains("no such file"),
        "{shown}"
    );
}

#[test]
fn no_source_file_is_over_600_lines_unless_it_says_why() {
    let mut stack = vec![root().join("src")];
    let mut long = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("readable");
                let header: String = text.lines().take_while(|l| l.starts_with("//!")).collect();
                if text.lines().count() > 600 && !header.contains("Long because") {
                    long.push(format!(
                        "{} ({} lines)",
                        path.display(),
                        text.lines().count()
                    ));
                }
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these, or say in their //! header why not (\"Long because …\"):\n{}",
        long.join("\n")
    );
}
