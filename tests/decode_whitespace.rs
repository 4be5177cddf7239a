//! Corpus checks for the decoders of ordinary-looking carriers: trailing whitespace, Unicode
//! spaces in word gaps, look-alike choices, and escaped hidden characters.
//!
//! Fixtures are copies of the development corpus (see `tests/corpus/README.md`).

use std::path::Path;

use unmask::decode::{escaped, spaces, typographic, whitespace};
use unmask::Payload;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/samples/stego")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn all_decoders(text: &str) -> Vec<Payload> {
    let mut out = whitespace::decode(text);
    out.extend(spaces::decode(text));
    out.extend(typographic::decode(text));
    out.extend(escaped::decode(text));
    out
}

fn assert_decodes(name: &str, decoder: fn(&str) -> Vec<Payload>, scheme: &str, secret: &str) {
    let text = fixture(name);
    let found = decoder(&text);
    let hit = found
        .iter()
        .find(|c| String::from_utf8_lossy(&c.bytes).contains(secret));
    let hit = hit.unwrap_or_else(|| panic!("{name}: no candidate holds {secret:?}: {found:?}"));
    assert_eq!(hit.scheme, scheme);
    assert!(hit.text.is_some() && (0.5..=1.0).contains(&hit.confidence));
    assert!(
        text.is_char_boundary(hit.start) && text.is_char_boundary(hit.end) && hit.start < hit.end
    );
    assert!(!hit.mapping.en.is_empty() && !hit.mapping.zh.is_empty());
}

#[test]
fn enshroud_sample() {
    assert_decodes(
        "enshroud_1.txt",
        whitespace::decode,
        "whitespace",
        "meet me at dawn",
    );
}

#[test]
fn snow_sample() {
    assert_decodes(
        "trailing_ws_snow_1.txt",
        whitespace::decode,
        "whitespace",
        "meet 6pm dock 4",
    );
}

#[test]
fn ninam_sample() {
    assert_decodes(
        "ninam_2bit_2.txt",
        spaces::decode,
        "unicode-spaces",
        "ref 2291-B",
    );
}

#[test]
fn homoglyph_bits_sample() {
    assert_decodes(
        "homoglyph_bits_1.txt",
        typographic::decode,
        "typographic-variants",
        "k9x",
    );
}

#[test]
fn date_line_fingerprints_are_no_payload() {
    for name in [
        "typographic_fingerprint_10.txt",
        "typographic_fingerprint_11.txt",
    ] {
        assert!(typographic::decode(&fixture(name)).is_empty(), "{name}");
    }
}

#[test]
fn clean_samples_give_nothing() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/samples/clean");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("clean fixtures") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("utf-8 fixture");
        let name = path.display();
        assert_eq!(all_decoders(&text), vec![], "{name}");
        assert_eq!(escaped::find(&text), vec![], "{name}");
        seen += 1;
    }
    assert!(seen >= 22, "only {seen} clean samples");
}
