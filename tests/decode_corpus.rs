//! End-to-end: every decodable invisible-character sample of the corpus decodes to a payload
//! that contains its secret, encrypted StegCloak samples are reported encrypted, and no clean
//! sample yields a payload. Fixtures: `tests/corpus/` (see its README).

use std::path::{Path, PathBuf};

use unmask::decode::decode;
use unmask::Payload;

/// Techniques decoded elsewhere (whitespace and typographic channels) or not at all.
const NOT_INVISIBLE: &[&str] = &[
    "enshroud-trailing-whitespace",
    "trailing-whitespace",
    "ninam-unicode-spaces",
    "typographic-fingerprint",
    "homoglyph-bits",
    "trojan-source",
    "pyunicodesteganography-snow",
    "canarytrap-lrm-space",
];

struct Sample {
    file: String,
    label: String,
    technique: String,
    secret: Option<String>,
    decodable: bool,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn manifest() -> Vec<Sample> {
    let text = std::fs::read_to_string(root().join("manifest.json")).expect("manifest");
    let value: serde_json::Value = serde_json::from_str(&text).expect("manifest JSON");
    let entries = value.as_array().expect("a list of samples");
    entries
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().map(str::to_owned);
            Sample {
                file: s("file").expect("file"),
                label: s("label").expect("label"),
                technique: s("technique").expect("technique"),
                secret: s("secret"),
                decodable: e["decodable"].as_bool().unwrap_or(false),
            }
        })
        .collect()
}

fn candidates(sample: &Sample) -> Vec<Payload> {
    let text = std::fs::read_to_string(root().join(&sample.file)).expect("sample");
    decode(&text)
}

fn show(c: &[Payload]) -> Vec<String> {
    c.iter()
        .map(|c| {
            format!(
                "{} {:.2} {:?}",
                c.scheme,
                c.confidence,
                String::from_utf8_lossy(&c.bytes)
            )
        })
        .collect()
}

#[test]
fn decodable_samples_reveal_their_secret() {
    let mut checked = 0;
    for sample in manifest() {
        if sample.label != "stego" || !sample.decodable {
            continue;
        }
        if NOT_INVISIBLE.contains(&sample.technique.as_str()) {
            continue;
        }
        let secret = sample
            .secret
            .as_deref()
            .expect("a decodable sample has a secret");
        let found = candidates(&sample);
        // The text is what a reader gets: the bytes as text, or a manifest's claims read out
        // of their base64 and CBOR.
        assert!(
            found
                .iter()
                .any(|c| c.text.as_deref().is_some_and(|t| t.contains(secret))),
            "{}: secret {secret:?} not in {:?}",
            sample.file,
            show(&found)
        );
        for c in &found {
            assert!((0.5..=1.0).contains(&c.confidence), "{}", sample.file);
        }
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} samples checked");
}

#[test]
fn encrypted_stegcloak_is_reported_encrypted() {
    let mut checked = 0;
    for sample in manifest() {
        if !sample.technique.starts_with("stegcloak-encrypted") {
            continue;
        }
        let found = candidates(&sample);
        assert!(
            found
                .iter()
                .any(|c| c.scheme == "stegcloak" && c.encrypted == Some(true) && c.text.is_none()),
            "{}: {:?}",
            sample.file,
            show(&found)
        );
        checked += 1;
    }
    assert_eq!(checked, 2);
}

#[test]
fn clean_samples_yield_nothing() {
    let mut checked = 0;
    for sample in manifest() {
        if sample.label != "clean" {
            continue;
        }
        let found = candidates(&sample);
        assert!(found.is_empty(), "{}: {:?}", sample.file, show(&found));
        checked += 1;
    }
    assert!(checked >= 20);
}

#[test]
fn labels_of_legitimate_framings() {
    for sample in manifest() {
        let expected = match sample.technique.as_str() {
            t if t.starts_with("i18next-subliminal") => ("i18next-subliminal", "translation key"),
            t if t.starts_with("vercel-stega") => ("vercel-stega", "CMS editing metadata"),
            _ => continue,
        };
        let found = candidates(&sample);
        assert!(
            found
                .iter()
                .any(|c| c.scheme == expected.0 && c.label.map(|l| l.as_str()) == Some(expected.1)),
            "{}: {:?}",
            sample.file,
            show(&found)
        );
    }
}
