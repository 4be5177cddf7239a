//! Is a decoded byte string something a person or program wrote, or noise?
//!
//! Brute-force decoders try many readings; only readings that look like language or structured
//! data survive. The score is the basis of a payload's `confidence`.

/// Scores decoded bytes from 0.0 (noise) to 1.0 (clearly text or structured data).
pub fn score(bytes: &[u8]) -> f32 {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return 0.0;
    };
    if text.is_empty() {
        return 0.0;
    }
    let total = text.chars().count() as f32;
    let printable = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t' | '\r'))
        .count() as f32;
    printable / total
}
