//! Tests of the WebAssembly bindings shared by `tests/node.rs` (run in node) and `tests/web.rs`
//! (run in headless Chromium): each file is one test binary with its own runner configuration.

#![allow(dead_code)]

use js_sys::{Array, JsString, JSON};
use serde_json::Value;
use unmask::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// Texts with astral characters (surrogate pairs in JavaScript) before and among the findings.
pub const ASTRAL_TEXTS: &[&str] = &[
    // An emoji before a zero-width space inside a word.
    "\u{1F600} x\u{200B}y \u{1F44D}\u{1F3FD} z",
    // Tag characters (U+E00xx, two UTF-16 units each) spelling "hi there" after an emoji.
    "Hello \u{1F642}\u{E0068}\u{E0069}\u{E0020}\u{E0074}\u{E0068}\u{E0065}\u{E0072}\u{E0065} world",
    // A family (ZWJ sequence) and the flag of England before a hidden character.
    "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} \u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F} isAdmin\u{200B}()",
    include_str!("../fixtures/sample.txt"),
];

/// A JavaScript value from JSON.
pub fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

/// A JavaScript value as JSON, to inspect it.
pub fn json(value: &JsValue) -> Value {
    serde_wasm_bindgen::from_value(value.clone()).unwrap()
}

fn num(v: &Value) -> usize {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}")) as usize
}

/// Every finding and payload of a report.
pub fn items(report: &Value) -> Vec<&Value> {
    let list = |k: &str| report[k].as_array().unwrap().iter();
    list("findings").chain(list("payloads")).collect()
}

/// Checks that each item's UTF-16 range selects, in the JavaScript string, exactly what its byte
/// range selects in the Rust string.
pub fn assert_utf16_ranges(text: &str, report: &Value) {
    let js_text = JsString::from(text);
    for item in items(report) {
        let (start, end) = (num(&item["start"]), num(&item["end"]));
        let (s16, e16) = (num(&item["start_utf16"]), num(&item["end_utf16"]));
        assert_eq!(s16, text[..start].encode_utf16().count(), "{item}");
        assert_eq!(e16, text[..end].encode_utf16().count(), "{item}");
        let sliced: String = js_text.slice(s16 as u32, e16 as u32).into();
        assert_eq!(sliced, text[start..end], "{item}");
    }
}

/// Checks that each item's node range selects, across the node texts, what its UTF-16 range
/// selects in their concatenation.
pub fn assert_node_ranges(texts: &[&str], report: &Value) {
    let joined = JsString::from(texts.concat());
    let nodes: Vec<JsString> = texts.iter().map(|&t| JsString::from(t)).collect();
    for item in items(report) {
        let (sn, so) = (num(&item["start_node"]), num(&item["start_offset"]) as u32);
        let (en, eo) = (num(&item["end_node"]), num(&item["end_offset"]) as u32);
        assert!((sn, so) <= (en, eo), "{item}");
        let mut got = String::new();
        for (i, node) in nodes.iter().enumerate().take(en + 1).skip(sn) {
            let from = if i == sn { so } else { 0 };
            let to = if i == en { eo } else { node.length() };
            assert!(from <= to && to <= node.length(), "{item}");
            got.push_str(&String::from(node.slice(from, to)));
        }
        let (s16, e16) = (num(&item["start_utf16"]), num(&item["end_utf16"]));
        let want: String = joined.slice(s16 as u32, e16 as u32).into();
        assert_eq!(got, want, "{item}");
    }
}

pub fn scan(text: &str, options: &str) -> Value {
    json(&wasm::scan(&text.into(), js(options)).unwrap())
}

pub fn scan_nodes(texts: &[&str], options: &str) -> Value {
    let array: Array = texts.iter().map(|&t| JsValue::from(t)).collect();
    json(&wasm::scan_nodes(array.into(), js(options)).unwrap())
}

#[wasm_bindgen_test]
fn utf16_offsets_around_astral_characters() {
    for text in ASTRAL_TEXTS {
        let report = scan(text, "{}");
        assert!(!report["findings"].as_array().unwrap().is_empty(), "{text}");
        assert_utf16_ranges(text, &report);
    }
}

#[wasm_bindgen_test]
fn utf16_offsets_of_a_tag_run_cover_the_surrogate_pairs() {
    let text = ASTRAL_TEXTS[1];
    let report = scan(text, "{}");
    let tag = items(&report)
        .into_iter()
        .find(|f| f["kind"] == "tag")
        .expect("a tag finding");
    // "Hello " (6) + U+1F642 (2 units): the tags start at 8 and take 2 units each.
    assert_eq!(tag["start_utf16"], 8);
    assert_eq!(tag["end_utf16"], 8 + 2 * 8);
}

#[wasm_bindgen_test]
fn options_default_and_undefined_are_the_same() {
    let a = json(&wasm::scan(&ASTRAL_TEXTS[0].into(), JsValue::UNDEFINED).unwrap());
    let b = json(&wasm::scan(&ASTRAL_TEXTS[0].into(), JsValue::NULL).unwrap());
    assert_eq!(a, b);
    assert_eq!(a, scan(ASTRAL_TEXTS[0], "{}"));
}

#[wasm_bindgen_test]
fn a_payload_split_across_nodes_is_scanned_as_one() {
    // `hid<b>den</b>` with a zero-width run in both text nodes, after an emoji.
    let texts = [
        "\u{1F600} The hid\u{200B}\u{200C}\u{200B}\u{200C}",
        "\u{200B}\u{200C}\u{200C}\u{200B}den",
        " word.",
    ];
    let report = scan_nodes(&texts, "{}");
    assert_node_ranges(&texts, &report);
    assert_utf16_ranges(&texts.concat(), &report);
    let run = items(&report)
        .into_iter()
        .find(|f| f["kind"] == "zero-width")
        .expect("a zero-width finding");
    // One finding for the whole run: from node 0 (after "😀 The hid": 2 + 8 units) to node 1.
    assert_eq!(run["count"], 8);
    assert_eq!(
        (&run["start_node"], &run["start_offset"]),
        (&Value::from(0), &Value::from(10))
    );
    assert_eq!(
        (&run["end_node"], &run["end_offset"]),
        (&Value::from(1), &Value::from(4))
    );
    // Offsets of the concatenation are there too.
    assert_eq!(run["start_utf16"], 10);
    assert_eq!(run["end_utf16"], 18);
}

#[wasm_bindgen_test]
fn scan_nodes_with_one_node_agrees_with_scan() {
    for text in ASTRAL_TEXTS {
        let one = scan(text, "{}");
        let nodes = scan_nodes(&[text], "{}");
        assert_node_ranges(&[text], &nodes);
        assert_eq!(items(&one).len(), items(&nodes).len());
        for (a, b) in items(&one).into_iter().zip(items(&nodes)) {
            assert_eq!(a["start_utf16"], b["start_utf16"]);
            assert_eq!(b["start_node"], 0);
            assert_eq!(a["start_utf16"], b["start_offset"]);
            assert_eq!(a["end_utf16"], b["end_offset"]);
        }
    }
}

#[wasm_bindgen_test]
fn scan_nodes_handles_empty_input_and_empty_nodes() {
    let report = scan_nodes(&[], "{}");
    assert_eq!(report["verdict"], "clean");
    let texts = ["", "x\u{200B}", "", "y", ""];
    let report = scan_nodes(&texts, "{}");
    assert_node_ranges(&texts, &report);
}

#[track_caller]
fn error_message(result: Result<JsValue, js_sys::Error>) -> String {
    let err = result.expect_err("an error");
    let value = JsValue::from(err);
    // What JavaScript catches is an Error object, not a string.
    assert!(value.is_instance_of::<js_sys::Error>());
    assert!(!value.is_string());
    String::from(js_sys::Error::from(value).message())
}

#[wasm_bindgen_test]
fn bad_options_reach_javascript_as_errors() {
    let msg = error_message(wasm::scan(&"x".into(), JsValue::from(5)));
    assert!(msg.contains("options must be an object"), "{msg}");
    let msg = error_message(wasm::scan(&"x".into(), JsValue::from("en")));
    assert!(msg.contains("options must be an object"), "{msg}");
    let msg = error_message(wasm::scan(&"x".into(), js(r#"{"lang": "fr"}"#)));
    assert!(msg.contains("unknown lang \"fr\""), "{msg}");
    let msg = error_message(wasm::scan(&"x".into(), js(r#"{"lang": 7}"#)));
    assert!(msg.contains("invalid options"), "{msg}");
    let msg = error_message(wasm::scan(&"x".into(), js(r#"{"maxFindings": 3}"#)));
    assert!(msg.contains("unknown option \"maxFindings\""), "{msg}");
    let msg = error_message(wasm::scan(&"x".into(), js(r#"{"max_findings": -1}"#)));
    assert!(msg.contains("invalid options"), "{msg}");
    let msg = error_message(wasm::scan(&"x".into(), js(r#"{"sha256": "yes"}"#)));
    assert!(msg.contains("invalid options"), "{msg}");
    let msg = error_message(wasm::scan_nodes(JsValue::from("x"), JsValue::UNDEFINED));
    assert!(msg.contains("array of strings"), "{msg}");
    let msg = error_message(wasm::scan_nodes(js(r#"["a", 1]"#), JsValue::UNDEFINED));
    assert!(msg.contains("texts[1] is not a string"), "{msg}");
    // A number where the text goes: JavaScript does not check the type of a `string` parameter.
    let number = JsValue::from(5).unchecked_into::<js_sys::JsString>();
    let msg = error_message(wasm::scan(&number, JsValue::UNDEFINED));
    assert!(msg.contains("scan expects a string"), "{msg}");
    let err = wasm::clean(&number).expect_err("an error");
    assert!(String::from(err.message()).contains("clean expects a string"));
}

/// The text reaches the core intact whatever its mix of 1-, 2-, 3- and 4-byte characters (the
/// copy into WebAssembly memory guesses one byte a UTF-16 unit first, then makes room).
#[wasm_bindgen_test]
fn texts_of_every_width_are_copied_whole() {
    let long_cjk = "\u{4e2d}\u{6587}".repeat(5000);
    let long_mixed = format!(
        "{}x\u{200B}y{}",
        "ascii ".repeat(3000),
        "\u{e9}\u{1F600}".repeat(2000)
    );
    let texts = [
        "",
        "a",
        "\u{4e2d}",
        "\u{1F600}",
        "\u{e9}",
        "x\u{200B}",
        "\u{200B}",
        long_cjk.as_str(),
        long_mixed.as_str(),
    ];
    for text in texts {
        let report = scan(text, "{}");
        assert_eq!(
            report["bytes"],
            text.len(),
            "{:?}",
            &text[..text.len().min(20)]
        );
        assert_eq!(wasm::clean(&text.into()).unwrap(), unmask::clean(text));
        assert_utf16_ranges(text, &report);
    }
    let report = scan(&long_mixed, "{}");
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["chars"][0] == "U+200B"));
    // A lone surrogate becomes U+FFFD, as TextEncoder makes it.
    let lone = js_sys::JsString::from_char_code(&[0x61, 0xD800, 0x62]);
    let report = json(&wasm::scan(&lone, JsValue::UNDEFINED).unwrap());
    assert_eq!(report["bytes"], 5);
    assert_eq!(wasm::clean(&lone).unwrap(), "a\u{FFFD}b");
}

#[wasm_bindgen_test]
fn lang_switches_the_explanations() {
    let text = "isAdmin\u{200B}() x";
    let en = scan(text, "{}");
    let zh = scan(text, r#"{"lang": "zh-CN"}"#);
    let explanation = |r: &Value| r["findings"][0]["explanation"].as_str().unwrap().to_owned();
    assert!(explanation(&en).contains("inside or beside the word"));
    assert_eq!(
        explanation(&en),
        explanation(&scan(text, r#"{"lang": "en"}"#))
    );
    let zh_text = explanation(&zh);
    assert_ne!(zh_text, explanation(&en));
    assert!(
        zh_text
            .chars()
            .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
        "{zh_text}"
    );
    // Everything but the explanations stays the same.
    assert_eq!(en["findings"][0]["rule"], zh["findings"][0]["rule"]);
    assert_eq!(
        en["findings"][0]["start_utf16"],
        zh["findings"][0]["start_utf16"]
    );
}

#[wasm_bindgen_test]
fn sha256_only_when_asked() {
    assert_eq!(scan("abc", "{}")["sha256"], Value::Null);
    assert_eq!(
        scan("abc", r#"{"sha256": true}"#)["sha256"],
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[wasm_bindgen_test]
fn max_findings_caps_the_list() {
    let text = "a\u{200B}b c\u{200B}d e\u{200B}f";
    let all = scan(text, "{}");
    assert!(all["findings"].as_array().unwrap().len() >= 2);
    let capped = scan(text, r#"{"max_findings": 1}"#);
    assert_eq!(capped["findings"].as_array().unwrap().len(), 1);
    assert_eq!(capped["truncated"], true);
    assert_eq!(capped["verdict"], all["verdict"]);
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[wasm_bindgen_test]
fn the_report_is_the_contract_plus_utf16_offsets() {
    let text = include_str!("../fixtures/sample.txt");
    let native = serde_json::to_value(unmask::scan(
        text,
        &unmask::Options {
            sha256: false,
            ..Default::default()
        },
    ))
    .unwrap();
    let report = scan(text, "{}");
    assert_eq!(keys(&report), keys(&native));
    for list in ["findings", "payloads"] {
        let (ours, theirs) = (
            report[list].as_array().unwrap(),
            native[list].as_array().unwrap(),
        );
        assert_eq!(ours.len(), theirs.len());
        for (a, b) in ours.iter().zip(theirs) {
            let mut want = keys(b);
            want.extend(["end_utf16".to_owned(), "start_utf16".to_owned()]);
            want.sort();
            assert_eq!(keys(a), want);
            for k in keys(b) {
                if k == "confidence" {
                    let (x, y) = (a[&k].as_f64().unwrap(), b[&k].as_f64().unwrap());
                    assert!((x - y).abs() < 1e-6, "{x} {y}");
                } else {
                    assert_eq!(a[&k], b[&k], "{k}");
                }
            }
        }
    }
    assert_eq!(report["tool"], native["tool"]);
    assert_eq!(report["verdict"], native["verdict"]);
    assert_eq!(report["source"], Value::Null);
}

#[wasm_bindgen_test]
fn version_and_clean() {
    let v = json(&wasm::version());
    assert_eq!(v["name"], "unmask");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["unicode"], "16.0.0");
    let text = "x\u{200B}y \u{1F600}";
    assert_eq!(wasm::clean(&text.into()).unwrap(), unmask::clean(text));
    assert!(!wasm::clean(&text.into()).unwrap().contains('\u{200B}'));
}
