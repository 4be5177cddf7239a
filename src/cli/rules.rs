//! `unmask rules`: every rule the scanner knows, read from the core's registry
//! ([`unmask::Rule`]), so that the reference a person reads, the one a CI service shows (SARIF)
//! and the ids an allowlist names are the same list.

use std::io::{self, Write};

use serde_json::json;
use unmask::Rule;

use super::args::Format;
use super::json;

/// Writes every rule: in text, one paragraph each; in JSON, one document with the rules' rows.
pub fn write(out: &mut impl Write, format: Format) -> io::Result<()> {
    match format {
        Format::Text => {
            for &rule in Rule::ALL {
                let row = rule.row();
                writeln!(
                    out,
                    "{} ({}, {})\n    {}\n",
                    row.id,
                    row.kind.as_str(),
                    row.severity.as_str(),
                    rule.help()
                )?;
            }
            writeln!(out, "{} rules", Rule::ALL.len())
        }
        Format::Json => {
            let rules: Vec<_> = Rule::ALL
                .iter()
                .map(|&rule| {
                    let row = rule.row();
                    json!({
                        "id": row.id,
                        "kind": row.kind,
                        "severity": row.severity,
                        "means": rule.means(),
                        "clean": row.clean.describe(),
                        "help": rule.help(),
                        "explanation": { "en": row.en, "zh-CN": row.zh },
                    })
                })
                .collect();
            json::write_line(
                out,
                &json!({ "version": unmask::report::REPORT_VERSION, "rules": rules }),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_listed_once_in_both_formats() {
        let mut text = Vec::new();
        write(&mut text, Format::Text).unwrap();
        let text = String::from_utf8(text).unwrap();
        let mut json = Vec::new();
        write(&mut json, Format::Json).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let listed = json["rules"].as_array().unwrap();
        assert_eq!(listed.len(), Rule::ALL.len());
        for (&rule, value) in Rule::ALL.iter().zip(listed) {
            assert_eq!(value["id"], rule.id());
            let head = format!("{} ({}, ", rule.id(), rule.kind().as_str());
            let listed = text.lines().filter(|l| l.starts_with(&head)).count();
            assert_eq!(listed, 1, "{}", rule.id());
        }
    }
}
