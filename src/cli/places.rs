//! What the outputs need of the text besides the report, gathered while a scan streams by.
//!
//! `scan` never holds a whole input (see [`unmask::stream`]), but its outputs point into it: the
//! text diagnostics show `line:column` and the line around each finding, SARIF gives line and
//! column ranges, every finding gets a fingerprint of the text around it, and an allowlist of
//! characters looks at the text of each payload. So each window of the stream is asked, while it
//! is held, for what its findings and payloads need, and only that is kept: lines are counted
//! from one window to the next. The decoding finding (invalid UTF-8, binary) is known only at the
//! end, so the text around its place is kept until then.

use unmask::report::{Finding, Payload, Report};
use unmask::stream::{Window, CONTEXT};

use super::config::{self, Policy};
use super::location::{char_floor, Locator, Position};
use super::text;

/// Where a finding is, how it looks, and its fingerprint.
pub struct FindingPlace {
    pub start: usize,
    pub from: Position,
    pub to: Position,
    /// The line window around the finding and its caret line ([`text::window`]).
    pub shown: String,
    pub carets: String,
    pub fingerprint: String,
}

/// Where a payload is, and whether the allowlist accepts its characters.
pub struct PayloadPlace {
    pub from: Position,
    pub to: Position,
    pub allowlisted: bool,
}

/// The places of the findings and payloads of one report, in its order.
#[derive(Default)]
pub struct Places {
    pub findings: Vec<FindingPlace>,
    pub payloads: Vec<PayloadPlace>,
}

/// Some text around one offset, kept after its window is gone.
struct Excerpt {
    text: String,
    /// Offset of `text` in the input's text.
    base: usize,
    /// The offset and its position.
    at: (usize, Position),
}

/// Gathers the places of one input's findings and payloads, window by window.
pub struct Gather<'a> {
    source: Option<&'a str>,
    policy: &'a Policy,
    /// The start of the next window and its position.
    next: (usize, Position),
    places: Places,
    /// The text around where the decoding finding would be: the first replacement character,
    /// or the start.
    decoding: Option<Excerpt>,
}

impl<'a> Gather<'a> {
    pub fn new(source: Option<&'a str>, policy: &'a Policy) -> Self {
        Gather {
            source,
            policy,
            next: (0, Position::START),
            places: Places::default(),
            decoding: None,
        }
    }

    /// Takes what the findings and payloads of window `w` need.
    pub fn window(&mut self, w: &Window) {
        let (start, end) = (w.offset + w.range.start, w.offset + w.range.end);
        let locator = || Locator::resume(w.held, w.offset, self.next.0, self.next.1);
        let (mut starts, mut ends) = (locator(), locator());
        for f in w.findings {
            let place = self.finding(&mut starts, &mut ends, f, w.held, w.offset);
            self.places.findings.push(place);
        }
        for p in w.payloads {
            let place = self.payload(&mut starts, &mut ends, p, w.held, w.offset);
            self.places.payloads.push(place);
        }
        let spot = w.first_replacement.unwrap_or(0);
        let kept = self.decoding.as_ref().is_some_and(|e| e.at.0 == spot);
        if !kept && (start..end.max(start + 1)).contains(&spot) {
            let local = spot - w.offset;
            let from = char_floor(w.held, local.saturating_sub(CONTEXT));
            let to = char_floor(w.held, local + CONTEXT + 4);
            self.decoding = Some(Excerpt {
                text: w.held[from..to].to_owned(),
                base: w.offset + from,
                at: (spot, starts.locate(spot)),
            });
        }
        self.next = (end, starts.locate(end));
    }

    fn finding(
        &self,
        starts: &mut Locator,
        ends: &mut Locator,
        f: &Finding,
        held: &str,
        offset: usize,
    ) -> FindingPlace {
        let from = starts.locate(f.start);
        let (line_base, line) = starts.line_around(from, f.start);
        let (shown, carets) =
            text::window(line, (f.start - line_base, f.end.saturating_sub(line_base)));
        FindingPlace {
            start: f.start,
            from,
            to: ends.locate(f.end.max(f.start)),
            shown,
            carets,
            fingerprint: config::fingerprint(self.source, f, held, offset),
        }
    }

    fn payload(
        &self,
        starts: &mut Locator,
        ends: &mut Locator,
        p: &Payload,
        held: &str,
        offset: usize,
    ) -> PayloadPlace {
        let span = held.get(p.start.saturating_sub(offset)..p.end.saturating_sub(offset));
        PayloadPlace {
            from: starts.locate(p.start),
            to: ends.locate(p.end.max(p.start)),
            allowlisted: self.policy.allows_chars_of(span),
        }
    }

    /// The places of `report`, the report of the windows given: with the place of the decoding
    /// finding the report has added, if any.
    pub fn finish(mut self, report: &Report) -> Places {
        if let (Some(e), true) = (
            &self.decoding,
            report.findings.len() > self.places.findings.len(),
        ) {
            let at = self.places.findings.partition_point(|p| p.start <= e.at.0);
            let mut locator = Locator::resume(&e.text, e.base, e.at.0, e.at.1);
            let mut ends = Locator::resume(&e.text, e.base, e.at.0, e.at.1);
            let place = self.finding(
                &mut locator,
                &mut ends,
                &report.findings[at],
                &e.text,
                e.base,
            );
            self.places.findings.insert(at, place);
        }
        self.places
    }
}
