//! One Vale rule file (`<Style>/<Rule>.yml`) read into a [`Definition`]:
//! the keys Vale's check types take, typed and placed; keys a type does
//! not take are warnings at their place, wrong types are errors.

use std::ops::Range;
use std::sync::Arc;

pub use super::masks::{Ignores, Masks};
pub use super::value::Step;
pub use super::value::{Placed, RuleError};
use super::value::{
    action, boolean, error, integer, number, pairs, placed, steps, string, strings,
};
use super::yaml::{self, Value};

/// Vale's check types (the rule's `extends`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extends {
    Existence,
    Substitution,
    Occurrence,
    Repetition,
    Consistency,
    Conditional,
    Capitalization,
    Metric,
    Readability,
    Spelling,
    Sequence,
    Script,
}

impl Extends {
    pub const ALL: [(&'static str, Extends); 12] = [
        ("existence", Extends::Existence),
        ("substitution", Extends::Substitution),
        ("occurrence", Extends::Occurrence),
        ("repetition", Extends::Repetition),
        ("consistency", Extends::Consistency),
        ("conditional", Extends::Conditional),
        ("capitalization", Extends::Capitalization),
        ("metric", Extends::Metric),
        ("readability", Extends::Readability),
        ("spelling", Extends::Spelling),
        ("sequence", Extends::Sequence),
        ("script", Extends::Script),
    ];

    pub fn as_str(self) -> &'static str {
        Extends::ALL
            .iter()
            .find(|(_, e)| *e == self)
            .map_or("existence", |(n, _)| n)
    }

    /// The keys this type takes beyond the common ones.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Extends::Existence => &[
                "raw",
                "tokens",
                "exceptions",
                "append",
                "ignorecase",
                "nonword",
                "vocab",
            ],
            Extends::Substitution => &[
                "exceptions",
                "swap",
                "ignorecase",
                "nonword",
                "vocab",
                "capitalize",
                "pos",
            ],
            Extends::Occurrence => &["token", "max", "min", "ignorecase"],
            Extends::Repetition => &[
                "tokens",
                "max",
                "ignorecase",
                "alpha",
                "vocab",
                "exceptions",
            ],
            Extends::Consistency => &["either", "nonword", "ignorecase"],
            Extends::Conditional => &["exceptions", "first", "second", "ignorecase", "vocab"],
            Extends::Capitalization => &[
                "match",
                "style",
                "exceptions",
                "indicators",
                "threshold",
                "vocab",
                "prefix",
            ],
            Extends::Metric => &["formula", "condition"],
            Extends::Readability => &["metrics", "grade"],
            Extends::Spelling => &[
                "filters",
                "ignore",
                "exceptions",
                "dictionaries",
                "aff",
                "dic",
                "dicpath",
                "threshold",
                "custom",
                "append",
            ],
            Extends::Sequence => &["tokens", "ignorecase"],
            Extends::Script => &["script"],
        }
    }
}

/// Keys every Vale rule may have.
const COMMON: [&str; 10] = [
    "extends",
    "message",
    "description",
    "level",
    "limit",
    "link",
    "scope",
    "action",
    "name",
    "selector",
];

/// Vale's alert levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Suggestion,
    Warning,
    Error,
}

impl Level {
    pub fn parse(text: &str) -> Option<Level> {
        match text.trim().to_ascii_lowercase().as_str() {
            "suggestion" => Some(Level::Suggestion),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Suggestion => "suggestion",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// A rule file, read. Lists keep Vale's order; pairs (`swap`, `either`)
/// keep the order written.
#[derive(Debug, Clone)]
pub struct Definition {
    pub extends: Extends,
    pub extends_span: Range<usize>,
    pub message: String,
    pub description: Option<String>,
    pub link: Option<String>,
    pub level: Level,
    /// `scope`, as written (`heading`, `~blockquote`, `sentence`…).
    pub scope: Vec<Placed>,
    pub action: Option<String>,
    pub tokens: Vec<Placed>,
    pub raw: Vec<Placed>,
    pub exceptions: Vec<Placed>,
    pub swap: Vec<(Placed, String)>,
    pub either: Vec<(Placed, Placed)>,
    pub token: Option<Placed>,
    pub first: Option<Placed>,
    pub second: Option<Placed>,
    pub case_match: Option<Placed>,
    /// capitalization: a regex for a leading part kept as written (a list
    /// marker such as `a. `).
    pub prefix: Option<Placed>,
    pub indicators: Vec<String>,
    pub threshold: Option<f64>,
    pub max: Option<i64>,
    pub min: Option<i64>,
    pub ignorecase: bool,
    pub nonword: bool,
    pub append: bool,
    pub alpha: bool,
    pub capitalize: bool,
    pub vocab: bool,
    /// metric: the `formula` and its `condition`; readability: the
    /// `metrics` averaged and the `grade` they may reach.
    pub formula: Option<Placed>,
    pub condition: Option<Placed>,
    pub metrics: Vec<Placed>,
    pub grade: Option<f64>,
    /// spelling: `filters` (words to skip), `ignore` files (their words,
    /// read by the loader, in `ignored`), the hunspell dictionaries named
    /// (`dictionaries`, `dic`, `aff`, `dicpath`) and `custom`.
    pub filters: Vec<Placed>,
    pub ignore: Vec<Placed>,
    pub ignored: Vec<String>,
    pub dictionaries: Vec<Placed>,
    pub custom: bool,
    /// sequence: its `tokens`, in order.
    pub steps: Vec<Step>,
    /// What the configuration masks (TokenIgnores, BlockIgnores,
    /// IgnoredScopes, SkippedScopes), shared by its rules (set by the
    /// loader, not the rule file).
    pub masks: Arc<Masks>,
    /// What the rule is called in a warning about one of its regexes that
    /// fails only when first compiled (`Vale rule Google.Will`; set by the
    /// loader).
    pub origin: Arc<str>,
    /// Things worth telling the user that do not stop the rule: unknown
    /// keys, ignored ones.
    pub warnings: Vec<(Range<usize>, String)>,
}

impl Definition {
    /// A rule with Vale's defaults for every option, for the rules galley
    /// makes itself (Vale's built-in style: Vale.Terms, Vale.Avoid,
    /// Vale.Repetition).
    pub fn new(extends: Extends, message: &str, level: Level) -> Definition {
        Definition {
            extends,
            extends_span: 0..0,
            message: message.to_string(),
            description: None,
            link: None,
            level,
            scope: Vec::new(),
            action: None,
            tokens: Vec::new(),
            raw: Vec::new(),
            exceptions: Vec::new(),
            swap: Vec::new(),
            either: Vec::new(),
            token: None,
            first: None,
            second: None,
            case_match: None,
            prefix: None,
            indicators: Vec::new(),
            threshold: None,
            max: None,
            min: None,
            ignorecase: false,
            nonword: false,
            append: false,
            alpha: false,
            capitalize: false,
            vocab: true,
            formula: None,
            condition: None,
            metrics: Vec::new(),
            grade: None,
            filters: Vec::new(),
            ignore: Vec::new(),
            ignored: Vec::new(),
            dictionaries: Vec::new(),
            custom: false,
            steps: Vec::new(),
            masks: Arc::default(),
            origin: Arc::from("Vale rule"),
            warnings: Vec::new(),
        }
    }
}

/// Reads a rule file's text.
pub fn read(text: &str) -> Result<Definition, RuleError> {
    let root = yaml::parse(text)?;
    let Value::Map(entries) = &root.value else {
        return Err(error(
            &root.span,
            format!("a Vale rule is a mapping of keys, not {}", root.type_name()),
        ));
    };
    let find = |name: &str| entries.iter().find(|(k, _, _)| k == name);
    let Some((_, extends_key, extends_node)) = find("extends") else {
        return Err(error(&(0..0), "the rule has no `extends` key"));
    };
    let extends_name = extends_node
        .as_str()
        .ok_or_else(|| error(&extends_node.span, "`extends` must be a string"))?;
    let Some(extends) = Extends::ALL
        .iter()
        .find(|(n, _)| *n == extends_name.trim())
        .map(|(_, e)| *e)
    else {
        let known: Vec<&str> = Extends::ALL.iter().map(|(n, _)| *n).collect();
        return Err(error(
            &extends_node.span,
            format!(
                "unknown `extends` value `{extends_name}`: use one of {}",
                known.join(", ")
            ),
        ));
    };
    let message = match find("message") {
        Some((_, _, node)) => string(node)?,
        None if extends == Extends::Script => String::new(),
        None => return Err(error(extends_key, "the rule has no `message` key")),
    };
    let mut def = Definition {
        extends_span: extends_node.span.clone(),
        ..Definition::new(extends, &message, Level::Warning)
    };
    for (key, key_span, node) in entries {
        let key = key.as_str();
        if !COMMON.contains(&key) && !extends.keys().contains(&key) {
            def.warnings.push((
                key_span.clone(),
                format!(
                    "`{key}` is not a key of Vale's `{}` rules; it is ignored",
                    extends.as_str()
                ),
            ));
            continue;
        }
        match key {
            "extends" | "message" | "name" | "script" => {}
            "description" => def.description = Some(string(node)?),
            "link" => def.link = Some(string(node)?),
            "level" => {
                let text = string(node)?;
                def.level = Level::parse(&text).ok_or_else(|| {
                    error(
                        &node.span,
                        format!("unknown level `{text}`: use suggestion, warning or error"),
                    )
                })?;
            }
            "scope" => def.scope = strings(node)?,
            "action" => def.action = action(node)?,
            // A sequence's tokens are maps, not strings.
            "tokens" if extends == Extends::Sequence => {
                def.steps = steps(node, &mut def.warnings)?;
            }
            "tokens" => def.tokens = strings(node)?,
            "raw" => def.raw = strings(node)?,
            "exceptions" => def.exceptions = strings(node)?,
            "indicators" => def.indicators = strings(node)?.into_iter().map(|p| p.text).collect(),
            "swap" => {
                def.swap = pairs(node)?.into_iter().map(|(k, v)| (k, v.text)).collect();
            }
            "either" => def.either = pairs(node)?,
            "token" => def.token = Some(placed(node)?),
            "first" => def.first = Some(placed(node)?),
            "second" => def.second = Some(placed(node)?),
            "match" => def.case_match = Some(placed(node)?),
            "prefix" => def.prefix = Some(placed(node)?),
            "threshold" => def.threshold = Some(number(node)?),
            "max" => def.max = Some(integer(node)?),
            "min" => def.min = Some(integer(node)?),
            "ignorecase" => def.ignorecase = boolean(node)?,
            "nonword" => def.nonword = boolean(node)?,
            "append" => def.append = boolean(node)?,
            "alpha" => def.alpha = boolean(node)?,
            "capitalize" => def.capitalize = boolean(node)?,
            "vocab" => def.vocab = boolean(node)?,
            "formula" => def.formula = Some(placed(node)?),
            "condition" => def.condition = Some(placed(node)?),
            "metrics" => def.metrics = strings(node)?,
            "grade" => def.grade = Some(number(node)?),
            "filters" => def.filters = strings(node)?,
            "ignore" => def.ignore = strings(node)?,
            "dictionaries" | "dic" | "aff" | "dicpath" => def.dictionaries.extend(strings(node)?),
            "custom" => def.custom = boolean(node)?,
            _ => {
                // Known to Vale but not read by galley: say so rather
                // than skip it silently.
                def.warnings.push((
                    key_span.clone(),
                    format!("galley does not read Vale's `{key}` key; it is ignored"),
                ));
            }
        }
    }
    Ok(def)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existence_rule_is_read_with_its_options() {
        let text = "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: error\nignorecase: true\nscope: heading\ntokens:\n  - foo\n  - bar baz\n";
        let def = read(text).unwrap();
        assert_eq!(def.extends, Extends::Existence);
        assert_eq!(def.level, Level::Error);
        assert!(def.ignorecase && def.vocab && !def.nonword);
        let tokens: Vec<&str> = def.tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(tokens, ["foo", "bar baz"]);
        assert_eq!(&text[def.tokens[1].span.clone()], "bar baz");
        assert_eq!(def.scope[0].text, "heading");
        assert!(def.warnings.is_empty());
    }

    #[test]
    fn an_unknown_key_is_a_placed_warning() {
        let text = "extends: existence\nmessage: m\ntokens: [a]\ncolour: red\n";
        let def = read(text).unwrap();
        assert_eq!(def.warnings.len(), 1);
        assert_eq!(&text[def.warnings[0].0.clone()], "colour");
        assert!(def.warnings[0].1.contains("`colour`"));
    }

    #[test]
    fn errors_name_the_place() {
        for (text, wanted, at) in [
            (
                "extends: telepathy\nmessage: m\n",
                "unknown `extends`",
                "telepathy",
            ),
            ("extends: existence\n", "no `message`", "extends"),
            (
                "extends: existence\nmessage: m\nlevel: loud\n",
                "unknown level",
                "loud",
            ),
            ("extends: existence\nmessage: m\nmax: x\n", "not a key", ""),
            (
                "extends: occurrence\nmessage: m\nmax: lots\n",
                "whole number",
                "lots",
            ),
            (
                "extends: substitution\nmessage: m\nswap: a\n",
                "mapping",
                "a",
            ),
            ("- a\n- b\n", "mapping of keys", ""),
        ] {
            match read(text) {
                Err(err) => {
                    assert!(err.message.contains(wanted), "{text}: {}", err.message);
                    if !at.is_empty() {
                        assert_eq!(&text[err.span.clone()], at, "{text}");
                    }
                }
                Ok(def) => assert!(
                    def.warnings.iter().any(|w| w.1.contains(wanted)),
                    "{text}: no error or warning"
                ),
            }
        }
    }

    #[test]
    fn swap_keeps_the_order_written() {
        let def = read("extends: substitution\nmessage: m\nswap:\n  b: x\n  a: y\n").unwrap();
        let keys: Vec<&str> = def.swap.iter().map(|(k, _)| k.text.as_str()).collect();
        assert_eq!(keys, ["b", "a"]);
    }
}
