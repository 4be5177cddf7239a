//! A scan's output over all its inputs, in one of its three formats: what a face that scans
//! several inputs writes, report after report, and closes at the end.

use std::io::{self, Write};

use super::diagnostics::{write_report, Style, Summary};
use super::places::Places;
use super::{json, sarif};
use crate::Report;

/// The formats of a scan's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Diagnostics for people, and a closing summary ([`super::diagnostics`]).
    Text,
    /// JSON Lines: one report per input ([`json`]).
    Json,
    /// One SARIF 2.1.0 log for all inputs ([`sarif`]).
    Sarif,
}

/// The output being written, input by input.
pub struct Writer {
    format: Format,
    style: Style,
    summary: Summary,
    sarif: sarif::Log,
}

impl Writer {
    /// An output in `format`, styled (the text format) with `style`.
    pub fn new(format: Format, style: Style) -> Writer {
        Writer {
            format,
            style,
            summary: Summary::default(),
            sarif: sarif::Log::default(),
        }
    }

    /// Writes the report of one input, with the places (`at`) of its findings and payloads.
    pub fn add(&mut self, out: &mut impl Write, report: &Report, at: &Places) -> io::Result<()> {
        match self.format {
            Format::Text => {
                self.summary.add(report);
                write_report(out, report, at, self.style)
            }
            Format::Json => json::write_line(out, &json::report_value(report, at)?),
            Format::Sarif => self.sarif.add(out, report, at),
        }
    }

    /// Ends the output: the summary of the text format, the end of the SARIF log.
    pub fn finish(self, out: &mut impl Write) -> io::Result<()> {
        match self.format {
            Format::Text => self.summary.write(out),
            Format::Json => Ok(()),
            Format::Sarif => self.sarif.finish(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::places::Gather;
    use crate::Options;

    #[test]
    fn each_format_writes_every_input_and_closes() {
        let text = "is\u{200B}Admin\n";
        let mut gather = Gather::new(Some("a.txt"));
        let mut stream = crate::stream::Stream::new(&Options::default());
        stream.feed(text.as_bytes(), |w| gather.window(&w));
        let mut report = stream.finish(|w| gather.window(&w));
        report.source = Some("a.txt".into());
        let places = gather.finish(&report);
        let written = |format| {
            let mut writer = Writer::new(format, Style { color: false });
            let mut out = Vec::new();
            writer.add(&mut out, &report, &places).unwrap();
            writer.add(&mut out, &report, &places).unwrap();
            writer.finish(&mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let shown = written(Format::Text);
        assert!(shown.starts_with("a.txt:1:3: high[zero-width/"), "{shown}");
        assert!(shown.ends_with("in 2 files\n"), "{shown}");
        assert_eq!(written(Format::Json).lines().count(), 2);
        let log: serde_json::Value = serde_json::from_str(&written(Format::Sarif)).unwrap();
        assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 2);
    }
}
