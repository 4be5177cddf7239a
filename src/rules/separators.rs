//! Look-alike separators in dates, times and numbers.
//!
//! Dashes, slashes and colons are judged only here and by the date-line marker, never one at a
//! time: an en dash in `pages 10–20` is good typography. What is suspicious is a number written
//! with a look-alike separator where the text's other numbers use ASCII: the odd one out is the
//! mark. A look-alike used more often than ASCII is the text's own style (GTK
//! writes clock times with U+2236 RATIO), and so is one a line uses twice or more and never
//! with ASCII beside it (GTK's time hint in a catalogue whose other times use `:`).

use super::{Detail, Hit, Rule};
use crate::catalogue::{self, props, Script};
use crate::context::{Doc, DIGIT_SEPARATORS};
use crate::report::{Kind, Severity};
use crate::text;

/// Judges the look-alike separators that stand between digits.
pub fn judge(text: &str, doc: &Doc, hits: &mut Vec<Hit>) {
    let digit = |x: Option<char>| x.is_some_and(|x| props(x).is_digit());
    let between_digits: Vec<char> = doc
        .candidates
        .iter()
        .filter(|&&(i, c, k)| {
            k == Kind::Separator
                && digit(text::char_before(text, i))
                && digit(text::char_at(text, i + c.len_utf8()))
        })
        .map(|&(_, c, _)| c)
        .collect();
    // The line last looked at, and the look-alike that is its own style.
    let mut styled: Option<(usize, char, bool)> = None;
    for &(i, c, kind) in &doc.candidates {
        if kind != Kind::Separator {
            continue;
        }
        let end = i + c.len_utf8();
        if !(digit(text::char_before(text, i)) && digit(text::char_at(text, end))) {
            continue;
        }
        if props(c).script() != Script::Common {
            continue;
        }
        let Some(ascii) = catalogue::imitates(c) else {
            continue;
        };
        let Some(slot) = DIGIT_SEPARATORS.iter().position(|&s| s == ascii) else {
            continue;
        };
        let fullwidth = ('\u{FF00}'..='\u{FFEF}').contains(&c);
        let same = between_digits.iter().filter(|&&d| d == c).count();
        if doc.digit_separators()[slot] < same.max(1) || fullwidth && doc.cjk > 0 {
            continue;
        }
        let dash_like = ascii == '-';
        if dash_like && !date_shaped(text, i) {
            continue;
        }
        let own_style = match styled {
            Some((line_end, d, style)) if i < line_end && d == c => style,
            _ => {
                let (start, end) = text::line_around(text, i);
                let style = line_style(&text[start..end], c, ascii);
                styled = Some((end, c, style));
                style
            }
        };
        if own_style {
            continue;
        }
        hits.push(
            Hit::new(i, end, Severity::Medium, Rule::SeparatorInconsistent)
                .with(Detail::Prevailing(ascii)),
        );
    }
}

/// Whether `line` writes the numbers it separates with `c` at least twice and never with
/// `ascii`: the look-alike is the line's own typography (GTK's time hint
/// `15\u{2236}30, 2\u{2236}35 pm` in every language), not the odd one out that marks a copy.
fn line_style(line: &str, c: char, ascii: char) -> bool {
    let digit = |x: Option<char>| x.is_some_and(|x| props(x).is_digit());
    let (mut own, mut plain) = (0usize, 0usize);
    for (i, d) in line.char_indices() {
        if (d == c || d == ascii)
            && digit(text::char_before(line, i))
            && digit(text::char_at(line, i + d.len_utf8()))
        {
            if d == c {
                own += 1;
            } else {
                plain += 1;
            }
        }
    }
    own >= 2 && plain == 0
}

/// A dash inside a date: three groups of digits joined by single separators, shaped
/// `YYYY-MM-DD` or `DD-MM-YYYY`/`DD-MM-YY`, not a range (`10–20`) or a code (`ISO‐8859‐1`).
fn date_shaped(text: &str, at: usize) -> bool {
    let digits_or_sep =
        |c: char| c.is_ascii_digit() || catalogue::imitates(c) == Some('-') || c == '-';
    let mut start = at;
    for c in text[..at].chars().rev().take(12) {
        if !digits_or_sep(c) {
            break;
        }
        start -= c.len_utf8();
    }
    let mut end = at;
    for c in text[at..].chars().take(12) {
        if !digits_or_sep(c) {
            break;
        }
        end += c.len_utf8();
    }
    let groups: Vec<usize> = text[start..end]
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .collect();
    let word_edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let edges = word_edge(text::char_before(text, start)) && word_edge(text::char_at(text, end));
    edges && matches!(groups.as_slice(), [4, 1..=2, 1..=2] | [1..=2, 1..=2, 2 | 4])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(text: &str) -> usize {
        crate::rules::judged(judge, text).len()
    }

    #[test]
    fn odd_separator_among_ascii_dates_is_medium() {
        assert_eq!(
            judged("Released 2026-07-01, patched 2026\u{2010}07\u{2010}03."),
            2
        );
        assert_eq!(judged("Meet at 10:30, leave at 11\u{2236}45."), 1);
        assert_eq!(judged("From 2026/07/01 to 2026\u{2215}07\u{2215}09"), 2);
    }

    /// GTK 3's catalogues (gtk30.po, LGPL; a few words) write the time hint with RATIO in every
    /// language, in a file whose other times use `:`.
    #[test]
    fn a_line_written_with_one_look_alike_is_typography() {
        let po = "msgid \"Opens at 10:30\"\nmsgstr \"Ouvre à 10:30\"\n\" e.g. 15\u{2236}30, 2\u{2236}35 pm, 14\u{2236}15\u{2236}20, 11\u{2236}46\u{2236}30 am, 4 pm\"\n";
        assert_eq!(judged(po), 0);
        // One look-alike among ASCII ones on its line is still the odd one out.
        assert_eq!(
            judged("Opens at 10:30\nMeet at 10:30, leave at 11\u{2236}45."),
            1
        );
    }

    #[test]
    fn typography_is_innocent() {
        for text in [
            "pages 10–20 of the 2026-07-01 report",
            "1990–1995 and 2001–2004",
            "会议时间 10：30，日期 2026-07-01",
            "a − b = 3",
            "bv. 15∶30, 2∶35 nm, 14∶15∶20 and ratios 1:1, 4:3, 16:9",
            "ISO‐8859‐1 or 255‐0‐Zeichenfolge, dated 2026-07-01, 2025-01-01, 2024-02-02, 2023-03-03",
        ] {
            assert_eq!(judged(text), 0, "{text}");
        }
    }
}
