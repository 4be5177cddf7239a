//! The character catalogue: which code points unmask knows, their Unicode names and kinds, what
//! look-alikes imitate, and the few properties (script, emoji, virama, direction) that the
//! context rules read.
//!
//! The data comes from `tables.rs`, generated from Unicode's own files by
//! `tools/gen-tables.mjs`; this module only looks characters up. ASCII never reaches the tables.

use crate::report::Kind;
use crate::tables;

pub use crate::tables::{Script, CONFUSABLES_VERSION, UNICODE_VERSION};

/// The catalogue kind of `c`, or `None` for an ordinary character.
#[inline]
pub fn kind(c: char) -> Option<Kind> {
    let cp = c as u32;
    if cp < 0x80 {
        return if c == '`' {
            Some(Kind::HomoglyphQuote)
        } else {
            None
        };
    }
    if cp < 0x10000 {
        return bmp().get(cp).0;
    }
    catalogue_lookup(cp)
}

/// The kind and the properties of `c` at once: what a pass over every non-ASCII character of a
/// text wants, with one table fetch for both in the BMP.
#[inline]
pub fn kind_and_props(c: char) -> (Option<Kind>, Props) {
    let cp = c as u32;
    if (0x80..0x10000).contains(&cp) {
        return bmp().get(cp);
    }
    (kind(c), props(c))
}

fn catalogue_lookup(cp: u32) -> Option<Kind> {
    let i = tables::CATALOGUE.partition_point(|&(_, last, _)| last < cp);
    match tables::CATALOGUE.get(i) {
        Some(&(first, _, kind)) if first <= cp => Some(kind),
        _ => None,
    }
}

/// Every kind, so that the BMP table can hold a kind in a byte.
const KINDS: [Kind; 15] = [
    Kind::ZeroWidth,
    Kind::Tag,
    Kind::VariationSelector,
    Kind::BidiControl,
    Kind::InvisibleOperator,
    Kind::Filler,
    Kind::FormatControl,
    Kind::HomoglyphQuote,
    Kind::Separator,
    Kind::Space,
    Kind::Whitespace,
    Kind::Confusable,
    Kind::Escaped,
    Kind::PrivateUse,
    Kind::Noncharacter,
];

/// The kind and properties of every BMP code point, unpacked from the generated tables the first
/// time a non-ASCII character is looked up, so that text in any script costs one or two indexed
/// loads per character instead of two binary searches. Two stages: a block of 64 code points
/// that all share their kind and properties (most of them: Han, Hangul, whole alphabets) is one
/// entry of a 4 KiB table that stays in the fastest cache; the other blocks are stored whole.
struct Bmp {
    /// Per block: `UNIFORM | packed` for a uniform block, else the block's index in `mixed`.
    blocks: Vec<u32>,
    /// The packed values of the mixed blocks, 64 per block.
    mixed: Vec<u32>,
}

const BLOCK: u32 = 64;
const UNIFORM: u32 = 1 << 31;

/// A kind (its index in [`KINDS`] plus one, 0 for none) and properties in one word.
fn pack(kind: u8, props: u16) -> u32 {
    u32::from(kind) << 16 | u32::from(props)
}

impl Bmp {
    #[inline]
    fn get(&self, cp: u32) -> (Option<Kind>, Props) {
        let block = self.blocks[(cp / BLOCK) as usize];
        let packed = if block & UNIFORM != 0 {
            block
        } else {
            self.mixed[(block * BLOCK + cp % BLOCK) as usize]
        };
        let kind = KINDS.get(((packed >> 16) as u8 as usize).wrapping_sub(1));
        (kind.copied(), Props(packed as u16))
    }
}

fn bmp() -> &'static Bmp {
    static BMP: std::sync::OnceLock<Bmp> = std::sync::OnceLock::new();
    BMP.get_or_init(|| {
        let mut kinds = vec![0u8; 0x10000];
        for &(first, last, kind) in tables::CATALOGUE
            .iter()
            .take_while(|&&(first, _, _)| first < 0x10000)
        {
            let index = KINDS
                .iter()
                .position(|&k| k == kind)
                .map_or(0, |i| i as u8 + 1);
            kinds[first as usize..=(last.min(0xFFFF)) as usize].fill(index);
        }
        let mut props = vec![0u16; 0x10000];
        for (i, &start) in tables::PROP_STARTS
            .iter()
            .enumerate()
            .take_while(|&(_, &start)| start < 0x10000)
        {
            let end = tables::PROP_STARTS
                .get(i + 1)
                .map_or(0x10000, |&e| e.min(0x10000));
            props[start as usize..end as usize].fill(tables::PROP_VALUES[i]);
        }
        let packed: Vec<u32> = kinds
            .iter()
            .zip(&props)
            .map(|(&k, &p)| pack(k, p))
            .collect();
        let mut bmp = Bmp {
            blocks: Vec::new(),
            mixed: Vec::new(),
        };
        for block in packed.chunks(BLOCK as usize) {
            if block.iter().all(|&v| v == block[0]) {
                bmp.blocks.push(UNIFORM | block[0]);
            } else {
                bmp.blocks.push((bmp.mixed.len() / BLOCK as usize) as u32);
                bmp.mixed.extend_from_slice(block);
            }
        }
        bmp
    })
}

/// The ASCII character a look-alike imitates (UTS #39 confusables; spaces imitate U+0020).
pub fn imitates(c: char) -> Option<char> {
    let cp = c as u32;
    tables::IMITATES
        .binary_search_by_key(&cp, |&(from, _)| from)
        .ok()
        .map(|i| char::from(tables::IMITATES[i].1))
}

/// Whether `c` is a catalogued quote that imitates U+0027. The few such quotes are gathered from
/// the tables once: the curly quotes of Chinese and English prose ask this of every quote mark,
/// and a search of the whole look-alike table each time cost more than the rest of their scan.
pub fn imitates_apostrophe(c: char) -> bool {
    static QUOTES: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    QUOTES
        .get_or_init(|| {
            tables::IMITATES
                .iter()
                .filter(|&&(_, to)| to == b'\'')
                .filter_map(|&(from, _)| char::from_u32(from))
                .filter(|&q| kind(q) == Some(Kind::HomoglyphQuote))
                .collect()
        })
        .contains(&c)
}

/// The letter of `script` that looks like the ASCII letter `c` (lowercase for lowercase).
pub fn look_alike_in(c: char, script: Script) -> Option<char> {
    tables::IMITATES
        .iter()
        .filter(|&&(_, to)| char::from(to) == c)
        .filter_map(|&(from, _)| char::from_u32(from))
        .find(|&from| {
            props(from).script() == script
                && props(from).is_letter()
                && from.is_lowercase() == c.is_lowercase()
        })
}

/// The Unicode name of a catalogued character (ASCII characters are named too).
pub fn name(c: char) -> Option<&'static str> {
    let cp = c as u32;
    if let Ok(i) = tables::NAME_CODES.binary_search(&cp) {
        let start = i.checked_sub(1).map_or(0, |p| tables::NAME_ENDS[p]);
        return tables::NAME_TEXT.get(usize::from(start)..usize::from(tables::NAME_ENDS[i]));
    }
    match c {
        '\0' => Some("NULL"),
        ' ' => Some("SPACE"),
        '\t' => Some("CHARACTER TABULATION"),
        '\'' => Some("APOSTROPHE"),
        '"' => Some("QUOTATION MARK"),
        '-' => Some("HYPHEN-MINUS"),
        '/' => Some("SOLIDUS"),
        '.' => Some("FULL STOP"),
        ':' => Some("COLON"),
        'a'..='z' => Some(LATIN_SMALL[(c as u8 - b'a') as usize]),
        'A'..='Z' => Some(LATIN_CAPITAL[(c as u8 - b'A') as usize]),
        _ => match kind(c) {
            Some(Kind::PrivateUse) => Some("PRIVATE USE CHARACTER"),
            Some(Kind::Noncharacter) => Some("NONCHARACTER"),
            Some(_) => Some("UNASSIGNED FORMAT CODE POINT"),
            None => None,
        },
    }
}

const LATIN_SMALL: [&str; 26] = [
    "LATIN SMALL LETTER A",
    "LATIN SMALL LETTER B",
    "LATIN SMALL LETTER C",
    "LATIN SMALL LETTER D",
    "LATIN SMALL LETTER E",
    "LATIN SMALL LETTER F",
    "LATIN SMALL LETTER G",
    "LATIN SMALL LETTER H",
    "LATIN SMALL LETTER I",
    "LATIN SMALL LETTER J",
    "LATIN SMALL LETTER K",
    "LATIN SMALL LETTER L",
    "LATIN SMALL LETTER M",
    "LATIN SMALL LETTER N",
    "LATIN SMALL LETTER O",
    "LATIN SMALL LETTER P",
    "LATIN SMALL LETTER Q",
    "LATIN SMALL LETTER R",
    "LATIN SMALL LETTER S",
    "LATIN SMALL LETTER T",
    "LATIN SMALL LETTER U",
    "LATIN SMALL LETTER V",
    "LATIN SMALL LETTER W",
    "LATIN SMALL LETTER X",
    "LATIN SMALL LETTER Y",
    "LATIN SMALL LETTER Z",
];
const LATIN_CAPITAL: [&str; 26] = [
    "LATIN CAPITAL LETTER A",
    "LATIN CAPITAL LETTER B",
    "LATIN CAPITAL LETTER C",
    "LATIN CAPITAL LETTER D",
    "LATIN CAPITAL LETTER E",
    "LATIN CAPITAL LETTER F",
    "LATIN CAPITAL LETTER G",
    "LATIN CAPITAL LETTER H",
    "LATIN CAPITAL LETTER I",
    "LATIN CAPITAL LETTER J",
    "LATIN CAPITAL LETTER K",
    "LATIN CAPITAL LETTER L",
    "LATIN CAPITAL LETTER M",
    "LATIN CAPITAL LETTER N",
    "LATIN CAPITAL LETTER O",
    "LATIN CAPITAL LETTER P",
    "LATIN CAPITAL LETTER Q",
    "LATIN CAPITAL LETTER R",
    "LATIN CAPITAL LETTER S",
    "LATIN CAPITAL LETTER T",
    "LATIN CAPITAL LETTER U",
    "LATIN CAPITAL LETTER V",
    "LATIN CAPITAL LETTER W",
    "LATIN CAPITAL LETTER X",
    "LATIN CAPITAL LETTER Y",
    "LATIN CAPITAL LETTER Z",
];

/// The properties of one character that the context rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Props(u16);

/// How many values [`Props::script_slot`] takes.
pub const SCRIPT_SLOTS: usize = 16;

impl Props {
    fn has(self, flag: u16) -> bool {
        self.0 & flag != 0
    }
    pub fn script(self) -> Script {
        tables::SCRIPTS
            .get(self.script_slot())
            .copied()
            .unwrap_or(Script::Other)
    }
    /// The script as a small number below [`SCRIPT_SLOTS`], to count by script in an array.
    pub fn script_slot(self) -> usize {
        usize::from(self.0 & 0xF)
    }
    /// The properties of no character but the script in `slot` (see [`Props::script_slot`]).
    pub fn of_slot(slot: usize) -> Props {
        Props(slot as u16 & 0xF)
    }
    /// General category L*.
    pub fn is_letter(self) -> bool {
        self.has(tables::LETTER)
    }
    /// General category M*.
    pub fn is_mark(self) -> bool {
        self.has(tables::MARK)
    }
    /// General category Nd.
    pub fn is_digit(self) -> bool {
        self.has(tables::DIGIT)
    }
    pub fn is_letter_or_mark(self) -> bool {
        self.has(tables::LETTER | tables::MARK)
    }
    /// Letters, marks and digits: what words are made of.
    pub fn is_word(self) -> bool {
        self.has(tables::LETTER | tables::MARK | tables::DIGIT)
    }
    pub fn is_extended_pictographic(self) -> bool {
        self.has(tables::EXT_PICT)
    }
    pub fn is_emoji(self) -> bool {
        self.has(tables::EMOJI)
    }
    pub fn is_emoji_modifier(self) -> bool {
        self.has(tables::EMOJI_MODIFIER)
    }
    /// Indic_Syllabic_Category Virama or Invisible_Stacker.
    pub fn is_virama(self) -> bool {
        self.has(tables::VIRAMA)
    }
    /// Bidi_Class R or AL: a right-to-left letter.
    pub fn is_rtl(self) -> bool {
        self.has(tables::RTL)
    }
    pub fn is_ideographic(self) -> bool {
        self.has(tables::IDEOGRAPHIC)
    }
    pub fn is_regional_indicator(self) -> bool {
        self.has(tables::REGIONAL_INDICATOR)
    }
}

/// The properties of `c`.
#[inline]
pub fn props(c: char) -> Props {
    let cp = c as u32;
    if cp < 0x80 {
        let script = if c.is_ascii_alphabetic() { 3 } else { 1 };
        let flags = if c.is_ascii_alphabetic() {
            tables::LETTER
        } else if c.is_ascii_digit() {
            tables::DIGIT | tables::EMOJI
        } else if matches!(c, '#' | '*') {
            tables::EMOJI
        } else {
            0
        };
        return Props(script | flags);
    }
    if cp < 0x10000 {
        return bmp().get(cp).1;
    }
    let i = tables::PROP_STARTS.partition_point(|&start| start <= cp);
    Props(
        tables::PROP_VALUES
            .get(i.wrapping_sub(1))
            .copied()
            .unwrap_or(0),
    )
}

/// Whether `code` (lowercase letters and digits) is the subdivision of an RGI emoji tag sequence.
pub fn is_rgi_subdivision(code: &str) -> bool {
    tables::RGI_SUBDIVISION_FLAGS.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_the_usual_suspects() {
        assert_eq!(kind('\u{200B}'), Some(Kind::ZeroWidth));
        assert_eq!(kind('\u{200D}'), Some(Kind::ZeroWidth));
        assert_eq!(kind('\u{FEFF}'), Some(Kind::FormatControl));
        assert_eq!(kind('\u{00AD}'), Some(Kind::FormatControl));
        assert_eq!(kind('\u{2060}'), Some(Kind::FormatControl));
        assert_eq!(kind('\u{202E}'), Some(Kind::BidiControl));
        assert_eq!(kind('\u{061C}'), Some(Kind::BidiControl));
        assert_eq!(kind('\u{2062}'), Some(Kind::InvisibleOperator));
        assert_eq!(kind('\u{E0041}'), Some(Kind::Tag));
        assert_eq!(kind('\u{E0001}'), Some(Kind::Tag));
        assert_eq!(kind('\u{FE0F}'), Some(Kind::VariationSelector));
        assert_eq!(kind('\u{E01EF}'), Some(Kind::VariationSelector));
        assert_eq!(kind('\u{180B}'), Some(Kind::VariationSelector));
        assert_eq!(kind('\u{3164}'), Some(Kind::Filler));
        assert_eq!(kind('\u{2800}'), Some(Kind::Filler));
        assert_eq!(kind('\u{00A0}'), Some(Kind::Space));
        assert_eq!(kind('\u{2028}'), Some(Kind::Space));
        assert_eq!(kind('\u{0085}'), Some(Kind::Space));
        assert_eq!(kind('\u{E000}'), Some(Kind::PrivateUse));
        assert_eq!(kind('\u{FFFF}'), Some(Kind::Noncharacter));
        assert_eq!(kind('a'), None);
        assert_eq!(kind(' '), None);
        assert_eq!(kind('é'), None);
        assert_eq!(kind('中'), None);
    }

    #[test]
    fn look_alike_punctuation_is_catalogued() {
        for c in [
            '\u{2018}', '\u{2019}', '\u{201B}', '\u{02B9}', '\u{02BB}', '\u{02BC}', '\u{02BD}',
            '`', '\u{00B4}', '\u{2032}', '\u{2035}', '\u{FF07}',
        ] {
            assert_eq!(kind(c), Some(Kind::HomoglyphQuote), "{c:?}");
        }
        for c in [
            '\u{2010}', '\u{2011}', '\u{2013}', '\u{2014}', '\u{2212}', '\u{FE63}', '\u{FF0D}',
            '\u{2044}', '\u{2215}', '\u{2571}', '\u{29F8}', '\u{FF0F}', '\u{2024}', '\u{FF0E}',
            '\u{2236}', '\u{A789}', '\u{02D0}', '\u{FF1A}',
        ] {
            assert_eq!(kind(c), Some(Kind::Separator), "{c:?}");
        }
    }

    /// Some confusables tables map curly quotes to a backtick; ours must say they imitate the
    /// apostrophe, or `clean` would turn `don’t` into `don`t`.
    #[test]
    fn pinned_rows_whose_upstream_mapping_is_known_to_be_wrong() {
        assert!(imitates_apostrophe('\u{2019}') && imitates_apostrophe('\u{02BC}'));
        assert!(!imitates_apostrophe('\u{201C}') && !imitates_apostrophe('\''));
        assert_eq!(imitates('\u{2019}'), Some('\''));
        assert_eq!(imitates('\u{2018}'), Some('\''));
        assert_eq!(imitates('\u{02BC}'), Some('\''));
        assert_eq!(imitates('\u{201C}'), Some('"'));
        assert_eq!(imitates('\u{0430}'), Some('a'));
        assert_eq!(imitates('\u{0441}'), Some('c'));
        assert_eq!(imitates('\u{2215}'), Some('/'));
        assert_eq!(imitates('\u{2212}'), Some('-'));
        assert_eq!(imitates('\u{202F}'), Some(' '));
    }

    #[test]
    fn names_come_from_the_database() {
        assert_eq!(name('\u{200B}'), Some("ZERO WIDTH SPACE"));
        assert_eq!(name('\u{E0041}'), Some("TAG LATIN CAPITAL LETTER A"));
        assert_eq!(name('\u{E0100}'), Some("VARIATION SELECTOR-17"));
        assert_eq!(name('\u{0430}'), Some("CYRILLIC SMALL LETTER A"));
    }

    #[test]
    fn the_bmp_table_agrees_with_the_generated_ranges() {
        for cp in (0x80..0x10000).filter(|cp| !(0xD800..0xE000).contains(cp)) {
            assert_eq!(
                kind(char::from_u32(cp).unwrap()),
                catalogue_lookup(cp),
                "U+{cp:04X}"
            );
            let i = tables::PROP_STARTS.partition_point(|&start| start <= cp);
            assert_eq!(
                props(char::from_u32(cp).unwrap()).0,
                tables::PROP_VALUES[i - 1],
                "U+{cp:04X}"
            );
        }
    }

    #[test]
    fn properties() {
        assert_eq!(props('a').script(), Script::Latin);
        assert_eq!(props('а').script(), Script::Cyrillic);
        assert_eq!(props('ی').script(), Script::Arabic);
        assert!(props('ی').is_rtl());
        assert_eq!(props('क').script(), Script::Brahmic);
        assert!(props('\u{094D}').is_virama());
        assert_eq!(props('ก').script(), Script::Spaceless);
        assert_eq!(props('ក').script(), Script::Spaceless);
        assert_eq!(props('葛').script(), Script::Han);
        assert!(props('葛').is_ideographic());
        assert!(props('👨').is_extended_pictographic());
        assert!(props('\u{1F3FB}').is_emoji_modifier());
        assert!(props('❤').is_emoji());
        assert_eq!(props('\u{10FFFF}').script(), Script::Other);
        assert!(is_rgi_subdivision("gbsct"));
        assert!(!is_rgi_subdivision("usca"));
    }
}
