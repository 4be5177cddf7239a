//! Word gaps as digits: the space between two words is one of several Unicode spaces.
//!
//! ninam (PyPI) replaces the first word gaps of a text by spaces from a fixed list
//! (U+0020, U+2006, U+2009, U+2008, U+00A0, U+2000 ... ; digit = position in the list), with
//! 1, 2 or 4 bits per gap, 8/bits gaps per byte, most significant first, and leaves every later
//! gap an ordinary U+0020. Other tools use the same idea with their own alphabet, so besides
//! ninam's list every assignment of the spaces present to digits is tried (U+0020 = 0 first,
//! then, for alphabets of at most four kinds, any assignment), and only readings that look like
//! words are kept.
//!
//! Real text also mixes spaces: French puts U+202F before `; : ! ?` and U+00A0 in numbers, CJK
//! uses U+3000, web text carries NBSPs. Those are spread through the whole text, so reading up
//! to the last unusual space gives zero bytes in the middle or non-text, and a text whose only
//! unusual space is U+00A0 or U+202F is left to [`super::typographic`] (one bit per gap).

use super::whitespace::word_score;
use super::{better, Reading, TextDecoder};
use crate::report::{Kind, Payload, Scheme};

/// ninam's alphabet; a symbol's digit is its index.
const NINAM: [char; 16] = [
    ' ', '\u{2006}', '\u{2009}', '\u{2008}', '\u{a0}', '\u{2000}', '\u{2001}', '\u{2002}',
    '\u{2003}', '\u{2004}', '\u{2005}', '\u{200a}', '\u{202f}', '\u{205f}', '\u{2007}', '\t',
];

/// Fewest non-ASCII spaces a payload region holds.
const MIN_WIDE: usize = 5;

/// Gaps past this many are not read (bounds the work on huge texts).
const MAX_GAPS: usize = 1 << 16;

/// Alphabets other than ninam's are searched only when the payload region is this short.
const MAX_SEARCHED_GAPS: usize = 2048;

/// Is `c` a space that can stand in a word gap?
fn is_gap(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// One word gap: where it is and which space fills it.
#[derive(Clone, Copy)]
struct Gap {
    at: usize,
    kind: char,
}

/// Decodes payloads carried by the choice of space in word gaps.
pub fn decode(text: &str) -> Vec<Payload> {
    if text.is_ascii() {
        return Vec::new();
    }
    let gaps = gaps(text);
    let Some(last_unusual) = gaps.iter().rposition(|g| g.kind != ' ') else {
        return Vec::new();
    };
    let mut kinds: Vec<char> = Vec::new();
    for g in &gaps[..=last_unusual] {
        if g.kind != ' ' && !kinds.contains(&g.kind) {
            kinds.push(g.kind);
        }
    }
    if kinds.len() == 1 && matches!(kinds[0], '\u{a0}' | '\u{202f}') {
        return Vec::new();
    }
    // An encoder rewrites every gap of the payload region, and text bits seldom give the digit
    // of U+0020, so unusual spaces are a good share of that region; in real text they are rare.
    let unusual = gaps[..=last_unusual]
        .iter()
        .filter(|g| g.kind != ' ')
        .count();
    // And a payload takes several of them: two or three no-break spaces are what real text has
    // ("10 km", "M. Dupont"), not a message.
    let wide = gaps[..=last_unusual]
        .iter()
        .filter(|g| !g.kind.is_ascii())
        .count();
    if unusual * 4 < last_unusual + 1 || wide < MIN_WIDE {
        return Vec::new();
    }
    let mut best = None;
    for bits in [1u32, 2, 4] {
        let digits: Option<Vec<(char, u8)>> = kinds
            .iter()
            .map(|&k| {
                NINAM
                    .iter()
                    .position(|&n| n == k)
                    .filter(|&i| i < 1 << bits)
                    .map(|i| (k, i as u8))
            })
            .collect();
        if let Some(mut digits) = digits {
            digits.push((' ', 0));
            best = better(best, read(&gaps, last_unusual, bits, &digits, true));
        }
    }
    // Other alphabets: every assignment with U+0020 = 0, then, if none reads, any assignment
    // of at most four kinds. Bounded: only short regions are searched this way, and only over
    // Unicode spaces (a TAB is a digit only in ninam's own alphabet: between words of ordinary
    // text, TABs and spaces alternate for layout).
    if last_unusual >= MAX_SEARCHED_GAPS || kinds.contains(&'\t') {
        return best.into_iter().collect();
    }
    let mut symbols = kinds.clone();
    symbols.insert(0, ' ');
    for space_zero in [true, false] {
        if best.is_some() {
            break;
        }
        for bits in [1u32, 2, 4] {
            let size = 1usize << bits;
            let searchable = if space_zero {
                bits < 4 || kinds.len() <= 3
            } else {
                bits < 4
            };
            if symbols.len() > size || !searchable {
                continue;
            }
            for_each_assignment(&symbols, size, space_zero, &mut |digits| {
                best = better(best.take(), read(&gaps, last_unusual, bits, digits, false));
            });
        }
    }
    best.into_iter().collect()
}

/// The word gaps of `text`, in order (at most [`MAX_GAPS`]).
///
/// A TAB counts only between two visible characters, where ninam's 4-bit alphabet puts it.
fn gaps(text: &str) -> Vec<Gap> {
    let mut out = Vec::new();
    let mut prev = '\n';
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map_or('\n', |&(_, n)| n);
        let tab_gap = c == '\t' && !prev.is_whitespace() && !next.is_whitespace();
        if is_gap(c) || tab_gap {
            out.push(Gap { at, kind: c });
            if out.len() == MAX_GAPS {
                break;
            }
        }
        prev = c;
    }
    out
}

/// A digit assignment: each space with its digit.
type Digits = [(char, u8)];

/// What [`for_each_assignment`] calls with each assignment.
type Visit<'a> = dyn FnMut(&Digits) + 'a;

/// Calls `f` with every injective assignment of `symbols` to digits below `size`; with
/// `space_zero`, only those that give U+0020 (the first symbol) the digit 0.
fn for_each_assignment(symbols: &[char], size: usize, space_zero: bool, f: &mut Visit) {
    fn go(
        symbols: &[char],
        size: usize,
        chosen: &mut Vec<(char, u8)>,
        used: &mut [bool],
        f: &mut Visit,
    ) {
        let Some(&next) = symbols.get(chosen.len()) else {
            f(chosen);
            return;
        };
        for digit in 0..size {
            if !used[digit] {
                used[digit] = true;
                chosen.push((next, digit as u8));
                go(symbols, size, chosen, used, f);
                chosen.pop();
                used[digit] = false;
            }
        }
    }
    let mut used = vec![false; size];
    let mut chosen = Vec::new();
    if space_zero {
        used[0] = true;
        chosen.push((' ', 0));
    }
    go(symbols, size, &mut chosen, &mut used, f);
}

/// Reads the gaps up to the byte that holds the last unusual space, with `digits` as the
/// alphabet; a candidate when the bytes look like words.
fn read(
    gaps: &[Gap],
    last_unusual: usize,
    bits: u32,
    digits: &[(char, u8)],
    ninam: bool,
) -> Option<Payload> {
    let per_byte = (8 / bits) as usize;
    let used = (last_unusual / per_byte + 1) * per_byte;
    let space = digits.iter().find(|d| d.0 == ' ').map_or(0, |d| d.1);
    if space != 0 {
        // U+0020 as a non-zero digit is one digit among several: at most about half the gaps.
        let ascii = gaps[..=last_unusual]
            .iter()
            .filter(|g| g.kind == ' ')
            .count();
        if ascii * 2 > last_unusual + 1 {
            return None;
        }
    }
    let mut bytes = Vec::with_capacity(used / per_byte);
    for chunk in 0..used / per_byte {
        let mut byte = 0u8;
        for g in chunk * per_byte..(chunk + 1) * per_byte {
            let kind = gaps.get(g).map_or(' ', |g| g.kind);
            let digit = digits.iter().find(|d| d.0 == kind).map_or(space, |d| d.1);
            byte = byte << bits | digit;
        }
        bytes.push(byte);
    }
    while bytes.last() == Some(&0) {
        bytes.pop();
    }
    if bytes.len() < 2 || bytes.contains(&0) {
        return None;
    }
    // A guessed alphabet needs more evidence than ninam's own: a longer reading that uses
    // several kinds of space (4-bit text uses many digits).
    let kinds_used = digits.iter().filter(|d| d.0 != ' ').count();
    let min_kinds = if bits == 4 { 3 } else { 1 };
    let min_len = if ninam && bits > 1 { 2 } else { 3 };
    let score = word_score(&bytes);
    if bytes.len() < min_len || kinds_used < min_kinds || score <= 0.0 || (!ninam && score < 0.75) {
        return None;
    }
    let last = gaps[(used - 1).min(gaps.len() - 1)];
    let end = last.at + last.kind.len_utf8();
    let mut sorted = digits.to_vec();
    crate::order::by_key(&mut sorted, |d| u64::from(d.1));
    let alphabet: Vec<String> = sorted
        .iter()
        .map(|(c, d)| format!("U+{:04X} = {d}", *c as u32))
        .collect();
    let alphabet = alphabet.join(", ");
    let (tool_en, tool_zh) = if ninam {
        ("ninam's alphabet: ", "ninam 字母表：")
    } else {
        ("", "")
    };
    let confidence = (0.5 + 0.45 * score + if ninam { 0.04 } else { 0.0 }).min(0.99);
    let mapping = (
        format!(
            "word gaps as digits, {tool_en}{alphabet}; {bits} bits per gap, {per_byte} gaps per byte, most \
             significant first; later gaps stay U+0020"
        ),
        format!(
            "词间空格作为数字，{tool_zh}{alphabet}；每个空格 {bits} 位，每字节 {per_byte} 个空格，高位在前；其后的空格保持 U+0020"
        ),
    );
    let reading = Reading::new(Scheme::UnicodeSpaces, bytes, confidence, mapping);
    Some(reading.place(gaps[0].at, end))
}

/// The kinds of space in word gaps, read when the text holds unusual spaces.
pub(crate) const DECODER: TextDecoder = TextDecoder {
    schemes: &[Scheme::UnicodeSpaces],
    trigger: |seen| seen.has(&[Kind::Space]),
    read: |seen| decode(seen.text),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;

    const COVER: &str =
        "The quick brown fox jumps over the lazy dog and keeps running into the hills";

    /// ninam's encoder, with its alphabet or another one.
    fn encode(secret: &[u8], bits: u32, alphabet: &[char]) -> String {
        let per_byte = 8 / bits;
        let symbols: Vec<char> = secret
            .iter()
            .flat_map(|&b| {
                (0..per_byte)
                    .rev()
                    .map(move |i| alphabet[usize::from(b >> (i * bits)) & ((1 << bits) - 1)])
            })
            .collect();
        let mut cover = String::new();
        while cover.matches(' ').count() < symbols.len() + 3 {
            cover.push_str(COVER);
            cover.push_str(". ");
        }
        let mut next = symbols.iter();
        cover
            .chars()
            .map(|c| {
                if c == ' ' {
                    *next.next().unwrap_or(&' ')
                } else {
                    c
                }
            })
            .collect()
    }

    #[test]
    fn round_trips_ninam_alphabets() {
        let mut rng = Rng::new(43);
        for round in 0..150 {
            let secret = rng.secret(200, round % 2 == 1);
            if secret.len() < 3 {
                continue;
            }
            let bits = [1, 2, 4][round % 3];
            let text = encode(secret.as_bytes(), bits, &NINAM);
            let got = decode(&text);
            assert_eq!(got.len(), 1, "{bits} bits {secret:?}");
            assert_eq!(got[0].bytes, secret.as_bytes(), "{bits} bits");
            assert!(text.is_char_boundary(got[0].end));
        }
    }

    #[test]
    fn round_trips_other_alphabets() {
        let mut rng = Rng::new(99);
        let alphabets: [&[char]; 3] = [
            &[' ', '\u{2009}', '\u{2005}', '\u{205f}'],
            &[' ', '\u{2004}'],
            &['\u{2002}', ' ', '\u{2003}', '\u{2009}'],
        ];
        for round in 0..60 {
            let secret = rng.words(120);
            if secret.len() < 8 {
                continue;
            }
            let alphabet = alphabets[round % 3];
            let bits = if alphabet.len() == 2 { 1 } else { 2 };
            let text = encode(secret.as_bytes(), bits, alphabet);
            let got = decode(&text);
            assert_eq!(
                got.first().map(|c| c.bytes.as_slice()),
                Some(secret.as_bytes()),
                "{alphabet:?}"
            );
        }
    }

    #[test]
    fn typographic_spaces_give_nothing() {
        let french = "Bonjour\u{202f}! Le prix est de 1\u{a0}200\u{a0}euros\u{202f}; merci. Quoi\u{202f}? Oui.";
        assert!(decode(french).is_empty());
        let cjk =
            "日本語\u{3000}の\u{3000}テキスト　です。 And English too, with spaces here and there.";
        assert!(decode(cjk).is_empty());
        let nbsp = "Call\u{a0}me at 10\u{a0}am on Monday, the 3\u{a0}rd.";
        assert!(decode(nbsp).is_empty());
        let time =
            "Meeting at 3:27\u{202f}PM and again at 4:00\u{202f}PM, with\u{2009}thin spaces.";
        assert!(decode(time).is_empty());
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let alphabet = [
            " ", "\u{2006}", "\u{2009}", "\u{2008}", "\u{3000}", "a", "\t", "\n",
        ];
        crate::testing::hostile(5, &alphabet, 300, 200, decode);
    }
}
