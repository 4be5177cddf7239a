//! StegCloak (KuroLabs, npm `stegcloak`): six invisible characters, a compression flag, a
//! crypto flag, 2 bits per character.
//!
//! Hiding runs: LZ-UTF8 compress, complement every byte, optionally encrypt (AES-256-CTR,
//! salt first, HMAC-SHA256 after it when integrity is on), write 2 bits per character
//! (U+200C = 00, U+200D = 01, U+2061 = 10, U+2062 = 11) after a crypto flag (U+200C = encrypt
//! and HMAC, U+200D = encrypt, U+2061 = plain), then replace the doubled pairs of two of those
//! characters by U+2063 and U+2064 and prepend a compression flag saying which two. Reading
//! undoes it; an encrypted payload cannot be read without the password, so its reading is the
//! ciphertext with `encrypted` set.

use super::lzutf8;
use super::plausible;
use super::regions::Run;
use super::{Reading, RunDecoder, MAX_PAYLOAD};
use crate::report::Scheme;

const ZWC: [char; 6] = [
    '\u{200C}', '\u{200D}', '\u{2061}', '\u{2062}', '\u{2063}', '\u{2064}',
];
/// The pair of characters whose doubles U+2063 and U+2064 stand for, by compression flag.
const PAIRS: [(u8, u8); 6] = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)];
/// Salt before the ciphertext, and the HMAC after the salt when integrity is on.
const SALT: usize = 8;
const HMAC: usize = 32;

fn index(c: char) -> Option<u8> {
    ZWC.iter()
        .position(|&z| z == c)
        .and_then(|i| u8::try_from(i).ok())
}

/// Reads a StegCloak run, when its framing verifies (see [`shrunk_by`]).
pub(crate) fn decode(run: &Run<'_>) -> Option<Reading> {
    let mut chars = run.chars().take(MAX_PAYLOAD * 4 + 2);
    let flag = index(chars.next()?)?;
    let (a, b) = PAIRS[usize::from(flag)];
    let mut raw: Vec<u8> = Vec::new();
    for c in chars {
        raw.push(index(c)?);
    }
    let mut symbols: Vec<u8> = Vec::with_capacity(raw.len() + raw.len() / 2);
    for &i in &raw {
        match i {
            4 => symbols.extend([a, a]),
            5 => symbols.extend([b, b]),
            i => symbols.push(i),
        }
    }
    if !shrunk_by(&raw, &symbols, (a, b)) {
        return None;
    }
    let (&mode, data) = symbols.split_first()?;
    if data.is_empty() || data.len() % 4 != 0 {
        return None;
    }
    let bytes: Vec<u8> = data
        .chunks_exact(4)
        .map(|q| q.iter().fold(0u8, |acc, &s| (acc << 2) | s))
        .collect();
    // A ciphertext is random: its symbols come both single and doubled, so all six
    // characters are written (a run of some of them that happens to fit the framing is not).
    let random = (0..6u8).all(|i| raw.contains(&i));
    match mode {
        2 => plain(&bytes),
        0 if random => encrypted(bytes, true),
        1 if random => encrypted(bytes, false),
        _ => None,
    }
}

/// Did StegCloak's shrinking write `raw` from `symbols` with the pair `(a, b)`? It picks the
/// two symbols whose doubles save the most and replaces every doubled pair of them, so no two
/// raw `a` (or `b`) stand side by side, and no other symbol has more doubles than they do. Two
/// zero-width characters as binary digits (a keyed watermark in U+200C/U+200D) fail this: they
/// are not StegCloak, whatever their first character says.
fn shrunk_by(raw: &[u8], symbols: &[u8], (a, b): (u8, u8)) -> bool {
    if raw
        .windows(2)
        .any(|w| w[0] == w[1] && (w[0] == a || w[0] == b))
    {
        return false;
    }
    let mut doubles = [0usize; 4];
    for run in symbols.chunk_by(|x, y| x == y) {
        if let Some(d) = doubles.get_mut(usize::from(run[0])) {
            *d += run.len() / 2;
        }
    }
    let chosen = doubles[usize::from(a)].min(doubles[usize::from(b)]);
    (0..4u8)
        .filter(|&s| s != a && s != b)
        .all(|s| doubles[usize::from(s)] <= chosen)
}

fn plain(bytes: &[u8]) -> Option<Reading> {
    let complemented: Vec<u8> = bytes.iter().map(|b| !b).collect();
    let text = lzutf8::decompress(&complemented, MAX_PAYLOAD)?;
    let score = plausible::score(&text);
    Some(Reading::new(
        Scheme::Stegcloak,
        text,
        score,
        (
            "StegCloak, not encrypted: compression flag, U+2063/U+2064 expanded to doubled \
             pairs, crypto flag U+2061, then U+200C = 00, U+200D = 01, U+2061 = 10, \
             U+2062 = 11, most significant first; bytes complemented, then LZ-UTF8 \
             decompressed"
                .into(),
            "StegCloak，未加密：压缩标志，U+2063/U+2064 还原为成对字符，加密标志 U+2061，\
             然后 U+200C = 00，U+200D = 01，U+2061 = 10，U+2062 = 11，高位在前；\
             字节按位取反后以 LZ-UTF8 解压"
                .into(),
        ),
    ))
}

fn encrypted(bytes: Vec<u8>, hmac: bool) -> Option<Reading> {
    let header = SALT + if hmac { HMAC } else { 0 };
    let ciphertext = bytes.get(header..).filter(|c| !c.is_empty())?.to_vec();
    let n = ciphertext.len();
    let (en, zh) = if hmac {
        (
            format!(
                "StegCloak, encrypted with AES-256-CTR and an HMAC-SHA256: crypto flag U+200C, \
                 2 bits per character; {SALT}-byte salt, {HMAC}-byte HMAC, {n}-byte ciphertext"
            ),
            format!(
                "StegCloak，AES-256-CTR 加密并带 HMAC-SHA256：加密标志 U+200C，每字符 2 位；\
                 {SALT} 字节盐值，{HMAC} 字节 HMAC，{n} 字节密文"
            ),
        )
    } else {
        (
            format!(
                "StegCloak, encrypted with AES-256-CTR, no HMAC: crypto flag U+200D, 2 bits per \
                 character; {SALT}-byte salt, {n}-byte ciphertext"
            ),
            format!(
                "StegCloak，AES-256-CTR 加密，无 HMAC：加密标志 U+200D，每字符 2 位；\
                 {SALT} 字节盐值，{n} 字节密文"
            ),
        )
    };
    let mut reading = Reading::new(Scheme::Stegcloak, ciphertext, 0.9, (en, zh));
    reading.readable = false;
    reading.encrypted = true;
    Some(reading)
}

/// StegCloak's zero-width runs.
pub(crate) const DECODER: RunDecoder = RunDecoder::new(&[Scheme::Stegcloak], decode);

/// Test-only encoder of StegCloak's framing around already-prepared `bytes`, shrinking with
/// the pair StegCloak picks (the two symbols whose doubles save the most, the first on a tie).
#[cfg(test)]
pub(crate) fn encode(mode: u8, bytes: &[u8]) -> String {
    let mut symbols = vec![mode];
    for b in bytes {
        for shift in [6, 4, 2, 0] {
            symbols.push((b >> shift) & 3);
        }
    }
    let mut doubles = [0usize; 4];
    for run in symbols.chunk_by(|x, y| x == y) {
        doubles[usize::from(run[0])] += run.len() / 2;
    }
    let mut ranked = [0u8, 1, 2, 3];
    ranked.sort_by_key(|&s| std::cmp::Reverse(doubles[usize::from(s)]));
    let pair = (ranked[0].min(ranked[1]), ranked[0].max(ranked[1]));
    let flag = PAIRS.iter().position(|&p| p == pair).unwrap_or(0);
    let (a, b) = pair;
    let mut out = String::new();
    out.push(ZWC[flag]);
    let mut i = 0;
    while i < symbols.len() {
        let s = symbols[i];
        if symbols.get(i + 1) == Some(&s) && (s == a || s == b) {
            out.push(if s == a { ZWC[4] } else { ZWC[5] });
            i += 2;
        } else {
            out.push(ZWC[usize::from(s)]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;

    #[test]
    fn plain_round_trip() {
        let mut rng = Rng::new(99);
        for _ in 0..60 {
            let secret = rng.text(200);
            let packed: Vec<u8> = lzutf8::compress(&secret).iter().map(|b| !b).collect();
            let run = encode(2, &packed);
            let r = decode(&Run::of_range(&run, 0, 0)).expect("reading");
            assert_eq!(String::from_utf8_lossy(&r.bytes), secret);
            assert!(!r.encrypted);
        }
    }

    #[test]
    fn encrypted_modes_report_ciphertext() {
        let payload: Vec<u8> = (0..80u8).map(|i| i.wrapping_mul(37)).collect();
        let r = decode(&Run::of_range(&encode(0, &payload), 0, 0)).expect("reading");
        assert!(r.encrypted && !r.readable);
        assert_eq!(r.bytes, &payload[SALT + HMAC..]);
        assert!(r.mapping_en.contains("HMAC-SHA256"));
        let r = decode(&Run::of_range(&encode(1, &payload), 0, 0)).expect("reading");
        assert_eq!(r.bytes, &payload[SALT..]);
        assert!(r.mapping_en.contains("no HMAC"));
    }

    #[test]
    fn binary_in_its_alphabet_is_not_stegcloak() {
        // A keyed watermark: a 32-byte HMAC as U+200C = 0, U+200D = 1, 8 bits per byte.
        let mut rng = Rng::new(17);
        for _ in 0..50 {
            let mac: Vec<u8> = (0..32).map(|_| rng.next() as u8).collect();
            let run: String = mac
                .iter()
                .flat_map(|b| (0..8).rev().map(move |i| ZWC[usize::from((b >> i) & 1)]))
                .collect();
            assert!(decode(&Run::of_range(&run, 0, 0)).is_none(), "{mac:?}");
        }
    }
}
