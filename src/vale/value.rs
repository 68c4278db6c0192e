//! The typed values of a Vale rule file's keys (a string, a list, a map of
//! pairs, a boolean, a number, an action), each read from its YAML node
//! with an error placed at the node when it has the wrong type.

use std::ops::Range;

use super::yaml::{self, Node, Value};

/// A string with its place in the rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub text: String,
    pub span: Range<usize>,
}

/// An error in a rule file, at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub span: Range<usize>,
    pub message: String,
}

impl From<yaml::YamlError> for RuleError {
    fn from(err: yaml::YamlError) -> Self {
        RuleError {
            span: err.span,
            message: err.message,
        }
    }
}

pub(super) fn error(span: &Range<usize>, message: impl Into<String>) -> RuleError {
    RuleError {
        span: span.clone(),
        message: message.into(),
    }
}

pub(super) fn string(node: &Node) -> Result<String, RuleError> {
    node.scalar_text().ok_or_else(|| {
        error(
            &node.span,
            format!("expected a string, found {}", node.type_name()),
        )
    })
}

pub(super) fn placed(node: &Node) -> Result<Placed, RuleError> {
    Ok(Placed {
        text: string(node)?,
        span: node.span.clone(),
    })
}

/// A list of strings; a single string is a list of one (Vale's `scope:
/// heading`).
pub(super) fn strings(node: &Node) -> Result<Vec<Placed>, RuleError> {
    match &node.value {
        Value::Seq(items) => items.iter().map(placed).collect(),
        Value::Null => Ok(Vec::new()),
        _ => Ok(vec![placed(node)?]),
    }
}

pub(super) fn pairs(node: &Node) -> Result<Vec<(Placed, Placed)>, RuleError> {
    let Value::Map(entries) = &node.value else {
        return Err(error(
            &node.span,
            format!("expected a mapping, found {}", node.type_name()),
        ));
    };
    entries
        .iter()
        .map(|(key, span, value)| {
            Ok((
                Placed {
                    text: key.clone(),
                    span: span.clone(),
                },
                placed(value)?,
            ))
        })
        .collect()
}

pub(super) fn boolean(node: &Node) -> Result<bool, RuleError> {
    match &node.value {
        Value::Bool(b) => Ok(*b),
        Value::Int(i) => Ok(*i != 0),
        Value::Str(s) => match s.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "1" => Ok(true),
            "false" | "no" | "off" | "0" | "" => Ok(false),
            _ => Err(error(
                &node.span,
                format!("expected true or false, found `{s}`"),
            )),
        },
        _ => Err(error(
            &node.span,
            format!("expected true or false, found {}", node.type_name()),
        )),
    }
}

pub(super) fn number(node: &Node) -> Result<f64, RuleError> {
    match &node.value {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        Value::Str(s) => s
            .trim()
            .parse()
            .map_err(|_| error(&node.span, format!("expected a number, found `{s}`"))),
        _ => Err(error(
            &node.span,
            format!("expected a number, found {}", node.type_name()),
        )),
    }
}

pub(super) fn integer(node: &Node) -> Result<i64, RuleError> {
    match &node.value {
        Value::Int(i) => Ok(*i),
        Value::Str(s) => s
            .trim()
            .parse()
            .map_err(|_| error(&node.span, format!("expected a whole number, found `{s}`"))),
        _ => Err(error(
            &node.span,
            format!("expected a whole number, found {}", node.type_name()),
        )),
    }
}

/// The action's name (`replace`, `edit`, `remove`, `suggest`…).
pub(super) fn action(node: &Node) -> Result<Option<String>, RuleError> {
    match &node.value {
        Value::Map(entries) => Ok(entries
            .iter()
            .find(|(k, _, _)| k == "name")
            .and_then(|(_, _, v)| v.scalar_text())),
        Value::Null => Ok(None),
        _ => Err(error(
            &node.span,
            format!("expected a mapping, found {}", node.type_name()),
        )),
    }
}

/// One token of a `sequence` rule: a word's text (`pattern`, a regex),
/// its part-of-speech tag (`tag`, a regex over Penn Treebank tags), both
/// or either negated (`negate`), and `skip`: up to that many words may
/// come between it and the next token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub pattern: Option<Placed>,
    pub tag: Option<Placed>,
    pub negate: bool,
    pub skip: usize,
    /// Where the token is in the rule file.
    pub span: Range<usize>,
}

/// A sequence's `tokens`: a list of mappings; an unknown key is a warning.
pub(super) fn steps(
    node: &Node,
    warnings: &mut Vec<(Range<usize>, String)>,
) -> Result<Vec<Step>, RuleError> {
    let Value::Seq(items) = &node.value else {
        return Err(error(
            &node.span,
            format!("expected a list of tokens, found {}", node.type_name()),
        ));
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Value::Map(entries) = &item.value else {
            return Err(error(
                &item.span,
                format!(
                    "a sequence's token is a mapping (`pattern`, `tag`, `negate`, `skip`), not {}",
                    item.type_name()
                ),
            ));
        };
        let mut step = Step {
            pattern: None,
            tag: None,
            negate: false,
            skip: 0,
            span: item.span.clone(),
        };
        for (key, key_span, value) in entries {
            match key.as_str() {
                "pattern" => step.pattern = Some(placed(value)?).filter(|p| !p.text.is_empty()),
                "tag" => step.tag = Some(placed(value)?).filter(|p| !p.text.is_empty()),
                "negate" => step.negate = boolean(value)?,
                "skip" => {
                    step.skip = usize::try_from(integer(value)?).map_err(|_| {
                        error(&value.span, "`skip` must be a whole number, 0 or more")
                    })?;
                }
                other => warnings.push((
                    key_span.clone(),
                    format!("`{other}` is not a key of a sequence's token; it is ignored"),
                )),
            }
        }
        out.push(step);
    }
    Ok(out)
}
