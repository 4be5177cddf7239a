//! Writing the report: findings and payloads of each window's analysis placed in the whole
//! text, with their explanations, under the cap on listed findings, and the verdict.

use super::analysis::{analyse, Analysis};
use crate::explain;
use crate::report::{self, Allowed, Finding, Kind, Payload, Report, Scheme, Severity, Verdict};
use crate::rewrite::Merged;
use crate::rules::date_marker::Marker;
use crate::{Options, TOOL};

/// Most distinct characters a finding lists.
const MAX_CHARS: usize = 16;

/// A report written window by window, in order: what [`scan`] and a
/// [`Stream`](crate::stream::Stream) share, so that both write the same report.
pub(crate) struct Collect {
    opts: Options,
    /// The findings kept (at most `max_findings`) and the payloads, at offsets in the whole text.
    pub findings: Vec<Finding>,
    pub payloads: Vec<Payload>,
    /// Findings met, kept or not.
    total: usize,
    severe: bool,
    /// The most severe finding met and not kept.
    unlisted: Option<Severity>,
    /// Findings the cap let through, those the allow-lists then left out included.
    listed: usize,
    allowed: Allowed,
}

impl Collect {
    pub fn new(opts: &Options) -> Collect {
        Collect {
            opts: opts.clone(),
            findings: Vec::new(),
            payloads: Vec::new(),
            total: 0,
            severe: false,
            unlisted: None,
            listed: 0,
            allowed: Allowed::default(),
        }
    }

    /// Analyses `window`, which starts at byte `base` of the text, and adds what it finds.
    /// Payloads are sorted window by window: windows follow each other, so that is the order of
    /// the whole.
    pub fn add(&mut self, base: usize, window: &str) {
        self.add_analysed(base, window, &analyse(window));
    }

    /// [`Collect::add`] for a window already analysed (`analysis` is `analyse(window)`).
    pub fn add_analysed(&mut self, base: usize, window: &str, analysis: &Analysis) {
        let opts = &self.opts;
        self.total += analysis.findings.len();
        let room = opts.max_findings.saturating_sub(self.listed);
        let left_out = analysis.findings.iter().skip(room).map(|m| m.severity());
        self.unlisted = self.unlisted.max(left_out.max());
        self.listed += analysis.findings.len().min(room);
        for m in analysis.findings.iter().take(room) {
            let mut f = finding(window, m, analysis, opts);
            f.start += base;
            f.end += base;
            if opts.allow.finding(&f) {
                self.allowed.findings += 1;
            } else {
                self.severe |= f.severity >= Severity::Medium;
                self.findings.push(f);
            }
        }
        let first = self.payloads.len();
        self.payloads.extend(
            analysis
                .payloads
                .iter()
                .map(|p| explained(window, p, opts).shifted(base)),
        );
        self.payloads.extend(
            analysis
                .markers
                .iter()
                .map(|m| marker_payload(m, opts).shifted(base)),
        );
        let mut added = self.payloads.split_off(first);
        let found = added.len();
        added.retain(|p| !opts.allow.payload(window.get(p.start - base..p.end - base)));
        self.allowed.payloads += found - added.len();
        crate::order::by_key(&mut added, |p| p.start as u64);
        self.payloads.append(&mut added);
    }

    /// The report of a text of `bytes` bytes.
    pub fn finish(mut self, bytes: usize, sha256: Option<String>) -> Report {
        if self.opts.allow.everything {
            self.allowed.unlisted = self.unlisted.take().is_some();
        }
        let verdict = if !self.payloads.is_empty() {
            Verdict::HiddenData
        } else if self.severe || self.unlisted >= Some(Severity::Medium) {
            Verdict::Suspicious
        } else {
            Verdict::Clean
        };
        Report {
            version: report::REPORT_VERSION,
            source: None,
            bytes,
            sha256,
            tool: TOOL,
            verdict,
            truncated: self.total > self.listed,
            findings: self.findings,
            payloads: self.payloads,
            unlisted: self.unlisted,
            allowed: self.allowed,
        }
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
    let capacity = (m.lead.kind() == Kind::Confusable || m.lead.kind() == Kind::HomoglyphQuote)
        .then(|| {
            analysis
                .findings
                .iter()
                .filter(|o| o.lead.kind() == m.lead.kind() && o.severity() >= Severity::Medium)
                .count()
        });
    Finding {
        start: m.start,
        end: m.end,
        chars: chars.iter().map(|&c| report::code_point_label(c)).collect(),
        count,
        kind: m.lead.kind(),
        rule: m.lead.rule.id(),
        severity: m.lead.severity,
        explanation: explain::finding(text, &m.lead, &chars, count, capacity, opts.lang),
    }
}

/// The payload with its explanation written, in the report's language.
fn explained(text: &str, p: &Payload, opts: &Options) -> Payload {
    Payload {
        explanation: explain::payload(text, p, opts.lang),
        ..p.clone()
    }
}

/// The payload of a date line's marker: its bits, what they mean.
fn marker_payload(m: &Marker, opts: &Options) -> Payload {
    let reading = crate::decode::Reading::new(
        Scheme::ClaudeCodeDateMarker,
        vec![m.bits],
        m.confidence(),
        Default::default(),
    );
    Payload {
        text: Some(m.meaning()),
        explanation: explain::marker(m, opts.lang),
        ..reading.place(m.start, m.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_remembers_how_severe_what_it_left_out_is() {
        let text = format!("{}is\u{200B}Admin\n", "see \\u200b here\n".repeat(5));
        let capped = super::super::scan(
            &text,
            &Options {
                max_findings: 5,
                ..Options::default()
            },
        );
        assert!(capped.truncated);
        assert!(capped.findings.iter().all(|f| f.severity == Severity::Low));
        assert_eq!(capped.unlisted, Some(Severity::High));
        let whole = super::super::scan(&text, &Options::default());
        assert_eq!((whole.truncated, whole.unlisted), (false, None));
    }
}
