//! The `galley.toml` file: where it is found, its schema (unknown keys are
//! errors), and reading it with errors shown at their place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::ConfigError;
use crate::diagnostic::Severity;
use crate::document::BlockKind;

/// The name of the configuration file.
pub const CONFIG_FILE: &str = "galley.toml";

/// The nearest `galley.toml` in `dir` or a parent directory.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    find_up(dir, &[CONFIG_FILE], None)
}

/// The nearest file named one of `names` (in that order within a folder)
/// in `dir` or a parent, looking no higher than `root` when `dir` is
/// inside it.
pub(super) fn find_up(dir: &Path, names: &[&str], root: Option<&Path>) -> Option<PathBuf> {
    for folder in dir.ancestors() {
        if let Some(found) = names.iter().map(|n| folder.join(n)).find(|p| p.is_file()) {
            return Some(found);
        }
        if root.is_some_and(|r| folder == r) {
            return None;
        }
    }
    None
}

/// Reads and parses the configuration file at `path`: the parsed file and
/// its text (for showing later errors in place).
pub(super) fn read(path: &Path) -> Result<(ConfigFile, String), ConfigError> {
    let text = crate::source::read_text_limited(path, crate::source::DEFAULT_MAX_FILE_SIZE)
        .map_err(|err| ConfigError {
            path: Some(path.to_path_buf()),
            text: None,
            span: None,
            message: format!("cannot read configuration: {err}"),
            help: None,
        })?;
    let file: ConfigFile = toml::from_str(&text)
        .map_err(|err| ConfigError::in_file(path, &text, err.span(), one_line(err.message())))?;
    Ok((file, text))
}

impl ConfigFile {
    /// Every rule or pack name the file mentions (enable, disable, severity,
    /// overrides), to know which on-demand packs to load.
    pub(super) fn names(&self) -> impl Iterator<Item = &str> {
        let overrides = self.overrides.iter().flat_map(|o| {
            o.enable
                .iter()
                .chain(&o.disable)
                .map(|n| n.as_ref().as_str())
                .chain(o.severity.keys().map(String::as_str))
        });
        self.enable
            .iter()
            .chain(&self.disable)
            .map(|n| n.as_ref().as_str())
            .chain(self.severity.keys().map(String::as_str))
            .chain(overrides)
    }
}

pub(super) fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct ConfigFile {
    /// Extra pack files, relative to the configuration file.
    #[serde(default)]
    pub(super) packs: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) enable: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) disable: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) severity: BTreeMap<String, Spanned<Severity>>,
    #[serde(default)]
    pub(super) article: ArticleConfig,
    /// Warnings fail the run too.
    #[serde(default)]
    pub(super) deny_warnings: bool,
    /// Fail the run when there are more warnings than this.
    pub(super) max_warnings: Option<usize>,
    /// The author of the tracked changes and comments written into a .docx.
    pub(super) docx_author: Option<String>,
    /// Per-path changes, applied in order to the files their globs match.
    #[serde(default)]
    pub(super) overrides: Vec<OverrideConfig>,
    /// The project's own words: never reported as misspelled.
    #[serde(default)]
    pub(super) vocabulary: Vec<String>,
    /// A Vale configuration (`.vale.ini`) whose styles run beside the
    /// packs, relative to this file, or `false` for no Vale styles;
    /// otherwise one is searched for.
    pub(super) vale_config: Option<Spanned<ValeConfig>>,
}

/// `vale-config`: a path to a `.vale.ini`, or `false` to run no Vale
/// styles (`true` is an error: discovery is what leaving it out does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ValeConfig {
    Off,
    Path(String),
}

impl<'de> Deserialize<'de> for ValeConfig {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = ValeConfig;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the path of a .vale.ini, or `false` to run no Vale styles")
            }
            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<ValeConfig, E> {
                if on {
                    return Err(E::custom(
                        "`vale-config = true` is what leaving it out does; \
                         name a .vale.ini, or set it to `false` to run no Vale styles",
                    ));
                }
                Ok(ValeConfig::Off)
            }
            fn visit_str<E: serde::de::Error>(self, path: &str) -> Result<ValeConfig, E> {
                if path.trim().is_empty() {
                    return Err(E::custom(
                        "`vale-config` is empty; name a .vale.ini, or set it to `false` \
                         to run no Vale styles",
                    ));
                }
                Ok(ValeConfig::Path(path.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct OverrideConfig {
    pub(super) files: Spanned<Vec<String>>,
    #[serde(default)]
    pub(super) enable: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) disable: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) severity: BTreeMap<String, Spanned<Severity>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct ArticleConfig {
    pub(super) byline_prefixes: Option<Vec<String>>,
    pub(super) credit_prefixes: Option<Vec<String>>,
    /// Front matter keys and the block kind their value is (added to, or
    /// replacing, the defaults).
    #[serde(default)]
    pub(super) front_matter: BTreeMap<String, BlockKind>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Overrides, Settings, VALE_FILES, discover_vale};

    /// `top/.vale.ini` above `top/project/galley.toml`, and a folder
    /// `top/project/docs` to run in.
    fn tree() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(top.join("project/docs")).unwrap();
        std::fs::write(top.join(".vale.ini"), "[*.md]\nBasedOnStyles = Vale\n").unwrap();
        std::fs::write(top.join("project").join(CONFIG_FILE), "").unwrap();
        (dir, top)
    }

    #[test]
    fn a_vale_ini_above_the_project_is_not_found() {
        let (_dir, top) = tree();
        let project = top.join("project");
        let docs = project.join("docs");
        assert_eq!(discover(&docs), Some(project.join(CONFIG_FILE)));
        assert_eq!(discover_vale(&docs, Some(&project)), None);
        // Without a project, as far up as it goes.
        assert_eq!(discover_vale(&docs, None), Some(top.join(".vale.ini")));
        // Inside the project it is found, `.vale.ini` before `_vale.ini`.
        std::fs::write(project.join(VALE_FILES[1]), "").unwrap();
        assert_eq!(
            discover_vale(&docs, Some(&project)),
            Some(project.join("_vale.ini"))
        );
        std::fs::write(project.join(VALE_FILES[0]), "").unwrap();
        assert_eq!(
            discover_vale(&docs, Some(&project)),
            Some(project.join(".vale.ini"))
        );
        // A root that `dir` is not inside stops nothing.
        assert_eq!(
            find_up(&top, &VALE_FILES, Some(&docs)),
            Some(top.join(".vale.ini"))
        );
    }

    #[test]
    fn a_run_in_a_project_leaves_a_parent_vale_ini_alone() {
        let (_dir, top) = tree();
        let overrides = Overrides {
            lean: true,
            ..Overrides::default()
        };
        let settings = Settings::load(&top.join("project/docs"), &overrides).unwrap();
        assert_eq!(
            settings.config_path,
            Some(top.join("project").join(CONFIG_FILE))
        );
        assert_eq!(settings.vale_path, None);
        std::fs::remove_file(top.join("project").join(CONFIG_FILE)).unwrap();
        let settings = Settings::load(&top.join("project/docs"), &overrides).unwrap();
        assert_eq!(settings.vale_path, Some(top.join(".vale.ini")));
    }
}
