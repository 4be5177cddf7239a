//! `diff` of the input's two halves: offsets in bounds in both copies; a copy against itself
//! differs in nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/checks/mod.rs"]
mod checks;

fuzz_target!(|bytes: &[u8]| {
    let (a, b) = bytes.split_at(bytes.len() / 2);
    checks::diff(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b));
});
