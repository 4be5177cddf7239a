//! Look-alike choices as bits: straight or curly apostrophe, hyphen or dash, slash or division
//! slash, space or no-break space, Latin or Cyrillic letter.
//!
//! Canary traps and watermarks (Genius's apostrophes, the 2026 Claude Code date line, homoglyph
//! fingerprints) give every copy of a text its own pattern of visible look-alikes. Read in
//! reading order, each carrier of a class is one bit: 1 = the look-alike, 0 = the plain form,
//! 8 bits per byte, most significant first; the carriers after the payload stay plain. A
//! reading is reported only when it is plausible text; a short fingerprint is left to the
//! findings, which say how many bits the choices could carry.
//!
//! Real text mixes these forms too (smart quotes from an editor, en dashes in ranges, Cyrillic
//! words), but not as a run of look-alikes that ends in all-plain carriers and spells words.
//! Letters are only read when the text has no Cyrillic of its own (a Cyrillic letter with no
//! Latin twin): in Russian or Ukrainian text Cyrillic а or о is just a letter.

use super::whitespace::{pack_bits, word_score};
use super::{better, Reading, TextDecoder, TYPOGRAPHIC};
use crate::report::{Payload, Scheme};

/// Carriers past this many are not read (bounds the work on huge texts).
const MAX_CARRIERS: usize = 1 << 16;

/// One family of interchangeable characters.
struct Class {
    what: &'static str,
    what_zh: &'static str,
    /// Is `c` a carrier, and if so, is it the look-alike (bit 1)?
    bit: fn(char) -> Option<bool>,
    /// A class of letters, read only in text without Cyrillic of its own.
    letters: bool,
}

impl Class {
    /// The shortest reading reported. Writers and editors mix straight and curly apostrophes,
    /// hyphens and dashes, spaces and no-break spaces by habit, and a few dozen such choices
    /// read as two or three printable bytes and a zero byte by chance (a French manual page's
    /// apostrophes read `ADb`); letters of another script are not mixed by habit in text
    /// without Cyrillic of its own.
    fn shortest(&self) -> usize {
        if self.letters {
            2
        } else {
            4
        }
    }
}

/// Is `c` the `plain` form (bit 0), one of its `lookalikes` (bit 1), or neither?
fn choice(c: char, plain: char, lookalikes: &[char]) -> Option<bool> {
    if c == plain {
        Some(false)
    } else {
        lookalikes.contains(&c).then_some(true)
    }
}

fn apostrophe(c: char) -> Option<bool> {
    let curly = [
        '\u{2019}', '\u{2018}', '\u{02bc}', '\u{02b9}', '\u{02bb}', '\u{2032}', '\u{ff07}',
    ];
    choice(c, '\'', &curly)
}

fn hyphen(c: char) -> Option<bool> {
    let dashes = [
        '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2212}', '\u{fe63}', '\u{ff0d}',
    ];
    choice(c, '-', &dashes)
}

fn slash(c: char) -> Option<bool> {
    choice(
        c,
        '/',
        &['\u{2044}', '\u{2215}', '\u{2571}', '\u{29f8}', '\u{ff0f}'],
    )
}

fn space(c: char) -> Option<bool> {
    choice(c, ' ', &['\u{a0}', '\u{202f}'])
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

/// The classes, in the order [`decode`] prefers on a tie. The letter sets are the ones in
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

/// How many carriers past the last look-alike are read: enough to hold the zero byte that ends
/// a payload. The carriers after them are all plain and cannot change the reading.
const PAST_LAST: usize = 16;

/// The carriers of `class` in `text`, in reading order, from the class's `lookalikes` (sorted
/// positions of its non-ASCII forms) and its plain ASCII forms found by byte scans, up to
/// [`PAST_LAST`] carriers past the last look-alike.
fn carriers(text: &str, class: &Class, lookalikes: &[(usize, char)]) -> Vec<Carrier> {
    let Some(&(last, _)) = lookalikes.last() else {
        return Vec::new();
    };
    let plain: Vec<u8> = (0..0x80u8)
        .filter(|&b| (class.bit)(char::from(b)) == Some(false))
        .collect();
    let bytes = text.as_bytes();
    let positions: Box<dyn Iterator<Item = usize>> = match plain[..] {
        [one] => Box::new(memchr::memchr_iter(one, bytes)),
        _ => Box::new((0..bytes.len()).filter(|&i| plain.contains(&bytes[i]))),
    };
    let mut wide = lookalikes.iter().peekable();
    let mut out = Vec::new();
    let mut past = 0;
    for at in positions {
        while let Some(&(w, c)) = wide.next_if(|&&(w, _)| w < at) {
            out.push(Carrier {
                at: w,
                len: c.len_utf8(),
                bit: true,
            });
        }
        out.push(Carrier {
            at,
            len: 1,
            bit: false,
        });
        past += usize::from(at > last);
        if past >= PAST_LAST || out.len() >= MAX_CARRIERS {
            break;
        }
    }
    out.extend(wide.map(|&(at, c)| Carrier {
        at,
        len: c.len_utf8(),
        bit: true,
    }));
    out.truncate(MAX_CARRIERS);
    out
}

/// Does `text` contain Cyrillic letters that have no Latin twin (so it is written in Cyrillic)?
fn has_own_cyrillic(text: &str) -> bool {
    crate::text::non_ascii(text)
        .filter(|&(_, c)| {
            matches!(c, '\u{400}'..='\u{4ff}')
                && c.is_alphabetic()
                && !TWINS.iter().any(|t| t.1 == c)
        })
        .nth(1)
        .is_some()
}

/// Is `c` the look-alike of some class? (The letter classes are nested: the last holds all.)
fn is_lookalike(c: char) -> bool {
    let [apostrophes, hyphens, slashes, spaces, .., letters] = &CLASSES;
    [apostrophes, hyphens, slashes, spaces]
        .iter()
        .any(|class| (class.bit)(c) == Some(true))
        || (matches!(c, '\u{400}'..='\u{4ff}') && (letters.bit)(c) == Some(true))
}

/// Decodes a payload carried by look-alike choices, when one reads as text.
pub fn decode(text: &str) -> Vec<Payload> {
    decode_among(text, crate::text::non_ascii(text))
}

/// [`decode`] given the text's non-ASCII characters that may be look-alikes, with their
/// positions, in order (every catalogued character will do: each look-alike is catalogued).
pub(crate) fn decode_among(text: &str, wide: impl Iterator<Item = (usize, char)>) -> Vec<Payload> {
    let lookalikes: Vec<(usize, char)> = wide.filter(|&(_, c)| is_lookalike(c)).collect();
    if lookalikes.is_empty() {
        return Vec::new();
    }
    let of = |class: &Class| -> Vec<(usize, char)> {
        lookalikes
            .iter()
            .copied()
            .filter(|&(_, c)| (class.bit)(c) == Some(true))
            .collect()
    };
    let mut own_cyrillic = None;
    let mut best: Option<Payload> = None;
    for class in &CLASSES {
        let mine = of(class);
        if mine.is_empty()
            || (class.letters && *own_cyrillic.get_or_insert_with(|| has_own_cyrillic(text)))
        {
            continue;
        }
        best = better(best, read(&carriers(text, class, &mine), class));
    }
    best.into_iter().collect()
}

/// Reads the bits of one class: the bytes up to the first zero byte, when every carrier after
/// them is plain and they look like words.
fn read(carriers: &[Carrier], class: &Class) -> Option<Payload> {
    let bits: Vec<bool> = carriers.iter().map(|c| c.bit).collect();
    let bytes = pack_bits(&bits);
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    if len < class.shortest() || bits[len * 8..].iter().any(|&b| b) {
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
    let mapping = (
        format!(
            "{what}: the plain form = 0, the look-alike = 1, in reading order, 8 bits per byte, most \
             significant first; later carriers plain"
        ),
        format!("{what_zh}：普通形式 = 0，形近字符 = 1，按阅读顺序，每字节 8 位，高位在前；其后的载体保持普通形式"),
    );
    let confidence = (0.5 + 0.45 * score).min(0.95);
    let reading = Reading::new(Scheme::TypographicVariants, bytes, confidence, mapping);
    Some(reading.place(carriers[0].at, last.at + last.len))
}

/// Look-alike choices, read when the text holds characters of the kinds that make them.
pub(crate) const DECODER: TextDecoder = TextDecoder {
    schemes: &[Scheme::TypographicVariants],
    trigger: |seen| seen.has(&TYPOGRAPHIC),
    read: |seen| {
        let wide = seen.doc.candidates.iter().map(|&(at, c, _)| (at, c));
        decode_among(seen.text, wide)
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{bits_of, Rng};

    const COVER: &str =
        "Researchers can't say that the new catalyst reduced energy use by nearly a fifth \
                         in lab-scale tests - a result that's open to peer review. ";

    /// Writes `secret` into the carriers of `class` (plain form given, look-alike = `swap`).
    fn encode(secret: &[u8], class: &Class, swap: fn(char) -> char) -> String {
        let bits = bits_of(secret);
        let mut cover = String::new();
        while cover.chars().filter(|&c| (class.bit)(c).is_some()).count() < bits.len() + 4 {
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
            let (class, swap) = swaps[round % swaps.len()];
            if secret.len() < CLASSES[class].shortest() {
                continue;
            }
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
    fn a_short_fingerprint_is_no_payload() {
        let line = "Today\u{2019}s date is 2026\u{2215}05\u{2215}14. Don't forget.";
        assert!(decode(line).is_empty());
    }

    /// manpages-fr 4.18, man7/utf-8.7 (GPL-2.0+): the apostrophes of its first paragraphs read
    /// `ADb` and a zero byte; three bytes of habitual choices are no payload, four are.
    #[test]
    fn a_few_bytes_of_habitual_choices_are_no_payload() {
        let apostrophes = |secret: &[u8]| encode(secret, &CLASSES[0], |_| '\u{2019}');
        assert!(decode(&apostrophes(b"ADb")).is_empty());
        assert_eq!(decode(&apostrophes(b"ADbc"))[0].bytes, b"ADbc");
        assert_eq!(
            decode(&encode(b"k9", &CLASSES[4], cyrillic))[0].bytes,
            b"k9"
        );
    }

    #[test]
    fn every_lookalike_is_catalogued() {
        let lookalikes = (0x80..0x3_0000)
            .filter_map(char::from_u32)
            .filter(|&c| CLASSES.iter().any(|class| (class.bit)(c) == Some(true)));
        for c in lookalikes {
            assert!(crate::catalogue::kind(c).is_some(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn ordinary_typography_gives_nothing() {
        for ordinary in [
            "It\u{2019}s the team\u{2019}s plan \u{2013} pages 10\u{2013}12 \u{2013} isn\u{2019}t it? It's fine.",
            "Привет, это обычный текст о работе и доме, а не шифр.",
            "Il a dit\u{a0}: \u{ab}\u{a0}oui\u{a0}\u{bb} et c\u{2019}est tout\u{202f}!",
        ] {
            assert!(decode(ordinary).is_empty(), "{ordinary}");
        }
    }
}
