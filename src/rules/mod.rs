//! The rules: each module finds one family of suspicious characters and judges them in
//! context, emitting [`Hit`]s that the scanner merges into findings.

pub mod apostrophes;
pub mod confusables;
pub mod date_marker;
pub mod escapes;
pub mod invisible;
pub mod separators;
pub mod spaces;
pub mod trailing;

use crate::report::{Kind, Severity};

/// One judged character or run, before adjacent hits are merged into a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub severity: Severity,
    /// Stable rule identifier, `kind/what`.
    pub rule: &'static str,
    pub detail: Detail,
}

/// What an explanation needs beyond the characters themselves.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Detail {
    #[default]
    None,
    /// The word or token the characters sit in (byte range).
    Word(usize, usize),
    /// A subdivision flag's code, as spelled by its tag characters.
    Flag(String),
    /// The apostrophe or separator the rest of the text uses.
    Prevailing(char),
    /// Two look-alike characters alternate as an alphabet: their count.
    Alphabet(usize),
}

impl Hit {
    pub fn new(
        start: usize,
        end: usize,
        kind: Kind,
        severity: Severity,
        rule: &'static str,
    ) -> Hit {
        Hit {
            start,
            end,
            kind,
            severity,
            rule,
            detail: Detail::None,
        }
    }

    pub fn with(mut self, detail: Detail) -> Hit {
        self.detail = detail;
        self
    }
}

/// Byte offsets of every non-ASCII character in `text` with its catalogue kind.
pub fn catalogued(text: &str) -> impl Iterator<Item = (usize, char, Kind)> + '_ {
    NonAscii { text, at: 0 }.filter_map(|(i, c)| crate::catalogue::kind(c).map(|k| (i, c, k)))
}

/// Iterates the non-ASCII characters of a text, skipping ASCII a word at a time.
struct NonAscii<'a> {
    text: &'a str,
    at: usize,
}

impl Iterator for NonAscii<'_> {
    type Item = (usize, char);

    fn next(&mut self) -> Option<(usize, char)> {
        let bytes = self.text.as_bytes();
        let rest = bytes.get(self.at..)?;
        let skip = first_non_ascii(rest)?;
        let i = self.at + skip;
        let c = self.text[i..].chars().next()?;
        self.at = i + c.len_utf8();
        Some((i, c))
    }
}

/// Index of the first byte >= 0x80, checking eight bytes at a time.
#[inline]
pub fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if u64::from_le_bytes(word) & HIGH != 0 {
            return chunk.iter().position(|&b| b >= 0x80).map(|p| offset + p);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b >= 0x80)
        .map(|p| offset + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_ascii() {
        assert_eq!(first_non_ascii(b"hello world, plain ascii"), None);
        assert_eq!(first_non_ascii("0123456789é".as_bytes()), Some(10));
        let found: Vec<_> = catalogued("a\u{200B}bcdefghijklmnop\u{00A0}é")
            .map(|(i, _, k)| (i, k))
            .collect();
        assert_eq!(found, vec![(1, Kind::ZeroWidth), (19, Kind::Space)]);
    }
}
