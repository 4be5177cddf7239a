//! Byte offsets to line and column, the way people and tools point into a file.
//!
//! Reports give byte offsets; a person wants `line:column` with the column counted in characters,
//! and SARIF viewers want columns in UTF-16 code units (its default `columnKind`). Findings come
//! sorted, so [`Locator`] walks forward from the last position instead of rescanning a long line
//! for every finding.

/// A position in a text. Lines and columns are 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    /// Column in characters.
    pub column: usize,
    /// Column in UTF-16 code units.
    pub column_utf16: usize,
    /// Byte offset where the line starts.
    pub line_start: usize,
}

/// Finds positions in one text.
pub struct Locator<'t> {
    text: &'t str,
    /// The last position found and its byte offset; the next search starts there when it can.
    last: (usize, Position),
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Self {
        let start = Position {
            line: 1,
            column: 1,
            column_utf16: 1,
            line_start: 0,
        };
        Locator {
            text,
            last: (0, start),
        }
    }

    /// The position of byte `offset` (clamped to the text, and back to a character boundary).
    pub fn locate(&mut self, offset: usize) -> Position {
        let offset = char_floor(self.text, offset);
        let (from, mut pos) = if offset >= self.last.0 {
            self.last
        } else {
            (0, Locator::new(self.text).last.1)
        };
        for c in self.text[from..offset].chars() {
            if c == '\n' {
                pos.line += 1;
                pos.column = 1;
                pos.column_utf16 = 1;
            } else {
                pos.column += 1;
                pos.column_utf16 += c.len_utf16();
            }
        }
        if let Some(nl) = self.text[from..offset].rfind('\n') {
            pos.line_start = from + nl + 1;
        }
        self.last = (offset, pos);
        pos
    }

    /// End of the line that starts at `line_start`, without its `\n` or `\r\n`.
    pub fn line_end(&self, line_start: usize) -> usize {
        let rest = &self.text[line_start..];
        let end = line_start + rest.find('\n').unwrap_or(rest.len());
        if end > line_start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        }
    }
}

/// `i` clamped to `s` and moved back to a character boundary: offsets from a report are trusted
/// to be right, but a wrong one must not crash the printer.
pub fn char_floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_chars_and_utf16() {
        let text = "ab\ncé😀x\r\nz";
        let mut l = Locator::new(text);
        let x = text.find('x').unwrap();
        let p = l.locate(x);
        assert_eq!(
            (p.line, p.column, p.column_utf16, p.line_start),
            (2, 4, 5, 3)
        );
        assert_eq!(l.line_end(p.line_start), x + 1);
        let p = l.locate(text.len());
        assert_eq!((p.line, p.column), (3, 2));
        let p = l.locate(1);
        assert_eq!((p.line, p.column, p.line_start), (1, 2, 0));
        // Inside a multi-byte character: the character's own position.
        assert_eq!(l.locate(x - 1).column, 3);
    }
}
