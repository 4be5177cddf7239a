//! Trailing whitespace at line ends: SNOW, space/tab binary and enShroud.
//!
//! Spaces and tabs after the last visible character of a line render as nothing, so tools hide
//! bits there. Three layouts are in use:
//!
//! * **SNOW** (Matthew Kwan's `snow`/`stegsnow`): a TAB opens the hidden part, then 3-bit groups,
//!   each written as 0-7 spaces closed by a TAB (stegsnow also lets the end of a line close the
//!   last group of that line). stegsnow puts the opening TAB only on the first carrying line and
//!   emits the three bits of a group least significant first; generators that follow the SNOW
//!   manual open every carrying line with a TAB and write a group most significant first. All
//!   four readings are tried and the one that reads as text wins.
//! * **Binary**: one bit per trailing symbol (space = 0, tab = 1, or the reverse), either as one
//!   stream over all lines or as one byte per line of exactly 8 symbols. pyUnicodeSteganography's
//!   snow mode opens the stream with TAB TAB TAB and writes each byte least significant bit
//!   first, so a stream is also read behind an opener of up to 7 equal symbols and in that bit
//!   order; those readings need four characters of one line of text and rank below the usual
//!   ones.
//! * **enShroud**: every line ends in U+00A0; after it each hidden word is written as its
//!   letters' unpadded binary code points (`format(ord(c), 'b')`: 6 or 7 bits for ASCII) with
//!   TAB = 1 and SPACE = 0, letters back to back, each word closed by another U+00A0.
//!
//! Innocent trailing whitespace (Markdown's two-space line break, `format=flowed` single spaces,
//! space padding of columns) has no TABs and no U+00A0 framing, so it reads as zero bits and
//! never as text. The helpers `pack_bits` and `word_score` are shared with the other
//! decoders of ordinary-looking carriers ([`super::spaces`], [`super::typographic`]).

use super::{plausible, Reading, TextDecoder};
use crate::report::{Kind, Payload, Scheme};

/// A trailing run longer than this is not a payload we try to read (bounds the work per line).
const MAX_RUN: usize = 4096;

/// Decodes hidden data carried by trailing whitespace at line ends.
pub fn decode(text: &str) -> Vec<Payload> {
    if !text.contains('\n') && !text.ends_with([' ', '\t', '\u{a0}']) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let tabs_spaces = trailing_runs(text, |c| c == ' ' || c == '\t');
    if tabs_spaces.iter().any(|r| text[r.clone()].contains('\t')) {
        // A TAB on every carrying line is the manual's framing; stegsnow's reading of the same
        // text only differs by zero groups at line starts, so it is tried only if that fails.
        let manual = best(snow_readings(text, &tabs_spaces, Opener::EveryLine));
        out.extend(manual.or_else(|| best(snow_readings(text, &tabs_spaces, Opener::Once))));
        out.extend(best(binary_readings(text, &tabs_spaces)));
    }
    if text.contains('\u{a0}') {
        let with_nbsp = trailing_runs(text, |c| matches!(c, ' ' | '\t' | '\u{a0}'));
        out.extend(enshroud(text, &with_nbsp));
    }
    out
}

/// The trailing run of each line (possibly empty), as byte ranges, in line order.
fn trailing_runs(text: &str, is_ws: fn(char) -> bool) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let kept = body.trim_end_matches(is_ws);
        runs.push(offset + kept.len()..offset + body.len());
        offset += line.len();
    }
    runs
}

/// Keeps the most plausible of several readings.
fn best(readings: impl IntoIterator<Item = Payload>) -> Option<Payload> {
    readings
        .into_iter()
        .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
}

/// Packs bits, most significant first, into bytes; a last partial byte is dropped.
pub(crate) fn pack_bits(bits: &[bool]) -> Vec<u8> {
    bits.chunks_exact(8)
        .map(|c| c.iter().fold(0u8, |acc, &b| (acc << 1) | u8::from(b)))
        .collect()
}

/// How much `bytes` look like words a person typed: 0.0 (noise) to 1.0.
///
/// Requires valid UTF-8, at least two characters, no control characters other than line
/// breaks and tabs, mostly letters, digits, spaces and common punctuation, at least half of them
/// letters or digits, and no single character making up most of a longer string (a run of one
/// repeated symbol is what a wrong digit assignment over ordinary spaces gives). Multiplied by
/// the shared [`plausible::score`].
pub(crate) fn word_score(bytes: &[u8]) -> f32 {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return 0.0;
    };
    let mut total = 0usize;
    let mut alnum = 0usize;
    let mut wordy = 0usize;
    // The only character that can make up most of the text (Boyer and Moore's majority vote).
    let (mut major, mut votes) = ('\0', 0usize);
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
            return 0.0;
        }
        if c.is_alphanumeric() {
            alnum += 1;
            wordy += 1;
        } else if c.is_whitespace()
            || crate::text::is_one_of(c, b".,;:!?'\"-()/@#&_+=%$*[]{}<>|~^`\\")
        {
            wordy += 1;
        }
        if votes == 0 {
            major = c;
        }
        votes = if c == major { votes + 1 } else { votes - 1 };
    }
    if total < 2 {
        return 0.0;
    }
    if total >= 4 && text.chars().filter(|&c| c == major).count() * 2 > total {
        return 0.0;
    }
    let wordy = wordy as f32 / total as f32;
    let alnum = alnum as f32 / total as f32;
    if wordy < 0.9 || alnum < 0.5 {
        return 0.0;
    }
    (0.5 + 0.25 * wordy + 0.25 * alnum) * plausible::score(bytes)
}

/// The payload of a reading that scored `score` (> 0).
fn candidate(range: (usize, usize), bytes: Vec<u8>, score: f32, en: String, zh: String) -> Payload {
    // Longer readings are stronger evidence, and win ties between framings.
    let length = (bytes.len() as f32 / 16.0).min(1.0);
    let confidence = (0.55 + 0.4 * score + 0.04 * length).min(0.99);
    Reading::new(Scheme::Whitespace, bytes, confidence, (en, zh)).place(range.0, range.1)
}

/// Drops the zero bytes that padding leaves at the end.
fn trim_nul(mut bytes: Vec<u8>) -> Vec<u8> {
    while bytes.last() == Some(&0) {
        bytes.pop();
    }
    bytes
}

/// Where SNOW puts its opening TAB.
#[derive(Clone, Copy)]
enum Opener {
    /// Only on the first carrying line (stegsnow).
    Once,
    /// On every carrying line (generators that follow the SNOW manual).
    EveryLine,
}

/// 3-bit group values read from the trailing runs, with the byte range they span.
fn snow_groups(
    text: &str,
    runs: &[std::ops::Range<usize>],
    opener: Opener,
) -> Option<(Vec<u8>, usize, usize)> {
    let mut groups = Vec::new();
    let mut started = false;
    let (mut start, mut end) = (0, 0);
    let mut skipped = false;
    for run in runs.iter().filter(|r| !r.is_empty() && r.len() <= MAX_RUN) {
        let ws = &text.as_bytes()[run.clone()];
        let opens = ws[0] == b'\t';
        let body = match opener {
            Opener::Once if !started && !opens => continue,
            Opener::Once if !started => &ws[1..],
            Opener::Once => ws,
            Opener::EveryLine if !opens => {
                // Whitespace without the opener between carrying lines: not this framing.
                skipped |= started;
                continue;
            }
            _ if skipped => return None,
            Opener::EveryLine => &ws[1..],
        };
        if !started {
            started = true;
            start = run.start;
        }
        end = run.end;
        let mut spaces = 0u8;
        for &b in body {
            if b == b' ' {
                spaces += 1;
                if spaces > 7 {
                    return None;
                }
            } else {
                groups.push(spaces);
                spaces = 0;
            }
        }
        if spaces > 0 {
            groups.push(spaces);
        }
    }
    started.then_some((groups, start, end))
}

/// The SNOW readings with `opener` (two bit orders) that read as text.
fn snow_readings(text: &str, runs: &[std::ops::Range<usize>], opener: Opener) -> Vec<Payload> {
    let mut out = Vec::new();
    if let Some((groups, start, end)) = snow_groups(text, runs, opener).filter(|g| g.0.len() >= 6) {
        for msb_first in [true, false] {
            let bits: Vec<bool> = groups
                .iter()
                .flat_map(|&g| {
                    let order = if msb_first { [4, 2, 1] } else { [1, 2, 4] };
                    order.map(|m| g & m != 0)
                })
                .collect();
            let bytes = trim_nul(pack_bits(&bits));
            let score = word_score(&bytes);
            if bytes.len() < 2 || score <= 0.0 {
                continue;
            }
            let (open_en, open_zh) = match opener {
                Opener::Once => (
                    "a TAB opens the hidden part once",
                    "首个载体行以一个制表符开始隐藏部分",
                ),
                Opener::EveryLine => (
                    "a TAB opens each carrying line",
                    "每个载体行以一个制表符开始",
                ),
            };
            let (order_en, order_zh) = if msb_first {
                ("most", "高位在前")
            } else {
                ("least", "低位在前（stegsnow）")
            };
            out.push(candidate(
                (start, end),
                bytes,
                score,
                format!(
                    "trailing whitespace, SNOW plain mode: {open_en}, then 3-bit groups as 0-7 spaces each \
                     closed by a TAB (or the line end), {order_en} significant bit of a group first; \
                     8 bits per byte, most significant first"
                ),
                format!(
                    "行尾空白，SNOW 明文模式：{open_zh}，之后每 3 位一组，写成 0-7 个空格并以制表符（或行尾）结束，\
                     组内{order_zh}；每字节 8 位，高位在前"
                ),
            ));
        }
    }
    out
}

/// How the bits of a binary reading are laid out.
#[derive(Clone, Copy)]
struct Layout {
    /// One byte per line of exactly 8 symbols, rather than one stream over all lines.
    per_line: bool,
    /// Symbols of an opener skipped before the first bit (pyUnicodeSteganography's snow mode
    /// writes TAB TAB TAB first).
    skip: usize,
    /// The first bit of a byte is its least significant (pyUnicodeSteganography).
    lsb_first: bool,
    tab_is_one: bool,
}

impl Layout {
    /// Every layout tried: the plain ones, then a stream behind an opener of up to 7 equal
    /// symbols, with either bit order.
    fn all() -> impl Iterator<Item = Layout> {
        (0..8).flat_map(|skip| {
            [false, true].into_iter().flat_map(move |per_line| {
                [false, true].into_iter().flat_map(move |lsb_first| {
                    [true, false].map(move |tab_is_one| Layout {
                        per_line,
                        skip,
                        lsb_first,
                        tab_is_one,
                    })
                })
            })
        })
    }

    /// Not the usual layout: a stronger reading is needed, and it ranks below a usual one.
    fn unusual(self) -> bool {
        self.skip > 0 || self.lsb_first
    }

    /// The sentences that say how symbols map to bytes.
    fn describe(self) -> (String, String) {
        let (one, zero) = if self.tab_is_one {
            ("TAB", "space")
        } else {
            ("space", "TAB")
        };
        let (one_zh, zero_zh) = if self.tab_is_one {
            ("制表符", "空格")
        } else {
            ("空格", "制表符")
        };
        let (frame_en, frame_zh) = if self.per_line {
            (
                "one byte per line of 8 trailing symbols".to_owned(),
                "每行 8 个行尾符号为一个字节".to_owned(),
            )
        } else if self.skip > 0 {
            (
                format!(
                    "one bit stream over all lines after an opener of {} symbols",
                    self.skip
                ),
                format!("所有行连成一个比特流，跳过开头的 {} 个符号", self.skip),
            )
        } else {
            (
                "one bit stream over all lines".to_owned(),
                "所有行连成一个比特流".to_owned(),
            )
        };
        let (order_en, order_zh) = if self.lsb_first {
            ("least significant first", "低位在前")
        } else {
            ("most significant first", "高位在前")
        };
        (
            format!(
                "trailing whitespace as binary: {zero} = 0, {one} = 1, {frame_en}, 8 bits per byte, \
                 {order_en}"
            ),
            format!("行尾空白二进制：{zero_zh} = 0，{one_zh} = 1，{frame_zh}，每字节 8 位，{order_zh}"),
        )
    }
}

/// Space/tab binary readings: one stream over all lines, or one byte per 8-symbol line.
fn binary_readings(text: &str, runs: &[std::ops::Range<usize>]) -> Vec<Payload> {
    let carrying: Vec<_> = runs
        .iter()
        .filter(|r| !r.is_empty() && r.len() <= MAX_RUN)
        .cloned()
        .collect();
    let mut out = Vec::new();
    for layout in Layout::all() {
        if layout.per_line && layout.skip > 0 {
            continue;
        }
        let used: Vec<_> = carrying
            .iter()
            .filter(|r| !layout.per_line || r.len() == 8)
            .cloned()
            .collect();
        let (Some(first), Some(last)) = (used.first(), used.last()) else {
            continue;
        };
        let symbols: Vec<u8> = used
            .iter()
            .flat_map(|r| text.as_bytes()[r.clone()].iter().copied())
            .collect();
        let Some((opener, symbols)) = symbols.split_at_checked(layout.skip) else {
            continue;
        };
        // An opener is a mark: one symbol repeated.
        let opens = opener.iter().all(|&s| Some(&s) == opener.first());
        if !opens || !symbols.contains(&b' ') || !symbols.contains(&b'\t') {
            continue;
        }
        let bits: Vec<bool> = symbols
            .iter()
            .map(|&s| (s == b'\t') == layout.tab_is_one)
            .collect();
        let mut bytes = pack_bits(&bits);
        if layout.lsb_first {
            bytes.iter_mut().for_each(|b| *b = b.reverse_bits());
        }
        if let Some(nul) = bytes.iter().position(|&b| b == 0) {
            bytes.truncate(nul);
        }
        let score = word_score(&bytes);
        // An unusual layout is one of many tries: it must read as a line of text, at least four
        // characters and no line break or TAB (random whitespace in binary data reads so).
        let unusual_ok = !layout.unusual()
            || (score >= 0.7
                && std::str::from_utf8(&bytes)
                    .is_ok_and(|t| t.chars().count() >= 4 && !t.contains(['\n', '\r', '\t'])));
        if bytes.len() < 2 || score <= 0.0 || !unusual_ok {
            continue;
        }
        let (en, zh) = layout.describe();
        let prior = if layout.unusual() { 0.9 } else { 0.95 };
        out.push(candidate(
            (first.start, last.end),
            bytes,
            score * prior,
            en,
            zh,
        ));
    }
    out
}

/// enShroud: U+00A0-framed words of unpadded binary letters.
fn enshroud(text: &str, runs: &[std::ops::Range<usize>]) -> Option<Payload> {
    let mut words = Vec::new();
    let (mut start, mut end) = (usize::MAX, 0);
    for run in runs.iter().filter(|r| !r.is_empty() && r.len() <= MAX_RUN) {
        let ws = &text[run.clone()];
        if !ws.starts_with('\u{a0}') {
            continue;
        }
        for segment in ws.split('\u{a0}').filter(|s| !s.is_empty()) {
            let bits: Vec<bool> = segment.bytes().map(|b| b == b'\t').collect();
            words.push(parse_word(&bits)?);
        }
        if ws.contains([' ', '\t']) {
            start = start.min(run.start);
            end = run.end;
        }
    }
    let secret = words.join(" ");
    let score = word_score(secret.as_bytes());
    if secret.chars().filter(|c| *c != ' ').count() < 2 || score <= 0.0 {
        return None;
    }
    Some(candidate(
        (start, end),
        secret.into_bytes(),
        score,
        "trailing whitespace, enShroud: each line ends in U+00A0, then each hidden word as its letters' \
         unpadded binary code points (6-7 bits for ASCII), TAB = 1, space = 0, each word closed by U+00A0; \
         words joined with spaces"
            .to_owned(),
        "行尾空白，enShroud：每行以 U+00A0 结尾，之后每个隐藏单词写成其字母码位的无填充二进制（ASCII 为 6-7 位），\
         制表符 = 1，空格 = 0，每个单词以 U+00A0 结束；单词以空格连接"
            .to_owned(),
    ))
}

/// What kind of character a split produced, for the costs of [`parse_word`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Start,
    Lower,
    Upper,
    Digit,
    Punct,
    Other,
}

/// Splits the unpadded binary of one word into characters, preferring word-like splits.
///
/// Each character is `format(ord(c), 'b')`: it starts with a 1 bit and has no fixed width, so the
/// split is ambiguous (`a1` and `0q` have the same 13 bits). A shortest-path search over
/// (position, previous character class) picks the split whose characters are most word-like:
/// lower-case letters cheapest, then capitals, digits, punctuation, non-ASCII letters, with
/// extra cost for a capital inside lower case, a letter after a digit and a word that starts with
/// a digit or punctuation.
fn parse_word(bits: &[bool]) -> Option<String> {
    const CLASSES: usize = 6;
    let n = bits.len();
    let index = |pos: usize, class: Class| pos * CLASSES + class as usize;
    let mut cost = vec![f32::INFINITY; (n + 1) * CLASSES];
    let mut back = vec![(0usize, '\0'); (n + 1) * CLASSES];
    cost[index(0, Class::Start)] = 0.0;
    for i in 0..n {
        if bits[i] && i + 6 > n {
            continue;
        }
        for prev in [
            Class::Start,
            Class::Lower,
            Class::Upper,
            Class::Digit,
            Class::Punct,
            Class::Other,
        ] {
            let here = cost[index(i, prev)];
            if !here.is_finite() {
                continue;
            }
            for len in 6..=16.min(n - i) {
                let value = bits[i..i + len]
                    .iter()
                    .fold(0u32, |acc, &b| (acc << 1) | u32::from(b));
                let Some((class, step)) =
                    char::from_u32(value).and_then(|c| letter_cost(c, len, !bits[i], prev))
                else {
                    continue;
                };
                let c = char::from_u32(value).unwrap_or_default();
                let at = index(i + len, class);
                if here + step < cost[at] {
                    cost[at] = here + step;
                    back[at] = (index(i, prev), c);
                }
            }
        }
    }
    let mut at = (0..CLASSES)
        .map(|k| n * CLASSES + k)
        .min_by(|&a, &b| cost[a].total_cmp(&cost[b]))?;
    if !cost[at].is_finite() {
        return None;
    }
    let mut word = Vec::new();
    while at >= CLASSES {
        let (prev, c) = back[at];
        word.push(c);
        at = prev;
    }
    Some(word.into_iter().rev().collect())
}

/// The class and cost of reading `c` from `len` bits after a character of class `prev`; `None`
/// when `c` cannot be a letter of an enShroud word. `padded`: the bits start with a 0 (a 7-bit
/// zero-padded code, which some ports write for 6-bit characters).
fn letter_cost(c: char, len: usize, padded: bool, prev: Class) -> Option<(Class, f32)> {
    if padded && !(len == 7 && c.is_ascii_graphic()) {
        return None;
    }
    if len >= 8 && (c.is_ascii() || !c.is_alphabetic()) {
        return None;
    }
    let (class, base) = match c {
        'a'..='z' => (Class::Lower, 1.0),
        'A'..='Z' => (Class::Upper, 1.2),
        '0'..='9' => (Class::Digit, 1.3),
        _ if c.is_ascii_graphic() => (Class::Punct, 2.5),
        _ if c.is_alphabetic() => (Class::Other, 4.5),
        _ => return None,
    };
    let context = match (prev, class) {
        (Class::Lower, Class::Upper) => 1.0,
        (Class::Digit, Class::Lower | Class::Upper) => 0.4,
        (Class::Start, Class::Digit) => 0.3,
        (Class::Start, Class::Punct) => 0.5,
        _ => 0.0,
    };
    Some((class, base + context + if padded { 0.5 } else { 0.0 }))
}

/// Trailing whitespace, read when a rule flagged whitespace.
pub(crate) const DECODER: TextDecoder = TextDecoder {
    schemes: &[Scheme::Whitespace],
    trigger: |seen| seen.flagged.contains(&Kind::Whitespace),
    read: |seen| decode(seen.text),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{bits_of, Rng};

    /// Cover text with enough lines for any payload.
    fn cover(lines: usize) -> Vec<String> {
        (0..lines)
            .map(|i| format!("Line {i} of a perfectly ordinary letter."))
            .collect()
    }

    /// The 3-bit groups of `secret`, zero-padded, most significant bit first or last.
    fn groups(secret: &[u8], msb_first: bool) -> Vec<u8> {
        let mut bits = bits_of(secret);
        while bits.len() % 3 != 0 {
            bits.push(false);
        }
        let value = |c: &[bool]| c.iter().fold(0, |a, &b| a << 1 | u8::from(b));
        bits.chunks(3)
            .map(|c| match msb_first {
                true => value(c),
                false => value(&[c[2], c[1], c[0]]),
            })
            .collect()
    }

    /// SNOW after the manual: each carrying line opens with a TAB; groups MSB first.
    fn snow_every_line(secret: &[u8]) -> String {
        let groups = groups(secret, true);
        let mut lines = cover(groups.len() / 4 + 2);
        for (line, chunk) in lines.iter_mut().zip(groups.chunks(4)) {
            line.push('\t');
            for &g in chunk {
                line.push_str(&" ".repeat(g.into()));
                line.push('\t');
            }
        }
        lines.join("\n") + "\n"
    }

    /// stegsnow: one opening TAB, groups LSB first, the line end may close a group.
    fn stegsnow(secret: &[u8]) -> String {
        let groups = groups(secret, false);
        let mut lines = cover(groups.len() / 5 + 2);
        lines[0].push('\t');
        for (line, chunk) in lines.iter_mut().zip(groups.chunks(5)) {
            for (k, &g) in chunk.iter().enumerate() {
                line.push_str(&" ".repeat(g.into()));
                if k + 1 < chunk.len() || g == 0 {
                    line.push('\t');
                }
            }
        }
        lines.join("\n")
    }

    fn binary_per_line(secret: &[u8], tab_is_one: bool) -> String {
        let mut lines = cover(secret.len() + 1);
        for (line, &b) in lines.iter_mut().zip(secret) {
            for i in (0..8).rev() {
                line.push(if (b >> i & 1 == 1) == tab_is_one {
                    '\t'
                } else {
                    ' '
                });
            }
        }
        lines.join("\r\n")
    }

    fn enshroud_encode(secret: &str) -> String {
        let words: Vec<&str> = secret.split(' ').filter(|w| !w.is_empty()).collect();
        let mut lines = cover(words.len().div_ceil(2) + 1);
        for line in lines.iter_mut() {
            line.push('\u{a0}');
        }
        for (line, pair) in lines.iter_mut().zip(words.chunks(2)) {
            for w in pair {
                for c in w.chars() {
                    line.extend(format!("{:b}", c as u32).chars().map(|b| {
                        if b == '1' {
                            '\t'
                        } else {
                            ' '
                        }
                    }));
                }
                line.push('\u{a0}');
            }
        }
        lines.join("\n")
    }

    fn decodes_to(text: &str, secret: &str) -> bool {
        decode(text).iter().any(|c| c.bytes == secret.as_bytes())
    }

    #[test]
    fn round_trips_every_layout() {
        let mut rng = Rng::new(0x5eed);
        for round in 0..200 {
            let unicode = round % 2 == 1;
            let secret = rng.secret(200, unicode);
            if secret.chars().count() < 2 {
                continue;
            }
            let b = secret.as_bytes();
            assert!(
                decodes_to(&snow_every_line(b), &secret),
                "snow manual {secret:?}"
            );
            assert!(decodes_to(&stegsnow(b), &secret), "stegsnow {secret:?}");
            assert!(
                decodes_to(&binary_per_line(b, round % 3 == 0), &secret),
                "binary {secret:?}"
            );
            let words = rng.words(200);
            assert!(
                decodes_to(&enshroud_encode(&words), &words),
                "enshroud {words:?}"
            );
        }
    }

    /// pyUnicodeSteganography's snow mode: TAB TAB TAB after the text, then each byte's bits
    /// least significant first, SPACE = 0, TAB = 1.
    fn py_unicode_snow(carrier: &str, secret: &[u8]) -> String {
        let bits = secret
            .iter()
            .flat_map(|&b| (0..8).map(move |i| if b >> i & 1 == 1 { '\t' } else { ' ' }));
        format!("{carrier}\t\t\t{}\n", bits.collect::<String>())
    }

    #[test]
    fn a_stream_behind_an_opener_least_significant_bit_first() {
        let mut rng = Rng::new(0x511);
        let carrier = "Die Stadtbibliothek verlängert ab nächster Woche ihre Öffnungszeiten.";
        for _ in 0..100 {
            let secret = rng.words(60);
            if secret.len() < 4 {
                continue;
            }
            let text = py_unicode_snow(carrier, secret.as_bytes());
            assert!(decodes_to(&text, &secret), "{secret:?}");
        }
    }

    #[test]
    fn real_tabs_before_line_ends_are_no_payload() {
        // Vim's user manual, usr_12.txt ("Another wasteful use of spaces"), Vim licence.
        let vim =
            "Therefore, you can best do this manually.  Use this search command: >\n\n\t/ \t\n\n\
                   You cannot see it, but there is a space before a tab in this command.\n";
        // X11::Protocol 0.56 (Protocol.pm, lines 360-364), the Perl licence.
        let perl = "     }, sub {\n\t my $self = shift;\n\t my(%h) = @_;\t \n\
                    \t my($data) = \"\\0\" . substr($h{\"keys\"}, 1, 31);\n\t return ($data, 0);\n";
        for text in [vim, perl, &format!("{vim}{perl}{perl}{vim}")] {
            assert!(decode(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn offsets_cover_the_carriers() {
        let text = snow_every_line(b"hello there");
        let c = &decode(&text)[0];
        assert_eq!(&text[c.start..c.start + 1], "\t");
        assert!(text[c.start..c.end].chars().all(|ch| ch.is_whitespace()) || c.end > c.start);
        assert!(text.is_char_boundary(c.end));
    }

    #[test]
    fn enshroud_letters_of_six_and_seven_bits() {
        assert_eq!(
            parse_word(&bits_of_str("1101101110010111001011110100")),
            Some("meet".to_owned())
        );
        let digits: String = "a1b2".chars().map(|c| format!("{:b}", c as u32)).collect();
        assert_eq!(parse_word(&bits_of_str(&digits)), Some("a1b2".to_owned()));
    }

    fn bits_of_str(s: &str) -> Vec<bool> {
        s.chars().map(|c| c == '1').collect()
    }

    #[test]
    fn innocent_trailing_whitespace_is_no_payload() {
        for innocent in [
            "First line  \nsecond line  \nthird  \n\n| a   | b   |\n| --- | --- |\n",
            "This is a format=flowed \nparagraph that wraps \nat spaces.\n",
            "fn main() {\t\n\tlet x = 1; \t\n}\t \n",
            "Prix\u{a0}\nTotal\u{a0}\u{a0}\n",
        ] {
            assert!(decode(innocent).is_empty(), "{innocent:?}");
        }
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let alphabet = [" ", "\t", "\n", "\r", "\u{a0}", "x", "é"];
        crate::testing::hostile(7, &alphabet, 400, 300, decode);
        let long = format!("x\t{}\n", " ".repeat(100_000));
        assert!(decode(&long).is_empty());
    }
}
