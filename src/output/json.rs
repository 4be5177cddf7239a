//! JSON Lines that never carry a raw hidden character.
//!
//! serde_json writes non-ASCII characters raw inside strings. For invisible, bidi, tag, selector
//! and look-alike characters that would smuggle the very marks a report is about into logs, and a
//! raw bidi control reorders how a viewer shows the line. So every flagged character is written
//! as a `\uXXXX` escape (surrogate pairs above the BMP): the same JSON value, in plain sight.

use std::io::{self, Write};

use serde::Serialize;

use super::inert::is_flagged;
use super::places::Places;

/// Writes `value` as one line of JSON.
pub fn write_line(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    write(out, value)?;
    out.write_all(b"\n")
}

/// Writes `value` as JSON, with no line end: a piece of a longer document.
pub fn write(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    let json = serde_json::to_string(value).map_err(io::Error::other)?;
    out.write_all(escape_flagged(&json).as_bytes())
}

/// `json` with every flagged character escaped. Outside strings JSON is ASCII, so every such
/// character is inside a string, where `\uXXXX` means the same character.
fn escape_flagged(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_flagged(c) && (!c.is_ascii() || c.is_control()) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A report as JSON, with each finding's baseline fingerprint (from its place) added (a field
/// the contract allows: reports only ever gain fields).
pub fn report_value(report: &crate::Report, places: &Places) -> io::Result<serde_json::Value> {
    let mut value = serde_json::to_value(report).map_err(io::Error::other)?;
    if let Some(findings) = value["findings"].as_array_mut() {
        for (f, place) in findings.iter_mut().zip(&places.findings) {
            f["fingerprint"] = place.fingerprint.as_str().into();
        }
    }
    Ok(value)
}

/// A payload as `unmask decode` lists it: the payload's JSON with the `source` it came from.
pub fn payload_value(p: &crate::Payload, source: Option<&str>) -> io::Result<serde_json::Value> {
    let mut value = serde_json::to_value(p).map_err(io::Error::other)?;
    value["source"] = source.into();
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flagged_characters_are_escaped_and_the_value_is_kept() {
        let s = "a\u{200B}b\u{E0041}\u{0430}é\"\n";
        let mut out = Vec::new();
        write_line(&mut out, &s).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert_eq!(line, "\"a\\u200bb\\udb40\\udc41\\u0430é\\\"\\n\"\n");
        assert_eq!(serde_json::from_str::<String>(&line).unwrap(), s);
    }
}
