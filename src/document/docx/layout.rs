//! Where the text of `word/document.xml` is: the paragraphs' text, one a
//! line, as it reads with every tracked change accepted, and for each run
//! (`w:r`) and each of its children the bytes of XML and the text they
//! hold, so that a change or a comment can be written at a place in the
//! text without touching the rest of the XML.

use std::ops::Range;

use quick_xml::events::{BytesStart, Event};

/// The WordprocessingML namespace.
const WORDML: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Which text a reading shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Every tracked change accepted: inserted text in, deleted text out.
    Accepted,
    /// Changes whose id is at least this one rejected (galley's own, just
    /// written), the others accepted: to check what rejecting them gives.
    RejectFrom(u64),
}

/// The text of a document part and where it is in the XML.
#[derive(Debug, Default)]
pub struct Layout {
    /// A paragraph a line.
    pub text: String,
    /// Each paragraph's style ("" when none).
    pub styles: Vec<String>,
    pub runs: Vec<Run>,
    /// Comment anchors in the text: id, start and end (where found in a
    /// paragraph).
    pub anchors: Vec<Anchor>,
    /// The prefix the document gives the WordprocessingML namespace.
    pub prefix: String,
    /// The largest numeric `w:id` in the part (0 when none).
    pub max_id: u64,
}

/// A run: its XML, its start tag and properties, and its children.
#[derive(Debug, Clone)]
pub struct Run {
    /// `<w:r …>` to `</w:r>`.
    pub xml: Range<usize>,
    /// The start tag.
    pub open: Range<usize>,
    /// `<w:rPr>…</w:rPr>`, when there is one.
    pub props: Option<Range<usize>>,
    pub children: Vec<Child>,
    /// The text the run holds.
    pub text: Range<usize>,
    /// How many runs hold this one (a run in a text box is held by the run
    /// of the drawing).
    pub depth: usize,
}

/// A child of a run other than its properties.
#[derive(Debug, Clone)]
pub struct Child {
    pub xml: Range<usize>,
    pub kind: ChildKind,
    pub text: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChildKind {
    /// `w:t`, with its text decoded.
    Text(String),
    /// `w:tab`: a tab in the text.
    Tab,
    /// `w:br`, `w:cr`: a space in the text.
    Break,
    /// Anything else (a drawing, a field character, a comment reference):
    /// no text.
    Other,
}

/// A comment's place in the text.
#[derive(Debug, Clone, Default)]
pub struct Anchor {
    pub id: String,
    pub start: Option<usize>,
    pub end: Option<usize>,
}

/// A paragraph being read: offsets are its own until it closes.
#[derive(Default)]
struct Open {
    style: String,
    text: String,
    runs: Vec<usize>,
    /// (anchor index, is start, offset).
    marks: Vec<(usize, bool, usize)>,
}

/// An element being read.
struct Element {
    name: Name,
    /// Where it starts in the XML.
    start: usize,
    /// The run it is a child of, when it is one.
    child_of: Option<usize>,
    /// Where its text starts in its paragraph.
    at: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    P,
    R,
    T,
    DelText,
    RunProps,
    ParaStyle,
    Ins,
    Del,
    MoveFrom,
    Fallback,
    Other,
}

/// Reads `xml`, a `word/document.xml`, as `view` shows it.
pub fn read(xml: &str, view: View) -> Result<Layout, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut layout = Layout {
        prefix: "w".to_string(),
        ..Layout::default()
    };
    let mut stack: Vec<Element> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut runs: Vec<usize> = Vec::new();
    // Paragraphs close in document order, except that a text box's close
    // before the paragraph that holds them.
    let mut done: Vec<Open> = Vec::new();
    // Depth of hidden content: deleted or moved-away text, fallbacks.
    let mut hidden = 0usize;
    let mut first = true;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            format!(
                "corrupt .docx: word/document.xml at byte {}: {e}",
                reader.error_position()
            )
        })?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(e) | Event::Empty(e) if first && hidden == 0 => {
                first = false;
                layout.prefix = wordml_prefix(&e).unwrap_or_else(|| "w".to_string());
                let empty = xml[before..after].ends_with("/>");
                if !empty {
                    stack.push(Element {
                        name: Name::Other,
                        start: before,
                        child_of: None,
                        at: 0,
                    });
                }
            }
            Event::Start(e) => {
                let name = name_of(&e, &layout.prefix);
                note_id(&e, &layout.prefix, &mut layout.max_id);
                let child_of = child_of(&stack, &runs, name);
                let hides = match name {
                    Name::Del | Name::MoveFrom => !revealed(&e, &layout.prefix, view),
                    Name::Ins => rejected(&e, &layout.prefix, view),
                    Name::Fallback => true,
                    _ => false,
                };
                if hides || hidden > 0 {
                    hidden += 1;
                    stack.push(Element {
                        name,
                        start: before,
                        child_of: None,
                        at: 0,
                    });
                    continue;
                }
                match name {
                    Name::P => open.push(Open::default()),
                    Name::R => {
                        let at = open.last().map_or(0, |p| p.text.len());
                        layout.runs.push(Run {
                            xml: before..before,
                            open: before..after,
                            props: None,
                            children: Vec::new(),
                            text: at..at,
                            depth: runs.len(),
                        });
                        let index = layout.runs.len() - 1;
                        runs.push(index);
                        if let Some(p) = open.last_mut() {
                            p.runs.push(index);
                        }
                    }
                    _ => {}
                }
                let at = open.last().map_or(0, |p| p.text.len());
                stack.push(Element {
                    name,
                    start: before,
                    child_of,
                    at,
                });
            }
            Event::Empty(e) => {
                let name = name_of(&e, &layout.prefix);
                note_id(&e, &layout.prefix, &mut layout.max_id);
                if hidden > 0 {
                    continue;
                }
                let local = e.local_name();
                let local = local.as_ref();
                match name {
                    Name::ParaStyle => set_style(&e, &layout.prefix, &mut open),
                    Name::P => done.push(Open::default()),
                    _ => {}
                }
                if is_wordml(&e, &layout.prefix)
                    && matches!(local, "commentRangeStart" | "commentRangeEnd")
                {
                    mark_comment(
                        &e,
                        &layout.prefix,
                        local == "commentRangeStart",
                        &mut layout.anchors,
                        &mut open,
                    );
                }
                if let Some(run) = child_of(&stack, &runs, name) {
                    let kind = match local {
                        "tab" if is_wordml(&e, &layout.prefix) => ChildKind::Tab,
                        "br" | "cr" if is_wordml(&e, &layout.prefix) => ChildKind::Break,
                        _ => ChildKind::Other,
                    };
                    let s = match kind {
                        ChildKind::Tab => "\t",
                        ChildKind::Break => " ",
                        _ => "",
                    };
                    add_child(&mut layout.runs[run], &mut open, before..after, kind, s);
                }
            }
            Event::End(_) => {
                let Some(element) = stack.pop() else {
                    continue;
                };
                if hidden > 0 {
                    hidden -= 1;
                    continue;
                }
                match element.name {
                    Name::P => {
                        if let Some(p) = open.pop() {
                            done.push(p);
                            place(&mut layout, done.last_mut());
                        }
                    }
                    Name::R => {
                        if let Some(index) = runs.pop() {
                            let run = &mut layout.runs[index];
                            run.xml = run.xml.start..after;
                            run.text.end = open.last().map_or(run.text.start, |p| p.text.len());
                        }
                    }
                    Name::RunProps if stack.last().is_some_and(|e| e.name == Name::R) => {
                        if let Some(&run) = runs.last() {
                            layout.runs[run].props = Some(element.start..after);
                        }
                    }
                    _ => {
                        if let Some(run) = element.child_of {
                            // A text element's text went in as it was read.
                            let kind = if element.name == Name::T {
                                ChildKind::Text(String::new())
                            } else {
                                ChildKind::Other
                            };
                            close_child(
                                &mut layout.runs[run],
                                &open,
                                element.start..after,
                                element.at,
                                kind,
                            );
                        }
                    }
                }
            }
            Event::Text(t) if hidden == 0 && reading_text(&stack, view) => {
                push_text(&mut open, &t.html_content());
            }
            Event::GeneralRef(r) if hidden == 0 && reading_text(&stack, view) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match &*r {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        _ => String::new(),
                    },
                };
                push_text(&mut open, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(layout)
}

/// Whether text read now is a run's text: `w:t`, or in a revealed
/// deletion `w:delText`.
fn reading_text(stack: &[Element], view: View) -> bool {
    match stack.last().map(|e| e.name) {
        Some(Name::T) => true,
        Some(Name::DelText) => matches!(view, View::RejectFrom(_)),
        _ => false,
    }
}

/// Gives a closed paragraph (the last in `done`) its place in the text:
/// its runs, children and comment marks move from its own offsets to the
/// document's.
fn place(layout: &mut Layout, paragraph: Option<&mut Open>) {
    let Some(p) = paragraph else {
        return;
    };
    let base = layout.text.len();
    for &index in &p.runs {
        let run = &mut layout.runs[index];
        run.text = run.text.start + base..run.text.end + base;
        for child in &mut run.children {
            child.text = child.text.start + base..child.text.end + base;
        }
    }
    for &(anchor, is_start, at) in &p.marks {
        let anchor = &mut layout.anchors[anchor];
        if is_start {
            anchor.start = Some(base + at);
        } else {
            anchor.end = Some(base + at);
        }
    }
    // One paragraph a line: line breaks inside become spaces.
    layout.text.push_str(&p.text.replace(['\n', '\r'], " "));
    layout.text.push('\n');
    layout.styles.push(std::mem::take(&mut p.style));
}

fn push_text(open: &mut [Open], s: &str) {
    if let Some(p) = open.last_mut() {
        p.text.push_str(s);
    }
}

/// Adds an empty child (a tab, a break, a marker) to `run`.
fn add_child(run: &mut Run, open: &mut [Open], xml: Range<usize>, kind: ChildKind, s: &str) {
    let Some(p) = open.last_mut() else {
        return;
    };
    let start = p.text.len();
    p.text.push_str(s);
    run.children.push(Child {
        xml,
        kind,
        text: start..p.text.len(),
    });
}

/// Closes a child that had content: a `w:t`'s text was pushed as read and
/// is taken back from the paragraph.
fn close_child(run: &mut Run, open: &[Open], xml: Range<usize>, start: usize, kind: ChildKind) {
    let Some(p) = open.last() else {
        return;
    };
    let end = p.text.len();
    let kind = match kind {
        ChildKind::Text(_) => ChildKind::Text(p.text[start..end].to_string()),
        other => other,
    };
    // Other children hold no text of this paragraph (a text box's text is
    // its own paragraphs').
    let text = if matches!(kind, ChildKind::Text(_)) {
        start..end
    } else {
        end..end
    };
    run.children.push(Child { xml, kind, text });
}

/// The run an element opened now is a child of: the run on top, when the
/// element's parent is that run and the element is not its properties.
fn child_of(stack: &[Element], runs: &[usize], name: Name) -> Option<usize> {
    let parent = stack.last()?;
    if parent.name != Name::R || name == Name::RunProps {
        return None;
    }
    runs.last().copied()
}

fn name_of(e: &BytesStart, prefix: &str) -> Name {
    if !is_wordml(e, prefix) {
        return if e.local_name().as_ref() == "Fallback" {
            Name::Fallback
        } else {
            Name::Other
        };
    }
    match e.local_name().as_ref() {
        "p" => Name::P,
        "r" => Name::R,
        "t" => Name::T,
        "delText" => Name::DelText,
        "rPr" => Name::RunProps,
        "pStyle" => Name::ParaStyle,
        "ins" => Name::Ins,
        "del" => Name::Del,
        "moveFrom" => Name::MoveFrom,
        _ => Name::Other,
    }
}

/// Whether the element is in the WordprocessingML namespace (by the
/// document's prefix for it).
fn is_wordml(e: &BytesStart, prefix: &str) -> bool {
    let name = e.name();
    match name.prefix() {
        Some(p) => p.as_ref() == prefix,
        None => prefix.is_empty(),
    }
}

/// The prefix the root element binds to WordprocessingML.
fn wordml_prefix(root: &BytesStart) -> Option<String> {
    root.attributes().flatten().find_map(|a| {
        let key: &str = a.key.as_ref();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()?;
        if value != WORDML {
            return None;
        }
        Some(key.strip_prefix("xmlns:").unwrap_or("").to_string())
    })
}

fn attribute(e: &BytesStart, prefix: &str, local: &str) -> Option<String> {
    let key = if prefix.is_empty() {
        local.to_string()
    } else {
        format!("{prefix}:{local}")
    };
    let value = e.try_get_attribute(key.as_str()).ok()??;
    value
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

fn id_of(e: &BytesStart, prefix: &str) -> Option<u64> {
    attribute(e, prefix, "id")?.parse().ok()
}

fn note_id(e: &BytesStart, prefix: &str, max: &mut u64) {
    if let Some(id) = id_of(e, prefix) {
        *max = (*max).max(id);
    }
}

/// Whether a deletion's text shows: only when rejecting it.
fn revealed(e: &BytesStart, prefix: &str, view: View) -> bool {
    match view {
        View::Accepted => false,
        View::RejectFrom(first) => id_of(e, prefix).is_some_and(|id| id >= first),
    }
}

/// Whether an insertion is rejected in this view.
fn rejected(e: &BytesStart, prefix: &str, view: View) -> bool {
    revealed(e, prefix, view)
}

fn set_style(e: &BytesStart, prefix: &str, open: &mut [Open]) {
    if let Some(p) = open.last_mut()
        && let Some(value) = attribute(e, prefix, "val")
    {
        p.style = value;
    }
}

fn mark_comment(
    e: &BytesStart,
    prefix: &str,
    is_start: bool,
    anchors: &mut Vec<Anchor>,
    open: &mut [Open],
) {
    let (Some(id), Some(p)) = (attribute(e, prefix, "id"), open.last_mut()) else {
        return;
    };
    let index = match anchors.iter().position(|a| a.id == id) {
        Some(index) => index,
        None => {
            anchors.push(Anchor {
                id,
                ..Anchor::default()
            });
            anchors.len() - 1
        }
    };
    p.marks.push((index, is_start, p.text.len()));
}
