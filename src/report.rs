//! The scan report: the one machine-readable shape every face of unmask speaks.
//!
//! The JSON form is fixed by `docs/report-format.md` (version 1): fields are only ever added. These
//! types carry no web or command-line concerns; the bindings serialise them as they are.

use crate::i18n::{Lang, Words};
use serde::Serialize;

/// Version of the report format.
pub const REPORT_VERSION: u32 = 1;

/// What kind of character (or pattern) a finding is about. The names are the contract's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Zero-width characters: spaces, joiners, word joiner, BOM.
    ZeroWidth,
    /// Unicode tag characters (plane 14).
    Tag,
    /// Variation selectors.
    VariationSelector,
    /// Bidirectional controls.
    BidiControl,
    /// Invisible mathematical operators.
    InvisibleOperator,
    /// Blank-looking filler letters (Hangul fillers, Braille blank ...).
    Filler,
    /// Other format controls, and undecodable bytes.
    FormatControl,
    /// Quotes and apostrophes that imitate other quotes.
    HomoglyphQuote,
    /// Look-alike dashes, slashes, dots or colons.
    Separator,
    /// Unusual Unicode spaces.
    Space,
    /// Patterns in ordinary spaces and tabs.
    Whitespace,
    /// Look-alike letters from another script.
    Confusable,
    /// Escaped forms of hidden characters (`\\u200B`, `&#8203;` ...).
    Escaped,
    /// Private-use characters.
    PrivateUse,
    /// Unicode noncharacters.
    Noncharacter,
}

impl Kind {
    /// Every kind, in the order of the enum (`Kind::ALL[k as usize] == k`): the list the faces
    /// offer (the extension's kind switches) and the packed tables index.
    pub const ALL: [Kind; 15] = [
        Kind::ZeroWidth,
        Kind::Tag,
        Kind::VariationSelector,
        Kind::BidiControl,
        Kind::InvisibleOperator,
        Kind::Filler,
        Kind::FormatControl,
        Kind::HomoglyphQuote,
        Kind::Separator,
        Kind::Space,
        Kind::Whitespace,
        Kind::Confusable,
        Kind::Escaped,
        Kind::PrivateUse,
        Kind::Noncharacter,
    ];

    /// The kind whose contract name ([`Kind::as_str`]) is `name`.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The contract's name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ZeroWidth => "zero-width",
            Kind::Tag => "tag",
            Kind::VariationSelector => "variation-selector",
            Kind::BidiControl => "bidi-control",
            Kind::InvisibleOperator => "invisible-operator",
            Kind::Filler => "filler",
            Kind::FormatControl => "format-control",
            Kind::HomoglyphQuote => "homoglyph-quote",
            Kind::Separator => "separator",
            Kind::Space => "space",
            Kind::Whitespace => "whitespace",
            Kind::Confusable => "confusable",
            Kind::Escaped => "escaped",
            Kind::PrivateUse => "private-use",
            Kind::Noncharacter => "noncharacter",
        }
    }

    /// What characters of this kind are, in a few words (English): the short description of
    /// the SARIF rules, and what the rule registry's meanings start from.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::ZeroWidth => "Zero-width characters, invisible in rendered text",
            Kind::Tag => "Unicode tag characters, invisible, able to spell hidden ASCII",
            Kind::VariationSelector => "Variation selectors outside the sequences that need them",
            Kind::BidiControl => "Bidirectional controls that reorder how text is shown",
            Kind::InvisibleOperator => "Invisible mathematical operators",
            Kind::Filler => "Blank-looking filler letters",
            Kind::FormatControl => "Format controls or undecodable bytes",
            Kind::HomoglyphQuote => "Quotes and apostrophes that imitate other quotes",
            Kind::Separator => "Look-alike dashes, slashes, dots or colons",
            Kind::Space => "Unusual Unicode spaces",
            Kind::Whitespace => "Patterns in ordinary spaces and tabs",
            Kind::Confusable => "Look-alike letters from another script",
            Kind::Escaped => "Escaped forms of hidden characters",
            Kind::PrivateUse => "Private-use characters",
            Kind::Noncharacter => "Unicode noncharacters",
        }
    }

    /// Kinds whose characters draw nothing: they can only be seen by a tool.
    pub fn is_invisible(self) -> bool {
        matches!(
            self,
            Kind::ZeroWidth
                | Kind::Tag
                | Kind::VariationSelector
                | Kind::BidiControl
                | Kind::InvisibleOperator
                | Kind::Filler
                | Kind::FormatControl
        )
    }
}

/// How suspicious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, normal in real text.
    Low,
    /// Unusual here: could carry a mark, or hidden data with a legitimate label.
    Medium,
    /// No innocent reading here, or part of a pattern.
    High,
}

impl Severity {
    /// The contract's name of the severity.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    /// Parses `low`, `medium` or `high`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "low" => Some(Severity::Low),
            "medium" => Some(Severity::Medium),
            "high" => Some(Severity::High),
            _ => None,
        }
    }
}

/// The overall judgement of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Nothing above `low`.
    Clean,
    /// A `medium` or `high` finding, no payload.
    Suspicious,
    /// At least one decoded payload.
    HiddenData,
}

/// Name, version and Unicode version of the tool that made a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Tool {
    /// `unmask`.
    pub name: &'static str,
    /// The crate's version.
    pub version: &'static str,
    /// The Unicode version of the character tables.
    pub unicode: &'static str,
}

/// One place in the text with suspicious characters.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Finding {
    /// Half-open byte range in the scanned text.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// Distinct code points as `U+XXXX`, in order of first appearance, at most 16.
    pub chars: Vec<String>,
    /// How many characters the finding spans.
    pub count: usize,
    /// What kind of character the finding is about.
    pub kind: Kind,
    /// Stable identifier `kind/what`, for allowlists and baselines.
    pub rule: &'static str,
    /// How suspicious it is.
    pub severity: Severity,
    /// What the characters are and why they are suspicious here, in the report's language.
    pub explanation: String,
}

/// The scheme a payload is written in: the contract's `scheme` names, each written once, here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Unicode tag characters spelling ASCII (ASCII smuggling).
    Tags,
    /// Variation selectors carrying bytes.
    VariationSelectors,
    /// Invisible operators as bits (Sneaky Bits).
    SneakyBits,
    /// StegCloak's zero-width encoding.
    Stegcloak,
    /// Two invisible characters (zero-width, joiners, invisible operators, blank fillers) as
    /// binary digits.
    ZeroWidthBinary,
    /// Three or more invisible characters as digits.
    ZeroWidthBaseN,
    /// Spaces and tabs at line ends as bits.
    Whitespace,
    /// Kinds of space in word gaps as digits.
    UnicodeSpaces,
    /// Choices between look-alike characters as bits.
    TypographicVariants,
    /// A C2PA content-provenance manifest in variation selectors.
    C2paManifest,
    /// An i18next-subliminal translation key in zero-width characters.
    I18nextSubliminal,
    /// `@vercel/stega` CMS editing metadata in zero-width characters.
    VercelStega,
    /// The date line's look-alike apostrophe and separators (a rule's marker, not a decoder).
    ClaudeCodeDateMarker,
    /// One or two spaces (or a no-break space) between sentences as bits.
    SentenceSpacing,
}

impl Scheme {
    /// The contract's name of the scheme.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Tags => "tags",
            Scheme::VariationSelectors => "variation-selectors",
            Scheme::SneakyBits => "sneaky-bits",
            Scheme::Stegcloak => "stegcloak",
            Scheme::ZeroWidthBinary => "zero-width-binary",
            Scheme::ZeroWidthBaseN => "zero-width-base-n",
            Scheme::Whitespace => "whitespace",
            Scheme::UnicodeSpaces => "unicode-spaces",
            Scheme::TypographicVariants => "typographic-variants",
            Scheme::C2paManifest => "c2pa-manifest",
            Scheme::I18nextSubliminal => "i18next-subliminal",
            Scheme::VercelStega => "vercel-stega",
            Scheme::ClaudeCodeDateMarker => "claude-code-date-marker",
            Scheme::SentenceSpacing => "sentence-spacing",
        }
    }
}

impl std::fmt::Display for Scheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Scheme {
    fn eq(&self, name: &&str) -> bool {
        self.as_str() == *name
    }
}

impl Serialize for Scheme {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// What a payload's framing is, when it says so: a legitimate framing, or a signed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// A content-provenance manifest (C2PA, encypher-ai).
    ContentProvenance,
    /// An ecash token (a bearer token: whoever has it can spend it).
    EcashToken,
    /// An i18next-subliminal translation key.
    TranslationKey,
    /// `@vercel/stega` CMS editing metadata.
    CmsMetadata,
    /// A message followed by a signature or MAC.
    Signed,
}

impl Label {
    /// The contract's name of the label: its English words.
    pub fn as_str(self) -> &'static str {
        self.words().get(Lang::En)
    }

    /// The label in every language.
    pub fn words(self) -> Words {
        match self {
            Label::ContentProvenance => Words::new("content-provenance manifest", "内容来源清单"),
            Label::EcashToken => Words::new("ecash token", "电子现金令牌"),
            Label::TranslationKey => Words::new("translation key", "翻译键"),
            Label::CmsMetadata => Words::new("CMS editing metadata", "CMS 编辑元数据"),
            Label::Signed => Words::new("signed", "带签名"),
        }
    }
}

impl Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Longest payload (in decoded bytes) a report holds; the rest is cut and `truncated` set.
pub const MAX_PAYLOAD_BYTES: usize = 64 * 1024;

/// Most pieces (byte ranges) one payload is made of.
pub const MAX_PIECES: usize = 64;

/// How a payload's characters map to its bytes, in English and in Simplified Chinese, e.g.
/// `U+200B = 0, U+200C = 1, 8 bits per byte, most significant first`: what its explanation
/// says (not part of the JSON report).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping {
    /// In English.
    pub en: String,
    /// In Simplified Chinese.
    pub zh: String,
}

/// Data decoded from hidden characters: what a decoder read, placed in the text. The one shape
/// of a payload, from the decoders to every face.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Payload {
    /// Half-open byte range of the carrying characters in the scanned text: from the start of
    /// the first piece to the end of the last.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// The byte ranges that carry the payload, in order, at most [`MAX_PIECES`]. One today
    /// (`start..end`), and then not in the JSON report.
    #[serde(skip_serializing_if = "one_piece")]
    #[cfg_attr(test, ts(as = "Option<Vec<Piece>>", optional))]
    pub pieces: Vec<Piece>,
    /// The scheme it is written in.
    #[cfg_attr(test, ts(type = "string"))]
    pub scheme: Scheme,
    /// The decoded bytes as UTF-8 (lossy), or `None` when they cannot be read (encrypted, or a
    /// manifest).
    pub text: Option<String>,
    /// The exact decoded bytes (at most [`MAX_PAYLOAD_BYTES`]; for encrypted schemes the
    /// ciphertext), in hexadecimal in the JSON report.
    #[serde(rename = "bytes_hex", with = "as_hex")]
    #[cfg_attr(test, ts(type = "string"))]
    pub bytes: Vec<u8>,
    /// 0.5 to 1.0.
    pub confidence: f32,
    /// What the payload is and where, in the report's language (empty until the report is
    /// written).
    pub explanation: String,
    /// The bytes were cut at [`MAX_PAYLOAD_BYTES`].
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub truncated: bool,
    /// `Some(true)` when the bytes are a ciphertext.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub encrypted: Option<bool>,
    /// What a legitimate framing is ("content-provenance manifest", "translation key", ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional, type = "string"))]
    pub label: Option<Label>,
    /// `Some(true)` when the bytes should not be shared (a bearer token).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub sensitive: Option<bool>,
    /// The signature or MAC written after a signed message (`label` "signed"), apart from the
    /// message in `bytes`; in hexadecimal in the JSON report.
    #[serde(
        rename = "signature_hex",
        skip_serializing_if = "Option::is_none",
        with = "as_opt_hex"
    )]
    #[cfg_attr(test, ts(optional, type = "string"))]
    pub signature: Option<Vec<u8>>,
    /// How the characters map to the bytes, for the explanation.
    #[serde(skip)]
    pub mapping: Mapping,
}

impl Payload {
    /// Is it in a legitimate framing (a translation key, CMS metadata, a manifest, a token)?
    /// A signed message is labelled "signed" too, but a signature says nothing of intent.
    pub fn legitimate(&self) -> bool {
        self.label.is_some() && self.signature.is_none()
    }

    /// The payload read in another text, placed in this one by where characters `start` and
    /// where they `end` (every piece, and the whole; an end never before its start).
    pub fn placed(self, start: impl Fn(usize) -> usize, end: impl Fn(usize) -> usize) -> Payload {
        let place = |s: usize, e: usize| {
            let s = start(s);
            (s, end(e).max(s))
        };
        let (s, e) = place(self.start, self.end);
        Payload {
            start: s,
            end: e,
            pieces: self
                .pieces
                .iter()
                .take(MAX_PIECES)
                .map(|r| {
                    let (start, end) = place(r.start, r.end);
                    Piece { start, end }
                })
                .collect(),
            ..self
        }
    }

    /// The payload moved `by` bytes on (its text is a window starting there).
    pub fn shifted(self, by: usize) -> Payload {
        self.placed(|s| s + by, |e| e + by)
    }
}

/// One byte range of a payload's carriers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Piece {
    /// Half-open byte range in the scanned text.
    pub start: usize,
    /// End of that range.
    pub end: usize,
}

fn one_piece(pieces: &[Piece]) -> bool {
    pieces.len() <= 1
}

/// Bytes as their [`hex`] string.
mod as_hex {
    pub fn serialize<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::hex(bytes))
    }
}

/// Optional bytes as their [`hex`] string.
mod as_opt_hex {
    pub fn serialize<S: serde::Serializer>(
        bytes: &Option<Vec<u8>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(b) => s.serialize_str(&super::hex(b)),
            None => s.serialize_none(),
        }
    }
}

/// Lowercase hexadecimal of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// The result of scanning one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Version of the report format ([`REPORT_VERSION`]).
    pub version: u32,
    /// The input's name, set by the caller (a path, `-`), or `None`.
    pub source: Option<String>,
    /// Length of the scanned text in bytes.
    pub bytes: usize,
    /// Lowercase hexadecimal SHA-256 of the text's bytes, when asked for.
    pub sha256: Option<String>,
    /// The tool that made the report.
    pub tool: Tool,
    /// The overall judgement.
    pub verdict: Verdict,
    /// True when more findings were met than the report lists.
    pub truncated: bool,
    /// The findings, in text order, at most `Options::max_findings`.
    pub findings: Vec<Finding>,
    /// The decoded payloads, in text order.
    pub payloads: Vec<Payload>,
    /// The most severe of the findings that the cap (`Options::max_findings`) left out of
    /// `findings`, `None` when it left none out. They count towards the verdict, and a caller
    /// that fails on a severity must count them too: a file that puts 1,000 harmless findings
    /// before one `high` finding must not pass. Not part of the JSON report.
    #[serde(skip)]
    pub unlisted: Option<Severity>,
    /// What the allow-lists of the scan ([`Options::allow`](crate::Options::allow)) left out.
    /// Not part of the JSON report.
    #[serde(skip)]
    pub allowed: Allowed,
}

/// What the allow-lists left out of a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Allowed {
    /// Findings left out, of those the cap lets the report list.
    pub findings: usize,
    /// Payloads left out.
    pub payloads: usize,
    /// [`Allow::everything`](crate::allow::Allow::everything) also left out findings that the
    /// cap had left out of the list (how many is not known).
    pub unlisted: bool,
}

impl Report {
    /// The most severe finding's severity, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// The contract's verdict over what the report holds now (after a face has left findings
    /// out of it): a payload is hidden data; a medium or high finding, listed or left out by the
    /// cap (`unlisted`), is suspicious.
    pub fn verdict_of_what_is_left(&self) -> Verdict {
        if !self.payloads.is_empty() {
            Verdict::HiddenData
        } else if self.max_severity().max(self.unlisted) >= Some(Severity::Medium) {
            Verdict::Suspicious
        } else {
            Verdict::Clean
        }
    }
}

/// Formats a code point the way reports show it: `U+200B`, `U+E0041`.
pub fn code_point_label(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_once_in_order_and_by_name() {
        for (i, k) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(k as usize, i);
            assert_eq!(Kind::parse(k.as_str()), Some(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
        assert_eq!(Kind::ALL.len(), Kind::Noncharacter as usize + 1);
        assert_eq!(Kind::parse("Zero-Width"), None);
    }

    #[test]
    fn one_piece_is_not_in_the_json_report() {
        let mut p = Payload {
            start: 3,
            end: 9,
            pieces: vec![Piece { start: 3, end: 9 }],
            scheme: Scheme::Tags,
            text: Some("hi".into()),
            bytes: b"hi".to_vec(),
            confidence: 0.5,
            explanation: String::new(),
            truncated: false,
            encrypted: None,
            label: None,
            sensitive: None,
            signature: None,
            mapping: Mapping::default(),
        };
        let json = |p: &Payload| serde_json::to_string(p).unwrap();
        assert_eq!(
            json(&p),
            r#"{"start":3,"end":9,"scheme":"tags","text":"hi","bytes_hex":"6869","confidence":0.5,"explanation":""}"#
        );
        p.pieces.push(Piece { start: 12, end: 15 });
        assert!(json(&p).contains(r#""pieces":[{"start":3,"end":9},{"start":12,"end":15}]"#));
        let p = p.shifted(100);
        let pieces: Vec<(usize, usize)> = p.pieces.iter().map(|r| (r.start, r.end)).collect();
        assert_eq!(
            (p.start, p.end, pieces),
            (103, 109, vec![(103, 109), (112, 115)])
        );
    }
}
