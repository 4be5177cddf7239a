//! Diagnostics for people: `path:line:column: severity[rule]: explanation`, like a compiler,
//! with the line around each finding and carets under it, and a closing summary.
//!
//! Everything printed of the text goes through [`inert`](super::inert): flagged characters as
//! `⟨U+200B⟩` in line windows, payloads and explanations escaped as `\u{200b}`.

use std::io::{self, Write};

use super::inert::{display_name, escape, shown};
use super::location::Locator;
use super::places::Places;
use crate::diff::DiffReport;
use crate::report::{Payload, Report, Severity};

/// ANSI styles, or none.
#[derive(Clone, Copy)]
pub struct Style {
    /// Colour with ANSI escape sequences.
    pub color: bool,
}

impl Style {
    /// `s` in bold.
    pub fn bold(self, s: &str) -> String {
        self.paint("1", s)
    }

    fn paint(self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }

    /// `s` in the colour of `severity`.
    pub fn severity(self, severity: Severity, s: &str) -> String {
        let code = match severity {
            Severity::High => "1;31",
            Severity::Medium => "1;33",
            Severity::Low => "1;36",
        };
        self.paint(code, s)
    }
}

/// Totals over every input, for the closing line.
#[derive(Default)]
pub struct Summary {
    /// Inputs reported on.
    pub files: usize,
    by_severity: [usize; 3],
    payloads: usize,
}

impl Summary {
    /// Counts the findings and payloads of `report`.
    pub fn add(&mut self, report: &Report) {
        self.files += 1;
        for f in &report.findings {
            self.by_severity[f.severity as usize] += 1;
        }
        self.payloads += report.payloads.len();
    }

    /// `N findings (h high, m medium, l low), P payloads in F files`.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let [low, medium, high] = self.by_severity;
        writeln!(
            out,
            "{} ({high} high, {medium} medium, {low} low), {} in {}",
            plural(low + medium + high, "finding"),
            plural(self.payloads, "payload"),
            plural(self.files, "file"),
        )
    }
}

/// `1 finding`, `2 findings`.
pub fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Writes every finding and payload of `report` as diagnostics, at their `places`.
pub fn write_report(
    out: &mut impl Write,
    report: &Report,
    places: &Places,
    style: Style,
) -> io::Result<()> {
    let name = display_name(report.source.as_deref());
    for (f, place) in report.findings.iter().zip(&places.findings) {
        writeln!(
            out,
            "{}: {}: {}",
            style.bold(&format!("{name}:{}:{}", place.from.line, place.from.column)),
            style.severity(f.severity, &format!("{}[{}]", f.severity.as_str(), f.rule)),
            escape(&f.explanation)
        )?;
        writeln!(out, "  {}", place.shown)?;
        writeln!(out, "  {}", style.severity(f.severity, &place.carets))?;
    }
    for (p, place) in report.payloads.iter().zip(&places.payloads) {
        writeln!(
            out,
            "{}: {}",
            style.bold(&format!("{name}:{}:{}", place.from.line, place.from.column)),
            payload_line(p, style)
        )?;
    }
    Ok(())
}

/// `payload: scheme (0.97): text`, with the text escaped, or redacted when sensitive.
pub fn payload_line(p: &Payload, style: Style) -> String {
    let shown = payload_text(p);
    let head = style.paint("1;35", &format!("payload: {}", p.scheme));
    let label = p
        .label
        .map(|l| format!(" [{}]", l.as_str()))
        .unwrap_or_default();
    format!("{head} ({:.2}){label}: {shown}", p.confidence)
}

/// The payload's decoded text as it may be shown in a terminal.
pub fn payload_text(p: &Payload) -> String {
    match (&p.text, p.sensitive, p.encrypted) {
        (_, Some(true), _) => "[redacted: sensitive; see --format json]".to_owned(),
        (Some(text), ..) => format!(
            "{}{}",
            escape(text),
            if p.truncated { " …[truncated]" } else { "" }
        ),
        (None, _, Some(true)) => "[encrypted]".to_owned(),
        (None, ..) => "[unreadable]".to_owned(),
    }
}

/// Writes the hidden differences of `report`, the diff of the texts `a` and `b`, one line each
/// (`b.txt:3:7: high[rule]: A has …, B has …`, at positions in B), and a closing count.
pub fn write_diff(
    out: &mut impl Write,
    report: &DiffReport,
    (a, b): (&str, &str),
    style: Style,
) -> io::Result<()> {
    let name = display_name(report.b.as_deref());
    let mut locator = Locator::new(b);
    for d in &report.findings {
        let f = &d.finding;
        let pos = locator.locate(f.start);
        writeln!(
            out,
            "{}: {}: A has {}, B has {}",
            style.bold(&format!("{name}:{}:{}", pos.line, pos.column)),
            style.severity(f.severity, &format!("{}[{}]", f.severity.as_str(), f.rule)),
            shown(a.get(d.a_start..d.a_end).unwrap_or_default()),
            shown(b.get(f.start..f.end).unwrap_or_default())
        )?;
    }
    writeln!(
        out,
        "{}, {}",
        plural(report.findings.len(), "hidden difference"),
        plural(report.visible_differences, "visible difference")
    )
}

/// `scheme<TAB>confidence<TAB>text`: one payload as `unmask decode` lists it.
pub fn payload_row(p: &Payload) -> String {
    format!("{}\t{:.2}\t{}", p.scheme, p.confidence, payload_text(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(text: Option<&str>, sensitive: Option<bool>) -> Payload {
        Payload {
            start: 0,
            end: 3,
            pieces: vec![crate::report::Piece { start: 0, end: 3 }],
            scheme: crate::Scheme::Tags,
            text: text.map(str::to_owned),
            bytes: Vec::new(),
            confidence: 0.9,
            explanation: String::new(),
            truncated: false,
            encrypted: None,
            label: None,
            sensitive,
            signature: None,
            mapping: Default::default(),
        }
    }

    #[test]
    fn payloads_are_escaped_or_redacted() {
        let p = payload(Some("id\u{202E}=7\n"), None);
        assert_eq!(
            payload_line(&p, Style { color: false }),
            "payload: tags (0.90): id\\u{202e}=7\\n"
        );
        let p = payload(Some("Bearer abc"), Some(true));
        assert!(!payload_text(&p).contains("abc"));
        assert_eq!(payload_text(&payload(None, None)), "[unreadable]");
    }
}
