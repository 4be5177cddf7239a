//! NUL characters in text.
//!
//! One NUL byte makes most tools call a file binary: grep and ripgrep skip it, git and code
//! review show "binary file" instead of a diff. An AI agent that reads the file still reads the
//! text around it, so a NUL in otherwise readable text hides that text from the people who
//! would check it. Each run of NULs is worth knowing (`low`); in a text that has other findings
//! it is what keeps them from review (`medium`). `clean` removes NULs whatever their severity:
//! no text needs them.
//!
//! Text where NULs alternate with other characters (UTF-16 without a byte-order mark read as
//! UTF-8, a database page) has a run at every other byte: only the first [`MAX_RUNS`] runs of a
//! text get a hit, so that a window's hits (and the memory they take) stay bounded; `clean`
//! removes the others too.

use super::{Hit, Rule};
use crate::report::Severity;

/// A run of NULs in a text with no other finding.
pub const ALONE: Rule = Rule::Nul;
/// A run of NULs in a text that has other findings.
pub const AMONG_FINDINGS: Rule = Rule::NulAmongFindings;

/// Runs of NULs in one text that get a hit.
pub const MAX_RUNS: usize = 256;

/// Adds a hit for each of the first [`MAX_RUNS`] runs of NULs in `text`; `hits` holds what the
/// other rules found there.
pub fn judge(text: &str, hits: &mut Vec<Hit>) {
    let (severity, rule) = if hits.is_empty() {
        (Severity::Low, ALONE)
    } else {
        (Severity::Medium, AMONG_FINDINGS)
    };
    let bytes = text.as_bytes();
    let hit = |start, end| Hit::new(start, end, severity, rule);
    let mut from = 0;
    for _ in 0..MAX_RUNS {
        let Some(i) = memchr::memchr(0, &bytes[from..]) else {
            return;
        };
        let start = from + i;
        let run = bytes[start..].iter().take_while(|&&b| b == 0).count();
        hits.push(hit(start, start + run));
        from = start + run;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(text: &str, others: usize) -> Vec<(usize, usize, Severity, Rule)> {
        let other = Hit::new(0, 0, Severity::Low, Rule::ZeroWidthStandalone);
        let mut hits = vec![other; others];
        judge(text, &mut hits);
        hits[others..]
            .iter()
            .map(|h| (h.start, h.end, h.severity, h.rule))
            .collect()
    }

    #[test]
    fn one_hit_per_run_low_alone_medium_among_findings() {
        assert_eq!(
            judged("a\0\0\0b\0", 0),
            [(1, 4, Severity::Low, ALONE), (5, 6, Severity::Low, ALONE)]
        );
        assert_eq!(
            judged("\0text", 1),
            [(0, 1, Severity::Medium, AMONG_FINDINGS)]
        );
        assert!(judged("no nul, \u{1}\u{1b} other controls", 0).is_empty());
    }

    #[test]
    fn only_the_first_runs_get_a_hit() {
        let hits = judged(&"\0a".repeat(MAX_RUNS + 100), 0);
        assert_eq!(hits.len(), MAX_RUNS);
        assert_eq!(hits[MAX_RUNS - 1].0, 2 * (MAX_RUNS - 1));
    }
}
