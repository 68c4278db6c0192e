//! The packs built into the binary, and which of them a run must load.

use std::path::Path;

/// Packs built into the binary: (path shown in errors, TOML text).
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("rules/core.toml", include_str!("../../rules/core.toml")),
    (
        "rules/confusion.toml",
        include_str!("../../rules/confusion.toml"),
    ),
    (
        "rules/context.toml",
        include_str!("../../rules/context.toml"),
    ),
    (
        "rules/furniture.toml",
        include_str!("../../rules/furniture.toml"),
    ),
    (
        "rules/news-style.toml",
        include_str!("../../rules/news-style.toml"),
    ),
    (
        "rules/readability.toml",
        include_str!("../../rules/readability.toml"),
    ),
    (
        "rules/spelling.toml",
        include_str!("../../rules/spelling.toml"),
    ),
    ("rules/usage.toml", include_str!("../../rules/usage.toml")),
    ("rules/people.toml", include_str!("../../rules/people.toml")),
    ("rules/harper.toml", include_str!("../../rules/harper.toml")),
    (
        "rules/redundancy.toml",
        include_str!("../../rules/redundancy.toml"),
    ),
    ("rules/cliche.toml", include_str!("../../rules/cliche.toml")),
];

/// Built-in packs that are off by default and large or rarely used: a
/// `check` run parses them only when its configuration or command line names
/// the pack (its file stem) or one of its rules, which keeps start-up fast.
pub const ON_DEMAND_PACKS: &[&str] = &[
    "rules/cliche.toml",
    "rules/harper.toml",
    "rules/redundancy.toml",
    "rules/news-style.toml",
    "rules/readability.toml",
    "rules/spelling.toml",
];

/// Whether a run that names `names` needs the on-demand pack at `path`.
pub fn needed<'n>(path: &str, text: &str, mut names: impl Iterator<Item = &'n str>) -> bool {
    let stem = Path::new(path).file_stem().and_then(|s| s.to_str());
    names.any(|name| Some(name) == stem || text.contains(&format!("\nid = \"{name}\"")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a run defers for the built-in packs (compiling their regexes
    /// and word finders, looking their words up in the context model) is
    /// done here, at once, for every rule: a pack that would fail to build
    /// fails the build's tests instead of a user's run.
    #[test]
    fn every_built_in_pack_builds_in_full() {
        for (path, text) in BUILTIN_PACKS {
            let pack = crate::rules::Pack::parse(text)
                .unwrap_or_else(|e| panic!("{path}: {} at {:?}", e.message, e.span));
            assert!(!pack.rules.is_empty(), "{path}");
        }
    }
}
