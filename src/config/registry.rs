//! The rule registry of a run: the loaded packs and rules, looked up by
//! name, and turned on or off or given a severity by name.

use std::ops::Range;
use std::path::Path;

use super::{ConfigError, PackInfo, Settings};
use crate::diagnostic::Severity;
use crate::rules::{Pack, Rule};

impl Settings {
    /// The rules that run.
    pub fn enabled_rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(|r| r.meta.enabled)
    }

    /// Whether a rule that is off runs on some files all the same: an
    /// `[[overrides]]` entry or a `.vale.ini` section turns it on.
    pub fn enabled_by_path(&self, rule: &Rule) -> bool {
        self.overrides.iter().any(|o| o.may_enable(rule))
    }

    /// Whether `name` is a loaded rule or pack.
    pub fn knows(&self, name: &str) -> bool {
        self.packs.iter().any(|p| p.name == name) || self.find_rule(name).is_some()
    }

    /// The pack a rule belongs to.
    pub fn pack_of(&self, rule: &str) -> Option<&str> {
        self.find_rule(rule).map(|r| &*r.meta.pack)
    }

    pub fn find_rule(&self, id: &str) -> Option<&Rule> {
        self.rule_index.get(id).map(|&i| &self.rules[i])
    }

    /// Whether a rule reports words as misspelled, so that the project's
    /// vocabulary applies to it.
    pub fn checks_spelling(&self, rule: &str) -> bool {
        self.find_rule(rule)
            .is_some_and(|r| matches!(r.meta.kind.name, "spelling" | "misspelling"))
    }

    /// Whether a finding reports a word of the project's vocabulary as
    /// misspelled (`text` is the text it points into).
    pub fn in_vocabulary(&self, d: &crate::diagnostic::Diagnostic, text: &str) -> bool {
        self.checks_spelling(&d.rule)
            && text
                .get(d.span.range())
                .is_some_and(|w| self.vocabulary.contains(&w.to_lowercase()))
    }

    pub(super) fn add_pack(
        &mut self,
        pack: Pack,
        path: &str,
        text: &str,
        origin: String,
    ) -> Result<(), ConfigError> {
        if self.packs.iter().any(|p| p.name == pack.name) {
            return Err(ConfigError::in_file(
                Path::new(path),
                text,
                None,
                format!("a pack named `{}` is already loaded", pack.name),
            ));
        }
        for rule in &pack.rules {
            if let Some(other) = self.find_rule(&rule.meta.id) {
                let span = find_id_span(text, &rule.meta.id);
                return Err(ConfigError::in_file(
                    Path::new(path),
                    text,
                    span,
                    format!(
                        "rule id `{}` is already defined in pack `{}`",
                        rule.meta.id, other.meta.pack
                    ),
                ));
            }
        }
        let enabled = pack.default;
        self.rules.reserve(pack.rules.len());
        self.rule_index.reserve(pack.rules.len());
        self.packs.push(PackInfo {
            name: pack.name,
            description: pack.description,
            origin,
            enabled,
        });
        for mut rule in pack.rules {
            rule.meta.enabled &= enabled;
            self.rule_index
                .insert(rule.meta.id.clone(), self.rules.len());
            self.rules.push(rule);
        }
        Ok(())
    }

    /// Turns a pack or a single rule on or off.
    pub(super) fn set_enabled(&mut self, name: &str, on: bool) -> Result<(), String> {
        if let Some(pack) = self.packs.iter_mut().find(|p| p.name == name) {
            pack.enabled = on;
            for rule in self.rules.iter_mut().filter(|r| &*r.meta.pack == name) {
                rule.meta.enabled = on && rule.meta.on_with_pack;
            }
            return Ok(());
        }
        match self.rule_index.get(name) {
            Some(&i) => {
                self.rules[i].meta.enabled = on;
                Ok(())
            }
            None => Err(self.unknown(name)),
        }
    }

    pub(super) fn set_severity(&mut self, name: &str, severity: Severity) -> Result<(), String> {
        let mut found = false;
        for rule in self
            .rules
            .iter_mut()
            .filter(|r| &*r.meta.id == name || &*r.meta.pack == name)
        {
            rule.meta.severity = severity;
            found = true;
        }
        if found {
            Ok(())
        } else {
            Err(self.unknown(name))
        }
    }
}

impl Settings {
    /// The message for a name that is no rule or pack, suggesting the
    /// nearest one when it is a slip away.
    pub(super) fn unknown(&self, name: &str) -> String {
        let names = self
            .packs
            .iter()
            .map(|p| p.name.as_str())
            .chain(self.rules.iter().map(|r| &*r.meta.id));
        let shown = shortened(name);
        match nearest(name, names) {
            Some(near) => format!("no rule or pack is named `{shown}`; did you mean `{near}`?"),
            None => format!("no rule or pack is named `{shown}` (`galley rules` lists them)"),
        }
    }
}

/// Names longer than this get no "did you mean": no rule id is near that
/// long, and the search costs the square of the length.
const LONGEST_NEAR: usize = 100;

/// `name` as an error quotes it: at most 60 characters, then "…".
pub fn shortened(name: &str) -> std::borrow::Cow<'_, str> {
    match name.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &name[..at]).into(),
        None => name.into(),
    }
}

/// The candidate closest to `name` by edit distance, if it is close: at
/// most a third of the name's length away (a typo, not another word).
/// A name over `LONGEST_NEAR` bytes has none.
pub fn nearest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    if name.len() > LONGEST_NEAR {
        return None;
    }
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Where `id = "<id>"` is written in a pack, for pointing at a duplicate.
fn find_id_span(text: &str, id: &str) -> Option<Range<usize>> {
    let quoted = format!("\"{id}\"");
    text.match_indices(&quoted)
        .map(|(i, _)| i..i + quoted.len())
        .find(|r| text[..r.start].trim_end().ends_with('='))
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn a_slip_gets_the_nearest_name() {
        let names = ["usage-pairs", "a-an", "repeated-word"];
        assert_eq!(
            nearest("usage-pair", names.into_iter()),
            Some("usage-pairs")
        );
        assert_eq!(nearest("unrelated", names.into_iter()), None);
    }

    /// The search costs the square of the name's length, so a very long
    /// name is not searched at all: not even a candidate equal to it is
    /// found.
    #[test]
    fn a_name_too_long_to_be_a_slip_is_not_searched() {
        let long = "q".repeat(super::LONGEST_NEAR + 1);
        assert_eq!(nearest(&long, std::iter::once(long.as_str())), None);
        let short = "q".repeat(super::LONGEST_NEAR);
        assert_eq!(
            nearest(&short, std::iter::once(short.as_str())),
            Some(short.as_str())
        );
    }
}
