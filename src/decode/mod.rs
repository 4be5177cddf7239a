//! Decoders: say *what* hidden characters carry, not only that they are there.
//!
//! Every decoder speaks one protocol, `Decoder`: the schemes it reads, which carriers trigger
//! it and how it reads them; `DECODERS` lists them all, once. The scan offers each text to
//! the decoders its carriers trigger (`read`). The invisible characters go to `INVISIBLE`,
//! which first finds the places that can carry data (`regions`): runs of adjacent invisible
//! characters, and single invisible characters spread over word gaps or letters. Characters
//! with an innocent reading (Persian ZWNJ, emoji joiners, one variation selector on its base,
//! subdivision flags, a leading BOM) are left out there. Each run is then offered to the
//! decoders a run triggers, each in its own module named for what it decodes; spread symbols go
//! to `spread`. A decoder's `Reading` has a confidence that combines how exactly the
//! characters fit the scheme's framing with how plausible the bytes are ([`plausible`]); the
//! best reading of a region is its payload when its confidence reaches 0.5. The decoders of
//! ordinary-looking carriers ([`whitespace`], [`spaces`], [`typographic`]), of marks at word
//! gaps (`gap_marks`), of textwatermark's numbers in spaces (`textwatermark`, which reads its
//! invisible template's runs too) and of escaped hidden characters ([`escaped`]) read the
//! whole text.

mod context;
pub mod escaped;
mod gap_marks;
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
mod textwatermark;
pub mod typographic;
pub mod whitespace;

use crate::context::Doc;
use crate::report::{Kind, Mapping, Payload, Piece, Scheme, MAX_PAYLOAD_BYTES};
use regions::{Run, Symbol};

/// The most payload bytes one reading keeps (the report's cap).
pub(crate) const MAX_PAYLOAD: usize = MAX_PAYLOAD_BYTES;

/// The lowest confidence a payload may have.
const MIN_CONFIDENCE: f32 = 0.5;

/// Below this confidence of the best reading of a run, the brute force tries too.
const SURE: f32 = 0.9;

/// What the scan saw in a text before decoding it: the carriers that trigger decoders.
pub(crate) struct Seen<'a> {
    /// The text.
    pub text: &'a str,
    /// Its measure: the non-ASCII characters with their kinds, the scripts.
    pub doc: &'a Doc<'a>,
    /// The kinds of what the rules flagged.
    pub flagged: &'a [Kind],
}

impl Seen<'_> {
    /// Does the text hold a character of one of `kinds`?
    fn has(&self, kinds: &[Kind]) -> bool {
        self.doc
            .candidates
            .iter()
            .any(|&(_, _, k)| kinds.contains(&k))
    }

    /// Does the text hold an invisible character?
    fn has_invisible(&self) -> bool {
        self.doc
            .candidates
            .iter()
            .any(|&(_, _, k)| k.is_invisible())
    }
}

/// What a decoder is offered.
pub(crate) enum Carriers<'a> {
    /// A whole text, with what the scan saw in it.
    Text(&'a Seen<'a>),
    /// One run of adjacent invisible characters.
    Run(&'a Run<'a>),
    /// The single invisible characters spread over a text.
    Spread(&'a str, &'a [Symbol]),
}

/// One decoder: the schemes it reads, which carriers trigger it, and how it reads them.
pub(crate) trait Decoder: Sync {
    /// The schemes of the payloads it reads.
    fn schemes(&self) -> &'static [Scheme];
    /// Can `carriers` hold what it reads? Only then is it asked to [`Decoder::decode`] them.
    fn triggered(&self, carriers: &Carriers<'_>) -> bool;
    /// Its payloads in `carriers`, placed in the text they are part of.
    fn decode(&self, carriers: &Carriers<'_>) -> Vec<Payload>;
    /// A last resort: offered a run only when no decoder before it read it surely.
    fn fallback(&self) -> bool {
        false
    }
}

/// Every decoder, once. Order matters: a run's readings compete in this order (the first wins
/// a tie), and a text's payloads come in it.
pub(crate) static DECODERS: &[&dyn Decoder] = &[
    &INVISIBLE,
    &tags::DECODER,
    &selectors::DECODER,
    &stegcloak::DECODER,
    &sneaky_bits::DECODER,
    &known::DECODER,
    &textwatermark::RUN_DECODER,
    &radix::DECODER,
    &spread::Spread,
    &whitespace::DECODER,
    &spaces::DECODER,
    &textwatermark::SPACE_DECODER,
    &gap_marks::DECODER,
    &typographic::DECODER,
    &escaped::DECODER,
];

/// The payloads of the text `seen`, from every decoder its carriers trigger. Two decoders can
/// read one channel (a mark after each word is a spread symbol and a marked word gap): the same
/// bytes over overlapping spans are one payload, the first decoder's.
pub(crate) fn read(seen: &Seen<'_>) -> Vec<Payload> {
    let carriers = Carriers::Text(seen);
    let mut out: Vec<Payload> = Vec::new();
    for payload in DECODERS
        .iter()
        .filter(|d| d.triggered(&carriers))
        .flat_map(|d| decoded(*d, &carriers))
    {
        let same = |p: &Payload| {
            p.bytes == payload.bytes && p.start < payload.end && payload.start < p.end
        };
        if !out.iter().any(same) {
            out.push(payload);
        }
    }
    out
}

/// What `decoder` reads in `carriers`: payloads of its schemes only.
fn decoded(decoder: &dyn Decoder, carriers: &Carriers<'_>) -> Vec<Payload> {
    let payloads = decoder.decode(carriers);
    debug_assert!(payloads
        .iter()
        .all(|p| decoder.schemes().contains(&p.scheme)));
    payloads
}

impl Scheme {
    /// Do characters of `kind` carry payloads of this scheme (so that a payload raises them)?
    pub(crate) fn carried_by(self, kind: Kind) -> bool {
        match self {
            Scheme::UnicodeSpaces => kind == Kind::Space,
            Scheme::TypographicVariants => TYPOGRAPHIC.contains(&kind),
            _ => kind.is_invisible(),
        }
    }
}

/// The kinds of the characters whose choice [`typographic`] reads.
const TYPOGRAPHIC: [Kind; 4] = [
    Kind::Space,
    Kind::Confusable,
    Kind::HomoglyphQuote,
    Kind::Separator,
];

/// A decoder's reading of some characters, before it is placed in the text as a [`Payload`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reading {
    pub scheme: Scheme,
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
        scheme: Scheme,
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

    /// The payload this reading is when its characters lie at `start..end` of the text: its
    /// bytes cut at [`MAX_PAYLOAD`], as text when readable.
    pub fn place(mut self, start: usize, end: usize) -> Payload {
        let truncated = self.bytes.len() > MAX_PAYLOAD;
        self.bytes.truncate(MAX_PAYLOAD);
        Payload {
            start,
            end,
            pieces: vec![Piece { start, end }],
            scheme: self.scheme,
            text: self
                .readable
                .then(|| String::from_utf8_lossy(&self.bytes).into_owned()),
            bytes: self.bytes,
            confidence: self.confidence,
            explanation: String::new(),
            truncated,
            encrypted: self.encrypted.then_some(true),
            label: self.label.map(str::to_owned),
            sensitive: self.sensitive.then_some(true),
            mapping: Mapping {
                en: self.mapping_en,
                zh: self.mapping_zh,
            },
        }
    }
}

/// What has a confidence: a reading, a payload.
pub(crate) trait Confident {
    /// 0.0 to 1.0.
    fn confidence(&self) -> f32;
}

impl Confident for Reading {
    fn confidence(&self) -> f32 {
        self.confidence
    }
}

impl Confident for Payload {
    fn confidence(&self) -> f32 {
        self.confidence
    }
}

/// Keeps the more confident of two readings (the first on a tie).
pub(crate) fn better<T: Confident>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.confidence() > a.confidence() {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    }
}

/// A decoder of whole texts: triggered by what the scan saw in one.
pub(crate) struct TextDecoder {
    /// The schemes of its payloads.
    pub schemes: &'static [Scheme],
    /// Does the text hold the carriers it reads?
    pub trigger: fn(&Seen<'_>) -> bool,
    /// Its payloads in the text.
    pub read: fn(&Seen<'_>) -> Vec<Payload>,
}

impl Decoder for TextDecoder {
    fn schemes(&self) -> &'static [Scheme] {
        self.schemes
    }
    fn triggered(&self, carriers: &Carriers<'_>) -> bool {
        matches!(carriers, Carriers::Text(seen) if (self.trigger)(seen))
    }
    fn decode(&self, carriers: &Carriers<'_>) -> Vec<Payload> {
        match carriers {
            Carriers::Text(seen) => (self.read)(seen),
            _ => Vec::new(),
        }
    }
}

/// A decoder of runs of invisible characters: offered every run, it reads the ones in its
/// scheme and leaves the rest (`None`).
pub(crate) struct RunDecoder {
    /// The schemes of its payloads.
    pub schemes: &'static [Scheme],
    /// Its reading of a run.
    pub read: fn(&Run<'_>) -> Option<Reading>,
    /// See [`Decoder::fallback`].
    pub fallback: bool,
}

impl RunDecoder {
    /// A decoder of runs in `schemes` that reads them with `read`.
    pub const fn new(schemes: &'static [Scheme], read: fn(&Run<'_>) -> Option<Reading>) -> Self {
        RunDecoder {
            schemes,
            read,
            fallback: false,
        }
    }
}

impl Decoder for RunDecoder {
    fn schemes(&self) -> &'static [Scheme] {
        self.schemes
    }
    fn triggered(&self, carriers: &Carriers<'_>) -> bool {
        matches!(carriers, Carriers::Run(_))
    }
    fn decode(&self, carriers: &Carriers<'_>) -> Vec<Payload> {
        let Carriers::Run(run) = carriers else {
            return Vec::new();
        };
        (self.read)(run)
            .map(|r| r.place(run.start, run.end))
            .into_iter()
            .collect()
    }
    fn fallback(&self) -> bool {
        self.fallback
    }
}

/// The invisible characters of a text: its runs and spread symbols ([`regions`]), each offered
/// to the decoders it triggers.
const INVISIBLE: TextDecoder = TextDecoder {
    schemes: &INVISIBLE_SCHEMES,
    trigger: |seen| seen.has_invisible(),
    read: |seen| decode_in(seen.text, seen.doc.uses_joiners()),
};

/// The schemes invisible characters carry.
const INVISIBLE_SCHEMES: [Scheme; 9] = [
    Scheme::Tags,
    Scheme::VariationSelectors,
    Scheme::C2paManifest,
    Scheme::Stegcloak,
    Scheme::SneakyBits,
    Scheme::VercelStega,
    Scheme::I18nextSubliminal,
    Scheme::ZeroWidthBinary,
    Scheme::ZeroWidthBaseN,
];

/// Decodes every payload that invisible characters carry in `text`.
pub fn decode(text: &str) -> Vec<Payload> {
    decode_in(text, Doc::measure(text).uses_joiners())
}

/// [`decode`] given whether `text` is written in a script that uses joiners (the scan has
/// measured that already).
fn decode_in(text: &str, joining_text: bool) -> Vec<Payload> {
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
        match best(&Carriers::Run(run)) {
            Some(payload) => out.push(payload),
            None => leftover.push(run),
        }
    }
    out.extend(gathered(&leftover));
    out.extend(best(&Carriers::Spread(text, &found.spread)));
    crate::order::by_key(&mut out, |p| p.start as u64);
    out
}

/// The best reading of `carriers` (a run, or spread symbols) by the decoders they trigger, if
/// it is confident enough.
fn best(carriers: &Carriers<'_>) -> Option<Payload> {
    let mut best: Option<Payload> = None;
    for decoder in DECODERS.iter().filter(|d| d.triggered(carriers)) {
        if decoder.fallback() && best.as_ref().is_some_and(|b| b.confidence >= SURE) {
            continue;
        }
        for payload in decoded(*decoder, carriers) {
            best = better(best, Some(payload));
        }
    }
    best.filter(confident)
}

/// Confident enough to be a payload. A readable payload must also be at least two characters,
/// not one stray symbol: a single character is what noise decodes to most often.
fn confident(payload: &Payload) -> bool {
    let substantial = payload.text.is_none()
        || std::str::from_utf8(&payload.bytes)
            .is_ok_and(|t| t.chars().count() >= 2 && t.chars().any(char::is_alphanumeric));
    payload.confidence >= MIN_CONFIDENCE && substantial
}

/// Runs that read as nothing alone, read as one: tools such as 330k's scatter fixed-width
/// groups between the carrier's words, and their decoders collect every symbol of the text.
fn gathered(runs: &[&Run<'_>]) -> Option<Payload> {
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
    let mut payload = best(&Carriers::Run(&run))?;
    let n = runs.len();
    let mapping = &mut payload.mapping;
    mapping.en = format!("{n} runs read as one: {}", mapping.en);
    mapping.zh = format!("{n} 段连读：{}", mapping.zh);
    Some(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_plain_text_yield_nothing() {
        for plain in [
            "plain ascii text",
            "naïve café, 北京欢迎你 👨\u{200D}👩\u{200D}👧",
        ] {
            assert!(decode(plain).is_empty(), "{plain}");
        }
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
