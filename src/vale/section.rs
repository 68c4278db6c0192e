//! Which files a `.vale.ini` section applies to: its glob, matched (as one
//! glob, `*` crossing folders as in Vale) against the file's path relative
//! to the `.vale.ini`'s folder, so `[docs/*.md]` names the same files
//! whatever folder galley runs in and however the file is named on the
//! command line. Both the section's `BasedOnStyles` and rule settings and
//! its `TokenIgnores`/`BlockIgnores` are matched this way.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};

use crate::source::normalize;

/// A section's glob, compiled; the error says why it is bad.
pub fn glob(pattern: &str) -> Result<Glob, String> {
    Glob::new(pattern).map_err(|e| format!("invalid glob `{pattern}`: {}", e.kind()))
}

/// The path a section glob is matched against: `path` (relative to the
/// working directory, or absolute) relative to `root`, the `.vale.ini`'s
/// folder (absolute); a file outside that folder keeps its absolute path.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let absolute = normalize(&absolute);
    match absolute.strip_prefix(normalize(root)) {
        Ok(inside) => inside.to_path_buf(),
        Err(_) => absolute,
    }
}

/// A section glob with the folder its paths are relative to.
#[derive(Debug, Clone)]
pub struct Section {
    matcher: GlobMatcher,
    root: PathBuf,
}

impl Section {
    pub fn new(pattern: &str, root: &Path) -> Result<Section, String> {
        Ok(Section {
            matcher: glob(pattern)?.compile_matcher(),
            root: root.to_path_buf(),
        })
    }

    /// Whether the section applies to the file at `path` (relative to the
    /// working directory, or absolute).
    pub fn matches(&self, path: &Path) -> bool {
        self.matcher.is_match(relative(&self.root, path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_ini_folder() {
        let root = Path::new("/repo");
        assert_eq!(
            relative(root, Path::new("/repo/docs/a.md")),
            Path::new("docs/a.md")
        );
        assert_eq!(
            relative(root, Path::new("/repo/docs/../docs/./a.md")),
            Path::new("docs/a.md")
        );
        assert_eq!(
            relative(root, Path::new("/elsewhere/a.md")),
            Path::new("/elsewhere/a.md")
        );
        let section = Section::new("docs/*.md", root).unwrap();
        assert!(section.matches(Path::new("/repo/docs/a.md")));
        assert!(!section.matches(Path::new("/repo/a.md")));
        assert!(!section.matches(Path::new("/elsewhere/docs/a.md")));
        // `*` crosses folders, as in Vale.
        assert!(
            Section::new("*.md", root)
                .unwrap()
                .matches(Path::new("/repo/x/y.md"))
        );
    }
}
