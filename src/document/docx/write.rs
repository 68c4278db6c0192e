//! Writing fixes and findings back into a .docx: the fixed text goes in as
//! tracked changes, findings as comments (`word/comments.xml`, its
//! relationship and content type), and every other part of the package is
//! copied as it was. What is written is read back before it is handed on:
//! accepting every change must give the fixed text, rejecting galley's
//! the original, or nothing is written.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::ops::Range;

use similar::{Algorithm, DiffTag};

use super::layout::{self, View};
use super::revise::{Plan, Stamp, escape};

const DOCUMENT: &str = "word/document.xml";
const CONTENT_TYPES: &str = "[Content_Types].xml";
const RELS: &str = "word/_rels/document.xml.rels";
const COMMENTS_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CONTENT: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

/// A finding to write as a comment: where it is in the document's text
/// (after fixing), and what it says.
#[derive(Debug, Clone)]
pub struct Note {
    pub span: Range<usize>,
    pub rule: String,
    pub message: String,
    pub help: Option<String>,
}

/// A .docx with changes and comments written in.
#[derive(Debug)]
pub struct Written {
    pub bytes: Vec<u8>,
    /// Tracked changes (deletions and insertions) written.
    pub revisions: usize,
    pub comments: usize,
}

/// The package `file`, whose text is `original`, with the changes that
/// make it `fixed` tracked and `notes` as comments by `author` at `date`;
/// `None` when nothing is to be written (the changes and comments are
/// there already).
pub fn write_back(
    file: &[u8],
    original: &str,
    fixed: &str,
    notes: &[Note],
    stamp: Stamp,
) -> Result<Option<Written>, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(file))
        .map_err(|e| format!("not a .docx: not a zip archive ({e})"))?;
    let xml = read_part(&mut archive, DOCUMENT)?
        .ok_or("not a .docx: the archive has no word/document.xml")?;
    let before = layout::read(&xml, View::Accepted)?;
    if before.text != original {
        return Err("word/document.xml does not hold the text that was checked".to_string());
    }
    let comments_part = comments_part(&mut archive)?;
    let existing = match &comments_part {
        Some(path) => read_part(&mut archive, path)?,
        None => None,
    };
    let old_comments = existing.as_deref().map(comments_in).unwrap_or_default();
    let mut next_id = before
        .max_id
        .max(old_comments.iter().map(|c| c.0).max().unwrap_or(0))
        + 1;
    let first_new = next_id;

    let mut xml_now = xml.clone();
    let mut revisions = 0;
    if fixed != original {
        let mut plan = Plan::new(&before);
        for (range, text) in hunks(original, fixed)? {
            plan.replace(range, &text)?;
        }
        xml_now = plan.render(&xml, stamp, &mut next_id);
        revisions = (next_id - first_new) as usize;
        let accepted = layout::read(&xml_now, View::Accepted)?;
        let rejected = layout::read(&xml_now, View::RejectFrom(first_new))?;
        if accepted.text != fixed || rejected.text != original {
            return Err(
                "the fixes could not be written as tracked changes that give the fixed text"
                    .to_string(),
            );
        }
    }

    let mut new_comments = String::new();
    let mut written_comments = 0;
    if !notes.is_empty() {
        let now = layout::read(&xml_now, View::Accepted)?;
        let mut plan = Plan::new(&now);
        for note in notes {
            let Some(range) = anchor_range(&now.text, note.span.clone()) else {
                continue;
            };
            let first = first_line(note);
            let standing = now.anchors.iter().any(|a| {
                a.start == Some(range.start)
                    && a.end == Some(range.end)
                    && old_comments
                        .iter()
                        .any(|c| c.0.to_string() == a.id && c.1 == stamp.author && c.2 == first)
            });
            if standing {
                continue;
            }
            let id = next_id;
            next_id += 1;
            plan.comment(range, id)?;
            new_comments.push_str(&comment_xml(id, note, stamp));
            written_comments += 1;
        }
        if !plan.is_empty() {
            xml_now = plan.render(&xml_now, stamp, &mut next_id);
            if layout::read(&xml_now, View::Accepted)?.text != fixed {
                return Err(
                    "the comments could not be written without changing the text".to_string(),
                );
            }
        }
    }
    if revisions == 0 && written_comments == 0 {
        return Ok(None);
    }

    let mut parts: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    parts.insert(DOCUMENT.to_string(), xml_now.into_bytes());
    if written_comments > 0 {
        add_comments(
            &mut archive,
            comments_part,
            existing,
            &new_comments,
            &mut parts,
        )?;
    }
    let bytes = repack(&mut archive, &parts)?;
    Ok(Some(Written {
        bytes,
        revisions,
        comments: written_comments,
    }))
}

type Archive<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

/// A part's text, `None` when the package has no such part.
fn read_part(archive: &mut Archive, name: &str) -> Result<Option<String>, String> {
    let mut part = match archive.by_name(name) {
        Ok(part) => part,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("corrupt .docx: {name} cannot be read ({e})")),
    };
    let mut bytes = Vec::new();
    part.read_to_end(&mut bytes)
        .map_err(|e| format!("corrupt .docx: {name} cannot be read ({e})"))?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| format!("corrupt .docx: {name} is not UTF-8"))
}

/// The changed stretches of each paragraph: (range in `old`, new text),
/// by words, each trimmed to the characters that differ.
pub fn hunks(old: &str, new: &str) -> Result<Vec<(Range<usize>, String)>, String> {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    if old_lines.len() != new_lines.len() {
        return Err(
            "a fix joins or splits paragraphs, which is not written into a .docx".to_string(),
        );
    }
    let mut out = Vec::new();
    let mut base = 0;
    for (a, b) in old_lines.into_iter().zip(new_lines) {
        if a != b {
            let (ta, tb) = (tokens(a), tokens(b));
            let ops = similar::capture_diff_slices(Algorithm::Myers, &ta, &tb);
            let offset =
                |tokens: &[&str], i: usize| tokens[..i].iter().map(|t| t.len()).sum::<usize>();
            let mut pending: Option<(Range<usize>, Range<usize>)> = None;
            let mut flush = |p: Option<(Range<usize>, Range<usize>)>| {
                if let Some((o, n)) = p {
                    let (oa, ob) = (offset(&ta, o.start), offset(&ta, o.end));
                    let (na, nb) = (offset(&tb, n.start), offset(&tb, n.end));
                    let (from, to, with) = trim(&a[oa..ob], &b[na..nb]);
                    if from < to || !with.is_empty() {
                        out.push((base + oa + from..base + oa + to, with.to_string()));
                    }
                }
            };
            for op in ops {
                let (tag, o, n) = op.as_tag_tuple();
                if tag == DiffTag::Equal {
                    flush(pending.take());
                    continue;
                }
                pending = Some(match pending {
                    Some((po, pn)) => (po.start..o.end, pn.start..n.end),
                    None => (o, n),
                });
            }
            flush(pending.take());
        }
        base += a.len();
    }
    Ok(out)
}

/// Words, runs of spaces, and single other characters.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let class = |c: char| {
        if c.is_alphanumeric() {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        }
    };
    let mut last: Option<u8> = None;
    for (i, c) in s.char_indices() {
        let k = class(c);
        if i > start && (Some(k) != last || k == 2) {
            out.push(&s[start..i]);
            start = i;
        }
        last = Some(k);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The part of `old` that differs from `new` once their common start and
/// end are set aside: (from, to) in `old`, and what replaces it.
fn trim<'a>(old: &str, new: &'a str) -> (usize, usize, &'a str) {
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    (prefix, old.len() - suffix, &new[prefix..new.len() - suffix])
}

/// Where a comment on `span` goes: within its first paragraph, and never
/// empty (an empty span takes the character after it, or before it at a
/// paragraph's end). `None` on an empty paragraph.
fn anchor_range(text: &str, span: Range<usize>) -> Option<Range<usize>> {
    let line_end = text[span.start..]
        .find('\n')
        .map_or(text.len(), |i| span.start + i);
    let end = span.end.min(line_end);
    if span.start < end {
        return Some(span.start..end);
    }
    if span.start < line_end {
        let next = text[span.start..].chars().next()?.len_utf8();
        return Some(span.start..span.start + next);
    }
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let prev = text[line_start..span.start].chars().next_back()?.len_utf8();
    Some(span.start - prev..span.start)
}

fn first_line(note: &Note) -> String {
    format!("{}: {}", note.rule, note.message)
}

/// A `w:comment` saying what the finding is and how to fix it.
fn comment_xml(id: u64, note: &Note, stamp: Stamp) -> String {
    let paragraph = |text: &str, reference: bool| {
        let mark = if reference {
            "<w:r><w:annotationRef/></w:r>"
        } else {
            ""
        };
        format!(
            "<w:p>{mark}<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            escape(text, false)
        )
    };
    let mut body = paragraph(&first_line(note), true);
    if let Some(help) = &note.help {
        body.push_str(&paragraph(help, false));
    }
    format!(
        "<w:comment w:id=\"{id}\" w:author=\"{}\" w:date=\"{}\" w:initials=\"{}\">{body}</w:comment>",
        escape(stamp.author, true),
        stamp.date,
        escape(&stamp.author.chars().take(1).collect::<String>(), true),
    )
}

/// The comments of a `word/comments.xml`: id, author and the text of the
/// first paragraph.
fn comments_in(xml: &str) -> Vec<(u64, String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out: Vec<(u64, String, String)> = Vec::new();
    let (mut paragraphs, mut in_text) = (0usize, false);
    let value = |e: &quick_xml::events::BytesStart, key: &str| {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == key)
            .and_then(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
    };
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "comment" => {
                    let id = value(&e, "id").and_then(|v| v.parse().ok()).unwrap_or(0);
                    out.push((id, value(&e, "author").unwrap_or_default(), String::new()));
                    paragraphs = 0;
                }
                "p" => paragraphs += 1,
                "t" => in_text = true,
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "t" => in_text = false,
            Event::Text(t) if in_text && paragraphs == 1 => {
                if let Some(c) = out.last_mut() {
                    c.2.push_str(&t.html_content());
                }
            }
            Event::GeneralRef(r) if in_text && paragraphs == 1 => {
                if let (Some(c), Some(s)) = (out.last_mut(), entity(&r)) {
                    c.2.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn entity(r: &quick_xml::events::BytesRef) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    Some(
        match &**r {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            _ => return None,
        }
        .to_string(),
    )
}

/// The comments part the document's relationships name, if any.
fn comments_part(archive: &mut Archive) -> Result<Option<String>, String> {
    let Some(rels) = read_part(archive, RELS)? else {
        return Ok(None);
    };
    Ok(relationships(&rels)
        .into_iter()
        .find(|(_, kind, _)| kind == COMMENTS_TYPE)
        .map(|(_, _, target)| match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("word/{target}"),
        }))
}

/// (Id, Type, Target) of each relationship.
fn relationships(xml: &str) -> Vec<(String, String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let get = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == key)
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        })
                        .unwrap_or_default()
                };
                out.push((get("Id"), get("Type"), get("Target")));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Puts the new comments in the comments part, creating it (with its
/// relationship and content type) when the document has none.
fn add_comments(
    archive: &mut Archive,
    part: Option<String>,
    existing: Option<String>,
    comments: &str,
    parts: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), String> {
    if let (Some(part), Some(xml)) = (&part, existing) {
        parts.insert(
            part.clone(),
            insert_before_close(&xml, comments, "comments")?.into_bytes(),
        );
        return Ok(());
    }
    let path = part.unwrap_or_else(|| "word/comments.xml".to_string());
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{comments}</w:comments>"
    );
    parts.insert(path.clone(), xml.into_bytes());
    let rels = read_part(archive, RELS)?;
    let has_rel = rels.as_deref().is_some_and(|r| {
        relationships(r)
            .iter()
            .any(|(_, kind, _)| kind == COMMENTS_TYPE)
    });
    if !has_rel {
        let target = path
            .strip_prefix("word/")
            .map_or(format!("/{path}"), str::to_string);
        let rels = rels.unwrap_or_else(|| "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>".to_string());
        let taken: Vec<String> = relationships(&rels).into_iter().map(|r| r.0).collect();
        let id = (1..)
            .map(|n| format!("rId{n}"))
            .find(|id| !taken.contains(id))
            .unwrap_or_default();
        let rel = format!(
            "<Relationship Id=\"{id}\" Type=\"{COMMENTS_TYPE}\" Target=\"{}\"/>",
            escape(&target, true)
        );
        parts.insert(
            RELS.to_string(),
            insert_before_close(&rels, &rel, "Relationships")?.into_bytes(),
        );
    }
    let types = read_part(archive, CONTENT_TYPES)?
        .ok_or("not a .docx: the archive has no [Content_Types].xml")?;
    let name = format!("/{path}");
    if !types
        .to_lowercase()
        .contains(&format!("partname=\"{}\"", name.to_lowercase()))
    {
        let entry = format!("<Override PartName=\"{name}\" ContentType=\"{COMMENTS_CONTENT}\"/>");
        parts.insert(
            CONTENT_TYPES.to_string(),
            insert_before_close(&types, &entry, "Types")?.into_bytes(),
        );
    }
    Ok(())
}

/// `xml` with `content` put at the end of its root element (named `root`,
/// with any prefix), which may be empty (`<root/>`).
fn insert_before_close(xml: &str, content: &str, root: &str) -> Result<String, String> {
    let trimmed = xml.trim_end();
    let open = trimmed
        .rfind('<')
        .ok_or_else(|| format!("corrupt .docx: no {root} element"))?;
    let last = &trimmed[open..];
    let name_ok = |name: &str| name == root || name.ends_with(&format!(":{root}"));
    if let Some(name) = last.strip_prefix("</").and_then(|s| s.strip_suffix('>'))
        && name_ok(name.trim())
    {
        return Ok(format!("{}{content}{}", &xml[..open], &xml[open..]));
    }
    if let Some(inner) = last.strip_prefix('<').and_then(|s| s.strip_suffix("/>")) {
        let name = inner.split_whitespace().next().unwrap_or("");
        if name_ok(name) {
            return Ok(format!(
                "{}<{}>{content}</{name}>{}",
                &xml[..open],
                inner.trim_end(),
                &xml[trimmed.len()..]
            ));
        }
    }
    Err(format!(
        "corrupt .docx: the {root} element does not close where expected"
    ))
}

/// The package with `parts` replaced or added: every other entry copied
/// as it is stored (same bytes, same compression), in the same order, new
/// parts last.
fn repack(archive: &mut Archive, parts: &BTreeMap<String, Vec<u8>>) -> Result<Vec<u8>, String> {
    let broken = |e: zip::result::ZipError| format!("corrupt .docx: {e}");
    let failed = |e: std::io::Error| format!("cannot write the .docx: {e}");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut template = None;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(broken)?;
        let name = entry.name().to_string();
        match parts.get(&name) {
            Some(bytes) => {
                let options = entry.options();
                template.get_or_insert(options);
                drop(entry);
                out.start_file(name, options).map_err(broken)?;
                out.write_all(bytes).map_err(failed)?;
            }
            None => out.raw_copy_file(entry).map_err(broken)?,
        }
    }
    for (name, bytes) in parts {
        if archive.index_for_name(name).is_none() {
            let options = template.unwrap_or_else(|| {
                zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated)
            });
            out.start_file(name.as_str(), options).map_err(broken)?;
            out.write_all(bytes).map_err(failed)?;
        }
    }
    if !archive.comment().is_empty() {
        out.set_raw_comment(archive.comment().into());
    }
    Ok(out.finish().map_err(broken)?.into_inner())
}

/// Now, as Word writes a revision's date: `2026-01-31T09:05:00Z`.
pub fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    // Days to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}
