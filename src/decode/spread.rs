//! Payloads spread over a text, one symbol per position.
//!
//! Some tools place a single invisible character in each word gap (the symbols, read in order,
//! are the digits) and some mark positions by presence or absence: text-blind-watermark's legacy
//! mode puts U+200C after the k-th visible character when bit k is 1, with a 1 bit at both ends
//! of the bit string. Both are read from the spread symbols `regions` collected.

use super::plausible;
use super::radix::{self, cp};
use super::regions::{is_carrier, Symbol};
use super::{better, Carriers, Decoder, Reading, MAX_PAYLOAD};
use crate::report::{Payload, Scheme};

/// Fewest symbols a word-gap reading needs (two bytes of binary, less a bit of slack).
const MIN_SYMBOLS: usize = 14;

/// How much more confident the reading of the symbols in word gaps alone must be than that of
/// every symbol (a chunk after every character: idev-pyzerowidth's 136 symbols read as 'exfil
/// to pastebin' at 0.74, its 20 in gaps as 'uuUQi' at 0.85).
const GAPS_MARGIN: f32 = 0.15;

/// Fewest marks a presence reading needs: two bytes of text have more 1 bits than this, while
/// a stray mark or two left in a text (once `clean` has removed the rest) reads as anything.
const MIN_MARKS: usize = 4;

/// The best reading of the spread symbols, with the byte range they span. The symbols in word
/// gaps are also read on their own, in case stray symbols elsewhere (a ZWSP inside an
/// identifier) interrupt the sequence.
pub(crate) fn decode(text: &str, symbols: &[Symbol]) -> Option<(usize, usize, Reading)> {
    let gaps: Vec<Symbol> = symbols.iter().copied().filter(|s| s.gap).collect();
    let all = placed(symbols, better(word_gaps(symbols), presence(text, symbols)));
    if gaps.len() == symbols.len() {
        return all;
    }
    let in_gaps = placed(&gaps, word_gaps(&gaps));
    // Reading every symbol explains more than reading the few in gaps, which a wrong layout
    // reads as a short word more easily: the gaps win only clearly.
    match (all, in_gaps) {
        (Some(a), Some(g)) => Some(if g.2.confidence > a.2.confidence + GAPS_MARGIN {
            g
        } else {
            a
        }),
        (a, g) => a.or(g),
    }
}

/// The byte range of `symbols` with their reading.
fn placed(symbols: &[Symbol], reading: Option<Reading>) -> Option<(usize, usize, Reading)> {
    let first = symbols.first()?;
    let last = symbols.last()?;
    Some((first.offset, last.offset + last.ch.len_utf8(), reading?))
}

/// The symbols in order as digits of an unknown alphabet.
fn word_gaps(symbols: &[Symbol]) -> Option<Reading> {
    if symbols.len() < MIN_SYMBOLS {
        return None;
    }
    let chars: Vec<char> = symbols.iter().map(|s| s.ch).take(MAX_PAYLOAD * 8).collect();
    let (layout, bytes, score) = radix::brute_force(&chars)?;
    let (en, zh) = layout.describe();
    Some(Reading::new(
        layout.scheme(),
        bytes,
        0.9 * score,
        (
            format!("one symbol per word gap: {en}"),
            format!("每个词间一个符号：{zh}"),
        ),
    ))
}

/// One character marks bit 1 where it follows a unit (a visible character, or a word) and its
/// absence bit 0. text-blind-watermark's legacy mode frames the bits with a 1 at both ends, so
/// its start is known; otherwise the bits are counted from the start of the text.
fn presence(text: &str, symbols: &[Symbol]) -> Option<Reading> {
    if symbols.len() < MIN_MARKS {
        return None;
    }
    let alphabet = radix::alphabet(&symbols.iter().map(|s| s.ch).collect::<Vec<_>>(), 1)?;
    let mark = *alphabet.first()?;
    let first = symbols.first()?.offset;
    let last = symbols.last()?;
    let last_end = last.offset + last.ch.len_utf8();
    // The visible character before the first mark carries the leading 1.
    let framed_start = text
        .get(..first)?
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_carrier(c))
        .map_or(0, |(i, _)| i);
    let framed = presence_bits(text.get(framed_start..last_end)?, mark, false)
        .and_then(|bits| Some(bits.get(1..bits.len().checked_sub(1)?)?.to_vec()))
        .and_then(|inner| reading(&inner, mark, Framing::Legacy));
    let chars = presence_bits(text.get(..last_end)?, mark, false)
        .and_then(|bits| reading(&bits, mark, Framing::Characters));
    let words = presence_bits(text.get(..last_end)?, mark, true)
        .and_then(|bits| reading(&bits, mark, Framing::Words));
    better(better(framed, chars), words)
}

/// The units a presence bit belongs to.
#[derive(Clone, Copy)]
enum Framing {
    /// Visible characters, bits between a leading and a trailing 1.
    Legacy,
    /// Visible characters from the start of the text.
    Characters,
    /// Words from the start of the text.
    Words,
}

/// One bit per unit of `text`: 1 when `mark` follows it (for a word: anywhere up to the next).
fn presence_bits(text: &str, mark: char, words: bool) -> Option<Vec<u8>> {
    let mut bits: Vec<u8> = Vec::new();
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_carrier(c) {
            continue;
        }
        let marked = chars.peek() == Some(&mark);
        if !words {
            bits.push(u8::from(marked));
        } else if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            bits.push(0);
        }
        if words && marked {
            if let Some(bit) = bits.last_mut() {
                *bit = 1;
            }
        }
        if bits.len() > MAX_PAYLOAD * 8 {
            return None;
        }
    }
    Some(bits)
}

/// Reads presence bits as bytes (8 per byte, most significant first; absent trailing zeros
/// are restored unless the framing fixes the length).
fn reading(bits: &[u8], mark: char, framing: Framing) -> Option<Reading> {
    if bits.is_empty() || (matches!(framing, Framing::Legacy) && bits.len() % 8 != 0) {
        return None;
    }
    let bytes: Vec<u8> = bits
        .chunks(8)
        .map(|b| {
            let v = b.iter().fold(0u8, |acc, &bit| (acc << 1) | bit);
            v << (8 - b.len())
        })
        .collect();
    let c = cp(mark);
    let (prior, en, zh) = match framing {
        Framing::Legacy => (
            0.95,
            format!(
                "{c} after a visible character = 1, none = 0, 8 bits per byte, most significant \
                 first, between a leading and a trailing 1 bit (text-blind-watermark legacy)"
            ),
            format!(
                "可见字符后有 {c} = 1，无 = 0，每字节 8 位，高位在前，首尾各一个 1 位\
                 （text-blind-watermark 旧版）"
            ),
        ),
        Framing::Characters => (
            0.85,
            format!(
                "{c} after a visible character = 1, none = 0, from the start of the text, \
                 8 bits per byte, most significant first"
            ),
            format!("自文本开头起，可见字符后有 {c} = 1，无 = 0，每字节 8 位，高位在前"),
        ),
        Framing::Words => (
            0.85,
            format!(
                "{c} after a word = 1, none = 0, from the start of the text, 8 bits per byte, \
                 most significant first"
            ),
            format!("自文本开头起，词后有 {c} = 1，无 = 0，每字节 8 位，高位在前"),
        ),
    };
    let score = plausible::score(&bytes);
    Some(Reading::new(
        Scheme::ZeroWidthBinary,
        bytes,
        prior * score,
        (en, zh),
    ))
}

/// The single invisible characters spread over a text.
pub(crate) struct Spread;

impl Decoder for Spread {
    fn schemes(&self) -> &'static [Scheme] {
        &[Scheme::ZeroWidthBinary, Scheme::ZeroWidthBaseN]
    }
    fn triggered(&self, carriers: &Carriers<'_>) -> bool {
        matches!(carriers, Carriers::Spread(..))
    }
    fn decode(&self, carriers: &Carriers<'_>) -> Vec<Payload> {
        let Carriers::Spread(text, symbols) = carriers else {
            return Vec::new();
        };
        decode(text, symbols)
            .map(|(start, end, reading)| reading.place(start, end))
            .into_iter()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::regions;
    use crate::testing::Rng;

    fn spread_binary(carrier: &str, secret: &str, zero: char, one: char) -> String {
        let mut bits = secret
            .bytes()
            .flat_map(|b| (0..8).rev().map(move |i| (b >> i) & 1));
        let mut out = String::new();
        for (i, word) in carrier.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
                if let Some(bit) = bits.next() {
                    out.push(if bit == 1 { one } else { zero });
                }
            }
            out.push_str(word);
        }
        out
    }

    fn blind_watermark(carrier: &str, secret: &str) -> String {
        let mut bits = vec![1u8];
        bits.extend(
            secret
                .bytes()
                .flat_map(|b| (0..8).rev().map(move |i| (b >> i) & 1)),
        );
        bits.push(1);
        let mut out = String::new();
        for (i, c) in carrier.chars().enumerate() {
            out.push(c);
            if bits.get(i) == Some(&1) {
                out.push('\u{200C}');
            }
        }
        out
    }

    fn read(text: &str) -> Option<Vec<u8>> {
        let found = regions::find(text, false);
        decode(text, &found.spread).map(|(_, _, r)| r.bytes)
    }

    /// Thirty random secrets hidden by `hide` read back.
    fn round_trips(seed: u64, hide: impl Fn(&str) -> String) {
        let mut rng = Rng::new(seed);
        for _ in 0..30 {
            let secret = rng.text(200);
            assert_eq!(read(&hide(&secret)), Some(secret.into_bytes()));
        }
    }

    #[test]
    fn word_gap_round_trip() {
        let carrier = "word ".repeat(1700);
        round_trips(77, |secret| {
            spread_binary(&carrier, secret, '\u{200C}', '\u{200D}')
        });
        let text = spread_binary(&carrier, "ok", '\u{200D}', '\u{FEFF}');
        assert_eq!(read(&text), Some(b"ok".to_vec()));
        let text = format!(
            "isAdmin\u{200B}() {}",
            spread_binary(&carrier, "x9", '\u{200C}', '\u{200D}')
        );
        assert_eq!(read(&text), Some(b"x9".to_vec()));
    }

    #[test]
    fn word_presence_round_trip() {
        let words = "Quarterly numbers are final and the team will meet on Friday to plan ";
        let carrier = words.repeat(150);
        let secret = "leak id 7";
        let mut bits = secret
            .bytes()
            .flat_map(|b| (0..8).rev().map(move |i| (b >> i) & 1));
        let mut text = String::new();
        for word in carrier.split_inclusive(' ') {
            text.push_str(word.trim_end());
            if bits.next() == Some(1) {
                text.push('\u{2060}');
            }
            text.push(' ');
        }
        assert_eq!(read(&text), Some(secret.as_bytes().to_vec()));
    }

    #[test]
    fn a_few_stray_marks_are_no_presence_payload() {
        let words = "Astronomers observed a faint companion star orbiting the white dwarf. ";
        for marks in 1..MIN_MARKS {
            let mut text = String::new();
            for (k, word) in words.repeat(4).split_inclusive(' ').enumerate() {
                text.push_str(word);
                if k % 5 == 1 && k / 5 < marks {
                    text.push('\u{200C}');
                }
            }
            assert_eq!(read(&text), None, "{text:?}");
        }
    }

    #[test]
    fn presence_round_trip() {
        let carrier = "Astronomers observed a faint companion star. ".repeat(40);
        round_trips(78, |secret| blind_watermark(&carrier, secret));
    }
}
