//! Character properties that decide whether an invisible character has an innocent reading.
//!
//! Persian needs ZWNJ inside words, Indic scripts need ZWJ after a virama, emoji sequences need
//! ZWJ and VS16, Thai and Khmer use U+200B between words, Japanese names use ideographic
//! variation sequences. The decoders leave such characters out of the regions they read; the
//! properties come from the generated catalogue.

use crate::catalogue::{props, Script};

/// Is `c` an emoji or a part of an emoji sequence (skin tones, keycap, VS16)?
pub(crate) fn is_emoji(c: char) -> bool {
    let p = props(c);
    (p.is_emoji() && !c.is_ascii())
        || p.is_extended_pictographic()
        || p.is_emoji_modifier()
        || matches!(c, '\u{20E3}' | '\u{FE0F}')
}

/// Is `c` a virama (a sign that makes a consonant cluster, after which ZWJ/ZWNJ are normal)?
pub(crate) fn is_virama(c: char) -> bool {
    props(c).is_virama()
}

/// Is `c` a letter or mark of a script whose spelling uses ZWJ/ZWNJ or U+200B between words
/// (Arabic and its kin, Hebrew, Brahmic scripts, Thai, Lao, Khmer, Myanmar, Mongolian)?
pub(crate) fn is_joining_script(c: char) -> bool {
    let p = props(c);
    p.is_letter_or_mark()
        && matches!(
            p.script(),
            Script::Arabic
                | Script::Hebrew
                | Script::Brahmic
                | Script::Spaceless
                | Script::Mongolian
        )
}

/// Is `c` a letter, mark or punctuation of a non-Latin script (something a ZWSP line-break hint
/// or a variation selector can legitimately follow)?
pub(crate) fn is_non_latin_text(c: char) -> bool {
    let p = props(c);
    !c.is_ascii()
        && !c.is_whitespace()
        && p.script() != Script::Latin
        && (p.is_letter_or_mark()
            || matches!(p.script(), Script::Han | Script::Kana | Script::Hangul))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates() {
        assert!(is_emoji('😀') && is_emoji('❤') && !is_emoji('a') && !is_emoji('1'));
        assert!(is_virama('\u{094D}') && !is_virama('क'));
        assert!(is_joining_script('ی') && is_joining_script('ក') && !is_joining_script('a'));
        assert!(is_non_latin_text('葛') && !is_non_latin_text('s') && !is_non_latin_text(' '));
    }
}
