//! The WebAssembly bindings (wasm32 only): a thin layer that gives JavaScript the core's
//! [`scan`](crate::scan) and [`clean`](crate::clean).
//!
//! Nothing here decides anything about text. This layer only
//! * reads the options object (`{lang?, sha256?, max_findings?, allow?: {chars?, rules?,
//!   kinds?}}`, `crate::js::ScanOptions`, which turns it into the core's options), turning bad
//!   options into a JavaScript `Error`;
//! * adds what JavaScript needs to the contract's report (`docs/report-format.md`): UTF-16 offsets
//!   (`start_utf16`/`end_utf16`, see [`crate::offsets`]) and, for `scan_nodes`, the positions
//!   in the text nodes a page's block is made of;
//! * returns plain JavaScript objects through serde-wasm-bindgen (objects, not `Map`s; `null`
//!   for absent values, as in the JSON report).
//!
//! What JavaScript gets is `crate::js`'s, which borrows from the core's
//! [`Report`](crate::Report): the core's types carry no binding concerns.
//! One call scans one whole block of text: the extension never calls in per text node.
//!
//! Strings come in as `JsString`s and are copied into WebAssembly memory by one
//! `TextEncoder.encodeInto` straight into the Rust buffer (`read_text`). wasm-bindgen's
//! default `&str` passing first copies the ASCII prefix in a JavaScript loop, one character at a
//! time (about 180 MB/s in Node 20, against 4 GB/s for `encodeInto` of ASCII): on plain English
//! the copy cost more than the scan. `scan_nodes` joins the nodes in JavaScript
//! (`Array.prototype.join`) and copies the whole block the same way, once.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use js_sys::{Array, Error, JsString, Object, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::js::{AllowOptions, ReportDto, ScanOptions};
use crate::offsets::NodeOffsets;
use crate::report::Kind;
use crate::Options;

/// The report of `scan_nodes`: the one composition of the generated types (`crate::js`) that
/// no Rust type spells.
#[wasm_bindgen(typescript_custom_section)]
const TS_NODES_REPORT: &str = r#"
/** A report of `scan_nodes`: offsets refer to the concatenation, and node positions are added. */
export type NodesReport = Report & {
  findings: Array<Finding & Place & NodeRange>;
  payloads: Array<Payload & Place & NodeRange>;
};
"#;

/// The types of what JavaScript gets, generated from the Rust types.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("js.d.ts");

/// Scans `text` and returns the report as a plain object, each finding and payload with
/// `start_utf16`/`end_utf16`. `options`: `{lang?, sha256?, max_findings?, allow?}` or
/// `undefined`.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn scan(
    text: &JsString,
    #[wasm_bindgen(unchecked_optional_param_type = "ScanOptions")] options: JsValue,
) -> Result<JsValue, Error> {
    init();
    let options = read_options(&options)?;
    let text = read_text(text, "scan")?;
    let report = crate::scan(&text, &options);
    to_js(&ReportDto::new(&report, &text, None))
}

/// Scans the text nodes of one block as one text (their concatenation, in order, so that a word
/// split across inline elements is seen whole). Offsets refer to the concatenation; every finding
/// and payload also gets `start_node`/`start_offset`/`end_node`/`end_offset` (node indexes into
/// `texts` and UTF-16 offsets inside those nodes). A range's start never lies at the end of a
/// node, nor its end at the start of one.
#[wasm_bindgen(unchecked_return_type = "NodesReport")]
pub fn scan_nodes(
    #[wasm_bindgen(unchecked_param_type = "string[]")] texts: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScanOptions")] options: JsValue,
) -> Result<JsValue, Error> {
    init();
    let options = read_options(&options)?;
    if !Array::is_array(&texts) {
        return Err(Error::new("unmask: scan_nodes expects an array of strings"));
    }
    let texts = Array::from(&texts);
    let mut lens = Vec::with_capacity(texts.length() as usize);
    for (i, node) in texts.iter().enumerate() {
        let Some(node) = node.dyn_ref::<JsString>() else {
            return Err(Error::new(&format!(
                "unmask: scan_nodes: texts[{i}] is not a string"
            )));
        };
        lens.push(node.length() as usize);
    }
    // One copy of the whole block: the nodes are joined in JavaScript.
    let joined = read_text(&texts.join(""), "scan_nodes")?;
    let nodes = NodeOffsets::from_utf16_lens(lens);
    let report = crate::scan(&joined, &options);
    to_js(&ReportDto::new(&report, &joined, Some(&nodes)))
}

/// The text with what a scan flags removed or normalised (the CLI's `unmask clean`).
#[wasm_bindgen]
pub fn clean(text: &JsString) -> Result<String, Error> {
    init();
    Ok(crate::clean(&read_text(text, "clean")?))
}

/// `{name, version, unicode}`: this build of unmask and the Unicode version of its tables.
#[wasm_bindgen(unchecked_return_type = "Tool")]
pub fn version() -> JsValue {
    init();
    to_js(&crate::TOOL).unwrap_or(JsValue::NULL)
}

#[wasm_bindgen]
extern "C" {
    /// The platform's `TextEncoder`, with `encodeInto` taking a `JsString` (web-sys's binding
    /// takes a `&str`, which would go through wasm-bindgen's copy first).
    #[wasm_bindgen(js_name = TextEncoder)]
    type Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Encoder;
    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encodeInto)]
    fn encode_into(this: &Encoder, source: &JsString, destination: &Uint8Array) -> Progress;

    /// What `encodeInto` answers: `{read, written}` (UTF-16 units read, bytes written).
    type Progress;
    #[wasm_bindgen(method, getter)]
    fn read(this: &Progress) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &Progress) -> u32;
}

thread_local! {
    static ENCODER: Encoder = Encoder::new();
}

/// Copies a JavaScript string into a Rust `String` with `TextEncoder.encodeInto` writing
/// straight into the `String`'s buffer in WebAssembly memory: one native copy, no JavaScript
/// loop. The first pass assumes one byte per UTF-16 unit (ASCII, the common case); what does
/// not fit is copied by a second pass into room for three bytes per remaining unit, the most a
/// UTF-16 unit takes in UTF-8. Lone surrogates become U+FFFD, as with wasm-bindgen's `&str`.
fn read_text(text: &JsString, what: &str) -> Result<String, Error> {
    if !text.is_string() {
        return Err(Error::new(&format!("unmask: {what} expects a string")));
    }
    let units = text.length();
    let mut buf: Vec<u8> = Vec::with_capacity(units as usize);
    let mut read = 0;
    let mut first = true;
    ENCODER.with(|encoder| {
        while read < units {
            let rest = if first {
                text.clone()
            } else {
                buf.reserve((units - read) as usize * 3);
                text.substring(read, units)
            };
            let spare = buf.spare_capacity_mut();
            // SAFETY: the view covers the vector's spare capacity, which stays where it is until
            // `set_len` (nothing allocates in WebAssembly memory meanwhile, so the memory does
            // not grow and the view stays valid); `encodeInto` writes at most its length.
            let progress = unsafe {
                let view = Uint8Array::view_mut_raw(spare.as_mut_ptr().cast::<u8>(), spare.len());
                encoder.encode_into(&rest, &view)
            };
            let written = (progress.written() as usize).min(spare.len());
            // SAFETY: `encodeInto` initialised the first `written` bytes of the spare capacity.
            unsafe { buf.set_len(buf.len() + written) };
            let step = progress.read();
            if step == 0 && !first {
                break; // cannot happen with room for 3 bytes a unit; never loop forever
            }
            first = false;
            read += step;
        }
    });
    // `encodeInto` writes well-formed UTF-8 (the Encoding Standard's UTF-8 encoder); checked all
    // the same, since a bad string here would be undefined behaviour in the core, with simd128
    // (std's check walks the text a byte at a time in WebAssembly).
    if simdutf8::basic::from_utf8(&buf).is_err() {
        return Err(Error::new(&format!("unmask: {what}: bad UTF-8")));
    }
    // SAFETY: `buf` was checked to be valid UTF-8 just above.
    Ok(unsafe { String::from_utf8_unchecked(buf) })
}

/// Panics become readable console messages in debug builds (a panic is a bug: the core is meant
/// never to panic, and in release it is an opaque `unreachable` trap).
fn init() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
}

/// The options JavaScript may pass ([`ScanOptions`]). Each is read by hand rather than through
/// serde: a deserializer would bring float formatting for its error messages (about 18 KB of the
/// module). Unknown fields are refused, so a misspelt option (`maxFindings`) is an error rather
/// than silently ignored; `undefined` and `null` mean the default.
const OPTIONS_SHAPE: &str = "expected undefined or {lang?: \"en\" | \"zh-CN\", sha256?: boolean, \
     max_findings?: number, allow?: {chars?: string[], rules?: string[], kinds?: Kind[]}}";

fn read_options(value: &JsValue) -> Result<Options, Error> {
    let invalid = |what: &str| {
        Error::new(&format!(
            "unmask: invalid options ({what}): {OPTIONS_SHAPE}"
        ))
    };
    let mut options = ScanOptions::default();
    let fields = ["lang", "sha256", "max_findings", "allow"];
    read_fields(value, "options", &fields, |name, given| {
        match name {
            "lang" => {
                options.lang = Some(
                    given
                        .as_string()
                        .ok_or_else(|| invalid("lang is not a string"))?,
                )
            }
            "sha256" => {
                options.sha256 = Some(
                    given
                        .as_bool()
                        .ok_or_else(|| invalid("sha256 is not a boolean"))?,
                )
            }
            "max_findings" => {
                let n = given
                    .as_f64()
                    .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
                    .ok_or_else(|| invalid("max_findings is not a whole number from 0"))?;
                options.max_findings = Some(n as usize);
            }
            "allow" => {
                let mut allow = AllowOptions::default();
                read_fields(
                    &given,
                    "allow",
                    &["chars", "rules", "kinds"],
                    |name, given| {
                        let list = Some(strings(&given).ok_or_else(|| {
                            invalid(&format!("allow.{name} is not an array of strings"))
                        })?);
                        match name {
                            "chars" => allow.chars = list,
                            "rules" => allow.rules = list,
                            _ => allow.kinds = list,
                        }
                        Ok(())
                    },
                )?;
                options.allow = Some(allow);
            }
            _ => {}
        }
        Ok(())
    })?;
    options
        .into_options()
        .map_err(|e| Error::new(&format!("unmask: {e}")))
}

/// Reads each field of the object `value` (`what`: its name in messages) with `read`. A field
/// not in `known` is an error, even when unset, as is a value that is not an object; fields set
/// to `undefined` or `null` are not read (the default), and `undefined` or `null` for `value`
/// itself means no fields.
fn read_fields(
    value: &JsValue,
    what: &str,
    known: &[&str],
    mut read: impl FnMut(&str, JsValue) -> Result<(), Error>,
) -> Result<(), Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(());
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(Error::new(&format!(
            "unmask: {what} must be an object: {OPTIONS_SHAPE}"
        )));
    }
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        let given = js_sys::Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
        if !known.contains(&name.as_str()) {
            let field = if what == "options" {
                name
            } else {
                format!("{what}.{name}")
            };
            return Err(Error::new(&format!(
                "unmask: unknown option \"{field}\": {OPTIONS_SHAPE}"
            )));
        }
        if !(given.is_undefined() || given.is_null()) {
            read(&name, given)?;
        }
    }
    Ok(())
}

/// The strings of the JavaScript array `value`, or `None` when it is not an array of strings.
fn strings(value: &JsValue) -> Option<Vec<String>> {
    if !Array::is_array(value) {
        return None;
    }
    Array::from(value).iter().map(|s| s.as_string()).collect()
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value
        .serialize(&serializer)
        .map_err(|e| Error::new(&format!("unmask: could not convert the report: {e}")))
}

/// The Unicode name of each code point of `code_points` (`"ZERO WIDTH SPACE"` for `0x200B`),
/// `null` where the core has none (a surrogate, a number past U+10FFFF, a character its tables
/// do not name). The extension's cards, chips and popup name characters with these, so that no
/// face keeps a second table of Unicode names: the names are the core's
/// ([`crate::catalogue::name`]).
#[wasm_bindgen(unchecked_return_type = "(string | null)[]")]
pub fn char_names(code_points: &[u32]) -> Array {
    init();
    code_points
        .iter()
        .map(|&cp| {
            char::from_u32(cp)
                .and_then(crate::catalogue::name)
                .map_or(JsValue::NULL, JsValue::from_str)
        })
        .collect()
}

/// The contract's names of every kind of finding, in the core's order: what `allow.kinds` takes,
/// and the list the extension's kind switches are made from (no face keeps a list of its own).
#[wasm_bindgen(unchecked_return_type = "Kind[]")]
pub fn kinds() -> Array {
    Kind::ALL
        .iter()
        .map(|k| JsValue::from_str(k.as_str()))
        .collect()
}
