//! Byte offsets to line and column, the way people and tools point into a file.
//!
//! Reports give byte offsets; a person wants `line:column` with the column counted in characters,
//! and SARIF viewers want columns in UTF-16 code units (its default `columnKind`). Findings come
//! sorted, so [`Locator`] walks forward from the last position instead of rescanning a long line
//! for every finding. A scan streams its input, so a locator also works on a piece of a text,
//! resuming from the position where the piece before it ended.

/// A position in a text. Lines and columns are 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters.
    pub column: usize,
    /// Column in UTF-16 code units.
    pub column_utf16: usize,
    /// Byte offset where the line starts.
    pub line_start: usize,
}

impl Position {
    /// The start of a text.
    pub const START: Position = Position {
        line: 1,
        column: 1,
        column_utf16: 1,
        line_start: 0,
    };
}

/// Bytes of a line [`Locator::line_around`] gives on each side of an offset: more than a line
/// window of [`super::inert::window`] shows.
const AROUND: usize = 1024;

/// Finds positions in one text, or in a piece of a longer text (a window of a streamed input).
pub struct Locator<'t> {
    text: &'t str,
    /// Offset of `text` in the longer text; offsets given and returned are in the longer text.
    base: usize,
    /// The first position known and its byte offset: searches that go back start there.
    first: (usize, Position),
    /// The last position found and its byte offset; the next search starts there when it can.
    last: (usize, Position),
}

impl<'t> Locator<'t> {
    /// A locator for the whole text `text`.
    pub fn new(text: &'t str) -> Self {
        Locator::resume(text, 0, 0, Position::START)
    }

    /// A locator for `text`, which starts at byte `base` of a longer text, whose byte `at` (not
    /// before `base`) is at `pos`: offsets from `at` on can be located.
    pub fn resume(text: &'t str, base: usize, at: usize, pos: Position) -> Self {
        Locator {
            text,
            base,
            first: (at, pos),
            last: (at, pos),
        }
    }

    /// The position of byte `offset` (clamped to the text, and back to a character boundary).
    pub fn locate(&mut self, offset: usize) -> Position {
        let offset = self.base + char_floor(self.text, offset.saturating_sub(self.base));
        let (from, mut pos) = if offset >= self.last.0 {
            self.last
        } else {
            self.first
        };
        let offset = offset.max(from);
        let span = &self.text[from - self.base..offset - self.base];
        match memchr::memrchr(b'\n', span.as_bytes()) {
            Some(nl) => {
                let tail = &span[nl + 1..];
                pos.line += memchr::memchr_iter(b'\n', span.as_bytes()).count();
                pos.column = 1 + tail.chars().count();
                pos.column_utf16 = 1 + tail.encode_utf16().count();
                pos.line_start = from + nl + 1;
            }
            None => {
                pos.column += span.chars().count();
                pos.column_utf16 += span.encode_utf16().count();
            }
        }
        self.last = (offset, pos);
        pos
    }

    /// The line of `pos` (the position of `offset`) without its `\n` or `\r\n`, as far as the
    /// text holds it and at most about `AROUND` bytes on each side of `offset`; with the offset
    /// where the returned piece starts.
    pub fn line_around(&self, pos: Position, offset: usize) -> (usize, &'t str) {
        let text = self.text;
        let at = char_floor(text, offset.saturating_sub(self.base));
        let line_start = pos.line_start.saturating_sub(self.base);
        let from = char_floor(text, line_start.max(at.saturating_sub(AROUND)));
        let rest = &text[at..];
        let limit = char_floor(rest, AROUND);
        let end = match memchr::memchr(b'\n', &rest.as_bytes()[..limit]) {
            Some(nl) => at + nl,
            None if limit == rest.len() => text.len(),
            None => return (self.base + from, &text[from..at + limit]),
        };
        let end = if end > from && text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        (self.base + from, &text[from..end])
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
        assert_eq!(l.line_around(p, x), (3, "cé😀x"));
        let p = l.locate(text.len());
        assert_eq!((p.line, p.column), (3, 2));
        let p = l.locate(1);
        assert_eq!((p.line, p.column, p.line_start), (1, 2, 0));
        // Inside a multi-byte character: the character's own position.
        assert_eq!(l.locate(x - 1).column, 3);
    }

    #[test]
    fn a_piece_of_a_longer_text_resumes_where_the_one_before_ended() {
        let text = "one\ntwo é\nthree 😀 four\r\nfive";
        let mut whole = Locator::new(text);
        let cut = text.find("three").unwrap() + 2;
        let at = whole.locate(cut);
        let mut piece = Locator::resume(&text[4..], 4, cut, at);
        for offset in [cut, cut + 4, text.find("four").unwrap(), text.len()] {
            let p = piece.locate(offset);
            assert_eq!(p, whole.locate(offset));
            assert_eq!(piece.line_around(p, offset), whole.line_around(p, offset));
        }
        let long = format!("{}x", "a".repeat(3 * AROUND));
        let l = Locator::new(&long);
        let (from, line) = l.line_around(l.first.1, 2 * AROUND);
        assert_eq!((from, line.len()), (AROUND, 2 * AROUND));
    }
}
