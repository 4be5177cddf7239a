//! The rule reference (`unmask rules`): every rule the scanner knows, read from the registry
//! ([`crate::Rule`]), so that the reference a person reads, the one a CI service shows (SARIF)
//! and the ids an allowlist names are the same list.

use std::io::{self, Write};

use serde_json::json;

use super::json;
use crate::Rule;

/// Writes every rule: in text (`as_json` false), one paragraph each; in JSON, one document with the
/// rules' rows.
pub fn write(out: &mut impl Write, as_json: bool) -> io::Result<()> {
    match as_json {
        false => {
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
        true => {
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
                &json!({ "version": crate::report::REPORT_VERSION, "rules": rules }),
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
        write(&mut text, false).unwrap();
        let text = String::from_utf8(text).unwrap();
        let mut json = Vec::new();
        write(&mut json, true).unwrap();
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
