//! Document sync: the changes a client sends (`contentChanges`), each the
//! whole text or a range of the text before it and what replaces it, with
//! positions in UTF-16 code units as the protocol counts them.

use lsp_types::Position;
use serde_json::Value;

use super::position::LineIndex;

/// `text` with `changes` applied in order. A change that is neither a
/// whole text nor a well-formed range (start before end) refuses them all:
/// the text stays as the client last had it rather than drift from it.
pub fn apply(text: &str, changes: &Value) -> Result<String, String> {
    let changes = changes.as_array().ok_or("`contentChanges` is not a list")?;
    // Copied only for a ranged change: a whole text replaces it.
    let mut text = std::borrow::Cow::Borrowed(text);
    for (i, change) in changes.iter().enumerate() {
        let new = change["text"]
            .as_str()
            .ok_or_else(|| format!("change {i} has no text"))?;
        match change.get("range") {
            None | Some(Value::Null) => text = new.to_string().into(),
            Some(range) => {
                let (start, end) = (position(&range["start"]), position(&range["end"]));
                let (Some(start), Some(end)) = (start, end) else {
                    return Err(format!(
                        "change {i} has a range that is not a range: {range}"
                    ));
                };
                let index = LineIndex::new(&text);
                let (start, end) = (index.offset(start), index.offset(end));
                if start > end {
                    return Err(format!("change {i} ends before it starts"));
                }
                text.to_mut().replace_range(start..end, new);
            }
        }
    }
    Ok(text.into_owned())
}

fn position(value: &Value) -> Option<Position> {
    Some(Position::new(
        u32::try_from(value["line"].as_u64()?).ok()?,
        u32::try_from(value["character"].as_u64()?).ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ranges_in_utf16_units_and_whole_texts() {
        let changes = json!([
            {"range": {"start": {"line": 1, "character": 1}, "end": {"line": 1, "character": 2}}, "text": "X"},
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": ">"},
        ]);
        assert_eq!(apply("a😀b\n中e\n", &changes).unwrap(), ">a😀b\n中X\n");
        let whole = json!([{"text": "new"}]);
        assert_eq!(apply("old", &whole).unwrap(), "new");
    }

    #[test]
    fn a_broken_change_is_refused() {
        for changes in [
            json!([{"range": {"start": {"line": "x"}}, "text": "gone"}]),
            json!([{"range": {"start": {"line": 0, "character": 2}, "end": {"line": 0, "character": 1}}, "text": ""}]),
            json!([{"range": null}]),
            json!({}),
        ] {
            assert!(apply("abc", &changes).is_err(), "{changes}");
        }
    }
}
