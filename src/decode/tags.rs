//! Unicode tag characters ("ASCII smuggling") and invisicode's 12-bit plane-14 packing.
//!
//! Tag characters U+E0020-U+E007E mirror printable ASCII (`cp - 0xE0000`; some encoders also
//! write tab and newline as U+E0009/U+E000A); smugglers write them
//! bare, after an emoji, framed by U+E0001 ... U+E007F (PyRIT) or ended by U+E007F (blindtag).
//! Subdivision flags, their one innocent use, never reach this module (`regions`). invisicode
//! uses the whole area U+E0000-U+E0FFF, 12 bits per code point, so a run with code points above
//! U+E007F is read that way, and so is a run of tags that does not spell ASCII. Its text mode
//! opens with U+1D17A and packs each code point in 1-3 bytes of 7 bits (LEB128); its bytes mode has no signifier, closes two odd bytes with U+E0FFF, and
//! its bytes are whatever the caller packed: a short binary header (a length, a type) before
//! the text is read past, the payload is the text and the explanation gives the header.

use super::plausible;
use super::regions::Run;
use super::{better, Reading, RunDecoder, MAX_PAYLOAD};
use crate::report::Scheme;

const LANGUAGE_TAG: u32 = 0xE0001;
const CANCEL_TAG: u32 = 0xE007F;
/// invisicode's signifier for a text (rather than bytes) payload.
const INVISICODE_TEXT: u32 = 0x1D17A;
/// invisicode's closing value after two single bytes (U+E0FFF).
const INVISICODE_PADDING: u32 = 0xFFF;
/// The longest binary header read before the text of an invisicode payload of bytes.
const MAX_HEADER: usize = 4;
/// The fewest bytes of text after such a header.
const MIN_AFTER_HEADER: usize = 4;

/// Reads a run of tag characters.
pub(crate) fn decode(run: &Run<'_>) -> Option<Reading> {
    let cps: Vec<u32> = run
        .chars()
        .take(MAX_PAYLOAD + 2)
        .map(|c| c as u32)
        .collect();
    let (text, body) = match cps.strip_prefix(&[INVISICODE_TEXT]) {
        Some(body) => (true, body),
        None => (false, &cps[..]),
    };
    if body.len() < 2 || !body.iter().all(|cp| (0xE0000..=0xE0FFF).contains(cp)) {
        return None;
    }
    if body.iter().all(|&cp| cp <= CANCEL_TAG) {
        better(ascii(body), invisicode(body, text))
    } else {
        invisicode(body, text)
    }
}

fn ascii(cps: &[u32]) -> Option<Reading> {
    let opened = cps.first() == Some(&LANGUAGE_TAG);
    let closed = cps.last() == Some(&CANCEL_TAG);
    let start = usize::from(opened);
    let end = cps.len() - usize::from(closed);
    let bytes = cps
        .get(start..end)?
        .iter()
        .map(|&cp| {
            u8::try_from(cp - 0xE0000)
                .ok()
                .filter(|b| (0x20..0x7F).contains(b))
        })
        .collect::<Option<Vec<u8>>>()?;
    if bytes.is_empty() {
        return None;
    }
    let (frame_en, frame_zh) = match (opened, closed) {
        (true, true) => (
            ", framed by U+E0001 and U+E007F",
            "，以 U+E0001 和 U+E007F 包围",
        ),
        (false, true) => (", ended by U+E007F", "，以 U+E007F 结尾"),
        (true, false) => (", opened by U+E0001", "，以 U+E0001 开头"),
        (false, false) => ("", ""),
    };
    let exact = if opened && closed { 1.0 } else { 0.98 };
    Some(Reading::new(
        Scheme::Tags,
        bytes.clone(),
        exact * plausible::score(&bytes),
        (
            format!("tag character U+E0000 + c for each ASCII character c{frame_en}"),
            format!("每个 ASCII 字符 c 记为标签字符 U+E0000 + c{frame_zh}"),
        ),
    ))
}

/// invisicode: every 3 bytes b0 b1 b2 become two 12-bit values `b0 | (b1 & 0xF) << 8` and
/// `b2 << 4 | b1 >> 4`; a last single byte is one value below 0x100, a last two bytes are two
/// such values closed by U+E0FFF. Bytes (rather than text) may open with a short binary header.
fn invisicode(cps: &[u32], text: bool) -> Option<Reading> {
    let mut values: Vec<u32> = cps.iter().map(|cp| cp - 0xE0000).collect();
    let mut tail = Vec::new();
    if values.len() % 2 == 1 {
        let padded = values.len() >= 3 && values.last() == Some(&INVISICODE_PADDING);
        let kept = values.len() - if padded { 3 } else { 1 };
        for &v in &values[kept..values.len() - usize::from(padded)] {
            tail.push(u8::try_from(v).ok()?);
        }
        values.truncate(kept);
    }
    let mut bytes = Vec::with_capacity(values.len() * 3 / 2 + tail.len());
    for pair in values.chunks_exact(2) {
        let (v0, v1) = (pair[0], pair[1]);
        bytes.push((v0 & 0xFF) as u8);
        bytes.push(((v0 >> 8) | ((v1 & 0xF) << 4)) as u8);
        bytes.push((v1 >> 4) as u8);
    }
    bytes.extend(tail);
    bytes.truncate(MAX_PAYLOAD);
    if text {
        bytes = leb128_text(&bytes)?;
    }
    let headers = if text { 0 } else { MAX_HEADER };
    let (header, score) = (0..=headers.min(bytes.len().saturating_sub(MIN_AFTER_HEADER)))
        .map(|h| {
            (
                h,
                plausible::score(&bytes[h..]) * if h == 0 { 1.0 } else { 0.9 },
            )
        })
        .reduce(|a, b| if b.1 > a.1 { b } else { a })?;
    let (header_en, header_zh) = match header {
        0 => (String::new(), String::new()),
        n => {
            let hex = crate::report::hex(&bytes[..n]);
            (
                format!("; the text after a {n}-byte binary header ({hex})"),
                format!("；{n} 字节二进制头（{hex}）之后的文本"),
            )
        }
    };
    Some(Reading::new(
        Scheme::Tags,
        bytes.split_off(header),
        0.95 * score,
        (
            format!(
                "invisicode: 12 bits per code point U+E0000 + v, two code points per 3 bytes{header_en}"
            ),
            format!("invisicode：每个码位 U+E0000 + v 携带 12 位，每 3 字节两个码位{header_zh}"),
        ),
    ))
}

/// invisicode's text: each code point as 1-3 bytes of 7 bits, least significant first, the high
/// bit set on all but the last (LEB128); as UTF-8.
fn leb128_text(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = String::with_capacity(bytes.len());
    let (mut value, mut shift) = (0u32, 0u32);
    for &b in bytes {
        value |= u32::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            out.push(char::from_u32(value)?);
            (value, shift) = (0, 0);
        } else {
            shift += 7;
            if shift > 14 {
                return None;
            }
        }
    }
    (shift == 0).then(|| out.into_bytes())
}

/// Tag characters spelling ASCII, and invisicode's packing.
pub(crate) const DECODER: RunDecoder = RunDecoder::new(&[Scheme::Tags], decode);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;

    fn tagged(s: &str) -> String {
        s.bytes()
            .filter_map(|b| char::from_u32(0xE0000 + u32::from(b)))
            .collect()
    }

    fn invisicode_encode(bytes: &[u8]) -> String {
        let mut out = String::new();
        let mut chunks = bytes.chunks_exact(3);
        for c in &mut chunks {
            let v0 = u32::from(c[0]) | (u32::from(c[1] & 0xF) << 8);
            let v1 = (u32::from(c[2]) << 4) | u32::from(c[1] >> 4);
            out.extend(char::from_u32(0xE0000 + v0));
            out.extend(char::from_u32(0xE0000 + v1));
        }
        for &b in chunks.remainder() {
            out.extend(char::from_u32(0xE0000 + u32::from(b)));
        }
        if chunks.remainder().len() == 2 {
            out.push('\u{E0FFF}');
        }
        out
    }

    #[test]
    fn ascii_round_trip_in_all_framings() {
        let mut rng = Rng::new(11);
        for i in 0..60 {
            let secret: String = rng
                .text(120)
                .chars()
                .filter(|c| c.is_ascii() && !c.is_ascii_control())
                .collect();
            if secret.len() < 2 {
                continue;
            }
            let body = tagged(&secret);
            let run = match i % 3 {
                0 => body,
                1 => format!("\u{E0001}{body}\u{E007F}"),
                _ => format!("{body}\u{E007F}"),
            };
            let r = decode(&Run::of_range(&run, 0, 0)).expect("reading");
            assert_eq!(r.bytes, secret.as_bytes());
        }
    }

    #[test]
    fn invisicode_matches_published_example() {
        let run = "\u{E0548}\u{E06C6}\u{E0F6C}\u{E0206}\u{E0F57}\u{E0726}\u{E046C}\u{E0216}";
        let r = decode(&Run::of_range(run, 0, 0)).expect("reading");
        assert_eq!(r.bytes, b"Hello World!");
        assert_eq!(invisicode_encode(b"Hello World!"), run);
        let odd = invisicode_encode("Hello World! ❤️".as_bytes());
        let r = decode(&Run::of_range(&odd, 0, 0)).expect("reading");
        assert_eq!(r.bytes, "Hello World! ❤️".as_bytes());
    }

    #[test]
    fn invisicode_bytes_with_padding_and_a_binary_header() {
        let mut rng = Rng::new(12);
        for _ in 0..60 {
            let secret = rng.words(80);
            if secret.len() < 4 {
                continue;
            }
            let header = rng.below(5);
            // A length or a type: control bytes and bytes that cannot start UTF-8.
            let mut bytes: Vec<u8> = (0..header)
                .map(|k| [0x80 | rng.below(64), rng.below(32)][k % 2] as u8)
                .collect();
            bytes.extend(secret.as_bytes());
            let run = invisicode_encode(&bytes);
            let r = decode(&Run::of_range(&run, 0, 0)).expect("reading");
            assert_eq!(r.bytes, secret.as_bytes(), "{header} {secret:?}");
            assert!(r.confidence >= 0.5, "{secret:?} {}", r.confidence);
        }
    }

    #[test]
    fn invisicode_text_of_any_script() {
        for secret in ["ключ под ковриком", "鍵は植木鉢の下", "send the chat log"]
        {
            let mut packed = Vec::new();
            for c in secret.chars() {
                let mut v = c as u32;
                while v >= 0x80 {
                    packed.push((v & 0x7F) as u8 | 0x80);
                    v >>= 7;
                }
                packed.push(v as u8);
            }
            let run = format!("\u{1D17A}{}", invisicode_encode(&packed));
            let r = decode(&Run::of_range(&run, 0, 0)).expect("reading");
            assert_eq!(r.bytes, secret.as_bytes());
        }
    }

    #[test]
    fn invisicode_noise_is_no_payload() {
        let mut rng = Rng::new(13);
        for _ in 0..200 {
            let run: String = (0..6 + rng.below(40))
                .filter_map(|_| char::from_u32(0xE0000 + rng.below(0x1000) as u32))
                .collect();
            let r = decode(&Run::of_range(&run, 0, 0));
            assert!(r.is_none_or(|r| r.confidence < 0.5), "{run:?}");
        }
    }

    #[test]
    fn non_ascii_tags_are_not_read() {
        let controls = decode(&Run::of_range("\u{E0001}\u{E0005}\u{E007F}", 0, 0));
        assert!(controls.is_none_or(|r| r.confidence < 0.5));
        assert!(decode(&Run::of_range("\u{200B}\u{E0041}", 0, 0)).is_none());
    }
}
