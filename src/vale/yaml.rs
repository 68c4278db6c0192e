//! A YAML document read into a small tree whose every node knows its byte
//! span in the file, so that a Vale rule's keys and values can be checked
//! and any error shown at its place. Parsing is saphyr's (YAML 1.2); this
//! module only converts its nodes.

use std::ops::Range;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// One YAML node and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub value: Value,
}

/// A node's content. Scalars keep their text as written (Vale reads
/// `yes`, `true` and numbers leniently), plus what YAML made of them.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys in the order written, each with its own span.
    Map(Vec<(String, Range<usize>, Node)>),
}

/// An error at a place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub span: Range<usize>,
    pub message: String,
}

/// Parses one YAML document (an empty file is `Null`).
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let offsets = CharOffsets::new(text);
    // An alias is refused before loading, which would copy what it names
    // (nested aliases grow a small file into gigabytes).
    for event in saphyr_parser::Parser::new_from_str(text) {
        match event {
            Ok((saphyr_parser::Event::Alias(_), span)) => {
                let at = offsets.byte(span.start.index());
                return Err(YamlError {
                    span: at..offsets.byte(span.end.index()).max(at),
                    message: "YAML aliases are not supported in rule files".to_string(),
                });
            }
            Ok(_) => {}
            Err(err) => {
                let at = offsets.byte(err.marker().index());
                return Err(YamlError {
                    span: at..at,
                    message: format!("invalid YAML: {}", err.info()),
                });
            }
        }
    }
    let docs = MarkedYaml::load_from_str(text).map_err(|err| {
        let at = offsets.byte(err.marker().index());
        YamlError {
            span: at..at,
            message: format!("invalid YAML: {}", err.info()),
        }
    })?;
    match docs.into_iter().next() {
        None => Ok(Node {
            span: 0..0,
            value: Value::Null,
        }),
        Some(doc) => convert(&doc, &offsets, 0),
    }
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar as Vale's weakly typed decoding reads a string: numbers
    /// and booleans as written.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            _ => None,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// Nesting deeper than this is refused (no Vale rule nests more than three
/// levels; a hostile file must not exhaust the stack).
const MAX_DEPTH: usize = 32;

fn convert(node: &MarkedYaml, offsets: &CharOffsets, depth: usize) -> Result<Node, YamlError> {
    let start = offsets.byte(node.span.start.index());
    let end = offsets.byte(node.span.end.index()).max(start);
    let span = start..end;
    if depth > MAX_DEPTH {
        return Err(YamlError {
            span,
            message: format!("YAML nested more than {MAX_DEPTH} levels deep"),
        });
    }
    let value = match &node.data {
        YamlData::Value(scalar) => match scalar {
            Scalar::Null => Value::Null,
            Scalar::Boolean(b) => Value::Bool(*b),
            Scalar::Integer(i) => Value::Int(*i),
            Scalar::FloatingPoint(f) => Value::Float(f.into_inner()),
            Scalar::String(s) => Value::Str(s.to_string()),
        },
        YamlData::Representation(text, _, _) => Value::Str(text.to_string()),
        YamlData::Sequence(items) => Value::Seq(
            items
                .iter()
                .map(|n| convert(n, offsets, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        YamlData::Mapping(map) => {
            let mut out: Vec<(String, Range<usize>, Node)> = Vec::with_capacity(map.len());
            for (key, value) in map {
                let key_node = convert(key, offsets, depth + 1)?;
                let Some(name) = key_node.scalar_text() else {
                    return Err(YamlError {
                        span: key_node.span,
                        message: "a mapping key must be a plain value".to_string(),
                    });
                };
                out.push((name, key_node.span, convert(value, offsets, depth + 1)?));
            }
            Value::Map(out)
        }
        YamlData::Tagged(_, inner) => return convert(inner, offsets, depth + 1),
        YamlData::Alias(_) => {
            return Err(YamlError {
                span,
                message: "YAML aliases are not supported in rule files".to_string(),
            });
        }
        YamlData::BadValue => {
            return Err(YamlError {
                span,
                message: "a value that YAML cannot read".to_string(),
            });
        }
    };
    Ok(Node { span, value })
}

/// saphyr's markers count characters; galley's spans are bytes.
struct CharOffsets {
    /// The byte offset of each character, and the text's length last.
    starts: Vec<usize>,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        CharOffsets { starts }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.starts
            .get(char_index)
            .copied()
            .unwrap_or_else(|| *self.starts.last().expect("never empty"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_keep_their_byte_spans() {
        let text = "é: x\nswap:\n  a b: c\nn: 3\n";
        let node = parse(text).unwrap();
        let Value::Map(entries) = node.value else {
            panic!("a mapping")
        };
        assert_eq!(&text[entries[0].1.clone()], "é");
        let Value::Map(swap) = &entries[1].2.value else {
            panic!("a mapping")
        };
        assert_eq!(&text[swap[0].1.clone()], "a b");
        assert_eq!(entries[2].2.value, Value::Int(3));
    }

    #[test]
    fn a_syntax_error_is_placed() {
        let text = "extends: existence\ntokens: [a, b\n";
        let err = parse(text).unwrap_err();
        assert!(err.message.starts_with("invalid YAML"), "{}", err.message);
        assert!(err.span.start > 10);
    }

    #[test]
    fn aliases_are_refused_not_expanded() {
        let text = "a: &x [1]\nb: *x\n";
        let err = parse(text).unwrap_err();
        assert!(err.message.contains("aliases"), "{}", err.message);
        assert_eq!(&text[err.span], "*x");
        // Nested aliases (a "billion laughs") are refused just as fast.
        let mut laughs = String::from("a0: &a0 [lol, lol]\n");
        for i in 1..30 {
            let p = i - 1;
            laughs.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}]\n"));
        }
        assert!(parse(&laughs).is_err());
    }
}
