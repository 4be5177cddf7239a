//! The scanner: runs every rule and decoder over a text, lets decoded payloads raise what
//! carries them, merges adjacent hits into findings and writes the report.

use crate::context::Doc;
use crate::decode::{self, Candidate};
use crate::explain;
use crate::report::{self, Allowed, Finding, Kind, Payload, Report, Severity, Verdict};
use crate::rewrite::{self, Merged};
use crate::rules::date_marker::{self, Marker};
use crate::rules::{self, Hit, Rule};
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
    /// The text as `clean` writes it, when that differs.
    pub cleaned: Option<String>,
}

/// Most times a text is cleaned and looked at again.
const MAX_LOOKS: usize = 4;

/// Runs every rule and decoder over `text`, then over the text as `clean` would write it, until
/// that shows nothing new: removing hidden characters can bring others together into a payload
/// or a rule's context (spaces that were apart spell digits, a date line reads whole again).
/// What only the cleaned text shows is reported at its place in `text`, so that `clean` changes
/// only what the scan flagged and a second `clean` changes nothing.
pub(crate) fn analyse(text: &str) -> Analysis {
    let mut analysis = look(text);
    let Some((mut cleaned, origins)) = rewrite::pass(text, &analysis.findings) else {
        return analysis;
    };
    let mut chain = vec![origins];
    for _ in 1..MAX_LOOKS {
        let again = look(&cleaned);
        let Some((next, origins)) = rewrite::pass(&cleaned, &again.findings) else {
            break;
        };
        analysis.absorb(again, &chain);
        chain.push(origins);
        cleaned = next;
    }
    analysis.cleaned = Some(cleaned);
    analysis
}

impl Analysis {
    /// Adds what the analysis of a cleaned text found that `clean` would change, placed back
    /// through the `chain` of cleaning passes that made that text from this one.
    fn absorb(&mut self, again: Analysis, chain: &[rewrite::Origins]) {
        let start = |at: usize| chain.iter().rev().fold(at, |at, o| o.start(at));
        let end = |at: usize| chain.iter().rev().fold(at, |at, o| o.end(at));
        let mut hits: Vec<Hit> = std::mem::take(&mut self.findings)
            .into_iter()
            .flat_map(|m| m.hits)
            .collect();
        hits.extend(
            again
                .findings
                .into_iter()
                .filter(|m| m.severity() >= Severity::Medium)
                .flat_map(|m| m.hits)
                .map(|h| h.placed(start, end)),
        );
        self.findings = merge(hits);
        self.candidates
            .extend(again.candidates.into_iter().map(|c| c.placed(start, end)));
        self.markers
            .extend(again.markers.into_iter().map(|m| m.placed(start, end)));
    }
}

/// Runs every rule and decoder over `text` once.
fn look(text: &str) -> Analysis {
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
        candidates.extend(decode::decode_in(text, doc.uses_joiners()));
    }
    if hits.iter().any(|h| h.kind() == Kind::Whitespace) {
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
        let wide = doc.candidates.iter().map(|&(at, c, _)| (at, c));
        candidates.extend(decode::typographic::decode_among(text, wide));
    }
    if hits.iter().any(|h| h.kind() == Kind::Escaped) {
        candidates.extend(crate::escaped::decode(text));
    }
    crate::order::by_key(&mut hits, |h| h.start as u64);
    for c in &candidates {
        raise_carriers(text, c, &mut hits);
    }
    rules::nul::judge(text, &mut hits);
    Analysis {
        findings: merge(hits),
        candidates,
        markers,
        cleaned: None,
    }
}

/// A decoded payload raises the characters that carry it: `high`, or `medium` for a
/// legitimate framing. Carriers no rule flagged get hits of their own: all of them when no
/// carrier in the payload's span was flagged (innocent one by one), otherwise the rest of each
/// run that holds a flagged carrier (marks interleaved with the symbols, which `clean` must take
/// too, or they would be left behind as a run of their own).
fn raise_carriers(text: &str, c: &Candidate, hits: &mut Vec<Hit>) {
    let severity = if c.label.is_some() {
        Severity::Medium
    } else {
        Severity::High
    };
    let carries = |kind: Kind| match c.scheme {
        "unicode-spaces" => kind == Kind::Space,
        "typographic-variants" => matches!(
            kind,
            Kind::Space | Kind::Confusable | Kind::HomoglyphQuote | Kind::Separator
        ),
        _ => kind.is_invisible(),
    };
    let first = hits.partition_point(|h| h.start < c.start);
    let back = first.saturating_sub(64);
    let mut covered = false;
    // The hits on characters of the kinds that carry this payload.
    let mut flagged: Vec<(usize, usize, Rule)> = Vec::new();
    for h in hits[back..]
        .iter_mut()
        .take_while(|h| h.start < c.end)
        .filter(|h| h.end > c.start)
    {
        covered = true;
        if carries(h.kind()) {
            flagged.push((h.start, h.end, h.rule));
        }
        if h.severity < severity || c.label.is_some() {
            h.severity = severity;
        }
    }
    let Some(region) = text.get(c.start..c.end) else {
        return;
    };
    let flagged_at = |at: usize| flagged.iter().find(|&&(s, e, ..)| s <= at && at < e);
    // The current run of carriers: unflagged ones, and the first flagged hit it holds, whose
    // kind and rule the rest of the run takes (it explains the run).
    let mut run: Vec<(usize, char)> = Vec::new();
    let mut lead: Option<Rule> = None;
    let mut added = Vec::new();
    let mut close = |run: &mut Vec<(usize, char)>, lead: &mut Option<Rule>| {
        // Unflagged carriers side by side that natural text would not write are a piece of the
        // payload too (what is left of a run the payload's tool wrote, between its symbols).
        let piece = match (run.first(), run.last()) {
            (Some(&(start, _)), Some(&(last, ch))) if run.len() >= 2 => {
                !crate::decode::regions::is_innocent_run(text, start, last + ch.len_utf8())
            }
            _ => false,
        };
        for (at, ch) in run.drain(..) {
            let kind = crate::catalogue::kind(ch).unwrap_or(Kind::FormatControl);
            let rule = match *lead {
                Some(lead) => lead,
                None if flagged.is_empty() || piece => Rule::payload(kind),
                None => continue,
            };
            added.push(Hit::new(at, at + ch.len_utf8(), severity, rule));
        }
        *lead = None;
    };
    for (i, ch) in region.char_indices() {
        let at = c.start + i;
        if !crate::catalogue::kind(ch).is_some_and(carries) {
            close(&mut run, &mut lead);
            continue;
        }
        match flagged_at(at) {
            Some(&(_, _, rule)) => {
                lead.get_or_insert(rule);
            }
            None => run.push((at, ch)),
        }
    }
    close(&mut run, &mut lead);
    if added.is_empty() && !covered {
        added.push(Hit::new(c.start, c.end, severity, Rule::WhitespacePayload));
    }
    let at = hits.partition_point(|h| h.start < c.start);
    hits.splice(at..at, added);
}

/// Sorts hits and merges those that touch or overlap into findings.
fn merge(mut hits: Vec<Hit>) -> Vec<Merged> {
    // By start, the most severe first among hits that start together.
    crate::order::by_key(&mut hits, |h| {
        (h.start as u64) << 2 | (3 - h.severity as u64)
    });
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
    a.kind().is_invisible() == b.kind().is_invisible()
}

/// Texts longer than this are analysed in windows of about this size, cut at a blank line or
/// a line break, so that the work and memory of the rules stay bounded however long the input:
/// document-wide judgements (the prevailing apostrophe, the script mix) are then made per window.
pub const WINDOW: usize = 4 << 20;

/// The windows of `text` with their byte offsets: the whole text when it is short.
pub(crate) fn windows(text: &str) -> impl Iterator<Item = (usize, &str)> {
    sized_windows(text, WINDOW)
}

/// [`windows`] of at most `size` bytes (smaller under test, to cross many windows quickly).
pub(crate) fn sized_windows(text: &str, size: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() && !(start == 0 && text.is_empty()) {
            return None;
        }
        let end = window_end(text, start, size);
        let window = (start, &text[start..end]);
        start = end.max(start + 1);
        Some(window)
    })
}

/// Where the window from `start` ends: at a blank line or a line break in its last quarter, or
/// at a character boundary. Only `text[..start + size + 1]` is looked at, so a stream can cut as
/// soon as it holds more than `size` bytes from `start`.
pub(crate) fn window_end(text: &str, start: usize, size: usize) -> usize {
    let limit = start + size;
    if limit >= text.len() {
        return text.len();
    }
    let tail = &text.as_bytes()[limit - size / 4..limit];
    let cut = memchr::memmem::rfind(tail, b"\n\n")
        .map(|p| p + 2)
        .or_else(|| memchr::memrchr(b'\n', tail).map(|p| p + 1))
        .map(|p| limit - size / 4 + p);
    cut.unwrap_or_else(|| {
        (0..4)
            .map(|k| limit - k)
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(limit)
    })
}

/// Scans `text` and writes the report.
pub fn scan(text: &str, opts: &Options) -> Report {
    sized_scan(text, opts, WINDOW)
}

/// [`scan`] in windows of at most `size` bytes.
pub(crate) fn sized_scan(text: &str, opts: &Options, size: usize) -> Report {
    let mut report = Collect::new(opts);
    for (base, window) in sized_windows(text, size) {
        report.add(base, window);
    }
    report.finish(
        text.len(),
        opts.sha256.then(|| crate::sha256_hex(text.as_bytes())),
    )
}

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
        let shifted = |mut p: Payload| {
            p.start += base;
            p.end += base;
            p
        };
        let first = self.payloads.len();
        self.payloads.extend(
            analysis
                .candidates
                .iter()
                .map(|c| shifted(payload(window, c, opts))),
        );
        self.payloads.extend(
            analysis
                .markers
                .iter()
                .map(|m| shifted(marker_payload(m, opts))),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_remembers_how_severe_what_it_left_out_is() {
        let text = format!("{}is\u{200B}Admin\n", "see \\u200b here\n".repeat(5));
        let capped = scan(
            &text,
            &Options {
                max_findings: 5,
                ..Options::default()
            },
        );
        assert!(capped.truncated);
        assert!(capped.findings.iter().all(|f| f.severity == Severity::Low));
        assert_eq!(capped.unlisted, Some(Severity::High));
        let whole = scan(&text, &Options::default());
        assert_eq!((whole.truncated, whole.unlisted), (false, None));
    }

    #[test]
    fn windows_cover_the_text_at_line_breaks() {
        assert_eq!(windows("").collect::<Vec<_>>(), vec![(0, "")]);
        let line = "a line of text\n";
        let text = line.repeat(WINDOW / line.len() * 2 + 3);
        let parts: Vec<(usize, &str)> = windows(&text).collect();
        assert!(parts.len() >= 2);
        assert_eq!(parts.iter().map(|(_, w)| *w).collect::<String>(), text);
        assert!(parts[..parts.len() - 1]
            .iter()
            .all(|(_, w)| w.ends_with('\n')));
        let zwsp: String = std::iter::repeat_n('\u{200B}', WINDOW).collect();
        assert_eq!(windows(&zwsp).map(|(_, w)| w).collect::<String>(), zwsp);
    }

    #[test]
    fn flagged_invisible_characters_do_not_hide_a_marker() {
        let text = "x\nTo\u{200B}day\u{2019}s date \u{200C}\u{200D}is 2026/07/03.";
        let analysis = analyse(text);
        let found: Vec<(usize, usize, u8)> = analysis
            .markers
            .iter()
            .map(|m| (m.start, m.end, m.bits))
            .collect();
        assert_eq!(found, [(2, text.len() - 1, 0b101)]);
        let marked: Vec<&str> = analysis
            .findings
            .iter()
            .flat_map(|m| &m.hits)
            .filter(|h| {
                matches!(
                    h.rule,
                    Rule::DateMarkerApostrophe | Rule::DateMarkerSeparator
                )
            })
            .map(|h| &text[h.start..h.end])
            .collect();
        assert_eq!(marked, ["\u{2019}", "/", "/"]);
        assert!(analyse("Today's date \u{200B}is 2026-06-30.")
            .markers
            .is_empty());
    }

    #[test]
    fn a_payload_finding_takes_the_marks_interleaved_with_its_symbols() {
        let run = "\u{200F}\u{200D}\u{200B}\u{200C}\u{200F}\u{200E}\u{200B}\u{200C}\u{200F}\u{200E}\u{200B}\u{200C}\u{200E}\u{200F}\u{200B}\u{200F}";
        let text = format!("الخليّ{run} The library's evening hours will change next week.");
        let analysis = analyse(&text);
        assert_eq!(
            analysis.candidates.len(),
            1,
            "{:?}",
            analysis.findings.len()
        );
        let start = text.find(run).unwrap();
        let spans: Vec<(usize, usize, Kind)> = analysis
            .findings
            .iter()
            .map(|m| (m.start, m.end, m.lead.kind()))
            .collect();
        assert_eq!(spans, [(start, start + run.len(), Kind::ZeroWidth)]);
    }
    #[test]
    fn origins_place_the_cleaned_text_in_the_original() {
        let text = "is\u{200B}\u{200C}Admin, the\u{2006}quick";
        let analysis = analyse(text);
        let (cleaned, origins) = rewrite::pass(text, &analysis.findings).unwrap();
        assert_eq!(cleaned, "isAdmin, the quick");
        let chars = |s: &str| {
            s.char_indices()
                .map(|(i, c)| (i, i + c.len_utf8()))
                .collect::<Vec<_>>()
        };
        for (s, e) in chars(&cleaned) {
            let piece = &text[origins.start(s)..origins.end(e)];
            let c = &cleaned[s..e];
            assert!(
                piece == c || (c, piece) == (" ", "\u{2006}"),
                "{c:?} from {piece:?}"
            );
        }
        assert_eq!(origins.start(2), text.find("Admin").unwrap());
        assert_eq!(origins.end(2), 2);
        let gap = cleaned.find(" quick").unwrap();
        assert_eq!(&text[origins.start(gap)..origins.end(gap + 1)], "\u{2006}");
        assert_eq!(origins.end(cleaned.len()), text.len());
    }
}
