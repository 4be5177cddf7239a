//! unmask finds invisible Unicode steganography and look-alike characters in text, judges them in
//! context, explains them and decodes what they carry.
//!
//! The core is pure Rust with no web or command-line types: [`scan`] turns a text into a
//! [`Report`] (the contract in `docs/report-format.md`), [`clean`] removes what a scan flagged,
//! and [`stream::Stream`] scans input that arrives in pieces, in bounded memory. [`output`]
//! writes reports in the formats every face emits (text, JSON Lines, SARIF), and `read` reads
//! files and standard input into a stream (not in the WebAssembly build).

#![deny(missing_docs)]

pub mod agent_files;
pub mod allow;
pub mod catalogue;
mod chars;
mod clean;
mod context;
pub mod decode;
pub mod diff;
mod explain;
pub mod graphemes;
pub mod i18n;
pub mod input;
mod listing;
pub mod offsets;
mod order;
pub mod output;
#[cfg(not(target_arch = "wasm32"))]
pub mod read;
pub mod report;
mod rewrite;
mod rules;
mod scan;
pub mod stream;
mod text;
pub mod text_names;
#[rustfmt::skip]
mod tables;
#[rustfmt::skip]
mod grapheme_table;
#[cfg(any(target_arch = "wasm32", test))]
mod js;
#[cfg(test)]
mod testing;
/// The WebAssembly bindings: a thin layer over [`scan`] and [`clean`] for JavaScript.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use i18n::Lang;
pub use report::{
    hex, Finding, Kind, Label, Payload, Report, Scheme, Severity, Tool, Verdict, MAX_PAYLOAD_BYTES,
};
pub use rules::registry::{Clean, Row, Rule};

/// How to scan.
#[derive(Debug, Clone)]
pub struct Options {
    /// Language of the explanations.
    pub lang: Lang,
    /// The most findings a report lists; the rest only count towards the verdict.
    pub max_findings: usize,
    /// Fill in the report's `sha256`.
    pub sha256: bool,
    /// What the reports leave out as accepted: allow-lists and kind filters.
    pub allow: allow::Allow,
}

/// The default cap on listed findings.
pub const DEFAULT_MAX_FINDINGS: usize = 1000;

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::En,
            max_findings: DEFAULT_MAX_FINDINGS,
            sha256: true,
            allow: allow::Allow::default(),
        }
    }
}

pub use clean::clean;
pub use scan::scan;

/// Lowercase hexadecimal SHA-256 of `bytes`, as reports give it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

/// This tool, as reports name it.
pub const TOOL: Tool = Tool {
    name: "unmask",
    version: env!("CARGO_PKG_VERSION"),
    unicode: tables::UNICODE_VERSION,
};
