//! Is a decoded byte string something a person or program wrote, or noise?
//!
//! Brute-force decoders try many readings of the same characters; only readings that look like
//! language or structured data survive. The score is the basis of a payload's `confidence`, so it
//! is calibrated: above 0.9 only for valid UTF-8 that reads as words or as structured data (JSON,
//! a URL, `key=value`), around 0.6-0.75 for very short but clean readings (`ok`, `x9`), and low
//! for anything with control bytes, replacement characters or a scatter of unrelated scripts.

/// Scores decoded bytes from 0.0 (noise) to 1.0 (clearly text or structured data).
pub fn score(bytes: &[u8]) -> f32 {
    match std::str::from_utf8(bytes) {
        Ok(text) => score_text(text),
        Err(_) => 0.0,
    }
}

/// The lengths of the signatures and MACs that tools write after a message, shortest first:
/// CRC-32, 64-bit tags, HMAC-MD5 and truncated MACs, SHA-1, SHA-224, HMAC-SHA256 and Ed25519
/// keys, SHA-384, Ed25519 and ECDSA P-256 signatures.
const SIGNATURES: [usize; 8] = [4, 8, 16, 20, 28, 32, 48, 64];

/// Fewest bytes of a signed message.
const MIN_SIGNED: usize = 4;

/// A message followed by a signature or MAC: where the message ends and how plausible it is,
/// when `bytes` end in a signature's worth of binary (not UTF-8, or with control bytes) after a
/// message that clearly reads as text. Of the cuts that fit, the longest message wins unless a
/// shorter one reads clearly better: a signature longer than the real one would take the end of
/// the message, a shorter one leaves random bytes on it.
pub fn signed(bytes: &[u8]) -> Option<(usize, f32)> {
    // The message is text: no cut can lie past where the bytes stop being UTF-8.
    let valid = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |t| t.len());
    if valid + SIGNATURES[SIGNATURES.len() - 1] < bytes.len() {
        return None;
    }
    let mut best: Option<(usize, f32)> = None;
    for n in SIGNATURES {
        let Some(cut) = bytes.len().checked_sub(n).filter(|&c| c >= MIN_SIGNED) else {
            break;
        };
        let (message, tail) = bytes.split_at(cut);
        if cut > valid || !is_binary(tail) {
            continue;
        }
        let s = score(message);
        if s >= SIGNED_MESSAGE && best.is_none_or(|(_, b)| s > b + 0.05) {
            best = Some((cut, s));
        }
    }
    best
}

/// How plausible a signed message must be: the signature leaves no other evidence.
const SIGNED_MESSAGE: f32 = 0.8;

/// Bytes no text holds: not UTF-8, or with a control character among bytes that are mostly not
/// printable ASCII (a signature is random bytes; a sentence with one ESC or NUL in it is text).
fn is_binary(bytes: &[u8]) -> bool {
    let printable = bytes.iter().filter(|b| (b' '..=b'~').contains(b)).count();
    std::str::from_utf8(bytes).map_or(true, |t| {
        t.chars().any(is_bad) && printable * 4 < bytes.len() * 3
    })
}

/// How much less a signed message is worth than the same bytes reading as text whole.
pub(crate) const SIGNED: f32 = 0.95;

/// How much less a Latin-1 reading ([`latin1`]) is worth than a UTF-8 one.
pub(crate) const LATIN1: f32 = 0.95;

/// [`score`], or that of a Latin-1 reading ([`latin1`]), a signed message ([`signed`]) or of the bytes after a length prefix
/// ([`length_prefix`]) when higher.
pub fn score_or_signed(bytes: &[u8]) -> f32 {
    let whole = score(bytes);
    if whole >= SIGNED {
        return whole;
    }
    let latin1 = latin1(bytes).map_or(0.0, |t| LATIN1 * score(t.as_bytes()));
    let prefix = length_prefix(bytes);
    let bytes = &bytes[prefix..];
    // Without a prefix the bytes after it are the whole, already scored.
    let s = if prefix == 0 { whole } else { score(bytes) };
    let signed = signed(bytes).map_or(0.0, |(_, s)| SIGNED * s);
    whole.max(s).max(signed).max(latin1)
}

/// `bytes` as 8-bit code points (Latin-1), when they are not UTF-8 but every byte is a printable
/// Latin-1 character or a line break or tab: tools that write `ord(c)` in 8 bits per character
/// give that for accented letters (`é` as the one byte E9).
pub fn latin1(bytes: &[u8]) -> Option<String> {
    if std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    bytes
        .iter()
        .all(|&b| matches!(b, b'\t' | b'\n' | 0x20..=0x7E | 0xA0..=0xFF))
        .then(|| bytes.iter().map(|&b| char::from(b)).collect())
}

/// How many bytes of `bytes` are a length prefix: a big- or little-endian 32- or 16-bit count
/// of the bytes after it, which holds a byte no text has (zyc-stego, stegoforge and many file
/// formats write one). 0 when there is none.
pub fn length_prefix(bytes: &[u8]) -> usize {
    for n in [4usize, 2] {
        let (Some(head), Some(rest)) = (bytes.get(..n), bytes.len().checked_sub(n)) else {
            continue;
        };
        let (be, le) = head.iter().fold((0u64, 0u64), |(be, le), &b| {
            (
                (be << 8) | u64::from(b),
                (le >> 8) | (u64::from(b) << (8 * (n as u64 - 1))),
            )
        });
        let binary = head.iter().any(|&b| b < 0x20);
        if rest > 0 && binary && (be == rest as u64 || le == rest as u64) {
            return n;
        }
    }
    0
}

/// Counts of character classes in a decoded text.
#[derive(Default)]
struct Profile {
    chars: usize,
    bad: usize,
    letters: usize,
    digits: usize,
    spaces: usize,
    /// Letters per coarse script, for the three most used scripts and the rest.
    scripts: Vec<(u32, usize)>,
    /// Letters that real text almost never uses ([`is_rare_cjk`]).
    rare_cjk: usize,
}

impl Profile {
    fn of(text: &str) -> Self {
        let mut p = Profile::default();
        for c in text.chars() {
            p.chars += 1;
            if is_bad(c) {
                p.bad += 1;
            } else if c.is_alphabetic() {
                p.letters += 1;
                p.rare_cjk += usize::from(is_rare_cjk(c));
                let s = script(c);
                if let Some(entry) = p.scripts.iter_mut().find(|(k, _)| *k == s) {
                    entry.1 += 1;
                } else if p.scripts.len() < 64 {
                    p.scripts.push((s, 1));
                }
            } else if c.is_numeric() {
                p.digits += 1;
            } else if c.is_whitespace() {
                p.spaces += 1;
            }
        }
        p
    }

    /// Share of letters outside the three most used scripts: real text mixes few scripts,
    /// random code points scatter over many.
    fn foreign_letters(&self) -> f32 {
        let mut counts: Vec<usize> = self.scripts.iter().map(|&(_, n)| n).collect();
        crate::order::by_key(&mut counts, |&n| n as u64);
        let outside: usize = counts.iter().rev().skip(3).sum();
        if self.letters == 0 {
            0.0
        } else {
            outside as f32 / self.letters as f32
        }
    }
}

impl Profile {
    /// Real CJK text is Han with kana, or Hangul with a few Han, in the common blocks; random
    /// 16-bit units read as a mix of Han and Hangul with rare ideographs (extension A,
    /// compatibility) and Yi syllables among them.
    fn cjk_coherence(&self) -> f32 {
        let count = |key: u32| {
            self.scripts
                .iter()
                .find(|&&(k, _)| k == key)
                .map_or(0, |&(_, n)| n)
        };
        let (han, hangul) = (count(8), count(9));
        let letters = self.letters.max(1) as f32;
        let mixed = han.min(hangul) as f32 / letters;
        let rare = self.rare_cjk as f32 / letters;
        ((1.0 - 2.0 * mixed) * (1.0 - 3.0 * rare)).max(0.0)
    }
}

/// Is `text` written as a message is, outside ASCII: letters (and marks) of Latin and at most
/// one other script (Han and kana count as one), punctuation and emoji? 16-bit units or code
/// points of noise scatter over scripts and symbol blocks.
pub fn coherent(text: &str) -> bool {
    let mut other: Option<u32> = None;
    text.chars().filter(|c| !c.is_ascii()).all(|c| {
        if !(c.is_alphabetic() || is_combining(c)) {
            let cp = c as u32;
            return matches!(cp, 0x00A0..=0x00BF | 0x2000..=0x206F | 0x3000..=0x303F
                | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0x2600..=0x27BF | 0x1F000..=0x1FAFF);
        }
        let s = script(c);
        s == 0 || *other.get_or_insert(s) == s
    })
}

/// Does a short reading look like a word: ASCII letters and digits (`ok`, `x9`, `hi 7`, `Hi`)
/// with no lower-case letter before a capital (`dE`), or letters of another script (`秘密`)?
/// Not punctuation (`/JL`, `4\n`) or mixed scripts (`0ӵi`): a few bytes of noise read as some
/// characters, and the decoders that try many readings, or read every selector, meet them.
pub fn short_word(text: &str) -> bool {
    let ascii = text.starts_with(|c: char| c.is_ascii_alphanumeric())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
        && !text
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    let other = text.chars().all(|c| !c.is_ascii() && c.is_alphabetic()) && coherent(text);
    ascii || other
}

/// Ideographs and syllables that real text almost never uses: CJK extension A, compatibility
/// ideographs, Yi, halfwidth katakana and Hangul (what 16-bit units of complemented ASCII,
/// 0xFF00 + byte, read as).
fn is_rare_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0xA000..=0xA4CF | 0xFF61..=0xFFDC)
}

/// A coarse script key: Latin, Greek, Cyrillic, Hebrew, Arabic, each Indic block, Thai/Lao,
/// CJK (Han and kana), Hangul; other letters by 256-code-point block.
fn script(c: char) -> u32 {
    let cp = c as u32;
    match cp {
        0..=0x024F | 0x1E00..=0x1EFF => 0,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => 1,
        0x0400..=0x052F => 2,
        0x0590..=0x05FF => 4,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            5
        }
        0x0900..=0x0DFF => 100 + (cp - 0x0900) / 0x80,
        0x0E00..=0x0EFF => 7,
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF => 8,
        0xAC00..=0xD7AF | 0x1100..=0x11FF => 9,
        _ => 1000 + (cp >> 8),
    }
}

/// Characters that no human-written or machine-structured text contains.
fn is_bad(c: char) -> bool {
    let cp = c as u32;
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || c == '\u{FFFD}'
        || (0xE000..=0xF8FF).contains(&cp)
        || cp >= 0xF0000
        || (cp & 0xFFFE) == 0xFFFE
        || (0xFDD0..=0xFDEF).contains(&cp)
        || (0xE0000..=0xE0FFF).contains(&cp)
}

/// Scores a decoded text (see [`score`]).
pub fn score_text(text: &str) -> f32 {
    let p = Profile::of(text);
    if p.chars == 0 {
        return 0.0;
    }
    let n = p.chars as f32;
    let printable = 1.0 - p.bad as f32 / n;
    if printable < 0.9 || p.letters + p.digits == 0 {
        return 0.3 * printable;
    }
    let wordish = (p.letters + p.digits + p.spaces) as f32 / n;
    let content = if looks_structured(text) {
        1.0
    } else {
        let words = 0.5 + 0.5 * ((wordish - 0.4) / 0.45).clamp(0.0, 1.0);
        // A long string with no space is a token (base64, hex, an identifier) or noise.
        let unbroken = if p.chars >= 24 && p.spaces == 0 && !is_token(text) {
            0.5
        } else {
            1.0
        };
        0.97 * words
            * unbroken
            * (1.0 - 2.0 * odd_share(text)).max(0.0)
            * (1.0 - 0.8 * mixing_share(text))
    };
    let scatter = (1.0 - 3.0 * p.foreign_letters()).max(0.2) * p.cjk_coherence();
    // Language uses many distinct characters; a long reading from three or four is a pattern.
    let distinct = distinct_chars(text, 64);
    let variety = if p.chars >= 16 && distinct < 8 && distinct * distinct < p.chars {
        0.5
    } else {
        1.0
    };
    let effective_len = p.chars + (text.len() - p.chars) / 2;
    let length = match effective_len {
        0 | 1 => 0.4,
        2 => 0.72,
        3 => 0.8,
        4 => 0.88,
        5..=7 => 0.94,
        _ => 1.0,
    };
    (printable.powi(12) * content * scatter * variety * length).clamp(0.0, 1.0)
}

/// How many distinct characters `text` has, counting up to `max`.
fn distinct_chars(text: &str, max: usize) -> usize {
    let mut seen: Vec<char> = Vec::new();
    for c in text.chars() {
        if !seen.contains(&c) {
            seen.push(c);
            if seen.len() == max {
                break;
            }
        }
    }
    seen.len()
}

/// Share of characters that prose rarely uses and random bytes often give (`|`, backquote,
/// `~`, braces, a combining mark with no letter before it).
fn odd_share(text: &str) -> f32 {
    let mut prev_letter = false;
    let mut odd = 0usize;
    let mut n = 0usize;
    for c in text.chars() {
        n += 1;
        let mark = is_combining(c);
        if crate::text::is_one_of(c, b"`|~^\\{}<>[]$\t") || (mark && !prev_letter) {
            odd += 1;
        }
        prev_letter = c.is_alphabetic() || (mark && prev_letter);
    }
    odd as f32 / n.max(1) as f32
}

/// Combining marks of the common blocks (a rough stand-in for General_Category M).
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0711 | 0x0730..=0x074A | 0x07A6..=0x07B0
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Share of switches between letters and digits, or from lower to upper case, inside words
/// (`u0cu`, `GkeNeO` are noise; `x9`, `4471` or `camelCase` are not much of it).
fn mixing_share(text: &str) -> f32 {
    let mut switches = 0usize;
    let mut n = 0usize;
    let mut prev: Option<char> = None;
    for c in text.chars() {
        n += 1;
        if let Some(p) = prev {
            let letter_digit = (p.is_alphabetic() && c.is_ascii_digit())
                || (p.is_ascii_digit() && c.is_alphabetic());
            if letter_digit || (p.is_lowercase() && c.is_uppercase()) {
                switches += 1;
            }
        }
        prev = Some(c);
    }
    if switches <= 2 {
        return 0.0;
    }
    switches as f32 / n.max(1) as f32
}

/// Letters, digits and the punctuation of tokens (base64, hex, identifiers, paths).
fn is_token(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_alphanumeric() || crate::text::is_one_of(c, b"-_./+=:@%~"))
}

/// JSON objects or arrays, URLs, `key=value` / `key:value` records and identifiers.
fn looks_structured(text: &str) -> bool {
    let t = text.trim();
    if t.len() < 3 {
        return false;
    }
    // Bytes are searched, not the str: a str search brings a substring searcher along.
    let has = |b: u8| t.as_bytes().contains(&b);
    let json = (t.starts_with('{') && t.ends_with('}') && has(b'"') && has(b':'))
        || (t.starts_with('[') && t.ends_with(']'));
    if json {
        return true;
    }
    let token_chars = t
        .chars()
        .filter(|c| c.is_alphanumeric() || crate::text::is_one_of(*c, b"-_.:/=;,&?#@%+ ~"))
        .count();
    if token_chars < t.chars().count() {
        return false;
    }
    let has_alnum = t.chars().any(|c| c.is_alphanumeric());
    has_alnum && (has(b'=') || has(b':') || has(b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_and_structure_score_high() {
        assert!(score(b"meet me at the pier at nine") > 0.9);
        assert!(score("钥匙在花盆下面".as_bytes()) > 0.9);
        assert!(score(br#"{"k":"auth.session_expired","n":"auth"}"#) > 0.9);
        assert!(score(b"user=4471;tier=gold") > 0.9);
        assert!(score(b"https://dl.example/x7") > 0.9);
    }

    #[test]
    fn short_clean_readings_are_payloads_but_not_certain() {
        for s in ["ok", "x9"] {
            let v = score(s.as_bytes());
            assert!((0.6..0.9).contains(&v), "{s}: {v}");
        }
        assert!(score(b"a") < 0.5);
    }

    #[test]
    fn a_message_then_a_mac_is_signed() {
        let mut rng = crate::testing::Rng::new(23);
        for n in SIGNATURES {
            let message = b"build 2291 approved by ops";
            let mut bytes = message.to_vec();
            bytes.extend((0..n).map(|_| (rng.next() % 256) as u8));
            if std::str::from_utf8(&bytes[message.len()..]).is_ok() {
                continue;
            }
            assert_eq!(signed(&bytes).map(|s| s.0), Some(message.len()), "{n}");
        }
        assert_eq!(signed(b"just words, no signature at all"), None);
        // A message with a NUL and an ESC in its last words is unsigned text.
        let text = "pay now, x and \u{0} and \u{1b}[31m red text here please ok, thank you all";
        assert_eq!(
            signed(format!("a long enough opening sentence: {text}").as_bytes()),
            None
        );
        assert_eq!(signed(&[0xff; 40]), None);
    }

    #[test]
    fn latin1_readings() {
        assert_eq!(
            latin1(b"cl\xe9: \xe9t\xe9-9").as_deref(),
            Some("clé: été-9")
        );
        assert_eq!(latin1("clé".as_bytes()), None);
        assert_eq!(latin1(b"a\x81b"), None);
    }

    #[test]
    fn length_prefixes() {
        assert_eq!(length_prefix(b"\0\0\0\x05hello"), 4);
        assert_eq!(length_prefix(b"\x05\0hello"), 2);
        assert_eq!(length_prefix(b"\0\x06hello"), 0);
        assert_eq!(length_prefix(b"hello"), 0);
    }

    #[test]
    fn noise_scores_low() {
        assert_eq!(score(&[0xff, 0xfe, 0x41]), 0.0);
        assert!(score(&[0x01, 0x02, 0x41, 0x42, 0x10]) < 0.5);
        assert!(score("a\u{FFFD}\u{FFFD}b".as_bytes()) < 0.5);
        assert!(score(b"~#{(|}^`]![") < 0.5);
        assert!(score(b"effeVefUefVVVUeUUUefUffeUfeeVeVUeUUUffUVeVVe") < 0.5);
        assert!(score("\u{0531}\u{0e01}\u{1200}\u{3042}\u{0401}".as_bytes()) < 0.5);
        // Random 16-bit units: Han and Hangul mixed, rare ideographs.
        assert!(score("걨╌콗叫ㄪꓡ".as_bytes()) < 0.5);
        assert!(score("ﾌﾔￒﾓﾖﾉﾚￒￋﾙￆﾞￍﾝ".as_bytes()) < 0.5);
        assert!(score(b"6F#Cf#DDbvdgtc\"sgr4rdG'6'd#Ddgcs'f$Bg'bbG7Cww") < 0.5);
        assert!(score("퍪者鍌ݽ䠰퐪짃鬷".as_bytes()) < 0.5);
        assert_eq!(score(b""), 0.0);
    }
}
