//! `.vale.ini`: Vale's configuration, read into [`ValeIni`]. A small reader
//! of its INI dialect (`key = value`, `[glob]` sections, `#`/`;` comments)
//! that keeps every value's place, so a bad value is shown where it is.

use std::ops::Range;

use super::rule::{Level, Placed};

/// What one `Style.Rule = …` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    On,
    Off,
    At(Level),
}

/// One `[glob]` section (keys before the first section form one for `*`).
#[derive(Debug, Clone)]
pub struct Section {
    pub glob: Placed,
    pub based_on: Vec<Placed>,
    pub rules: Vec<(Placed, RuleSetting)>,
    pub token_ignores: Vec<Placed>,
    pub block_ignores: Vec<Placed>,
}

/// A `.vale.ini`, read.
#[derive(Debug, Clone, Default)]
pub struct ValeIni {
    pub styles_path: Option<Placed>,
    pub min_alert_level: Option<Level>,
    pub vocab: Vec<Placed>,
    /// `IgnoredScopes` and `SkippedScopes` (HTML elements), when set.
    pub ignored_scopes: Option<Vec<Placed>>,
    pub skipped_scopes: Option<Vec<Placed>>,
    pub sections: Vec<Section>,
    /// Keys galley does not act on, with their places.
    pub warnings: Vec<(Range<usize>, String)>,
}

/// An error at a place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IniError {
    pub span: Range<usize>,
    pub message: String,
}

/// Root keys galley reads or knowingly leaves to Vale (their effect is
/// Vale's alone: packages to download, Vale's own spell-checker…).
const IGNORED_ROOT: [&str; 8] = [
    "Packages",
    "IgnoredScopes",
    "SkippedScopes",
    "IgnoredClasses",
    "WordTemplate",
    "NLPEndpoint",
    "MinAlertLevel",
    "StylesPath",
];

/// Parses a `.vale.ini`'s text.
pub fn parse(text: &str) -> Result<ValeIni, IniError> {
    let mut ini = ValeIni::default();
    let mut current: Option<Section> = None;
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let at = |from: usize, len: usize| line_start + lead + from..line_start + lead + from + len;
        if let Some(inner) = trimmed.strip_prefix('[') {
            let Some(glob) = inner.strip_suffix(']') else {
                return Err(IniError {
                    span: at(0, trimmed.len()),
                    message: "a section header must end with `]`".to_string(),
                });
            };
            if let Some(done) = current.take() {
                ini.sections.push(done);
            }
            current = Some(Section {
                glob: Placed {
                    text: glob.trim().to_string(),
                    span: at(1, glob.len()),
                },
                based_on: Vec::new(),
                rules: Vec::new(),
                token_ignores: Vec::new(),
                block_ignores: Vec::new(),
            });
            continue;
        }
        let Some(eq) = trimmed.find('=') else {
            return Err(IniError {
                span: at(0, trimmed.len()),
                message: "expected `key = value`".to_string(),
            });
        };
        let key = trimmed[..eq].trim();
        let key_span = at(0, trimmed[..eq].trim_end().len());
        let value_raw = &trimmed[eq + 1..];
        let value = value_raw.trim();
        let value_from = eq + 1 + (value_raw.len() - value_raw.trim_start().len());
        let value_span = at(value_from, value.len());
        let placed = |text: &str, span: Range<usize>| Placed {
            text: text.to_string(),
            span,
        };
        if current.is_none() && (key == "Vocab" || IGNORED_ROOT.contains(&key)) {
            match key {
                "StylesPath" => ini.styles_path = Some(placed(value, value_span)),
                "MinAlertLevel" => {
                    ini.min_alert_level = Some(Level::parse(value).ok_or_else(|| IniError {
                        span: value_span.clone(),
                        message: format!(
                            "unknown level `{value}`: use suggestion, warning or error"
                        ),
                    })?);
                }
                "Vocab" => ini.vocab = list(value, value_span.start),
                "IgnoredScopes" => ini.ignored_scopes = Some(list(value, value_span.start)),
                "SkippedScopes" => ini.skipped_scopes = Some(list(value, value_span.start)),
                _ => ini.warnings.push((
                    key_span,
                    format!("galley does not read Vale's `{key}` setting; it is ignored"),
                )),
            }
            continue;
        }
        let section = current.get_or_insert_with(|| Section {
            glob: placed("*", key_span.start..key_span.start),
            based_on: Vec::new(),
            rules: Vec::new(),
            token_ignores: Vec::new(),
            block_ignores: Vec::new(),
        });
        let items = || list(value, value_span.start);
        match key {
            "BasedOnStyles" => section.based_on.extend(items()),
            "TokenIgnores" => section.token_ignores.extend(items()),
            "BlockIgnores" => section.block_ignores.extend(items()),
            _ if key.contains('.') => {
                let setting = match value.to_ascii_lowercase().as_str() {
                    "yes" | "true" | "on" => RuleSetting::On,
                    "no" | "false" | "off" => RuleSetting::Off,
                    other => RuleSetting::At(Level::parse(other).ok_or_else(|| IniError {
                        span: value_span.clone(),
                        message: format!(
                            "`{key}` must be YES, NO, suggestion, warning or error, not `{value}`"
                        ),
                    })?),
                };
                section.rules.push((placed(key, key_span), setting));
            }
            _ => ini.warnings.push((
                key_span,
                format!("galley does not read Vale's `{key}` setting; it is ignored"),
            )),
        }
    }
    if let Some(done) = current.take() {
        ini.sections.push(done);
    }
    Ok(ini)
}

/// A comma-separated value's items, each with its place (`from` is the
/// value's start in the file).
fn list(value: &str, from: usize) -> Vec<Placed> {
    let mut out = Vec::new();
    let mut at = 0;
    for part in value.split(',') {
        let lead = part.len() - part.trim_start().len();
        let item = part.trim();
        if !item.is_empty() {
            out.push(Placed {
                text: item.to_string(),
                span: from + at + lead..from + at + lead + item.len(),
            });
        }
        at += part.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_keys_sections_and_rule_settings_are_read() {
        let text = "StylesPath = styles\nMinAlertLevel = warning\nVocab = Base, News\n\n[*.{md,txt}]\nBasedOnStyles = Google, write-good\nGoogle.Will = NO\nGoogle.We = error\nTokenIgnores = (\\$+[^\\n$]+\\$+)\n";
        let ini = parse(text).unwrap();
        assert_eq!(ini.styles_path.as_ref().unwrap().text, "styles");
        assert_eq!(ini.min_alert_level, Some(Level::Warning));
        let vocab: Vec<&str> = ini.vocab.iter().map(|v| v.text.as_str()).collect();
        assert_eq!(vocab, ["Base", "News"]);
        assert_eq!(&text[ini.vocab[1].span.clone()], "News");
        let s = &ini.sections[0];
        assert_eq!(s.glob.text, "*.{md,txt}");
        assert_eq!(&text[s.based_on[1].span.clone()], "write-good");
        assert_eq!(s.rules[0].1, RuleSetting::Off);
        assert_eq!(s.rules[1].1, RuleSetting::At(Level::Error));
        assert_eq!(s.token_ignores.len(), 1);
    }

    #[test]
    fn a_bad_value_is_placed() {
        let text = "[*]\nGoogle.We = loudly\n";
        let err = parse(text).unwrap_err();
        assert_eq!(&text[err.span.clone()], "loudly");
        assert!(err.message.contains("YES, NO"), "{}", err.message);
        let err = parse("[*.md\n").unwrap_err();
        assert!(err.message.contains("`]`"));
        let err = parse("MinAlertLevel = loud\n").unwrap_err();
        assert!(err.message.contains("unknown level"));
    }

    #[test]
    fn keys_before_any_section_apply_to_every_file() {
        let ini = parse("BasedOnStyles = Vale\nPackages = Google\n").unwrap();
        assert_eq!(ini.sections[0].glob.text, "*");
        assert_eq!(ini.warnings.len(), 1);
    }
}
