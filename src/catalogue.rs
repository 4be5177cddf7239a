//! The character catalogue: which code points unmask knows, their Unicode names and kinds, what
//! look-alikes imitate, and the few properties (script, emoji, virama, direction) that the
//! context rules read.
//!
//! The data comes from `tables.rs`, generated from Unicode's own files by
//! `tools/gen-tables.mjs`; this module only looks characters up. ASCII reaches the tables for its
//! names only: its kinds and properties are answered here without a table.

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
    in_ranges(&unpacked().catalogue, cp)
}

/// The generated tables that are stored packed (sorted numbers as varint deltas: a byte or two a
/// row instead of four to twelve, for a small WebAssembly module), unpacked the first time a
/// character outside ASCII is looked up.
struct Unpacked {
    /// Catalogued code points as inclusive ranges, sorted: (first, last, kind).
    catalogue: Vec<(u32, u32, Kind)>,
    /// Each look-alike and the ASCII character it imitates, sorted.
    imitates: Vec<(u32, u8)>,
    /// Starts of runs of code points with equal properties.
    prop_starts: Vec<u32>,
    /// The properties of each run.
    prop_values: Vec<u16>,
    /// Code points without a name as inclusive ranges, sorted: (first, last, label).
    labels: Vec<(u32, u32, u32)>,
}

/// The numbers of a packed table: LEB128 varints, seven bits a byte.
fn varints(bytes: &'static [u8]) -> impl Iterator<Item = u32> {
    let mut bytes = bytes.iter();
    std::iter::from_fn(move || {
        let mut value = 0;
        for (shift, &b) in (0..32).step_by(7).zip(bytes.by_ref()) {
            value |= u32::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    })
}

/// Inclusive ranges stored as (gap after the previous range, length less one, value) varints.
pub(crate) fn ranges(bytes: &'static [u8]) -> Vec<(u32, u32, u32)> {
    let mut numbers = varints(bytes);
    let mut end = 0;
    std::iter::from_fn(|| {
        let first = end + numbers.next()?;
        end = first + numbers.next()? + 1;
        Some((first, end - 1, numbers.next()?))
    })
    .collect()
}

/// The value of the inclusive range of the sorted `ranges` that holds `cp`, if one does.
pub(crate) fn in_ranges<T: Copy>(ranges: &[(u32, u32, T)], cp: u32) -> Option<T> {
    let i = ranges.partition_point(|&(_, last, _)| last < cp);
    match ranges.get(i) {
        Some(&(first, _, value)) if first <= cp => Some(value),
        _ => None,
    }
}

/// A sorted table stored as the differences between neighbours.
fn deltas(bytes: &'static [u8]) -> Vec<u32> {
    varints(bytes)
        .scan(0, |at, d| {
            *at += d;
            Some(*at)
        })
        .collect()
}

fn unpacked() -> &'static Unpacked {
    static UNPACKED: std::sync::OnceLock<Unpacked> = std::sync::OnceLock::new();
    UNPACKED.get_or_init(|| {
        let mut end = 0;
        let mut gaps = varints(&tables::CATALOGUE_RANGES);
        let catalogue = tables::CATALOGUE_KINDS
            .iter()
            .map_while(|&kind| {
                let first = end + gaps.next()?;
                end = first + gaps.next()? + 1;
                Some((first, end - 1, kind))
            })
            .collect();
        let imitates = deltas(&tables::IMITATES_FROM)
            .into_iter()
            .zip(tables::IMITATES_TO.iter().copied())
            .collect();
        let prop_values = tables::PROP_VALUES
            .iter()
            .map(|&i| tables::PROP_PALETTE[usize::from(i)])
            .collect();
        Unpacked {
            catalogue,
            imitates,
            prop_starts: deltas(&tables::PROP_STARTS),
            prop_values,
            labels: ranges(&tables::LABEL_RANGES),
        }
    })
}

/// Every kind, so that the BMP table can hold a kind in a byte.
const KINDS: [Kind; 15] = Kind::ALL;

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
        let tables = unpacked();
        let mut kinds = vec![0u8; 0x10000];
        for &(first, last, kind) in tables
            .catalogue
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
        for (i, &start) in tables
            .prop_starts
            .iter()
            .enumerate()
            .take_while(|&(_, &start)| start < 0x10000)
        {
            let end = tables
                .prop_starts
                .get(i + 1)
                .map_or(0x10000, |&e| e.min(0x10000));
            props[start as usize..end as usize].fill(tables.prop_values[i]);
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
    let imitates = &unpacked().imitates;
    imitates
        .binary_search_by_key(&cp, |&(from, _)| from)
        .ok()
        .map(|i| char::from(imitates[i].1))
}

/// Whether `c` is a catalogued quote that imitates U+0027. The few such quotes are gathered from
/// the tables once: the curly quotes of Chinese and English prose ask this of every quote mark,
/// and a search of the whole look-alike table each time cost more than the rest of their scan.
pub fn imitates_apostrophe(c: char) -> bool {
    static QUOTES: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    QUOTES
        .get_or_init(|| {
            unpacked()
                .imitates
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
    unpacked()
        .imitates
        .iter()
        .filter(|&&(_, to)| char::from(to) == c)
        .filter_map(|&(from, _)| char::from_u32(from))
        .find(|&from| {
            props(from).script() == script
                && props(from).is_letter()
                && from.is_lowercase() == c.is_lowercase()
        })
}

/// The Unicode name of `c` when a report can mention it (ASCII, the C1 controls and every
/// catalogued character): its name, a control's alias (`NULL`), or the label of a code point
/// without a name (`PRIVATE USE CHARACTER`, `NONCHARACTER`, `UNASSIGNED FORMAT CODE POINT`).
/// `None` for the characters no report names.
pub fn name(c: char) -> Option<&'static str> {
    let cp = c as u32;
    let names = names();
    if let Ok(i) = names.binary_search_by_key(&cp, |(code, _)| *code) {
        return Some(&names[i].1);
    }
    let label = in_ranges(&unpacked().labels, cp)?;
    tables::NAME_LABELS.get(label as usize).copied()
}

/// Every name, sorted by code point: the stored ones split from the generated text, and those
/// the tables give by a rule (tags, variation selectors), spelled out the first time a name is
/// asked for.
fn names() -> &'static [(u32, Box<str>)] {
    static NAMES: std::sync::OnceLock<Vec<(u32, Box<str>)>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let stored = deltas(&tables::NAME_CODES)
            .into_iter()
            .zip(tables::NAME_TEXT.split('\n').map(Box::from));
        let mut names: Vec<(u32, Box<str>)> = stored.collect();
        let (first_tag, last_tag) = tables::TAG_NAMES;
        let tags: Vec<(u32, Box<str>)> = (first_tag..=last_tag)
            .filter_map(|cp| {
                let i = names
                    .binary_search_by_key(&(cp - 0xE0000), |(c, _)| *c)
                    .ok()?;
                Some((cp, ["TAG ", &names[i].1].concat().into()))
            })
            .collect();
        let selectors = tables::SELECTOR_NAMES.iter().flat_map(|&(first, last, n)| {
            (first..=last).map(move |cp| {
                let number = (n + cp - first).to_string();
                (cp, ["VARIATION SELECTOR-", &number].concat().into())
            })
        });
        for (cp, name) in tags.into_iter().chain(selectors) {
            let at = names.partition_point(|(c, _)| *c < cp);
            names.insert(at, (cp, name));
        }
        names
    })
}

/// The properties of one character that the context rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Props(u16);

/// How many values [`Props::script_slot`] takes.
pub const SCRIPT_SLOTS: usize = 16;

impl Props {
    fn has(self, flag: u16) -> bool {
        self.0 & flag != 0
    }
    /// The script class.
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
}

/// Defines the `Props` methods that ask for flags: `$method` is true when the character has any
/// of the `$flag`s. One line of docs, name and flags a property.
macro_rules! flag_methods {
    ($($doc:literal $method:ident: $($flag:ident)|+;)*) => {
        impl Props {
            $(#[doc = $doc] pub fn $method(self) -> bool { self.has($(tables::$flag)|+) })*
        }
    };
}

flag_methods! {
    "General category L*." is_letter: LETTER; "General category M*." is_mark: MARK;
    "General category Nd." is_digit: DIGIT; "Letters and marks." is_letter_or_mark: LETTER | MARK;
    "Letters, marks and digits: what words are made of." is_word: LETTER | MARK | DIGIT;
    "Extended_Pictographic: what emoji ZWJ sequences join." is_extended_pictographic: EXT_PICT;
    "Emoji." is_emoji: EMOJI; "Emoji_Modifier: the skin tones." is_emoji_modifier: EMOJI_MODIFIER;
    "Indic_Syllabic_Category Virama or Invisible_Stacker." is_virama: VIRAMA;
    "Bidi_Class R or AL: a right-to-left letter." is_rtl: RTL; "Ideographic." is_ideographic: IDEOGRAPHIC;
    "Regional_Indicator: the halves of a flag." is_regional_indicator: REGIONAL_INDICATOR;
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
    let tables = unpacked();
    let i = tables.prop_starts.partition_point(|&start| start <= cp);
    Props(
        tables
            .prop_values
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
        assert_eq!(name('\\'), Some("REVERSE SOLIDUS"));
        assert_eq!(name('7'), Some("DIGIT SEVEN"));
        assert_eq!(name('\0'), Some("NULL"));
        assert_eq!(name('\t'), Some("CHARACTER TABULATION"));
        assert_eq!(name('\u{85}'), Some("NEXT LINE"));
        assert_eq!(name('\u{80}'), Some("PADDING CHARACTER"));
        assert_eq!(name('\u{1B}'), Some("ESCAPE"));
        assert_eq!(name('\u{E000}'), Some("PRIVATE USE CHARACTER"));
        assert_eq!(name('\u{10FFFD}'), Some("PRIVATE USE CHARACTER"));
        assert_eq!(name('\u{FFFF}'), Some("NONCHARACTER"));
        assert_eq!(name('\u{2065}'), Some("UNASSIGNED FORMAT CODE POINT"));
        assert_eq!(name('\u{E0002}'), Some("UNASSIGNED FORMAT CODE POINT"));
        assert_eq!(name('中'), None);
        assert_eq!(name('é'), None);
    }

    /// Every code point a report or the extension can show by name has one: ASCII, the C1
    /// controls, General Punctuation and everything the catalogue knows, look-alikes and what they
    /// imitate included.
    #[test]
    fn every_mentionable_code_point_is_named() {
        let catalogued = unpacked().catalogue.iter().flat_map(|&(a, b, _)| a..=b);
        for cp in (0..0xA0).chain(0x2000..0x2070).chain(catalogued) {
            let c = char::from_u32(cp).unwrap();
            assert!(name(c).is_some_and(|n| !n.is_empty()), "U+{cp:04X}");
            if let Some(target) = imitates(c) {
                assert!(name(target).is_some(), "U+{cp:04X} imitates {target:?}");
            }
        }
        assert_eq!(name('\u{E007E}'), Some("TAG TILDE"));
        assert_eq!(name('\u{FE0F}'), Some("VARIATION SELECTOR-16"));
        assert_eq!(name('\u{E01EF}'), Some("VARIATION SELECTOR-256"));
    }

    #[test]
    fn the_packed_tables_unpack_whole_and_sorted() {
        let t = unpacked();
        assert_eq!(t.catalogue.len(), tables::CATALOGUE_KINDS.len());
        assert!(t.catalogue.windows(2).all(|w| w[0].1 < w[1].0));
        assert!(t
            .catalogue
            .iter()
            .all(|&(first, last, _)| first <= last && last <= 0x10FFFF));
        assert_eq!(t.imitates.len(), tables::IMITATES_TO.len());
        assert!(t.imitates.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(
            (t.prop_starts.len(), t.prop_starts[0]),
            (t.prop_values.len(), 0)
        );
        assert!(t.prop_starts.windows(2).all(|w| w[0] < w[1]));
        assert!(names().windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(t.catalogue.last().map(|r| r.1), Some(0x10FFFF));
    }

    #[test]
    fn the_bmp_table_agrees_with_the_generated_ranges() {
        for cp in (0x80..0x10000).filter(|cp| !(0xD800..0xE000).contains(cp)) {
            assert_eq!(
                kind(char::from_u32(cp).unwrap()),
                catalogue_lookup(cp),
                "U+{cp:04X}"
            );
            let tables = unpacked();
            let i = tables.prop_starts.partition_point(|&start| start <= cp);
            assert_eq!(
                props(char::from_u32(cp).unwrap()).0,
                tables.prop_values[i - 1],
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
        // The rules pass over ASCII without asking (`in_spaceless_text`).
        assert!((0..0x80u8).all(|b| props(char::from(b)).script() != Script::Spaceless));
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
