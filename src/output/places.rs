//! What the outputs need of the text besides the report, gathered while a scan streams by.
//!
//! `scan` never holds a whole input (see [`crate::stream`]), but its outputs point into it: the
//! text diagnostics show `line:column` and the line around each finding, SARIF gives line and
//! column ranges, and every finding gets a fingerprint of the text around it ([`fingerprint`]),
//! which a baseline of old findings matches. So each window of the stream is asked, while it
//! is held, for what its findings and payloads need, and only that is kept: lines are counted
//! from one window to the next. The decoding finding (invalid UTF-8, binary) is known only at the
//! end, so the text around its place is kept until then.

use sha2::{Digest, Sha256};

use super::inert;
use super::location::{char_floor, Locator, Position};
use crate::report::{Finding, Report};
use crate::stream::{Window, CONTEXT};

/// Where a finding is, how it looks, and its fingerprint.
pub struct FindingPlace {
    /// The finding's start offset.
    pub start: usize,
    /// Where the finding starts.
    pub from: Position,
    /// Where it ends.
    pub to: Position,
    /// The line window around the finding ([`inert::window`]).
    pub shown: String,
    /// The caret line under `shown`.
    pub carets: String,
    /// The finding's [`fingerprint`].
    pub fingerprint: String,
}

/// Where a payload is.
pub struct PayloadPlace {
    /// Where the payload's carrier starts.
    pub from: Position,
    /// Where it ends.
    pub to: Position,
}

/// The places of the findings and payloads of one report, in its order.
#[derive(Default)]
pub struct Places {
    /// One per finding of the report.
    pub findings: Vec<FindingPlace>,
    /// One per payload.
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
    /// The start of the next window and its position.
    next: (usize, Position),
    places: Places,
    /// The text around where the decoding finding would be: the first replacement character,
    /// or the start.
    decoding: Option<Excerpt>,
}

impl<'a> Gather<'a> {
    /// Places for the input named `source` (`None` for standard input).
    pub fn new(source: Option<&'a str>) -> Self {
        Gather {
            source,
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
            self.places.payloads.push(PayloadPlace {
                from: starts.locate(p.start),
                to: ends.locate(p.end.max(p.start)),
            });
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
            inert::window(line, (f.start - line_base, f.end.saturating_sub(line_base)));
        FindingPlace {
            start: f.start,
            from,
            to: ends.locate(f.end.max(f.start)),
            shown,
            carets,
            fingerprint: fingerprint(self.source, f, held, offset),
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

/// Characters of context on each side that a fingerprint covers (within the line).
const AROUND: usize = 16;

/// A finding's identity across edits elsewhere: its source (without a leading `./`), rule, code
/// points, and the text of the finding and around it on its line. `text` is the text from byte
/// `base` on, holding the finding and `AROUND` characters on each side (or the ends of the
/// line).
pub fn fingerprint(source: Option<&str>, f: &Finding, text: &str, base: usize) -> String {
    let start = char_floor(text, f.start.saturating_sub(base));
    let end = char_floor(text, f.end.saturating_sub(base)).max(start);
    let before: String = text[..start]
        .chars()
        .rev()
        .take_while(|&c| c != '\n')
        .take(AROUND)
        .collect();
    let after: String = text[end..]
        .chars()
        .take_while(|&c| c != '\n')
        .take(AROUND)
        .collect();
    let source = source
        .map(|s| s.strip_prefix("./").unwrap_or(s))
        .unwrap_or("-");
    let mut h = Sha256::new();
    for part in [
        source,
        f.rule,
        &f.chars.join(","),
        &before,
        &text[start..end],
        &after,
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    #[test]
    fn fingerprint_survives_edits_elsewhere() {
        let a = "intro\nthe bu\u{200B}dget line\n";
        let b = "a longer intro, edited\nthe bu\u{200B}dget line\n";
        let first = |text: &str| crate::scan(text, &Options::default()).findings.remove(0);
        let fa = fingerprint(Some("./m.txt"), &first(a), a, 0);
        let fb = fingerprint(Some("m.txt"), &first(b), &b[20..], 20);
        assert_eq!(fa, fb);
        let c = "intro\nthe bu\u{200B}dgets line\n";
        assert_ne!(fa, fingerprint(Some("m.txt"), &first(c), c, 0));
    }
}
