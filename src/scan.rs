//! The scanner: runs every rule and decoder over a text, lets decoded payloads raise what
//! carries them, merges adjacent hits into findings and writes the report.

use crate::context::Doc;
use crate::decode::{self, Candidate};
use crate::explain;
use crate::report::{self, Finding, Kind, Payload, Report, Severity, Verdict};
use crate::rules::date_marker::{self, Marker};
use crate::rules::{self, Hit};
use crate::{Options, TOOL};

/// Longest payload text and bytes a report holds.
pub const MAX_PAYLOAD_BYTES: usize = 64 * 1024;
/// Most distinct characters a finding lists.
const MAX_CHARS: usize = 16;

/// Everything the rules and decoders found in one text, before it is written as a report.
pub(crate) struct Analysis {
    /// Merged, sorted, non-overlapping.
    pub findings: Vec<Merged>,
    pub candidates: Vec<Candidate>,
    pub markers: Vec<Marker>,
}

/// Adjacent hits merged into one finding.
pub(crate) struct Merged {
    pub start: usize,
    pub end: usize,
    /// The hit that decides the finding's kind, rule and explanation (the most severe, first).
    pub lead: Hit,
    pub hits: Vec<Hit>,
}

impl Merged {
    pub fn severity(&self) -> Severity {
        self.lead.severity
    }
}

/// Runs every rule and decoder over `text`.
pub(crate) fn analyse(text: &str) -> Analysis {
    let doc = Doc::measure(text);
    let mut hits: Vec<Hit> = Vec::new();
    rules::invisible::judge(text, &doc, &mut hits);
    rules::spaces::judge(text, &doc, &mut hits);
    rules::trailing::judge(text, &doc, &mut hits);
    rules::apostrophes::judge(text, &doc, &mut hits);
    rules::separators::judge(text, &doc, &mut hits);
    rules::confusables::judge(text, &doc, &mut hits);
    rules::escapes::judge(text, &mut hits);
    let markers = date_marker::find(text, &doc, &mut hits);
    let mut candidates = Vec::new();
    let has = |kinds: &[Kind]| doc.candidates.iter().any(|&(_, _, k)| kinds.contains(&k));
    let invisible = doc.candidates.iter().any(|&(_, _, k)| k.is_invisible());
    if invisible {
        candidates.extend(decode::decode(text));
    }
    if hits.iter().any(|h| h.kind == Kind::Whitespace) {
        candidates.extend(decode::whitespace::decode(text));
    }
    if has(&[Kind::Space]) {
        candidates.extend(decode::spaces::decode(text));
    }
    if has(&[
        Kind::Space,
        Kind::Confusable,
        Kind::HomoglyphQuote,
        Kind::Separator,
    ]) {
        candidates.extend(decode::typographic::decode(text));
    }
    if hits.iter().any(|h| h.kind == Kind::Escaped) {
        candidates.extend(crate::escaped::decode(text));
    }
    for c in &candidates {
        raise_carriers(text, c, &mut hits);
    }
    Analysis {
        findings: merge(hits),
        candidates,
        markers,
    }
}

/// A decoded payload raises the characters that carry it: `high`, or `medium` for a
/// legitimate framing. Carriers no rule flagged (innocent one by one) get a hit of their own.
fn raise_carriers(text: &str, c: &Candidate, hits: &mut Vec<Hit>) {
    let severity = if c.label.is_some() {
        Severity::Medium
    } else {
        Severity::High
    };
    let mut covered = false;
    for h in hits
        .iter_mut()
        .filter(|h| h.start < c.end && h.end > c.start)
    {
        covered = true;
        if h.severity < severity || c.label.is_some() {
            h.severity = severity;
        }
    }
    if covered {
        return;
    }
    let Some(region) = text.get(c.start..c.end) else {
        return;
    };
    let mut added = false;
    for (i, ch) in region.char_indices() {
        if let Some(kind) = crate::catalogue::kind(ch) {
            let at = c.start + i;
            hits.push(Hit::new(
                at,
                at + ch.len_utf8(),
                kind,
                severity,
                payload_rule(kind),
            ));
            added = true;
        }
    }
    if !added {
        hits.push(Hit::new(
            c.start,
            c.end,
            Kind::Whitespace,
            severity,
            "whitespace/payload",
        ));
    }
}

fn payload_rule(kind: Kind) -> &'static str {
    match kind {
        Kind::ZeroWidth => "zero-width/payload",
        Kind::Tag => "tag/payload",
        Kind::VariationSelector => "variation-selector/payload",
        Kind::BidiControl => "bidi-control/payload",
        Kind::InvisibleOperator => "invisible-operator/payload",
        Kind::Filler => "filler/payload",
        Kind::Space => "space/payload",
        Kind::Confusable => "confusable/payload",
        Kind::HomoglyphQuote => "homoglyph-quote/payload",
        Kind::Separator => "separator/payload",
        _ => "format-control/payload",
    }
}

/// Sorts hits and merges those that touch or overlap into findings.
fn merge(mut hits: Vec<Hit>) -> Vec<Merged> {
    hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.severity)));
    let mut out: Vec<Merged> = Vec::new();
    for h in hits {
        match out.last_mut() {
            Some(m) if h.start < m.end || h.start == m.end && mergeable(&m.lead, &h) => {
                m.end = m.end.max(h.end);
                if h.severity > m.lead.severity {
                    m.lead = h.clone();
                }
                m.hits.push(h);
            }
            _ => out.push(Merged {
                start: h.start,
                end: h.end,
                lead: h.clone(),
                hits: vec![h],
            }),
        }
    }
    out
}

/// Visible look-alikes stay separate findings from invisible neighbours that only touch them
/// (hits that overlap a finding always join it: findings never overlap).
fn mergeable(a: &Hit, b: &Hit) -> bool {
    a.kind.is_invisible() == b.kind.is_invisible()
}

/// Scans `text` and writes the report.
pub fn scan(text: &str, opts: &Options) -> Report {
    let analysis = analyse(text);
    let severe = analysis
        .findings
        .iter()
        .any(|m| m.severity() >= Severity::Medium);
    let mut payloads: Vec<Payload> = analysis
        .candidates
        .iter()
        .map(|c| payload(text, c, opts))
        .collect();
    payloads.extend(analysis.markers.iter().map(|m| marker_payload(m, opts)));
    payloads.sort_by_key(|p| p.start);
    let verdict = if !payloads.is_empty() {
        Verdict::HiddenData
    } else if severe {
        Verdict::Suspicious
    } else {
        Verdict::Clean
    };
    let truncated = analysis.findings.len() > opts.max_findings;
    let findings = analysis
        .findings
        .iter()
        .take(opts.max_findings)
        .map(|m| finding(text, m, &analysis, opts))
        .collect();
    Report {
        version: report::REPORT_VERSION,
        source: None,
        bytes: text.len(),
        sha256: opts.sha256.then(|| crate::sha256_hex(text.as_bytes())),
        tool: TOOL,
        verdict,
        truncated,
        findings,
        payloads,
    }
}

fn finding(text: &str, m: &Merged, analysis: &Analysis, opts: &Options) -> Finding {
    let span = &text[m.start..m.end];
    let mut chars: Vec<char> = Vec::new();
    let mut count = 0;
    for c in span.chars() {
        count += 1;
        if chars.len() < MAX_CHARS && !chars.contains(&c) {
            chars.push(c);
        }
    }
    let capacity =
        (m.lead.kind == Kind::Confusable || m.lead.kind == Kind::HomoglyphQuote).then(|| {
            analysis
                .findings
                .iter()
                .filter(|o| o.lead.kind == m.lead.kind && o.severity() >= Severity::Medium)
                .count()
        });
    Finding {
        start: m.start,
        end: m.end,
        chars: chars.iter().map(|&c| report::code_point_label(c)).collect(),
        count,
        kind: m.lead.kind,
        rule: m.lead.rule,
        severity: m.lead.severity,
        explanation: explain::finding(text, &m.lead, &chars, count, capacity, opts.lang),
    }
}

fn payload(text: &str, c: &Candidate, opts: &Options) -> Payload {
    let truncated = c.bytes.len() > MAX_PAYLOAD_BYTES;
    let bytes = &c.bytes[..c.bytes.len().min(MAX_PAYLOAD_BYTES)];
    let decoded = String::from_utf8_lossy(bytes).into_owned();
    Payload {
        start: c.start,
        end: c.end,
        scheme: c.scheme.to_owned(),
        text: c.readable.then(|| decoded.clone()),
        bytes_hex: Some(hex(bytes)),
        confidence: c.confidence,
        explanation: explain::payload(text, c, c.readable.then_some(decoded.as_str()), opts.lang),
        truncated,
        encrypted: c.encrypted.then_some(true),
        label: c.label.map(str::to_owned),
        sensitive: c.sensitive.then_some(true),
    }
}

fn marker_payload(m: &Marker, opts: &Options) -> Payload {
    Payload {
        start: m.start,
        end: m.end,
        scheme: "claude-code-date-marker".to_owned(),
        text: Some(m.meaning()),
        bytes_hex: Some(hex(&[m.bits])),
        confidence: m.confidence(),
        explanation: explain::marker(m, opts.lang),
        truncated: false,
        encrypted: None,
        label: None,
        sensitive: None,
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
