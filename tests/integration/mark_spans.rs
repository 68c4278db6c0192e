//! Adds span marks (`⟦…⟧`) to the bad examples of the built-in packs that
//! have none, at the spans each rule reports:
//! `GALLEY_MARK_SPANS=1 cargo test mark_spans -- --ignored`. Read the marks
//! it writes before committing them: a mark shows where the rule fires, not
//! that it fires at the slip.

use std::ops::Range;

use galley::config::Settings;
use galley::document::{Document, Format};
use galley::rules::{MARK_CLOSE, MARK_OPEN};
use galley::source::SourceFile;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// For each byte of a TOML string literal's value (and its end), the byte
/// offset in the literal as written; `None` for a line-ending backslash.
fn literal_offsets(literal: &str) -> Option<Vec<usize>> {
    let delimiter = ["\"\"\"", "'''", "\"", "'"]
        .into_iter()
        .find(|d| literal.starts_with(d))?;
    let basic = delimiter.starts_with('"');
    let mut start = delimiter.len();
    // A newline right after a multi-line string's delimiter is not part of it.
    if delimiter.len() == 3 && literal[start..].starts_with('\n') {
        start += 1;
    }
    let body = &literal[start..literal.len() - delimiter.len()];
    let mut offsets = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let at = at + start;
        if basic && c == '\\' {
            let escape = chars.next().map_or('\\', |(_, e)| e);
            let decoded = match escape {
                'u' | 'U' => {
                    let digits: String = (0..if escape == 'u' { 4 } else { 8 })
                        .filter_map(|_| chars.next().map(|(_, d)| d))
                        .collect();
                    u32::from_str_radix(&digits, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .map_or(1, char::len_utf8)
                }
                '\n' | '\r' | ' ' | '\t' => return None,
                _ => 1,
            };
            offsets.extend(std::iter::repeat_n(at, decoded));
        } else {
            offsets.extend(std::iter::repeat_n(at, c.len_utf8()));
        }
    }
    offsets.push(literal.len() - delimiter.len());
    Some(offsets)
}

/// The span of each bad example's text literal, per rule id, in pack order.
fn bad_literals(pack: &str) -> Vec<(String, Vec<Range<usize>>)> {
    let root = DeTable::parse(pack).expect("a built-in pack parses");
    let Some(DeValue::Array(rules)) = root.into_inner().remove("rule").map(Spanned::into_inner)
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for rule in rules {
        let DeValue::Table(mut rule) = rule.into_inner() else {
            continue;
        };
        let id = match rule.remove("id").map(Spanned::into_inner) {
            Some(DeValue::String(id)) => id.to_string(),
            _ => continue,
        };
        let mut spans = Vec::new();
        if let Some(DeValue::Array(bad)) = rule.remove("bad").map(Spanned::into_inner) {
            for example in bad {
                let span = example.span();
                match example.into_inner() {
                    DeValue::String(_) => spans.push(span),
                    DeValue::Table(mut table) => {
                        if let Some(text) = table.remove("text") {
                            spans.push(text.span());
                        }
                    }
                    _ => {}
                }
            }
        }
        found.push((id, spans));
    }
    found
}

#[test]
#[ignore = "rewrites rules/*.toml: GALLEY_MARK_SPANS=1 cargo test mark_spans -- --ignored"]
fn mark_spans() {
    if std::env::var_os("GALLEY_MARK_SPANS").is_none() {
        eprintln!("set GALLEY_MARK_SPANS=1 to mark the spans of the built-in packs");
        return;
    }
    let settings = Settings::builtin();
    let root = crate::support::root();
    for (path, _) in galley::config::BUILTIN_PACKS {
        let path = root.join(path);
        let mut pack = std::fs::read_to_string(&path).unwrap();
        let mut edits: Vec<(usize, char)> = Vec::new();
        for (id, literals) in bad_literals(&pack) {
            let rule = settings.rules.iter().find(|r| *r.meta.id == *id).unwrap();
            for (bad, literal) in rule.docs().bad.iter().zip(literals) {
                if !bad.spans().is_empty() {
                    continue;
                }
                let source = SourceFile::new("example", bad.text());
                let doc = Document::parse(
                    &source,
                    bad.format().unwrap_or(Format::TEXT),
                    &settings.article,
                );
                let mut spans: Vec<Range<usize>> = rule
                    .check(&doc)
                    .iter()
                    .map(|d| d.span.start..d.span.end)
                    .collect();
                spans.sort_by_key(|r| (r.start, r.end));
                spans.dedup();
                if spans.is_empty()
                    || spans.iter().any(|r| r.is_empty())
                    || spans.windows(2).any(|w| w[1].start < w[0].end)
                {
                    eprintln!(
                        "{id}: {:?}: left unmarked (flagged at {spans:?})",
                        bad.text()
                    );
                    continue;
                }
                let Some(offsets) = literal_offsets(&pack[literal.clone()]) else {
                    eprintln!(
                        "{id}: {:?}: left unmarked (a line-ending backslash)",
                        bad.text()
                    );
                    continue;
                };
                for span in spans {
                    edits.push((literal.start + offsets[span.start], MARK_OPEN));
                    edits.push((literal.start + offsets[span.end], MARK_CLOSE));
                }
            }
        }
        edits.sort_by_key(|&(at, mark)| (std::cmp::Reverse(at), mark == MARK_CLOSE));
        for (at, mark) in edits {
            pack.insert(at, mark);
        }
        std::fs::write(&path, pack).unwrap();
    }
}

#[test]
fn literal_offsets_follow_escapes() {
    let offsets = literal_offsets(r#""a\"b\u00a0c""#).unwrap();
    // a, ", b, no-break space (2 bytes), c, end.
    assert_eq!(offsets, vec![1, 2, 4, 5, 5, 11, 12]);
    assert_eq!(literal_offsets("\"\"\"\nab\"\"\""), Some(vec![4, 5, 6]));
    assert_eq!(literal_offsets("'a\\'"), Some(vec![1, 2, 3]));
}
