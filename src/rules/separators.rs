//! Look-alike separators in dates, times and numbers.
//!
//! Dashes, slashes and colons are judged only here and by the date-line marker, never one at a
//! time: an en dash in `pages 10–20` is good typography. What is suspicious is a number written
//! with a look-alike separator where the text's other numbers use ASCII: the odd one out is the
//! mark.

use super::{Detail, Hit};
use crate::catalogue::{self, props, Script};
use crate::context::{Doc, DIGIT_SEPARATORS};
use crate::report::{Kind, Severity};
use crate::text;

/// Judges the look-alike separators that stand between digits.
pub fn judge(text: &str, doc: &Doc, hits: &mut Vec<Hit>) {
    for &(i, c, kind) in &doc.candidates {
        if kind != Kind::Separator {
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
        let end = i + c.len_utf8();
        let digit = |x: Option<char>| x.is_some_and(|x| props(x).is_digit());
        if !(digit(text::char_before(text, i)) && digit(text::char_at(text, end))) {
            continue;
        }
        let fullwidth = ('\u{FF00}'..='\u{FFEF}').contains(&c);
        if doc.digit_separators()[slot] == 0 || fullwidth && doc.cjk > 0 {
            continue;
        }
        let dash_like = ascii == '-';
        if dash_like && !date_shaped(text, i) {
            continue;
        }
        hits.push(
            Hit::new(
                i,
                end,
                Kind::Separator,
                Severity::Medium,
                "separator/inconsistent",
            )
            .with(Detail::Prevailing(ascii)),
        );
    }
}

/// A dash inside `digits sep digits sep digits` (a date, a version): not a range like `10–20`.
fn date_shaped(text: &str, start: usize) -> bool {
    let (a, b) = text::token_around(text, start);
    let token = &text[a..b];
    let separators = token
        .chars()
        .filter(|&c| !c.is_alphanumeric() && !matches!(c, '.' | ',' | ';' | ')' | '('))
        .count();
    separators >= 2 && token.chars().filter(char::is_ascii_digit).count() >= 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(text: &str) -> usize {
        let mut hits = Vec::new();
        judge(text, &Doc::measure(text), &mut hits);
        hits.len()
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

    #[test]
    fn typography_is_innocent() {
        assert_eq!(judged("pages 10–20 of the 2026-07-01 report"), 0);
        assert_eq!(judged("1990–1995 and 2001–2004"), 0);
        assert_eq!(judged("会议时间 10：30，日期 2026-07-01"), 0);
        assert_eq!(judged("a − b = 3"), 0);
    }
}
