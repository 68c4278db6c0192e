//! Where the packs a configuration file names may be, and what may be
//! shown of a file named as one. A `galley.toml` found in a folder someone
//! else wrote (a cloned repository, a shared drive) must not make galley
//! read, and print, any file on the machine: its packs are read only from
//! inside the project (the repository around the file, or its folder),
//! unless the configuration was named on the command line. A file that is
//! not a pack at all is named in the error, never shown.

use std::path::{Path, PathBuf};

/// The project a configuration file in `config_dir` belongs to: the
/// nearest folder above it (itself included) holding `.git`, or else the
/// folder itself; symbolic links resolved.
pub fn project_root(config_dir: &Path) -> PathBuf {
    let dir = std::fs::canonicalize(config_dir).unwrap_or_else(|_| config_dir.to_path_buf());
    dir.ancestors()
        .find(|a| a.join(".git").exists())
        .unwrap_or(&dir)
        .to_path_buf()
}

/// Why the pack at `path` may not be read, if it lies outside `root` once
/// `..` and symbolic links are resolved. A path that cannot be resolved
/// passes: reading it gives the error.
pub fn outside(path: &Path, root: &Path) -> Option<String> {
    let resolved = std::fs::canonicalize(path).ok()?;
    (!resolved.starts_with(root)).then(|| {
        format!(
            "pack {} is outside the project ({}); packs named in a configuration file are read from inside it (name the configuration with --config to allow it)",
            path.display(),
            root.display()
        )
    })
}

/// Whether `text` is meant as a pack: it has a `[pack]` table (a line
/// that opens it, so that a pack with a TOML mistake elsewhere still gets
/// its error shown in place). Errors in anything else would show what the
/// file holds.
pub fn is_a_pack(text: &str) -> bool {
    text.lines().any(|line| {
        line.trim_start()
            .strip_prefix('[')
            .and_then(|rest| rest.trim_start().strip_prefix("pack"))
            .is_some_and(|rest| rest.trim_start().starts_with(']'))
    }) || text
        .parse::<toml::Table>()
        .is_ok_and(|table| table.get("pack").is_some_and(toml::Value::is_table))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_is_toml_with_a_pack_table() {
        assert!(is_a_pack("[pack]\nname = \"x\"\n"));
        assert!(is_a_pack("[ pack ]\nname = = broken\n"));
        assert!(is_a_pack("pack = { name = \"x\" }\n"));
        assert!(!is_a_pack("root:x:0:0:root:/root:/bin/bash\n"));
        assert!(!is_a_pack("name = \"x\"\n"));
        assert!(!is_a_pack("pack = 1\n"));
    }
}
