//! The one error type of configuration: a message, and the file and place
//! it is about (none for the command line).

use std::ops::Range;
use std::path::{Path, PathBuf};

/// A problem with configuration or a pack, shown with the place in the file.
#[derive(Debug, Clone)]
pub struct ConfigError {
    /// The file at fault; `None` for the command line.
    pub path: Option<PathBuf>,
    /// The file's text, so the error can be shown in place.
    pub text: Option<String>,
    pub span: Option<Range<usize>>,
    pub message: String,
    /// What to do about it, in the imperative.
    pub help: Option<String>,
}

impl ConfigError {
    pub(super) fn cli(message: impl Into<String>) -> Self {
        ConfigError {
            path: None,
            text: None,
            span: None,
            message: message.into(),
            help: None,
        }
    }

    pub(super) fn in_file(
        path: &Path,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        ConfigError {
            path: Some(path.to_path_buf()),
            text: Some(text.to_string()),
            span,
            message: message.into(),
            help: None,
        }
    }

    /// The error with what to do about it.
    pub(super) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl ConfigError {
    /// `path:line:col` (line and column 1-based, the column in
    /// characters), or as much of it as is known.
    pub fn place(&self) -> String {
        let Some(path) = &self.path else {
            return String::new();
        };
        match (&self.text, &self.span) {
            (Some(text), Some(span)) => {
                let at = span.start.min(text.len());
                let before = text.get(..at).unwrap_or("");
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                format!("{}:{line}:{column}", path.display())
            }
            _ => path.display().to_string(),
        }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}: {}", path.display(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ConfigError {}
