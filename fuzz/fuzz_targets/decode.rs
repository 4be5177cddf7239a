//! The payload decoders on any text: candidates in bounds, on character boundaries, sorted.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/checks/mod.rs"]
mod checks;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    checks::candidates(&text, &unmask::decode::decode(&text), "decode::decode");
});
