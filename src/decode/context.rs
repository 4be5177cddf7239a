//! Character properties that decide whether an invisible character has an innocent reading.
//!
//! Persian needs ZWNJ inside words, Indic scripts need ZWJ after a virama, emoji sequences need
//! ZWJ and VS16, Thai and Khmer use U+200B between words, Japanese names use ideographic
//! variation sequences. These predicates approximate the Unicode properties involved; they are
//! kept together so that the catalogue's real property tables can replace them in one place.

/// Is `c` a letter (any script)?
pub(crate) fn is_letter(c: char) -> bool {
    c.is_alphabetic()
}

/// Is `c` an emoji or a part of an emoji sequence (skin tones, keycap, VS16)?
pub(crate) fn is_emoji(c: char) -> bool {
    let cp = c as u32;
    (0x1F000..=0x1FAFF).contains(&cp)
        || (0x2600..=0x27BF).contains(&cp)
        || (0x2190..=0x21FF).contains(&cp)
        || (0x2B00..=0x2BFF).contains(&cp)
        || matches!(
            cp,
            0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x2122 | 0x2139 | 0x20E3 | 0xFE0F
        )
        || (0x2300..=0x23FF).contains(&cp)
}

/// Is `c` a virama (a sign that makes a consonant cluster, after which ZWJ/ZWNJ are normal)?
pub(crate) fn is_virama(c: char) -> bool {
    matches!(
        c as u32,
        0x094D
            | 0x09CD
            | 0x0A4D
            | 0x0ACD
            | 0x0B4D
            | 0x0BCD
            | 0x0C4D
            | 0x0CCD
            | 0x0D3B
            | 0x0D3C
            | 0x0D4D
            | 0x0DCA
            | 0x0E3A
            | 0x0F84
            | 0x1039
            | 0x103A
            | 0x17D2
            | 0x1B44
            | 0xA8C4
            | 0xA9C0
            | 0x11046
    )
}

/// Is `c` a letter or mark of a script whose spelling uses ZWJ/ZWNJ or U+200B between words
/// (Arabic, Syriac, Hebrew, Indic, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian, ...)?
pub(crate) fn is_joining_script(c: char) -> bool {
    let cp = c as u32;
    (0x0590..=0x08FF).contains(&cp)
        || (0x0900..=0x0DFF).contains(&cp)
        || (0x0E00..=0x0FFF).contains(&cp)
        || (0x1000..=0x109F).contains(&cp)
        || (0x1780..=0x18AF).contains(&cp)
        || (0x1900..=0x1BFF).contains(&cp)
        || (0xA800..=0xABFF).contains(&cp)
        || (0xFB1D..=0xFDFF).contains(&cp)
        || (0xFE70..=0xFEFE).contains(&cp)
        || (0x11000..=0x111FF).contains(&cp)
}

/// Is `c` a letter, mark or punctuation of a non-Latin script (something a ZWSP line-break hint
/// or a variation selector can legitimately follow)?
pub(crate) fn is_non_latin_text(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace() && (is_letter(c) || is_joining_script(c) || is_cjk(c))
}

/// Han ideographs, kana and CJK punctuation.
pub(crate) fn is_cjk(c: char) -> bool {
    let cp = c as u32;
    (0x2E80..=0x9FFF).contains(&cp)
        || (0xF900..=0xFAFF).contains(&cp)
        || (0xFF00..=0xFFEF).contains(&cp)
        || (0x20000..=0x3FFFF).contains(&cp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates() {
        assert!(is_emoji('😀') && is_emoji('❤') && !is_emoji('a'));
        assert!(is_virama('\u{094D}') && !is_virama('क'));
        assert!(is_joining_script('ی') && is_joining_script('ក') && !is_joining_script('a'));
        assert!(is_non_latin_text('葛') && !is_non_latin_text('s') && !is_non_latin_text(' '));
        assert!(is_letter('é') && !is_letter('1'));
    }
}
