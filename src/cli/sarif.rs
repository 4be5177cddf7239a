//! SARIF 2.1.0, the format code-scanning services (GitHub, GitLab, Azure DevOps) read.
//!
//! One run for all inputs; one result per finding and one per payload (rule `payload/<scheme>`).
//! Regions give line and column for viewers, columns in UTF-16 code units (SARIF's default
//! `columnKind`), plus the byte offsets of the report. `partialFingerprints` carries the same
//! fingerprint as the JSON output, so services can track a finding across commits.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use unmask::report::{Kind, Report, Severity};

use super::location::Position;
use super::places::Places;
use super::text;

/// Results gathered over every input.
#[derive(Default)]
pub struct Log {
    /// Rule id to its short description, sorted for stable output.
    rules: BTreeMap<String, String>,
    results: Vec<Value>,
}

impl Log {
    /// Adds the findings and payloads of `report`, at their `places`.
    pub fn add(&mut self, report: &Report, places: &Places) {
        let uri = uri(report.source.as_deref());
        for (f, place) in report.findings.iter().zip(&places.findings) {
            self.rules
                .entry(f.rule.to_owned())
                .or_insert_with(|| describe(f.kind).to_owned());
            let mut result = result(
                f.rule,
                f.severity,
                &f.explanation,
                &uri,
                (f.start, f.end),
                (place.from, place.to),
            );
            result["partialFingerprints"] = json!({ "unmask/v1": place.fingerprint });
            self.results.push(result);
        }
        for (p, place) in report.payloads.iter().zip(&places.payloads) {
            let rule = format!("payload/{}", p.scheme);
            self.rules
                .entry(rule.clone())
                .or_insert_with(|| format!("Hidden data encoded as {}", p.scheme));
            let message = format!(
                "{} {}",
                text::payload_line(p, text::Style { color: false }),
                p.explanation
            );
            self.results.push(result(
                &rule,
                Severity::High,
                &message,
                &uri,
                (p.start, p.end),
                (place.from, place.to),
            ));
        }
    }

    /// The SARIF document.
    pub fn finish(self) -> Value {
        let rules: Vec<Value> = self
            .rules
            .into_iter()
            .map(|(id, text)| json!({ "id": id, "shortDescription": { "text": text } }))
            .collect();
        json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": unmask::TOOL.name,
                    "version": unmask::TOOL.version,
                    "rules": rules,
                }},
                "columnKind": "utf16CodeUnits",
                "results": self.results,
            }],
        })
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
    text::escape(message)
        .replace('[', "\\[")
        .replace(']', "\\]")
}

/// A relative URI reference for a path: forward slashes, anything unusual percent-encoded.
fn uri(source: Option<&str>) -> String {
    let path = source.unwrap_or("stdin").replace('\\', "/");
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

/// A rule's short description, from its kind.
fn describe(kind: Kind) -> &'static str {
    match kind {
        Kind::ZeroWidth => "Zero-width characters, invisible in rendered text",
        Kind::Tag => "Unicode tag characters, invisible, able to spell hidden ASCII",
        Kind::VariationSelector => "Variation selectors outside the sequences that need them",
        Kind::BidiControl => "Bidirectional controls that reorder how text is shown",
        Kind::InvisibleOperator => "Invisible mathematical operators",
        Kind::Filler => "Blank-looking filler letters",
        Kind::FormatControl => "Format controls or undecodable bytes",
        Kind::HomoglyphQuote => "Quotes and apostrophes that imitate other quotes",
        Kind::Separator => "Look-alike dashes, slashes, dots or colons",
        Kind::Space => "Unusual Unicode spaces",
        Kind::Whitespace => "Patterns in ordinary spaces and tabs",
        Kind::Confusable => "Look-alike letters from another script",
        Kind::Escaped => "Escaped forms of hidden characters",
        Kind::PrivateUse => "Private-use characters",
        Kind::Noncharacter => "Unicode noncharacters",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri(Some("./docs/a b.txt")), "docs/a%20b.txt");
        assert_eq!(uri(Some("dir\\é.md")), "dir/%C3%A9.md");
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
