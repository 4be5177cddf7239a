//! Variation-selector smuggling: one selector per byte.
//!
//! Paul Butler's mapping (byte b as U+FE00+b when b < 16, else U+E0100+b-16) is used by
//! emoji-encoder, emojito, glyphsmythe, encypher-ai, GlassWorm loaders, C2PA text manifests and
//! Cashu tokens; garak writes U+E0100+b with no FE00 half. Both are tried. emojito appends
//! U+FE0F as an end marker, which reads as a trailing 0x0F byte and is dropped when the rest is
//! cleaner without it. Legitimate framings keep their reading but get a label: a C2PA manifest
//! (U+FEFF, then bytes starting `C2PATXT\0`), whose claims are its text (`manifest`), and a
//! Cashu token (🥜 then `cashuA`/`cashuB`); encypher-ai's signed metadata (a JSON envelope)
//! is a manifest too.

use super::plausible;
use super::regions::Run;
use super::{better, Reading, RunDecoder, MAX_PAYLOAD};
use crate::report::{Label, Scheme};

const C2PA_MAGIC: &[u8] = b"C2PATXT\0";
const PEANUT: char = '\u{1F95C}';

fn butler(c: char) -> Option<u8> {
    match c as u32 {
        cp @ 0xFE00..=0xFE0F => u8::try_from(cp - 0xFE00).ok(),
        cp @ 0xE0100..=0xE01EF => u8::try_from(cp - 0xE0100 + 16).ok(),
        _ => None,
    }
}

fn raw(c: char) -> Option<u8> {
    match c as u32 {
        cp @ 0xE0100..=0xE01FF => u8::try_from(cp - 0xE0100).ok(),
        _ => None,
    }
}

/// Reads a run of variation selectors.
pub(crate) fn decode(run: &Run<'_>) -> Option<Reading> {
    let chars: Vec<char> = run.chars().take(MAX_PAYLOAD + 1).collect();
    let (bom, body) = match chars.split_first() {
        Some(('\u{FEFF}', rest)) => (true, rest),
        _ => (false, &chars[..]),
    };
    if body.len() < 2 {
        return None;
    }
    let bytes: Option<Vec<u8>> = body.iter().map(|&c| butler(c)).collect();
    if let Some(bytes) = &bytes {
        if bom && bytes.starts_with(C2PA_MAGIC) {
            return Some(c2pa(bytes));
        }
    }
    let offset = bytes.map(|b| {
        read(
            b,
            "byte b as U+FE00 + b (b < 16) or U+E0100 + b - 16, one selector per byte",
            "字节 b 记为 U+FE00 + b（b < 16）或 U+E0100 + b - 16，每个选择符一个字节",
        )
    });
    let plain = body
        .iter()
        .map(|&c| raw(c))
        .collect::<Option<Vec<u8>>>()
        .map(|b| {
            read(
                b,
                "byte b as U+E0100 + b, one selector per byte",
                "字节 b 记为 U+E0100 + b，每个选择符一个字节",
            )
        });
    let mut best = better(offset, plain)?;
    if let Some(claims) = super::manifest::encypher(&best.bytes) {
        best.shown = Some(claims);
        best.label = Some(Label::ContentProvenance);
    }
    let token = best.bytes.starts_with(b"cashuA") || best.bytes.starts_with(b"cashuB");
    if token || (run.before == Some(PEANUT) && best.confidence >= 0.5) {
        best.label = Some(Label::EcashToken);
        best.sensitive = true;
    }
    Some(best)
}

/// A reading of selector bytes, dropping emojito's trailing U+FE0F end marker when that helps.
fn read(mut bytes: Vec<u8>, en: &str, zh: &str) -> Reading {
    let score = plausible::score(&bytes);
    let mut en = en.to_string();
    let mut zh = zh.to_string();
    if bytes.len() > 2 && bytes.last() == Some(&0x0F) {
        let trimmed = plausible::score(&bytes[..bytes.len() - 1]);
        if trimmed >= score {
            bytes.pop();
            en.push_str("; the trailing U+FE0F end marker is dropped");
            zh.push_str("；去掉末尾的 U+FE0F 结束标记");
        }
    }
    // Every selector is a byte: a few of them (a glyph-variant mark, a whitened packet) read
    // as a short string by chance, which must look like a word to count.
    let short = std::str::from_utf8(&bytes).is_ok_and(|t| t.chars().nth(4).is_none());
    let prior = if short && !std::str::from_utf8(&bytes).is_ok_and(plausible::short_word) {
        0.6
    } else {
        0.98
    };
    Reading::judged(Scheme::VariationSelectors, bytes, prior, (en, zh))
}

/// A C2PA 2.x text manifest: magic, version, 4-byte big-endian length, JUMBF manifest store.
fn c2pa(bytes: &[u8]) -> Reading {
    let version = bytes.get(8).copied().unwrap_or(0);
    let length = bytes
        .get(9..13)
        .map(|l| u32::from_be_bytes([l[0], l[1], l[2], l[3]]))
        .unwrap_or(0);
    let mut reading = Reading::new(
        Scheme::C2paManifest,
        bytes.to_vec(),
        1.0,
        (
            format!(
                "U+FEFF then one variation selector per byte (U+FE00 + b for b < 16, else \
                 U+E0100 + b - 16): C2PA text manifest version {version}, {length}-byte JUMBF \
                 manifest store"
            ),
            format!(
                "U+FEFF 后每个变体选择符一个字节（b < 16 为 U+FE00 + b，否则 U+E0100 + b - 16）：\
                 C2PA 文本清单，版本 {version}，{length} 字节 JUMBF 清单存储"
            ),
        ),
    );
    reading.readable = false;
    reading.shown = bytes.get(13..).and_then(super::manifest::claims);
    reading.label = Some(Label::ContentProvenance);
    reading
}

/// Variation selectors as bytes, and C2PA manifests.
pub(crate) const DECODER: RunDecoder =
    RunDecoder::new(&[Scheme::VariationSelectors, Scheme::C2paManifest], decode);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;

    fn encode(bytes: &[u8]) -> String {
        bytes
            .iter()
            .filter_map(|&b| {
                if b < 16 {
                    char::from_u32(0xFE00 + u32::from(b))
                } else {
                    char::from_u32(0xE0100 + u32::from(b) - 16)
                }
            })
            .collect()
    }

    #[test]
    fn round_trips_both_offsets() {
        let mut rng = Rng::new(5);
        for _ in 0..100 {
            let secret = rng.text(200);
            let r = decode(&Run::of_range(&encode(secret.as_bytes()), 0, 0)).expect("reading");
            assert_eq!(r.bytes, secret.as_bytes());
            let garak: String = secret
                .bytes()
                .filter_map(|b| char::from_u32(0xE0100 + u32::from(b)))
                .collect();
            if secret.len() >= 2 {
                let r = decode(&Run::of_range(&garak, 0, 0)).expect("reading");
                assert_eq!(r.bytes, secret.as_bytes());
            }
        }
    }

    #[test]
    fn emojito_end_marker_is_dropped() {
        let run = format!("{}\u{FE0F}", encode(b"user=4471;tier=gold"));
        let r = decode(&Run::of_range(&run, 0, 0)).expect("reading");
        assert_eq!(r.bytes, b"user=4471;tier=gold");
    }

    #[test]
    fn labels_c2pa_and_cashu() {
        let mut manifest = C2PA_MAGIC.to_vec();
        manifest.extend([1, 0, 0, 0, 4, 0xde, 0xad, 0xbe, 0xef]);
        let run = format!("\u{FEFF}{}", encode(&manifest));
        let r = decode(&Run::of_range(&run, 0, 0)).expect("reading");
        assert_eq!(r.scheme, Scheme::C2paManifest);
        assert_eq!(r.label, Some(Label::ContentProvenance));
        let run = encode(b"cashuBo2FteCJodHRwczovL21pbnQuZXhhbXBsZS5jb20");
        let r = decode(&Run::of_range(&run, 0, 0)).expect("reading");
        assert_eq!((r.label, r.sensitive), (Some(Label::EcashToken), true));
    }
}
