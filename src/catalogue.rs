//! The character catalogue: which code points unmask knows, their Unicode names and kinds.
//!
//! The data comes from `tables.rs`, generated from Unicode's own files; this module only looks
//! characters up.

use crate::report::Kind;

/// The catalogue kind of `c`, or `None` for an ordinary character.
pub fn kind(c: char) -> Option<Kind> {
    match c {
        '\u{200B}' | '\u{200C}' | '\u{200D}' => Some(Kind::ZeroWidth),
        '\u{00AD}' | '\u{2060}' | '\u{FEFF}' => Some(Kind::FormatControl),
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some(Kind::BidiControl),
        '\u{2061}'..='\u{2064}' => Some(Kind::InvisibleOperator),
        '\u{E0000}'..='\u{E007F}' => Some(Kind::Tag),
        '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' => Some(Kind::VariationSelector),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => Some(Kind::Space),
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{02B9}' => Some(Kind::HomoglyphQuote),
        '\u{0430}' | '\u{0435}' | '\u{043E}' | '\u{0440}' | '\u{0441}' => Some(Kind::Confusable),
        _ => None,
    }
}

/// The ASCII character a look-alike imitates (UTS #39 confusables), if any.
pub fn imitates(c: char) -> Option<char> {
    match c {
        '\u{0430}' => Some('a'),
        '\u{0435}' => Some('e'),
        '\u{043E}' => Some('o'),
        '\u{0440}' => Some('p'),
        '\u{0441}' => Some('c'),
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02B9}' => Some('\''),
        _ => None,
    }
}

/// The Unicode name of a catalogued character.
pub fn name(c: char) -> Option<&'static str> {
    match c {
        '\u{200B}' => Some("ZERO WIDTH SPACE"),
        _ => None,
    }
}
