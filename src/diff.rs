//! Invisible differences between two copies of a text.
//!
//! A journalist gets "the same" memo from two sources. If the copies were marked to trace a leak,
//! they differ only where a mark was put: an inserted zero-width space, a Cyrillic `а` for a
//! Latin `a`, a no-break space for a space, a curly quote for a straight one. [`diff`] finds those
//! places and counts, without listing, the differences a person can see.
//!
//! How: each copy is reduced to a *skeleton*, what a reader sees: invisible characters are dropped,
//! look-alikes become what they imitate ([`catalogue::imitates`]) and every Unicode space becomes
//! U+0020. Each skeleton character remembers where it came from. The skeletons are aligned (common
//! prefix and suffix, then Myers' diff on lines, then on characters inside differing lines, so a
//! near-identical pair of 1 MB costs little more than one pass); wherever aligned skeleton
//! characters come from different original text, or different invisible characters sit before
//! them, the copies differ in a hidden way. Unaligned skeleton text is a visible difference.
//! Carriage returns are ignored: line endings are not a mark.

use serde::Serialize;

use crate::report::{code_point_label, Finding, Kind, Severity};
use crate::{catalogue, Lang, Options};

/// Version of the diff report format.
pub const DIFF_VERSION: u32 = 1;

/// Above this many edits, Myers' diff gives up on a region and calls it one visible difference.
/// Bounds time and memory (the trace is quadratic in the edit count) on unrelated inputs.
const MAX_LINE_EDITS: usize = 2000;
const MAX_CHAR_EDITS: usize = 1000;

/// The invisible differences between two copies, A and B (`docs/report-format.md`, "diff").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffReport {
    /// Version of the format (1).
    pub version: u32,
    /// Path of copy A, set by the caller.
    pub a: Option<String>,
    /// Path of copy B, set by the caller.
    pub b: Option<String>,
    /// True when more hidden differences were found than `Options::max_findings`.
    pub truncated: bool,
    /// The hidden differences, at most `Options::max_findings`.
    pub findings: Vec<DiffFinding>,
    /// How many differences a person can see (not listed).
    pub visible_differences: usize,
}

/// One hidden difference: `finding.start`/`end` are in B, `a_start`/`a_end` in A.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffFinding {
    #[serde(flatten)]
    /// What B has at that place, as a finding of B.
    pub finding: Finding,
    /// Half-open byte range in A of what B's finding replaces.
    pub a_start: usize,
    /// End of that range.
    pub a_end: usize,
    /// Distinct code points A has at that place, as `U+XXXX`, at most 16.
    pub a_chars: Vec<String>,
}

/// Finds where `a` and `b` look the same but are not.
pub fn diff(a: &str, b: &str, opts: &Options) -> DiffReport {
    let sa = Skeleton::new(a);
    let sb = Skeleton::new(b);
    let runs = align(&sa.chars, &sb.chars);

    let mut visible_differences = 0;
    let mut places: Vec<Place> = Vec::new();
    let (mut ai, mut bi) = (0, 0);
    // Whether the last run was a few letters inside a changed word ("nine" to "ten" aligns the
    // `n` and the `e`): edits on both sides of it are one difference to a reader.
    let mut inside_word = false;
    let end = (sa.chars.len(), sb.chars.len(), 0);
    for &(ra, rb, len) in runs.iter().chain([end].iter()) {
        let edited = ra > ai || rb > bi;
        if edited && !inside_word {
            visible_differences += 1;
        }
        inside_word =
            edited && len < 4 && sa.chars[ra..ra + len].iter().all(|c| c.is_alphanumeric());
        for t in 0..len {
            compare(&sa, ra + t, &sb, rb + t, &mut places);
        }
        (ai, bi) = (ra + len, rb + len);
    }
    let tail_a = sa.gap(sa.chars.len());
    let tail_b = sb.gap(sb.chars.len());
    compare_gaps(a, tail_a, b, tail_b, &mut places);

    let truncated = places.len() > opts.max_findings;
    places.truncate(opts.max_findings);
    let findings = places
        .into_iter()
        .map(|p| p.finding(a, b, opts.lang))
        .collect();
    DiffReport {
        version: DIFF_VERSION,
        a: None,
        b: None,
        truncated,
        findings,
        visible_differences,
    }
}

/// What a reader sees of a text, with a way back to the original bytes.
struct Skeleton<'t> {
    text: &'t str,
    chars: Vec<char>,
    /// Byte offset in `text` of the character each skeleton character stands for.
    at: Vec<usize>,
}

impl<'t> Skeleton<'t> {
    fn new(text: &'t str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut at = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            if let Some(s) = seen_as(c) {
                chars.push(s);
                at.push(i);
            }
        }
        Skeleton { text, chars, at }
    }

    /// Byte range of skeleton character `k` in the original.
    fn char_range(&self, k: usize) -> (usize, usize) {
        let start = self.at[k];
        let len = self.text[start..].chars().next().map_or(0, char::len_utf8);
        (start, start + len)
    }

    /// Byte range of the dropped text just before skeleton character `k` (or the end).
    fn gap(&self, k: usize) -> (usize, usize) {
        let start = if k == 0 { 0 } else { self.char_range(k - 1).1 };
        let end = self.at.get(k).copied().unwrap_or(self.text.len());
        (start, end)
    }
}

/// What a reader sees of `c`: `None` when it draws nothing.
fn seen_as(c: char) -> Option<char> {
    if c == '\r' {
        return None;
    }
    match catalogue::kind(c) {
        Some(kind) if kind.is_invisible() => None,
        Some(Kind::Space) => Some(' '),
        _ if is_space(c) => Some(' '),
        _ => Some(catalogue::imitates(c).unwrap_or(c)),
    }
}

/// Unicode spaces (Zs), which a reader cannot tell from U+0020.
fn is_space(c: char) -> bool {
    c.is_whitespace()
        && !matches!(
            c,
            '\t' | '\n' | '\u{B}' | '\u{C}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
}

/// One hidden difference, as byte ranges in A and B.
struct Place {
    rule: &'static str,
    kind: Kind,
    a: (usize, usize),
    b: (usize, usize),
}

/// Records how aligned skeleton characters `i` (in A) and `j` (in B) differ in the originals.
fn compare(sa: &Skeleton, i: usize, sb: &Skeleton, j: usize, places: &mut Vec<Place>) {
    compare_gaps(sa.text, sa.gap(i), sb.text, sb.gap(j), places);
    let (ra, rb) = (sa.char_range(i), sb.char_range(j));
    let (ca, cb) = (&sa.text[ra.0..ra.1], &sb.text[rb.0..rb.1]);
    if ca != cb {
        let kind = marked_kind(cb, ca).unwrap_or(if sa.chars[i] == ' ' {
            Kind::Space
        } else {
            Kind::Confusable
        });
        push(places, kind, ra, rb);
    }
}

/// Records how the invisible text in `ga` (of A) and `gb` (of B) differs, if it does.
fn compare_gaps(a: &str, ga: (usize, usize), b: &str, gb: (usize, usize), places: &mut Vec<Place>) {
    let (xa, xb) = (&a[ga.0..ga.1], &b[gb.0..gb.1]);
    if xa == xb
        || xa
            .chars()
            .filter(|&c| c != '\r')
            .eq(xb.chars().filter(|&c| c != '\r'))
    {
        return;
    }
    // Narrow to the part that differs.
    let prefix: usize = xa
        .chars()
        .zip(xb.chars())
        .take_while(|(p, q)| p == q)
        .map(|(p, _)| p.len_utf8())
        .sum();
    let (ta, tb) = (&xa[prefix..], &xb[prefix..]);
    let suffix: usize = ta
        .chars()
        .rev()
        .zip(tb.chars().rev())
        .take_while(|(p, q)| p == q)
        .map(|(p, _)| p.len_utf8())
        .sum();
    let ra = (ga.0 + prefix, ga.1 - suffix);
    let rb = (gb.0 + prefix, gb.1 - suffix);
    let kind = marked_kind(&b[rb.0..rb.1], &a[ra.0..ra.1]).unwrap_or(Kind::ZeroWidth);
    push(places, kind, ra, rb);
}

/// The catalogue kind of the first catalogued character of `first`, else of `second`.
fn marked_kind(first: &str, second: &str) -> Option<Kind> {
    first
        .chars()
        .chain(second.chars())
        .find_map(catalogue::kind)
}

/// Adds a difference, merged with the previous one when it continues it.
fn push(places: &mut Vec<Place>, kind: Kind, a: (usize, usize), b: (usize, usize)) {
    let (rule, _) = rule_of(kind);
    if let Some(last) = places.last_mut() {
        if last.rule == rule && last.a.1 == a.0 && last.b.1 == b.0 {
            last.a.1 = a.1;
            last.b.1 = b.1;
            return;
        }
    }
    places.push(Place { rule, kind, a, b });
}

fn rule_of(kind: Kind) -> (&'static str, Severity) {
    match kind {
        k if k.is_invisible() => ("diff/invisible", Severity::High),
        Kind::Space | Kind::Whitespace => ("diff/space", Severity::Medium),
        Kind::HomoglyphQuote | Kind::Separator => ("diff/punctuation", Severity::Medium),
        _ => ("diff/confusable", Severity::High),
    }
}

impl Place {
    fn finding(self, a: &str, b: &str, lang: Lang) -> DiffFinding {
        let (in_a, in_b) = (&a[self.a.0..self.a.1], &b[self.b.0..self.b.1]);
        let (rule, severity) = rule_of(self.kind);
        let explanation = match lang {
            Lang::En => format!(
                "The copies look the same here but are not: A has {}, B has {}.",
                describe(in_a, "nothing"),
                describe(in_b, "nothing")
            ),
            Lang::ZhCn => format!(
                "两份副本此处看起来相同，实际不同：A 为 {}，B 为 {}。",
                describe(in_a, "空"),
                describe(in_b, "空")
            ),
        };
        DiffFinding {
            finding: Finding {
                start: self.b.0,
                end: self.b.1,
                chars: distinct(in_b),
                count: in_b.chars().count(),
                kind: self.kind,
                rule,
                severity,
                explanation,
            },
            a_start: self.a.0,
            a_end: self.a.1,
            a_chars: distinct(in_a),
        }
    }
}

/// The distinct code points of `s` as `U+XXXX`, in order of first appearance, at most 16.
fn distinct(s: &str) -> Vec<String> {
    let mut seen: Vec<char> = Vec::new();
    for c in s.chars() {
        if !seen.contains(&c) {
            if seen.len() == 16 {
                break;
            }
            seen.push(c);
        }
    }
    seen.into_iter().map(code_point_label).collect()
}

/// `U+0430 CYRILLIC SMALL LETTER A`, `U+0061 'a'`: what a copy has, never the raw hidden character.
fn describe(s: &str, nothing: &str) -> String {
    if s.is_empty() {
        return nothing.to_owned();
    }
    let count = s.chars().count();
    let mut parts: Vec<String> = Vec::new();
    for c in s.chars() {
        let label = match catalogue::name(c) {
            Some(name) => format!("{} {name}", code_point_label(c)),
            None if catalogue::kind(c).is_none() && !c.is_control() && !is_space(c) => {
                format!("{} '{c}'", code_point_label(c))
            }
            None => code_point_label(c),
        };
        if !parts.contains(&label) {
            parts.push(label);
        }
        if parts.len() == 4 {
            break;
        }
    }
    let mut out = parts.join(", ");
    if count > 1 {
        out = format!(
            "{count} characters ({out}{})",
            if parts.len() == 4 { ", …" } else { "" }
        );
    }
    out
}

/// A run of aligned characters: `(start in a, start in b, length)`.
type Run = (usize, usize, usize);

/// Aligns two skeletons: common prefix and suffix, lines in between, characters inside the lines
/// that differ. Returns increasing, non-overlapping runs.
fn align(a: &[char], b: &[char]) -> Vec<Run> {
    // Common prefix and suffix, cut back to whole lines so the lines in between stay whole.
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let prefix = a[..prefix]
        .iter()
        .rposition(|&c| c == '\n')
        .map_or(0, |p| p + 1);
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    let mut suffix = ra
        .iter()
        .rev()
        .zip(rb.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let line_start = |s: &[char], i: usize| i == 0 || s[i - 1] == '\n';
    while suffix > 0 && !(line_start(a, a.len() - suffix) && line_start(b, b.len() - suffix)) {
        suffix -= 1;
    }
    let (ma, mb) = (&ra[..ra.len() - suffix], &rb[..rb.len() - suffix]);

    let mut runs = vec![(0, 0, prefix)];
    let (la, lb) = (lines(ma), lines(mb));
    let (ka, kb): (Vec<&[char]>, Vec<&[char]>) = (
        la.iter().map(|&(s, e)| &ma[s..e]).collect(),
        lb.iter().map(|&(s, e)| &mb[s..e]).collect(),
    );
    if let Some(line_runs) = myers(&ka, &kb, MAX_LINE_EDITS) {
        let (mut li, mut lj) = (0, 0);
        for (ri, rj, len) in line_runs.into_iter().chain([(la.len(), lb.len(), 0)]) {
            // Lines li..ri of A were replaced by lines lj..rj of B: align their characters.
            let ca = (offset(&la, li, ma.len()), offset(&la, ri, ma.len()));
            let cb = (offset(&lb, lj, mb.len()), offset(&lb, rj, mb.len()));
            if ca.0 < ca.1 && cb.0 < cb.1 {
                if let Some(char_runs) = myers(&ma[ca.0..ca.1], &mb[cb.0..cb.1], MAX_CHAR_EDITS) {
                    runs.extend(
                        char_runs
                            .into_iter()
                            .map(|(x, y, n)| (prefix + ca.0 + x, prefix + cb.0 + y, n)),
                    );
                }
            }
            if len > 0 {
                let (sa, sb) = (la[ri].0, lb[rj].0);
                let n = la[ri + len - 1].1 - sa;
                runs.push((prefix + sa, prefix + sb, n));
            }
            (li, lj) = (ri + len, rj + len);
        }
    }
    runs.push((a.len() - suffix, b.len() - suffix, suffix));
    runs.retain(|r| r.2 > 0);
    runs
}

/// Lines of `s` as ranges, each with its `\n`.
fn lines(s: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in s.iter().enumerate() {
        if c == '\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

/// Start of line `l`, or `end` past the last line.
fn offset(lines: &[(usize, usize)], l: usize, end: usize) -> usize {
    lines.get(l).map_or(end, |&(s, _)| s)
}

/// Myers' O((N+M)D) diff: the runs of equal elements of a shortest edit script, or `None` when it
/// takes more than `max_edits` edits.
fn myers<T: PartialEq>(a: &[T], b: &[T], max_edits: usize) -> Option<Vec<Run>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let limit = (a.len() + b.len()).min(max_edits) as isize;
    let off = limit + 1;
    let mut v = vec![0isize; 2 * limit as usize + 3];
    // trace[d] holds v[k] for k in -(d+1)..=(d+1) as it was before step d.
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let idx = |k: isize| (k + off) as usize;
    for d in 0..=limit {
        trace.push(v[idx(-d - 1)..=idx(d + 1)].to_vec());
        for k in (-d..=d).step_by(2) {
            let mut x = if k == -d || (k != d && v[idx(k - 1)] < v[idx(k + 1)]) {
                v[idx(k + 1)]
            } else {
                v[idx(k - 1)] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx(k)] = x;
            if x >= n && y >= m {
                return Some(backtrack(&trace, n, m));
            }
        }
    }
    None
}

fn backtrack(trace: &[Vec<isize>], n: isize, m: isize) -> Vec<Run> {
    let mut runs = Vec::new();
    let (mut x, mut y) = (n, m);
    for (d, v) in trace.iter().enumerate().rev() {
        let d = d as isize;
        let at = |k: isize| v[(k + d + 1) as usize];
        let k = x - y;
        let prev_k = if k == -d || (k != d && at(k - 1) < at(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = at(prev_k);
        let prev_y = prev_x - prev_k;
        let mut len = 0;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            len += 1;
        }
        if len > 0 {
            runs.push((x as usize, y as usize, len as usize));
        }
        if d > 0 {
            (x, y) = (prev_x, prev_y);
        }
    }
    runs.reverse();
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn rules(r: &DiffReport) -> Vec<(&str, usize, usize)> {
        r.findings
            .iter()
            .map(|f| (f.finding.rule, f.finding.start, f.finding.end))
            .collect()
    }

    #[test]
    fn skeleton_drops_invisibles_and_maps_look_alikes() {
        let s = Skeleton::new("a\u{200B}\u{0430}\u{00A0}\u{2019}\r\n");
        assert_eq!(s.chars, chars("aa '\n"));
        assert_eq!(s.at, vec![0, 4, 6, 8, 12]);
        assert_eq!(s.gap(1), (1, 4));
        assert_eq!(s.gap(5), (13, 13));
    }

    #[test]
    fn myers_finds_the_common_runs() {
        let r = myers(&chars("abcabba"), &chars("cbabac"), 100).unwrap();
        let common: usize = r.iter().map(|r| r.2).sum();
        assert_eq!(common, 4);
        assert_eq!(
            myers(&chars("abc"), &chars("abc"), 0),
            Some(vec![(0, 0, 3)])
        );
        assert_eq!(myers(&chars("abc"), &chars("xyz"), 2), None);
        assert_eq!(myers::<char>(&[], &[], 0), Some(vec![]));
    }

    #[test]
    fn alignment_survives_inserted_and_deleted_lines() {
        let a = chars("one\ntwo\nthree\nfour\n");
        let b = chars("zero\none\ntwo\nthree!\nfour\n");
        let runs = align(&a, &b);
        let common: usize = runs.iter().map(|r| r.2).sum();
        assert_eq!(common, a.len());
        for w in runs.windows(2) {
            assert!(w[0].0 + w[0].2 <= w[1].0 && w[0].1 + w[0].2 <= w[1].1);
        }
    }

    #[test]
    fn finds_each_hidden_edit_and_no_visible_one() {
        let a = "Please meet at the station at nine.";
        let b = "Please me\u{200B}et \u{0430}t the\u{00A0}station at nine.";
        let r = diff(a, b, &Options::default());
        assert_eq!(r.visible_differences, 0);
        assert_eq!(
            rules(&r),
            vec![
                ("diff/invisible", 9, 12),
                ("diff/confusable", 15, 17),
                ("diff/space", 22, 24)
            ]
        );
        let f = &r.findings[1];
        assert_eq!(
            (f.a_start, f.a_end, f.a_chars.clone()),
            (12, 13, vec!["U+0061".to_owned()])
        );
        assert!(
            f.finding
                .explanation
                .contains("U+0061 LATIN SMALL LETTER A"),
            "{}",
            f.finding.explanation
        );
        assert_eq!(r.findings[0].finding.kind, Kind::ZeroWidth);
        assert!(r.findings[0].a_chars.is_empty());
    }

    #[test]
    fn visible_edits_are_counted_not_listed() {
        let r = diff(
            "the cat sat\nsecond line\n",
            "the dog sat\nsecond line\u{200D}\nnew\n",
            &Options::default(),
        );
        assert_eq!(r.visible_differences, 2);
        assert_eq!(rules(&r), vec![("diff/invisible", 23, 26)]);
    }

    #[test]
    fn line_endings_are_not_marks() {
        let r = diff("a\r\nb\r\n", "a\nb\n", &Options::default());
        assert_eq!((r.findings.len(), r.visible_differences), (0, 0));
    }

    #[test]
    fn runs_of_marks_merge() {
        let r = diff("paper", "\u{0440}\u{0430}\u{0440}er", &Options::default());
        assert_eq!(rules(&r), vec![("diff/confusable", 0, 6)]);
        assert_eq!(r.findings[0].finding.count, 3);
    }

    #[test]
    fn near_identical_megabyte_is_fast() {
        let line = "The quick brown fox jumps over the lazy dog, again and again.\n";
        let a = line.repeat(16_000);
        let mut b = a.clone();
        b.insert(500_000 - 500_000 % line.len() + 4, '\u{200B}');
        b.replace_range(10..11, "X");
        let r = diff(&a, &b, &Options::default());
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.visible_differences, 1);
    }
}
