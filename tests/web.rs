//! The WebAssembly bindings' tests in a browser (`wasm-pack test --headless --chrome`): the
//! shared tests of `tests/wasm_common`, and the DOM: text nodes built with web-sys, scanned with
//! `scan_nodes`, and the (node, offset) positions turned into DOM Ranges.
#![cfg(target_arch = "wasm32")]

mod wasm_common;

use js_sys::Array;
use unmask::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use wasm_common::{assert_node_ranges, items, json};
use web_sys::{Document, Element, Node, Text};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The text nodes under `root`, in document order.
fn text_nodes(root: &Node, out: &mut Vec<Text>) {
    let children = root.child_nodes();
    for i in 0..children.length() {
        let child = children.item(i).unwrap();
        match child.dyn_into::<Text>() {
            Ok(text) => out.push(text),
            Err(other) => text_nodes(&other, out),
        }
    }
}

fn element(doc: &Document, tag: &str, children: &[&Node]) -> Element {
    let el = doc.create_element(tag).unwrap();
    for child in children {
        el.append_child(child).unwrap();
    }
    el
}

#[wasm_bindgen_test]
fn dom_text_nodes_map_back_to_the_right_characters() {
    let doc = document();
    // <p>😀 The hid⟨ZW×4⟩<b>⟨ZW×4⟩den</b> word, <i>isAdmin</i>⟨ZWSP⟩() 🏴󠁧󠁢󠁥󠁮󠁧󠁿</p>
    let t = |s: &str| Node::from(doc.create_text_node(s));
    let p = element(
        &doc,
        "p",
        &[
            &t("\u{1F600} The hid\u{200B}\u{200C}\u{200B}\u{200C}"),
            &element(&doc, "b", &[&t("\u{200B}\u{200C}\u{200C}\u{200B}den")]).into(),
            &t(" word, "),
            &element(&doc, "i", &[&t("isAdmin")]).into(),
            &t("\u{200B}() \u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"),
        ],
    );
    doc.body().unwrap().append_child(&p).unwrap();

    let mut nodes = Vec::new();
    text_nodes(&p, &mut nodes);
    assert_eq!(nodes.len(), 5);
    let texts: Array = nodes.iter().map(|n| JsValue::from(n.data())).collect();
    let report = json(&wasm::scan_nodes(texts.into(), JsValue::UNDEFINED).unwrap());
    let strings: Vec<String> = nodes.iter().map(|n| n.data()).collect();
    let strs: Vec<&str> = strings.iter().map(String::as_str).collect();
    assert_node_ranges(&strs, &report);

    let found = items(&report);
    assert!(found.len() >= 2, "{report}");
    let range_text = |item: &serde_json::Value| {
        let at = |k: &str| item[k].as_u64().unwrap() as u32;
        let range = doc.create_range().unwrap();
        range
            .set_start(&nodes[at("start_node") as usize], at("start_offset"))
            .unwrap();
        range
            .set_end(&nodes[at("end_node") as usize], at("end_offset"))
            .unwrap();
        String::from(range.to_string())
    };
    // Every range, built from the DOM nodes, holds exactly the characters the finding names.
    for item in &found {
        let text = range_text(item);
        let count = item["count"].as_u64().unwrap() as usize;
        assert_eq!(text.chars().count(), count, "{item}");
        for c in text.chars() {
            let label = format!("U+{:04X}", c as u32);
            assert!(
                item["chars"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|l| l == &label),
                "{label} not in {item}"
            );
        }
    }
    // The split run: from the first text node into the <b>.
    let run = found.iter().find(|f| f["count"] == 8).expect("the run");
    assert_eq!(run["start_node"], 0);
    assert_eq!(run["end_node"], 1);
    assert_eq!(range_text(run).encode_utf16().count(), 8);
    // The ZWSP after <i>isAdmin</i>: in the fourth text node, at offset 0.
    let zwsp = found
        .iter()
        .find(|f| f["start_node"] == 4)
        .expect("the ZWSP after isAdmin");
    assert_eq!(zwsp["start_offset"], 0);
    assert_eq!(range_text(zwsp), "\u{200B}");
    p.remove();
}
