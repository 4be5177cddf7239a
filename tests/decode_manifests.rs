//! End-to-end: provenance manifests show their claims as text. Fixtures made with encypher-ai
//! 3.1.6 (PyPI, `UnicodeMetadata.embed_metadata`, Ed25519 key, signer `newsroom-key-7`) over one
//! sentence of our own: `encypher-c2pa.txt` (`metadata_format="c2pa"`: U+FEFF, then a C2PA text
//! manifest in variation selectors: `C2PATXT\0`, version, length, a JUMBF manifest store whose
//! claim and assertions are CBOR) and `encypher-cbor-manifest.txt` (`"cbor_manifest"`: a JSON
//! envelope whose `payload` is base64 CBOR).

use std::path::Path;

use unmask::{scan, Options, Payload};

fn payload(name: &str) -> Payload {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(path).expect("fixture");
    let mut report = scan(&text, &Options::default());
    assert_eq!(report.payloads.len(), 1, "{name}");
    report.payloads.remove(0)
}

#[test]
fn a_c2pa_text_manifest_shows_its_claims() {
    let p = payload("encypher-c2pa.txt");
    assert_eq!(p.scheme.as_str(), "c2pa-manifest");
    assert_eq!(
        p.label.map(|l| l.as_str()),
        Some("content-provenance manifest")
    );
    assert!(p.bytes.starts_with(b"C2PATXT\0"));
    let claims: serde_json::Value =
        serde_json::from_str(p.text.as_deref().expect("claims")).expect("JSON");
    let claims = claims.as_object().expect("an object");
    let actions = claims
        .iter()
        .find(|(k, _)| k.ends_with("c2pa.assertions/c2pa.actions.v2"))
        .expect("the actions assertion");
    assert!(actions.1.to_string().contains("WriterBot 7"));
    let signer = claims
        .iter()
        .find(|(k, _)| k.ends_with("com.encypher.signer"))
        .expect("signer");
    assert_eq!(signer.1["signer_id"], "newsroom-key-7");
}

#[test]
fn an_encypher_cbor_manifest_shows_its_claims() {
    let p = payload("encypher-cbor-manifest.txt");
    assert_eq!(p.scheme.as_str(), "variation-selectors");
    assert_eq!(
        p.label.map(|l| l.as_str()),
        Some("content-provenance manifest")
    );
    let claims: serde_json::Value =
        serde_json::from_str(p.text.as_deref().expect("claims")).expect("JSON");
    assert_eq!(
        claims["payload"]["manifest"]["custom_metadata"]["ref"],
        "session 9f2c-77a1"
    );
    assert_eq!(
        claims["payload"]["manifest"]["claim_generator"],
        "newsroom-cms/4.2"
    );
}
