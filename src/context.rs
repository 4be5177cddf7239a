//! What the whole text is like: which scripts it is written in, where its right-to-left lines
//! are, how it writes apostrophes and number separators.
//!
//! The same character is innocent in one text and a mark in another (a ZWNJ in Persian, a
//! U+2019 in a text typeset with curly quotes), so rules judge against these counts. They are
//! gathered in one pass and hold counts and positions, never the text.

use crate::catalogue::{self, props, Script};
use crate::report::Kind;

/// Most positions kept for document-wide patterns; counts go on past it.
const MAX_POSITIONS: usize = 1 << 16;

/// Document-wide facts the rules judge against.
#[derive(Debug, Default)]
pub struct Doc {
    pub latin: usize,
    /// Cyrillic and Greek letters.
    pub cyrillic_greek: usize,
    /// Thai, Lao, Khmer, Myanmar, Han, Kana and Hangul letters.
    pub spaceless_cjk: usize,
    pub cjk: usize,
    pub letters: usize,
    /// Byte ranges of lines that hold a right-to-left letter, sorted.
    pub rtl_lines: Vec<(usize, usize)>,
    /// Word-internal apostrophes (between two letters): position and character.
    pub apostrophes: Vec<(usize, char)>,
    pub apostrophe_count: usize,
    /// ASCII separators between digits (`2026-07-03`, `10:30`, `1.2`): how many of each.
    pub ascii_digit_separators: [usize; 4],
}

/// The ASCII separators the separator rule compares against, in `ascii_digit_separators` order.
pub const DIGIT_SEPARATORS: [char; 4] = ['-', '/', '.', ':'];

/// Whether `c` is written as an apostrophe: U+0027 or a look-alike of it.
/// Grave and acute accents are left out: between letters they are code quotes (`name`x) or
/// diacritics typed on their own, not apostrophes.
pub fn is_apostrophe_like(c: char) -> bool {
    c == '\''
        || (catalogue::kind(c) == Some(Kind::HomoglyphQuote)
            && catalogue::imitates(c) == Some('\'')
            && !matches!(c, '`' | '\u{00B4}'))
}

impl Doc {
    /// Gathers the facts about `text` in one pass.
    pub fn measure(text: &str) -> Doc {
        let mut doc = Doc::default();
        let mut line_start = 0;
        let mut line_rtl = false;
        let mut prev: Option<char> = None;
        let mut prev2: Option<char> = None;
        let mut pending_apostrophe: Option<(usize, char)> = None;
        let mut pending_separator: Option<usize> = None;
        for (i, c) in text.char_indices() {
            if c == '\n' {
                doc.end_line(line_start, i, line_rtl);
                line_start = i + 1;
                line_rtl = false;
            }
            let p = props(c);
            if p.is_letter() {
                doc.letters += 1;
                match p.script() {
                    Script::Latin => doc.latin += 1,
                    Script::Cyrillic | Script::Greek => doc.cyrillic_greek += 1,
                    Script::Spaceless => doc.spaceless_cjk += 1,
                    Script::Han | Script::Kana | Script::Hangul => {
                        doc.spaceless_cjk += 1;
                        doc.cjk += 1
                    }
                    _ => {}
                }
                if p.is_rtl() {
                    line_rtl = true;
                }
                if let Some(a) = pending_apostrophe.take() {
                    doc.apostrophe_count += 1;
                    if doc.apostrophes.len() < MAX_POSITIONS {
                        doc.apostrophes.push(a);
                    }
                }
            } else {
                pending_apostrophe = None;
            }
            if p.is_digit() {
                if let Some(k) = pending_separator.take() {
                    doc.ascii_digit_separators[k] += 1;
                }
            } else {
                pending_separator = None;
            }
            if is_apostrophe_like(c) && prev.is_some_and(|q| props(q).is_letter()) {
                pending_apostrophe = Some((i, c));
            }
            if let Some(k) = DIGIT_SEPARATORS.iter().position(|&s| s == c) {
                if prev.is_some_and(|q| q.is_ascii_digit())
                    && !prev2.is_some_and(|q| q.is_ascii_alphabetic())
                {
                    pending_separator = Some(k);
                }
            }
            prev2 = prev;
            prev = Some(c);
        }
        doc.end_line(line_start, text.len(), line_rtl);
        doc
    }

    fn end_line(&mut self, start: usize, end: usize, rtl: bool) {
        if !rtl {
            return;
        }
        match self.rtl_lines.last_mut() {
            Some(last) if last.1 + 1 >= start => last.1 = end,
            _ => self.rtl_lines.push((start, end)),
        }
    }

    /// The text has right-to-left lines.
    pub fn has_rtl(&self) -> bool {
        !self.rtl_lines.is_empty()
    }

    /// The line holding byte `at` has a right-to-left letter.
    pub fn rtl_at(&self, at: usize) -> bool {
        let i = self.rtl_lines.partition_point(|&(_, end)| end < at);
        self.rtl_lines.get(i).is_some_and(|&(start, _)| start <= at)
    }

    /// Written mostly in scripts without spaces between words, or CJK.
    pub fn mostly_spaceless(&self) -> bool {
        self.spaceless_cjk * 2 > self.letters
    }

    /// Written mostly in Cyrillic or Greek.
    pub fn mostly_cyrillic_greek(&self) -> bool {
        self.cyrillic_greek > self.latin
    }

    /// How many word-internal apostrophes are `c`.
    pub fn apostrophes_of(&self, c: char) -> usize {
        self.apostrophes.iter().filter(|&&(_, a)| a == c).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_rtl_lines() {
        let doc = Doc::measure("hello\nשלום world\nbye");
        assert!(doc.has_rtl());
        assert!(doc.rtl_at(8));
        assert!(!doc.rtl_at(2));
        assert!(!doc.rtl_at(25));
        assert!(!doc.mostly_spaceless());
        assert!(Doc::measure("ភាសាខ្មែរ").mostly_spaceless());
        assert!(Doc::measure("Привет, мир").mostly_cyrillic_greek());
    }

    #[test]
    fn apostrophes_and_separators() {
        let doc = Doc::measure("don't can’t won’t 'quoted' 2026-07-03 10:30 x-1");
        assert_eq!(doc.apostrophe_count, 3);
        assert_eq!(doc.apostrophes_of('’'), 2);
        assert_eq!(doc.ascii_digit_separators, [2, 0, 0, 1]);
    }
}
