//! Offsets and LSP positions: a byte offset of the text galley checked, and
//! the (line, UTF-16 code unit) position the protocol speaks of.

use lsp_types::{Position, Range};

/// Line starts of a text, to convert offsets both ways.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// Lines end at `\n`; a `\r` before it stays on the line, as the
    /// protocol counts it.
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// The position of a byte offset (clamped to the text, moved back to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let character = self.text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum::<usize>();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end))
    }

    /// The byte offset of a position; a character past the end of its line
    /// is the line's end, a line past the end the text's end.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_for_emoji_cjk_and_combining_marks() {
        let text = "a😀b\n中e\u{301}x\r\nz";
        let index = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(index.position(b), Position::new(0, 3));
        let x = text.find('x').unwrap();
        assert_eq!(index.position(x), Position::new(1, 3));
        let z = text.find('z').unwrap();
        assert_eq!(index.position(z), Position::new(2, 0));
        for offset in [b, x, z, 0, text.len()] {
            assert_eq!(index.offset(index.position(offset)), offset);
        }
    }
}
