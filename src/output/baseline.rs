//! A baseline: the findings a project had when it adopted the scanner, hidden from later scans
//! so that only new findings fail a build.
//!
//! A baseline is the JSON Lines a scan wrote (`--format json`), whose findings carry their
//! [`fingerprint`](super::places::fingerprint): the source, rule and code points of the finding
//! and the text around it, not its offsets, so an edit elsewhere in the file does not resurface
//! it. Each recorded finding hides one current finding with its fingerprint.

use std::collections::HashMap;

use super::places::Places;
use crate::Report;

/// The fingerprints of a baseline's findings, with how many times each was recorded.
#[derive(Default)]
pub struct Baseline {
    fingerprints: HashMap<String, usize>,
}

impl Baseline {
    /// The baseline recorded in `text`, reports as JSON Lines; an error says why it is not.
    pub fn read(text: &str) -> Result<Baseline, String> {
        let mut baseline = Baseline::default();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let report: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("not JSON Lines: {e}"))?;
            let findings = report["findings"].as_array().into_iter().flatten();
            for fp in findings.filter_map(|f| f["fingerprint"].as_str()) {
                *baseline.fingerprints.entry(fp.to_owned()).or_default() += 1;
            }
        }
        Ok(baseline)
    }

    /// Drops from `report` (and its `places`) the findings the baseline recorded, each recorded
    /// finding hiding one current one, and judges again what is left: how many it hid.
    pub fn hide(&mut self, report: &mut Report, places: &mut Places) -> usize {
        if self.fingerprints.is_empty() {
            return 0;
        }
        let keep: Vec<bool> = places
            .findings
            .iter()
            .map(|p| match self.fingerprints.get_mut(&p.fingerprint) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect();
        let hid = keep.iter().filter(|k| !**k).count();
        if hid > 0 {
            let mut flags = keep.iter();
            report
                .findings
                .retain(|_| flags.next().copied().unwrap_or(true));
            let mut flags = keep.iter();
            places
                .findings
                .retain(|_| flags.next().copied().unwrap_or(true));
            report.verdict = report.verdict_of_what_is_left();
        }
        hid
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{json, places::Gather};
    use crate::{Options, Verdict};

    /// The report of `text` and its places.
    fn placed(text: &str) -> (Report, Places) {
        let mut gather = Gather::new(Some("a.txt"));
        let mut stream = crate::stream::Stream::new(&Options::default());
        stream.feed(text.as_bytes(), |w| gather.window(&w));
        let report = stream.finish(|w| gather.window(&w));
        let places = gather.finish(&report);
        (report, places)
    }

    #[test]
    fn each_recorded_finding_hides_one_current_one() {
        let (old, old_places) = placed("is\u{200B}Admin\n");
        let mut recorded = Vec::new();
        json::write_line(
            &mut recorded,
            &json::report_value(&old, &old_places).unwrap(),
        )
        .unwrap();
        let mut baseline = Baseline::read(std::str::from_utf8(&recorded).unwrap()).unwrap();
        let (mut report, mut places) = placed("new first line\nis\u{200B}Admin\nis\u{200B}Admin\n");
        assert_eq!(report.findings.len(), 2);
        assert_eq!(baseline.hide(&mut report, &mut places), 1);
        assert_eq!((report.findings.len(), places.findings.len()), (1, 1));
        assert_eq!(report.verdict, Verdict::Suspicious);
        assert_eq!(baseline.hide(&mut report, &mut places), 0, "used up");
        assert!(Baseline::read("{\"findings\": [\n").is_err());
    }
}
