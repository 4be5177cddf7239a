//! Decoders: say *what* hidden characters carry, not only that they are there.
//!
//! Each scheme lives in its own module. [`decode`] finds the regions of a text that can carry
//! data, tries every scheme that fits their alphabet and keeps the readings that are plausible
//! (see [`plausible`]). A reading below 0.5 confidence is not a payload.

pub mod plausible;
pub mod spaces;
pub mod typographic;
pub mod whitespace;

/// One decoded reading of a region of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Half-open byte range of the carrying characters in the scanned text.
    pub start: usize,
    pub end: usize,
    /// The contract's scheme name (`tags`, `variation-selectors`, `zero-width-binary`, ...).
    pub scheme: &'static str,
    /// The decoded bytes (for encrypted schemes: the ciphertext).
    pub bytes: Vec<u8>,
    /// `false` when the bytes cannot be read as text (encrypted, or only a capacity is known).
    pub readable: bool,
    /// 0.5 to 1.0.
    pub confidence: f32,
    /// The mapping used, in English and in Simplified Chinese, e.g.
    /// `U+200B = 0, U+200C = 1, 8 bits per byte, most significant first`.
    pub mapping_en: String,
    pub mapping_zh: String,
    /// What a legitimate framing is ("content-provenance manifest", "translation key", ...).
    pub label: Option<&'static str>,
    pub encrypted: bool,
    /// The bytes should not be shared (a bearer token).
    pub sensitive: bool,
}

/// Decodes every hidden payload found in `text`.
pub fn decode(_text: &str) -> Vec<Candidate> {
    Vec::new()
}
