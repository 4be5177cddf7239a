//! Unicode tag characters ("ASCII smuggling") and invisicode's 12-bit plane-14 packing.
//!
//! Tag characters U+E0020-U+E007E mirror printable ASCII (`cp - 0xE0000`; some encoders also
//! write tab and newline as U+E0009/U+E000A); smugglers write them
//! bare, after an emoji, framed by U+E0001 ... U+E007F (PyRIT) or ended by U+E007F (blindtag).
//! Subdivision flags, their one innocent use, never reach this module (`regions`). invisicode
//! uses the whole area U+E0000-U+E0FFF, 12 bits per code point, so a run with code points above
//! U+E007F is read that way.

use super::plausible;
use super::regions::Run;
use super::{Reading, RunDecoder, MAX_PAYLOAD};
use crate::report::Scheme;

const LANGUAGE_TAG: u32 = 0xE0001;
const CANCEL_TAG: u32 = 0xE007F;
/// invisicode's signifier for a text (rather than bytes) payload.
const INVISICODE_TEXT: u32 = 0x1D17A;

/// Reads a run of tag characters.
pub(crate) fn decode(run: &Run<'_>) -> Option<Reading> {
    let cps: Vec<u32> = run
        .chars()
        .take(MAX_PAYLOAD + 2)
        .map(|c| c as u32)
        .collect();
    let body = cps.strip_prefix(&[INVISICODE_TEXT]).unwrap_or(&cps);
    if body.len() < 2 || !body.iter().all(|cp| (0xE0000..=0xE0FFF).contains(cp)) {
        return None;
    }
    if body.iter().all(|&cp| cp <= CANCEL_TAG) {
        ascii(body)
    } else {
        invisicode(body)
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
/// `b2 << 4 | b1 >> 4`; a last single byte is one value below 0x100.
fn invisicode(cps: &[u32]) -> Option<Reading> {
    let values: Vec<u32> = cps.iter().map(|cp| cp - 0xE0000).collect();
    let mut bytes = Vec::with_capacity(values.len() * 3 / 2);
    let mut pairs = values.chunks_exact(2);
    for pair in &mut pairs {
        let (v0, v1) = (pair[0], pair[1]);
        bytes.push((v0 & 0xFF) as u8);
        bytes.push(((v0 >> 8) | ((v1 & 0xF) << 4)) as u8);
        bytes.push((v1 >> 4) as u8);
    }
    if let [last] = pairs.remainder() {
        bytes.push(u8::try_from(*last).ok()?);
    }
    bytes.truncate(MAX_PAYLOAD);
    let score = plausible::score(&bytes);
    Some(Reading::new(
        Scheme::Tags,
        bytes,
        0.95 * score,
        (
            "invisicode: 12 bits per code point U+E0000 + v, two code points per 3 bytes".into(),
            "invisicode：每个码位 U+E0000 + v 携带 12 位，每 3 字节两个码位".into(),
        ),
    ))
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
    fn non_ascii_tags_are_not_read() {
        assert!(decode(&Run::of_range("\u{E0001}\u{E0005}\u{E007F}", 0, 0)).is_none());
        assert!(decode(&Run::of_range("\u{200B}\u{E0041}", 0, 0)).is_none());
    }
}
