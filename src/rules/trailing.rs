//! Whitespace at the ends of lines.
//!
//! Trailing spaces are everywhere (Markdown line breaks, `format=flowed` mail, padded columns)
//! and stay quiet. Trailing whitespace that holds a TAB or an unusual space is how SNOW,
//! enShroud and similar tools hide bits, and is `medium`.

use super::Hit;
use crate::report::{Kind, Severity};

/// Judges the trailing whitespace of every line. Only lines whose last byte is whitespace
/// (a space, a TAB, or the last byte of a non-ASCII character) are looked at.
pub fn judge(text: &str, hits: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    for line_end in ends {
        let content_end = if line_end > line_start && bytes[line_end - 1] == b'\r' { line_end - 1 } else { line_end };
        if content_end > line_start && matches!(bytes[content_end - 1], b' ' | b'\t' | 0x80..=0xBF) {
            judge_line(text, line_start, content_end, hits);
        }
        line_start = line_end + 1;
    }
}

fn judge_line(text: &str, start: usize, end: usize, hits: &mut Vec<Hit>) {
    let line = &text[start..end];
    let trimmed = line.trim_end_matches(|c: char| {
        c == ' ' || c == '\t' || c == '\u{00A0}' || (c.is_whitespace() && c != '\n')
    });
    let tail = &line[trimmed.len()..];
    if tail.is_empty() {
        return;
    }
    let blank = trimmed.is_empty();
    let odd = tail.chars().any(|c| c == '\t' && !blank || !c.is_ascii());
    if odd {
        let at = start + trimmed.len();
        hits.push(Hit::new(
            at,
            end,
            Kind::Whitespace,
            Severity::Medium,
            "whitespace/trailing",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(text: &str) -> Vec<(usize, usize)> {
        let mut hits = Vec::new();
        judge(text, &mut hits);
        hits.into_iter().map(|h| (h.start, h.end)).collect()
    }

    #[test]
    fn trailing_spaces_are_innocent() {
        assert!(judged("Markdown break  \nflowed \n\tindented\n\t\n").is_empty());
    }

    #[test]
    fn trailing_tabs_and_unusual_spaces_are_medium() {
        assert_eq!(judged("line\t  \t\r\nnext"), vec![(4, 8)]);
        assert_eq!(judged("line\u{00A0} \t"), vec![(4, 8)]);
    }
}
