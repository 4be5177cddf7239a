//! The scan report: the one machine-readable shape every face of unmask speaks.
//!
//! The JSON form is fixed by `docs/report-format.md` (version 1): fields are only ever added. These
//! types carry no web or command-line concerns; the bindings serialise them as they are.

use serde::Serialize;

/// Version of the report format.
pub const REPORT_VERSION: u32 = 1;

/// What kind of character (or pattern) a finding is about. The names are the contract's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    ZeroWidth,
    Tag,
    VariationSelector,
    BidiControl,
    InvisibleOperator,
    Filler,
    FormatControl,
    HomoglyphQuote,
    Separator,
    Space,
    Whitespace,
    Confusable,
    Escaped,
    PrivateUse,
    Noncharacter,
}

impl Kind {
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
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
    pub unicode: &'static str,
}

/// One place in the text with suspicious characters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Half-open byte range in the scanned text.
    pub start: usize,
    pub end: usize,
    /// Distinct code points as `U+XXXX`, in order of first appearance, at most 16.
    pub chars: Vec<String>,
    /// How many characters the finding spans.
    pub count: usize,
    pub kind: Kind,
    /// Stable identifier `kind/what`, for allowlists and baselines.
    pub rule: &'static str,
    pub severity: Severity,
    pub explanation: String,
}

/// Data decoded from hidden characters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payload {
    pub start: usize,
    pub end: usize,
    pub scheme: String,
    /// The decoded bytes as UTF-8 (lossy), or `None` when they cannot be read.
    pub text: Option<String>,
    /// The exact bytes in hexadecimal, or `None`.
    pub bytes_hex: Option<String>,
    pub confidence: f32,
    pub explanation: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<bool>,
}

/// The result of scanning one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub version: u32,
    pub source: Option<String>,
    pub bytes: usize,
    pub sha256: Option<String>,
    pub tool: Tool,
    pub verdict: Verdict,
    pub truncated: bool,
    pub findings: Vec<Finding>,
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
