//! Look-alike choices as bits: straight or curly apostrophe, hyphen or dash, slash or division
//! slash, space or no-break space, Latin or Cyrillic letter.
//!
//! Canary traps and watermarks (Genius's apostrophes, the 2026 Claude Code date line, homoglyph
//! fingerprints) give every copy of a text its own pattern of visible look-alikes. Read in
//! reading order, each carrier of a class is one bit: 1 = the look-alike, 0 = the plain form,
//! 8 bits per byte, most significant first; the carriers after the payload stay plain. A
//! reading is reported only when it is plausible text; otherwise [`capacity`] says how many bits
//! the choices could carry, which is what a finding should say about a short fingerprint.
//!
//! Real text mixes these forms too (smart quotes from an editor, en dashes in ranges, Cyrillic
//! words), but not as a run of look-alikes that ends in all-plain carriers and spells words.
//! Letters are only read when the text has no Cyrillic of its own (a Cyrillic letter with no
//! Latin twin): in Russian or Ukrainian text Cyrillic а or о is just a letter.

use super::whitespace::{pack_bits, word_score};
use super::Candidate;

/// The contract's scheme name.
const SCHEME: &str = "typographic-variants";

/// Carriers past this many are not read (bounds the work on huge texts).
const MAX_CARRIERS: usize = 1 << 16;

/// How many bits the look-alike choices of a text could carry, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capacity {
    /// Number of carriers (one bit each).
    pub bits: usize,
    /// Half-open byte range from the first to the last carrier.
    pub start: usize,
    pub end: usize,
    /// Which choice carries them, in English ("apostrophes", "hyphens and dashes", ...).
    pub what: &'static str,
}

/// One family of interchangeable characters.
struct Class {
    what: &'static str,
    what_zh: &'static str,
    /// Is `c` a carrier, and if so, is it the look-alike (bit 1)?
    bit: fn(char) -> Option<bool>,
    /// A class of letters, read only in text without Cyrillic of its own.
    letters: bool,
}

fn apostrophe(c: char) -> Option<bool> {
    match c {
        '\'' => Some(false),
        '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{02b9}' | '\u{02bb}' | '\u{2032}'
        | '\u{ff07}' => Some(true),
        _ => None,
    }
}

fn hyphen(c: char) -> Option<bool> {
    match c {
        '-' => Some(false),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{fe63}'
        | '\u{ff0d}' => Some(true),
        _ => None,
    }
}

fn slash(c: char) -> Option<bool> {
    match c {
        '/' => Some(false),
        '\u{2044}' | '\u{2215}' | '\u{2571}' | '\u{29f8}' | '\u{ff0f}' => Some(true),
        _ => None,
    }
}

fn space(c: char) -> Option<bool> {
    match c {
        ' ' => Some(false),
        '\u{a0}' | '\u{202f}' => Some(true),
        _ => None,
    }
}

/// Latin letters with a Cyrillic twin, and the twin.
const TWINS: [(char, char); 21] = [
    ('a', 'а'),
    ('e', 'е'),
    ('o', 'о'),
    ('p', 'р'),
    ('c', 'с'),
    ('x', 'х'),
    ('y', 'у'),
    ('i', 'і'),
    ('j', 'ј'),
    ('s', 'ѕ'),
    ('A', 'А'),
    ('B', 'В'),
    ('C', 'С'),
    ('E', 'Е'),
    ('H', 'Н'),
    ('K', 'К'),
    ('M', 'М'),
    ('O', 'О'),
    ('P', 'Р'),
    ('T', 'Т'),
    ('X', 'Х'),
];

/// A homoglyph carrier among the first `n` twins.
fn twin(c: char, n: usize) -> Option<bool> {
    TWINS[..n].iter().find_map(|&(latin, cyrillic)| {
        if c == latin {
            Some(false)
        } else if c == cyrillic {
            Some(true)
        } else {
            None
        }
    })
}

/// The classes, in the order [`capacity`] prefers on a tie. The letter sets are the ones in
/// use: `a e o p c`, then with `x y`, then with `i j s`, then with capitals.
const CLASSES: [Class; 8] = [
    Class {
        what: "apostrophes",
        what_zh: "撇号",
        bit: apostrophe,
        letters: false,
    },
    Class {
        what: "hyphens and dashes",
        what_zh: "连字符与破折号",
        bit: hyphen,
        letters: false,
    },
    Class {
        what: "slashes",
        what_zh: "斜线",
        bit: slash,
        letters: false,
    },
    Class {
        what: "spaces and no-break spaces",
        what_zh: "空格与不换行空格",
        bit: space,
        letters: false,
    },
    Class {
        what: "Latin/Cyrillic look-alike letters a e o p c",
        what_zh: "拉丁/西里尔形近字母 a e o p c",
        bit: |c| twin(c, 5),
        letters: true,
    },
    Class {
        what: "Latin/Cyrillic look-alike letters a e o p c x y",
        what_zh: "拉丁/西里尔形近字母 a e o p c x y",
        bit: |c| twin(c, 7),
        letters: true,
    },
    Class {
        what: "Latin/Cyrillic look-alike letters a e o p c x y i j s",
        what_zh: "拉丁/西里尔形近字母 a e o p c x y i j s",
        bit: |c| twin(c, 10),
        letters: true,
    },
    Class {
        what: "Latin/Cyrillic look-alike letters",
        what_zh: "拉丁/西里尔形近字母",
        bit: |c| twin(c, TWINS.len()),
        letters: true,
    },
];

/// A carrier: where it is, how long, and its bit.
#[derive(Clone, Copy)]
struct Carrier {
    at: usize,
    len: usize,
    bit: bool,
}

/// The carriers of `class` in `text`, in reading order.
fn carriers(text: &str, class: &Class) -> Vec<Carrier> {
    text.char_indices()
        .filter_map(|(at, c)| {
            (class.bit)(c).map(|bit| Carrier {
                at,
                len: c.len_utf8(),
                bit,
            })
        })
        .take(MAX_CARRIERS)
        .collect()
}

/// Does `text` contain Cyrillic letters that have no Latin twin (so it is written in Cyrillic)?
fn has_own_cyrillic(text: &str) -> bool {
    text.chars()
        .filter(|&c| {
            matches!(c, '\u{400}'..='\u{4ff}')
                && c.is_alphabetic()
                && !TWINS.iter().any(|t| t.1 == c)
        })
        .nth(1)
        .is_some()
}

/// The classes worth reading in `text` (letters only in text without Cyrillic of its own).
fn classes(text: &str) -> impl Iterator<Item = &'static Class> {
    let own_cyrillic = has_own_cyrillic(text);
    CLASSES.iter().filter(move |c| !(c.letters && own_cyrillic))
}

/// Decodes a payload carried by look-alike choices, when one reads as text.
pub fn decode(text: &str) -> Vec<Candidate> {
    if text.is_ascii() {
        return Vec::new();
    }
    let mut best: Option<Candidate> = None;
    for class in classes(text) {
        if let Some(c) = read(&carriers(text, class), class) {
            if best.as_ref().is_none_or(|b| c.confidence > b.confidence) {
                best = Some(c);
            }
        }
    }
    best.into_iter().collect()
}

/// Reads the bits of one class: the bytes up to the first zero byte, when every carrier after
/// them is plain and they look like words.
fn read(carriers: &[Carrier], class: &Class) -> Option<Candidate> {
    let bits: Vec<bool> = carriers.iter().map(|c| c.bit).collect();
    let bytes = pack_bits(&bits);
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    if len < 2 || bits[len * 8..].iter().any(|&b| b) {
        return None;
    }
    let bytes = bytes[..len].to_vec();
    let score = word_score(&bytes);
    if score <= 0.0 {
        return None;
    }
    let last = carriers[len * 8 - 1];
    let what = class.what;
    let what_zh = class.what_zh;
    Some(Candidate {
        start: carriers[0].at,
        end: last.at + last.len,
        scheme: SCHEME,
        bytes,
        readable: true,
        confidence: (0.5 + 0.45 * score).min(0.95),
        mapping_en: format!(
            "{what}: the plain form = 0, the look-alike = 1, in reading order, 8 bits per byte, most \
             significant first; later carriers plain"
        ),
        mapping_zh: format!("{what_zh}：普通形式 = 0，形近字符 = 1，按阅读顺序，每字节 8 位，高位在前；其后的载体保持普通形式"),
        label: None,
        encrypted: false,
        sensitive: false,
    })
}

/// How many bits the look-alike choices of `text` could carry: the class with the most
/// look-alikes present (ties: the first in [`CLASSES`]), or `None` when no look-alike is there.
pub fn capacity(text: &str) -> Option<Capacity> {
    if text.is_ascii() {
        return None;
    }
    let mut best: Option<(usize, Capacity)> = None;
    for class in classes(text) {
        let found = carriers(text, class);
        let lookalikes = found.iter().filter(|c| c.bit).count();
        let (Some(first), Some(last)) = (found.first(), found.last()) else {
            continue;
        };
        if lookalikes > 0 && best.as_ref().is_none_or(|b| lookalikes > b.0) {
            let cap = Capacity {
                bits: found.len(),
                start: first.at,
                end: last.at + last.len,
                what: class.what,
            };
            best = Some((lookalikes, cap));
        }
    }
    best.map(|b| b.1)
}

#[cfg(test)]
mod tests {
    use super::super::whitespace::test_support::{bits_of, Rng};
    use super::*;

    const COVER: &str =
        "Researchers can't say that the new catalyst reduced energy use by nearly a fifth \
                         in lab-scale tests - a result that's open to peer review. ";

    /// Writes `secret` into the carriers of `class` (plain form given, look-alike = `swap`).
    fn encode(secret: &[u8], class: &Class, swap: fn(char) -> char) -> String {
        let bits = bits_of(secret);
        let mut cover = String::new();
        while carriers(&cover, class).len() < bits.len() + 4 {
            cover.push_str(COVER);
        }
        let mut next = bits.iter();
        cover
            .chars()
            .map(|c| {
                if (class.bit)(c).is_some() && *next.next().unwrap_or(&false) {
                    swap(c)
                } else {
                    c
                }
            })
            .collect()
    }

    fn cyrillic(c: char) -> char {
        TWINS.iter().find(|t| t.0 == c).map_or(c, |t| t.1)
    }

    #[test]
    fn round_trips_each_class() {
        let mut rng = Rng::new(11);
        type Swap = (usize, fn(char) -> char);
        let swaps: [Swap; 5] = [
            (0, |_| '\u{2019}'),
            (1, |_| '\u{2011}'),
            (3, |_| '\u{a0}'),
            (4, cyrillic),
            (6, cyrillic),
        ];
        for round in 0..60 {
            let secret = rng.secret(60, round % 2 == 1);
            if secret.len() < 2 {
                continue;
            }
            let (class, swap) = swaps[round % swaps.len()];
            let text = encode(secret.as_bytes(), &CLASSES[class], swap);
            let got = decode(&text);
            assert_eq!(got.len(), 1, "{} {secret:?}", CLASSES[class].what);
            assert_eq!(got[0].bytes, secret.as_bytes());
        }
    }

    #[test]
    fn homoglyph_bits_sample_convention() {
        let text = encode(b"k9x", &CLASSES[4], cyrillic);
        assert_eq!(decode(&text)[0].bytes, b"k9x");
    }

    #[test]
    fn fingerprint_gives_capacity_not_payload() {
        let line = "Today\u{2019}s date is 2026\u{2215}05\u{2215}14. Don't forget.";
        assert!(decode(line).is_empty());
        let cap = capacity(line).expect("capacity");
        assert_eq!(cap.what, "slashes");
        assert_eq!(cap.bits, 2);
        assert_eq!(&line[cap.start..cap.end], "\u{2215}05\u{2215}");
        assert_eq!(capacity("plain text, nothing here"), None);
    }

    #[test]
    fn ordinary_typography_gives_nothing() {
        let smart = "It\u{2019}s the team\u{2019}s plan \u{2013} pages 10\u{2013}12 \u{2013} isn\u{2019}t it? It's fine.";
        assert!(decode(smart).is_empty());
        let russian = "Привет, это обычный текст о работе и доме, а не шифр.";
        assert!(decode(russian).is_empty());
        let french = "Il a dit\u{a0}: \u{ab}\u{a0}oui\u{a0}\u{bb} et c\u{2019}est tout\u{202f}!";
        assert!(decode(french).is_empty());
    }
}
