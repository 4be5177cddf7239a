//! Cleaning: the text with what a scan flagged removed or normalised, and nothing else.
//!
//! Only characters inside `medium`/`high` findings change: invisible characters are removed,
//! look-alike letters become the letter they imitate, unusual spaces become U+0020, look-alike
//! apostrophes and separators become the text's prevailing form (the marker's slot becomes the
//! default), trailing whitespace patterns are dropped. Every other byte stays, so emoji,
//! Persian, Indic and Japanese sequences survive byte for byte.

use crate::catalogue::{self, Script};
use crate::report::{Kind, Severity};
use crate::rules::{Detail, Hit};
use crate::scan::{analyse, windows};

/// Returns `text` with every flagged character removed or normalised.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (_, window) in windows(text) {
        clean_window(window, &mut out);
    }
    out
}

/// Appends the cleaned form of one window of the text to `out`.
fn clean_window(text: &str, out: &mut String) {
    let analysis = analyse(text);
    let mut at = 0;
    for m in analysis
        .findings
        .iter()
        .filter(|m| m.severity() >= Severity::Medium)
    {
        out.push_str(&text[at..m.start]);
        at = m.start;
        for h in &m.hits {
            if h.start > at {
                out.push_str(&text[at..h.start]);
                at = h.start;
            }
            if h.end > at {
                replace(&text[at..h.end], h, out);
                at = h.end;
            }
        }
        at = at.max(m.end);
    }
    out.push_str(&text[at.min(text.len())..]);
}

/// Writes the cleaned form of `span`, the characters of hit `h`.
fn replace(span: &str, h: &Hit, out: &mut String) {
    if h.kind == Kind::Whitespace || h.kind == Kind::Escaped {
        return;
    }
    for c in span.chars() {
        match catalogue::kind(c) {
            Some(k) if k.is_invisible() => {}
            Some(Kind::Space) => out.push(' '),
            Some(Kind::HomoglyphQuote) | Some(Kind::Separator) | Some(Kind::Confusable) | None => {
                out.push(normal_form(c, h));
            }
            Some(_) => {}
        }
    }
}

fn normal_form(c: char, h: &Hit) -> char {
    match (h.rule, &h.detail) {
        ("homoglyph-quote/date-marker", _) => '\'',
        ("separator/date-marker", _) => '-',
        ("confusable/mixed-script-words", _) => [Script::Cyrillic, Script::Greek]
            .into_iter()
            .find_map(|script| catalogue::look_alike_in(c, script))
            .unwrap_or(c),
        (_, Detail::Prevailing(p)) => *p,
        _ => catalogue::imitates(c).unwrap_or(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_what_was_flagged() {
        assert_eq!(clean("is\u{200B}Admin"), "isAdmin");
        assert_eq!(
            clean("👨\u{200D}💻 می\u{200C}روم 葛\u{E0100}"),
            "👨\u{200D}💻 می\u{200C}روم 葛\u{E0100}"
        );
        assert_eq!(
            clean("Today\u{2019}s date is 2026/07/03."),
            "Today's date is 2026-07-03."
        );
        assert_eq!(clean("The new cаtalyst"), "The new catalyst");
        assert_eq!(clean("the\u{2006}quick"), "the quick");
    }

    #[test]
    fn is_idempotent() {
        let t = "Hi\u{E0048}\u{E0069} there, cаt, don't can't wonʼt\tend\t\n";
        let once = clean(t);
        assert_eq!(clean(&once), once);
    }
}
