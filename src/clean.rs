//! Cleaning: the text with what a scan flagged removed or normalised, and nothing else.
//!
//! Only characters inside `medium`/`high` findings change, and NULs (no text needs them, see
//! [`nul`](crate::rules::nul)) whatever their severity: invisible characters are removed,
//! look-alike letters become the letter they imitate, unusual spaces become U+0020, look-alike
//! apostrophes and separators become the text's prevailing form (the marker's slot becomes the
//! default), trailing whitespace patterns are dropped. Escapes (`\u200B`, `&#8203;`) are code:
//! a program's character class or entity table means what it says, so they stay, whatever their
//! severity, unless they carry a decoded payload (`escaped/payload`). Every other byte stays, so
//! emoji, Persian, Indic and Japanese sequences survive byte for byte.
//!
//! A cleaning pass can bring characters together that were apart (spaces between two removed
//! runs now spell digits), so the scan cleans the text and looks again until nothing new shows,
//! and reports what the later looks found at its place in the original
//! ([`Origins`](crate::rewrite::Origins); the pass itself is in [`rewrite`](crate::rewrite),
//! below both the scan and this module). `clean` writes the last pass: a second `clean` then
//! finds nothing to change.

use crate::scan::{analyse, windows};

/// Returns `text` with every flagged character removed or normalised.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (_, window) in windows(text) {
        let analysis = analyse(window);
        out.push_str(analysis.cleaned.as_deref().unwrap_or(window));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::nul;

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
    fn removes_nuls_even_when_low_and_nothing_beside_them() {
        assert_eq!(clean("a\0\0b\0"), "ab");
        assert_eq!(clean("\0👨\u{200D}💻 é\u{A0}»\0"), "👨\u{200D}💻 é\u{A0}»");
        assert_eq!(clean("is\u{200B}\0Admin"), "isAdmin");
        let many = "\0a\u{A0}".repeat(nul::MAX_RUNS + 10);
        assert_eq!(clean(&many), "a\u{A0}".repeat(nul::MAX_RUNS + 10));
        assert_eq!(
            clean(&format!("{many}is\u{200B}Admin")),
            clean(&many) + "isAdmin"
        );
    }

    #[test]
    fn is_idempotent() {
        let t = "Hi\u{E0048}\u{E0069} there, cаt, don't can't wonʼt\tend\t\n";
        let once = clean(t);
        assert_eq!(clean(&once), once);
    }
}
