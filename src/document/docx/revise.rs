//! Writing into `word/document.xml` at places in its text: tracked changes
//! (a deletion of the old text, cut per run so that each run keeps its
//! formatting, and an insertion of the new text in the formatting of the
//! run it replaces) and comment anchors. Only the runs that hold such a
//! place are rewritten; every other byte of the XML stays as it was.

use std::ops::Range;

use super::layout::{ChildKind, Layout, Run};

/// Who makes the changes, and when.
#[derive(Debug, Clone, Copy)]
pub struct Stamp<'a> {
    pub author: &'a str,
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub date: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Just before the text at the place.
    Before,
    /// Just after the text that ends at the place.
    After,
}

#[derive(Debug, Clone)]
enum Mark {
    /// New text, in the formatting of the run with this index.
    Insert {
        text: String,
        like: usize,
    },
    CommentStart(u64),
    CommentEnd(u64),
}

/// Children of a run being gathered into one new run: whether they are
/// deleted, and their XML.
type Group = Option<(bool, String)>;

/// Writes out a gathered group.
type Close<'a> = dyn Fn(&mut Group, &mut String, &mut u64) + 'a;

/// What goes where.
pub struct Plan<'l> {
    layout: &'l Layout,
    /// Runs with text, in the order of their text.
    by_text: Vec<usize>,
    deletes: Vec<Range<usize>>,
    /// (run, place, side, mark), in the order they were planned.
    marks: Vec<(usize, usize, Side, Mark)>,
}

impl<'l> Plan<'l> {
    pub fn new(layout: &'l Layout) -> Plan<'l> {
        let mut by_text: Vec<usize> = (0..layout.runs.len())
            .filter(|&i| !layout.runs[i].text.is_empty())
            .collect();
        by_text.sort_by_key(|&i| layout.runs[i].text.start);
        Plan {
            layout,
            by_text,
            deletes: Vec::new(),
            marks: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.deletes.is_empty() && self.marks.is_empty()
    }

    fn run(&self, index: usize) -> &Run {
        &self.layout.runs[index]
    }

    /// The run whose text holds the character at `at`.
    fn holding(&self, at: usize) -> Option<usize> {
        let i = self
            .by_text
            .partition_point(|&r| self.run(r).text.end <= at);
        self.by_text
            .get(i)
            .copied()
            .filter(|&r| self.run(r).text.start <= at)
    }

    /// Replaces the text in `range` (within one paragraph) with `text`.
    pub fn replace(&mut self, range: Range<usize>, text: &str) -> Result<(), String> {
        let unplaced = || {
            format!(
                "no run holds the text at byte {} of the document's text",
                range.start
            )
        };
        if !range.is_empty() {
            let covered: usize = self
                .by_text
                .iter()
                .map(|&r| &self.run(r).text)
                .map(|t| {
                    range
                        .end
                        .min(t.end)
                        .saturating_sub(range.start.max(t.start))
                })
                .sum();
            if covered != range.len() {
                return Err(unplaced());
            }
            self.deletes.push(range.clone());
            if !text.is_empty() {
                let like = self.holding(range.start).ok_or_else(unplaced)?;
                let owner = self.holding(range.end - 1).ok_or_else(unplaced)?;
                self.marks.push((
                    owner,
                    range.end,
                    Side::After,
                    Mark::Insert {
                        text: text.to_string(),
                        like,
                    },
                ));
            }
            return Ok(());
        }
        if text.is_empty() {
            return Ok(());
        }
        let at = range.start;
        let line_start = at == 0 || self.layout.text.as_bytes()[at - 1] == b'\n';
        let (owner, side) = if line_start {
            (self.holding(at), Side::Before)
        } else {
            (self.holding(at - 1), Side::After)
        };
        let owner = owner.ok_or_else(unplaced)?;
        self.marks.push((
            owner,
            at,
            side,
            Mark::Insert {
                text: text.to_string(),
                like: owner,
            },
        ));
        Ok(())
    }

    /// Anchors comment `id` on `range` (not empty, within one paragraph).
    pub fn comment(&mut self, range: Range<usize>, id: u64) -> Result<(), String> {
        let unplaced = || {
            format!(
                "no run holds the text at byte {} of the document's text",
                range.start
            )
        };
        let first = self.holding(range.start).ok_or_else(unplaced)?;
        let last = self
            .holding(range.end.max(range.start + 1) - 1)
            .ok_or_else(unplaced)?;
        self.marks
            .push((first, range.start, Side::Before, Mark::CommentStart(id)));
        self.marks
            .push((last, range.end, Side::After, Mark::CommentEnd(id)));
        Ok(())
    }

    /// The XML with the plan carried out: revision and comment ids are
    /// taken from `next_id` on.
    pub fn render(&self, xml: &str, stamp: Stamp, next_id: &mut u64) -> String {
        let layout = self.layout;
        let mut touched: Vec<usize> = (0..layout.runs.len())
            .filter(|&i| self.touches(i))
            .collect();
        // A run inside another (in a text box) is written first, so that
        // the outer run's copy of the box holds it.
        touched.sort_by_key(|&i| std::cmp::Reverse(layout.runs[i].depth));
        let mut written: Vec<(Range<usize>, String)> = Vec::new();
        for index in touched {
            let out = self.render_run(xml, index, stamp, next_id, &written);
            written.push((layout.runs[index].xml.clone(), out));
        }
        splice(xml, 0..xml.len(), &written)
    }

    fn touches(&self, index: usize) -> bool {
        let text = &self.run(index).text;
        self.marks.iter().any(|m| m.0 == index)
            || self
                .deletes
                .iter()
                .any(|d| d.start < text.end && text.start < d.end)
    }

    fn render_run(
        &self,
        xml: &str,
        index: usize,
        stamp: Stamp,
        next_id: &mut u64,
        written: &[(Range<usize>, String)],
    ) -> String {
        let run = self.run(index);
        let prefix = &self.layout.prefix;
        let inside = |at: usize| run.text.start < at && at < run.text.end;
        let mut cuts: Vec<usize> = self
            .deletes
            .iter()
            .flat_map(|d| [d.start, d.end])
            .chain(self.marks.iter().filter(|m| m.0 == index).map(|m| m.1))
            .filter(|&at| inside(at))
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut out = String::new();
        let mut group: Group = None;
        let close = |group: &mut Group, out: &mut String, next_id: &mut u64| {
            if let Some((deleted, items)) = group.take() {
                let r = self.wrap_run(xml, run, &items);
                if deleted {
                    out.push_str(&revision(prefix, "del", stamp, next_id, &r));
                } else {
                    out.push_str(&r);
                }
            }
        };
        for child in &run.children {
            let pieces: Vec<(Range<usize>, Option<&str>)> = match &child.kind {
                ChildKind::Text(s)
                    if cuts
                        .iter()
                        .any(|&c| child.text.start < c && c < child.text.end) =>
                {
                    let mut at = child.text.start;
                    let mut pieces = Vec::new();
                    for &c in cuts
                        .iter()
                        .filter(|&&c| child.text.start < c && c < child.text.end)
                    {
                        let from = at - child.text.start;
                        pieces.push((at..c, Some(&s[from..c - child.text.start])));
                        at = c;
                    }
                    pieces.push((at..child.text.end, Some(&s[at - child.text.start..])));
                    pieces
                }
                _ => vec![(child.text.clone(), None)],
            };
            for (text, piece) in pieces {
                let has_text = !text.is_empty();
                if has_text {
                    self.emit_marks(
                        xml,
                        index,
                        text.start,
                        Side::Before,
                        stamp,
                        next_id,
                        &mut group,
                        &mut out,
                        &close,
                    );
                }
                let deleted = has_text
                    && self
                        .deletes
                        .iter()
                        .any(|d| d.start <= text.start && text.end <= d.end);
                let whole = match &child.kind {
                    ChildKind::Text(s) => Some(s.as_str()),
                    _ => None,
                };
                let item = match (piece, deleted) {
                    (Some(s), false) => element(prefix, "t", s),
                    (Some(s), true) => element(prefix, "delText", s),
                    (None, true) if whole.is_some() => {
                        element(prefix, "delText", whole.unwrap_or_default())
                    }
                    (None, _) => splice(xml, child.xml.clone(), written),
                };
                match &mut group {
                    Some((d, items)) if *d == deleted => items.push_str(&item),
                    _ => {
                        close(&mut group, &mut out, next_id);
                        group = Some((deleted, item));
                    }
                }
                if has_text {
                    self.emit_marks(
                        xml,
                        index,
                        text.end,
                        Side::After,
                        stamp,
                        next_id,
                        &mut group,
                        &mut out,
                        &close,
                    );
                }
            }
        }
        close(&mut group, &mut out, next_id);
        out
    }

    /// Writes the marks of run `index` at `at` on `side`, closing the
    /// group of children being gathered first.
    #[allow(clippy::too_many_arguments)]
    fn emit_marks(
        &self,
        xml: &str,
        index: usize,
        at: usize,
        side: Side,
        stamp: Stamp,
        next_id: &mut u64,
        group: &mut Group,
        out: &mut String,
        close: &Close,
    ) {
        let prefix = &self.layout.prefix;
        for (_, _, _, mark) in self
            .marks
            .iter()
            .filter(|m| m.0 == index && m.1 == at && m.2 == side)
        {
            close(group, out, next_id);
            match mark {
                Mark::Insert { text, like } => {
                    let items = text_elements(prefix, text);
                    let r = self.wrap_run(xml, self.run(*like), &items);
                    out.push_str(&revision(prefix, "ins", stamp, next_id, &r));
                }
                Mark::CommentStart(id) => {
                    out.push_str(&format!("<{}/>", tag(prefix, "commentRangeStart", *id)));
                }
                Mark::CommentEnd(id) => {
                    out.push_str(&format!(
                        "<{}/><{r}><{}/></{r}>",
                        tag(prefix, "commentRangeEnd", *id),
                        tag(prefix, "commentReference", *id),
                        r = qualified(prefix, "r"),
                    ));
                }
            }
        }
    }

    /// `items` in a run with the start tag and properties of `like`.
    fn wrap_run(&self, xml: &str, like: &Run, items: &str) -> String {
        let props = like.props.clone().map_or("", |p| &xml[p]);
        format!(
            "{}{props}{items}</{}>",
            &xml[like.open.clone()],
            qualified(&self.layout.prefix, "r")
        )
    }
}

fn qualified(prefix: &str, local: &str) -> String {
    if prefix.is_empty() {
        local.to_string()
    } else {
        format!("{prefix}:{local}")
    }
}

/// A start tag's inside with an id: `w:commentRangeStart w:id="3"`.
fn tag(prefix: &str, local: &str, id: u64) -> String {
    format!(
        "{} {}=\"{id}\"",
        qualified(prefix, local),
        qualified(prefix, "id")
    )
}

/// A tracked insertion or deletion of `content`.
fn revision(prefix: &str, local: &str, stamp: Stamp, next_id: &mut u64, content: &str) -> String {
    let id = *next_id;
    *next_id += 1;
    format!(
        "<{} {}=\"{}\" {}=\"{}\">{content}</{}>",
        tag(prefix, local, id),
        qualified(prefix, "author"),
        escape(stamp.author, true),
        qualified(prefix, "date"),
        stamp.date,
        qualified(prefix, local)
    )
}

/// A `w:t` (or `w:delText`) holding `text`, spaces kept.
fn element(prefix: &str, local: &str, text: &str) -> String {
    let name = qualified(prefix, local);
    format!(
        "<{name} xml:space=\"preserve\">{}</{name}>",
        escape(text, false)
    )
}

/// Run content for new text: tabs as `w:tab`, the rest as `w:t`.
fn text_elements(prefix: &str, text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('\t').enumerate() {
        if i > 0 {
            out.push_str(&format!("<{}/>", qualified(prefix, "tab")));
        }
        if !part.is_empty() {
            out.push_str(&element(prefix, "t", part));
        }
    }
    out
}

/// `s` escaped for XML text, or for an attribute value.
pub fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The XML in `range` with the rewritten pieces in it put in (one inside
/// another rewritten piece is already in that one).
fn splice(xml: &str, range: Range<usize>, written: &[(Range<usize>, String)]) -> String {
    let mut inside: Vec<&(Range<usize>, String)> = written
        .iter()
        .filter(|(r, _)| range.start <= r.start && r.end <= range.end && *r != range)
        .collect();
    inside.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out = String::with_capacity(range.len());
    let mut at = range.start;
    for (r, text) in inside {
        if r.start < at {
            continue;
        }
        out.push_str(&xml[at..r.start]);
        out.push_str(text);
        at = r.end;
    }
    out.push_str(&xml[at..range.end]);
    out
}
