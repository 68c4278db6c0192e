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
