//! Rule packs: TOML files with a `[pack]` header and `[[rule]]` entries.
//!
//! Parsing is strict (unknown keys are errors) and every error carries the
//! byte span of the offending TOML, so it can be shown in place.

use std::sync::Arc;

use serde::Deserialize;
use serde::de::IntoDeserializer;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Rule;
use super::table::{PackError, RuleSpec, is_valid_id, one_line, yes};

/// A loaded pack.
#[derive(Debug)]
pub struct Pack {
    pub name: String,
    pub description: Option<String>,
    /// Enabled when the configuration does not say otherwise.
    pub default: bool,
    pub rules: Vec<Rule>,
}

/// The top level of a pack file but its rules, which are read one by one.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    pack: PackHeader,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackHeader {
    name: Spanned<String>,
    description: Option<String>,
    #[serde(default = "yes")]
    default: bool,
}

impl Pack {
    /// Parses and compiles a pack from its TOML text.
    pub fn parse(text: &str) -> Result<Pack, PackError> {
        Pack::parse_with(text, false)
    }

    /// Parses a pack; with `built_in`, its regexes are only checked for
    /// syntax now and compiled on first use: the test suite runs every
    /// example of the built-in packs, so they are known to compile, and a run
    /// pays only for the regexes it uses.
    pub fn parse_with(text: &str, built_in: bool) -> Result<Pack, PackError> {
        let syntax = |err: toml::de::Error| PackError {
            message: one_line(err.message()),
            span: err.span(),
        };
        let root = DeTable::parse(text).map_err(syntax)?;
        // The rules are taken out first and read one by one below; the
        // rest is checked as a whole (without copying the rules).
        let root_span = root.span();
        let mut top = root.into_inner();
        let rule_entry = top.remove("rule");
        let file = PackFile::deserialize(Spanned::new(root_span, top).into_deserializer())
            .map_err(syntax)?;
        let pack_name: Arc<str> = Arc::from(file.pack.name.as_ref().as_str());
        if !is_valid_id(&pack_name) {
            return Err(PackError::at(
                file.pack.name.span(),
                "pack names use lowercase letters, digits and hyphens",
            ));
        }
        let tables: Vec<_> = match rule_entry {
            None => Vec::new(),
            Some(entry) => {
                let span = entry.span();
                match entry.into_inner() {
                    DeValue::Array(tables) => tables.into_iter().collect(),
                    _ => {
                        return Err(PackError::at(
                            span,
                            "`rule` must be a list of `[[rule]]` tables",
                        ));
                    }
                }
            }
        };
        let mut rules: Vec<Rule> = Vec::with_capacity(tables.len());
        let mut ids = <foldhash::HashSet<_> as foldhash::HashSetExt>::with_capacity(tables.len());
        for table in tables {
            let span = table.span();
            let DeValue::Table(table) = table.into_inner() else {
                return Err(PackError::at(span, "a `[[rule]]` entry must be a table"));
            };
            let mut spec = RuleSpec::read(Spanned::new(span, table))?;
            spec.lazy = built_in;
            if !ids.insert(spec.id.as_ref().clone()) {
                return Err(PackError::at(
                    spec.id.span(),
                    format!("rule id `{}` is used twice in this pack", spec.id.as_ref()),
                ));
            }
            let (meta, body, docs, check) = super::table::build_rule(spec, &pack_name)?;
            rules.push(Rule::new(meta, body, docs, check));
        }
        Ok(Pack {
            name: pack_name.to_string(),
            description: file.pack.description,
            default: file.pack.default,
            rules,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    fn error_of(text: &str) -> (String, String) {
        let err = Pack::parse(text).expect_err("pack should be rejected");
        let at = err
            .span
            .clone()
            .map(|s| text[s].to_string())
            .unwrap_or_default();
        (err.message, at)
    }

    const HEAD: &str = "[pack]\nname = \"p\"\n";

    #[test]
    fn invalid_regex_points_at_the_pattern() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\nbad = [\"a\"]\npattern = \"a(b\"\n"
        );
        let (message, at) = error_of(&text);
        assert!(message.starts_with("invalid regex"), "{message}");
        assert_eq!(at, "\"a(b\"");
    }

    #[test]
    fn regex_errors_speak_of_the_pattern_as_written() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"substitution\"\nmessage = \"m\"\nbad = [\"a\"]\npattern = \"e-(mail\"\nreplacement = \"x\"\n"
        );
        let (message, _) = error_of(&text);
        assert_eq!(message, "invalid regex: unclosed group");
    }

    #[test]
    fn unknown_kind_points_at_the_kind() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"telepathy\"\nmessage = \"m\"\nbad = [\"a\"]\n"
        );
        let (message, at) = error_of(&text);
        assert!(
            message.starts_with("unknown rule kind `telepathy`"),
            "{message}"
        );
        assert_eq!(at, "\"telepathy\"");
    }

    #[test]
    fn unknown_key_is_an_error_with_a_span() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\nbad = [\"a\"]\npattern = \"a\"\ncolour = 1\n"
        );
        let (message, at) = error_of(&text);
        assert!(message.contains("unknown field `colour`"), "{message}");
        assert_eq!(at, "colour");
    }

    #[test]
    fn rules_that_are_not_a_list_of_tables_are_an_error() {
        let (message, at) = error_of(&format!("rule = \"all of them\"\n{HEAD}"));
        assert!(message.contains("`rule` must be a list"), "{message}");
        assert_eq!(at, "\"all of them\"");
        let (message, _) = error_of(&format!("colour = 1\n{HEAD}"));
        assert!(message.contains("unknown field `colour`"), "{message}");
    }

    #[test]
    fn parameter_of_another_kind_is_an_error() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\nbad = [\"a\"]\npattern = \"a\"\ncues-after = [\"x\"]\n"
        );
        let (message, _) = error_of(&text);
        assert_eq!(
            message,
            "`cues-after` is not a parameter of kind `existence`"
        );
    }

    #[test]
    fn rule_without_bad_example_is_an_error() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\npattern = \"a\"\n"
        );
        let (message, at) = error_of(&text);
        assert!(message.contains("has no `bad` example"), "{message}");
        assert_eq!(at, "\"r\"");
    }

    #[test]
    fn duplicate_rule_id_is_an_error() {
        let rule = "[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\nbad = [\"a\"]\npattern = \"a\"\n";
        let (message, _) = error_of(&format!("{HEAD}{rule}{rule}"));
        assert_eq!(message, "rule id `r` is used twice in this pack");
    }

    #[test]
    fn unknown_placeholder_is_an_error() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"bad {{colour}}\"\nbad = [\"a\"]\npattern = \"a\"\n"
        );
        let (message, _) = error_of(&text);
        assert!(
            message.starts_with("unknown placeholder `{colour}`"),
            "{message}"
        );
    }

    #[test]
    fn missing_parameter_is_named_at_the_rule_id() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"substitution\"\nmessage = \"m\"\nbad = [\"a\"]\npattern = \"a\"\n"
        );
        let (message, at) = error_of(&text);
        assert_eq!(
            message,
            "rule `r` of kind `substitution` needs the parameter `replacement`"
        );
        assert_eq!(at, "\"r\"");
    }

    #[test]
    fn parameter_of_the_wrong_type_points_at_its_value() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"duplicate-caption\"\nmessage = \"m\"\nbad = [\"a\"]\nmin-words = \"four\"\n"
        );
        let (message, at) = error_of(&text);
        assert!(message.contains("invalid type"), "{message}");
        assert_eq!(at, "\"four\"");
    }

    #[test]
    fn a_rule_entry_must_be_a_table() {
        let (message, _) = error_of(&format!("{HEAD}rule = [1]\n"));
        assert!(!message.is_empty());
    }

    #[test]
    fn an_example_table_may_omit_the_fix_and_name_its_format() {
        let rule = "[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\npattern = \"a\"\n";
        let ok = format!(
            "{HEAD}{rule}bad = [{{ text = \"a\" }}, {{ text = \"a\", format = \"md\" }}]\n"
        );
        let pack = Pack::parse(&ok).expect("valid pack");
        assert_eq!(pack.rules[0].docs().bad[0].fixed(), None);
        assert_eq!(pack.rules[0].docs().bad[1].format(), Some(Format::MARKDOWN));
        let (message, _) = error_of(&format!(
            "{HEAD}{rule}bad = [{{ text = \"a\", format = \"odt\" }}]\n"
        ));
        assert!(message.contains("names the format `odt`"), "{message}");
    }

    #[test]
    fn a_malformed_example_says_what_shapes_are_allowed() {
        let text = format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\npattern = \"a\"\nbad = [{{ txt = \"a\" }}]\n"
        );
        let (message, at) = error_of(&text);
        assert!(
            message.starts_with("each `bad` example is a string, or a table with `text`"),
            "{message}"
        );
        assert_eq!(at, "[{ txt = \"a\" }]");
    }

    #[test]
    fn marks_become_spans_and_stray_marks_are_errors() {
        let rule =
            "[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\npattern = \"the\"\n";
        let ok = format!(
            "{HEAD}{rule}bad = [\"in ⟦the⟧ end, ⟦the⟧ rest\", {{ text = \"⟦the⟧ x\", message = \"m\" }}]\n"
        );
        let pack = Pack::parse(&ok).expect("valid pack");
        let bad = &pack.rules[0].docs().bad;
        assert_eq!(bad[0].text(), "in the end, the rest");
        assert_eq!(bad[0].spans(), [3..6, 12..15]);
        assert_eq!((bad[1].text(), bad[1].message()), ("the x", Some("m")));
        for (examples, expected) in [
            ("bad = [\"⟦the x\"]", "unclosed"),
            ("bad = [\"the⟧ x\"]", "unbalanced"),
            ("bad = [\"⟦⟦the⟧⟧\"]", "unbalanced"),
            (
                "bad = [{ text = \"⟦the⟧\", fixed = \"⟦a⟧\" }]",
                "mark only `text`",
            ),
            ("bad = [\"the\"]\ngood = [\"⟦a⟧\"]", "has marks"),
        ] {
            let (message, at) = error_of(&format!("{HEAD}{rule}{examples}\n"));
            assert!(message.contains(expected), "{examples}: {message}");
            assert_eq!(at, "\"r\"");
        }
    }
}
