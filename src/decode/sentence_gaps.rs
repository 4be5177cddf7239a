//! Sentence gaps as bits: one space or two after a full stop, or a space or a no-break space.
//!
//! The Tesla leak of 2008 was traced by "identical emails … coded with either one or two spaces
//! between sentences, forming a binary signature"; a no-break space instead of a space does the
//! same invisibly in HTML. Read in order, each gap between two sentences is one bit, 8 bits per
//! byte, most significant first, either way round (the tool's choice of which form is 1); the
//! gaps after the message keep one form, the writer's own.
//!
//! Writers are consistent (one space throughout, or GNU-style two), or nearly so: a stray
//! double space here and there gives a few 1 bits among zeros, which read as control bytes and
//! zero bytes, not as words. Only a reading that spells at least three bytes (`MIN_BYTES`) of text,
//! with every later gap in one form, is a payload.

use super::whitespace::{pack_bits, word_score};
use super::{Reading, TextDecoder};
use crate::report::{Payload, Scheme};

/// Fewest characters of a message: two bytes of noise read as two letters too often; up to
/// four must look like a word.
const MIN_BYTES: usize = 3;

/// Gaps past this many are not read (bounds the work on huge texts).
const MAX_GAPS: usize = 1 << 16;

/// The two channels: how a gap's bit is written.
#[derive(Clone, Copy, PartialEq)]
enum Channel {
    /// One space or two.
    Count,
    /// A space, or a no-break space (alone or beside a space).
    NoBreak,
}

/// One gap between sentences: where its spaces are and what it says in each channel.
#[derive(Clone, Copy)]
struct Gap {
    start: usize,
    end: usize,
    /// One ordinary space.
    single: bool,
    /// Two ordinary spaces.
    double: bool,
    /// A no-break space in it.
    no_break: bool,
}

impl Gap {
    /// The gap's bit in `channel` (`true` for the second form), or `None` when it is neither
    /// form of that channel.
    fn bit(&self, channel: Channel) -> Option<bool> {
        match channel {
            Channel::Count if self.single => Some(false),
            Channel::Count if self.double => Some(true),
            Channel::NoBreak if self.single => Some(false),
            Channel::NoBreak if self.no_break => Some(true),
            _ => None,
        }
    }
}

/// Closing quotes and brackets that may follow a sentence's last mark.
fn closes(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}' | '\u{BB}'
    )
}

/// Does a sentence start with `c` (an opening quote before a capital counts as its start)?
fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || matches!(c, '"' | '\'' | '(' | '\u{201C}' | '\u{2018}' | '\u{AB}')
}

/// The gaps between sentences on one line (a line break ends a gap's spaces), in order.
fn gaps(text: &str) -> Vec<Gap> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for at in memchr::memchr3_iter(b'.', b'!', b'?', bytes) {
        if out.len() >= MAX_GAPS {
            break;
        }
        let mut rest = text[at + 1..].char_indices().peekable();
        let mut start = at + 1;
        while let Some(&(i, c)) = rest.peek() {
            if !closes(c) {
                break;
            }
            start = at + 1 + i + c.len_utf8();
            rest.next();
        }
        let (mut spaces, mut no_break, mut end) = (0usize, false, start);
        while let Some(&(i, c)) = rest.peek() {
            match c {
                ' ' => spaces += 1,
                '\u{A0}' => no_break = true,
                _ => break,
            }
            end = at + 1 + i + c.len_utf8();
            rest.next();
        }
        let next = rest.peek().map(|&(_, c)| c);
        let word_before = text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if end == start || !next.is_some_and(starts_sentence) || !word_before {
            continue;
        }
        out.push(Gap {
            start,
            end,
            single: spaces == 1 && !no_break,
            double: spaces == 2 && !no_break,
            no_break: no_break && spaces <= 1,
        });
    }
    out
}

/// Decodes a message carried by sentence gaps.
pub fn decode(text: &str) -> Vec<Payload> {
    let gaps = gaps(text);
    let mut best: Option<Payload> = None;
    for channel in [Channel::Count, Channel::NoBreak] {
        let carriers: Vec<(Gap, bool)> = gaps
            .iter()
            .filter_map(|g| Some((*g, g.bit(channel)?)))
            .collect();
        if carriers.len() < MIN_BYTES * 8 {
            continue;
        }
        for one in [true, false] {
            let bits: Vec<bool> = carriers.iter().map(|&(_, b)| b == one).collect();
            let reading = read(&bits).map(|(len, bytes, score)| {
                let last = carriers[len * 8 - 1].0;
                let mapping = describe(channel, one);
                let confidence = (0.5 + 0.45 * score).min(0.95);
                Reading::new(Scheme::SentenceSpacing, bytes, confidence, mapping)
                    .place(carriers[0].0.start, last.end)
            });
            best = super::better(best, reading);
        }
    }
    best.into_iter().collect()
}

/// The message in `bits`: its length in bytes, the bytes and how much they look like words.
/// The bits after the message repeat the writer's own form (the last bit), so the message ends
/// at the byte that holds the last bit of the other form; zero bytes that end it are dropped.
fn read(bits: &[bool]) -> Option<(usize, Vec<u8>, f32)> {
    let last = *bits.last()?;
    let tail = bits.iter().rposition(|&b| b != last).map_or(0, |i| i + 1);
    let len = tail.div_ceil(8);
    if len < MIN_BYTES || len * 8 > bits.len() {
        return None;
    }
    let mut bytes = pack_bits(&bits[..len * 8]);
    while bytes.last() == Some(&0) {
        bytes.pop();
    }
    let text = std::str::from_utf8(&bytes).ok()?;
    let chars = text.chars().count();
    if chars < MIN_BYTES || (chars <= 4 && !super::plausible::short_word(text)) {
        return None;
    }
    let score = word_score(&bytes);
    (score > 0.0).then_some((len, bytes, score))
}

/// The mapping of `channel` when `one` is its second form's bit.
fn describe(channel: Channel, one: bool) -> (String, String) {
    let (a, b, a_zh, b_zh) = match channel {
        Channel::Count => ("one space", "two spaces", "一个空格", "两个空格"),
        Channel::NoBreak => ("a space", "a no-break space", "普通空格", "不换行空格"),
    };
    let (zero, one_, zero_zh, one_zh) = if one {
        (a, b, a_zh, b_zh)
    } else {
        (b, a, b_zh, a_zh)
    };
    (
        format!(
            "the gap between sentences: {zero} = 0, {one_} = 1, 8 bits per byte, most significant \
             first; later gaps in one form"
        ),
        format!("句间空隙：{zero_zh} = 0，{one_zh} = 1，每字节 8 位，高位在前；其后的空隙形式一致"),
    )
}

/// The spaces that carry a sentence-gap payload at `start..end` of `text` and that `clean`
/// removes: the second space of each two-space gap, and each no-break space.
pub(crate) fn carriers(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    gaps(text)
        .into_iter()
        .filter(|g| g.start >= start && g.end <= end)
        .filter_map(|g| {
            if g.double {
                Some((g.start + 1, g.end))
            } else if g.no_break {
                text[g.start..g.end]
                    .find('\u{A0}')
                    .map(|i| (g.start + i, g.start + i + '\u{A0}'.len_utf8()))
            } else {
                None
            }
        })
        .collect()
}

/// Sentence gaps, read when the text has a full stop followed by two spaces, or a no-break
/// space. Two spaces side by side are looked for first: prose without them (most of it) is
/// passed over at the speed of a byte search, where a full stop and a space stop the search
/// for `.  ` at every sentence's end.
pub(crate) const DECODER: TextDecoder = TextDecoder {
    schemes: &[Scheme::SentenceSpacing],
    trigger: |seen| {
        let bytes = seen.text.as_bytes();
        (memchr::memmem::find(bytes, b"  ").is_some()
            && memchr::memmem::find(bytes, b".  ").is_some())
            || seen.doc.candidates.iter().any(|&(_, c, _)| c == '\u{A0}')
    },
    read: |seen| decode(seen.text),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::bits_of;

    /// Sentences from the Rust book (MIT or Apache-2.0), chapter 1.
    const PROSE: &str = "Welcome to The Rust Programming Language. The Rust programming language \
        helps you write faster, more reliable software. High-level ergonomics and low-level \
        control are often at odds in programming language design. Rust challenges that conflict. \
        Through balancing powerful technical capacity and a great developer experience, Rust \
        gives you the option to control low-level details. ";

    /// `PROSE` repeated, the gaps after full stops written from `secret`'s bits: `one` for a 1,
    /// `zero` for a 0, and `rest` after the message.
    fn hide(secret: &[u8], zero: &str, one: &str, rest: &str) -> String {
        let bits = bits_of(secret);
        let mut text = String::new();
        let mut k = 0;
        for _ in 0..bits.len() / 5 + 4 {
            for sentence in PROSE.split_inclusive(". ") {
                let body = sentence.trim_end();
                text.push_str(body);
                text.push_str(match bits.get(k) {
                    Some(true) => one,
                    Some(false) => zero,
                    None => rest,
                });
                if body.ends_with('.') {
                    k += 1;
                }
            }
        }
        text
    }

    fn found_span(text: &str) -> (usize, usize) {
        let p = &decode(text)[0];
        (p.start, p.end)
    }

    #[test]
    fn one_or_two_spaces_read_both_ways() {
        for (zero, one, rest) in [(" ", "  ", " "), ("  ", " ", "  "), (" ", "  ", "  ")] {
            let text = hide(b"leak 4471", zero, one, rest);
            let found = decode(&text);
            assert_eq!(found.len(), 1, "{zero:?} {one:?}");
            assert_eq!(found[0].text.as_deref(), Some("leak 4471"));
        }
        let text = hide(b"copy 12", " ", "\u{A0}", " ");
        assert_eq!(decode(&text)[0].text.as_deref(), Some("copy 12"));
        let spans = carriers(&text, found_span(&text).0, found_span(&text).1);
        assert!(spans.iter().all(|&(s, e)| &text[s..e] == "\u{A0}"));
        // Every 1 bit of the message is a carrier: 'c' 'o' 'p' 'y' ' ' '1' '2'.
        let ones: usize = b"copy 12".iter().map(|b| b.count_ones() as usize).sum();
        assert_eq!(spans.len(), ones);
    }

    #[test]
    fn consistent_or_nearly_consistent_typing_is_quiet() {
        let single = PROSE.repeat(20);
        let double = single.replace(". ", ".  ");
        assert!(decode(&single).is_empty() && decode(&double).is_empty());
        // A stray double space every few sentences, and a stray single one.
        let mut stray = String::new();
        for (i, s) in single.split_inclusive(". ").enumerate() {
            stray.push_str(s);
            if i % 7 == 3 {
                stray.push(' ');
            }
        }
        assert!(decode(&stray).is_empty());
        let mut stray = String::new();
        for (i, s) in double.split_inclusive(".  ").enumerate() {
            stray.push_str(s);
            if i % 9 == 4 {
                stray.pop();
            }
        }
        assert!(decode(&stray).is_empty());
    }
}
