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
mod manifest;
pub mod plausible;
mod radix;
pub(crate) mod regions;
mod selectors;
pub mod sentence_gaps;
mod sneaky_bits;
pub mod spaces;
mod spread;
mod stegcloak;
mod tags;
mod textwatermark;
pub mod typographic;
pub mod whitespace;

use crate::context::Doc;
use crate::report::{Kind, Label, Mapping, Payload, Piece, Scheme, MAX_PAYLOAD_BYTES};
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
    &sentence_gaps::DECODER,
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
            Scheme::UnicodeSpaces | Scheme::SentenceSpacing => kind == Kind::Space,
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
    pub label: Option<Label>,
    pub encrypted: bool,
    pub sensitive: bool,
    /// The signature after a signed message ([`Reading::judged`]).
    pub signature: Option<Vec<u8>>,
    /// What to show as the payload's text when it is not the bytes themselves (a manifest's
    /// claims).
    pub shown: Option<String>,
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
            signature: None,
            shown: None,
        }
    }

    /// A reading of `bytes` whose confidence is `prior` times how plausible they are. Bytes that
    /// are Latin-1, not UTF-8, are read so ([`plausible::latin1`]); a length prefix
    /// ([`plausible::length_prefix`]) is dropped; bytes that are no text as a whole but a
    /// message followed by a signature or MAC ([`plausible::signed`]) read as the message,
    /// labelled "signed", the signature apart.
    pub fn judged(
        scheme: Scheme,
        mut bytes: Vec<u8>,
        prior: f32,
        (mut en, mut zh): (String, String),
    ) -> Self {
        if let Some(text) = plausible::latin1(&bytes) {
            if plausible::LATIN1 * plausible::score(text.as_bytes()) > plausible::score(&bytes) {
                bytes = text.into_bytes();
                en.push_str("; bytes read as Latin-1 (8-bit code points)");
                zh.push_str("；字节按 Latin-1（8 位码位）读取");
            }
        }
        let prefix = plausible::length_prefix(&bytes);
        if prefix > 0 && plausible::score(&bytes[prefix..]) > plausible::score(&bytes) {
            bytes.drain(..prefix);
            en.push_str(&format!("; after a {prefix}-byte length"));
            zh.push_str(&format!("；前有 {prefix} 字节的长度"));
        }
        let whole = plausible::score(&bytes);
        let signed = plausible::signed(&bytes).filter(|&(_, s)| s * plausible::SIGNED > whole);
        let Some((cut, score)) = signed else {
            return Reading::new(scheme, bytes, prior * whole, (en, zh));
        };
        let signature = bytes.split_off(cut);
        let n = signature.len();
        en.push_str(&format!("; a message, then a {n}-byte signature or MAC"));
        zh.push_str(&format!("；先是消息，其后是 {n} 字节的签名或 MAC"));
        let confidence = prior * plausible::SIGNED * score;
        let mut reading = Reading::new(scheme, bytes, confidence, (en, zh));
        reading.label = Some(Label::Signed);
        reading.signature = Some(signature);
        reading
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
            text: self.shown.or_else(|| {
                self.readable
                    .then(|| String::from_utf8_lossy(&self.bytes).into_owned())
            }),
            bytes: self.bytes,
            confidence: self.confidence,
            explanation: String::new(),
            truncated,
            encrypted: self.encrypted.then_some(true),
            label: self.label,
            sensitive: self.sensitive.then_some(true),
            signature: self.signature,
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
    let gather = gathered(&leftover).or_else(|| gathered(&alike(&leftover)));
    let rest = if gather.is_some() {
        &[][..]
    } else {
        &leftover[..]
    };
    out.extend(gather);
    crate::order::by_key(&mut out, |p| p.start as u64);
    let mut out = joined(out);
    out.extend(
        best(&Carriers::Spread(text, &found.spread))
            .or_else(|| spread_on(text, &found.spread, rest)),
    );
    crate::order::by_key(&mut out, |p| p.start as u64);
    out
}

/// The spread symbols read on into the runs that read as nothing, in text order, when those
/// are in the same alphabet: a tool that puts one symbol after each character of a carrier
/// too short for its message writes the rest as a run at its end.
fn spread_on(text: &str, spread: &[Symbol], runs: &[&Run<'_>]) -> Option<Payload> {
    if spread.is_empty() || runs.is_empty() {
        return None;
    }
    let chars: Vec<char> = spread.iter().map(|s| s.ch).collect();
    let alphabet = radix::alphabet(&chars, 5)?;
    let mut symbols = spread.to_vec();
    for run in runs
        .iter()
        .filter(|r| r.chars().all(|c| alphabet.contains(&c)))
    {
        let mut at = run.start;
        for ch in run.chars().take(MAX_PAYLOAD * 8) {
            symbols.push(Symbol {
                offset: at,
                ch,
                gap: false,
            });
            at += ch.len_utf8();
        }
    }
    if symbols.len() == spread.len() {
        return None;
    }
    crate::order::by_key(&mut symbols, |s| s.offset as u64);
    best(&Carriers::Spread(text, &symbols))
}

/// The carriers of `payload` in `text` that no catalogued kind names (ordinary spaces), which
/// the scan raises one by one: the second spaces of sentence gaps.
pub(crate) fn plain_carriers(text: &str, payload: &Payload) -> Vec<(usize, usize)> {
    match payload.scheme {
        Scheme::SentenceSpacing => sentence_gaps::carriers(text, payload.start, payload.end),
        _ => Vec::new(),
    }
}

/// Payloads read from runs one after another in the same scheme and mapping (one alphabet, one
/// framing), as one message in pieces: a tool that splits its symbols over paragraphs, lines
/// or text nodes leaves a fragment in each, which reads on its own only when it ends on a byte.
/// A labelled payload (a translation key, CMS metadata, a manifest) is a record of its own, an
/// encrypted or unreadable one has no text to join, and the same text again is a repeat (a
/// mark on every line), not the next piece; they stay apart.
fn joined(payloads: Vec<Payload>) -> Vec<Payload> {
    let mut out: Vec<Payload> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    // The text of the last piece: a payload repeated (a watermark on every line) is no piece.
    let mut previous: Option<String> = None;
    for p in payloads {
        let repeat = previous.is_some() && previous == p.text;
        previous.clone_from(&p.text);
        if let (Some(last), Some(n)) = (out.last_mut(), counts.last_mut()) {
            if !repeat && joinable(last, &p) {
                *n += 1;
                join(last, p);
                continue;
            }
        }
        out.push(p);
        counts.push(1);
    }
    for (p, n) in out.iter_mut().zip(counts) {
        if n > 1 {
            p.mapping.en = format!("{n} pieces read as one message: {}", p.mapping.en);
            p.mapping.zh = format!("{n} 段连成一条消息：{}", p.mapping.zh);
        }
    }
    out
}

/// Can `next` continue the message `last`?
fn joinable(last: &Payload, next: &Payload) -> bool {
    let plain = |p: &Payload| p.text.is_some() && p.label.is_none() && p.encrypted.is_none();
    plain(last)
        && plain(next)
        && last.scheme == next.scheme
        && last.mapping == next.mapping
        && !last.truncated
        && last.pieces.len() + next.pieces.len() <= crate::report::MAX_PIECES
}

/// Appends the message `next` to `last`.
fn join(last: &mut Payload, next: Payload) {
    last.bytes.extend_from_slice(&next.bytes);
    last.truncated = next.truncated || last.bytes.len() > MAX_PAYLOAD;
    last.bytes.truncate(MAX_PAYLOAD);
    last.text = Some(String::from_utf8_lossy(&last.bytes).into_owned());
    last.end = last.end.max(next.end);
    last.pieces.extend(next.pieces);
    last.confidence = last.confidence.max(next.confidence);
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
    let substantial = payload.label.is_some()
        || payload.text.is_none()
        || std::str::from_utf8(&payload.bytes)
            .is_ok_and(|t| t.chars().count() >= 2 && t.chars().any(char::is_alphanumeric));
    payload.confidence >= MIN_CONFIDENCE && substantial
}

/// The runs whose characters all belong to the alphabet of the longest of `runs`: the pieces
/// of one payload, without a stray pair of joiners elsewhere in the text that would spoil the
/// reading of them all.
fn alike<'r, 'a>(runs: &[&'r Run<'a>]) -> Vec<&'r Run<'a>> {
    let Some(longest) = runs.iter().max_by_key(|r| r.end - r.start) else {
        return Vec::new();
    };
    let Some(alphabet) = radix::alphabet(&longest.chars().take(4096).collect::<Vec<_>>(), 5) else {
        return Vec::new();
    };
    let alike: Vec<&Run<'_>> = runs
        .iter()
        .copied()
        .filter(|r| r.chars().all(|c| alphabet.contains(&c)))
        .collect();
    if alike.len() == runs.len() {
        Vec::new()
    } else {
        alike
    }
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
    payload.pieces = runs
        .iter()
        .take(crate::report::MAX_PIECES)
        .map(|r| Piece {
            start: r.start,
            end: r.end,
        })
        .collect();
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

    /// `secret` in plain bytes of `digits` (8 bits or 4 base-4 digits per byte, most
    /// significant first).
    fn plain(digits: &[char], secret: &[u8]) -> String {
        let width = if digits.len() == 2 { 8 } else { 4 };
        radix::encode(
            &radix::Layout::new(digits, radix::Width::Fixed(width), radix::Unit::Byte),
            secret,
        )
    }

    /// Every two- and four-symbol alphabet of invisible or blank characters, in a run and one
    /// symbol per word gap.
    const ALPHABETS: [&[char]; 9] = [
        &['\u{3164}', '\u{FFA0}'],
        &['\u{115F}', '\u{1160}'],
        &['\u{2800}', '\u{200B}'],
        &['\u{3164}', '\u{2800}'],
        &['\u{034F}', '\u{200B}'],
        &['\u{180E}', '\u{200C}'],
        &['\u{2061}', '\u{2063}'],
        &['\u{2061}', '\u{2062}', '\u{2063}', '\u{2064}'],
        &['\u{2064}', '\u{2061}', '\u{2063}', '\u{2062}'],
    ];

    #[test]
    fn every_small_invisible_alphabet_reads() {
        let secret = "meet at the north gate 7pm";
        let words = "the committee met on tuesday to review the budget for next year ";
        for digits in ALPHABETS {
            let symbols: Vec<char> = plain(digits, secret.as_bytes()).chars().collect();
            let run = format!(
                "Minutes of the meeting. {} Approved.",
                symbols.iter().collect::<String>()
            );
            let mut spread = String::new();
            for (i, word) in words.repeat(40).split(' ').enumerate() {
                spread.push_str(word);
                spread.push(' ');
                spread.extend(symbols.get(i));
            }
            for text in [run, spread] {
                let found = decode(&text);
                assert_eq!(found.len(), 1, "{digits:?}");
                assert_eq!(found[0].text.as_deref(), Some(secret), "{digits:?}");
            }
        }
    }

    #[test]
    fn a_message_split_over_paragraphs_is_one_payload_in_pieces() {
        let digits = ['\u{200B}', '\u{200C}'];
        let bits = plain(&digits, b"wire the money to account 4471 today");
        let symbols: Vec<char> = bits.chars().collect();
        let paragraphs = [
            "Dear team,",
            "the audit is done.",
            "Thanks for your help.",
            "Best, Ana",
        ];
        // Cut at bytes (each piece reads alone) and anywhere (no piece does).
        for cuts in [[0, 96, 200, 288], [0, 101, 203, 288]] {
            let mut text = String::new();
            for (i, p) in paragraphs.iter().enumerate() {
                text.push_str(p);
                let end = cuts.get(i + 1).copied().unwrap_or(symbols.len());
                if i < 3 {
                    text.extend(&symbols[cuts[i]..end]);
                }
                text.push_str("\n\n");
            }
            let found = decode(&text);
            assert_eq!(found.len(), 1, "{cuts:?}");
            assert_eq!(
                found[0].text.as_deref(),
                Some("wire the money to account 4471 today")
            );
            assert_eq!(found[0].pieces.len(), 3);
            for piece in &found[0].pieces {
                assert!(text[piece.start..piece.end]
                    .chars()
                    .all(|c| digits.contains(&c)));
            }
        }
    }

    #[test]
    fn noise_is_no_readable_payload() {
        // Random symbols of random alphabets: a few may read as a short word by chance, none
        // as a long one; random bits of a whole number of bytes are an unknown scheme.
        let mut rng = crate::testing::Rng::new(41);
        let pool = [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{2061}', '\u{2062}',
            '\u{2063}', '\u{2064}', '\u{200E}', '\u{3164}',
        ];
        let mut readable = 0;
        for _ in 0..200 {
            let k = 2 + rng.below(4);
            let mut alphabet = pool.to_vec();
            for i in 0..k {
                alphabet.swap(i, i + rng.below(pool.len() - i));
            }
            let n = 16 + 8 * rng.below(40);
            let run: String = (0..n).map(|_| alphabet[rng.below(k)]).collect();
            for p in decode(&format!("See the report. {run} Thanks.")) {
                if let Some(t) = &p.text {
                    readable += 1;
                    assert!(t.chars().count() <= 8, "{t:?} {}", p.mapping.en);
                } else {
                    assert!(
                        p.mapping.en.starts_with("unknown scheme"),
                        "{}",
                        p.mapping.en
                    );
                }
            }
        }
        assert!(readable <= 6, "{readable}");
    }

    #[test]
    fn a_message_then_a_mac_reads_signed() {
        let mut rng = crate::testing::Rng::new(8);
        let mut bytes = b"released by build-bot 2291".to_vec();
        let mac: Vec<u8> = (0..32).map(|_| rng.next() as u8).collect();
        bytes.extend(&mac);
        let run = plain(&['\u{200B}', '\u{200C}'], &bytes);
        let found = decode(&format!("Release notes.{run} Nothing else changed."));
        assert_eq!(found.len(), 1);
        let p = &found[0];
        assert_eq!(p.text.as_deref(), Some("released by build-bot 2291"));
        assert_eq!(
            (p.label, p.signature.as_deref()),
            (Some(Label::Signed), Some(&mac[..]))
        );
        assert!(!p.legitimate());
    }

    #[test]
    fn random_bits_are_an_unknown_scheme_not_stegcloak() {
        // A keyed watermark: an HMAC in StegCloak's first two characters as binary digits.
        let mut rng = crate::testing::Rng::new(9);
        for _ in 0..20 {
            let mac: Vec<u8> = (0..32).map(|_| rng.next() as u8).collect();
            let run = plain(&['\u{200C}', '\u{200D}'], &mac);
            let found = decode(&format!("Quarterly figures.{run} See you Monday."));
            assert_eq!(found.len(), 1);
            assert_eq!(found[0].scheme, Scheme::ZeroWidthBinary);
            assert!(found[0].text.is_none() && found[0].encrypted.is_none());
            assert!(found[0]
                .mapping
                .en
                .starts_with("unknown scheme: 2 symbols, 256 bits"));
        }
    }

    #[test]
    fn spread_symbols_read_on_into_a_last_run() {
        // One symbol after each character while the carrier lasts, the rest as a run at its end.
        let symbols: Vec<char> = plain(&['\u{200C}', '\u{200D}'], b"meet at the north gate")
            .chars()
            .collect();
        let carrier = "The harbour authority said on Tuesday that the new crane";
        let mut text = String::new();
        let mut rest = symbols.iter();
        for c in carrier.chars() {
            text.push(c);
            text.extend(rest.next());
        }
        text.extend(rest);
        let found = decode(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text.as_deref(), Some("meet at the north gate"));
    }

    #[test]
    fn a_framed_length_prefixed_run_reads() {
        // zyc-stego: U+200D, then a 32-bit big-endian length and the bytes in binary, U+200D.
        let message = "v3.2 signing key in vault/ops";
        let mut bytes = (message.len() as u32).to_be_bytes().to_vec();
        bytes.extend(message.as_bytes());
        let run = format!(
            "\u{200D}{}\u{200D}",
            plain(&['\u{200B}', '\u{200C}'], &bytes)
        );
        let found = decode(&format!("Harbour schedule for May.{run}"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text.as_deref(), Some(message));
        assert!(found[0].mapping.en.contains("after a 4-byte length"));
    }
}
