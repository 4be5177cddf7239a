//! Hidden characters written as escapes (`\u200B`, `&#8203;`, `=E2=80=8B`, ...).
//!
//! Code and JSON legitimately mention a zero-width space now and then (a sanitiser's pattern,
//! a test), so one escape is only worth knowing. A run of them is how a payload hides in a
//! prompt or a tool description, and escaped tag characters have no innocent reading.

use super::{Hit, Rule};
use crate::decode::escaped;
use crate::report::Severity;
use crate::rules::invisible::RUN_HIGH;

/// Escapes in one run that make it `medium`.
const RUN_MEDIUM: usize = 3;

/// Judges every escape of a hidden character in `text`.
pub fn judge(text: &str, hits: &mut Vec<Hit>) {
    let found = escaped::find(text);
    let mut i = 0;
    while i < found.len() {
        let mut j = i + 1;
        while j < found.len() && found[j].start == found[j - 1].end {
            j += 1;
        }
        let run = &found[i..j];
        let tags = run
            .iter()
            .any(|e| ('\u{E0000}'..='\u{E007F}').contains(&e.decoded));
        let (severity, rule) = if tags {
            (Severity::High, Rule::EscapedTag)
        } else if run.len() >= RUN_HIGH {
            (Severity::High, Rule::EscapedRun)
        } else if run.len() >= RUN_MEDIUM {
            (Severity::Medium, Rule::EscapedRun)
        } else {
            (Severity::Low, Rule::EscapedSingle)
        };
        for e in run {
            hits.push(Hit::new(e.start, e.end, severity, rule));
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(text: &str) -> Vec<(Severity, Rule)> {
        crate::rules::judged_verdicts(|text, _, hits| judge(text, hits), text)
    }

    #[test]
    fn a_single_escape_is_low() {
        assert_eq!(
            judged(r#"s.replace(/\u200B/g, "")"#),
            vec![(Severity::Low, Rule::EscapedSingle)]
        );
        assert!(judged(r#"{"name": "caf\u00e9\n"}"#).is_empty());
    }

    #[test]
    fn runs_and_tags_are_flagged() {
        assert!(judged(r#""\u200B\u200C\u200B""#)
            .iter()
            .all(|&(s, _)| s == Severity::Medium));
        assert!(judged(r#""\uDB40\uDC41""#)
            .iter()
            .all(|&(s, _)| s == Severity::High));
    }
}
