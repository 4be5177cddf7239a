//! The analysis of one text: every rule and the decoders its carriers trigger, payloads raising
//! what carries them, hits merged into findings; then the same again over the text as `clean`
//! would write it, until that shows nothing new. What a report is made of, before it is written
//! ([`super::collect`]).

use crate::context::Doc;
use crate::decode::{self, Seen};
use crate::report::{Kind, Payload, Severity};
use crate::rewrite::{self, Merged};
use crate::rules::date_marker::{self, Marker};
use crate::rules::{self, Hit, Rule};

/// Everything the rules and decoders found in one text, before it is written as a report.
pub(crate) struct Analysis {
    /// Merged, sorted, non-overlapping.
    pub findings: Vec<Merged>,
    /// The decoded payloads, their explanations not yet written.
    pub payloads: Vec<Payload>,
    /// The date lines' markers.
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
        // The hits of merged findings, read in order, are in merge order already: only the few
        // new ones are sorted, then slotted in (before equal keys, as a stable sort of the
        // old hits followed by the new would place them), so that `merge` sorts nothing.
        let old: Vec<Hit> = std::mem::take(&mut self.findings)
            .into_iter()
            .flat_map(|m| m.hits)
            .collect();
        debug_assert!(old.is_sorted_by_key(merge_key));
        let mut new: Vec<Hit> = again
            .findings
            .into_iter()
            .filter(|m| m.severity() >= Severity::Medium)
            .flat_map(|m| m.hits)
            .map(|h| h.placed(start, end))
            .collect();
        crate::order::by_key(&mut new, merge_key);
        let mut hits = Vec::with_capacity(old.len() + new.len());
        let mut new = new.into_iter().peekable();
        for h in old {
            while let Some(n) = new.next_if(|n| merge_key(n) < merge_key(&h)) {
                hits.push(n);
            }
            hits.push(h);
        }
        hits.extend(new);
        self.findings = merge(hits);
        self.payloads
            .extend(again.payloads.into_iter().map(|p| p.placed(start, end)));
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
    let mut flagged: Vec<Kind> = Vec::new();
    for h in &hits {
        if !flagged.contains(&h.kind()) {
            flagged.push(h.kind());
        }
    }
    let payloads = decode::read(&Seen {
        text,
        doc: &doc,
        flagged: &flagged,
    });
    crate::order::by_key(&mut hits, |h| h.start as u64);
    for p in &payloads {
        raise_carriers(text, p, &mut hits);
    }
    rules::nul::judge(text, &mut hits);
    Analysis {
        findings: merge(hits),
        payloads,
        markers,
        cleaned: None,
    }
}

/// A decoded payload raises the characters that carry it: `high`, or `medium` for a
/// legitimate framing. Carriers no rule flagged get hits of their own: all of them when no
/// carrier in the payload's span was flagged (innocent one by one), otherwise the rest of each
/// run that holds a flagged carrier (marks interleaved with the symbols, which `clean` must take
/// too, or they would be left behind as a run of their own).
fn raise_carriers(text: &str, c: &Payload, hits: &mut Vec<Hit>) {
    let severity = if c.legitimate() {
        Severity::Medium
    } else {
        Severity::High
    };
    let carries = |kind: Kind| c.scheme.carried_by(kind);
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
        if h.severity < severity || c.legitimate() {
            h.severity = severity;
        }
        // Escapes the payload was read from carry it: the only escapes `clean` removes.
        if h.kind() == Kind::Escaped {
            h.rule = Rule::payload(Kind::Escaped);
        }
    }
    let Some(region) = text.get(c.start..c.end) else {
        return;
    };
    // The first flagged hit on `at`, for `at` rising through the region: the hits that end
    // before `at` are passed once, and when they are in text order (an earlier payload's hits
    // can stand before theirs) the search stops at the first that starts after `at` (a payload
    // of many pieces spans thousands of them: a search from the start for every character was
    // quadratic).
    let in_order = flagged.is_sorted_by_key(|&(s, ..)| s);
    let mut passed = 0;
    let mut flagged_at = |at: usize| {
        while flagged.get(passed).is_some_and(|&(_, e, _)| e <= at) {
            passed += 1;
        }
        flagged[passed..]
            .iter()
            .take_while(|&&(s, ..)| !in_order || s <= at)
            .find(|&&(s, e, _)| s <= at && at < e)
            .copied()
    };
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
            Some((_, _, rule)) => {
                lead.get_or_insert(rule);
            }
            None => run.push((at, ch)),
        }
    }
    close(&mut run, &mut lead);
    for (start, end) in crate::decode::plain_carriers(text, c) {
        added.push(Hit::new(start, end, severity, Rule::WhitespacePayload));
    }
    if added.is_empty() && !covered {
        added.push(Hit::new(c.start, c.end, severity, Rule::WhitespacePayload));
    }
    let at = hits.partition_point(|h| h.start < c.start);
    hits.splice(at..at, added);
}

/// Sorts hits and merges those that touch or overlap into findings.
fn merge(mut hits: Vec<Hit>) -> Vec<Merged> {
    crate::order::by_key(&mut hits, merge_key);
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

/// The order in which [`merge`] takes hits: by start, the most severe first among hits that
/// start together.
fn merge_key(h: &Hit) -> u64 {
    (h.start as u64) << 2 | (3 - h.severity as u64)
}

/// Visible look-alikes stay separate findings from invisible neighbours that only touch them
/// (hits that overlap a finding always join it: findings never overlap).
fn mergeable(a: &Hit, b: &Hit) -> bool {
    a.kind().is_invisible() == b.kind().is_invisible()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(analysis.payloads.len(), 1, "{:?}", analysis.findings.len());
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
