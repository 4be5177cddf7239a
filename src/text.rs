//! Small, allocation-free helpers to look around a byte offset in UTF-8 text: the characters
//! before and after, the line, the word and the whitespace-delimited token.
//!
//! Rules look at a handful of neighbours of each candidate; walking from the candidate keeps
//! the scan free of per-character buffers.
//!
//! The walks over the whole text ([`each_notable`], [`first_non_ascii`]) are where a scan of clean
//! text spends its time, so they look at 64 bytes at once, as four 16-byte vector compares
//! ([`marks`]: SSE2 on x86_64, SIMD in WebAssembly, a byte at a time elsewhere, and tested
//! against that definition).

use crate::catalogue::{self, props};

/// The non-ASCII characters of `text` with their byte offsets, skipping ASCII a word at a time.
pub fn non_ascii(text: &str) -> NonAscii<'_> {
    NonAscii { text, at: 0 }
}

/// Iterator of [`non_ascii`].
pub struct NonAscii<'a> {
    text: &'a str,
    at: usize,
}

impl Iterator for NonAscii<'_> {
    type Item = (usize, char);

    #[inline(always)]
    fn next(&mut self) -> Option<(usize, char)> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        if *bytes.get(i)? < 0x80 {
            i += skip_ascii(&bytes[i..])?;
        }
        let (c, len) = decode_at(bytes, i);
        self.at = i + len;
        Some((i, c))
    }
}

/// Calls `f` with the byte offset and the character of every non-ASCII character of `text`
/// other than the CJK unified ideographs U+4E00..=U+9FFF, in text order; returns how many
/// ideographs it passed over.
///
/// Those ideographs share one kind (none) and one set of properties, and Chinese and Japanese
/// text is mostly short runs of them between punctuation: asking about each one, or ending a
/// loop at the end of each run, costs more than the rest of the scan. Here 64 bytes are looked
/// at together, with vector compares where the target has them (SSE2, WebAssembly SIMD): the lead
/// bytes of ideographs are counted, and only the lead bytes of other characters stop the walk.
/// It calls back rather than being an iterator so that its state stays in registers from one
/// character to the next (as an iterator, the walk of 8 MB of English and Chinese took 2.8 ms
/// instead of 1.9).
pub fn each_notable(text: &str, mut f: impl FnMut(usize, char)) -> usize {
    let bytes = text.as_bytes();
    let mut ideographs = 0;
    let mut start = 0;
    while let Some(rest) = bytes.get(start..).filter(|rest| !rest.is_empty()) {
        let Marks {
            leads,
            ideographs: passed,
            ..
        } = match rest.get(..CHUNK) {
            Some(chunk) => chunk_marks(chunk.try_into().unwrap_or(&[0; CHUNK])),
            None => {
                let mut padded = [0; CHUNK];
                padded[..rest.len()].copy_from_slice(rest);
                chunk_marks(&padded)
            }
        };
        ideographs += passed.count_ones() as usize;
        if leads == 0 {
            // ASCII (or the end of a character) up to the next byte outside ASCII.
            match skip_ascii(rest.get(CHUNK..).unwrap_or_default()) {
                Some(k) => start += CHUNK + k,
                None => break,
            }
            continue;
        }
        let mut stops = leads & !passed;
        while stops != 0 {
            let lead = start + stops.trailing_zeros() as usize;
            stops &= stops - 1;
            let (c, _) = decode_at(bytes, lead);
            if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                ideographs += 1;
            } else {
                f(lead, c);
            }
        }
        start += CHUNK;
    }
    ideographs
}

/// Bytes one vector compare looks at.
const BLOCK: usize = 16;

/// Bytes looked at together by [`each_notable`] and [`first_non_ascii`]: four blocks, so that the
/// branches that ask whether there is anything to look at are taken a quarter as often.
const CHUNK: usize = 4 * BLOCK;

/// What [`marks`] says of a block of bytes (or [`chunk_marks`] of a chunk): bit `k` stands for
/// byte `k`.
#[derive(Debug, PartialEq, Eq)]
struct Marks {
    /// Bytes outside ASCII (0x80..=0xFF).
    high: u64,
    /// Bytes that lead a character outside ASCII (0xC0..=0xFF).
    leads: u64,
    /// Bytes that lead a unified ideograph: E5..=E9, or E4 followed by B8..=BF
    /// (U+4E00..=U+4FFF; an E4 in the last byte of a block is not known to lead one).
    ideographs: u64,
}

/// [`marks`] of the four blocks of a chunk.
#[inline(always)]
fn chunk_marks(chunk: &[u8; CHUNK]) -> Marks {
    let mut all = Marks {
        high: 0,
        leads: 0,
        ideographs: 0,
    };
    for (k, block) in chunk.chunks_exact(BLOCK).enumerate() {
        let m = marks(block.try_into().unwrap_or(&[0; BLOCK]));
        all.high |= m.high << (k * BLOCK);
        all.leads |= m.leads << (k * BLOCK);
        all.ideographs |= m.ideographs << (k * BLOCK);
    }
    all
}

/// [`marks`] a byte at a time: the definition the vector versions must agree with.
#[cfg(any(
    test,
    not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ))
))]
fn marks_bytewise(block: &[u8; BLOCK]) -> Marks {
    let mut m = Marks {
        high: 0,
        leads: 0,
        ideographs: 0,
    };
    for (k, &b) in block.iter().enumerate() {
        let next = block.get(k + 1).copied().unwrap_or(0);
        m.high |= u64::from(b >= 0x80) << k;
        m.leads |= u64::from(b >= 0xC0) << k;
        let ideograph = matches!(b, 0xE5..=0xE9) || b == 0xE4 && matches!(next, 0xB8..=0xBF);
        m.ideographs |= u64::from(ideograph) << k;
    }
    m
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn marks(block: &[u8; BLOCK]) -> Marks {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of x86_64; the load reads the 16 bytes of `block`, unaligned.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        // Bytes compare as signed: 0x80..=0xBF are -128..=-65, 0xC0..=0xFF are -64..=-1.
        let within = |v, lo: i8, hi: i8| {
            _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(lo - 1)),
                _mm_cmplt_epi8(v, _mm_set1_epi8(hi + 1)),
            )
        };
        let leads = within(v, -64, -1);
        let e5_e9 = within(v, 0xE5_u8 as i8, 0xE9_u8 as i8);
        let e4 = _mm_cmpeq_epi8(v, _mm_set1_epi8(0xE4_u8 as i8));
        let next_b8_bf = within(_mm_srli_si128::<1>(v), 0xB8_u8 as i8, 0xBF_u8 as i8);
        let ideographs = _mm_or_si128(e5_e9, _mm_and_si128(e4, next_b8_bf));
        Marks {
            high: u64::from(_mm_movemask_epi8(v) as u16),
            leads: u64::from(_mm_movemask_epi8(leads) as u16),
            ideographs: u64::from(_mm_movemask_epi8(ideographs) as u16),
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn marks(block: &[u8; BLOCK]) -> Marks {
    use std::arch::wasm32::*;
    // SAFETY: the load reads the 16 bytes of `block`; WebAssembly loads need no alignment.
    let v = unsafe { v128_load(block.as_ptr().cast()) };
    let within = |v, lo, hi| v128_and(u8x16_ge(v, u8x16_splat(lo)), u8x16_le(v, u8x16_splat(hi)));
    let next =
        u8x16_shuffle::<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16>(v, u8x16_splat(0));
    let ideographs = v128_or(
        within(v, 0xE5, 0xE9),
        v128_and(u8x16_eq(v, u8x16_splat(0xE4)), within(next, 0xB8, 0xBF)),
    );
    Marks {
        high: u64::from(u8x16_bitmask(v)),
        leads: u64::from(u8x16_bitmask(u8x16_ge(v, u8x16_splat(0xC0)))),
        ideographs: u64::from(u8x16_bitmask(ideographs)),
    }
}

#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
#[inline(always)]
fn marks(block: &[u8; BLOCK]) -> Marks {
    marks_bytewise(block)
}

/// The character that starts at `bytes[i]`, a non-ASCII lead byte of valid UTF-8, and its
/// length: decoded in place, without the slicing and checks of `str::chars` (text in scripts
/// outside ASCII walks through here once per character).
#[inline]
fn decode_at(bytes: &[u8], i: usize) -> (char, usize) {
    let lead = u32::from(bytes[i]);
    let next = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    let (cp, len) = if lead < 0xE0 {
        ((lead & 0x1F) << 6 | next(1), 2)
    } else if lead < 0xF0 {
        ((lead & 0x0F) << 12 | next(1) << 6 | next(2), 3)
    } else {
        (
            (lead & 0x07) << 18 | next(1) << 12 | next(2) << 6 | next(3),
            4,
        )
    };
    (
        char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER),
        len,
    )
}

/// [`first_non_ascii`] kept out of line, so that the per-character path around it stays small.
#[inline(never)]
fn skip_ascii(bytes: &[u8]) -> Option<usize> {
    first_non_ascii(bytes)
}

/// Index of the first byte >= 0x80, checking a chunk at a time with [`chunk_marks`].
#[inline]
pub fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(CHUNK);
    let mut offset = 0;
    for chunk in &mut chunks {
        let high = chunk_marks(chunk.try_into().unwrap_or(&[0; CHUNK])).high;
        if high != 0 {
            return Some(offset + high.trailing_zeros() as usize);
        }
        offset += CHUNK;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b >= 0x80)
        .map(|p| offset + p)
}

/// How many bytes are ASCII letters, counted in byte lanes the compiler vectorises.
pub fn count_ascii_letters(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let n = chunk.iter().fold(0u8, |n, &b| {
                n + u8::from((b | 0x20).wrapping_sub(b'a') < 26)
            });
            usize::from(n)
        })
        .sum()
}

/// How many characters the UTF-8 `bytes` hold (bytes that are not continuation bytes),
/// counted in byte lanes the compiler vectorises.
pub fn count_chars(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let n = chunk
                .iter()
                .fold(0u8, |n, &b| n + u8::from(b & 0xC0 != 0x80));
            usize::from(n)
        })
        .sum()
}

/// Whether `s` holds a blank line (`\n\n` or `\n\r\n`): a paragraph ends in it. Found with
/// memchr: rules ask it of every stretch of text between two candidates.
pub fn has_blank_line(s: &str) -> bool {
    let bytes = s.as_bytes();
    memchr::memchr_iter(b'\n', bytes).any(|i| match bytes.get(i + 1) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(i + 2) == Some(&b'\n'),
        _ => false,
    })
}

/// Whether `c` is one of the ASCII characters in `set` (a byte test: a `str` pattern search
/// would bring a substring searcher into the WebAssembly module).
#[inline]
pub fn is_one_of(c: char, set: &[u8]) -> bool {
    c.is_ascii() && set.contains(&(c as u8))
}

/// The character that ends at byte `at`, if any.
#[inline]
pub fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

/// The character that starts at byte `at`, if any.
#[inline]
pub fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// Whether `c` draws nothing (a catalogued invisible character).
#[inline]
pub fn is_invisible(c: char) -> bool {
    (c as u32) >= 0x80 && catalogue::kind(c).is_some_and(|k| k.is_invisible())
}

/// The nearest visible character before byte `at`, skipping invisible ones. Callers ask about
/// visible characters (spaces) or the edges of clusters, so the runs skipped for different
/// callers do not overlap and the total work stays linear.
pub fn visible_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().rev().find(|&c| !is_invisible(c))
}

/// The nearest visible character from byte `at` on, skipping invisible ones (see
/// [`visible_before`]).
pub fn visible_after(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().find(|&c| !is_invisible(c))
}

/// Byte range of the line holding byte `at`, without its line break.
pub fn line_around(text: &str, at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let at = at.min(bytes.len());
    let start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| at + i);
    let end = if end > start && bytes[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    (start, end)
}

/// Byte range of the whitespace-delimited token holding byte `at` (at most 512 bytes each way).
pub fn token_around(text: &str, at: usize) -> (usize, usize) {
    let mut start = at;
    for (n, c) in text[..at].chars().rev().enumerate() {
        if c.is_whitespace() || n >= 512 {
            break;
        }
        start -= c.len_utf8();
    }
    let mut end = at;
    for (n, c) in text[at..].chars().enumerate() {
        if c.is_whitespace() || n >= 512 {
            break;
        }
        end += c.len_utf8();
    }
    (start, end)
}

/// Byte range of the word holding byte `at`: letters, marks and digits, with invisible
/// characters inside (at most 256 characters each way).
pub fn word_around(text: &str, at: usize) -> (usize, usize) {
    let in_word = |c: char| props(c).is_word() || is_invisible(c);
    let mut start = at;
    for (n, c) in text[..at].chars().rev().enumerate() {
        if !in_word(c) || n >= 256 {
            break;
        }
        start -= c.len_utf8();
    }
    let mut end = at;
    for (n, c) in text[at..].chars().enumerate() {
        if !in_word(c) || n >= 256 {
            break;
        }
        end += c.len_utf8();
    }
    (start, end)
}

/// Whether a letter that `wanted` accepts stands within `reach` characters before byte `at`:
/// the script a reader sees around a character when spaces, digits, punctuation, mnemonic
/// markers (`_Open`, `&Open`) or placeholders (`%1`, `{0}`) stand between.
pub fn letter_before(text: &str, at: usize, reach: usize, wanted: impl Fn(char) -> bool) -> bool {
    let mut chars = text.get(..at).unwrap_or_default().chars().rev().take(reach);
    chars.any(|c| props(c).is_letter() && wanted(c))
}

/// Whether a letter that `wanted` accepts stands within `reach` characters from byte `at` on
/// (see [`letter_before`]).
pub fn letter_after(text: &str, at: usize, reach: usize, wanted: impl Fn(char) -> bool) -> bool {
    let mut chars = text.get(at..).unwrap_or_default().chars().take(reach);
    chars.any(|c| props(c).is_letter() && wanted(c))
}

/// ASCII letter, digit or underscore: the stuff of identifiers, URLs and numbers.
#[inline]
pub fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Up to three zero-width spaces and joiners between `before` and `after`, touching no ASCII
/// word: what translators leave beside spaces and punctuation in Arabic, Persian and Indic text
/// (`آی‌پی ​​پتا`, `ഫോട്ടോ ‌(`). Innocent in a text written in such a script.
pub fn stray_joiners(
    mut chars: impl Iterator<Item = char>,
    before: Option<char>,
    after: Option<char>,
) -> bool {
    let ascii_word = |x: Option<char>| x.is_some_and(is_ascii_word);
    let mut n = 0;
    chars.all(|c| {
        n += 1;
        n <= 3 && matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}')
    }) && !ascii_word(before)
        && !ascii_word(after)
}

/// A token that a program reads: a URL, an e-mail address or an identifier.
pub fn is_machine_token(token: &str) -> bool {
    token.contains("://")
        || token.starts_with("www.")
        || token.contains('_')
        || token.contains("()")
        || token.contains('(') && token.contains(')')
        || token
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
        || token
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_ascii() {
        assert_eq!(first_non_ascii(b"hello world, plain ascii"), None);
        assert_eq!(
            first_non_ascii("0123456789abcdefghijé".as_bytes()),
            Some(20)
        );
        for at in 0..200 {
            let text = format!("{}é{}", "a".repeat(at), "b".repeat(70));
            assert_eq!(first_non_ascii(text.as_bytes()), Some(at));
        }
        let found: Vec<_> = non_ascii("a\u{200B}bcdefghijklmnopqrstuvwxyz\u{00A0}é")
            .map(|(i, _)| i)
            .collect();
        assert_eq!(found, vec![1, 29, 31]);
    }

    #[test]
    fn non_ascii_decodes_every_length_like_chars() {
        let text = "a\u{E9}\u{FF07}b\u{10FFFF}\u{E0041}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{4E2D}z";
        let expected: Vec<(usize, char)> =
            text.char_indices().filter(|c| !c.1.is_ascii()).collect();
        assert_eq!(non_ascii(text).collect::<Vec<_>>(), expected);
    }

    /// What [`each_notable`] calls back with, and the ideographs it counts.
    fn notable(text: &str) -> (Vec<(usize, char)>, usize) {
        let mut chars = Vec::new();
        let ideographs = each_notable(text, |i, c| chars.push((i, c)));
        (chars, ideographs)
    }

    #[test]
    fn notable_passes_over_unified_ideographs() {
        let text = "a葛飾区一鿿\u{4DFF}丁x";
        let (chars, ideographs) = notable(text);
        assert_eq!(chars, [(16, '\u{4DFF}')]);
        assert_eq!(ideographs, 6);
    }

    #[test]
    fn vector_marks_agree_with_the_bytewise_definition() {
        let interesting = [
            0x00, 0x41, 0x7F, 0x80, 0xB7, 0xB8, 0xBF, 0xC0, 0xE3, 0xE4, 0xE5,
        ];
        let more = [0xE9, 0xEA, 0xEF, 0xF0, 0xFF];
        let values: Vec<u8> = interesting.into_iter().chain(more).collect();
        let mut seed = 11u32;
        for _ in 0..20_000 {
            let block: [u8; BLOCK] = std::array::from_fn(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                values[(seed >> 16) as usize % values.len()]
            });
            assert_eq!(marks(&block), marks_bytewise(&block), "{block:02X?}");
        }
    }

    #[test]
    fn notable_agrees_with_chars_at_every_alignment() {
        let pieces = [
            "a",
            "葛",
            "\u{4E00}",
            "\u{4DFF}",
            "\u{9FFF}",
            "\u{A000}",
            "\u{4E3F}",
            "，",
            "。",
            "“",
            "é",
            "\u{10FFFF}",
            "\u{E0041}",
            "\u{3400}",
            "\u{E4}",
            "\u{FF07}",
            "丁",
            "\u{FF01}",
        ];
        let mut seed = 7u32;
        for len in 0..300 {
            let text: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    pieces[(seed >> 16) as usize % pieces.len()]
                })
                .collect();
            let ideograph = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
            let expected: Vec<(usize, char)> = text
                .char_indices()
                .filter(|&(_, c)| !c.is_ascii() && !ideograph(c))
                .collect();
            let (chars, ideographs) = notable(&text);
            assert_eq!(chars, expected, "{text}");
            assert_eq!(
                ideographs,
                text.chars().filter(|&c| ideograph(c)).count(),
                "{text}"
            );
        }
    }

    #[test]
    fn blank_lines() {
        assert!(has_blank_line("a\n\nb") && has_blank_line("a\r\n\r\nb"));
        assert!(!has_blank_line("a\nb\r\nc\n") && !has_blank_line("a\n \nb"));
    }

    #[test]
    fn counts_chars() {
        let text = "naïve 葛飾区 👍🏿 abc\u{200B}".repeat(30);
        assert_eq!(count_chars(text.as_bytes()), text.chars().count());
    }

    #[test]
    fn counts_ascii_letters() {
        let text = "Hello, World! 123 [x]{y}@`~".repeat(40);
        assert_eq!(
            count_ascii_letters(text.as_bytes()),
            text.bytes().filter(u8::is_ascii_alphabetic).count()
        );
    }

    #[test]
    fn neighbours_skip_invisible_characters() {
        let t = "ab\u{200B}\u{200C}cd";
        assert_eq!(char_before(t, 2), Some('b'));
        assert_eq!(visible_after(t, 2), Some('c'));
        assert_eq!(visible_before(t, 8), Some('b'));
        assert_eq!(char_before(t, 0), None);
    }

    #[test]
    fn lines_tokens_words() {
        let t = "one\r\ntwo http://x.y/z three\nfour";
        assert_eq!(line_around(t, 6), (5, 27));
        let (a, b) = token_around(t, 12);
        assert_eq!(&t[a..b], "http://x.y/z");
        let (a, b) = word_around(t, 6);
        assert_eq!(&t[a..b], "two");
        assert!(is_machine_token("http://x.y/z"));
        assert!(is_machine_token("isAdmin()"));
        assert!(is_machine_token("me@example.org"));
        assert!(!is_machine_token("hello,"));
    }
}
