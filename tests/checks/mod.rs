//! The invariants every output of unmask keeps, whatever the input. Shared by the property tests
//! (`tests/invariants.rs`) and the fuzz targets (`fuzz/fuzz_targets/*.rs`, which include this file
//! by path); each check panics with what it saw, so a fuzzer reports it as a crash.

// Each fuzz target uses only the checks of its own entry point.
#![allow(dead_code)]

use unmask::report::{Kind, Report, Severity, Verdict};
use unmask::Options;

/// Most distinct characters a finding lists (`docs/report-format.md`).
const MAX_CHARS: usize = 16;

/// Options with the findings cap lifted and no hashing.
pub fn uncapped() -> Options {
    Options {
        max_findings: usize::MAX,
        sha256: false,
        ..Options::default()
    }
}

/// `start..end` is a range of whole characters of `text`.
pub fn span(text: &str, start: usize, end: usize, what: &str) {
    assert!(
        start <= end && end <= text.len(),
        "{what}: {start}..{end} is not a range inside 0..{}",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: {start}..{end} splits a character of {text:?}"
    );
}

/// The report of `text`: offsets on character boundaries and in bounds, findings and payloads
/// sorted, at most 16 listed characters, confidences in [0.5, 1], a verdict that agrees with
/// the findings, and UTF-16 offsets equal to JavaScript's string indices.
pub fn report(text: &str, r: &Report) {
    for f in &r.findings {
        span(text, f.start, f.end, f.rule);
        assert!(f.chars.len() <= MAX_CHARS, "{}: {:?}", f.rule, f.chars);
        let mut distinct = f.chars.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), f.chars.len(), "{}: {:?}", f.rule, f.chars);
    }
    assert!(
        r.findings.windows(2).all(|w| w[0].start <= w[1].start),
        "findings out of order: {:?}",
        r.findings.iter().map(|f| f.start).collect::<Vec<_>>()
    );
    for p in &r.payloads {
        span(text, p.start, p.end, p.scheme.as_str());
        assert!(
            (0.5..=1.0).contains(&p.confidence),
            "{}: confidence {}",
            p.scheme,
            p.confidence
        );
        assert!(p.bytes.len() <= unmask::MAX_PAYLOAD_BYTES, "{}", p.scheme);
    }
    assert!(
        r.payloads.windows(2).all(|w| w[0].start <= w[1].start),
        "payloads out of order"
    );
    let severe = r.findings.iter().any(|f| f.severity >= Severity::Medium);
    match r.verdict {
        Verdict::HiddenData => assert!(!r.payloads.is_empty()),
        Verdict::Suspicious => assert!(r.payloads.is_empty() && (severe || r.truncated)),
        Verdict::Clean => assert!(r.payloads.is_empty() && !severe),
    }
    let offsets = r
        .findings
        .iter()
        .flat_map(|f| [f.start, f.end])
        .chain(r.payloads.iter().flat_map(|p| [p.start, p.end]));
    utf16_offsets(text, offsets);
}

/// [`unmask::offsets::Utf16Offsets`] gives every offset as JavaScript indexes the string: the
/// number of UTF-16 code units before it.
pub fn utf16_offsets(text: &str, offsets: impl Iterator<Item = usize> + Clone) {
    let map = unmask::offsets::Utf16Offsets::new(text, offsets.clone());
    let mut wanted: Vec<usize> = offsets.collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut units = 0;
    let mut chars = text.char_indices().peekable();
    for offset in wanted {
        while let Some((_, c)) = chars.next_if(|&(i, _)| i < offset) {
            units += c.len_utf16();
        }
        assert_eq!(
            map.get(offset),
            Some(units),
            "UTF-16 offset of byte {offset}"
        );
    }
}

/// Decoded candidates: in bounds, on boundaries, confident enough, sorted.
pub fn candidates(text: &str, found: &[unmask::Payload], what: &str) {
    for c in found {
        span(text, c.start, c.end, &format!("{what} {}", c.scheme));
        assert!(
            (0.5..=1.0).contains(&c.confidence),
            "{what} {}: confidence {}",
            c.scheme,
            c.confidence
        );
    }
    assert!(
        found.windows(2).all(|w| w[0].start <= w[1].start),
        "{what}: candidates out of order"
    );
}

/// `clean(text)`: idempotent; changes only characters inside `medium`/`high` findings of the
/// uncapped scan, and NULs, which `clean` removes wherever they are (even in a `low` finding, or
/// past the findings a window lists); leaves nothing `high` (escapes aside: code, kept unless they
/// decode to a payload) and no payload behind. Returns the cleaned text.
pub fn clean(text: &str) -> String {
    let cleaned = unmask::clean(text);
    assert_eq!(
        unmask::clean(&cleaned),
        cleaned,
        "clean is not idempotent on {text:?}"
    );
    let mut flagged: Vec<(usize, usize)> = unmask::scan(text, &uncapped())
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Medium)
        .map(|f| (f.start, f.end))
        .chain(text.match_indices('\0').map(|(at, _)| (at, at + 1)))
        .collect();
    flagged.sort_unstable();
    changes_only_inside(text, &cleaned, &flagged);
    let after = unmask::scan(&cleaned, &uncapped());
    assert!(
        after.payloads.is_empty(),
        "payload left after cleaning {text:?}: {:?}",
        after.payloads
    );
    // Escapes are code: `clean` removes them only when they decode to a payload (issue 17).
    let high: Vec<_> = after
        .findings
        .iter()
        .filter(|f| f.severity == Severity::High && f.kind != Kind::Escaped)
        .collect();
    assert!(
        high.is_empty(),
        "high finding left after cleaning {text:?}: {high:?}"
    );
    cleaned
}

/// `cleaned` is `text` with each range in `flagged` (sorted, disjoint) replaced by at most as
/// many characters as it had, and every byte outside them kept in place.
pub fn changes_only_inside(text: &str, cleaned: &str, flagged: &[(usize, usize)]) {
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for &(s, e) in flagged {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    // Where in `cleaned` the text kept so far can end: each range may become any of its
    // characters' worth of replacement, so there may be several ways to line the two up.
    let first = &text[..merged.first().map_or(text.len(), |r| r.0)];
    assert!(
        cleaned.starts_with(first),
        "clean changed {first:?} before the first flagged range of {text:?} into {cleaned:?}"
    );
    let mut ends = vec![first.len()];
    for (i, &(s, e)) in merged.iter().enumerate() {
        let kept = &text[e..merged.get(i + 1).map_or(text.len(), |r| r.0)];
        let most = text[s..e].chars().count();
        let mut next = Vec::new();
        for &p in &ends {
            let rest = &cleaned[p..];
            let lengths = rest.char_indices().map(|(j, _)| j).chain([rest.len()]);
            for r in lengths.take(most + 1) {
                if rest[r..].starts_with(kept) {
                    next.push(p + r + kept.len());
                }
            }
        }
        next.sort_unstable();
        next.dedup();
        assert!(
            !next.is_empty(),
            "clean changed text outside the flagged ranges {merged:?}: {kept:?} after {:?} is gone (input {text:?}, cleaned {cleaned:?})",
            &text[s..e]
        );
        ends = next;
    }
    assert!(
        ends.contains(&cleaned.len()),
        "clean added text at the end of {text:?}: {cleaned:?}"
    );
}

/// `diff(a, b)`: offsets in bounds of B (`start`/`end`) and of A (`a_start`/`a_end`); a copy
/// differs in nothing from itself.
pub fn diff(a: &str, b: &str) {
    let r = unmask::diff::diff(a, b, &uncapped());
    for d in &r.findings {
        span(b, d.finding.start, d.finding.end, "diff finding in B");
        span(a, d.a_start, d.a_end, "diff finding in A");
        assert!(d.finding.chars.len() <= MAX_CHARS && d.a_chars.len() <= MAX_CHARS);
    }
    let same = unmask::diff::diff(b, b, &uncapped());
    assert!(
        same.findings.is_empty() && same.visible_differences == 0,
        "{b:?} differs from itself: {same:?}"
    );
}

/// The escaped-form parser: escapes, decoded lines and the payloads read from them all point at
/// whole characters of `text`.
pub fn escaped(text: &str) {
    for e in unmask::decode::escaped::find(text) {
        span(text, e.start, e.end, "escape");
        assert!(e.start < e.end, "empty escape at {}", e.start);
    }
    for u in unmask::decode::escaped::unescape_runs(text) {
        span(text, u.start, u.end, "unescaped line");
        assert_eq!(
            u.offsets.len(),
            u.text.chars().count(),
            "one offset per character"
        );
        for &o in &u.offsets {
            assert!(
                u.start <= o && o < u.end,
                "offset {o} outside {}..{}",
                u.start,
                u.end
            );
            assert!(text.is_char_boundary(o), "offset {o} splits a character");
        }
        assert!(
            u.offsets.windows(2).all(|w| w[0] < w[1]),
            "offsets out of order"
        );
    }
    candidates(
        text,
        &unmask::decode::escaped::decode(text),
        "escaped::decode",
    );
}
