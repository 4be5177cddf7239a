//! Word gaps marked by an invisible character: one bit per gap.
//!
//! canarytrap (PyPI) gives the k-th space of a text bit k of the message: a 1 writes U+200E
//! LEFT-TO-RIGHT MARK before the space, a 0 leaves the space alone, 8 bits per byte, most
//! significant first, from the first space of the text; spaces past the message stay plain.
//! The same channel works with any invisible character (RLM, ZWSP, ZWNJ, WJ …) before or
//! after a space, so every such character and side is read: the bits run from the first gap of
//! the text (or of the paragraph where the marks begin) to the byte that holds the last marked
//! gap, either bit order.
//!
//! Real text puts marks at some gaps too: an LRM after a number or a Latin name in a Hebrew or
//! Arabic sentence, a ZWSP a converter left. Those marks are few and scattered over the whole
//! text, so reading up to the last of them gives bytes that are mostly zero; a reading is kept
//! only when the marked gaps are a good share of the gaps it spans (text bytes have three or
//! four 1 bits in eight), it holds no zero byte, and its bytes read as words.

use super::whitespace::word_score;
use super::{Reading, TextDecoder};
use crate::report::{Kind, Payload, Scheme};

/// Fewest marked gaps a reading needs: two bytes of text have more 1 bits than this.
const MIN_MARKS: usize = 4;

/// Gaps past this many are not read (bounds the work on huge texts).
const MAX_GAPS: usize = 1 << 16;

/// Most kinds of mark (a character on one side of the gap) tried in one text.
const MAX_MARKS: usize = 8;

/// Can `c` mark a gap: an invisible character that is not a tag or a variation selector (those
/// carry data of their own, read elsewhere)?
fn is_mark(c: char) -> bool {
    crate::catalogue::kind(c)
        .is_some_and(|k| k.is_invisible() && !matches!(k, Kind::Tag | Kind::VariationSelector))
}

/// A mark: which character, on which side of the space.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Mark {
    ch: char,
    before: bool,
}

/// One word gap: where its space is, where the gap with its marks starts and ends, and the
/// invisible characters right before and after the space.
#[derive(Clone, Copy)]
struct Gap {
    start: usize,
    end: usize,
    before: Option<char>,
    after: Option<char>,
    /// The first gap of a paragraph.
    opens: bool,
}

impl Gap {
    fn has(&self, mark: Mark) -> bool {
        let side = if mark.before { self.before } else { self.after };
        side == Some(mark.ch)
    }
}

/// Decodes payloads carried by marks at word gaps.
pub fn decode(text: &str) -> Vec<Payload> {
    if text.is_ascii() {
        return Vec::new();
    }
    let gaps = gaps(text);
    let mut marks: Vec<(Mark, usize)> = Vec::new();
    for g in &gaps {
        let sides = [(g.before, true), (g.after, false)];
        for (ch, before) in sides {
            let Some(ch) = ch else { continue };
            let mark = Mark { ch, before };
            if let Some((_, n)) = marks.iter_mut().find(|(m, _)| *m == mark) {
                *n += 1;
            } else if marks.len() < MAX_MARKS {
                marks.push((mark, 1));
            }
        }
    }
    let mut best: Option<Payload> = None;
    for &(mark, count) in &marks {
        if count < MIN_MARKS {
            continue;
        }
        let Some(first) = gaps.iter().position(|g| g.has(mark)) else {
            continue;
        };
        let paragraph = gaps[..=first].iter().rposition(|g| g.opens).unwrap_or(0);
        for start in [0, paragraph] {
            for lsb_first in [false, true] {
                if start > 0 && paragraph == 0 {
                    continue;
                }
                best = super::better(best, read(&gaps[start..], mark, lsb_first));
            }
        }
    }
    best.into_iter().collect()
}

/// The word gaps of `text`: each U+0020 with the invisible characters around it.
fn gaps(text: &str) -> Vec<Gap> {
    let mut out = Vec::new();
    let mut paragraph = true;
    let mut prev: Option<(usize, char)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\n' && prev.is_some_and(|(_, p)| p == '\n') {
            paragraph = true;
        }
        if c == ' ' {
            let before = prev.map(|(_, p)| p).filter(|&p| is_mark(p));
            let after = chars.peek().map(|&(_, n)| n).filter(|&n| is_mark(n));
            let start = match (prev, before) {
                (Some((p, _)), Some(_)) => p,
                _ => at,
            };
            let end = at + 1 + after.map_or(0, char::len_utf8);
            out.push(Gap {
                start,
                end,
                before,
                after,
                opens: std::mem::take(&mut paragraph),
            });
            if out.len() == MAX_GAPS {
                break;
            }
        }
        if c != '\r' {
            prev = Some((at, c));
        }
    }
    out
}

/// Reads `gaps` from the first with `mark` = 1, up to the byte that holds the last marked gap.
fn read(gaps: &[Gap], mark: Mark, lsb_first: bool) -> Option<Payload> {
    let last = gaps.iter().rposition(|g| g.has(mark))?;
    let used = (last / 8 + 1) * 8;
    let marked = gaps[..=last].iter().filter(|g| g.has(mark)).count();
    // Text bytes have three or four 1 bits in eight; scattered real marks have far fewer.
    if marked < MIN_MARKS || marked * 5 < used {
        return None;
    }
    let bytes: Vec<u8> = (0..used / 8)
        .map(|k| {
            let byte = (k * 8..k * 8 + 8).fold(0u8, |acc, g| {
                (acc << 1) | u8::from(gaps.get(g).is_some_and(|g| g.has(mark)))
            });
            if lsb_first {
                byte.reverse_bits()
            } else {
                byte
            }
        })
        .collect();
    if bytes.len() < 2 || bytes.contains(&0) {
        return None;
    }
    let score = word_score(&bytes);
    if score <= 0.0 {
        return None;
    }
    let end = gaps[last].end;
    let c = super::radix::cp(mark.ch);
    let (side_en, side_zh) = if mark.before {
        ("before", "之前")
    } else {
        ("after", "之后")
    };
    let (order_en, order_zh) = if lsb_first {
        ("least significant first", "低位在前")
    } else {
        (
            "most significant first (canarytrap writes U+200E)",
            "高位在前（canarytrap 用 U+200E）",
        )
    };
    let mapping = (
        format!(
            "one bit per space from the first of the passage: {c} {side_en} the space = 1, a plain \
             space = 0; 8 bits per byte, {order_en}; later spaces stay plain"
        ),
        format!(
            "自段落第一个空格起每个空格一位：空格{side_zh}有 {c} = 1，普通空格 = 0；每字节 8 位，{order_zh}；\
             其后的空格保持普通"
        ),
    );
    // A usual layout (MSB first, mark before the space as canarytrap writes it) wins a tie.
    let prior = if lsb_first { 0.9 } else { 0.95 };
    let confidence = (0.5 + 0.45 * score) * prior;
    let reading = Reading::new(Scheme::ZeroWidthBinary, bytes, confidence, mapping);
    Some(reading.place(gaps[0].start, end))
}

/// Marks at word gaps, read when a rule flagged an invisible character.
pub(crate) const DECODER: TextDecoder = TextDecoder {
    schemes: &[Scheme::ZeroWidthBinary],
    trigger: |seen| seen.flagged.iter().any(|k| k.is_invisible()),
    read: |seen| decode(seen.text),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;

    const COVER: &str = "The harbour authority said on Tuesday that the new crane would arrive \
                         in March, and workers have been asked to keep the east quay clear. ";

    /// canarytrap's encoder, with any mark on either side of the space.
    fn mark_gaps(cover: &str, secret: &[u8], mark: char, before: bool) -> String {
        let mut bits = crate::testing::bits_of(secret).into_iter();
        let mut out = String::new();
        for c in cover.chars() {
            if c == ' ' && bits.next() == Some(true) {
                if before {
                    out.push(mark);
                    out.push(' ');
                } else {
                    out.push(' ');
                    out.push(mark);
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    fn decodes_to(text: &str, secret: &str) -> bool {
        decode(text).iter().any(|p| p.bytes == secret.as_bytes())
    }

    #[test]
    fn canarytrap_round_trips() {
        let mut rng = Rng::new(0xca7);
        let cover = COVER.repeat(30);
        for round in 0..80 {
            let secret = rng.words(40);
            if secret.len() < 2 {
                continue;
            }
            let mark = ['\u{200E}', '\u{200F}', '\u{200B}', '\u{2060}'][round % 4];
            let text = mark_gaps(&cover, secret.as_bytes(), mark, round % 3 != 0);
            assert!(decodes_to(&text, &secret), "{mark:?} {secret:?}");
        }
        // The shortest messages of the corpus: two letters.
        let text = mark_gaps(&cover, b"ok", '\u{200E}', true);
        let found = decode(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].bytes, b"ok");
        assert_eq!(found[0].start, COVER.find(' ').unwrap());
    }

    #[test]
    fn a_channel_spread_symbols_read_too_is_one_payload() {
        // A word joiner after a word is also a spread symbol (`spread`'s presence reading).
        let text = mark_gaps(&COVER.repeat(4), b"meet at nine", '\u{2060}', true);
        let report = crate::scan(&text, &crate::Options::default());
        let texts: Vec<_> = report.payloads.iter().map(|p| p.text.as_deref()).collect();
        assert_eq!(texts, [Some("meet at nine")]);
    }

    #[test]
    fn two_spaces_after_a_full_stop_are_two_gaps() {
        // canarytrap counts spaces, not words: in GNU-style double-spaced text the two differ.
        let cover = COVER.repeat(4).replace(". ", ".  ");
        let text = mark_gaps(&cover, b"meet at 9", '\u{200E}', true);
        assert!(decodes_to(&text, "meet at 9"));
    }

    #[test]
    fn a_marked_paragraph_after_others() {
        let text = format!(
            "Notes from the meeting.\n\n{}",
            mark_gaps(&COVER.repeat(3), b"leak 7", '\u{200E}', true)
        );
        assert!(decodes_to(&text, "leak 7"));
    }

    #[test]
    fn real_bidi_marks_are_no_payload() {
        // Debian's gdk-pixbuf Hebrew catalogue (he.po, LGPL-2.1+): RLM after a Latin name and
        // before the colon's space, LRM after `seek()`, as its translators write them.
        let hebrew = [
            "שגיאה בפענוח קובץ תמונת JPEG\u{200F} (%s)",
            "שגיאה בקריאת קובץ ICNS:\u{200F} %s",
            "טעינת התמונה „%s” נכשלה:\u{200F} %s",
            "הדילוג על הבית הבא עם seek()\u{200E} נכשל.",
            "\u{202B}הדילוג על %d הבתים הבאים עם seek()\u{200E} נכשל.",
            "שגיאה בקריאת GIF:\u{200F} %s",
            "שגיאה חמורה בקובץ תמונת PNG:\u{200F} %s",
        ];
        // Debian's xkeyboard-config and gdk-pixbuf Arabic and Persian catalogues (MIT, LGPL).
        let arabic = [
            "رموز APL\u{200F} (Dyalog APL)",
            "رموز APL (SAX ،\u{200F} Sharp APL ليونكس)",
            "خطا در تفسیر پروندهٔ JPEG \u{200F}(%s)",
            "خطای مهلک در پروندهٔ تصویر PNG\u{200F}: %s",
        ];
        for lines in [&hebrew[..], &arabic[..]] {
            assert!(decode(&lines.join("\n")).is_empty(), "{lines:?}");
            assert!(decode(&lines.repeat(20).join("\n")).is_empty(), "{lines:?}");
        }
    }

    #[test]
    fn scattered_marks_are_no_payload() {
        // A converter left a ZWSP before every tenth space.
        let mut text = String::new();
        for (k, word) in COVER.repeat(10).split(' ').enumerate() {
            text.push_str(word);
            if k % 10 == 3 {
                text.push('\u{200B}');
            }
            text.push(' ');
        }
        assert!(decode(&text).is_empty());
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let alphabet = [" ", "\u{200E}", "\u{200B}", "a", "\n", "\r", "é"];
        crate::testing::hostile(17, &alphabet, 300, 300, decode);
    }
}
