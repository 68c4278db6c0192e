//! `file:` URIs and the paths they name, and which paths are
//! configuration.

use std::path::{Path, PathBuf};

/// Whether a saved or changed file is configuration: `galley.toml` or a
/// pack (any `.toml`).
pub(crate) fn is_configuration(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
}

/// The path of a `file:` URI, percent-decoded.
pub(crate) fn path_of(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // file:///path, or file://host/path with an empty or localhost host.
    let path = match rest.find('/') {
        Some(0) => rest,
        Some(i) if &rest[..i] == "localhost" => &rest[i..],
        _ => return None,
    };
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = path
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(PathBuf::from(String::from_utf8(out).ok()?))
}

/// The `file:` URI of an absolute path, percent-encoding what URIs do not
/// take as is.
pub(crate) fn uri_of(path: &Path) -> String {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = String::from("file://");
    for b in absolute.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_and_paths() {
        assert_eq!(
            path_of("file:///tmp/a%20b/caf%C3%A9.txt"),
            Some(PathBuf::from("/tmp/a b/café.txt"))
        );
        assert_eq!(path_of("untitled:Untitled-1"), None);
        assert_eq!(
            uri_of(Path::new("/tmp/a b/café.txt")),
            "file:///tmp/a%20b/caf%C3%A9.txt"
        );
    }
}
