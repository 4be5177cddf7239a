//! SARIF 2.1.0, the format code-scanning services (GitHub, GitLab, Azure DevOps) read.
//!
//! One run for all inputs; one result per finding and one per payload (rule `payload/<scheme>`).
//! The run's rules carry the registry's help text ([`crate::Rule::help`]).
//! Regions give line and column for viewers, columns in UTF-16 code units (SARIF's default
//! `columnKind`), plus the byte offsets of the report. `partialFingerprints` carries the same
//! fingerprint as the JSON output, so services can track a finding across commits.
//!
//! The log is written as the scan goes, each result as soon as its input is scanned, so that a
//! scan holds one input's results, never all of them: held to the end, 300 files of 1,000
//! findings each (1.2 MB) took 3.2 GB, and 300 files of 10,000 were killed at 23 GB. The rules
//! the results name are known only at the end, so the run's `tool` (with its rules) follows its
//! `results`: the members of a JSON object have no order.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use super::diagnostics::{payload_line, Style};
use super::inert::escape;
use super::json;
use super::location::Position;
use super::places::Places;
use crate::report::{Report, Severity};

/// The log being written: the rules its results named so far, and how many results it has.
#[derive(Default)]
pub struct Log {
    /// Rule id to its short description, sorted for stable output.
    rules: BTreeMap<String, String>,
    /// Results written, `None` before the log's head is.
    results: Option<usize>,
}

impl Log {
    /// Writes the findings and payloads of `report`, at their `places`.
    pub fn add(
        &mut self,
        out: &mut impl Write,
        report: &Report,
        places: &Places,
    ) -> io::Result<()> {
        let uri = uri(report.source.as_deref());
        for (f, place) in report.findings.iter().zip(&places.findings) {
            self.rules
                .entry(f.rule.to_owned())
                .or_insert_with(|| f.kind.describe().to_owned());
            let mut result = result(
                f.rule,
                f.severity,
                &f.explanation,
                &uri,
                (f.start, f.end),
                (place.from, place.to),
            );
            result["partialFingerprints"] = json!({ "unmask/v1": place.fingerprint });
            self.write(out, &result)?;
        }
        for (p, place) in report.payloads.iter().zip(&places.payloads) {
            let rule = format!("payload/{}", p.scheme);
            self.rules
                .entry(rule.clone())
                .or_insert_with(|| format!("Hidden data encoded as {}", p.scheme));
            let message = format!(
                "{} {}",
                payload_line(p, Style { color: false }),
                p.explanation
            );
            let result = result(
                &rule,
                Severity::High,
                &message,
                &uri,
                (p.start, p.end),
                (place.from, place.to),
            );
            self.write(out, &result)?;
        }
        Ok(())
    }

    /// Writes one result, after the head of the log for the first.
    fn write(&mut self, out: &mut impl Write, result: &Value) -> io::Result<()> {
        match self.results {
            Some(0) => {}
            Some(_) => out.write_all(b",")?,
            None => self.head(out)?,
        }
        json::write(out, result)?;
        *self.results.get_or_insert(0) += 1;
        Ok(())
    }

    /// Writes the log up to its first result: `{"$schema": …, "runs": [{…, "results": [`.
    fn head(&mut self, out: &mut impl Write) -> io::Result<()> {
        let head = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{ "columnKind": "utf16CodeUnits", "results": [] }],
        });
        let head = serde_json::to_string(&head).map_err(io::Error::other)?;
        let open = head.strip_suffix("]}]}").unwrap_or(&head);
        out.write_all(open.as_bytes())?;
        self.results = Some(0);
        Ok(())
    }

    /// Ends the log: the run's tool with its rules, and the closing brackets.
    pub fn finish(mut self, out: &mut impl Write) -> io::Result<()> {
        if self.results.is_none() {
            self.head(out)?;
        }
        let rules: Vec<Value> = self
            .rules
            .into_iter()
            .map(|(id, text)| {
                let mut rule = json!({ "id": id, "shortDescription": { "text": text } });
                if let Some(known) = crate::Rule::from_id(&id) {
                    rule["help"] = json!({ "text": known.help() });
                }
                rule
            })
            .collect();
        let tool = json!({ "driver": {
            "name": crate::TOOL.name,
            "version": crate::TOOL.version,
            "rules": rules,
        }});
        out.write_all(b"],\"tool\":")?;
        json::write(out, &tool)?;
        out.write_all(b"}]}\n")
    }
}

fn result(
    rule: &str,
    severity: Severity,
    message: &str,
    uri: &str,
    (start, end): (usize, usize),
    (from, to): (Position, Position),
) -> Value {
    let level = match severity {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    };
    json!({
        "ruleId": rule,
        "level": level,
        "message": { "text": message_text(message) },
        "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": uri },
            "region": {
                "startLine": from.line,
                "startColumn": from.column_utf16,
                "endLine": to.line,
                "endColumn": to.column_utf16,
                "byteOffset": start,
                "byteLength": end.saturating_sub(start),
            },
        }}],
    })
}

/// SARIF message text: hidden characters escaped, and `[` `]` escaped with a backslash, since
/// SARIF reads `[text](target)` in a message as a link: a payload or a name must not make one.
fn message_text(message: &str) -> String {
    escape(message).replace('[', "\\[").replace(']', "\\]")
}

/// A relative URI reference for a path: forward slashes, anything unusual percent-encoded. A
/// backslash separates directories on Windows only: elsewhere it is part of a name, and a file
/// named `src\main.rs` must not have its results shown on `src/main.rs`.
fn uri(source: Option<&str>) -> String {
    let path = source.unwrap_or("stdin");
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri(Some("./docs/a b.txt")), "docs/a%20b.txt");
        let backslash = if cfg!(windows) { "dir/" } else { "dir%5C" };
        assert_eq!(uri(Some("dir\\é.md")), format!("{backslash}%C3%A9.md"));
        assert_eq!(uri(None), "stdin");
    }

    #[test]
    fn message_text_makes_no_links() {
        assert_eq!(
            message_text("see [here](https://x.example/\u{202E}) \\"),
            "see \\[here\\](https://x.example/\\u{202e}) \\\\"
        );
    }
}
