//! Decoders: say *what* hidden characters carry, not only that they are there.
//!
//! [`decode`] first finds the places that can carry data ([`regions`]): runs of adjacent
//! invisible characters, and single invisible characters spread over word gaps or letters.
//! Characters with an innocent reading (Persian ZWNJ, emoji joiners, one variation selector on
//! its base, subdivision flags, a leading BOM) are left out there. Each run is then offered to
//! every scheme decoder, each in its own module named for what it decodes; spread symbols go to
//! [`spread`]. A decoder returns a [`Reading`] whose confidence combines how exactly the
//! characters fit the scheme's framing with how plausible the bytes are ([`plausible`]). The
//! best reading of a region is its payload when its confidence reaches 0.5.

mod context;
mod known;
mod lzutf8;
pub mod plausible;
mod radix;
pub(crate) mod regions;
mod selectors;
mod sneaky_bits;
pub mod spaces;
mod spread;
mod stegcloak;
mod tags;
pub mod typographic;
pub mod whitespace;

use regions::Run;

/// The most payload bytes one reading keeps (the report's 64 KiB cap).
pub(crate) const MAX_PAYLOAD: usize = 64 * 1024;

/// The lowest confidence a payload may have.
const MIN_CONFIDENCE: f32 = 0.5;

/// One decoded reading of a region of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Half-open byte range of the carrying characters in the scanned text.
    pub start: usize,
    pub end: usize,
    /// The contract's scheme name (`tags`, `variation-selectors`, `zero-width-binary`, ...).
    pub scheme: &'static str,
    /// The decoded bytes (for encrypted schemes: the ciphertext).
    pub bytes: Vec<u8>,
    /// `false` when the bytes cannot be read as text (encrypted, or only a capacity is known).
    pub readable: bool,
    /// 0.5 to 1.0.
    pub confidence: f32,
    /// The mapping used, in English and in Simplified Chinese, e.g.
    /// `U+200B = 0, U+200C = 1, 8 bits per byte, most significant first`.
    pub mapping_en: String,
    pub mapping_zh: String,
    /// What a legitimate framing is ("content-provenance manifest", "translation key", ...).
    pub label: Option<&'static str>,
    pub encrypted: bool,
    /// The bytes should not be shared (a bearer token).
    pub sensitive: bool,
}

impl Candidate {
    /// The payload read in another text, placed in this one by where characters `start` and
    /// where they `end`.
    pub fn placed(self, start: impl Fn(usize) -> usize, end: impl Fn(usize) -> usize) -> Candidate {
        Candidate {
            start: start(self.start),
            end: end(self.end),
            ..self
        }
    }
}

/// A decoder's reading of some characters, before it is placed in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reading {
    pub scheme: &'static str,
    pub bytes: Vec<u8>,
    pub readable: bool,
    pub confidence: f32,
    pub mapping_en: String,
    pub mapping_zh: String,
    pub label: Option<&'static str>,
    pub encrypted: bool,
    pub sensitive: bool,
}

impl Reading {
    /// A readable reading with no label.
    pub fn new(
        scheme: &'static str,
        bytes: Vec<u8>,
        confidence: f32,
        (mapping_en, mapping_zh): (String, String),
    ) -> Self {
        Reading {
            scheme,
            bytes,
            readable: true,
            confidence: confidence.clamp(0.0, 1.0),
            mapping_en,
            mapping_zh,
            label: None,
            encrypted: false,
            sensitive: false,
        }
    }

    fn place(mut self, start: usize, end: usize) -> Candidate {
        self.bytes.truncate(MAX_PAYLOAD);
        Candidate {
            start,
            end,
            scheme: self.scheme,
            bytes: self.bytes,
            readable: self.readable,
            confidence: self.confidence,
            mapping_en: self.mapping_en,
            mapping_zh: self.mapping_zh,
            label: self.label,
            encrypted: self.encrypted,
            sensitive: self.sensitive,
        }
    }
}

/// Keeps the more confident of two readings (the first on a tie).
pub(crate) fn better(a: Option<Reading>, b: Option<Reading>) -> Option<Reading> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.confidence > a.confidence { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Decodes every hidden payload found in `text`.
pub fn decode(text: &str) -> Vec<Candidate> {
    decode_in(text, crate::context::Doc::measure(text).uses_joiners())
}

/// [`decode`] given whether `text` is written in a script that uses joiners (the scan has
/// measured that already).
pub(crate) fn decode_in(text: &str, joining_text: bool) -> Vec<Candidate> {
    if text.is_ascii() {
        return Vec::new();
    }
    let found = regions::find(text, joining_text);
    let mut out = Vec::new();
    let mut leftover: Vec<&Run<'_>> = Vec::new();
    for run in &found.runs {
        if known::is_marker(run) {
            continue;
        }
        match decode_run(run).filter(confident) {
            Some(reading) => out.push(reading.place(run.start, run.end)),
            None => leftover.push(run),
        }
    }
    out.extend(gathered(&leftover));
    if let Some((start, end, reading)) = spread::decode(text, &found.spread) {
        if confident(&reading) {
            out.push(reading.place(start, end));
        }
    }
    crate::order::by_key(&mut out, |c| c.start as u64);
    out
}

/// Confident enough to be a payload. A readable reading must also be at least two characters,
/// not one stray symbol: a single character is what noise decodes to most often.
fn confident(reading: &Reading) -> bool {
    let substantial = !reading.readable
        || std::str::from_utf8(&reading.bytes)
            .is_ok_and(|t| t.chars().count() >= 2 && t.chars().any(char::is_alphanumeric));
    reading.confidence >= MIN_CONFIDENCE && substantial
}

/// Runs that read as nothing alone, read as one: tools such as 330k's scatter fixed-width
/// groups between the carrier's words, and their decoders collect every symbol of the text.
fn gathered(runs: &[&Run<'_>]) -> Option<Candidate> {
    let (first, last) = (runs.first()?, runs.last()?);
    if runs.len() < 2 {
        return None;
    }
    let mut joined = String::new();
    for run in runs {
        joined.extend(run.chars());
        if joined.len() > MAX_PAYLOAD * 64 {
            break;
        }
    }
    let run = Run::of_range(&joined, first.start, last.end);
    let mut reading = decode_run(&run).filter(confident)?;
    let n = runs.len();
    reading.mapping_en = format!("{n} runs read as one: {}", reading.mapping_en);
    reading.mapping_zh = format!("{n} 段连读：{}", reading.mapping_zh);
    Some(reading.place(first.start, last.end))
}

/// The best reading of one run by any scheme.
fn decode_run(run: &Run<'_>) -> Option<Reading> {
    let mut best = tags::decode(run);
    best = better(best, selectors::decode(run));
    best = better(best, stegcloak::decode(run));
    best = better(best, sneaky_bits::decode(run));
    best = better(best, known::decode(run));
    if best.as_ref().is_none_or(|b| b.confidence < 0.9) {
        best = better(best, generic(run));
    }
    best
}

/// Brute force over the run's alphabet, for tools nobody documented.
fn generic(run: &Run<'_>) -> Option<Reading> {
    let symbols: Vec<char> = run.chars().take(MAX_PAYLOAD * 8).collect();
    let (layout, bytes, score) = radix::brute_force(&symbols)?;
    Some(Reading::new(
        layout.scheme(),
        bytes,
        0.9 * score,
        layout.describe(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_plain_text_yield_nothing() {
        assert!(decode("plain ascii text").is_empty());
        assert!(decode("naïve café, 北京欢迎你 👨\u{200D}👩\u{200D}👧").is_empty());
    }

    #[test]
    fn natural_invisible_characters_are_not_payloads() {
        let texts = [
            // Emoji ZWJ sequences, VS16, keycaps, skin tones, a subdivision flag.
            "👨\u{200D}👩\u{200D}👧\u{200D}👦 ❤\u{FE0F} 1\u{FE0F}\u{20E3} 👍🏽 \
             🏳\u{FE0F}\u{200D}🌈 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
            // Persian ZWNJ, Devanagari/Malayalam joiners, Khmer ZWSP word breaks.
            "می\u{200C}روم به خانه\u{200C}ها و گزارش\u{200C}های مالی",
            "क्\u{200D}ष और न्\u{200C}ह ൻ\u{200D} ര്\u{200D}",
            "ខ្ញុំ\u{200B}ទៅ\u{200B}ផ្សារ\u{200B}ថ្ងៃ\u{200B}នេះ",
            // Japanese ideographic variation sequences, RTL marks, a BOM.
            "\u{FEFF}葛\u{E0100}飾区 辻\u{E0100}堂 \u{200F}שלום\u{200E} abc",
            "\u{202B}مرحبا\u{202C}\u{200F} world",
        ];
        for text in texts {
            assert!(decode(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn scattered_groups_are_read_together() {
        // 330k's text mode: 8 base-4 digits per UTF-16 unit, groups between the words.
        let digits = ['\u{200C}', '\u{200D}', '\u{202C}', '\u{FEFF}'];
        let layout = radix::Layout::new(&digits, radix::Width::Fixed(8), radix::Unit::Utf16);
        let hidden = radix::encode(&layout, "meet me at noon".as_bytes());
        let groups: Vec<char> = hidden.chars().collect();
        let mut text = String::new();
        for (i, group) in groups.chunks(8).enumerate() {
            text.push_str(["the ", "cat ", "sat ", "on ", "a ", "mat "][i % 6]);
            text.extend(group);
        }
        let found = decode(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].bytes, b"meet me at noon");
    }

    #[test]
    fn hostile_input_is_bounded() {
        let zwsp = "\u{200B}".repeat(1 << 20);
        assert!(decode(&zwsp).is_empty());
        let tags: String = (0..200_000)
            .map(|i| if i % 2 == 0 { '\u{E0041}' } else { '\u{E0042}' })
            .collect();
        assert!(decode(&tags).len() <= 1);
        let sentence: String = "the quick brown fox jumps over the lazy dog. "
            .repeat(2000)
            .bytes()
            .filter_map(|b| char::from_u32(0xE0000 + u32::from(b)))
            .collect();
        let c = decode(&sentence);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].bytes.len(), MAX_PAYLOAD);
        let mixed: String = (0..100_000)
            .map(|i| ['\u{200C}', 'a', '\u{200D}'][i % 3])
            .collect();
        let _ = decode(&mixed);
    }
}
