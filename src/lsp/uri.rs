//! `file:` URIs and the paths they name, and which paths are
//! configuration.

use std::path::{Path, PathBuf};

/// Whether a saved or changed file is configuration: `galley.toml` or a
/// pack (any `.toml`), a Vale configuration (`.vale.ini`, `_vale.ini`), a
/// Vale style's rule (any `.yml` or `.yaml`) or a Vale vocabulary
/// (`accept.txt`, `reject.txt`).
pub(crate) fn is_configuration(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    path.extension()
        .is_some_and(|e| e == "toml" || e == "yml" || e == "yaml")
        || crate::config::VALE_FILES.contains(&name)
        || name == "accept.txt"
        || name == "reject.txt"
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
    let path = String::from_utf8(out).ok()?;
    Some(PathBuf::from(native_path(&path, cfg!(windows))))
}

/// A URI's path as a path of this system: on Windows `/C:/dir/a.md` is
/// `C:/dir/a.md` (the standard library takes `/` as a separator there).
fn native_path(path: &str, windows: bool) -> &str {
    match path.as_bytes() {
        [b'/', drive, b':', ..] if windows && drive.is_ascii_alphabetic() => &path[1..],
        _ => path,
    }
}

/// An absolute path as a URI's path: on Windows `C:\dir\a.md` is
/// `/C:/dir/a.md`.
fn uri_path(path: &str, windows: bool) -> String {
    if !windows {
        return path.to_string();
    }
    let path = path.replace('\\', "/");
    match path.as_bytes() {
        [drive, b':', ..] if drive.is_ascii_alphabetic() => format!("/{path}"),
        _ => path,
    }
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
    let path = uri_path(&absolute.to_string_lossy(), cfg!(windows));
    for (i, b) in path.bytes().enumerate() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            // A Windows drive's colon, as editors write it (`file:///C:/…`).
            b':' if i == 2 && cfg!(windows) => out.push(':'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn galley_and_vale_files_are_configuration() {
        for path in [
            "/p/galley.toml",
            "/p/style/house.toml",
            "/p/.vale.ini",
            "/p/_vale.ini",
            "/p/styles/House/Avoid.yml",
            "/p/styles/House/Avoid.yaml",
            "/p/styles/config/vocabularies/News/accept.txt",
            "/p/styles/config/vocabularies/News/reject.txt",
        ] {
            assert!(is_configuration(Path::new(path)), "{path}");
        }
        for path in ["/p/a.md", "/p/notes.txt", "/p/setup.ini", "/p/toml"] {
            assert!(!is_configuration(Path::new(path)), "{path}");
        }
    }

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

    /// Windows paths and their URIs, worked out the way a Windows build
    /// does (`cfg!(windows)` picks the form at run time).
    #[test]
    fn windows_drive_paths() {
        assert_eq!(native_path("/C:/dir/a.md", true), "C:/dir/a.md");
        assert_eq!(native_path("/c:/dir/a.md", true), "c:/dir/a.md");
        assert_eq!(native_path("/C:/dir/a.md", false), "/C:/dir/a.md");
        assert_eq!(native_path("/server/share", true), "/server/share");
        assert_eq!(uri_path(r"C:\dir\a b.md", true), "/C:/dir/a b.md");
        assert_eq!(uri_path(r"C:\dir\a.md", false), r"C:\dir\a.md");
        assert_eq!(uri_path("/tmp/a.md", true), "/tmp/a.md");
    }
}
