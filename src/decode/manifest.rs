//! What a provenance manifest claims, as text an analyst can read.
//!
//! A C2PA text manifest (and encypher-ai's `c2pa` format) carries a JUMBF manifest store: ISO
//! BMFF boxes (a 4-byte big-endian size, a 4-byte type), superboxes `jumb` that hold a
//! description box `jumd` (a UUID, toggles, a label) and content boxes: `json`, or `cbor` (the
//! claim, each assertion, the COSE signature). Other writers put a JSON manifest straight after
//! the header, and encypher-ai's `cbor_manifest` and `jumbf` formats put the manifest in base64
//! inside a JSON envelope. The claims are the labelled contents, JSON as it is and CBOR written
//! as JSON; keys, hashes and signatures are binary and are shown as hexadecimal when short and
//! as their size when long. Nothing is verified here: the claims are what the manifest says.

use serde_json::{Map, Value};

/// Deepest nesting of boxes or CBOR items read.
const MAX_DEPTH: usize = 32;

/// Byte strings up to this long are shown in hexadecimal, longer ones by their size.
const SHOWN_BYTES: usize = 32;

/// The claims of a manifest store (JUMBF boxes or JSON) as one JSON object, keyed by the boxes'
/// label paths (`c2pa/urn:c2pa:…/c2pa.assertions/c2pa.actions.v2`) for JUMBF.
pub(crate) fn claims(store: &[u8]) -> Option<String> {
    if let Ok(value) = serde_json::from_slice::<Value>(store) {
        return Some(envelope(value).to_string());
    }
    let mut out = Map::new();
    boxes(store, "", 0, &mut out);
    (!out.is_empty()).then(|| Value::Object(out).to_string())
}

/// The claims of encypher-ai's signed metadata (a JSON object with its `format`, a `payload`
/// and a `signature`), or `None` when `bytes` are not that.
pub(crate) fn encypher(bytes: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(bytes).ok()?;
    let format = value.get("format")?.as_str()?;
    let known = ["basic", "manifest", "cbor_manifest", "jumbf"].contains(&format);
    (known && value.get("payload").is_some() && value.get("signature").is_some())
        .then(|| envelope(value).to_string())
}

/// A JSON manifest, with a base64 `payload` of CBOR or JUMBF (encypher-ai's `cbor_manifest`
/// and `jumbf` formats) written out as its claims.
fn envelope(mut value: Value) -> Value {
    let inner = value
        .get("payload")
        .and_then(Value::as_str)
        .and_then(base64)
        .and_then(|bytes| {
            if bytes.get(4..8) == Some(b"jumb") {
                let mut out = Map::new();
                boxes(&bytes, "", 0, &mut out);
                (!out.is_empty()).then_some(Value::Object(out))
            } else {
                let mut at = 0;
                let v = cbor(&bytes, &mut at, 0)?;
                (at == bytes.len()).then_some(v)
            }
        });
    if let (Some(inner), Some(object)) = (inner, value.as_object_mut()) {
        object.insert("payload".to_owned(), inner);
    }
    value
}

/// Standard base64 (with or without padding), or `None`.
fn base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in text.bytes().take_while(|&b| b != b'=') {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// One box at `at` of `data`: its type, its contents and where the next box starts.
fn next_box(data: &[u8], at: usize) -> Option<(&[u8], &[u8], usize)> {
    let head = data.get(at..at.checked_add(8)?)?;
    let size = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
    let kind = &head[4..8];
    let (start, end) = match size {
        0 => (at + 8, data.len()),
        1 => {
            let large = data.get(at + 8..at + 16)?;
            let size = u64::from_be_bytes(large.try_into().ok()?);
            (at + 16, at.checked_add(usize::try_from(size).ok()?)?)
        }
        n if n >= 8 => (at + 8, at.checked_add(n)?),
        _ => return None,
    };
    Some((kind, data.get(start..end)?, end))
}

/// Reads the boxes of `data` into `out`: the contents of `json` and `cbor` boxes under the
/// label path of the superbox they are in (`path`, then the label of its description box).
fn boxes(data: &[u8], path: &str, depth: usize, out: &mut Map<String, Value>) {
    let mut label = path.to_owned();
    let mut at = 0;
    while let Some((kind, contents, next)) = next_box(data, at) {
        match kind {
            b"jumb" if depth < MAX_DEPTH => boxes(contents, &label, depth + 1, out),
            b"jumd" => {
                let name = contents.get(17..).unwrap_or_default();
                let name = name.split(|&b| b == 0).next().unwrap_or_default();
                let name = String::from_utf8_lossy(name);
                label = if path.is_empty() {
                    name.into_owned()
                } else {
                    format!("{path}/{name}")
                };
            }
            b"json" => {
                let value = serde_json::from_slice(contents).unwrap_or_else(|_| {
                    Value::String(String::from_utf8_lossy(contents).into_owned())
                });
                insert(out, &label, value);
            }
            b"cbor" => {
                let mut at = 0;
                let value = cbor(contents, &mut at, 0).unwrap_or_else(|| shown(contents));
                insert(out, &label, value);
            }
            _ => {}
        }
        at = next;
    }
}

/// Adds `value` under `key`, or under `key#2`, `key#3` … when a box of that label came before.
fn insert(out: &mut Map<String, Value>, key: &str, value: Value) {
    let mut name = key.to_owned();
    let mut n = 1;
    while out.contains_key(&name) {
        n += 1;
        name = format!("{key}#{n}");
    }
    out.insert(name, value);
}

/// Binary bytes as they are shown: hexadecimal when short, their size otherwise.
fn shown(bytes: &[u8]) -> Value {
    if bytes.len() <= SHOWN_BYTES {
        Value::String(format!("h'{}'", crate::report::hex(bytes)))
    } else {
        Value::String(format!("<{} bytes>", bytes.len()))
    }
}

/// One CBOR item (RFC 8949) at `*at` of `data`, as JSON; `*at` moves past it.
fn cbor(data: &[u8], at: &mut usize, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let first = *data.get(*at)?;
    *at += 1;
    let (major, info) = (first >> 5, first & 31);
    if info == 31 {
        return indefinite(data, at, major, depth);
    }
    let arg = argument(data, at, info)?;
    let len = usize::try_from(arg).ok();
    match major {
        0 => Some(Value::from(arg)),
        1 => Some(
            i64::try_from(arg)
                .map_or_else(|_| Value::from(-1.0 - arg as f64), |a| Value::from(-1 - a)),
        ),
        2 => Some(shown(take(data, at, len?)?)),
        3 => Some(Value::String(
            String::from_utf8_lossy(take(data, at, len?)?).into_owned(),
        )),
        4 => {
            let mut items = Vec::new();
            for _ in 0..len? {
                items.push(cbor(data, at, depth + 1)?);
            }
            Some(Value::Array(items))
        }
        5 => {
            let mut map = Map::new();
            for _ in 0..len? {
                let key = key(cbor(data, at, depth + 1)?);
                let value = cbor(data, at, depth + 1)?;
                map.insert(key, value);
            }
            Some(Value::Object(map))
        }
        // A tag (a date, a COSE structure): the tagged item.
        6 => cbor(data, at, depth + 1),
        _ => simple(info, arg),
    }
}

/// The argument of an item whose additional information is `info`.
fn argument(data: &[u8], at: &mut usize, info: u8) -> Option<u64> {
    let n = match info {
        0..=23 => return Some(u64::from(info)),
        24 => 1,
        25 => 2,
        26 => 4,
        27 => 8,
        _ => return None,
    };
    let bytes = take(data, at, n)?;
    Some(bytes.iter().fold(0u64, |v, &b| (v << 8) | u64::from(b)))
}

/// `n` bytes at `*at`, which moves past them.
fn take<'a>(data: &'a [u8], at: &mut usize, n: usize) -> Option<&'a [u8]> {
    let bytes = data.get(*at..at.checked_add(n)?)?;
    *at += n;
    Some(bytes)
}

/// An indefinite-length string, array or map, up to its break byte.
fn indefinite(data: &[u8], at: &mut usize, major: u8, depth: usize) -> Option<Value> {
    let mut items = Vec::new();
    while *data.get(*at)? != 0xFF {
        items.push(cbor(data, at, depth + 1)?);
    }
    *at += 1;
    match major {
        2 | 3 => Some(Value::String(
            items
                .iter()
                .map(|v| v.as_str().unwrap_or_default())
                .collect(),
        )),
        4 => Some(Value::Array(items)),
        5 => {
            let mut map = Map::new();
            let mut pairs = items.into_iter();
            while let (Some(k), Some(v)) = (pairs.next(), pairs.next()) {
                map.insert(key(k), v);
            }
            Some(Value::Object(map))
        }
        _ => None,
    }
}

/// A map key as a JSON key: a string as it is, anything else as its JSON text.
fn key(value: Value) -> String {
    match value {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

/// Major type 7: false, true, null, undefined and floats.
fn simple(info: u8, arg: u64) -> Option<Value> {
    match info {
        20 => Some(Value::Bool(false)),
        21 => Some(Value::Bool(true)),
        22 | 23 => Some(Value::Null),
        25 => Some(Value::from(half(arg as u16))),
        26 => Some(Value::from(f64::from(f32::from_bits(arg as u32)))),
        27 => Some(Value::from(f64::from_bits(arg))),
        _ => Some(Value::Null),
    }
}

/// An IEEE 754 half-precision float.
fn half(bits: u16) -> f64 {
    let sign = if bits >> 15 == 1 { -1.0 } else { 1.0 };
    let exp = i32::from((bits >> 10) & 0x1F);
    let frac = f64::from(bits & 0x3FF);
    sign * match exp {
        0 => frac * 2f64.powi(-24),
        31 if frac == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + frac / 1024.0) * 2f64.powi(e - 15),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(kind: &[u8], contents: &[u8]) -> Vec<u8> {
        let mut out = ((contents.len() + 8) as u32).to_be_bytes().to_vec();
        out.extend(kind);
        out.extend(contents);
        out
    }

    /// A superbox labelled `label` around `contents`.
    fn superbox(label: &str, contents: &[u8]) -> Vec<u8> {
        let mut description = vec![0u8; 16];
        description.push(3);
        description.extend(label.as_bytes());
        description.push(0);
        let mut inner = boxed(b"jumd", &description);
        inner.extend(contents);
        boxed(b"jumb", &inner)
    }

    #[test]
    fn jumbf_claims_read_as_json() {
        // {"actions": [{"action": "c2pa.created", "softwareAgent": "WriterBot 7"}]}
        let mut actions = vec![0xA1, 0x67];
        actions.extend(b"actions");
        actions.extend([0x81, 0xA2, 0x66]);
        actions.extend(b"action");
        actions.push(0x6C);
        actions.extend(b"c2pa.created");
        actions.push(0x6D);
        actions.extend(b"softwareAgent");
        actions.push(0x6B);
        actions.extend(b"WriterBot 7");
        let assertion = superbox("c2pa.actions.v2", &boxed(b"cbor", &actions));
        let work = superbox(
            "stds.schema-org.CreativeWork",
            &boxed(b"json", br#"{"author":"Ana"}"#),
        );
        // A COSE_Sign1 (tag 18) with a 64-byte signature.
        let mut cose = vec![0xD2, 0x84, 0x43, 0xA1, 0x01, 0x26, 0xA0, 0xF6, 0x58, 64];
        cose.extend([7u8; 64]);
        let signature = superbox("c2pa.signature", &boxed(b"cbor", &cose));
        let mut manifest = superbox("c2pa.assertions", &[assertion, work].concat());
        manifest.extend(signature);
        let store = superbox("c2pa", &superbox("urn:c2pa:1234", &manifest));
        let text = claims(&store).expect("claims");
        let v: Value = serde_json::from_str(&text).expect("JSON");
        let at = |k: &str| v[format!("c2pa/urn:c2pa:1234/{k}")].clone();
        assert_eq!(
            at("c2pa.assertions/c2pa.actions.v2")["actions"][0]["softwareAgent"],
            "WriterBot 7"
        );
        assert_eq!(
            at("c2pa.assertions/stds.schema-org.CreativeWork")["author"],
            "Ana"
        );
        assert_eq!(
            at("c2pa.signature"),
            serde_json::json!(["h'a10126'", {}, null, "<64 bytes>"])
        );
    }

    #[test]
    fn json_manifests_and_envelopes() {
        let text = claims(br#"{"claim_generator": "newsroom-cms/4.2"}"#).expect("claims");
        assert!(text.contains("newsroom-cms/4.2"));
        // encypher-ai cbor_manifest: {"format": ..., "payload": base64(CBOR {"model": "m-7"})}.
        let envelope =
            br#"{"format":"cbor_manifest","payload":"oWVtb2RlbGNtLTc=","signature":"x"}"#;
        let v: Value = serde_json::from_str(&encypher(envelope).expect("claims")).expect("JSON");
        assert_eq!(v["payload"]["model"], "m-7");
        assert_eq!(
            encypher(br#"{"format":"cbor_manifest","payload":"oWVtb2RlbGNtLTc="}"#),
            None
        );
    }

    /// CBOR of `{"signer_id": "s-1", "manifest": {"custom_metadata": {"ref": "dossier 4471"}},
    /// "timestamp": tag 0 "2026-12-07T10:00:00Z", "sig": h'FBFF'}`, the shape of encypher-ai's
    /// `cbor_manifest` payload.
    fn manifest_cbor() -> Vec<u8> {
        let text = |s: &str| {
            let mut out = vec![0x60 | s.len() as u8];
            if s.len() >= 24 {
                out = vec![0x78, s.len() as u8];
            }
            out.extend(s.as_bytes());
            out
        };
        let mut out = vec![0xA4];
        out.extend(text("signer_id"));
        out.extend(text("s-1"));
        out.extend(text("manifest"));
        out.push(0xA1);
        out.extend(text("custom_metadata"));
        out.push(0xA1);
        out.extend(text("ref"));
        out.extend(text("dossier 4471"));
        out.extend(text("timestamp"));
        out.push(0xC0);
        out.extend(text("2026-12-07T10:00:00Z"));
        out.extend(text("sig"));
        out.extend([0x42, 0xFB, 0xFF]);
        out
    }

    #[test]
    fn base64url_cbor_payloads_read_as_fields() {
        let cbor = manifest_cbor();
        // base64url without padding, as encypher-ai writes it; the bytes hold `-` and `_`.
        let payload = b64url(&cbor);
        assert!(!payload.ends_with('='));
        let envelope =
            format!(r#"{{"format":"cbor_manifest","payload":"{payload}","signature":"YUjz_w"}}"#);
        let v: Value =
            serde_json::from_str(&encypher(envelope.as_bytes()).expect("claims")).expect("JSON");
        assert_eq!(
            v["payload"]["manifest"]["custom_metadata"]["ref"],
            "dossier 4471"
        );
        assert_eq!(v["payload"]["timestamp"], "2026-12-07T10:00:00Z");
        assert_eq!(v["payload"]["sig"], "h'fbff'");
        assert_eq!(v["signature"], "YUjz_w");
    }

    #[test]
    fn truncated_or_padded_cbor_stays_base64() {
        let cbor = manifest_cbor();
        for cut in 0..cbor.len() {
            assert_eq!(super::cbor(&cbor[..cut], &mut 0, 0), None, "cut at {cut}");
            let envelope = format!(
                r#"{{"format":"cbor_manifest","payload":"{}","signature":"x"}}"#,
                b64url(&cbor[..cut])
            );
            // A payload that is not one whole CBOR item is shown as it was written.
            let v: Value = serde_json::from_str(&encypher(envelope.as_bytes()).expect("claims"))
                .expect("JSON");
            assert!(v["payload"].is_string(), "cut at {cut}");
        }
        // Trailing bytes after the item: not a CBOR payload either.
        let mut longer = cbor.clone();
        longer.push(0);
        let envelope = format!(
            r#"{{"format":"cbor_manifest","payload":"{}","signature":"x"}}"#,
            b64url(&longer)
        );
        let v: Value =
            serde_json::from_str(&encypher(envelope.as_bytes()).expect("claims")).expect("JSON");
        assert!(v["payload"].is_string());
        // Lengths far beyond the data, and a map that claims 2^64 - 1 pairs, end in nothing.
        assert_eq!(
            super::cbor(
                &[0x7B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
                &mut 0,
                0
            ),
            None
        );
        assert_eq!(
            super::cbor(
                &[0xBB, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
                &mut 0,
                0
            ),
            None
        );
        assert_eq!(super::cbor(&[0x5F, 0x41], &mut 0, 0), None);
    }

    /// base64url without padding.
    fn b64url(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n =
                chunk.iter().fold(0u32, |n, &b| (n << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            }
        }
        out
    }

    #[test]
    fn hostile_bytes_end_in_nothing() {
        let mut rng = crate::testing::Rng::new(3);
        for _ in 0..2000 {
            let n = rng.below(64);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            let _ = claims(&bytes);
            let _ = cbor(&bytes, &mut 0, 0);
        }
        // Deep nesting stops at the limit.
        assert_eq!(cbor(&[0x81; 100], &mut 0, 0), None);
    }
}
