//! NUL characters in text.
//!
//! One NUL byte makes most tools call a file binary: grep and ripgrep skip it, git and code
//! review show "binary file" instead of a diff. An AI agent that reads the file still reads the
//! text around it, so a NUL in otherwise readable text hides that text from the people who
//! would check it. Each run of NULs is worth knowing (`low`); in a text that has other findings
//! it is what keeps them from review (`medium`). `clean` removes NULs whatever their severity:
//! no text needs them.
//!
//! GNU Info documents (what `makeinfo` writes from Texinfo: nodes that open with
//! `\x1F\nFile: `) mark images and index entries with a NUL and a BACKSPACE before a bracket,
//! `\0\x08[image src="…"\0\x08]`: markup of a known format that a reader of the document never
//! sees, not a NUL put there to hide the text. Those get no hit in a text with Info nodes, and
//! `clean` leaves them; the same bytes in any other text are still NULs.
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
    let info = memchr::memchr(0, bytes).is_some() && is_info(bytes);
    let mut from = 0;
    for _ in 0..MAX_RUNS {
        let Some(i) = memchr::memchr(0, &bytes[from..]) else {
            return;
        };
        let start = from + i;
        let run = bytes[start..].iter().take_while(|&&b| b == 0).count();
        let markup = info
            && run == 1
            && matches!(bytes.get(start + 1..start + 3), Some(b"\x08[" | b"\x08]"));
        if !markup {
            hits.push(hit(start, start + run));
        }
        from = start + run;
    }
}

/// The separator that opens a node of a GNU Info document.
const INFO_NODE: &[u8] = b"\x1F\nFile: ";

/// Whether `bytes` hold a node of a GNU Info document.
fn is_info(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, INFO_NODE).is_some()
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

    /// Python 3.11's documentation as Info (python3.11.info, PSF-2.0): an image and an index
    /// entry marked with NUL BACKSPACE.
    #[test]
    fn info_markup_is_no_nul_but_other_nuls_are() {
        let info = "\u{1F}\nFile: python3.11.info,  Node: Using Python on Windows\n\n\0\u{8}[image src=\"python3.11/python-figures/win_installer.png\"\0\u{8}]\n";
        assert!(judged(info, 1).is_empty());
        // A NUL elsewhere in the same document, and the same markup in a text with no Info
        // node, are NULs.
        let stray = format!("{info}see\0 the note\n");
        assert_eq!(judged(&stray, 1).len(), 1);
        let plain = "x \0\u{8}[image src=\"a.png\"\0\u{8}]\n";
        assert_eq!(judged(plain, 1).len(), 2);
    }

    #[test]
    fn only_the_first_runs_get_a_hit() {
        let hits = judged(&"\0a".repeat(MAX_RUNS + 100), 0);
        assert_eq!(hits.len(), MAX_RUNS);
        assert_eq!(hits[MAX_RUNS - 1].0, 2 * (MAX_RUNS - 1));
    }
}
