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
        0.97 * words * (1.0 - 2.0 * odd_share(text)).max(0.0) * (1.0 - 0.8 * mixing_share(text))
    };
    let scatter = (1.0 - 3.0 * p.foreign_letters()).max(0.2);
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
    fn noise_scores_low() {
        assert_eq!(score(&[0xff, 0xfe, 0x41]), 0.0);
        assert!(score(&[0x01, 0x02, 0x41, 0x42, 0x10]) < 0.5);
        assert!(score("a\u{FFFD}\u{FFFD}b".as_bytes()) < 0.5);
        assert!(score(b"~#{(|}^`]![") < 0.5);
        assert!(score(b"effeVefUefVVVUeUUUefUffeUfeeVeVUeUUUffUVeVVe") < 0.5);
        assert!(score("\u{0531}\u{0e01}\u{1200}\u{3042}\u{0401}".as_bytes()) < 0.5);
        assert_eq!(score(b""), 0.0);
    }
}
